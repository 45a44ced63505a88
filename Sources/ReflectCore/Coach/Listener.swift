import Foundation

/// What the coach hears in one answer, before it decides what to say.
///
/// Keywords are found in the sense the rules are about:
/// - a phrase with another sense ("on time", "next time") or an idiom or discourse marker
///   ("if I'm honest", "to be fair", "as always") hides its words from matching;
/// - a keyword right after a negation ("never agreed", "didn't trust", "nothing was
///   required") does not count as said;
/// - nor does a word that is part of a name ("Hillside Community Trust": a capital inside a
///   sentence, or a capitalised run) or that modifies the noun after it ("the community
///   provider", "the trust board": the `compound_heads` of `listening`).
///
/// docs/coach-rules.md documents the lists, which are data in `Prompts/coach.yaml`
/// (`listening`).
struct Hearing: Sendable {
  /// The answer as typed, trimmed.
  var text: String
  /// Lower-case words, with masked phrases blanked out (an empty string per hidden word).
  var words: [String]
  /// Indexes of words that a negation governs.
  var negated: Set<Int>
  /// Indexes of words that are part of a name or modify the noun after them.
  var named: Set<Int>

  /// Listens to `text` with the given listening data.
  init(_ text: String, listening: Listening) {
    self.text = text
    var words = Words.split(text)
    for phrase in listening.masked + listening.idioms {
      let needle = Words.split(phrase)
      var start = 0
      while let found = Words.position(of: needle, in: words, from: start) {
        for index in found..<(found + needle.count) { words[index] = "" }
        start = found + needle.count
      }
    }
    var negated: Set<Int> = []
    let breaks = Self.clauseEnds(in: text, count: words.count)
    for (index, word) in words.enumerated() where listening.isNegator(word) {
      // A negation governs the next few words of its clause ("did not really agree"); a
      // negative subject reaches its verb's complement ("nothing about it was optional").
      let reach = ["nothing", "none", "nobody", "no-one"].contains(word) ? 6 : 4
      for next in (index + 1)..<min(words.count, index + reach) {
        if breaks.contains(next - 1) { break }
        negated.insert(next)
      }
    }
    var named = Self.names(in: text, count: words.count)
    for index in words.indices.dropLast()
    where !words[index].isEmpty && !breaks.contains(index)
      && listening.compoundHeads.contains(words[index + 1])
    {
      named.insert(index)
    }
    self.words = words
    self.negated = negated
    self.named = named
  }

  /// Indexes of the words of `text` that end a sentence.
  static func sentenceEnds(in text: String) -> Set<Int> {
    var result: Set<Int> = []
    var index = 0
    for token in text.split(whereSeparator: \.isWhitespace) {
      index += Words.split(String(token)).count
      if index > 0, let last = token.last, ".!?".contains(last) { result.insert(index - 1) }
    }
    return result
  }

  /// Indexes of the words of `text` followed by punctuation (a clause may end there).
  static func clauseEnds(in text: String, count: Int) -> Set<Int> {
    var result: Set<Int> = []
    var index = 0
    for token in text.split(whereSeparator: \.isWhitespace) {
      index += Words.split(String(token)).count
      if index > 0, let last = token.last, ",;:.!?—–)".contains(last) { result.insert(index - 1) }
    }
    return index == count ? result : []
  }

  /// Indexes of the words of `text` that belong to a name.
  ///
  /// A name is a run of two or more capitalised words with nothing between them
  /// ("Hillside Community Trust", "the NHS Trust"). A single capital is not enough
  /// ("Honesty, Fairness, Respect" names values); "I" is not a name.
  static func names(in text: String, count: Int) -> Set<Int> {
    var capitalised: [Bool] = []
    var breakAfter: [Bool] = []
    for token in text.split(whereSeparator: \.isWhitespace) {
      let words = Words.split(String(token), lowercase: false)
      for (offset, word) in words.enumerated() {
        let lower = word.lowercased()
        let isI = lower == "i" || lower.hasPrefix("i'")
        capitalised.append(!isI && word.first.map(\.isUppercase) == true)
        let last = offset == words.count - 1
        breakAfter.append(last && token.last.map { !$0.isLetter && !$0.isNumber } == true)
      }
    }
    guard capitalised.count == count else { return [] }
    var result: Set<Int> = []
    var run: [Int] = []
    func close() {
      if run.count >= 2 { result.formUnion(run) }
      run = []
    }
    for index in capitalised.indices {
      if capitalised[index] { run.append(index) } else { close() }
      if breakAfter[index] { close() }
    }
    close()
    return result
  }

