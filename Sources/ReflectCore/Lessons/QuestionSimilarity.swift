/// Whether two questions ask nearly the same thing, so the coach never asks twice and
/// `prompts validate` can warn about a follow-up that repeats a question of its stage.
///
/// Both texts are reduced to content terms (``TextSimilarity/terms(_:)``: folded, stop words
/// out, stemmed), generic question words are dropped ("happen", "thing", "make"…), and a
/// few near-synonyms are joined ("benefit" and "serve"). Two questions are close when they
/// share at least ``minimumShared`` terms and the shared terms are at least ``threshold`` of
/// the smaller set (the overlap coefficient).
public enum QuestionSimilarity {
  /// Share of the smaller term set that must be shared.
  public static let threshold = 0.5
  /// Fewest shared terms for two questions to be close.
  public static let minimumShared = 2

  static let generic: Set<String> = Set(
    [
      "happen", "happened", "thing", "things", "make", "made", "need", "way", "get", "go", "one",
      "much", "many", "some", "like", "think", "say", "said", "tell", "look", "mean", "else",
      "now", "here", "part", "kind", "something", "anything", "might", "may", "still",
      "next",
    ].map(TextSimilarity.stem))

  static let synonyms: [String: String] = [
    "benefit": "serv", "serv": "serv", "help": "serv", "whom": "serv",
    "share": "share", "common": "share",
  ]

  /// The terms compared.
  public static func terms(_ text: String) -> Set<String> {
    Set(
      TextSimilarity.terms(text).filter { !generic.contains($0) }.map { synonyms[$0] ?? $0 })
  }

  /// Whether `first` and `second` ask nearly the same thing.
  public static func isClose(_ first: String, _ second: String) -> Bool {
    let a = terms(first)
    let b = terms(second)
    let shared = a.intersection(b).count
    guard shared >= minimumShared, let smaller = [a.count, b.count].min(), smaller > 0 else {
      return false
    }
    return Double(shared) / Double(smaller) >= threshold
  }
}
