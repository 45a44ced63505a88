import Foundation

/// Everything an export shows, gathered from transcripts one at a time.
///
/// ``add(_:)`` keeps only what the summary needs (lessons, commitments, counts and term
/// tallies), so memory grows with the summary, not with the number of transcripts read.
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
    public var outcome: String?
    public var reviewed: Date?
  }

  /// Lessons that say nearly the same thing, from different sessions.
  public struct Cluster: Sendable, Equatable {
    /// The first wording.
    public var text: String
    public var texts: [String]
    public var dates: [Date]
    public var sessions: [String]
  }

  public private(set) var sessionCount = 0
  public private(set) var first: Date?
  public private(set) var last: Date?
  public private(set) var packs: [String] = []
  public private(set) var lessons: [Entry] = []
  public private(set) var commitments: [CommitmentEntry] = []
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
  private var termCounts: [String: [String: Int]] = [:]
  /// Term → the words it was written as, with counts (to show a word, not a stem).
  private var surfaces: [String: [String: Int]] = [:]
  private var reviews: [String: Review] = [:]
  private let calendar: Calendar

  /// An empty summary; `stageTitles` names stages in the output.
  public init(stageTitles: [String: String] = [:], timeZone: TimeZone = .current) {
    self.stageTitles = stageTitles
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
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
    let lines =
      transcript.lines.count == transcript.events.count
      ? transcript.lines : transcript.events.indices.map { $0 + 1 }
    for (event, line) in zip(transcript.events, lines) {
      switch event {
      case .answer(let answer):
        note(stage: answer.stage)
        let pairs = TextSimilarity.termsWithWords(answer.text)
        answered[answer.stage, default: []].formUnion(pairs.map(\.term))
        for (term, word) in pairs {
          termCounts[answer.stage, default: [:]][term, default: 0] += 1
          surfaces[term, default: [:]][word, default: 0] += 1
        }
      case .skip(let skip):
        note(stage: skip.stage)
        skipped[skip.stage, default: 0] += 1
      case .lesson(let lesson):
        lessons.append(
          Entry(
            session: start.id, line: line, date: lesson.time, number: lesson.number,
            text: lesson.text, theme: Self.general, origin: lesson.origin))
      case .commitment(let item):
        commitments.append(
          CommitmentEntry(
            session: start.id, number: item.number, text: item.text, due: item.due,
            date: item.time, status: "open"))
      case .review(let review):
        reviews["\(review.session)#\(review.number)"] = review
      default:
        break
      }
    }
    for stage in answered.keys {
      monthly[month, default: [:]][stage, default: 0] += 1
      stageSessions[stage, default: 0] += 1
    }
    // Each lesson of this session is filed under the stage whose answers it echoes most.
    for index in lessons.indices.dropFirst(firstLesson) {
      let terms = Set(TextSimilarity.terms(lessons[index].text))
      let best = answered.map { ($0.key, TextSimilarity.similarity(terms, $0.value)) }
        .filter { $0.1 > 0 }
        .max { ($0.1, $1.0) < ($1.1, $0.0) }
      if let best { lessons[index].theme = best.0 }
    }
  }

  private mutating func note(stage: String) {
    if !stages.contains(stage) { stages.append(stage) }
  }

  static func month(_ date: Date, _ calendar: Calendar) -> String {
    let parts = calendar.dateComponents([.year, .month], from: date)
    return String(format: "%04d-%02d", parts.year ?? 0, parts.month ?? 0)
  }

  /// Commitments with their latest review applied.
  public var reviewedCommitments: [CommitmentEntry] {
    commitments.map { item in
      var item = item
      if let review = reviews["\(item.session)#\(item.number)"] {
        item.status = review.status.rawValue
        item.outcome = review.outcome
        item.reviewed = review.time
      }
      return item
    }
  }

  /// Lessons that recur across sessions: greedy clustering by ``TextSimilarity``, in the
  /// order lessons were written; only clusters from two or more sessions are kept.
  public var recurring: [Cluster] {
    // Each cluster keeps its distinct term sets: repeated wordings cost nothing to compare.
    var clusters: [(terms: Set<Set<String>>, cluster: Cluster)] = []
    var byTerm: [String: [Int]] = [:]
    for lesson in lessons {
      let terms = Set(TextSimilarity.terms(lesson.text))
      // Only clusters sharing a term can be similar: look those up instead of scanning all.
      let candidates = Set(terms.flatMap { byTerm[$0] ?? [] }).sorted()
      if let index = candidates.first(where: { index in
        clusters[index].terms.contains(terms)
          || clusters[index].terms.contains {
            TextSimilarity.similarity($0, terms) >= TextSimilarity.threshold
          }
      }) {
        clusters[index].terms.insert(terms)
        clusters[index].cluster.texts.append(lesson.text)
        clusters[index].cluster.dates.append(lesson.date)
        clusters[index].cluster.sessions.append(lesson.session)
        for term in terms where byTerm[term]?.contains(index) != true {
          byTerm[term, default: []].append(index)
        }
      } else {
        for term in terms { byTerm[term, default: []].append(clusters.count) }
        clusters.append(
          (
            [terms],
            Cluster(
              text: lesson.text, texts: [lesson.text], dates: [lesson.date],
              sessions: [lesson.session])
          ))
      }
    }
    return clusters.map(\.cluster).filter { Set($0.sessions).count >= 2 }
      .sorted { $0.texts.count > $1.texts.count }
  }

  /// The `count` most characteristic terms of a stage's answers (TF-IDF across stages).
  public func keyTerms(_ stage: String, count: Int = 5) -> [String] {
    guard let counts = termCounts[stage] else { return [] }
    let documents = Double(termCounts.count)
    func score(_ term: String, _ frequency: Int) -> Double {
      let containing = Double(termCounts.values.filter { $0[term] != nil }.count)
      return Double(frequency) * (log((1 + documents) / (1 + containing)) + 1)
    }
    return counts.filter { $0.value >= 1 }
      .map { ($0.key, score($0.key, $0.value)) }
      .sorted { ($0.1, $1.0) > ($1.1, $0.0) }
      .prefix(count).map { term in
        // The most used spelling of the term (ties: alphabetical).
        surfaces[term.0]?.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? term.0
      }
  }

  /// Sessions per month (`yyyy-MM`), oldest first, including months with none in between.
  public var sessionsPerMonth: [(month: String, count: Int)] {
    var counts: [String: Int] = [:]
    for date in starts { counts[Self.month(date, calendar), default: 0] += 1 }
    guard let first = starts.min(), let last = starts.max() else { return [] }
    var result: [(String, Int)] = []
    var cursor =
      calendar.date(from: calendar.dateComponents([.year, .month], from: first)) ?? first
    while cursor <= last {
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
