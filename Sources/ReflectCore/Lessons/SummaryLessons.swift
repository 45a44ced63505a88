import Foundation

extension LessonsSummary {
  /// The lessons of a summary, in the order added, kept compact.
  ///
  /// Texts are in one buffer, terms as numbers in another, sessions, themes and questions
  /// as numbers into tables of their own. Each ``Entry`` is made when read.
  ///
  /// At 100,000 sessions (about 250,000 lessons) an entry of strings and arrays took about
  /// 560 bytes; these take about 130 (most of it the text itself).
  public struct Lessons: RandomAccessCollection, Sendable {
    private var sessions: [Int32] = []
    private var lines: [Int32] = []
    private var numbers: [Int32] = []
    private var dates: [Double] = []
    private var themes: [Int32] = []
    private var questions: [Int32] = []
    private var proposed: [Bool] = []
    /// Texts, in pieces of a megabyte or so (one buffer grown by doubling would hold up to
    /// twice what it needs, and three times while it is copied).
    private var textPieces: [[UInt8]] = []
    /// Where each text is: its piece (high 32 bits) and place in it; and its length.
    private var textPlaces: [Int] = []
    private var textLengths: [Int32] = []
    /// The answers lessons echo, of the lessons added with one (reports made from the index
    /// read them back instead).
    private var answers: [Int: String] = [:]
    /// Every lesson's terms, distinct and sorted by number, one after another.
    private(set) var termPool: [Int32] = []
    private var termEnds: [Int] = []
    /// The number of each term (in the order first met).
    private(set) var termNumbers: [String: Int32] = [:]
    /// Session ids, themes and question texts the lessons name.
    private var sessionIDs: [String] = []
    private var names: [String] = []
    private var nameNumbers: [String: Int32] = [:]

    public var startIndex: Int { 0 }
    public var endIndex: Int { dates.count }

    public subscript(position: Int) -> Entry {
      Entry(
        session: session(position), line: Int(lines[position]), date: date(position),
        number: Int(numbers[position]), text: text(position), theme: theme(position),
        origin: proposed[position] ? .proposed : .typed,
        question: questions[position] < 0 ? nil : names[Int(questions[position])],
        answer: answers[position])
    }

    /// The id of the session a lesson was written in.
    public func session(_ position: Int) -> String { sessionIDs[Int(sessions[position])] }
    /// Its place among the sessions added that have lessons.
    func sessionNumber(_ position: Int) -> Int { Int(sessions[position]) }
    public func date(_ position: Int) -> Date {
      Date(timeIntervalSinceReferenceDate: dates[position])
    }
    public func text(_ position: Int) -> String {
      let place = textPlaces[position]
      let start = place & 0xFFFF_FFFF
      return String(
        decoding: textPieces[place >> 32][start..<start + Int(textLengths[position])],
        as: UTF8.self)
    }
    public func theme(_ position: Int) -> String { names[Int(themes[position])] }
    public func answer(_ position: Int) -> String? { answers[position] }

    /// Makes room for `count` more lessons, so that the lists are not grown by doubling.
    mutating func reserve(_ count: Int) {
      let total = dates.count + count
      sessions.reserveCapacity(total)
      lines.reserveCapacity(total)
      numbers.reserveCapacity(total)
      dates.reserveCapacity(total)
      themes.reserveCapacity(total)
      questions.reserveCapacity(total)
      proposed.reserveCapacity(total)
      textPlaces.reserveCapacity(total)
      textLengths.reserveCapacity(total)
      termEnds.reserveCapacity(total)
      termPool.reserveCapacity(termPool.count + count * 6)
    }

    private static let pieceSize = 1 << 20
    public func isProposed(_ position: Int) -> Bool { proposed[position] }
    /// Its terms as numbers, sorted.
    func terms(_ position: Int) -> ArraySlice<Int32> {
      termPool[(position == 0 ? 0 : termEnds[position - 1])..<termEnds[position]]
    }

    private mutating func name(_ text: String) -> Int32 {
      if let number = nameNumbers[text] { return number }
      let number = Int32(names.count)
      names.append(text)
      nameNumbers[text] = number
      return number
    }

    /// Starts the lessons of another session.
    mutating func startSession(_ id: String) { sessionIDs.append(id) }

