import Foundation

/// A commitment line split into the action and an optional due date.
///
/// The date is taken from a trailing `by YYYY-MM-DD` (or `due YYYY-MM-DD`), e.g.
/// "meet the new chair by 2026-01-31". Given the day it was said (`today`), also from a
/// trailing date in ordinary words (``DueWords``): "by end of january", "next friday", "in
/// two weeks", "by the 20th", "before christmas", ", 2027-01-09"; a phrase that could mean
/// two dates ("by march", "next week", "soon") is left in the text, with no date.
struct CommitmentText: Equatable {
  var action: String
  var due: String?

  init(_ text: String, today: Date? = nil) {
    // "fine. email the PCN…", "and send amira a thank you": the word that led in is no part
    // of what will be done (read with dates in words).
    let text = today == nil ? text : Self.withoutLeadIn(text)
    let words = text.split(separator: " ")
    if words.count >= 3, let last = words.last, Self.isDate(last),
      ["by", "due", "before"].contains(words[words.count - 2].lowercased())
    {
      action = words.dropLast(2).joined(separator: " ")
      due = String(last)
    } else if let today, let (action, due) = DueWords.read(text, today: today) {
      self.action = action
      self.due = due
    } else {
      action = text
      due = nil
    }
  }

  /// Words that lead into a commitment rather than say it ("fine.", "ok,", "and", "also").
  static let leadIn =
    #"^(?:(?:fine|ok|okay|alright|all right|right|sure|yes|yeah|go on then|and|also|plus|oh and)"#
    + #"(?:[.,!:;]+\s*|\s+))+"#

  /// `text` without ``leadIn``, when at least two words are left.
  static func withoutLeadIn(_ text: String) -> String {
    guard
      let range = text.range(of: leadIn, options: [.regularExpression, .caseInsensitive]),
      Words.split(String(text[range.upperBound...])).count >= 2
    else { return text }
    return String(text[range.upperBound...])
  }

  static func isDate(_ word: Substring) -> Bool {
    let parts = word.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }),
      let month = Int(parts[1]), let day = Int(parts[2])
    else { return false }
    return (1...12).contains(month) && (1...31).contains(day)
  }
}

/// A due date said in ordinary words at the end of a commitment (docs/coach-rules.md,
/// "Commitments").
///
/// Read, relative to the day the line was said (UTC): a date (`2027-01-09`, "20 january",
/// "january 20th", "3rd march 2027"), "the 20th", a weekday ("friday", "this friday", "next
/// friday": the coming one), "today", "tomorrow", "in two weeks", "in ten days", "in a
/// month", "within a fortnight", "end of the month", "end of next month", "end of the year",
/// "end of january" or "in january" (its last day), "christmas". "before" a day is the day
/// before it ("before christmas": 24 December). A date without a year is the next one to
/// come. Not read, because they name no one day: "by march", "next week", "next month",
/// "soon", "easter", "spring", and a weekday said on that weekday ("by friday" on a Friday).
enum DueWords {
  /// The action without the date phrase, and the date (`yyyy-mm-dd`); `nil` when the line
  /// does not end on a date phrase, or nothing would be left of the action.
  static func read(_ text: String, today: Date) -> (action: String, due: String)? {
    guard let found = read(text, today: today, alone: false) else { return nil }
    return found
  }

  /// The date of a line that is only a date phrase ("next friday", "by the 20th").
  static func date(alone text: String, today: Date) -> String? {
    guard let found = read(text, today: today, alone: true), found.action.isEmpty else {
      return nil
    }
    return found.due
  }

