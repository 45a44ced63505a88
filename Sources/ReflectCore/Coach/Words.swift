import Foundation

/// Splitting text into lower-case words and clauses for rule matching.
enum Words {
  /// Lower-case words; punctuation separates words except the apostrophe inside one.
  ///
  /// With `keepWildcards`, `*` is kept as a word of its own.
  static func split(
    _ text: String, keepWildcards: Bool = false, lowercase: Bool = true
  ) -> [String] {
    splitASCII(text, keepWildcards: keepWildcards, lowercase: lowercase)
      ?? splitScalars(text, keepWildcards: keepWildcards, lowercase: lowercase)
      ?? splitCharacters(text, keepWildcards: keepWildcards, lowercase: lowercase)
  }

  /// ``split(_:keepWildcards:lowercase:)`` a scalar at a time.
  ///
  /// For text whose characters are a base scalar and the marks, joiners and modifiers after it (what a `Character`
  /// is, nearly always): a character counts by its first scalar, as `Character.isLetter`
  /// does. `nil` when unsure (a mark with no letter before it, a "prepend" scalar).
  static func splitScalars(_ text: String, keepWildcards: Bool, lowercase: Bool) -> [String]? {
    var words: [String] = []
    // UTF-8 bytes of the word being read (appending scalars to a String is slow).
    var current: [UInt8] = []
    // What the character being read is: part of a word, a separator, or unknown (start).
    enum Base { case none, word, punctuation, separator, control }
    var base = Base.none
    func finish() {
      var start = 0
      var end = current.count
      while start < end, current[start] == 0x27 || current[start] == 0x2D { start += 1 }
      while end > start, current[end - 1] == 0x27 || current[end - 1] == 0x2D { end -= 1 }
      if start < end { words.append(String(decoding: current[start..<end], as: UTF8.self)) }
      current.removeAll(keepingCapacity: true)
    }
    /// Reads one scalar; `false` when unsure what the character-by-character split would do.
    func take(_ scalar: Unicode.Scalar) -> Bool {
      if isExtending(scalar) {
        switch base {
        case .word: current.append(contentsOf: scalar.utf8)
        case .separator: break
        case .none, .punctuation, .control: return false
        }
        return true
      }
      if isPrepend(scalar) { return false }
      let value = scalar.value
      if value == 0x27 || value == 0x2019 || value == 0x2D {
        current.append(value == 0x2019 ? 0x27 : UInt8(value))
        base = .punctuation
      } else if scalar.isASCII
        ? (0x61...0x7A).contains(value) || (0x41...0x5A).contains(value)
          || (0x30...0x39).contains(value)
        : (0xC0...0xFF).contains(value) && value != 0xD7 && value != 0xF7
          || scalar.properties.isAlphabetic || scalar.properties.numericType != nil
      {
        if scalar.isASCII {
          current.append(UInt8(value))
        } else {
          current.append(contentsOf: scalar.utf8)
        }
        base = .word
      } else {
        if !current.isEmpty { finish() }
        if keepWildcards && value == 0x2A {
          words.append("*")
          base = .punctuation
        } else {
          base =
            value < 0x20 || (0x7F...0x9F).contains(value)
              || (!scalar.isASCII && scalar.properties.generalCategory == .control)
            ? .control : .separator
        }
      }
      return true
    }
    for original in text.unicodeScalars {
      if original.isASCII {
        let value = original.value
        let scalar =
          lowercase && (0x41...0x5A).contains(value) ? Unicode.Scalar(UInt8(value + 32)) : original
        guard take(scalar) else { return nil }
      } else if (0xC0...0xFF).contains(original.value), original.value != 0xD7,
        original.value != 0xF7
      {
        // Latin-1 letters, the common case after ASCII: À-Þ lower-case to à-þ.
        let value = original.value
        let lower = lowercase && value <= 0xDE ? value + 0x20 : value
        guard let scalar = Unicode.Scalar(lower), take(scalar) else { return nil }
      } else if lowercase {
        for scalar in original.properties.lowercaseMapping.unicodeScalars {
          guard take(scalar) else { return nil }
        }
      } else {
        guard take(original) else { return nil }
      }
    }
    if !current.isEmpty { finish() }
    return words
  }

