import Foundation

/// A documented, deterministic text similarity for lessons (docs/export-format.md).
///
/// Text is folded (case, accents), split into words, stop words dropped, each word stemmed
/// by stripping common English suffixes, and a small table of concepts maps near-synonyms to
/// one term ("patience" and "time" both become `time`). Two texts are similar when the
/// Jaccard index of their term sets is at least ``threshold``. No models, no network.
public enum TextSimilarity {
  /// Jaccard index at or above which two lessons say "nearly the same thing".
  public static let threshold = 0.5

  static let stopWords: Set<String> = [
    "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for", "with",
    "from", "as", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that",
    "these", "those", "i", "me", "my", "we", "us", "our", "you", "your", "they", "them", "their",
    "he", "she", "his", "her", "so", "do", "does", "did", "not", "no", "can", "will", "would",
    "should", "could", "have", "has", "had", "more", "most", "very", "than", "then", "there",
    "what", "when", "which", "who", "how", "all", "any", "each", "about", "into", "out", "up",
    "just", "also", "only", "own", "same", "too", "before", "after", "again", "it's", "i've",
    "we've", "i'm", "don't", "always", "never", "really",
  ]

  /// Near-synonyms mapped to one concept term (after stemming).
  static let concepts: [String: String] = [
    "patienc": "time", "patient": "time", "slow": "time", "slowli": "time", "long": "time",
    "year": "time", "month": "time", "week": "time",
    "take": "need", "takes": "need", "took": "need", "requir": "need", "must": "need",
    "earn": "build", "grow": "build", "gain": "build", "develop": "build", "grew": "build",
    "partner": "partner", "partnership": "partner", "colleagu": "partner",
    "valu": "value", "principl": "value",
    "listen": "listen", "hear": "listen", "heard": "listen",
    "early": "early", "sooner": "early", "first": "early", "earli": "early",
    "written": "write", "writ": "write", "wrote": "write", "record": "write",
  ]

  /// The terms of `text`: folded, stop words out, stemmed, concepts merged.
  public static func terms(_ text: String) -> [String] { termsWithWords(text).map(\.term) }

  /// Each term of `text` with the (lower-case) word it came from.
  public static func termsWithWords(_ text: String) -> [(term: String, word: String)] {
    termsWithWords(words: Words.split(text))
  }

  /// The terms of text already split by `Words.split`.
  static func terms(words: [String]) -> [String] { termsWithWords(words: words).map(\.term) }

  static func termsWithWords(words: [String]) -> [(term: String, word: String)] {
    words.filter { !stopWords.contains($0) && $0.count > 1 }.map { word in
      let folded =
        word.utf8.allSatisfy { $0 < 0x80 }
        ? word : word.folding(options: [.diacriticInsensitive], locale: nil)
      let stemmed = stem(folded)
      return ((concepts[stemmed] ?? concepts[folded]).map(stem) ?? stemmed, word)
    }
  }

  /// A light suffix-stripping stemmer (not Porter's; enough to join plurals and tenses).
  static func stem(_ word: String) -> String {
    word.utf8.allSatisfy({ $0 < 0x80 }) ? stemASCII(word) : stemCharacters(word)
  }

  /// ``stem(_:)`` a character at a time, for any word.
  static func stemCharacters(_ word: String) -> String {
    var word = word
    for suffix in [
      "ingly", "edly", "ings", "ing", "ness", "ment", "ies", "ied", "ed", "es", "ly", "s", "e", "y",
    ]
    where word.count - suffix.count >= 3 && word.hasSuffix(suffix) {
      word.removeLast(suffix.count)
      if suffix == "ies" || suffix == "ied" { word += "i" }
      break
    }
    if let last = word.last, word.count > 3, word.dropLast().last == last, !"lsz".contains(last) {
      word.removeLast()
    }
    return word
  }

  /// ``stem(_:)`` for an ASCII word, on its bytes.
  static func stemASCII(_ text: String) -> String {
    var word = Array(text.utf8)
    for suffix in asciiSuffixes
    where word.count - suffix.count >= 3 && word.suffix(suffix.count).elementsEqual(suffix) {
      word.removeLast(suffix.count)
      if suffix == Array("ies".utf8) || suffix == Array("ied".utf8) { word.append(0x69) }
      break
    }
    if let last = word.last, word.count > 3, word[word.count - 2] == last,
      ![UInt8(ascii: "l"), UInt8(ascii: "s"), UInt8(ascii: "z")].contains(last)
    {
      word.removeLast()
    }
    return String(decoding: word, as: UTF8.self)
  }

  private static let asciiSuffixes: [[UInt8]] = [
    "ingly", "edly", "ings", "ing", "ness", "ment", "ies", "ied", "ed", "es", "ly", "s", "e", "y",
  ].map { Array($0.utf8) }

  /// The Jaccard index of two texts' term sets (0 when either has no terms).
  public static func similarity(_ first: String, _ second: String) -> Double {
    similarity(Set(terms(first)), Set(terms(second)))
  }

  static func similarity<Term: Hashable>(_ first: Set<Term>, _ second: Set<Term>) -> Double {
    guard !first.isEmpty, !second.isEmpty else { return 0 }
    let (small, large) = first.count <= second.count ? (first, second) : (second, first)
    let shared = small.reduce(0) { $0 + (large.contains($1) ? 1 : 0) }
    return Double(shared) / Double(first.count + second.count - shared)
  }
}