  static func read(_ text: String, today: Date, alone: Bool) -> (action: String, due: String)? {
    let lower = text.lowercased().replacingOccurrences(of: "’", with: "'")
    guard
      let regex = try? NSRegularExpression(pattern: pattern),
      let match = regex.firstMatch(in: lower, range: NSRange(lower.startIndex..., in: lower)),
      let whole = Range(match.range, in: lower),
      let phraseRange = Range(match.range(withName: "phrase"), in: lower)
    else { return nil }
    let prep = Range(match.range(withName: "prep"), in: lower).map { String(lower[$0]) } ?? ""
    var phrase = String(lower[phraseRange])
    // "…by the january staffing meeting i think its the 14th": the 14th of the month named.
    if phrase.range(of: "^(?:the\\s+)?" + ordinal + "$", options: .regularExpression) != nil,
      let named = monthNames.first(where: { name in
        Words.split(String(lower[..<phraseRange.lowerBound])).contains(name)
      })
    {
      phrase = phrase.replacingOccurrences(of: "the ", with: "") + " " + named
    }
    guard let day = date(of: phrase, after: prep, today: today) else {
      return nil
    }
    let offset = lower.distance(from: lower.startIndex, to: whole.lowerBound)
    let ends = CharacterSet.whitespaces.union(.init(charactersIn: ",;:.—–-("))
    var action = String(text.prefix(offset)).trimmingCharacters(in: ends)
    // "…at our next catch-up which i think is the 20th of january": what led into the date.
    if let tail = action.range(
      of: #"(?:,?\s+(?:which|that)(?:\s+i\s+(?:think|believe|reckon|guess))?"#
        + #"\s+(?:is|was|will be|'s|would be)|\s+i\s+(?:think|believe|reckon|guess)"#
        + #"(?:\s+(?:its|it's|it is|thats|that's))?)$"#,
      options: [.regularExpression, .caseInsensitive]),
      Words.split(String(action[..<tail.lowerBound])).count >= 2
    {
      action = String(action[..<tail.lowerBound]).trimmingCharacters(in: ends)
    }
    // "…before the spring open day, so by end of february": the "so" led into the date.
    while let last = action.split(separator: " ").last,
      ["so", "and", "then", "or", "ok", "okay"].contains(last.lowercased()),
      action.split(separator: " ").count > 1
    {
      action = String(action.dropLast(last.count)).trimmingCharacters(in: ends)
    }
    guard alone || !Words.split(action).isEmpty else { return nil }
    return (action, DueDate.format(day))
  }

