import Foundation

/// Which sessions a command looks at: by date range, pack and stage.
public struct SessionFilter: Sendable {
  /// Sessions starting at or after this moment.
  public var since: Date?
  /// Sessions starting before this moment.
  public var until: Date?
  /// Only this pack.
  public var pack: String?
  /// Only sessions with an answer, lesson or commitment in this stage.
  public var stage: String?
  /// Only sessions with every one of these tags (or a tag nested under it).
  public var tags: [String]

  /// Creates a filter; `nil` fields do not filter.
  public init(
    since: Date? = nil, until: Date? = nil, pack: String? = nil, stage: String? = nil,
    tags: [String] = []
  ) {
    self.tags = tags
    self.since = since
    self.until = until
    self.pack = pack
    self.stage = stage
  }

  /// Whether every session passes.
  public var isEmpty: Bool {
    since == nil && until == nil && pack == nil && stage == nil && tags.isEmpty
  }

  /// Each filter in force, named as a person gives it: `("pack", "gibbs")`, `("tag",
  /// "research")` for each tag, `("since", "2026-01-01")` and `("until", "2026-03-31")`, the
  /// days in `timeZone` (the one the days were read in).
  public func described(timeZone: TimeZone = .current) -> [(name: String, value: String)] {
    var result: [(name: String, value: String)] = []
    if let pack { result.append(("pack", pack)) }
    if let stage { result.append(("stage", stage)) }
    for tag in tags { result.append(("tag", tag)) }
    func day(_ date: Date) -> String {
      let parts = CivilDate.parts(date, timeZone)
      return CivilDate.day(parts.year, parts.month, parts.day)
    }
    if let since { result.append(("since", day(since))) }
    // `until` is the start of the day after the one given.
    if let until { result.append(("until", day(until.addingTimeInterval(-1)))) }
    return result
  }

  /// Whether a session with `sessionTags` has every wanted tag.
  public func matches(tags sessionTags: [String]) -> Bool {
    tags.allSatisfy { wanted in sessionTags.contains { Tags.tag($0, isUnder: wanted) } }
  }

  /// Whether `transcript` passes the filter.
  public func matches(_ transcript: Transcript) -> Bool {
    guard let start = transcript.start else { return false }
    if let since, start.date < since { return false }
    if let until, start.date >= until { return false }
    if let pack, start.pack != pack { return false }
    if !tags.isEmpty, !matches(tags: transcript.tags) { return false }
    if let stage {
      return transcript.events.contains { event in
        switch event {
        case .answer(let answer): answer.stage == stage
        case .lesson(let lesson): lesson.stage == stage
        case .commitment(let commitment): commitment.stage == stage
        default: false
        }
      }
    }
    return true
  }

  /// Whether a session with this overview, and answers, lessons or commitments in
  /// `stages`, passes the filter (as the index knows it).
  public func matches(_ overview: SessionOverview, stages: Set<String>) -> Bool {
    if let since, overview.start < since { return false }
    if let until, overview.start >= until { return false }
    if let pack, overview.pack != pack { return false }
    if !matches(tags: overview.tags) { return false }
    if let stage { return stages.contains(stage) }
    return true
  }

  /// The start of the day a person means by `text`: `2026-11-29`, `today`, `yesterday`,
  /// `7d` (seven days ago) or `4w` (four weeks ago), in `calendar`'s time zone.
  public static func day(
    _ text: String, now: Date, calendar: Calendar = .current
  ) -> Date? {
    let today = calendar.startOfDay(for: now)
    switch text.lowercased() {
    case "today": return today
    case "yesterday": return calendar.date(byAdding: .day, value: -1, to: today)
    case "last week": return calendar.date(byAdding: .day, value: -7, to: today)
    case "last month": return calendar.date(byAdding: .month, value: -1, to: today)
    default: break
    }
    if let unit = text.last, "dwm".contains(unit), let count = Int(text.dropLast()), count >= 0,
      count <= 100_000, text.first?.isNumber == true
    {
      if unit == "m" { return calendar.date(byAdding: .month, value: -count, to: today) }
      return calendar.date(byAdding: .day, value: -(unit == "w" ? 7 * count : count), to: today)
    }
    let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
    guard parts.count == 3, let year = parts[0], let month = parts[1], let day = parts[2],
      text.count == 10
    else { return nil }
    var components = DateComponents()
    (components.year, components.month, components.day) = (year, month, day)
    guard let date = calendar.date(from: components),
      calendar.component(.day, from: date) == day, calendar.component(.month, from: date) == month
    else { return nil }
    return date
  }
}
