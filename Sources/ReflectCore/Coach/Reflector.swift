import Foundation

/// Turns the person's words into the coach's: whole clauses, pronouns swapped by role.
///
/// A reflection is offered only when it reads cleanly: at most ``maxWords`` words, no cut
/// phrase (nothing ends on "the", "your" or "but"), and no second-person words of the
/// person's own ("you have to…" is usually generic; echoing it as "I have to…" would put
/// words in the coach's mouth). Otherwise the caller quotes the person or asks the stage
/// question instead. First-person words swap by the `reflections` table (`my` → `your`);
/// `you` as an object becomes `me` ("you just told me"); verbs agree ("I was" → "you were").
struct Reflector: Sendable, Equatable {
  /// First-person word → second-person word (`i: you`, `my: your`, `we: you`…).
  var swaps: [String: String]
  /// Longest echo, in words.
  var maxWords = 16

  /// Whether a last "with" or "to" belongs to the verb before it ("the people I work
  /// with", "the ones we talked to"), so the words end whole.
  static func endsOnItsVerb(_ words: [String]) -> Bool {
    guard words.count >= 3, let last = words.last,
      ["with", "to", "for", "on", "about"].contains(last)
    else { return false }
    let verbs: Set<String> = [
      "work", "worked", "works", "live", "lived", "deal", "dealt", "talk", "talked", "speak",
      "spoke", "play", "played", "grew", "listen", "listened", "rely", "relied", "count",
      "counted", "care", "cared", "answer", "answered", "report", "reported",
    ]
    let subjects: Set<String> = ["i", "we", "you", "they", "he", "she"]
    let verb = words[words.count - 2]
    return verbs.contains(verb) && subjects.contains(words[words.count - 3])
  }

  /// Words that leave a phrase hanging when it ends on them.
  static let dangling: Set<String> = [
    "the", "a", "an", "my", "your", "our", "their", "his", "her", "its", "of", "to", "in", "on",
    "at", "for", "with", "by", "from", "and", "but", "or", "because", "when", "if", "than", "as",
    "into", "about", "so", "very", "whose", "which", "who", "whom", "where", "while", "until",
    "although", "though", "unless", "whether", "nor", "yet", "not",
  ]

  /// Conjunctions dropped from the start of an echoed clause ("but the board…").
  static let leadIns: Set<String> = [
    "and", "but", "so", "because", "then", "also", "or", "yet", "well", "though", "although",
  ]

  /// Verbs that make "I …" a hedge rather than a statement.
  static let hedges: Set<String> = ["think", "suppose", "guess", "reckon", "imagine", "mean"]

  /// Words after which `you` is an object ("told you", "with you").
  static let objectContext: Set<String> = [
    "to", "for", "with", "at", "from", "about", "than", "like", "told", "tell", "asked", "ask",
    "gave", "give", "showed", "show", "let", "help", "helped", "thank", "thanked", "see", "saw",
    "meet", "met", "call", "called", "trust", "trusted", "need", "needed", "want", "wanted",
    "pay", "paid", "send", "sent", "bring", "brought", "expect", "expected", "hear", "heard",
    "answer", "answered", "mentioned", "explained", "said", "repeat", "repeated",
  ]

  /// Words that mark the clause as addressed to the coach or generic ("you have to…").
  static let secondPerson: Set<String> = [
    "you", "your", "yours", "yourself", "yourselves", "you're", "you've", "you'd", "you'll",
  ]