  static let monthNames = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
  ]
  static let monthShort = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
  ]
  static let weekdays = [
    "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
  ]
  static let counts = [
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
  ]

  static let month =
    "(?:january|february|march|april|may|june|july|august|september|october|november|december"
    + "|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\\.?"
  static let ordinal = "[0-3]?[0-9](?:st|nd|rd|th)?"

  /// The phrase at the end of the line, after a separator, with the word before it.
  static let pattern: String = {
    let weekday =
      "(?:(?:this|next|this coming|on)\\s+)?(?:" + weekdays.joined(separator: "|")
      + ")"
    let phrases = [
      "\\d{4}-\\d{2}-\\d{2}",
      "(?:the\\s+)?\(ordinal)\\s+(?:of\\s+)?\(month)(?:,?\\s+\\d{4})?",
      "\(month)\\s+(?:the\\s+)?\(ordinal)(?:,?\\s+\\d{4})?",
      "the\\s+[0-3]?[0-9](?:st|nd|rd|th)",
      "[0-3]?[0-9](?:st|nd|rd|th)",
      weekday,
      "today|tonight|tomorrow|the end of (?:the )?day|end of (?:the )?day",
      "(?:a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\\d{1,2})\\s+"
        + "(?:days?|weeks?|months?)(?:'? time)?",
      "a fortnight(?:'s time)?",
      "(?:the\\s+)?end of (?:the |this |next )?(?:month|year|week)",
      "this week",
      "(?:this|the) weekend",
      "(?:the\\s+)?end of \(month)",
      "christmas(?: day)?",
      month,
    ]
    let prep =
      "(?<prep>by|before|on|due|for|until|till|in|within|no later than|at|at the latest by)"
    return "(?:^|[\\s,;:.—–(-])(?:\(prep)\\s+)?(?<phrase>" + phrases.joined(separator: "|")
      + ")(?:[\\s,]+(?:so|because|since|ready for|in time for)\\s[^,.;:!?]{1,40})?[\\s.!)]*$"
  }()

  /// The day `phrase` names, said on `today` after the word `prep` ("by", "in", "before",
  /// or none): "before" a day is the day before it; a span ("two weeks") is read only after
  /// "in" or "within", a month alone only after "in" (its last day) or "before".
  static func date(of phrase: String, after prep: String, today: Date) -> Date? {
    let before = prep == "before"
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    let now = calendar.startOfDay(for: today)
    let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: now)
    guard let year = parts.year, let thisMonth = parts.month, let thisDay = parts.day,
      let weekday = parts.weekday
    else { return nil }
    let words = phrase.split(whereSeparator: { $0 == " " || $0 == "," }).map {
      $0.trimmingCharacters(in: .init(charactersIn: "."))
    }
    func day(_ y: Int, _ m: Int, _ d: Int) -> Date? {
      let components = DateComponents(year: y, month: m, day: d)
      guard let date = calendar.date(from: components),
        calendar.component(.day, from: date) == d
      else { return nil }
      return date
    }
    func lastDay(_ y: Int, _ m: Int) -> Date? {
      day(y, m, 1).flatMap { calendar.date(byAdding: DateComponents(month: 1, day: -1), to: $0) }
    }
    func monthNumber(_ word: String) -> Int? {
      (monthNames.firstIndex(of: word) ?? monthShort.firstIndex(of: word)
        ?? (word == "sept" ? 8 : nil)).map { $0 + 1 }
    }
    func number(_ word: String) -> Int? {
      Int(word.trimmingCharacters(in: .letters))
    }
    /// The next `m`/`d` from today on (this year, or next when it has passed).
    func next(_ m: Int, _ d: Int) -> Date? {
      if let date = day(year, m, d), date >= now { return date }
      return day(year + 1, m, d)
    }
    let anchor: Date?
    var isDay = true
    if phrase.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) != nil {
      let numbers = phrase.split(separator: "-").compactMap { Int($0) }
      anchor =
        CommitmentText.isDate(Substring(phrase)) ? day(numbers[0], numbers[1], numbers[2]) : nil
    } else if words.contains("weekend") {
      // "this weekend", "by the weekend": its Sunday.
      isDay = false
      anchor = calendar.date(byAdding: .day, value: (8 - weekday) % 7, to: now)
    } else if words.contains("week") {
      // "this week", "by end of the week": the coming Friday; "end of next week": the
      // Friday after. Said at a weekend, "this week" has no Friday left: not read.
      isDay = false
      let toFriday = (6 - weekday + 7) % 7
      if words.contains("next") {
        anchor = calendar.date(byAdding: .day, value: toFriday + 7, to: now)
      } else {
        guard weekday != 7, weekday != 1 else { return nil }
        anchor = calendar.date(byAdding: .day, value: toFriday, to: now)
      }
    } else if words.contains("end") {
      isDay = false
      if let m = words.compactMap(monthNumber).first {
        let date = lastDay(year, m)
        anchor = (date.map { $0 >= now } ?? false) ? date : lastDay(year + 1, m)
      } else if words.contains("day") {
        anchor = now
      } else if words.contains("year") {
        anchor = words.contains("next") ? day(year + 1, 12, 31) : day(year, 12, 31)
      } else {
        let m = thisMonth + (words.contains("next") ? 1 : 0)
        anchor = m > 12 ? lastDay(year + 1, m - 12) : lastDay(year, m)
      }
    } else if words.first == "christmas" {
      anchor = next(12, 25)
    } else if let name = words.last, let index = weekdays.firstIndex(of: name) {
      var ahead = (index + 1 - weekday + 7) % 7
      if ahead == 0 {
        // "friday" said on a Friday: today, or a week on? Only "next friday" says.
        guard words.contains("next") else { return nil }
        ahead = 7
      }
      anchor = calendar.date(byAdding: .day, value: ahead, to: now)
    } else if words == ["today"] || words == ["tonight"] {
      anchor = now
    } else if words == ["tomorrow"] {
      anchor = calendar.date(byAdding: .day, value: 1, to: now)
    } else if let unit = words.first(where: {
      ["day", "days", "week", "weeks", "month", "months", "fortnight"].contains($0)
    }) {
      guard ["in", "within"].contains(prep) else { return nil }
      isDay = false
      let count = words.first.flatMap { counts[$0] ?? Int($0) } ?? 1
      switch unit {
      case "day", "days": anchor = calendar.date(byAdding: .day, value: count, to: now)
      case "week", "weeks": anchor = calendar.date(byAdding: .day, value: 7 * count, to: now)
      case "fortnight": anchor = calendar.date(byAdding: .day, value: 14, to: now)
      default: anchor = calendar.date(byAdding: .month, value: count, to: now)
      }
    } else if words.count == 1, let m = monthNumber(words[0]) {
      // "in march": by its last day; "before march": by the day before it; "by march" could
      // be either.
      if prep == "in" {
        isDay = false
        let date = lastDay(year, m)
        anchor = (date.map { $0 >= now } ?? false) ? date : lastDay(year + 1, m)
      } else if before {
        anchor = next(m, 1)
      } else {
        return nil
      }
    } else if let m = words.compactMap(monthNumber).first {
      // "20 january", "january the 20th", "3rd march 2027".
      let numbers = words.filter { monthNumber($0) == nil && $0 != "the" && $0 != "of" }
      guard let d = numbers.first.flatMap(number) else { return nil }
      if numbers.count > 1, let y = Int(numbers[1]), numbers[1].count == 4 {
        anchor = day(y, m, d)
      } else {
        anchor = next(m, d)
      }
    } else if let d = words.last.flatMap(number), (1...31).contains(d) {
      // "the 20th": this month's, or the next month that has one.
      var (y, m) = (year, thisMonth)
      if d < thisDay { (y, m) = m == 12 ? (y + 1, 1) : (y, m + 1) }
      var found = day(y, m, d)
      if found == nil {
        (y, m) = m == 12 ? (y + 1, 1) : (y, m + 1)
        found = day(y, m, d)
      }
      anchor = found
    } else {
      anchor = nil
    }
    guard let anchor else { return nil }
    return before && isDay ? calendar.date(byAdding: .day, value: -1, to: anchor) : anchor
  }
}
