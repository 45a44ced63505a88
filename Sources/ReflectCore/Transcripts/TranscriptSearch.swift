import Foundation

/// One place a search matched: a person's answer, lesson or commitment.
public struct SearchHit: Codable, Sendable, Equatable {
  public var session: String
  public var date: Date
  public var stage: String
  /// `answer`, `lesson` or `commitment`.
  public var kind: String
  public var text: String
  /// A part of `text` around the first match (the whole text when short).
  public var snippet: String
  /// How well it matches, higher first: the full-text index's bm25 score, negated.
  public var rank: Double
  /// The cosine of its closest sentence with the query, when it was found by meaning
  /// (`search --meaning`, `similar`); absent otherwise.
  public var similarity: Double?

  public init(
    session: String, date: Date, stage: String, kind: String, text: String, snippet: String,
    rank: Double
  ) {
    self.session = session
    self.date = date
    self.stage = stage
    self.kind = kind
    self.text = text
    self.snippet = snippet
    self.rank = rank
  }
}

/// A search query, as people expect one to work (docs: README, "Search").
///
/// Words match whole words, case and accents aside (`art` does not find "partners");
/// `part*` matches words starting with "part"; `"agreed in the budget"` matches those words
/// in a row; `OR` between two terms accepts either; `NOT term` or `-term` excludes. Terms are
/// otherwise all required.
public struct SearchQuery: Sendable, Equatable {
  /// One thing to look for.
  public enum Term: Sendable, Equatable {
    case word(String)
    case prefix(String)
    case phrase([String])
  }

  /// Groups that must all match; a group matches when any of its terms does.
  public var required: [[Term]]
  /// Terms that must not match.
  public var excluded: [Term]

  /// Why a query cannot be searched.
  public struct Problem: Error, Equatable, Sendable, LocalizedError {
    public var message: String
    public var errorDescription: String? { message }
  }

  /// Parses `text`.
  public init(_ text: String) throws(Problem) {
    var tokens: [(term: Term, negated: Bool)] = []
    var ors: Set<Int> = []
    var index = text.startIndex
    var negateNext = false
    while index < text.endIndex {
      let character = text[index]
      if character.isWhitespace {
        index = text.index(after: index)
        continue
      }
      var negated = negateNext
      negateNext = false
      var start = index
      if character == "-" {
        negated = true
        start = text.index(after: index)
      }
      if start < text.endIndex, text[start] == "\"" {
        let open = text.index(after: start)
        guard let close = text[open...].firstIndex(of: "\"") else {
          throw Problem(
            message: "the quote that starts at '\(text[start...].prefix(20))' is not closed")
        }
        let words = Words.split(Self.fold(String(text[open..<close])))
        if !words.isEmpty {
          tokens.append((words.count == 1 ? .word(words[0]) : .phrase(words), negated))
        }
        index = text.index(after: close)
        continue
      }
      let end = text[start...].firstIndex(where: \.isWhitespace) ?? text.endIndex
      let raw = String(text[start..<end])
      index = end
      if raw == "OR", !negated {
        if !tokens.isEmpty { ors.insert(tokens.count - 1) }
        continue
      }
      if raw == "NOT", !negated {
        negateNext = true
        continue
      }
      let isPrefix = raw.hasSuffix("*")
      let words = Words.split(Self.fold(isPrefix ? String(raw.dropLast()) : raw))
      guard !words.isEmpty else { continue }
      if isPrefix, words.count == 1 {
        tokens.append((.prefix(words[0]), negated))
      } else {
        tokens.append((words.count == 1 ? .word(words[0]) : .phrase(words), negated))
      }
    }
    var required: [[Term]] = []
    var excluded: [Term] = []
    var joinNext = false
    for (position, token) in tokens.enumerated() {
      if token.negated {
        excluded.append(token.term)
        joinNext = false
        continue
      }
      if joinNext, !required.isEmpty {
        required[required.count - 1].append(token.term)
      } else {
        required.append([token.term])
      }
      joinNext = ors.contains(position)
    }
    guard !required.isEmpty else {
      throw Problem(message: "a search needs at least one word to find")
    }
    self.required = required
    self.excluded = excluded
  }

