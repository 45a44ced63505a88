import Foundation

extension Report {
  /// What the report's long lists are made from, when they are read: the summary, how dates
  /// are shown and who is redacted.
  ///
  /// An archive of 100,000 sessions has about 250,000 lessons: held as rows (twice, by
  /// session and in order) they were the largest part of a report; made a row at a time as
  /// a document is written they take no memory of their own.
  final class RowSource: Sendable {
    let summary: LessonsSummary
    let dates: ReportDates
    let redactor: Redactor?
    /// The lessons of a session id that more than one session has (a copied transcript).
    let shared: [String: [Range<Int>]]
    /// The lessons of every item, one item's after another (``ItemRecord/members``).
    let members: [Int32]

    /// Where answers are read, and the last few hundred sessions' answers read.
    let answers: (any LessonAnswerSource)?
    private let cache = AnswerCache()

    init(
      _ summary: LessonsSummary, dates: ReportDates, redactor: Redactor?,
      answers: (any LessonAnswerSource)?, members: [Int32]
    ) {
      self.summary = summary
      self.dates = dates
      self.redactor = redactor
      self.answers = answers
      self.members = members
      var seen: Set<String> = []
      var repeated: Set<String> = []
      let sessions = summary.sessions
      for index in sessions.indices where !seen.insert(sessions.id(index)).inserted {
        repeated.insert(sessions.id(index))
      }
      var shared: [String: [Range<Int>]] = [:]
      if !repeated.isEmpty {
        for session in summary.sessions where repeated.contains(session.id) {
          shared[session.id, default: []].append(session.lessons)
        }
      }
      self.shared = shared
    }

    func redact(_ text: String) -> String { redactor?.redact(text) ?? text }

    /// The anchor of a session's entry in the list of sources.
    func anchor(_ session: String) -> String {
      if SessionID(session) != nil { return "session-\(session)" }
      // Not an id (never so in a digest): numbered by its first place in the list.
      let place = summary.sessions.firstIndex { $0.id == session } ?? 0
      return "session-\(place + 1)"
    }

    /// The item a cluster of lessons makes: every wording and source, or (`cited`) only the
    /// sources a document links, and no wordings.
    func item(_ record: ItemRecord, cited: Int? = nil) -> Item {
      let lessons = summary.lessons
      let members = self.members[record.members]
      var sources: [Source] = []
      var listed: Set<String> = []
      for member in members where listed.insert(lessons.session(Int(member))).inserted {
        if let cited, sources.count == cited { break }
        let session = lessons.session(Int(member))
        sources.append(
          Source(
            session: session, anchor: anchor(session),
            date: dates.date(lessons.date(Int(member))),
            number: lessons.sessionNumber(Int(member)) + 1))
      }
      return Item(
        text: redact(lessons.text(record.newest)),
        wordings: cited == nil ? members.map { redact(lessons.text(Int($0))) } : [],
        count: record.count,
        firstDate: record.firstDate, lastDate: record.lastDate, proposed: record.proposed,
        theme: record.theme, sources: sources, strength: record.strength)
    }

    func lesson(_ index: Int) -> Lesson {
      let entry = summary.lessons[index]
      return Lesson(
        number: index + 1, text: redact(entry.text), theme: entry.theme,
        themeTitle: summary.title(entry.theme), date: dates.date(entry.date),
        session: entry.session, line: entry.line,
        origin: entry.origin == .proposed ? "proposed" : "typed", question: entry.question,
        answer: (answers == nil ? entry.answer : answer(index)).map(redact))
    }

    /// The answer lesson `index` echoes, from ``answers``: documents write lessons in order,
    /// so the answers of the few hundred sessions around it are read at once.
    private func answer(_ index: Int) -> String? {
      guard let answers else { return nil }
      let session = summary.lessons.sessionNumber(index)
      let offset = index - summary.sessions[session].lessons.lowerBound
      let read = cache.answers(of: session) { first in
        let end = min(first + AnswerCache.sessions, summary.sessions.count)
        return answers.answers(summary.sessions[first..<end].map { $0.file ?? -1 })
      }
      guard let read, offset < read.count else { return nil }
      return read[offset]
    }

    /// The answers of the last few windows of sessions read (a document's pieces are made
    /// on every core at once, each within one window).
    final class AnswerCache: @unchecked Sendable {
      /// Sessions read at once, from a multiple of this.
      static let sessions = 256
      private static let windows = 8
      private let lock = NSLock()
      private var windows: [(first: Int, answers: [[String?]?])] = []

