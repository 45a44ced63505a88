import Foundation

/// Replaces names of people and organisations with consistent pseudonyms ("Person A",
/// "Organisation B") so a summary can be shared.
///
/// Names are found two ways: runs of capitalised words (one name, such as "Sam Jones" or
/// "Hill Academy Trust"; a single capitalised word only where it does not start a
/// sentence, so "Trust matters" keeps its "Trust"), and a list the person keeps
/// in `~/.config/reflect/redact.txt` (one name a line; `org: Name` marks an organisation),
/// which also catches names at the start of a sentence. A name containing a word like
/// Council, Trust, School or Board is an organisation. Limits: a lower-case name, or a
/// one-word name only ever written at the start of a sentence and not in the list, is not
/// found.
public struct Redactor: Sendable {
  private(set) var pseudonyms: [String: String] = [:]
  private var order: [String] = []
  private var people = 0
  private var organisations = 0
  private let listed: [(name: String, organisation: Bool)]

  static let organisationWords: Set<String> = [
    "council", "trust", "school", "schools", "academy", "authority", "board", "diocese",
    "committee", "ltd", "limited", "university", "college", "department", "services",
    "service", "nhs", "foundation", "federation", "partnership", "group", "agency", "charity",
  ]

  /// A redactor with the person's own list of names.
  public init(list: String = "") {
    listed = list.split(separator: "\n").compactMap { raw in
      let line = raw.trimmingCharacters(in: .whitespaces)
      guard !line.isEmpty, !line.hasPrefix("#") else { return nil }
      if line.lowercased().hasPrefix("org:") {
        return (String(line.dropFirst(4)).trimmingCharacters(in: .whitespaces), true)
      }
      return (line, false)
    }
  }

  /// Learns the names in `text` (call for every text before redacting, in document order,
  /// so pseudonyms are handed out consistently).
  public mutating func learn(_ text: String) {
    for (name, organisation) in listed where text.localizedCaseInsensitiveContains(name) {
      assign(name, organisation: organisation)
    }
    for name in Self.capitalisedNames(in: text) {
      let words = name.split(separator: " ").map { $0.lowercased() }
      assign(name, organisation: words.contains(where: Self.organisationWords.contains))
    }
  }

  private mutating func assign(_ name: String, organisation: Bool) {
    guard pseudonyms[name] == nil else { return }
    let index = organisation ? organisations : people
    let letter = Self.letters(index)
    pseudonyms[name] = organisation ? "Organisation \(letter)" : "Person \(letter)"
    if organisation { organisations += 1 } else { people += 1 }
    order.append(name)
  }

  private static func letters(_ index: Int) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return index < 26 ? String(alphabet[index]) : String(alphabet[index % 26]) + String(index / 26)
  }

  /// `text` with every learned name replaced (longest names first).
  public func redact(_ text: String) -> String {
    var result = text
    for name in order.sorted(by: { $0.count > $1.count }) {
      guard let pseudonym = pseudonyms[name] else { continue }
      // Not inside a longer word: "\b" would fail on a name that starts or ends with
      // punctuation ("Acme Ltd.", "@bigboss").
      result = result.replacingOccurrences(
        of: "(?<![\\p{L}\\p{N}_])" + NSRegularExpression.escapedPattern(for: name)
          + "(?![\\p{L}\\p{N}_])",
        with: pseudonym, options: [.regularExpression, .caseInsensitive])
    }
    return result
  }

  /// Whether a lower-case word or phrase holds part of a learned name (for key phrases).
  public func isNamePart(_ phrase: String) -> Bool {
    let words = Set(phrase.lowercased().split(separator: " ").map(String.init))
    return order.contains { name in
      name.lowercased().split(separator: " ").contains {
        let word = $0.trimmingCharacters(in: .punctuationCharacters)
        return words.contains(word) || words.contains(TextSimilarity.stem(word))
          || words.map(TextSimilarity.stem).contains(TextSimilarity.stem(word))
      }
    }
  }

  /// Runs of capitalised words: a name wherever two stand together ("Sam Okafor", even at
  /// the start of a sentence), and a single one only inside a sentence.
  ///
  /// A sentence starts at the start of a line, after `.`, `!`, `?` or `:` (a closing quote or
  /// bracket after it does not matter), and at an opening quote. Bullets and numbers leave it
  /// as it was. A common word that opens a sentence ("When Sam Okafor…") is never part of a
  /// name.
  static func capitalisedNames(in text: String) -> [String] {
    var names: [String] = []
    var current: [String] = []
    // Whether `current` began at the start of a sentence: then it needs a second word.
    var opensSentence = false
    func flush() {
      if current.count > (opensSentence ? 1 : 0) { names.append(current.joined(separator: " ")) }
      current = []
      opensSentence = false
    }
    for line in text.split(whereSeparator: \.isNewline) {
      flush()
      var sentenceStart = true
      for raw in line.split(whereSeparator: \.isWhitespace) {
        if let first = raw.first, openingQuotes.contains(first) {
          flush()
          sentenceStart = true
        }
        let word = raw.trimmingCharacters(in: .punctuationCharacters)
        let body = raw.reversed().drop(while: { closingMarks.contains($0) })
        let ends = body.first.map { ".!?:".contains($0) } ?? false
        guard word.contains(where: \.isLetter) else {
          // A bullet, a dash, a number: not a word of a name, and no new sentence unless it
          // ends one ("at 5.").
          flush()
          sentenceStart = sentenceStart || ends
          continue
        }
        let capitalised =
          word.first?.isUppercase == true && word.count > 1
          && !["I", "I'm", "I've", "I'd", "I'll"].contains(word)
        if capitalised && !(sentenceStart && PhraseTally.stopWords.contains(word.lowercased())) {
          if current.isEmpty { opensSentence = sentenceStart }
          current.append(word)
        } else {
          flush()
        }
        sentenceStart = ends
        if ends || body.first.map({ ",;".contains($0) }) ?? false || body.first != raw.last {
          flush()
        }
      }
    }
    flush()
    return names
  }

  private static let openingQuotes: Set<Character> = ["\"", "'", "\u{201C}", "\u{2018}", "\u{AB}"]
  private static let closingMarks: Set<Character> = [
    "\"", "'", "\u{201D}", "\u{2019}", "\u{BB}", ")", "]", "*", "_",
  ]
}
