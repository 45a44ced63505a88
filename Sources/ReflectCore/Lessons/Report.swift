import Foundation

/// The lessons summary laid out for reading, built once from a ``LessonsSummary``: every
/// format renders this one model, and the JSON export is this model encoded
/// (docs/export-format.md documents the shape).
///
/// Reading order: an overview (period, the ideas that keep coming back, the commitments
/// still open), how my thinking moved (first and latest wordings, what is new), then each
/// theme with its strongest lessons first, key phrases and coverage, then themes over time, every commitment, and the
/// sessions the lessons came from. Dates are formatted here and nowhere else.
public struct Report: Sendable, Encodable {
  /// How the report is laid out.
  public struct Options: Sendable {
    /// The latest period compared with what came before it ("what changed").
    public var period: ReportPeriod
    /// Lessons shown per theme before the rest are folded.
    public var shownPerTheme: Int
    /// Lessons that recur most, shown in the overview.
    public var overviewLessons: Int
    /// Open commitments shown in the overview (the rest are under Commitments).
    public var overviewCommitments = 5
    /// The time zone dates are shown in.
    public var timeZone: TimeZone
    /// Pseudonyms for names, when the report is redacted.
    public var redactor: Redactor?
    /// Where the answers lessons echo are read from, when the summary keeps none.
    public var answers: (any LessonAnswerSource)?
    /// The sentence model installed (its name), `nil` when there is none: the footer says
    /// which mode is in use (docs/meaning.md).
    public var model: String?
    /// The filters the sessions were chosen by, in the order given: the header states them.
    public var filters: [Filter] = []
    /// The moment the report is made: due dates and topics' last dates are counted to its
    /// day.
    public var now = Date()
    /// Where lessons' meaning vectors are read, when the model is installed: ideas are then
    /// grouped by meaning (``IdeaGrouping``), else by words.
    public var vectors: (any LessonVectorSource)?

    /// Creates options.
    public init(
      period: ReportPeriod = .months(3), shownPerTheme: Int = 5, overviewLessons: Int = 5,
      timeZone: TimeZone = .current, redactor: Redactor? = nil
    ) {
      self.period = period
      self.shownPerTheme = shownPerTheme
      self.overviewLessons = overviewLessons
      self.timeZone = timeZone
      self.redactor = redactor
    }
  }

  /// A filter the report's sessions were chosen by: `tag` and `research`.
  public struct Filter: Sendable, Encodable, Equatable {
    /// `session`, `pack`, `stage`, `tag`, `since` or `until`.
    public var name: String
    public var value: String

    /// A filter named `name`, set to `value`.
    public init(name: String, value: String) {
      self.name = name
      self.value = value
    }
  }

  /// Where a lesson was written.
  public struct Source: Sendable, Encodable, Equatable {
    public var session: String
    /// The id of the session's entry in ``sessions`` (an HTML/Markdown anchor).
    public var anchor: String
    public var date: ReportDate
    /// Its place in ``sessions``, from 1 (not encoded: the text report's "s12").
    public var number: Int

    private enum CodingKeys: String, CodingKey { case session, anchor, date }
  }

  /// One lesson, or several lessons that say nearly the same thing.
  public struct Item: Sendable, Encodable, Equatable {
    /// The wording shown (the most recent).
    public var text: String
    /// Every wording, oldest first.
    public var wordings: [String]
    /// Sessions it was written in.
    public var count: Int
    public var firstDate: ReportDate
    public var lastDate: ReportDate
    /// Kept from a coach proposal at least once.
    public var proposed: Bool
    public var theme: String
    public var sources: [Source]
    /// How strongly it leads its theme: recurrence, proposals kept, recency.
    public var strength: Int
  }

  /// A theme (a stage) with its lessons, strongest first.
  public struct Theme: Sendable, Encodable, Equatable {
    public var stage: String
    public var title: String
    /// Sessions that answered in this stage.
    public var sessions: Int
    public var keyPhrases: [PhraseTally.Phrase]
    public var skipped: Int
    /// Its lessons, strongest first, each made when read.
    public var lessons: ItemRows
    /// How many of ``lessons`` to show before folding the rest.
    public var shown: Int
  }

