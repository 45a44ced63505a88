import Foundation

/// What the coach hears in one answer, before it decides what to say.
///
/// Keywords are found in context: a phrase with another sense ("on time", "next time") hides
/// its words from matching, and a keyword right after a negation ("never agreed", "didn't
/// trust") does not count as said. docs/coach-rules.md documents the lists, which are data
/// in `Prompts/coach.yaml` (`listening`).
struct Hearing: Sendable {
  /// The answer as typed, trimmed.
  var text: String
  /// Lower-case words, with masked phrases blanked out (an empty string per hidden word).
  var words: [String]
  /// Indexes of words that a negation governs.
  var negated: Set<Int>

  /// Listens to `text` with the given listening data.
  init(_ text: String, listening: Listening) {
    self.text = text
    var words = Words.split(text)
    for phrase in listening.masked {
      let needle = Words.split(phrase)
      var start = 0
      while let found = Words.position(of: needle, in: words, from: start) {
        for index in found..<(found + needle.count) { words[index] = "" }
        start = found + needle.count
      }
    }
    var negated: Set<Int> = []
    for (index, word) in words.enumerated() where listening.isNegator(word) {
      // A negation governs the next few words of its clause ("did not really agree").
      for next in (index + 1)..<min(words.count, index + 4) { negated.insert(next) }
    }
    self.words = words
    self.negated = negated
  }

  /// Where `phrase` is first said and not negated, if it is.
  func position(of phrase: String) -> Int? {
    let needle = Words.split(phrase)
    var start = 0
    while let found = Words.position(of: needle, in: words, from: start) {
      if !negated.contains(found) { return found }
      start = found + 1
    }
    return nil
  }

  /// Whether `phrase` occurs at all, negated or not ("never backs me" holds "backs me").
  func mentions(_ phrase: String) -> Bool {
    Words.position(of: Words.split(phrase), in: words, from: 0) != nil
  }

  /// Whether any of `phrases` is said (not negated).
  func says(any phrases: [String]) -> Bool { phrases.contains { position(of: $0) != nil } }

  /// The first of `phrases` said, as the person wrote it ("Fairness" for `fairness`); with
  /// `negatedToo`, a negated one counts ("without short-changing the children").
  func firstSaid(of phrases: [String], negatedToo: Bool = false) -> String? {
    let found = phrases.compactMap { phrase in
      (negatedToo
        ? Words.position(of: Words.split(phrase), in: words, from: 0) : position(of: phrase))
        .map { ($0, phrase) }
    }
    guard let (index, phrase) = found.min(by: { $0.0 < $1.0 }) else { return nil }
    let original = Words.split(text, lowercase: false)
    let count = Words.split(phrase).count
    guard index + count <= original.count else { return phrase }
    return original[index..<(index + count)].joined(separator: " ")
  }
}

/// The listening lists of `coach.yaml`.
public struct Listening: Sendable, Equatable {
  /// Words that negate what follows ("not", "never", "didn't"…).
  public var negators: [String]
  /// Phrases whose words are not keywords ("on time", "next time", "at the time"…).
  public var masked: [String]
  /// Phrases that say the coach missed something ("I already said", "I just told you"…).
  public var meta: [String]
  /// Apologies for a meta reply; `(said)` is what the person had said.
  public var repairs: [String]
  /// Apologies when there is nothing to quote.
  public var plainRepairs: [String]

  /// Creates the lists.
  public init(
    negators: [String], masked: [String], meta: [String], repairs: [String],
    plainRepairs: [String]
  ) {
    self.negators = negators
    self.masked = masked
    self.meta = meta
    self.repairs = repairs
    self.plainRepairs = plainRepairs
  }

  /// No listening data: every word counts as said.
  public static let none = Listening(
    negators: [], masked: [], meta: [], repairs: [], plainRepairs: [])

  func isNegator(_ word: String) -> Bool {
    negators.contains(word) || (word.hasSuffix("n't") && word.count > 3)
  }
}

extension Words {
  /// Where `needle` occurs in `words` at or after `start`.
  static func position(of needle: [String], in words: [String], from start: Int) -> Int? {
    guard !needle.isEmpty, needle.count <= words.count, start <= words.count - needle.count
    else { return nil }
    for index in start...(words.count - needle.count)
    where words[index] == needle[0] && Array(words[index..<(index + needle.count)]) == needle {
      return index
    }
    return nil
  }
}
