import Foundation

extension LessonsReport {
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

    init(_ summary: LessonsSummary, dates: ReportDates, redactor: Redactor?) {
      self.summary = summary
      self.dates = dates
      self.redactor = redactor
      var seen: Set<String> = []
      var repeated: Set<String> = []
      for session in summary.sessions where !seen.insert(session.id).inserted {
        repeated.insert(session.id)
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

    func lesson(_ index: Int) -> Lesson {
      let entry = summary.lessons[index]
      return Lesson(
        number: index + 1, text: redact(entry.text), theme: entry.theme,
        themeTitle: summary.title(entry.theme), date: dates.day(entry.date),
        session: entry.session, line: entry.line,
        origin: entry.origin == .proposed ? "proposed" : "typed", question: entry.question,
        answer: entry.answer.map(redact))
    }

    func session(_ index: Int) -> Session {
      let session = summary.sessions[index]
      return Session(
        id: session.id, anchor: anchor(session.id), date: dates.day(session.date),
        pack: session.pack, packTitle: session.packTitle,
        lessons: LessonRows(self, shared[session.id] ?? [session.lessons]))
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
