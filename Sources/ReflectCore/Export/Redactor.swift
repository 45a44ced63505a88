import Foundation

/// Replaces names of people and organisations with consistent pseudonyms ("Person A",
/// "Organisation B") so a summary can be shared.
///
/// Names are found two ways: capitalised words that do not start a sentence (runs of them
/// form one name, such as "Sam Jones" or "Hill Academy Trust"), and a list the person keeps
/// in `~/.config/reflect/redact.txt` (one name a line; `org: Name` marks an organisation),
/// which also catches names at the start of a sentence. A name containing a word like
/// Council, Trust, School or Board is an organisation. Limits: a lower-case name, or a
/// name only ever written at the start of a sentence and not in the list, is not found.
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

  /// Runs of capitalised words that do not begin a sentence.
  static func capitalisedNames(in text: String) -> [String] {
    var names: [String] = []
    var current: [String] = []
    var sentenceStart = true
    func flush() {
      if !current.isEmpty { names.append(current.joined(separator: " ")) }
      current = []
    }
    for raw in text.split(whereSeparator: \.isWhitespace) {
      let word = raw.trimmingCharacters(in: .punctuationCharacters)
      let capitalised =
        word.first?.isUppercase == true && word.count > 1
        && !["I", "I'm", "I've", "I'd", "I'll"].contains(word)
      if capitalised && !sentenceStart {
        current.append(word)
      } else {
        flush()
      }
      sentenceStart = raw.last.map { ".!?:".contains($0) } ?? false
      if raw.last.map({ ",;".contains($0) }) ?? false { flush() }
      if sentenceStart { flush() }
    }
    flush()
    return names
  }
}