  /// A commitment and what became of it.
  public struct Commitment: Sendable, Encodable, Equatable {
    public var session: String
    public var number: Int
    public var text: String
    public var due: String?
    public var date: ReportDate
    /// Encoded as `open`, `done`, `changed` or `dropped`.
    public var status: CommitmentStatus
    /// For an open one asked about again: `partly`, `not-yet` or `unclear`.
    public var progress: ReviewOutcome?
    public var outcome: String?
    public var reviewed: ReportDate?
    /// Still open with a due date before the report's day.
    public var overdue = false

    private enum CodingKeys: String, CodingKey {
      case session, number, text, due, date, status, progress, outcome, reviewed, overdue
      case standing
    }

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(session, forKey: .session)
      try container.encode(number, forKey: .number)
      try container.encode(text, forKey: .text)
      try container.encodeIfPresent(due, forKey: .due)
      try container.encode(date, forKey: .date)
      try container.encode(status, forKey: .status)
      try container.encodeIfPresent(progress, forKey: .progress)
      try container.encodeIfPresent(outcome, forKey: .outcome)
      try container.encodeIfPresent(reviewed, forKey: .reviewed)
      try container.encode(overdue, forKey: .overdue)
      try container.encode(standing, forKey: .standing)
    }

    /// "open", "open, partly", "done"…: the status as the reports show it.
    public var label: String {
      status == .open ? (progress.map { "open, \($0.rawValue)" } ?? "open") : status.rawValue
    }
  }

  /// A lesson as written, with its source (JSON keeps every one).
  public struct Lesson: Sendable, Encodable, Equatable {
    public var number: Int
    public var text: String
    public var theme: String
    public var themeTitle: String
    public var date: ReportDate
    public var session: String
    public var line: Int
    public var origin: String
    public var question: String?
    public var answer: String?
  }

  /// A session lessons came from, for the list of sources.
  public struct Session: Sendable, Encodable, Equatable {
    public var id: String
    public var anchor: String
    public var date: ReportDate
    public var pack: String
    public var packTitle: String
    /// What it is about and its tags, as the person gave them (`subject` left out of the
    /// JSON when none was given).
    public var subject: String?
    public var tags: [String]
    /// Its lessons, with the question and answer each came from (not encoded: the JSON's
    /// `lessons` holds them, each with its `session`).
    public var lessons: LessonRows

    private enum CodingKeys: String, CodingKey {
      case id, anchor, date, pack, packTitle, subject, tags
    }
  }

  /// Sessions per theme in one month.
  public struct Month: Sendable, Encodable, Equatable {
    public var month: String
    /// Sessions per theme, in ``Report/monthThemes`` order.
    public var counts: [Int]
  }

  /// How meaning was read for the report: the sentence model installed, if any, and what
  /// recurring lessons are matched by.
  public struct MeaningUse: Sendable, Encodable, Equatable {
    /// The model's name; `nil` when none is installed (words only).
    public var model: String?
    /// What lessons that recur are matched by: `meaning` (the model's vectors, grouped by
    /// ``IdeaGrouping``) or `words` (shared words).
    public var recurringMatchedBy = "words"
    /// The average cosine ideas are grouped at, when by meaning.
    public var threshold: Double?
    /// Why ideas are grouped by words although a model is installed, if they are.
    public var note: String?
  }

  /// A lesson that came back across sessions, in whatever words: one idea.
  public struct Idea: Sendable, Encodable, Equatable {
    /// Its most central wording (nearest the centroid of its wordings' meaning; by words,
    /// the wording written most often).
    public var label: String
    /// Its latest wording.
    public var latest: String
    /// Every wording it merged, oldest first, each once.
    public var wordings: [String]
    /// Sessions it was written in.
    public var sessions: Int
    public var first: ReportDate
    public var last: ReportDate
    /// Each day it was written on, oldest first (for a strip of when it came back).
    public var dates: [String]
    /// The wording written first, and when.
    public var earliest: Wording
    /// The wording written last, and when.
    public var newest: Wording

    private enum CodingKeys: String, CodingKey {
      case label, latest, wordings, sessions, first, last, dates
    }

    /// Other wordings and days the formats other than JSON show at most: the rest are
    /// counted, so an idea written in thousands of sessions stays a few lines.
    public static let shown = 8

    /// The wordings other than its label and latest: at most ``shown``, and how many more.
    public var otherWordings: (shown: [String], more: Int) {
      let others = wordings.filter { $0 != label && $0 != latest }
      return (Array(others.prefix(Self.shown)), max(0, others.count - Self.shown))
    }

    /// The latest ``shown`` days it came back, oldest first, and how many earlier ones.
    public var recentDates: (shown: [String], earlier: Int) {
      (Array(dates.suffix(Self.shown)), max(0, dates.count - Self.shown))
    }
  }

  /// A wording of an idea and the day it was written.
  public struct Wording: Sendable, Encodable, Equatable {
    public var text: String
    public var date: ReportDate
  }

  /// How my thinking moved: for the top ideas, the earliest and latest wording side by
  /// side, and the ideas first seen in the last quarter of the range.
  public struct Movement: Sendable, Encodable, Equatable {
    /// One idea's first and latest wording.
    public struct Shift: Sendable, Encodable, Equatable {
      public var label: String
      public var sessions: Int
      public var earliest: Wording
      public var latest: Wording

      /// Whether the latest wording is another than the first.
      public var moved: Bool {
        LessonsSummary.normalised(earliest.text) != LessonsSummary.normalised(latest.text)
      }
    }

    /// One idea first written in the last quarter.
    public struct New: Sendable, Encodable, Equatable {
      public var label: String
      public var sessions: Int
      public var first: ReportDate
    }

    /// The first day of the last quarter of the range.
    public var since: ReportDate
    /// The top ideas, most sessions first (``Shift/moved`` when the words changed).
    public var ideas: [Shift]
    /// Lessons first written since ``since`` (an idea, or a lesson written once so far).
    public var new: [New]
  }

  public var version: Int
  public var meaning: MeaningUse
  /// The filters in force (`nil`, left out of the JSON: every session); stated in every
  /// format's header.
  public var filters: [Filter]?
  /// The zone every date is in (`Asia/Tokyo`): the person's, as the process has it.
  public var timeZone: String
  /// Lessons suggested from imported notes that wait for `reflect lessons review` (not
  /// counted as lessons anywhere); `nil` (left out of the JSON) when none wait.
  public var suggestionsWaiting: Int?
  public var from: ReportDate?
  public var to: ReportDate?
  public var sessionCount: Int
  public var packs: [String]
  /// The lessons that recur most (in at least two sessions), most often first.
  public var recurring: ItemRows
  /// Lessons that came back in two or more sessions, by meaning when the model is
  /// installed (``meaning``), most sessions first: the ideas of ``recurring``, in its order.
  public var ideas: [Idea] = []
  /// How my thinking moved (`nil` with fewer than two sessions' lessons).
  public var movement: Movement?
  /// Commitments not yet done, changed or dropped, due soonest first.
  public var openCommitments: [Commitment]
  /// How many of ``openCommitments`` the overview shows.
  public var openShown: Int
  public var themes: [Theme]
  /// Sessions per month and theme, over the whole range.
  public var months: [Month]
  /// Every week with a session, oldest first, over the whole range (weeks left out had
  /// none).
  public var activity: [Week]
  /// The stages ``months`` counts, in order (every theme but "general").
  public var monthThemes: [String]

  /// The titles of ``monthThemes``.
  public var monthTitles: [String] {
    monthThemes.map { stage in themes.first { $0.stage == stage }?.title ?? stage }
  }
  public var commitments: [Commitment]
  /// Which commitments were kept (every commitment of the sessions chosen).
  public var scorecard: Scorecard
  /// What the person writes about, from their tags, subjects and words.
  public var topics: [Topic]
  /// The sessions lessons came from, in the order read, each made when read.
  public var sessions: SessionRows
  /// Every lesson as written, in the order read, each made when read.
  public var lessons: LessonRows

  /// Months the text report's chart shows (the latest); the model and the other formats
  /// keep the whole range.
  public static let monthsShown = 24

  /// The version of the JSON shape (docs/export-format.md).
  public static let version = 4

  /// "2026-10-05 to 2026-11-29 · 5 sessions · packs: collaboration", the pack ids (read
  /// from files) passed through `escape`.
  public func header(escape: (String) -> String = { $0 }) -> String {
    let period = from.map { "\($0) to \(to ?? $0)" } ?? "no sessions"
    return "\(period) · \(sessionCount) session\(sessionCount == 1 ? "" : "s")"
      + (packs.isEmpty ? "" : " · packs: " + packs.map(escape).joined(separator: ", "))
      + (filtered.map { " · " + escape($0) } ?? "")
  }

  /// "Filtered: tag research; since 2026-01-01", or `nil` when every session is read.
  public var filtered: String? {
    guard let filters, !filters.isEmpty else { return nil }
    return "Filtered: " + filters.map { "\($0.name) \($0.value)" }.joined(separator: "; ")
  }

  /// One sentence saying which mode is in use, the model's name passed through `escape`;
  /// then, when suggested lessons wait for review, one saying how many.
  public func footer(escape: (String) -> String = { $0 }) -> String {
    (meaning.recurringMatchedBy == "meaning"
      ? "Ideas are lessons grouped by meaning (average cosine at least"
        + " \(meaning.threshold.map { String(format: "%.2f", $0) } ?? "")). "
      : "Ideas are lessons grouped by their words"
        + (meaning.note.map { " (\($0))" } ?? "") + ". ")
      + (meaning.model.map {
        "Sentence model: \(escape($0)), used by reflect search --meaning and reflect similar."
      } ?? "Meaning: off, no sentence model installed (make setup installs one).")
      + (waitingNotice.map { " " + $0 } ?? "")
  }

  /// "3 suggested lessons from imported notes wait for review: reflect lessons review.", or
  /// `nil` when none wait.
  public var waitingNotice: String? {
    guard let count = suggestionsWaiting, count > 0 else { return nil }
    return count == 1
      ? "1 suggested lesson from imported notes waits for review: reflect lessons review."
      : "\(count) suggested lessons from imported notes wait for review: reflect lessons review."
  }

  /// Lays out `summary`.
  public init(_ summary: LessonsSummary, options: Options = Options()) {
    let dates = ReportDates(timeZone: options.timeZone)
    let redact = { (text: String) in options.redactor?.redact(text) ?? text }
    version = Self.version
    from = summary.first.map(dates.date)
    to = summary.last.map(dates.date)
    sessionCount = summary.sessionCount
    packs = summary.packs
    let grouped = Self.ideaGroups(summary, options)
    meaning = grouped.meaning
    filters = options.filters.isEmpty ? nil : options.filters
    timeZone = options.timeZone.identifier
    suggestionsWaiting = summary.suggestionsWaiting > 0 ? summary.suggestionsWaiting : nil

    let span = max(1, (summary.last ?? Date()).timeIntervalSince(summary.first ?? Date()))
    let entries = summary.lessons
    // Each cluster kept as numbers until an item is made of it for a document.
    var pool: [Int32] = []
    var records: [ItemRecord] = []
    var centrals: [Int] = []
    for (cluster, central) in zip(grouped.clusters, grouped.central) {
      // The members' fields are read in place: making whole entries cost more than the rest.
      let members = cluster.members
      var newest = members[0]
      var earliest = entries.date(members[0])
      var allGeneral = true
      var proposed = false
      for member in members {
        let lesson = entries.date(member)
        if lesson > entries.date(newest) { newest = member }
        earliest = min(earliest, lesson)
        if entries.theme(member) != LessonsSummary.general { allGeneral = false }
        if entries.isProposed(member) { proposed = true }
      }
      var themeCounts: [String: Int] = [:]
      // Filed where most of its lessons are; a stage beats "general" whenever one has it.
      for member in members
      where entries.theme(member) != LessonsSummary.general || allGeneral {
        themeCounts[entries.theme(member), default: 0] += 1
      }
      let newestDate = entries.date(newest)
      let theme =
        themeCounts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? entries.theme(newest)
      let recency = Int(5 * newestDate.timeIntervalSince(summary.first ?? newestDate) / span)
      var sessions = 1
      if members.count > 1 {
        var listed: Set<String> = []
        for member in members { listed.insert(entries.session(member)) }
        sessions = listed.count
      }
      let first = pool.count
      pool.append(contentsOf: members.map { Int32($0) })
      records.append(
        ItemRecord(
          members: first..<pool.count, newest: newest, count: sessions,
          firstDate: dates.date(earliest), lastDate: dates.date(newestDate), proposed: proposed,
          theme: theme, strength: (sessions - 1) * 10 + (proposed ? 3 : 0) + recency))
      centrals.append(central)
    }
    let rows = RowSource(
      summary, dates: dates, redactor: options.redactor, answers: options.answers, members: pool)
    func text(_ record: ItemRecord) -> String { rows.redact(entries.text(record.newest)) }
    let byStrength = records.indices.sorted { left, right in
      let (a, b) = (records[left], records[right])
      if a.strength != b.strength { return a.strength > b.strength }
      if a.lastDate.day != b.lastDate.day { return a.lastDate.day > b.lastDate.day }
      return text(a) < text(b)
    }
    let recurringRecords = records.indices.filter { records[$0].count >= 2 }
      .sorted { left, right in
        let (a, b) = (records[left], records[right])
        if a.count != b.count { return a.count > b.count }
        if a.firstDate.day != b.firstDate.day { return a.firstDate.day < b.firstDate.day }
        return text(a) < text(b)
      }
      .prefix(options.overviewLessons)
    recurring = ItemRows(source: rows, records: recurringRecords.map { records[$0] })
    // The same records as `recurring`, in its order: the renderers cite its sources.
    ideas = recurringRecords.map { index in
      Self.idea(
        pool[records[index].members].map { Int($0) }, central: centrals[index], entries,
        dates: dates, redact: rows.redact)
    }
    if let since = Self.lastQuarter(summary, dates: dates) {
      let fresh = records.indices.filter { records[$0].firstDate.day >= since.day }
        .sorted { left, right in
          let (a, b) = (records[left], records[right])
          if a.count != b.count { return a.count > b.count }
          return a.firstDate.day < b.firstDate.day
        }
        .prefix(5)
      movement = Self.movement(
        ideas: ideas, since: since,
        new: fresh.map {
          Movement.New(
            label: rows.redact(entries.text(centrals[$0])), sessions: records[$0].count,
            first: records[$0].firstDate)
        })
    }

    let today = dates.date(options.now)
    let commitments = summary.reviewedCommitments.map { item in
      Commitment(
        session: item.session, number: item.number, text: redact(item.text), due: item.due,
        date: dates.date(item.date), status: item.status, progress: item.progress,
        outcome: item.outcome.map(redact), reviewed: item.reviewed.map(dates.date),
        overdue: item.status == .open
          && item.due.map { DueDate.isDate($0) && $0 < today.day }
            == true
      )
    }
    self.commitments = commitments
    scorecard = Self.scorecard(commitments, asOf: today.day)
    topics = Self.topics(summary, dates: dates, now: options.now, redactor: options.redactor)
    // The open ones that are due soonest first (undated last); the overview shows a few.
    openCommitments = commitments.filter { $0.status == .open }
      .sorted { ($0.due ?? "9999", $0.date.day) < ($1.due ?? "9999", $1.date.day) }

    var order = summary.stages
    var seen = Set(order)
    for position in entries.indices where seen.insert(entries.theme(position)).inserted {
      order.append(entries.theme(position))
    }
    seen = []
    var byTheme: [String: [ItemRecord]] = [:]
    for index in byStrength { byTheme[records[index].theme, default: []].append(records[index]) }
    themes = order.filter { seen.insert($0).inserted }.map { stage in
      let lessons = ItemRows(source: rows, records: byTheme[stage] ?? [])
      // A theme's own name says nothing about it ("trust" under Trust).
      let named = Set(TextSimilarity.terms(summary.title(stage)))
      let phrases = summary.topPhrases(stage, count: LessonsSummary.phrasesConsidered).filter {
        options.redactor?.isNamePart($0.phrase) != true
          && !Set(TextSimilarity.terms($0.phrase)).isSubset(of: named)
      }.prefix(5).map { $0 }
      return Theme(
        stage: stage, title: summary.title(stage), sessions: summary.stageSessions[stage] ?? 0,
        keyPhrases: phrases, skipped: summary.skipped[stage] ?? 0, lessons: lessons,
        shown: min(lessons.count, options.shownPerTheme))
    }
    let stageOrder = themes.map(\.stage)
    months = summary.sessionsPerMonthByStage.map { month in
      Month(
        month: month.month,
        counts: stageOrder.filter { $0 != LessonsSummary.general }.map { month.stages[$0] ?? 0 })
    }
    monthThemes = stageOrder.filter { $0 != LessonsSummary.general }
    activity = Self.weeks(summary)
    openShown = min(openCommitments.count, options.overviewCommitments)

    lessons = LessonRows(rows, [0..<summary.lessons.count])
    sessions = SessionRows(source: rows)
  }

}

