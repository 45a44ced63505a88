import Foundation

/// Counts the phrases of one to three words in answers, per stage, to find each theme's key
/// phrases (docs/export-format.md, "Key phrases").
///
/// A phrase holds one to three content words and starts and ends on one; stop words
/// (``stopWords``) may stand inside it ("trust in the data", at most five words in all),
/// never alone or at an edge. Words are folded and stemmed, so
/// "partner" and "partners" count together; the wording shown is the one written most.
/// A phrase scores by how often the theme's answers use it against how many answers in the
/// whole archive do (tf × idf, longer phrases weighted up); one in four answers out of five
/// or more says nothing about a theme and is dropped. Phrases of two or more words said only once in
/// the archive are pruned as the tally grows, so memory stays bounded on a large archive.
public struct PhraseTally: Sendable {
  /// Words that never begin or end a key phrase, nor stand alone.
  public static let stopWords: Set<String> = TextSimilarity.stopWords.union([
    "also", "lot", "lots", "thing", "things", "way", "quite", "much", "many", "get", "got",
    "getting", "like", "one", "yes", "bit", "make", "made", "going", "went", "said", "say",
    "saying", "know", "knew", "think", "thought", "felt", "feel", "even", "still", "well",
    "back", "us", "where", "why", "because", "while", "since", "until", "over", "under",
    "through", "off", "each", "every", "other", "another", "some", "such", "something",
    "anything", "nothing", "everything", "someone", "everyone", "nobody", "people", "time",
    "times", "first", "last", "next", "new", "old", "good", "bad", "right", "sure", "maybe",
    "perhaps", "though", "although", "whether", "both", "either", "neither", "now", "here",
    "ever", "yet", "already", "almost", "enough", "less", "least", "few", "little", "own",
    "come", "came", "take", "took", "want", "wanted", "need", "needed", "let", "put", "see",
    "saw", "seem", "seemed", "keep", "kept", "work", "worked", "done", "doing", "able",
    "between", "within", "without", "across", "among", "around", "during", "against",
    "towards", "toward", "upon", "onto", "actually", "honestly", "probably", "often",
    "usually", "sometimes", "always", "never", "really", "anyway", "instead", "rather",
  ])

  /// A tally this many answers long is pruned of multi-word phrases said once.
  static let pruneEvery = 2_000
  /// The most words a phrase spans, stop words inside it included ("trust in the data").
  static let longest = 5

  private var perStage: [String: [String: Int]] = [:]
  private var answersWith: [String: Int] = [:]
  private var surfaces: [String: [String: Int]] = [:]
  /// Answers counted.
  public private(set) var answers = 0

  /// An empty tally.
  public init() {}

  /// Counts the phrases of one answer given in `stage`.
  public mutating func add(_ text: String, stage: String) {
    answers += 1
    let words = Words.split(text).map {
      $0.folding(options: [.diacriticInsensitive], locale: nil)
    }
    let keys = words.map { Self.stopWords.contains($0) ? $0 : TextSimilarity.stem($0) }
    var seen: Set<String> = []
    for start in words.indices {
      guard Self.isContent(words[start]) else { continue }
      var contentWords = 0
      for end in start..<min(words.count, start + Self.longest) {
        guard Self.isContent(words[end]) else { continue }
        contentWords += 1
        if contentWords > 3 { break }
        let key = keys[start...end].joined(separator: " ")
        perStage[stage, default: [:]][key, default: 0] += 1
        surfaces[key, default: [:]][words[start...end].joined(separator: " "), default: 0] += 1
        if seen.insert(key).inserted { answersWith[key, default: 0] += 1 }
      }
    }
    if answers % Self.pruneEvery == 0 { prune() }
  }

  static func isContent(_ word: String) -> Bool {
    word.count > 1 && !stopWords.contains(word) && !word.allSatisfy(\.isNumber)
  }

  private mutating func prune() {
    let once = answersWith.filter { $0.value == 1 && $0.key.contains(" ") }.map(\.key)
    for key in once {
      answersWith[key] = nil
      surfaces[key] = nil
      for stage in perStage.keys { perStage[stage]?[key] = nil }
    }
  }

  /// A key phrase and how many times the theme's answers used it.
  public struct Phrase: Sendable, Equatable, Encodable {
    public var phrase: String
    public var count: Int
  }

  /// The `count` key phrases of `stage`, best first.
  public func top(_ stage: String, count: Int = 5) -> [Phrase] {
    guard let counts = perStage[stage], answers > 0 else { return [] }
    let total = Double(answers)
    var scored: [(key: String, score: Double, count: Int)] = []
    for (key, frequency) in counts where frequency >= 2 {
      let containing = Double(answersWith[key] ?? 1)
      // One in nearly every answer says nothing about a theme.
      guard containing / total < 0.8 || total < 5 else { continue }
      let length = Double(
        key.split(separator: " ").filter { !Self.stopWords.contains(String($0)) }.count)
      let score = Double(frequency) * (log(total / containing) + 1) * (1 + 0.5 * (length - 1))
      scored.append((key, score, frequency))
    }
    var chosen: [(key: String, count: Int, stems: Set<Substring>)] = []
    for item in scored.sorted(by: { ($0.score, $1.key) > ($1.score, $0.key) }) {
      let stems = Set(
        item.key.split(separator: " ").filter { !Self.stopWords.contains(String($0)) })
      // One phrase per idea: none inside a chosen one, none holding one.
      guard
        !chosen.contains(where: { $0.stems.isSubset(of: stems) || stems.isSubset(of: $0.stems) })
      else { continue }
      chosen.append((item.key, item.count, stems))
      if chosen.count == count { break }
    }
    return chosen.map { item in
      let surface =
        surfaces[item.key]?.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? item.key
      return Phrase(phrase: surface, count: item.count)
    }
  }
}
