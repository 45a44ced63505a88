import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

@Suite struct IdeaGroupingTests {
  /// Average linkage: a wording near one of a group but far from the rest stays out, where
  /// one pair's cosine (single linkage) would have let it in.
  @Test func aWordingNearOneOfAGroupButNotTheRestStaysApart() {
    func unit(_ values: [Float]) -> [Float] {
      let length = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
      return values.map { $0 / length }
    }
    let vectors = [
      unit([1, 0.1, 0]), unit([1, 0, 0.1]), unit([1, 0.05, 0.05]),
      // Near the first (cosine about 0.7), far from the others on average.
      unit([0.7, 0.7, -0.2]),
    ]
    #expect(IdeaGrouping.group(vectors, threshold: 0.8) == [[0, 1, 2], [3]])
    #expect(IdeaGrouping.group(vectors, threshold: 0.2) == [[0, 1, 2, 3]])
    #expect(IdeaGrouping.central([0, 1, 2], vectors) == 2)
  }

  /// The frozen test writers of Benchmarks/ideas (never tuned on), as `make summary-eval`
  /// prints them: by words, nothing is merged wrongly and little is found; by meaning
  /// (average cosine 0.55, chosen on the train writers), the figures are held as a floor.
  @Test func frozenTestWritersHoldTheirFigures() throws {
    let writers = try IdeasBenchmark.writers("test")
    #expect(writers == ["i09", "i10", "i11", "i12"])
    let words = try IdeasBenchmark.evaluate(writers, IdeasBenchmark.byWords)
    #expect(words.purity == 1 && words.nearMissesMerged == 0, "\(words.line)")
    #expect(words.completeness >= 0.32, "\(words.line)")
    guard let embedder = EncoderEmbedder.build() else { return }
    let meaning = try IdeasBenchmark.evaluate(writers, IdeasBenchmark.byMeaning(embedder))
    #expect(meaning.purity >= 0.98, "\(meaning.line)")
    #expect(meaning.completeness >= 0.42, "\(meaning.line)")
    #expect(meaning.nearMissesMerged <= 1, "\(meaning.line)")
    #expect(meaning.completeness > words.completeness, "meaning finds more than words")
  }

  /// Six made-up near-miss pairs (a community garden: one subject, two lessons) stay apart.
  ///
  /// Each pair stays in two ideas, by words and by meaning; a lesson written again in nearly
  /// the same words is one idea by words alone. At a lower cut (0.45) the model's topic
  /// reading shows: the waiting-list pair (cosine 0.52) and the volunteers pair (0.49) are
  /// merged, which is why the threshold is not lower.
  @Test func madeUpNearMissPairsStayApart() throws {
    let lessons = [
      "the plot waiting list has to be first come first served, i let a friend jump it and it"
        + " caused a row",
      "waiting list wasnt the problem tbh, half the street didnt know there was a list",
      "the watering rota only works if its written up on the shed door",
      "rota was fine, people just didnt have keys to the standpipe so they couldnt do their turn",
      "volunteers keep coming back when they get a bed thats theirs to look after",
      "volunteers stopped turning up once the work mornings dragged on past lunch",
      "apply for the council grant early, the forms take months",
      "that grant came with strings we never read properly and now we have to report every"
        + " quarter",
      "tools walk off if theres no sign out sheet",
      "buying the cheap tools was a false economy, half of them broke in one season",
      "new members need a buddy for the first month or so",
      "new members left because the old guard wouldnt let them change a single thing",
      "people only stick at volunteering when a patch of the garden is properly theirs",
      "Tools walk off when theres no sign out sheet.",
    ]
    let nearMisses = [(0, 1), (2, 3), (4, 5), (6, 7), (8, 9), (10, 11)]
    func apart(_ ideas: [[Int]]) -> [(Int, Int)] {
      nearMisses.filter { pair in !ideas.contains { $0.contains(pair.0) && $0.contains(pair.1) } }
    }
    let words = IdeaGrouping.ideas(lessons, vectors: nil)
    #expect(apart(words).count == nearMisses.count)
    #expect(words.contains([8, 13]), "the same lesson written twice is one idea by words")
    guard let embedder = EncoderEmbedder.build() else { return }
    let vectors = embedder.embed(lessons)
    let ideas = IdeaGrouping.ideas(lessons, vectors: vectors)
    #expect(apart(ideas).count == nearMisses.count, "\(ideas)")
    #expect(ideas.contains([8, 13]), "\(ideas)")
    let lower = IdeaGrouping.ideas(lessons, vectors: vectors, threshold: 0.45)
    #expect(apart(lower).count == nearMisses.count - 2, "\(lower)")
  }
}
