import Foundation

/// Everything a lessons report needs, gathered from transcripts one at a time.
///
/// ``add(_:)`` keeps only what the report shows (lessons with the answer they came from,
/// commitments, per-session themes, counts and phrase tallies), so memory grows with the
/// summary, not with the number of transcripts read. ``LessonsReport`` lays it out.
public struct LessonsSummary: Sendable {
  /// One lesson with where it came from.
  public struct Entry: Sendable, Equatable {
    public var session: String
    public var line: Int
    public var date: Date
    public var number: Int
    public var text: String
    /// The stage the lesson is about (its closest stage in that session's answers).
    public var theme: String
    public var origin: Lesson.Origin
    /// The question and answer of that session the lesson echoes most, if any.
    public var question: String?
    public var answer: String?
    /// The lesson's ``TextSimilarity`` terms, worked out once.
    public var terms: Set<String> = []
  }

  /// A commitment and what became of it.
  public struct CommitmentEntry: Sendable, Equatable {
    public var session: String
    public var number: Int
    public var text: String
    public var due: String?
    public var date: Date
    /// `open`, `done`, `changed` or `dropped`.
    public var status: String
    /// What happened, in the person's words (a review's outcome, or the latest progress).
    public var outcome: String?
    /// When it was reviewed (closed) or last asked about.
    public var reviewed: Date?
    /// For an open commitment asked about again: `partly`, `not-yet` or `unclear`.
    public var progress: String?
  }

  /// A session that has lessons (for a report's list of sources).
  public struct SessionInfo: Sendable, Equatable {
    public var id: String
    public var date: Date
    public var pack: String
    public var packTitle: String
  }

  public private(set) var sessionCount = 0
  public private(set) var first: Date?
  public private(set) var last: Date?
  public private(set) var packs: [String] = []
  public private(set) var lessons: [Entry] = []
  public private(set) var commitments: [CommitmentEntry] = []
  /// Sessions that have at least one lesson, in the order read.
  public private(set) var sessions: [SessionInfo] = []
  /// Each session's start and the stages it answered in (for what changed over time).
  public private(set) var sessionThemes: [(date: Date, stages: Set<String>)] = []
  /// Month (`yyyy-MM`) → stage → sessions that answered in it.
  public private(set) var monthly: [String: [String: Int]] = [:]
  /// When each session started (for streaks).
  public private(set) var starts: [Date] = []
  /// Stage → sessions that answered in it.
  public private(set) var stageSessions: [String: Int] = [:]
  /// Stage → times a question in it was skipped.
  public private(set) var skipped: [String: Int] = [:]
  /// Stage ids in the order first seen.
  public private(set) var stages: [String] = []
  /// Stage id → title, from the packs.
  public var stageTitles: [String: String]
  /// Question id → wording, from the packs (to say which question a lesson came from).
  public var questionTexts: [String: String]
  /// Key-phrase counts per stage.
  public private(set) var phrases = PhraseTally()
  private var reviews: [String: Review] = [:]
  private var progress: [String: Command] = [:]
  let calendar: Calendar

  /// An empty summary; `stageTitles` and `questionTexts` name stages and questions.
  public init(
    stageTitles: [String: String] = [:], questionTexts: [String: String] = [:],
    timeZone: TimeZone = .current, weekStartsOnSunday: Bool = false
  ) {
    self.stageTitles = stageTitles
    self.questionTexts = questionTexts
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    calendar.firstWeekday = weekStartsOnSunday ? 1 : 2
    self.calendar = calendar
  }