      /// The answers of `session`, its window read with `read` (given its first session)
      /// when not kept.
      func answers(of session: Int, read: (Int) -> [[String?]?]) -> [String?]? {
        let first = session / Self.sessions * Self.sessions
        if let kept = lock.withLock({ windows.first { $0.first == first } }) {
          return kept.answers[session - first]
        }
        // Read without holding the others up (each core's pieces are in windows of their
        // own); a window two read at once is kept once.
        let answers = read(first)
        lock.withLock {
          guard !windows.contains(where: { $0.first == first }) else { return }
          if windows.count == Self.windows { windows.removeFirst() }
          windows.append((first, answers))
        }
        return answers[session - first]
      }
    }

    func session(_ index: Int) -> Session {
      let session = summary.sessions[index]
      return Session(
        id: session.id, anchor: anchor(session.id), date: dates.date(session.date),
        pack: session.pack, packTitle: session.packTitle, subject: session.subject.map(redact),
        tags: session.tags, lessons: LessonRows(self, shared[session.id] ?? [session.lessons]))
    }
  }

  /// Lessons as written, each row made when it is read.
  public struct LessonRows: RandomAccessCollection, Sendable, Encodable, Equatable {
    let source: RowSource
    /// The summary's lessons, in order.
    let ranges: [Range<Int>]
    public let endIndex: Int

    init(_ source: RowSource, _ ranges: [Range<Int>]) {
      self.source = source
      self.ranges = ranges
      endIndex = ranges.reduce(0) { $0 + $1.count }
    }

    public var startIndex: Int { 0 }

    public subscript(position: Int) -> Lesson {
      var offset = position
      for range in ranges {
        if offset < range.count {
          return source.lesson(range.lowerBound + offset)
        }
        offset -= range.count
      }
      preconditionFailure("lesson \(position) is out of range")
    }

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.unkeyedContainer()
      for lesson in self { try container.encode(lesson) }
    }

    public static func == (left: Self, right: Self) -> Bool { left.elementsEqual(right) }
  }

  /// The sessions lessons came from, each row made when it is read.
  public struct SessionRows: RandomAccessCollection, Sendable, Encodable, Equatable {
    let source: RowSource

    public var startIndex: Int { 0 }
    public var endIndex: Int { source.summary.sessions.count }
    public subscript(position: Int) -> Session { source.session(position) }

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.unkeyedContainer()
      for session in self { try container.encode(session) }
    }

    public static func == (left: Self, right: Self) -> Bool { left.elementsEqual(right) }
  }
}

extension Report {
  /// A cluster of lessons as the report keeps it until an ``Item`` is made of it: numbers,
  /// and the two dates compared when sorting.
  struct ItemRecord: Sendable {
    /// Its lessons, in ``RowSource/members``.
    var members: Range<Int>
    /// The lesson whose wording is shown.
    var newest: Int
    /// Sessions it was written in.
    var count: Int
    var firstDate: ReportDate
    var lastDate: ReportDate
    var proposed: Bool
    var theme: String
    var strength: Int
  }

  /// Items (clusters of lessons), each made when read.
  public struct ItemRows: RandomAccessCollection, Sendable, Encodable, Equatable {
    let source: RowSource
    let records: [ItemRecord]
    /// Sources kept per item (`nil`: all, with every wording).
    var cited: Int?

    init(source: RowSource, records: [ItemRecord], cited: Int? = nil) {
      self.source = source
      self.records = records
      self.cited = cited
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { records.count }
    public subscript(position: Int) -> Item { source.item(records[position], cited: cited) }

    /// The items as a document lists them, each with only its first sources.
    ///
    /// Each has its first `sources` sources (of ``Item/count``) and no wordings: a lesson
    /// written in thousands of sessions is made in no time.
    public func cited(_ sources: Int) -> ItemRows {
      ItemRows(source: source, records: records, cited: sources)
    }

    /// The first `count` items that pass `include`.
    func first(_ count: Int, where include: (ItemRecord) -> Bool) -> ItemRows {
      var chosen: [ItemRecord] = []
      for record in records where chosen.count < count && include(record) {
        chosen.append(record)
      }
      return ItemRows(source: source, records: chosen, cited: cited)
    }

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.unkeyedContainer()
      for item in self { try container.encode(item) }
    }

    public static func == (left: Self, right: Self) -> Bool { left.elementsEqual(right) }
  }
}
