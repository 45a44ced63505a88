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