  /// Adds one transcript (one with no session start is ignored).
  public mutating func add(_ transcript: Transcript) {
    guard let start = transcript.start else { return }
    sessionCount += 1
    starts.append(start.time)
    first = min(first ?? start.time, start.time)
    last = max(last ?? start.time, start.time)
    if !packs.contains(start.pack) { packs.append(start.pack) }
    let month = Self.month(start.time, calendar)
    let firstLesson = lessons.count
    var answered: [String: Set<String>] = [:]
    var answers: [(stage: String, question: String, text: String, terms: Set<String>)] = []
    var seenLessons: Set<String> = []
    let lines =
      transcript.lines.count == transcript.events.count
      ? transcript.lines : transcript.events.indices.map { $0 + 1 }
    for (event, line) in zip(transcript.events, lines) {
      switch event {
      case .answer(let answer):
        note(stage: answer.stage)
        // Split once, for both the terms and the phrases.
        let words = Words.split(answer.text)
        let terms = Set(TextSimilarity.terms(words: words))
        answered[answer.stage, default: []].formUnion(terms)
        answers.append((answer.stage, answer.question, answer.text, terms))
        phrases.add(words: words, stage: answer.stage)
      case .skip(let skip):
        note(stage: skip.stage)
        skipped[skip.stage, default: 0] += 1
      case .lesson(let lesson):
        // The same lesson written twice in one session counts once.
        guard seenLessons.insert(Self.normalised(lesson.text)).inserted else { continue }
        lessons.append(
          Entry(
            session: start.id, line: line, date: lesson.time, number: lesson.number,
            text: lesson.text, theme: Self.general, origin: lesson.origin,
            terms: Set(TextSimilarity.terms(lesson.text))))
      case .commitment(let item):
        commitments.append(
          CommitmentEntry(
            session: start.id, number: item.number, text: item.text, due: item.due,
            date: item.time, status: "open"))
      case .review(let review):
        reviews["\(review.session)#\(review.number)"] = review
      case .command(let command) where command.name == "progress":
        if let session = command.session, let number = command.number {
          progress["\(session)#\(number)"] = command
        }
      default:
        break
      }
    }
    for stage in answered.keys {
      monthly[month, default: [:]][stage, default: 0] += 1
      stageSessions[stage, default: 0] += 1
    }
    sessionThemes.append((start.time, Set(answered.keys)))
    // Each lesson of this session is filed under the stage whose answers it echoes most,
    // and remembers the answer it echoes most.
    for index in lessons.indices.dropFirst(firstLesson) {
      let terms = lessons[index].terms
      let best = answered.map { ($0.key, TextSimilarity.similarity(terms, $0.value)) }
        .filter { $0.1 > 0 }
        .max { ($0.1, $1.0) < ($1.1, $0.0) }
      if let best { lessons[index].theme = best.0 }
      let source = answers.map { ($0, TextSimilarity.similarity(terms, $0.terms)) }
        .filter { $0.1 > 0 }
        .max { $0.1 < $1.1 }
      if let source {
        lessons[index].question = questionTexts[source.0.question] ?? source.0.question
        lessons[index].answer = source.0.text
      }
    }
    if lessons.count > firstLesson {
      sessions.append(
        SessionInfo(id: start.id, date: start.time, pack: start.pack, packTitle: start.packTitle))
    }
  }

  private mutating func note(stage: String) {
    if !stages.contains(stage) { stages.append(stage) }
  }

