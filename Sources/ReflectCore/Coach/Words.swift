import Foundation

/// Splitting text into lower-case words and clauses for rule matching.
enum Words {
  /// Lower-case words; punctuation separates words except the apostrophe inside one.
  ///
  /// With `keepWildcards`, `*` is kept as a word of its own.
  static func split(
    _ text: String, keepWildcards: Bool = false, lowercase: Bool = true
  ) -> [String] {
    var words: [String] = []
    var current = ""
    for character in lowercase ? text.lowercased() : text {
      if character.isLetter || character.isNumber || character == "'" || character == "’"
        || character == "-"
      {
        current.append(character == "’" ? "'" : character)
      } else {
        if !current.isEmpty { words.append(current.trimmingApostrophes()) }
        current = ""
        if keepWildcards && character == "*" { words.append("*") }
      }
    }
    if !current.isEmpty { words.append(current.trimmingApostrophes()) }
    return words.filter { !$0.isEmpty }
  }

  /// The text's sentences and clauses (split at full stops, ! ? ; , and line breaks).
  static func clauses(_ text: String) -> [String] {
    text.split(whereSeparator: { ".!?;,\n".contains($0) })
      .map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
  }

  /// The text's sentences (split at full stops, ! ? and line breaks), trimmed.
  static func sentences(_ text: String) -> [String] {
    text.split(whereSeparator: { ".!?\n".contains($0) })
      .map { $0.trimmingCharacters(in: .whitespaces) }
      .filter { !$0.isEmpty }
  }

  /// Where `phrase` (one or more words) first occurs in `words`, if it does.
  static func position(of phrase: String, in words: [String]) -> Int? {
    let needle = split(phrase)
    guard !needle.isEmpty, needle.count <= words.count else { return nil }
    for start in 0...(words.count - needle.count)
    where Array(words[start..<(start + needle.count)]) == needle {
      return start
    }
    return nil
  }

  /// Matches `pattern` (words and `*`) against all of `words`; returns each wildcard's words.
  static func match(_ pattern: [String], _ words: [String]) -> [[String]]? {
    func go(_ p: Int, _ w: Int) -> [[String]]? {
      if p == pattern.count { return w == words.count ? [] : nil }
      if pattern[p] == "*" {
        for end in stride(from: words.count, through: w, by: -1) {
          if let rest = go(p + 1, end) { return [Array(words[w..<end])] + rest }
        }
        return nil
      }
      guard w < words.count, words[w] == pattern[p] else { return nil }
      return go(p + 1, w + 1)
    }
    return go(0, 0)
  }
}

extension String {
  fileprivate func trimmingApostrophes() -> String {
    var text = Substring(self)
    while text.first == "'" || text.first == "-" { text = text.dropFirst() }
    while text.last == "'" || text.last == "-" { text = text.dropLast() }
    return String(text)
  }
}

/// Reply templates with `(n)` slots.
enum Template {
  /// The slot numbers a template uses.
  static func slots(in template: String) -> [Int] {
    var result: [Int] = []
    var rest = Substring(template)
    while let open = rest.firstIndex(of: "(") {
      let after = rest[rest.index(after: open)...]
      guard let close = after.firstIndex(of: ")") else { break }
      if let number = Int(after[..<close]) { result.append(number) }
      rest = after[after.index(after: close)...]
    }
    return result
  }

  /// `template` with `(n)` replaced by `fragments[n-1]` and `(name)` by `named[name]`.
  static func fill(_ template: String, _ fragments: [String], named: [String: String] = [:])
    -> String
  {
    var text = template
    for (index, fragment) in fragments.enumerated() {
      text = text.replacingOccurrences(of: "(\(index + 1))", with: fragment)
    }
    for (name, value) in named { text = text.replacingOccurrences(of: "(\(name))", with: value) }
    while text.contains("  ") { text = text.replacingOccurrences(of: "  ", with: " ") }
    return text.replacingOccurrences(of: " ?", with: "?").replacingOccurrences(of: " .", with: ".")
  }
}

extension CoachRules {
  /// `words` with first and second person swapped, as one string ("my partners" → "your partners").
  func reflect(_ words: [String]) -> String {
    words.map { reflections[$0.lowercased()] ?? $0 }.joined(separator: " ")
  }
}