/// The latest period of a report: a number of days, weeks or months before the last session.
public enum ReportPeriod: Sendable, Equatable {
  case days(Int)
  case weeks(Int)
  case months(Int)

  /// Reads `90d`, `6w`, `3m`, `1y`, `month`, `quarter` or `year`.
  public init?(_ text: String) {
    let lower = text.lowercased()
    switch lower {
    case "month": self = .months(1)
    case "quarter": self = .months(3)
    case "year": self = .months(12)
    default:
      guard let unit = lower.last, let number = Int(lower.dropLast()), number > 0, number <= 1200
      else { return nil }
      switch unit {
      case "d": self = .days(number)
      case "w": self = .weeks(number)
      case "m": self = .months(number)
      case "y": self = .months(number * 12)
      default: return nil
      }
    }
  }

  /// "the last 3 months".
  public var label: String {
    switch self {
    case .days(let n): n == 1 ? "the last day" : "the last \(n) days"
    case .weeks(let n): n == 1 ? "the last week" : "the last \(n) weeks"
    case .months(let n): n == 1 ? "the last month" : "the last \(n) months"
    }
  }

  /// The period's first moment, counted back from `last`.
  func start(before last: Date, in calendar: Calendar) -> Date? {
    switch self {
    case .days(let n): calendar.date(byAdding: .day, value: -n, to: last)
    case .weeks(let n): calendar.date(byAdding: .day, value: -7 * n, to: last)
    case .months(let n): calendar.date(byAdding: .month, value: -n, to: last)
    }
  }
}