  /// `text` as the full-text table keeps it.
  ///
  /// Its folded words (``foldedWords(_:)``) with a space between. The table's tokenizer (`ascii`, with `'` and `-` as word characters)
  /// splits only at those spaces, so its tokens are exactly the words a query matches.
  static func indexable(_ text: String) -> String {
    foldedWords(text).joined(separator: " ")
  }

  /// `Words.split(fold(text))`, folding only the words that need it (folding is slow).
  ///
  /// Text with a fullwidth apostrophe or hyphen, or with combining marks (a mark on a
  /// hyphen hides it from splitting until folding removes the mark), is folded whole.
  static func foldedWords(_ text: String) -> [String] {
    let foldWhole = text.unicodeScalars.contains { scalar in
      guard scalar.value >= 0x300 else { return false }
      if scalar.value == 0xFF07 || scalar.value == 0xFF0D { return true }
      switch scalar.properties.generalCategory {
      case .nonspacingMark, .spacingMark, .enclosingMark: return true
      default: return false
      }
    }
    if foldWhole { return Words.split(fold(text)) }
    return Words.split(text).map { word in
      word.utf8.allSatisfy { $0 < 0x80 } ? word : fold(word)
    }
  }

  static func fold(_ text: String) -> String {
    text.folding(
      options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
  }

  /// How often the query's terms occur in `words` (folded), or 0 when it does not match.
  func score(_ words: [String]) -> Int {
    func count(_ term: Term) -> Int {
      switch term {
      case .word(let word): return words.filter { $0 == word }.count
      case .prefix(let prefix): return words.filter { $0.hasPrefix(prefix) }.count
      case .phrase(let phrase):
        guard phrase.count <= words.count else { return 0 }
        return (0...(words.count - phrase.count)).filter {
          Array(words[$0..<($0 + phrase.count)]) == phrase
        }.count
      }
    }
    if excluded.contains(where: { count($0) > 0 }) { return 0 }
    var total = 0
    for group in required {
      let found = group.reduce(0) { $0 + count($1) }
      guard found > 0 else { return 0 }
      total += found
    }
    return total
  }

  /// How well `text` matches (0: not at all): how often the query's terms occur in it.
  public func score(text: String) -> Int {
    cannotMatch(text) ? 0 : score(Self.foldedWords(text))
  }

  /// The query for SQLite's FTS5 over ``indexable(_:)`` text (``ArchiveIndex``).
  ///
  /// Every required group, its terms joined by OR, all groups joined by AND, and the
  /// excluded terms after NOT. As the table's tokens are the words this query matches, it
  /// finds exactly the texts ``score(text:)`` accepts (a property test and the fuzz target
  /// check that).
  public var fullTextExpression: String {
    func quoted(_ words: [String]) -> String {
      "\"" + words.joined(separator: " ").replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    func expression(_ term: Term) -> String {
      switch term {
      case .word(let word): quoted([word])
      case .prefix(let start): quoted([start]) + " *"
      case .phrase(let words): quoted(words)
      }
    }
    let all =
      "("
      + required.map { "(" + $0.map(expression).joined(separator: " OR ") + ")" }
      .joined(separator: " AND ") + ")"
    guard !excluded.isEmpty else { return all }
    return all + " NOT (" + excluded.map(expression).joined(separator: " OR ") + ")"
  }

  /// Whether `needle`'s bytes appear in `text` (a plain byte search).
  static func contains(_ text: inout String, _ needle: String) -> Bool {
    var needle = needle
    return text.withUTF8 { haystack in
      needle.withUTF8 { wanted in
        guard let first = wanted.first, wanted.count <= haystack.count else {
          return wanted.isEmpty
        }
        var index = 0
        while index <= haystack.count - wanted.count {
          if haystack[index] == first {
            var offset = 1
            while offset < wanted.count, haystack[index + offset] == wanted[offset] {
              offset += 1
            }
            if offset == wanted.count { return true }
          }
          index += 1
        }
        return false
      }
    }
  }

  /// Every term that can light up in a text, for highlighting.
  var positive: [Term] { required.flatMap { $0 } }

  /// Whether `text` certainly does not match, found without splitting it into words: when
  /// every letter, digit and mark in it is ASCII (curly quotes and dashes are fine), some
  /// required group has no term whose letters appear in it at all. (Splitting and folding
  /// every answer is most of a search's time; most answers fail here.)
  func cannotMatch(_ text: String) -> Bool {
    for scalar in text.unicodeScalars where !scalar.isASCII {
      let properties = scalar.properties
      switch properties.generalCategory {
      case .nonspacingMark, .spacingMark, .enclosingMark: return false
      default: if properties.isAlphabetic || properties.numericType != nil { return false }
      }
    }
    var lower = text.lowercased()
    func mayAppear(_ term: Term) -> Bool {
      let needle: String? =
        switch term {
        case .word(let word): word
        case .prefix(let start): start
        case .phrase(let words): words.first
        }
      // A curly apostrophe in the text is read as a straight one.
      guard let needle, needle.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "'") })
      else { return true }
      return Self.contains(&lower, needle)
    }
    return required.contains { group in !group.contains(where: mayAppear) }
  }
}