    /// Adds a lesson of the session started last; `terms` are its ``TextSimilarity`` terms.
    mutating func append(
      _ lesson: SessionDigest.Lesson, question: String?
    ) {
      sessions.append(Int32(sessionIDs.count - 1))
      lines.append(Int32(clamping: lesson.line))
      numbers.append(Int32(clamping: lesson.number))
      dates.append(lesson.date.timeIntervalSinceReferenceDate)
      themes.append(name(lesson.theme))
      questions.append(question.map { name($0) } ?? -1)
      proposed.append(lesson.origin == .proposed)
      let utf8 = lesson.text.utf8
      if textPieces.isEmpty
        || textPieces[textPieces.count - 1].count + utf8.count > Self.pieceSize
      {
        var piece: [UInt8] = []
        piece.reserveCapacity(Swift.max(Self.pieceSize, utf8.count))
        textPieces.append(piece)
      }
      let last = textPieces.count - 1
      textPlaces.append(last << 32 | textPieces[last].count)
      textLengths.append(Int32(clamping: utf8.count))
      textPieces[last].append(contentsOf: utf8)
      if let answer = lesson.answer { answers[dates.count - 1] = answer }
      var numbered: [Int32] = []
      for term in lesson.terms {
        if let number = termNumbers[term] {
          numbered.append(number)
        } else {
          let number = Int32(termNumbers.count)
          termNumbers[term] = number
          numbered.append(number)
        }
      }
      termPool.append(contentsOf: numbered.sorted())
      termEnds.append(termPool.count)
    }
  }
}

extension LessonsSummary {
  /// The sessions that have lessons, in the order added, kept as numbers (their ids are the
  /// lessons' own table); each ``SessionInfo`` is made when read.
  public struct Sessions: RandomAccessCollection, Sendable {
    private var ids: [String] = []
    private var dates: [Double] = []
    private var packs: [Int32] = []
    private var firstLessons: [Int] = []
    private var lessonEnds: [Int] = []
    private var files: [Int] = []
    /// Subjects (`nil`: none given) and tags (joined by spaces: a tag has none).
    private var subjects: [String?] = []
    private var tags: [String] = []
    /// Pack ids and titles, each pair once.
    private var packTable: [(id: String, title: String)] = []
    private var packNumbers: [String: Int32] = [:]

    public var startIndex: Int { 0 }
    public var endIndex: Int { dates.count }

    public subscript(position: Int) -> SessionInfo {
      let pack = packTable[Int(packs[position])]
      return SessionInfo(
        id: ids[position], date: Date(timeIntervalSinceReferenceDate: dates[position]),
        pack: pack.id, packTitle: pack.title,
        lessons: firstLessons[position]..<lessonEnds[position],
        file: files[position] < 0 ? nil : files[position], subject: subjects[position],
        tags: tags[position].split(separator: " ").map(String.init))
    }

    /// The id of session `position` (no other field made).
    public func id(_ position: Int) -> String { ids[position] }

    mutating func reserve(_ count: Int) {
      ids.reserveCapacity(ids.count + count)
      dates.reserveCapacity(dates.count + count)
      packs.reserveCapacity(packs.count + count)
      firstLessons.reserveCapacity(firstLessons.count + count)
      lessonEnds.reserveCapacity(lessonEnds.count + count)
      files.reserveCapacity(files.count + count)
      subjects.reserveCapacity(subjects.count + count)
      tags.reserveCapacity(tags.count + count)
    }

    mutating func append(
      id: String, date: Date, pack: String, packTitle: String, lessons: Range<Int>, file: Int?,
      subject: String? = nil, tags: [String] = []
    ) {
      let key = pack + "\n" + packTitle
      let number: Int32
      if let known = packNumbers[key] {
        number = known
      } else {
        number = Int32(packTable.count)
        packTable.append((pack, packTitle))
        packNumbers[key] = number
      }
      ids.append(id)
      dates.append(date.timeIntervalSinceReferenceDate)
      packs.append(number)
      firstLessons.append(lessons.lowerBound)
      lessonEnds.append(lessons.upperBound)
      files.append(file ?? -1)
      subjects.append(subject)
      self.tags.append(tags.joined(separator: " "))
    }
  }
}
