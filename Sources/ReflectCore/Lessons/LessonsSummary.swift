import Foundation

/// Where a report reads the answers its lessons echo when its summary keeps none (the
/// archive index: at 100,000 sessions the answers are about 150 MB).
public protocol LessonAnswerSource: Sendable {
  /// For each of `files` (``LessonsSummary/SessionInfo/file``), the answer each lesson of
  /// its session echoes, in order; `nil` for one not known.
  func answers(_ files: [Int]) -> [[String?]?]
}

/// Everything a lessons report needs, gathered from transcripts one at a time.
///
/// ``add(_:)`` keeps only what the report shows (lessons with the answer they came from,
/// commitments, per-session themes, counts and phrase tallies), so memory grows with the
/// summary, not with the number of transcripts read. ``Report`` lays it out.
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
  }

  /// A commitment and what became of it.
  public struct CommitmentEntry: Sendable, Equatable {
    public var session: String
    public var number: Int
    public var text: String
    public var due: String?
    public var date: Date
    public var status: CommitmentStatus
    /// What happened, in the person's words (a review's outcome, or the latest progress).
    public var outcome: String?
    /// When it was reviewed (closed) or last asked about.
    public var reviewed: Date?
    /// For an open commitment asked about again: how it stood.
    public var progress: ReviewOutcome?
  }

  /// A session that has lessons (for a report's list of sources).
  public struct SessionInfo: Sendable, Equatable {
    public var id: String
    public var date: Date
    public var pack: String
    public var packTitle: String
    /// Its lessons in ``LessonsSummary/lessons`` (a session's are added together).
    public var lessons: Range<Int>
    /// The index's row of its file (``SessionDigest/file``).
    public var file: Int?
    /// What it is about and its tags, as the person gave them.
    public var subject: String?
    public var tags: [String] = []
  }

  public private(set) var sessionCount = 0
  /// Lessons suggested from imported notes that wait for `reflect lessons review`: not
  /// lessons, and not counted as any.
  public private(set) var suggestionsWaiting = 0
  public private(set) var first: Date?
  public private(set) var last: Date?
  public private(set) var packs: [String] = []
  public private(set) var lessons = Lessons()
  public private(set) var commitments: [CommitmentEntry] = []
  /// Sessions that have at least one lesson, in the order read.
  public private(set) var sessions = Sessions()
  /// Each session's start (for what changed over time), and the stages it answered in (as
  /// numbers into ``stageNames``, one session after another, ending at ``sessionStageEnds``).
  private(set) var sessionDates: [Double] = []
  private var sessionStages: [Int32] = []
  private var sessionStageEnds: [Int] = []
  private var stageNumbers: [String: Int32] = [:]

  /// Month (`yyyy-MM`) → stage → sessions that answered in it.
  public private(set) var monthly: [String: [String: Int]] = [:]
  /// When each session with something written in it started (for streaks).
  public private(set) var starts: [Date] = []
  /// The person's tags and subjects, each with the sessions that have it (a report's
  /// topics: ``Report/Topic``).
  public private(set) var mentions = Mentions()
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
  /// Key-phrase counts per stage (set from elsewhere when the digests added came without
  /// their phrases).
  public var phrases = PhraseTally()
  /// Each stage's best key phrases, once ``settlePhrases()`` has let the tally go.
  private var settledPhrases: [String: [PhraseTally.Phrase]]?

  /// Key phrases a report considers per stage.
  public static let phrasesConsidered = 8

  /// Works out each stage's best ``phrasesConsidered`` key phrases and lets the tally go
  /// (at 100,000 sessions it is about 20 MB; a report needs only these).
  public mutating func settlePhrases() {
    var settled: [String: [PhraseTally.Phrase]] = [:]
    for stage in phrases.stages {
      settled[stage] = phrases.top(stage, count: Self.phrasesConsidered)
    }
    settledPhrases = settled
    phrases = PhraseTally()
  }

  /// Takes each stage's best key phrases as worked out elsewhere (the index keeps them),
  /// in place of a tally.
  public mutating func settle(phrases best: [String: [PhraseTally.Phrase]]) {
    settledPhrases = best.mapValues { Array($0.prefix(Self.phrasesConsidered)) }
    phrases = PhraseTally()
  }

  /// The best `count` key phrases of `stage` (no more than ``phrasesConsidered`` once the
  /// phrases are settled).
  public func topPhrases(_ stage: String, count: Int) -> [PhraseTally.Phrase] {
    guard let settledPhrases else { return phrases.top(stage, count: count) }
    return Array((settledPhrases[stage] ?? []).prefix(count))
  }
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

  /// Makes room for `sessions` more sessions with about `lessons` lessons in all, so that
  /// its lists are not grown by doubling (an archive of 100,000 sessions has about 250,000).
  public mutating func reserve(sessions count: Int, lessons: Int) {
    sessionDates.reserveCapacity(sessionDates.count + count)
    sessionStageEnds.reserveCapacity(sessionStageEnds.count + count)
    starts.reserveCapacity(starts.count + count)
    sessions.reserve(count)
    self.lessons.reserve(lessons)
  }

  /// Adds one transcript (one with no session start is ignored).
  public mutating func add(_ transcript: Transcript) {
    guard var digest = SessionDigest(transcript) else { return }
    digest.subject = transcript.subject
    digest.tags = transcript.tags
    add(digest)
  }

  /// Adds one session's digest.
  public mutating func add(_ digest: SessionDigest) {
    sessionCount += 1
    suggestionsWaiting += digest.suggestionsWaiting
    if !digest.isEmpty { starts.append(digest.time) }
    first = min(first ?? digest.time, digest.time)
    last = max(last ?? digest.time, digest.time)
    if !packs.contains(digest.pack) { packs.append(digest.pack) }
    for stage in digest.stages where !stages.contains(stage) { stages.append(stage) }
    for item in digest.skipped { skipped[item.stage, default: 0] += item.count }
    let month = Self.month(digest.time, calendar)
    for stage in digest.answered {
      monthly[month, default: [:]][stage, default: 0] += 1
      stageSessions[stage, default: 0] += 1
    }
    sessionDates.append(digest.time.timeIntervalSinceReferenceDate)
    for stage in Set(digest.answered) {
      if let number = stageNumbers[stage] {
        sessionStages.append(number)
      } else {
        stageNumbers[stage] = Int32(stageNumbers.count)
        sessionStages.append(Int32(stageNumbers.count - 1))
      }
    }
    sessionStageEnds.append(sessionStages.count)
    phrases.add(digest.phrases)
    mentions.add(subject: digest.subject, tags: digest.tags, date: digest.time)
    let firstLesson = lessons.count
    let id = digest.id.rawValue
    if !digest.lessons.isEmpty { lessons.startSession(id) }
    for lesson in digest.lessons {
      lessons.append(lesson, question: lesson.question.map { questionTexts[$0] ?? $0 })
    }
    for item in digest.commitments {
      commitments.append(
        CommitmentEntry(
          session: digest.id.rawValue, number: item.number, text: item.text, due: item.due,
          date: item.date, status: .open))
    }
    addReviews(digest)
    if !digest.lessons.isEmpty {
      sessions.append(
        id: id, date: digest.time, pack: digest.pack, packTitle: digest.packTitle,
        lessons: firstLesson..<lessons.count, file: digest.file, subject: digest.subject,
        tags: digest.tags)
    }
  }

  /// How many sessions started at or after `start` and before it, and how many of each
  /// answered in each stage.
  func stageShares(since start: Date) -> (
    recent: Int, earlier: Int, recentIn: [String: Int], earlierIn: [String: Int]
  ) {
    let names = stageNumbers.sorted { $0.value < $1.value }.map(\.key)
    var recentIn = [Int](repeating: 0, count: names.count)
    var earlierIn = [Int](repeating: 0, count: names.count)
    var (recent, earlier) = (0, 0)
    let since = start.timeIntervalSinceReferenceDate
    var first = 0
    for (session, date) in sessionDates.enumerated() {
      let stages = sessionStages[first..<sessionStageEnds[session]]
      first = sessionStageEnds[session]
      if date >= since {
        recent += 1
        for stage in stages { recentIn[Int(stage)] += 1 }
      } else {
        earlier += 1
        for stage in stages { earlierIn[Int(stage)] += 1 }
      }
    }
    return (
      recent, earlier, Dictionary(uniqueKeysWithValues: zip(names, recentIn)),
      Dictionary(uniqueKeysWithValues: zip(names, earlierIn))
    )
  }

  /// Each lesson's text and the answer it echoes, in order: the answers from `source`, a
  /// few hundred sessions at a time, when there is one (the summary then keeps none).
  func eachLesson(
    answers source: (any LessonAnswerSource)?, _ body: (String, String?) -> Void
  ) {
    guard let source else {
      for index in lessons.indices { body(lessons.text(index), lessons.answer(index)) }
      return
    }
    for batch in stride(from: 0, to: sessions.count, by: 256) {
      let chosen = sessions[batch..<min(batch + 256, sessions.count)]
      for (session, answers) in zip(chosen, source.answers(chosen.map { $0.file ?? -1 })) {
        for (offset, index) in session.lessons.enumerated() {
          body(lessons.text(index), answers.flatMap { offset < $0.count ? $0[offset] : nil })
        }
      }
    }
  }

  /// Lower case, accents folded, spaces collapsed, end punctuation dropped.
  static func normalised(_ text: String) -> String {
    Words.split(text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil))
      .joined(separator: " ")
  }

  static func month(_ date: Date, _ calendar: Calendar) -> String {
    if calendar.identifier == .gregorian, CivilDate.isPlain(date) {
      let parts = CivilDate.parts(date, calendar.timeZone)
      return CivilDate.month(parts.year, parts.month)
    }
    let parts = calendar.dateComponents([.year, .month], from: date)
    return String(format: "%04d-%02d", parts.year ?? 0, parts.month ?? 0)
  }

  /// Takes the reviews of earlier commitments and the progress on them from `digest`.
  ///
  /// Nothing else is taken: a session a filter leaves out still says what became of a
  /// commitment made in one it keeps. The latest of each counts, whatever order digests
  /// come in.
  public mutating func addReviews(_ digest: SessionDigest) {
    for review in digest.reviews {
      let key = "\(review.session)#\(review.number)"
      if let known = reviews[key], known.time > review.time { continue }
      reviews[key] = review
    }
    for command in digest.progress {
      guard let session = command.session, let number = command.number else { continue }
      let key = "\(session)#\(number)"
      if let known = progress[key], known.time > command.time { continue }
      progress[key] = command
    }
  }

  /// Commitments with their latest review (closed) or progress (still open) applied.
  public var reviewedCommitments: [CommitmentEntry] {
    commitments.map { item in
      var item = item
      let key = "\(item.session)#\(item.number)"
      if let review = reviews[key] {
        item.status = CommitmentStatus(review.status)
        item.outcome = review.outcome
        item.reviewed = review.time
      } else if let step = progress[key] {
        // A status this version does not know (a newer reflect's) reads as "asked".
        item.progress = step.status.flatMap(ReviewOutcome.init(rawValue:))
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
  /// least t share a term among the first n - ⌈t·n⌉ + 1 of each), a wording that repeats
  /// looks only at the wordings similar to it, so the work grows with the lessons, not their
  /// square, and the clusters are exactly those of comparing every pair.
  public var clusters: [Cluster] {
    // Terms as numbers, each lesson's sorted: compared by merging, not by hashing strings.
    let termCount = lessons.termNumbers.count
    var frequency = [Int](repeating: 0, count: termCount)
    for term in lessons.termPool { frequency[Int(term)] += 1 }
    var clusters: [Cluster] = []
    // Each distinct term set once (as the lesson that first had it), with the earliest
    // cluster any lesson of it is in (only that cluster can win for a lesson similar to the
    // set) and its prefix.
    var distinct: [(lesson: Int, cluster: Int)] = []
    var prefixes: [Int32] = []
    var prefixEnds: [Int] = []
    var distinctIndex: [ArraySlice<Int32>: Int] = [:]
    var byPrefixTerm = [[Int32]](repeating: [], count: termCount)
    var compared: [Int32] = []
    var scan: Int32 = 0
    var ordered: [Int32] = []
    // Lessons repeat word for word: a set's last answer is kept with how many sets there
    // were then, and while no set's cluster has become an earlier one (`lowered`), a repeat
    // need only look at the sets made since (at the end of each term's list).
    var answers: [(cluster: Int?, sets: Int, lowered: Int)] = []
    var lowered = 0
    for position in lessons.indices {
      let terms = lessons.terms(position)
      scan += 1
      let known = distinctIndex[terms]
      let number = known ?? distinct.count
      let prefix: ArraySlice<Int32>
      if let known {
        prefix = prefixes[(known == 0 ? 0 : prefixEnds[known - 1])..<prefixEnds[known]]
      } else {
        ordered.removeAll(keepingCapacity: true)
        ordered.append(contentsOf: terms)
        ordered.sort { (frequency[Int($0)], $0) < (frequency[Int($1)], $1) }
        prefix = ordered.prefix(
          ordered.count - Int((TextSimilarity.threshold * Double(ordered.count)).rounded(.up))
            + 1)
      }
      var best: Int?
      var since = 0
      if let known {
        // A set with no terms is similar to none, not even itself.
        if !terms.isEmpty { best = distinct[known].cluster }
        let answer = answers[known]
        if answer.lowered == lowered {
          if let cluster = answer.cluster { best = Swift.min(best ?? .max, cluster) }
          since = answer.sets
        }
      }
      for term in prefix {
        // The list is in the order sets were made: those since are at its end.
        let list = byPrefixTerm[Int(term)]
        var first = list.startIndex
        if since > 0 {
          var (low, high) = (list.startIndex, list.endIndex)
          while low < high {
            let middle = (low + high) / 2
            if list[middle] >= since { high = middle } else { low = middle + 1 }
          }
          first = low
        }
        for other in list[first...].lazy.map({ Int($0) }) {
          if compared[other] == scan { continue }
          compared[other] = scan
          if let best, distinct[other].cluster >= best { continue }
          if Self.isSimilar(lessons.terms(distinct[other].lesson), terms) {
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
      if let known {
        if cluster < distinct[known].cluster {
          distinct[known].cluster = cluster
          lowered += 1
        }
      } else {
        distinctIndex[terms] = number
        for term in prefix { byPrefixTerm[Int(term)].append(Int32(number)) }
        prefixes.append(contentsOf: prefix)
        prefixEnds.append(prefixes.count)
        distinct.append((position, cluster))
        compared.append(0)
        answers.append((nil, 0, -1))
      }
      answers[number] = (best, distinct.count, lowered)
    }
    return clusters
  }

  /// Whether two sorted, distinct term lists are at least ``TextSimilarity/threshold``
  /// similar (``similarity(_:_:)``): the merge stops as soon as too few terms are left to
  /// share enough.
  static func isSimilar(_ first: ArraySlice<Int32>, _ second: ArraySlice<Int32>) -> Bool {
    guard !first.isEmpty, !second.isEmpty else { return 0 >= TextSimilarity.threshold }
    let total = first.count + second.count
    let smaller = min(first.count, second.count)
    // The fewest shared terms whose index reaches the threshold, worked out as the index is.
    func reaches(_ shared: Int) -> Bool {
      Double(shared) / Double(total - shared) >= TextSimilarity.threshold
    }
    let threshold = TextSimilarity.threshold
    var needed = max(
      0, min(smaller, Int((threshold * Double(total) / (1 + threshold)).rounded(.up))))
    while needed > 0, reaches(needed - 1) { needed -= 1 }
    while needed <= smaller, !reaches(needed) { needed += 1 }
    guard needed <= smaller else { return false }
    var shared = 0
    var (left, right) = (first.startIndex, second.startIndex)
    while left < first.endIndex, right < second.endIndex {
      if shared + min(first.endIndex - left, second.endIndex - right) < needed { return false }
      if first[left] == second[right] {
        shared += 1
        left += 1
        right += 1
      } else if first[left] < second[right] {
        left += 1
      } else {
        right += 1
      }
    }
    return shared >= needed
  }

  /// The Jaccard index of two sorted, distinct term lists (as ``TextSimilarity``'s).
  static func similarity(_ first: ArraySlice<Int32>, _ second: ArraySlice<Int32>) -> Double {
    guard !first.isEmpty, !second.isEmpty else { return 0 }
    var shared = 0
    var (left, right) = (first.startIndex, second.startIndex)
    while left < first.endIndex, right < second.endIndex {
      if first[left] == second[right] {
        shared += 1
        left += 1
        right += 1
      } else if first[left] < second[right] {
        left += 1
      } else {
        right += 1
      }
    }
    return Double(shared) / Double(first.count + second.count - shared)
  }

  /// Sessions per month (`yyyy-MM`), oldest first, including months with none in between.
  public var sessionsPerMonth: [(month: String, count: Int)] {
    var counts: [String: Int] = [:]
    for date in starts { counts[Self.month(date, calendar), default: 0] += 1 }
    guard let first = starts.min(), let last = starts.max() else { return [] }
    // Every month of the last hundred years, the empty ones included; before that only the
    // months that have sessions (one session dated year 1 once left out everything after
    // its first hundred years).
    let firstMonth =
      calendar.date(from: calendar.dateComponents([.year, .month], from: first)) ?? first
    let lastMonth =
      calendar.date(from: calendar.dateComponents([.year, .month], from: last)) ?? last
    var cursor = max(
      firstMonth, calendar.date(byAdding: .month, value: -1199, to: lastMonth) ?? firstMonth)
    let windowStart = Self.month(cursor, calendar)
    var result: [(String, Int)] = counts.filter { $0.key < windowStart }.sorted { $0.key < $1.key }
      .map { ($0.key, $0.value) }
    var dense = 0
    while cursor <= last, dense < 1200 {
      dense += 1
      let month = Self.month(cursor, calendar)
      result.append((month, counts[month] ?? 0))
      guard let next = calendar.date(byAdding: .month, value: 1, to: cursor) else { break }
      cursor = next
    }
    return result
  }

  /// Weeks in a row, ending this week or last, with at least one session.
  public func weekStreak(now: Date) -> Int {
    let sorted = starts.sorted()
    // Whether a session started in `week` (a binary search: no calendar work per session).
    func hasSession(_ week: DateInterval) -> Bool {
      var (low, high) = (0, sorted.count)
      while low < high {
        let middle = (low + high) / 2
        if sorted[middle] < week.start { low = middle + 1 } else { high = middle }
      }
      return low < sorted.count && sorted[low] < week.end
    }
    func before(_ week: DateInterval) -> DateInterval? {
      calendar.dateInterval(of: .weekOfYear, for: week.start.addingTimeInterval(-1))
    }
    guard var week = calendar.dateInterval(of: .weekOfYear, for: now) else { return 0 }
    if !hasSession(week) {
      guard let previous = before(week) else { return 0 }
      week = previous
    }
    var streak = 0
    while hasSession(week) {
      streak += 1
      guard let previous = before(week) else { break }
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