  /// `text` (as typed) in the second person, or `nil` when no clean reflection exists.
  ///
  /// Words are taken between spaces; punctuation around a word is kept.
  ///
  /// - Parameters:
  ///   - text: a clause or sentence in the person's words.
  ///   - startsSentence: whether the first word began a sentence (so may be lower-cased).
  ///   - limit: the most words allowed (default ``maxWords``).
  ///   - names: capitalised words seen mid-sentence in the person's answers (kept as typed).
  ///   - wholeSentence: the text is a whole sentence, so it may end on a preposition ("a
  ///     school they can be proud of").
  func reflect(
    _ text: String, startsSentence: Bool = true, limit: Int? = nil, names: Set<String> = [],
    wholeSentence: Bool = false
  ) -> String? {
    var tokens = text.split(whereSeparator: \.isWhitespace).map(Token.init)
      .filter { !$0.isEmpty }
    while let first = tokens.first, first.prefix.isEmpty, Self.leadIns.contains(first.lower) {
      tokens.removeFirst()
    }
    guard !tokens.isEmpty, tokens.count <= (limit ?? maxWords),
      let last = tokens.last,
      !(wholeSentence ? LineLint.danglingAtEnd : Self.dangling).contains(last.lower)
        || Self.endsOnItsVerb(tokens.map(\.lower))
    else { return nil }
    // "I think", "I suppose": a hedge the coach cannot give back as fact ("honestly you
    // think they'd know…" tells them what they think); the caller quotes them instead.
    for (first, second) in zip(tokens, tokens.dropFirst())
    where first.lower == "i" && Self.hedges.contains(second.lower) {
      return nil
    }
    var result: [String] = []
    for (index, token) in tokens.enumerated() {
      let lower = token.lower
      let previous = index > 0 ? tokens[index - 1].lower : nil
      // A capital followed by another starts a name ("Riverside Community Arts joined").
      let startsName =
        index == 0 && tokens.count > 1 && tokens[1].core != "I"
        && tokens[1].core.first?.isUppercase == true
      let word: String
      if lower == "you" {
        // Only an object "you" is the coach ("you told me" → "I told you" is not safe).
        guard let previous, Self.objectContext.contains(previous) else { return nil }
        word = "me"
      } else if Self.secondPerson.contains(lower) {
        return nil
      } else if previous == "i", lower == "was" {
        word = "were"
      } else if previous == "i", lower == "wasn't" {
        word = "weren't"
      } else if let swapped = swaps[lower] {
        word = swapped
      } else if index == 0, startsSentence, !startsName, Self.isOrdinaryCapital(token.core),
        !names.contains(token.core)
      {
        word = lower
      } else {
        word = token.core
      }
      result.append(token.prefix + word + token.suffix)
    }
    return result.joined(separator: " ")
  }

  /// A word between spaces: leading punctuation, the word, trailing punctuation.
  struct Token {
    var prefix: String
    var core: String
    var suffix: String
    var lower: String { core.lowercased().replacingOccurrences(of: "’", with: "'") }
    var isEmpty: Bool { core.isEmpty }

    init(_ raw: Substring) {
      let isWordCharacter: (Character) -> Bool = {
        $0.isLetter || $0.isNumber || $0 == "'" || $0 == "’"
      }
      let start = raw.firstIndex(where: isWordCharacter) ?? raw.endIndex
      let end = raw.lastIndex(where: isWordCharacter).map(raw.index(after:)) ?? start
      prefix = String(raw[..<start])
      core = start < end ? String(raw[start..<end]) : ""
      suffix = start < end ? String(raw[end...]) : String(raw[start...])
    }
  }

  /// A sentence-initial capital that is not a name or an acronym ("The", "Trust" → lower).
  ///
  /// Without a dictionary, a word with further capitals ("NHS", "McKay") keeps its case, and
  /// so does a short list of titles; everything else is taken as an ordinary word.
  static func isOrdinaryCapital(_ word: String) -> Bool {
    guard let first = word.first, first.isUppercase else { return false }
    return word.dropFirst().allSatisfy { !$0.isUppercase }
      && !["Mr", "Mrs", "Ms", "Dr", "Sir", "Dame"].contains(word)
  }

  /// Capitalised words that stand mid-sentence in `text`: names, as far as we can tell.
  static func names(in text: String) -> Set<String> {
    var result: Set<String> = []
    for sentence in Words.sentences(text) {
      for word in Words.split(sentence, lowercase: false).dropFirst()
      where word != "I" && isOrdinaryCapital(word) {
        result.insert(word)
      }
    }
    return result
  }
}
