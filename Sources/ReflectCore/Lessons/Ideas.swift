import Foundation

/// Where a report reads the meaning vectors of lessons (the sentence model, through the
/// index's vector cache), to group lessons that say one idea in other words.
public protocol LessonVectorSource: Sendable {
  /// The unit vector of each of `texts`, in order, all of one length; `nil` when they cannot
  /// all be had (the report then groups by words and says so).
  func vectors(_ texts: [String]) -> [[Float]]?
}

/// Lessons grouped into ideas by meaning (docs/meaning.md).
///
/// The lessons that share their words (``LessonsSummary/clusters``) are grouped first; then
/// those groups by average linkage on the cosine of their wordings' meaning vectors: the two
/// groups whose wordings are nearest on average are merged, again and again, while that
/// average is at least ``threshold``. Average linkage, not one pair's cosine: a near miss
/// ("trust is slow to build" beside "trust is lost in one meeting") is often as near one
/// wording of an idea as that idea's own rewordings are, but seldom near all of them.
///
/// Other methods were measured on the same train writers and do no better at the same purity
/// (complete or single linkage, frames and hedges stripped first, vectors centred on the
/// person's own mean, CSLS, a second pass for lone wordings, word overlap added to the
/// cosine): docs/meaning.md, "What else was tried", and `scripts/ideas-methods.py`.
public enum IdeaGrouping {
  /// The average cosine at or above which two groups of lessons are one idea: chosen on the
  /// train writers of Benchmarks/ideas only (the lowest in steps of 0.05 whose purity is at
  /// least 0.95), `make summary-eval` prints the figures.
  public static let threshold: Float = 0.55

  /// The most groups read by meaning.
  ///
  /// Their cosines are held as one table (4,000 groups take 64 MB): an archive with more
  /// distinct lessons is grouped by words, and says so.
  public static let limit = 4_000

  /// Groups of `vectors` (unit vectors, one per item) by average linkage at `threshold`,
  /// each group's items in order, groups in the order of their first item.
  ///
  /// The table of cosines is updated by the Lance–Williams rule (the average of the merged
  /// groups' rows, weighted by their sizes), each row keeps its nearest neighbour, so a merge
  /// costs one row's work, not the whole table's.
  public static func group(_ vectors: [[Float]], threshold: Float = threshold) -> [[Int]] {
    let count = vectors.count
    guard count > 1 else { return vectors.indices.map { [$0] } }
    var table = [Float](repeating: -2, count: count * count)
    for row in 0..<count {
      for column in (row + 1)..<count {
        let value = dot(vectors[row], vectors[column])
        table[row * count + column] = value
        table[column * count + row] = value
      }
    }
    var sizes = [Int](repeating: 1, count: count)
    var members = (0..<count).map { [$0] }
    var active = [Bool](repeating: true, count: count)
    var nearest = [Int](repeating: -1, count: count)
    func findNearest(_ row: Int) {
      var best = -1
      var value: Float = -3
      for column in 0..<count where column != row && active[column] {
        if table[row * count + column] > value {
          value = table[row * count + column]
          best = column
        }
      }
      nearest[row] = best
    }
    for row in 0..<count { findNearest(row) }
    while true {
      var pair = (-1, -1)
      var value: Float = -3
      for row in 0..<count where active[row] && nearest[row] >= 0 {
        let candidate = table[row * count + nearest[row]]
        if candidate > value {
          value = candidate
          pair = (row, nearest[row])
        }
      }
      guard pair.0 >= 0, value >= threshold else { break }
      let (kept, gone) = (min(pair.0, pair.1), max(pair.0, pair.1))
      let (a, b) = (Float(sizes[kept]), Float(sizes[gone]))
      active[gone] = false
      for other in 0..<count where active[other] && other != kept {
        let merged =
          (a * table[kept * count + other] + b * table[gone * count + other]) / (a + b)
        table[kept * count + other] = merged
        table[other * count + kept] = merged
      }
      sizes[kept] += sizes[gone]
      members[kept] += members[gone]
      members[gone] = []
      for row in 0..<count where active[row] {
        if row == kept || nearest[row] == kept || nearest[row] == gone {
          findNearest(row)
        } else if table[row * count + kept] > table[row * count + nearest[row]] {
          nearest[row] = kept
        }
      }
    }
    return (0..<count).filter { active[$0] }.map { members[$0].sorted() }
      .sorted { $0[0] < $1[0] }
  }