  /// A scalar that joins the character before it (grapheme Extend, SpacingMark or ZWJ).
  private static func isExtending(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x200C, 0x200D, 0xFE00...0xFE0F, 0x1F3FB...0x1F3FF, 0xE0020...0xE007F,
      0xE0100...0xE01EF, 0xFF9E, 0xFF9F:
      return true
    case 0..<0x300: return false
    default:
      switch scalar.properties.generalCategory {
      case .nonspacingMark, .spacingMark, .enclosingMark: return true
      default: return false
      }
    }
  }

  /// Scalars that join the character after them (grapheme Prepend).
  private static func isPrepend(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x600...0x605, 0x6DD, 0x70F, 0x890, 0x891, 0x8E2, 0xD4E, 0x110BD, 0x110CD, 0x111C2,
      0x111C3, 0x1193F, 0x11941, 0x11A3A, 0x11A84...0x11A89, 0x11D46:
      true
    default: false
    }
  }

  /// ``split(_:keepWildcards:lowercase:)`` a character at a time, for any text.
  static func splitCharacters(_ text: String, keepWildcards: Bool, lowercase: Bool) -> [String] {
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

  /// ``split(_:keepWildcards:lowercase:)`` for text whose letters are all ASCII (most text:
  /// curly quotes, dashes and emoji are fine), a scalar at a time; `nil` for any other text.
  static func splitASCII(_ text: String, keepWildcards: Bool, lowercase: Bool)
    -> [String]?
  {
    var words: [String] = []
    var current: [UInt8] = []
    func finish() {
      var start = 0
      var end = current.count
      while start < end, current[start] == 0x27 || current[start] == 0x2D { start += 1 }
      while end > start, current[end - 1] == 0x27 || current[end - 1] == 0x2D { end -= 1 }
      if start < end { words.append(String(decoding: current[start..<end], as: UTF8.self)) }
      current.removeAll(keepingCapacity: true)
    }
    for scalar in text.unicodeScalars {
      var byte: UInt8
      if scalar.value == 0x2019 {
        byte = 0x27
      } else if scalar.value < 0x80 {
        byte = UInt8(scalar.value)
      } else if Self.isPlainSeparator(scalar) {
        byte = 0x20
      } else {
        return nil
      }
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"):
        if lowercase { byte += 32 }
        current.append(byte)
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), 0x27, 0x2D:
        current.append(byte)
      default:
        if !current.isEmpty { finish() }
        if keepWildcards && byte == UInt8(ascii: "*") { words.append("*") }
      }
    }
    if !current.isEmpty { finish() }
    return words
  }

  /// Punctuation, spaces and emoji that stand alone as characters (never part of a letter's
  /// character): general punctuation but the curly apostrophe and joiners, Latin-1
  /// punctuation, arrows and symbols, emoji and their skin tones.
  static func isPlainSeparator(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0xA0...0xA9, 0xAB...0xB1, 0xB4, 0xB6...0xB8, 0xBB, 0xBF, 0xD7, 0xF7: true
    case 0x2000...0x200B, 0x2010...0x2018, 0x201A...0x2027, 0x202F...0x205F: true
    case 0x2190...0x2BFF, 0x1F000...0x1F3FA, 0x1F400...0x1FAFF: true
    default: false
    }
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

  /// Matches `pattern` (words and `*`) against all of `words`; returns the range of words
  /// each wildcard took (the earlier wildcards as long as they can be).
  ///
  /// Polynomial: which (pattern, word) positions can still finish is worked out once, from
  /// the end, so a pattern with many wildcards never backtracks.
  static func match(_ pattern: [String], _ words: [String]) -> [Range<Int>]? {
    let p = pattern.count
    let w = words.count
    // canFinish[i][j]: pattern[i...] matches words[j...].
    var canFinish = Array(repeating: Array(repeating: false, count: w + 1), count: p + 1)
    canFinish[p][w] = true
    for i in stride(from: p - 1, through: 0, by: -1) {
      for j in stride(from: w, through: 0, by: -1) {
        if pattern[i] == "*" {
          canFinish[i][j] = canFinish[i + 1][j] || (j < w && canFinish[i][j + 1])
        } else {
          canFinish[i][j] = j < w && words[j] == pattern[i] && canFinish[i + 1][j + 1]
        }
      }
    }
    guard canFinish[0][0] else { return nil }
    var ranges: [Range<Int>] = []
    var j = 0
    for i in 0..<p {
      if pattern[i] == "*" {
        var end = w
        while !canFinish[i + 1][end] { end -= 1 }
        ranges.append(j..<end)
        j = end
      } else {
        j += 1
      }
    }
    return ranges
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
    text = text.replacingOccurrences(of: " ?", with: "?").replacingOccurrences(of: " .", with: ".")
    // A slot at the start of a line starts a sentence.
    return text.prefix(1).uppercased() + text.dropFirst()
  }
}
