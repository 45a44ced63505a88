import Foundation

extension LessonsSummary {
  /// The person's tags and subjects, each with how many sessions have it and when it was
  /// first and last written about (a few hundred entries, whatever the archive's size).
  public struct Mentions: Sendable, Equatable {
    /// One tag or subject.
    public struct Mention: Sendable, Equatable {
      /// The tag, or the subject's latest wording.
      public var name: String
      public var sessions: Int
      public var first: Date
      public var last: Date
    }

    /// Tag → its sessions.
    public private(set) var tags: [String: Mention] = [:]
    /// A subject folded (case, accents, spaces) → its sessions.
    public private(set) var subjects: [String: Mention] = [:]

    mutating func add(subject: String?, tags sessionTags: [String], date: Date) {
      func count(_ key: String, _ name: String, in table: inout [String: Mention]) {
        guard var mention = table[key] else {
          table[key] = Mention(name: name, sessions: 1, first: date, last: date)
          return
        }
        mention.sessions += 1
        mention.first = min(mention.first, date)
        if date >= mention.last { mention.name = name }
        mention.last = max(mention.last, date)
        table[key] = mention
      }
      for tag in Set(sessionTags) { count(tag, tag, in: &tags) }
      if let subject {
        let key = LessonsSummary.normalised(subject)
        if !key.isEmpty { count(key, subject, in: &subjects) }
      }
    }
  }
}

extension Report {
  /// Something the person writes about.
  ///
  /// One of their tags, a subject they gave more than one session, or words that keep
  /// coming back in their lessons; never a pack's stage.
  public struct Topic: Sendable, Encodable, Equatable {
    /// The tag, the subject, or the words (`trust, council`).
    public var name: String
    /// `tag`, `subject` or `words`.
    public var source: String
    /// For a `words` topic, the words it was found by, most characteristic first.
    public var words: [String]
    /// Sessions about it.
    public var sessions: Int
    public var first: ReportDate
    public var last: ReportDate
    /// Whole days from ``last`` to the report's day (``Scorecard/asOf``).
    public var daysSinceLast: Int

    /// "(tag) — 3 sessions, last written about 7 months ago (2026-03-20)": what follows its
    /// name in a list.
    public var about: String {
      "(\(source == "words" ? "your words" : source)) — \(sessions) session"
        + "\(sessions == 1 ? "" : "s"), \(lastWritten) (\(last))"
    }

    /// "last written about today", "… 3 weeks ago", "… 7 months ago".
    public var lastWritten: String { "last written about " + Self.ago(daysSinceLast) }

    /// "today", "yesterday", "5 days ago", "3 weeks ago", "7 months ago", "2 years ago".
    static func ago(_ days: Int) -> String {
      func plural(_ count: Int, _ unit: String) -> String {
        "\(count) \(unit)\(count == 1 ? "" : "s") ago"
      }
      switch days {
      case ..<1: return "today"
      case 1: return "yesterday"
      case ..<14: return plural(days, "day")
      case ..<61: return plural(days / 7, "week")
      case ..<730: return plural(days / 30, "month")
      default: return plural(days / 365, "year")
      }
    }
  }

  /// Topics shown at most: tags, subjects, then words.
  static let topicLimits = (tags: 8, subjects: 4, words: 6)

  /// Words too general to name a topic, as ``TextSimilarity`` terms ("takes time" is every
  /// lesson's).
  static let generalTerms: Set<String> = Set(
    [
      "need", "time", "build", "early", "value", "write", "make", "get", "thing", "people",
      "lesson", "learn", "learned", "learnt", "feel", "think", "know", "want", "way", "good",
      "better", "one", "even", "work", "help", "keep", "let", "much", "many", "well", "next",
      "need", "still", "say", "said", "see", "use", "try", "often", "other", "something",
      "everyon", "anyon", "someon", "thing", "going", "go", "come", "give", "ask", "tell", "lot",
      "actually", "maybe", "bit", "quite", "last", "new", "now", "today", "yesterday", "day",
      "afterwards", "because", "since", "though", "why", "where", "here", "every", "some", "sure",
      "like", "got", "put", "made", "back", "over", "off", "down", "right", "little", "big",
      "whole", "part", "sort", "kind", "fact", "point", "mine", "yours", "once", "twice", "yet",
      "enough", "rather", "instead", "without", "while", "until", "through", "both", "either",
      "answer", "question", "ever", "must", "might", "may", "done", "doing", "seem", "find",
    ].map(TextSimilarity.stem))

  /// The person's topics, from their own words.
  ///
  /// Their tags (most sessions first), then subjects given more than one session, then words that keep coming back in their lessons, each dated relative to
  /// `now`. Stage and pack titles never name one.
  static func topics(
    _ summary: LessonsSummary, dates: ReportDates, now: Date, redactor: Redactor?
  ) -> [Topic] {
    let today = dates.day(now)
    func days(_ last: Date) -> Int {
      max(0, (dayNumber(today) ?? 0) - (dayNumber(dates.day(last)) ?? 0))
    }
    func topic(_ mention: LessonsSummary.Mentions.Mention, _ source: String) -> Topic {
      Topic(
        name: redactor?.redact(mention.name) ?? mention.name, source: source, words: [],
        sessions: mention.sessions, first: dates.date(mention.first),
        last: dates.date(mention.last), daysSinceLast: days(mention.last))
    }
    func ranked(_ table: [String: LessonsSummary.Mentions.Mention]) -> [(
      key: String, value: LessonsSummary.Mentions.Mention
    )] {
      table.sorted { left, right in
        if left.value.sessions != right.value.sessions {
          return left.value.sessions > right.value.sessions
        }
        if left.value.last != right.value.last { return left.value.last > right.value.last }
        return left.key < right.key
      }
    }
    var result = ranked(summary.mentions.tags).prefix(topicLimits.tags).map {
      topic($0.value, "tag")
    }
    let tagNames = Set(result.map { LessonsSummary.normalised($0.name) })
    result += ranked(summary.mentions.subjects)
      .filter { $0.value.sessions >= 2 && !tagNames.contains($0.key) }
      .prefix(topicLimits.subjects).map { topic($0.value, "subject") }
    // Words already named (tags, subjects) or the coach's own (stages, packs) name none.
    var taken = Set<String>()
    var packTitles = Set<String>()
    for session in summary.sessions { packTitles.insert(session.packTitle) }
    for name in Array(summary.stageTitles.keys) + Array(summary.stageTitles.values)
      + summary.stages + summary.packs + Array(packTitles) + result.map(\.name)
    {
      taken.formUnion(
        TextSimilarity.terms(
          name.replacingOccurrences(of: "/", with: " ").replacingOccurrences(of: "-", with: " ")))
    }
    result += wordTopics(summary, dates: dates, taken: taken, redactor: redactor, days: days)
    return result
  }

