import Foundation

/// Calendar dates worked out by arithmetic (the proleptic Gregorian calendar, days counted
/// from 1970), for reports that name the day or month of thousands of moments: a
/// `Calendar` or a format style per moment cost more than everything else in a report.
enum CivilDate {
  /// Year, month and day of `date` in `timeZone`.
  static func parts(_ date: Date, _ timeZone: TimeZone) -> (year: Int, month: Int, day: Int) {
    let seconds = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
    return parts(Int((seconds / 86_400).rounded(.down)))
  }

  /// Year, month and day of the day `days` after 1970-01-01.
  static func parts(_ days: Int) -> (year: Int, month: Int, day: Int) {
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

  /// Days from 1970-01-01 to `year`-`month`-`day` (the inverse of ``parts(_:)``).
  static func days(_ year: Int, _ month: Int, _ day: Int) -> Int {
    let shiftedYear = month <= 2 ? year - 1 : year
    let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
    let yearOfEra = shiftedYear - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// The day a `yyyy-MM-dd` text names, as days from 1970-01-01; `nil` for anything else.
  static func days(_ text: String) -> Int? {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, let year = Int(parts[0]), let month = Int(parts[1]),
      let day = Int(parts[2]), (1...12).contains(month), (1...31).contains(day)
    else { return nil }
    return days(year, month, day)
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
