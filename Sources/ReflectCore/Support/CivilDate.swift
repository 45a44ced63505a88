import Foundation

/// Calendar dates worked out by arithmetic (the proleptic Gregorian calendar, days counted
/// from 1970), for reports that name the day or month of thousands of moments: a
/// `Calendar` or a format style per moment cost more than everything else in a report.
enum CivilDate {
  /// Year, month and day of `date` in `timeZone`.
  static func parts(_ date: Date, _ timeZone: TimeZone) -> (year: Int, month: Int, day: Int) {
    let seconds = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
    let days = Int((seconds / 86_400).rounded(.down))
    // Howard Hinnant's days-to-civil algorithm: eras of 400 years, March-based years.
    let shifted = days + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let marchMonth = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * marchMonth + 2) / 5 + 1
    let month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  /// Whether ``parts(_:_:)`` names `date` as a format style would: years 1900 to 9999.
  static func isPlain(_ date: Date) -> Bool {
    (-2_208_988_800.0..<253_402_300_800.0).contains(date.timeIntervalSince1970)
  }

  /// `2026-11`.
  static func month(_ year: Int, _ month: Int) -> String {
    padded(year, 4) + "-" + padded(month, 2)
  }

  /// `2026-11-29`.
  static func day(_ year: Int, _ month: Int, _ day: Int) -> String {
    padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
  }

  private static func padded(_ value: Int, _ width: Int) -> String {
    let digits = String(value)
    return digits.count >= width
      ? digits : String(repeating: "0", count: width - digits.count) + digits
  }
}