/// Dates as a report shows them: `yyyy-MM-dd` in one time zone.
public struct ReportDates: Sendable {
  let style: Date.ISO8601FormatStyle
  let timeZone: TimeZone

  /// Dates in `timeZone`.
  public init(timeZone: TimeZone) {
    style = Date.ISO8601FormatStyle(timeZone: timeZone).year().month().day()
    self.timeZone = timeZone
  }

  /// `date` as a report holds it: its day, and the moment with the zone's offset.
  public func date(_ date: Date) -> ReportDate {
    ReportDate(day: day(date), moment: moment(date))
  }

  /// `2026-11-29T09:30:00+09:00`: the moment to the second, in `timeZone`, with its offset
  /// at that moment.
  public func moment(_ date: Date) -> String {
    let offset = timeZone.secondsFromGMT(for: date)
    guard CivilDate.isPlain(date) else {
      return Date.ISO8601FormatStyle(timeZone: timeZone).format(date)
    }
    let parts = CivilDate.parts(date, timeZone)
    let local = Int((date.timeIntervalSince1970 + Double(offset)).rounded(.down))
    let seconds = ((local % 86_400) + 86_400) % 86_400
    func two(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
    let sign = offset < 0 ? "-" : "+"
    let minutes = abs(offset) / 60
    return CivilDate.day(parts.year, parts.month, parts.day) + "T" + two(seconds / 3600) + ":"
      + two(seconds / 60 % 60) + ":" + two(seconds % 60) + sign + two(minutes / 60) + ":"
      + two(minutes % 60)
  }

  /// `2026-11-29`.
  public func day(_ date: Date) -> String {
    guard CivilDate.isPlain(date) else { return style.format(date) }
    let parts = CivilDate.parts(date, timeZone)
    return CivilDate.day(parts.year, parts.month, parts.day)
  }
}

extension LessonsSummary {
  /// Per month (oldest first, gaps filled): sessions that answered in each stage.
  public var sessionsPerMonthByStage: [(month: String, stages: [String: Int])] {
    sessionsPerMonth.map { ($0.month, monthly[$0.month] ?? [:]) }
  }
}

/// A date in a report: the day and the moment.
///
/// The day every format shows (`2026-11-29`, what it reads as in text); the moment with the
/// zone's offset (`2026-11-29T09:30:00+09:00`), which the JSON export writes. The report
/// orders by day: what happened on one day is ordered by what comes next (strength,
/// wording), not by the hour.
public struct ReportDate: Sendable, Encodable, Equatable, CustomStringConvertible {
  /// `2026-11-29`, in the report's zone.
  public let day: String
  /// `2026-11-29T09:30:00+09:00`.
  public let moment: String

  public var description: String { day }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(moment)
  }

}
