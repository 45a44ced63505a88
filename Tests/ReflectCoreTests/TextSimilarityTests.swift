import PropertyBased
import Testing

@testable import ReflectCore

@Suite struct TextSimilarityTests {
  @Test(arguments: [
    ("Trust takes time", "Building trust needs patience"),
    ("Trust takes time", "trust took a long time to build"),
    ("Agree the budget early", "Agree budgets sooner"),
    ("Write our values down before negotiating", "Write down our values before any negotiation"),
    ("Listen to the parents", "Parents need to be heard"),
  ])
  func similarLessonsCluster(first: String, second: String) {
    #expect(
      TextSimilarity.similarity(first, second) >= TextSimilarity.threshold,
      "\(TextSimilarity.terms(first)) vs \(TextSimilarity.terms(second))")
  }

  @Test(arguments: [
    ("Trust takes time", "Write our values down before negotiating"),
    ("Agree the budget early", "Meet the chair before the budget round"),
    ("Listen to the parents", "Trust the head teachers"),
    ("Voluntary work drifts without an owner", "Statutory duties need a clear purpose"),
  ])
  func differentLessonsDoNot(first: String, second: String) {
    #expect(TextSimilarity.similarity(first, second) < TextSimilarity.threshold)
  }
}

/// The byte-at-a-time paths for ASCII text give exactly what the character paths give.
@Suite struct FastPathTests {
  @Test func asciiSplittingAndStemmingMatchTheCharacterPaths() async {
    let pieces = [
      "Trust", "trust's", "-co-op-", "’tis", "don’t", "ERRORS", "x", "2026", "*", "a*b",
      " ", ".", ",\n", "\r\n", "'", "--", "studies", "carried", "fully", "passes", "willingly",
      "buzz", "hopping", "Kindness", "agreement", "“", "”", "—", "–", "…", "🙂", "👍🏽", "\u{A0}",
      "→", "½", "²", "ª", "µ", "¿", "«", "\u{200D}", "\u{FE0F}", "é",
    ]
    await propertyCheck(
      input: Gen.int(in: 0...(pieces.count - 1)).array(of: 0...12),
      Gen.bool, Gen.bool
    ) { picks, wildcards, lowercase in
      let text = picks.map { pieces[$0] }.joined()
      // The quick path either declines (nil) or agrees.
      if let quick = Words.splitASCII(text, keepWildcards: wildcards, lowercase: lowercase) {
        #expect(
          quick == Words.splitCharacters(text, keepWildcards: wildcards, lowercase: lowercase))
      }
      for word in Words.splitCharacters(text, keepWildcards: false, lowercase: true)
      where word.utf8.allSatisfy({ $0 < 0x80 }) {
        #expect(TextSimilarity.stemASCII(word) == TextSimilarity.stemCharacters(word))
      }
    }
    #expect(Words.splitASCII("naïve", keepWildcards: false, lowercase: true) == nil)
    #expect(Words.splitASCII("½", keepWildcards: false, lowercase: true) == nil)
    #expect(
      Words.splitASCII("“Trust” — 🙂 it", keepWildcards: false, lowercase: true)
        == ["trust", "it"])
  }
}