  /// Lower case, accents folded, spaces collapsed, end punctuation dropped.
  static func normalised(_ text: String) -> String {
    Words.split(text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil))
      .joined(separator: " ")
  }

  static func month(_ date: Date, _ calendar: Calendar) -> String {
    let parts = calendar.dateComponents([.year, .month], from: date)
    return String(format: "%04d-%02d", parts.year ?? 0, parts.month ?? 0)
  }

  /// Commitments with their latest review (closed) or progress (still open) applied.
  public var reviewedCommitments: [CommitmentEntry] {
    commitments.map { item in
      var item = item
      let key = "\(item.session)#\(item.number)"
      if let review = reviews[key] {
        item.status = review.status.rawValue
        item.outcome = review.outcome
        item.reviewed = review.time
      } else if let step = progress[key] {
        item.progress = step.status
        item.outcome = step.text
        item.reviewed = step.time
      }
      return item
    }
  }

  /// Lessons that say nearly the same thing, from one session or many.
  public struct Cluster: Sendable, Equatable {
    /// Indexes into ``LessonsSummary/lessons``, in the order written.
    public var members: [Int]
  }

  /// Every lesson in a cluster of lessons that say nearly the same thing.
  ///
  /// Greedy clustering by ``TextSimilarity`` in the order lessons were written: a lesson
  /// joins the earliest cluster holding a wording at least ``TextSimilarity/threshold``
  /// similar. Only pairs that can reach the threshold are compared (prefix filtering: with
  /// each lesson's terms ordered rarest first, two term sets with a Jaccard index of at
  /// least t share a term among the first n - ⌈t·n⌉ + 1 of each), so the work grows with the
  /// lessons, not their square, and the clusters are exactly those of comparing every pair.
  public var clusters: [Cluster] {
    let sets = lessons.map(\.terms)
    var frequency: [String: Int] = [:]
    for terms in sets { for term in terms { frequency[term, default: 0] += 1 } }
    var clusters: [Cluster] = []
    // Each distinct term set once, with the earliest cluster any lesson of it is in: only
    // that cluster can win for a lesson similar to the set (lessons repeat word for word).
    var distinct: [(terms: Set<String>, cluster: Int)] = []
    var distinctIndex: [Set<String>: Int] = [:]
    var byPrefixTerm: [String: [Int]] = [:]
    for (position, terms) in sets.enumerated() {
      let ordered = terms.sorted { (frequency[$0] ?? 0, $0) < (frequency[$1] ?? 0, $1) }
      let prefix = ordered.prefix(
        ordered.count - Int((TextSimilarity.threshold * Double(ordered.count)).rounded(.up)) + 1)
      var best: Int?
      var compared: Set<Int> = []
      for term in prefix {
        for other in byPrefixTerm[term] ?? [] where compared.insert(other).inserted {
          if let best, distinct[other].cluster >= best { continue }
          if TextSimilarity.similarity(distinct[other].terms, terms) >= TextSimilarity.threshold {
            best = distinct[other].cluster
          }
        }
      }
      let cluster = best ?? clusters.count
      if let best {
        clusters[best].members.append(position)
      } else {
        clusters.append(Cluster(members: [position]))
      }
      if let known = distinctIndex[terms] {
        distinct[known].cluster = min(distinct[known].cluster, cluster)
      } else {
        distinctIndex[terms] = distinct.count
        for term in prefix { byPrefixTerm[term, default: []].append(distinct.count) }
        distinct.append((terms, cluster))
      }
    }
    return clusters
  }

  /// Sessions per month (`yyyy-MM`), oldest first, including months with none in between.
  public var sessionsPerMonth: [(month: String, count: Int)] {
    var counts: [String: Int] = [:]
    for date in starts { counts[Self.month(date, calendar), default: 0] += 1 }
    guard let first = starts.min(), let last = starts.max() else { return [] }
    var result: [(String, Int)] = []
    var cursor =
      calendar.date(from: calendar.dateComponents([.year, .month], from: first)) ?? first
    while cursor <= last, result.count < 1200 {
      let month = Self.month(cursor, calendar)
      result.append((month, counts[month] ?? 0))
      guard let next = calendar.date(byAdding: .month, value: 1, to: cursor) else { break }
      cursor = next
    }
    return result
  }

  /// Weeks in a row, ending this week or last, with at least one session.
  public func weekStreak(now: Date) -> Int {
    var weeks: Set<Date> = []
    for date in starts {
      if let week = calendar.dateInterval(of: .weekOfYear, for: date)?.start { weeks.insert(week) }
    }
    guard var week = calendar.dateInterval(of: .weekOfYear, for: now)?.start else { return 0 }
    if !weeks.contains(week) {
      guard let previous = calendar.date(byAdding: .weekOfYear, value: -1, to: week) else {
        return 0
      }
      week = previous
    }
    var streak = 0
    while weeks.contains(week) {
      streak += 1
      guard let previous = calendar.date(byAdding: .weekOfYear, value: -1, to: week) else { break }
      week = previous
    }
    return streak
  }

  /// The theme of lessons that echo no stage's answers.
  public static let general = "general"

  /// The title of a stage, or its id.
  public func title(_ stage: String) -> String {
    stage == Self.general ? "General" : stageTitles[stage] ?? stage
  }
}