  /// Whether the phrase of `length` words at `index` is in the sense the rules mean: not
  /// negated, not part of a name, not a modifier of another noun.
  private func inSense(_ index: Int, _ length: Int) -> Bool {
    !negated.contains(index) && !isNamed(index, length)
  }

  private func isNamed(_ index: Int, _ length: Int) -> Bool {
    (index..<(index + length)).contains { named.contains($0) }
  }

  /// Where `phrase` is first said in the sense the rules mean, if it is (with `negatedToo`,
  /// negated or not).
  func position(of phrase: String, negatedToo: Bool = false) -> Int? {
    let needle = Words.split(phrase)
    var start = 0
    while let found = Words.position(of: needle, in: words, from: start) {
      if inSense(found, needle.count) || (negatedToo && !isNamed(found, needle.count)) {
        return found
      }
      start = found + 1
    }
    return nil
  }

  /// Whether `phrase` occurs at all, negated or not ("never backs me" holds "backs me"),
  /// leaving out names and modifiers ("Hillside Trust" does not name trust).
  func mentions(_ phrase: String) -> Bool {
    let needle = Words.split(phrase)
    var start = 0
    while let found = Words.position(of: needle, in: words, from: start) {
      if !isNamed(found, needle.count) { return true }
      start = found + 1
    }
    return false
  }

  /// Whether any of `phrases` is said (not negated).
  func says(any phrases: [String]) -> Bool { phrases.contains { position(of: $0) != nil } }

  /// The first of `phrases` said, as the person wrote it ("Fairness" for `fairness`); with
  /// `negatedToo`, a negated one counts ("without short-changing the children").
  func firstSaid(of phrases: [String], negatedToo: Bool = false) -> String? {
    let found = phrases.compactMap { phrase in
      (negatedToo ? position(of: phrase, negatedToo: true) : position(of: phrase))
        .map { ($0, phrase) }
    }
    guard let (index, phrase) = found.min(by: { $0.0 < $1.0 }) else { return nil }
    let original = Words.split(text, lowercase: false)
    let count = Words.split(phrase).count
    guard index + count <= original.count else { return phrase }
    var words = Array(original[index..<(index + count)])
    // A capital only because it opens a sentence is not kept ("Young people, obviously" →
    // "the young people"); a name ("Riverside Community Arts") is.
    let opensSentence = index == 0 || Self.sentenceEnds(in: text).contains(index - 1)
    let nextIsCapital = original.dropFirst(index + 1).first?.first?.isUppercase == true
    if opensSentence, !nextIsCapital, Reflector.isOrdinaryCapital(words[0]) {
      words[0] = words[0].lowercased()
    }
    return words.joined(separator: " ")
  }
}

/// The listening lists of `coach.yaml`.
public struct Listening: Sendable, Equatable {
  /// Words that negate what follows ("not", "never", "didn't"…).
  public var negators: [String]
  /// Phrases whose words are not keywords ("on time", "next time", "at the time"…).
  public var masked: [String]
  /// Idioms and discourse markers, masked the same way ("if I'm honest", "to be fair").
  public var idioms: [String]
  /// Nouns that make the word before them a modifier ("provider" in "community provider").
  public var compoundHeads: Set<String>
  /// Phrases that say the coach missed something ("I already said", "I just told you"…).
  public var meta: [String]
  /// Apologies for a meta reply; `(said)` is what the person had said.
  public var repairs: [String]
  /// Apologies when there is nothing to quote.
  public var plainRepairs: [String]
  /// What a question asks about, as topics of phrases ("accountable", "held everyone to"):
  /// a follow-up of a topic the session has asked about already is not asked again.
  public var asks: [[String]]

  /// Creates the lists.
  public init(
    negators: [String], masked: [String], idioms: [String] = [], compoundHeads: Set<String> = [],
    meta: [String], repairs: [String], plainRepairs: [String], asks: [[String]] = []
  ) {
    self.negators = negators
    self.masked = masked
    self.idioms = idioms
    self.compoundHeads = compoundHeads
    self.meta = meta
    self.repairs = repairs
    self.plainRepairs = plainRepairs
    self.asks = asks
  }

  /// The lists of the built-in `Prompts/coach.yaml` (none when it cannot be read), used to
  /// hear a pack's rule examples.
  static let builtIn: Listening = (try? CoachRules.builtIn().listening) ?? .none

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
