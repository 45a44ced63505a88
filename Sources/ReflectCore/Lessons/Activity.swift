import Foundation

extension Report {
  /// Sessions in one week (those with something written in them), for the activity chart.
  public struct Week: Sendable, Encodable, Equatable {
    /// The week's first day (`yyyy-MM-dd`: a Monday, or a Sunday with `REFLECT_WEEK_START`).
    public var week: String
    public var sessions: Int
    /// The first day as days since 1970-01-01 (not encoded: where a chart puts it).
    public var day: Int

    private enum CodingKeys: String, CodingKey { case week, sessions }
  }

  /// The longest run of weeks without a session between two that had one.
  public struct Gap: Sendable, Equatable {
    /// Whole weeks with no session.
    public var weeks: Int
    /// The last week with a session before it, and the first after.
    public var after: Week
    public var before: Week
  }

  /// Every week with a session in `summary`, oldest first: days counted by arithmetic in
  /// the summary's zone (no calendar work per session), weeks starting on its first weekday.
  static func weeks(_ summary: LessonsSummary) -> [Week] {
    let zone = summary.calendar.timeZone
    // 1970-01-01 was a Thursday: 4 days after a Sunday (`firstWeekday` 1).
    let firstWeekday = summary.calendar.firstWeekday - 1
    var counts: [Int: Int] = [:]
    for start in summary.starts {
      let seconds = start.timeIntervalSince1970 + Double(zone.secondsFromGMT(for: start))
      let day = Int((seconds / 86_400).rounded(.down))
      let intoWeek = ((day + 4 - firstWeekday) % 7 + 7) % 7
      counts[day - intoWeek, default: 0] += 1
    }
    return counts.keys.sorted().map { day in
      let parts = CivilDate.parts(day)
      return Week(
        week: CivilDate.day(parts.year, parts.month, parts.day), sessions: counts[day] ?? 0,
        day: day)
    }
  }

  /// The latest ``monthsShown`` of ``months``, which the Markdown and text charts show (the
  /// JSON and the HTML heatmap have the whole range).
  public var recentMonths: ArraySlice<Month> { months.suffix(Self.monthsShown) }

  /// "The 12 months before 2024-05 are left out here: …", when ``recentMonths`` leaves some
  /// out; otherwise `nil`.
  public var earlierMonthsNote: String? {
    let left = months.count - recentMonths.count
    guard left > 0, let first = recentMonths.first else { return nil }
    return "The \(left) month\(left == 1 ? "" : "s") before \(first.month) are left out here:"
      + " the JSON and HTML exports have every one."
  }

  /// The longest stretch of ``activity`` without a session (the earliest of equals), `nil`
  /// when no week was missed.
  public var longestGap: Gap? {
    var best: Gap?
    for (earlier, later) in zip(activity, activity.dropFirst()) {
      let missed = (later.day - earlier.day) / 7 - 1
      if missed > 0, missed > best?.weeks ?? 0 {
        best = Gap(weeks: missed, after: earlier, before: later)
      }
    }
    return best
  }
}
