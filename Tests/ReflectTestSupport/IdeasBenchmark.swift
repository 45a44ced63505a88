import Foundation
import ReflectCore

/// The labelled ideas of Benchmarks/ideas: wordings of recurring lessons by twelve writers,
/// and near-miss pairs that must stay apart; grouping is scored per writer.
public enum IdeasBenchmark {
  public struct Wording: Decodable, Sendable {
    public var writer: String
    public var idea: String
    public var text: String
  }

  /// How a grouping did on some writers.
  public struct Figures: Sendable, Equatable {
    /// Wordings in a group whose most common idea is theirs, of all wordings.
    public var purity: Double
    /// Wordings in their idea's largest group, of all wordings.
    public var completeness: Double
    /// Near-miss pairs with wordings of both in one group, and how many pairs.
    public var nearMissesMerged: Int
    public var nearMisses: Int
    /// Ideas whose wordings are all in one group of nothing else, and how many ideas.
    public var whole: Int
    public var ideas: Int

    /// "purity 95.5 %, completeness 39.8 %, near-miss pairs merged 4/21, ideas found whole 0/52".
    public var line: String {
      String(
        format: "purity %5.1f %%  completeness %5.1f %%  near-miss pairs merged %2d/%d"
          + "  ideas found whole %2d/%d", purity * 100, completeness * 100, nearMissesMerged,
        nearMisses, whole, ideas)
    }
  }

  static let folder = TestSupport.packageRoot.appendingPathComponent("Benchmarks/ideas")

  public static func wordings() throws -> [Wording] {
    try JSONDecoder().decode(
      [Wording].self, from: Data(contentsOf: folder.appendingPathComponent("ideas.json")))
  }

  /// The near-miss pairs (idea ids).
  public static func nearMisses() throws -> [(String, String)] {
    let rows = try JSONDecoder().decode(
      [[String]].self, from: Data(contentsOf: folder.appendingPathComponent("near_misses.json")))
    return rows.map { ($0[0], $0[1]) }
  }

  /// The writers of `side`: `train` or `test` (split.json).
  public static func writers(_ side: String) throws -> [String] {
    let split =
      try JSONSerialization.jsonObject(
        with: Data(contentsOf: folder.appendingPathComponent("split.json"))) as? [String: Any]
    return split?[side] as? [String] ?? []
  }

  /// `group` (the wordings of one writer, in order → groups of their indexes) scored on
  /// `writers`.
  public static func evaluate(
    _ writers: [String], _ group: ([String]) -> [[Int]]
  ) throws -> Figures {
    let all = try wordings()
    let pairs = try nearMisses()
    var figures = Figures(
      purity: 0, completeness: 0, nearMissesMerged: 0, nearMisses: 0, whole: 0, ideas: 0)
    var (pure, complete, total) = (0, 0, 0)
    for writer in writers {
      let mine = all.filter { $0.writer == writer }
      let groups = group(mine.map(\.text))
      var groupOf = [Int](repeating: -1, count: mine.count)
      for (number, members) in groups.enumerated() {
        for member in members { groupOf[member] = number }
        var counts: [String: Int] = [:]
        for member in members { counts[mine[member].idea, default: 0] += 1 }
        pure += counts.values.max() ?? 0
      }
      total += mine.count
      let ideas = Set(mine.map(\.idea))
      for idea in ideas {
        let members = mine.indices.filter { mine[$0].idea == idea }
        var counts: [Int: Int] = [:]
        for member in members { counts[groupOf[member], default: 0] += 1 }
        complete += counts.values.max() ?? 0
        figures.ideas += 1
        if counts.count == 1, groups[groupOf[members[0]]].allSatisfy({ mine[$0].idea == idea }) {
          figures.whole += 1
        }
      }
      for (first, second) in pairs where ideas.contains(first) {
        figures.nearMisses += 1
        let a = Set(mine.indices.filter { mine[$0].idea == first }.map { groupOf[$0] })
        let b = Set(mine.indices.filter { mine[$0].idea == second }.map { groupOf[$0] })
        if !a.isDisjoint(with: b) { figures.nearMissesMerged += 1 }
      }
    }
    figures.purity = Double(pure) / Double(max(1, total))
    figures.completeness = Double(complete) / Double(max(1, total))
    return figures
  }

  /// Ideas by words only (the fallback without the model, and the old code's rule).
  public static func byWords(_ texts: [String]) -> [[Int]] {
    IdeaGrouping.ideas(texts, vectors: nil)
  }

  /// Ideas by meaning at `threshold`, with `embedder`'s vectors.
  public static func byMeaning(
    _ embedder: any SentenceEmbedder, threshold: Float = IdeaGrouping.threshold
  ) -> ([String]) -> [[Int]] {
    { texts in IdeaGrouping.ideas(texts, vectors: embedder.embed(texts), threshold: threshold) }
  }
}