  /// The item of `group` nearest the group's centroid: its most central wording.
  public static func central(_ group: [Int], _ vectors: [[Float]]) -> Int {
    guard group.count > 2, let length = vectors.first?.count else { return group[0] }
    var sum = [Float](repeating: 0, count: length)
    for item in group {
      for index in 0..<length { sum[index] += vectors[item][index] }
    }
    return group.max { dot(vectors[$0], sum) < dot(vectors[$1], sum) } ?? group[0]
  }

  static func dot(_ first: [Float], _ second: [Float]) -> Float {
    var total: Float = 0
    for index in 0..<min(first.count, second.count) { total += first[index] * second[index] }
    return total
  }

  /// Ideas of `texts` as a report makes them: the groups ``byWords(_:)`` makes, then, with
  /// `vectors` (one per text), those groups by ``group(_:threshold:)`` on each group's first
  /// wording; each idea's items in order.
  public static func ideas(
    _ texts: [String], vectors: [[Float]]?, threshold: Float = threshold
  ) -> [[Int]] {
    let words = byWords(texts)
    guard let vectors else { return words }
    return group(words.map { vectors[$0[0]] }, threshold: threshold).map { group in
      group.flatMap { words[$0] }.sorted()
    }
  }

  /// Groups of items by words: greedy, in order, an item joining the earliest group that
  /// holds a wording at least ``TextSimilarity/threshold`` similar (the summary's rule, for
  /// a list of texts).
  public static func byWords(_ texts: [String]) -> [[Int]] {
    let terms = texts.map { Set(TextSimilarity.terms($0)) }
    var groups: [[Int]] = []
    for (index, mine) in terms.enumerated() {
      let found = groups.firstIndex { group in
        group.contains { TextSimilarity.similarity(terms[$0], mine) >= TextSimilarity.threshold }
      }
      if let found { groups[found].append(index) } else { groups.append([index]) }
    }
    return groups
  }
}

/// Lessons' meaning vectors from the vector cache beside the index (kept there by
/// `reflect index` and after each session, whole lessons hashed as
/// ``ArchiveIndex/meaningSentences(_:kind:)`` has them), the few missing worked out by the
/// model.
///
/// Used by one command on one thread (the cache is not shared).
public struct CachedLessonVectors: LessonVectorSource, @unchecked Sendable {
  let cache: VectorCache?
  let embedder: any SentenceEmbedder
  /// Most lessons without a kept vector worked out here (about ten seconds); with more, none
  /// are, and the report groups by words.
  let limit: Int

  /// Vectors of `embedder`'s model from `cache`, at most `limit` more worked out.
  public init(cache: VectorCache?, embedder: any SentenceEmbedder, limit: Int = 2_000) {
    self.cache = cache
    self.embedder = embedder
    self.limit = limit
  }

  public func vectors(_ texts: [String]) -> [[Float]]? {
    let trimmed = texts.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    let hashes = trimmed.map(ArchiveIndex.sentenceHash)
    let kept = (try? cache?.vectors(model: embedder.modelID, hashes: hashes)) ?? [:]
    let missing = Array(Set(trimmed.indices.filter { kept[hashes[$0]] == nil }.map { trimmed[$0] }))
    guard missing.count <= limit else { return nil }
    var made: [String: [Float]] = [:]
    for (text, vector) in zip(missing, missing.isEmpty ? [] : embedder.embed(missing)) {
      made[text] = vector
    }
    var result: [[Float]] = []
    for (index, text) in trimmed.enumerated() {
      guard let vector = kept[hashes[index]] ?? made[text] else { return nil }
      result.append(vector)
    }
    return result
  }
}