  /// Topics from the words of the lessons: each word that many sessions' lessons share (but
  /// not more than two in three: a word in every lesson says nothing), the most widespread first, named with
  /// the words that come with it most often (most of whose sessions are its); a word that
  /// mostly comes with a topic found already names no other.
  private static func wordTopics(
    _ summary: LessonsSummary, dates: ReportDates, taken: Set<String>, redactor: Redactor?,
    days: (Date) -> Int
  ) -> [Topic] {
    let lessons = summary.lessons
    let sessions = summary.sessions
    guard sessions.count >= 2 else { return [] }
    var names = [String](repeating: "", count: lessons.termNumbers.count)
    for (term, number) in lessons.termNumbers { names[Int(number)] = term }
    let usable = names.map { name in
      !taken.contains(name) && !generalTerms.contains(name) && name.count > 2
        && !name.contains("'") && !name.contains("\u{2019}")
        && name.unicodeScalars.contains { CharacterSet.letters.contains($0) }
        && redactor?.isNamePart(name) != true
    }
    // Each session's distinct usable terms, one session after another.
    var pool: [Int32] = []
    var ends: [Int] = []
    ends.reserveCapacity(sessions.count)
    var frequency = [Int](repeating: 0, count: names.count)
    var seen = [Int](repeating: -1, count: names.count)
    for session in sessions.indices {
      for position in sessions[session].lessons {
        for term in lessons.terms(position)
        where usable[Int(term)] && seen[Int(term)] != session {
          seen[Int(term)] = session
          pool.append(term)
          frequency[Int(term)] += 1
        }
      }
      ends.append(pool.count)
    }
    let widest = max(2, sessions.count * 2 / 3)
    let candidates = frequency.indices.filter { frequency[$0] >= 2 && frequency[$0] <= widest }
      .sorted { (frequency[$1], names[$0]) < (frequency[$0], names[$1]) }
    var covered = [Bool](repeating: false, count: names.count)
    var result: [Topic] = []
    for term in candidates where !covered[term] {
      guard result.count < topicLimits.words else { break }
      // The sessions with the word, and the words that come with it there.
      var with: [Int] = []
      var together: [Int: Int] = [:]
      var start = 0
      for (session, end) in ends.enumerated() {
        let terms = pool[start..<end]
        start = end
        guard terms.contains(Int32(term)) else { continue }
        with.append(session)
        for other in terms where Int(other) != term { together[Int(other), default: 0] += 1 }
      }
      // Its companions: words most of whose sessions have this one.
      let companions = together.filter { $0.value >= 2 && $0.value * 2 >= frequency[$0.key] }
      for companion in companions.keys { covered[companion] = true }
      covered[term] = true
      // Named by those that come with it most, and most of whose sessions are its: the
      // shared count times the share of the companion's sessions.
      func score(_ pair: (key: Int, value: Int)) -> Double {
        Double(pair.value * pair.value) / Double(frequency[pair.key])
      }
      let named = companions.map { $0 }
        .sorted { (score($1), names[$0.key]) < (score($0), names[$1.key]) }.prefix(2).map(\.key)
      let terms = [term] + named
      let words = terms.map { surfaceWord(names[$0], sessions: with, summary) }
      let dated = with.map { sessions[$0].date }
      guard let first = dated.min(), let last = dated.max() else { continue }
      result.append(
        Topic(
          name: words.joined(separator: ", "), source: "words", words: words,
          sessions: with.count, first: dates.date(first), last: dates.date(last),
          daysSinceLast: days(last)))
    }
    return result
  }

  /// Days from 0000-03-01 to `day` (`yyyy-MM-dd`, proleptic Gregorian), `nil` when it is
  /// not such a day: two days' numbers differ by the days between them.
  static func dayNumber(_ day: String) -> Int? {
    let parts = day.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, var year = Int(parts[0]), let month = Int(parts[1]),
      let date = Int(parts[2])
    else { return nil }
    if month <= 2 { year -= 1 }
    let era = (year >= 0 ? year : year - 399) / 400
    let yearOfEra = year - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + date - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra
  }

  /// The word the person wrote most often for `term` in the lessons of `chosen` sessions (the
  /// first few hundred), lower case.
  private static func surfaceWord(
    _ term: String, sessions chosen: [Int], _ summary: LessonsSummary
  ) -> String {
    var counts: [String: Int] = [:]
    var read = 0
    for session in chosen {
      for position in summary.sessions[session].lessons {
        read += 1
        for pair in TextSimilarity.termsWithWords(summary.lessons.text(position))
        where pair.term == term {
          counts[pair.word, default: 0] += 1
        }
      }
      if read > 400 { break }
    }
    return counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? term
  }
}