/// Finds what people wrote: answers, lessons and commitments matching a ``SearchQuery``.
public struct TranscriptSearch: Sendable {
  /// The query.
  public let query: SearchQuery
  /// Only this stage, when set.
  public var stage: String?

  /// A search for `query` (see ``SearchQuery``).
  public init(_ query: String, stage: String? = nil) throws(SearchQuery.Problem) {
    self.query = try SearchQuery(query)
    self.stage = stage
  }

  /// How well `text` matches (0: not at all).
  public func score(_ text: String) -> Int { query.score(text: text) }

  /// Whether `text` matches.
  public func matches(_ text: String) -> Bool { score(text) > 0 }

  /// Up to about 100 characters of `text` around the first match.
  public func snippet(_ text: String) -> String {
    guard text.count > 100, let range = matchRanges(in: text).first else { return text }
    let start =
      text.index(range.lowerBound, offsetBy: -40, limitedBy: text.startIndex) ?? text.startIndex
    let end = text.index(start, offsetBy: 100, limitedBy: text.endIndex) ?? text.endIndex
    return (start > text.startIndex ? "…" : "") + text[start..<end]
      + (end < text.endIndex ? "…" : "")
  }

  /// The ranges of `text` where a term matches as a whole word (or a word's start, for a
  /// prefix), for highlighting.
  public func matchRanges(in text: String) -> [Range<String.Index>] {
    var ranges: [Range<String.Index>] = []
    for term in query.positive {
      let (needle, prefix): (String, Bool) =
        switch term {
        case .word(let word): (word, false)
        case .prefix(let start): (start, true)
        case .phrase(let words): (words.joined(separator: " "), false)
        }
      var searchStart = text.startIndex
      while let range = text.range(
        of: needle, options: [.caseInsensitive, .diacriticInsensitive],
        range: searchStart..<text.endIndex)
      {
        searchStart = range.upperBound
        let before =
          range.lowerBound > text.startIndex ? text[text.index(before: range.lowerBound)] : " "
        let after = range.upperBound < text.endIndex ? text[range.upperBound] : " "
        guard !before.isLetter, !before.isNumber, prefix || (!after.isLetter && !after.isNumber)
        else { continue }
        var end = range.upperBound
        if prefix {
          while end < text.endIndex, text[end].isLetter || text[end].isNumber {
            end = text.index(after: end)
          }
        }
        ranges.append(range.lowerBound..<end)
      }
    }
    return ranges.sorted { $0.lowerBound < $1.lowerBound }
  }
}
