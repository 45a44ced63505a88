/// A commitment line split into the action and an optional due date.
///
/// The date is taken from a trailing `by YYYY-MM-DD` (or `due YYYY-MM-DD`), e.g.
/// "meet the new chair by 2026-01-31".
struct CommitmentText: Equatable {
  var action: String
  var due: String?

  init(_ text: String) {
    let words = text.split(separator: " ")
    if words.count >= 3, let last = words.last, Self.isDate(last),
      ["by", "due", "before"].contains(words[words.count - 2].lowercased())
    {
      action = words.dropLast(2).joined(separator: " ")
      due = String(last)
    } else {
      action = text
      due = nil
    }
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
