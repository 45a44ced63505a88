import Foundation
import ReflectTestSupport
import Testing

@testable import ReflectCore

/// The vectors the index keeps, with a fake embedder where the real model is not the point
/// (MeaningSearchTests uses the real one through the binary).
@Suite struct IndexMeaningTests {
  /// Vectors from letters (a unit vector of letter counts), and every text it was asked for.
  final class FakeEmbedder: SentenceEmbedder, @unchecked Sendable {
    let modelID: String
    private let lock = NSLock()
    private var asked: [String] = []

    init(_ modelID: String = "fake-1") { self.modelID = modelID }

    var texts: [String] { lock.withLock { asked } }

    func embed(_ texts: [String]) -> [[Float]] {
      lock.withLock { asked += texts }
      return texts.map { text in
        var vector = [Float](repeating: 0, count: 26)
        for byte in text.lowercased().utf8 where byte >= 97 && byte < 123 {
          vector[Int(byte) - 97] += 1
        }
        let length = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return length > 0 ? vector.map { $0 / length } : vector
      }
    }
  }

  /// An index on disk over sessions holding `answers` (one session each) and a lesson.
  static func index(_ answers: [String], lesson: String) throws -> ArchiveIndex {
    let store = TranscriptStore(home: TestSupport.temporaryDirectory("meaning-index"))
    try store.prepare()
    let time = Date(timeIntervalSince1970: 1_795_000_000)
    for (number, text) in answers.enumerated() {
      let id = try #require(SessionID("20261118-08264\(number)-aaaa"))
      let writer = try store.create(id)
      try writer.append(
        .start(
          SessionStart(
            id: id, pack: "p", packTitle: "P", stages: ["s"], seed: 1, version: "t",
            time: time.addingTimeInterval(Double(number)))))
      try writer.append(.answer(Answer(stage: "s", question: "q", text: text, time: time)))
      if number == 0 {
        try writer.append(.lesson(Lesson(stage: "s", number: 1, text: lesson, time: time)))
      }
    }
    let index = try ArchiveIndex.open(store: store).index
    try index.refresh()
    return index
  }

  @Test func eachDistinctSentenceIsEmbeddedOnceAndKept() throws {
    let index = try Self.index(
      ["Trust takes time. Trust takes time!", "Sleep matters.\nTrust takes time"],
      lesson: "  Trust takes time  ")
    let fake = FakeEmbedder()
    #expect(try index.vectorCounts(model: fake.modelID) == (kept: 0, missing: 2))
    #expect(try index.refreshVectors(fake) == .worked(2))
    #expect(fake.texts.sorted() == ["Sleep matters", "Trust takes time"])
    // Nothing new: nothing embedded.
    #expect(try index.refreshVectors(fake) == .worked(0))
    #expect(fake.texts.count == 2)
    #expect(try index.vectorCounts(model: fake.modelID) == (kept: 2, missing: 0))
    // Ranked by the cosine of their best sentence; the lesson and both answers found.
    let query = fake.embed(["time takes trust"])[0]
    let hits = try index.similar(query, model: fake.modelID, SessionFilter(), limit: 10)
    #expect(hits.count == 3)
    #expect(hits.prefix(2).allSatisfy { ($0.similarity ?? 0) > 0.99 }, "\(hits)")
    #expect(hits.map(\.kind).sorted() == ["answer", "answer", "lesson"])
  }

  @Test func vectorsAreCommittedBatchByBatch() throws {
    let index = try Self.index((0..<5).map { "Sentence number \($0) of five." }, lesson: "x")
    let fake = FakeEmbedder()
    var seen: [(done: Int, kept: Int)] = []
    try index.refreshVectors(fake, batch: 2) { done, total in
      #expect(total == 6)
      // Each batch is written and committed before the next is embedded.
      seen.append((done, (try? index.vectorCounts(model: fake.modelID).kept) ?? -1))
    }
    #expect(seen.map(\.done) == [2, 4, 6])
    #expect(seen.map(\.kept) == [2, 4, 6])
  }

  @Test func anotherModelsVectorsAreDroppedAndWorkedOutAgain() throws {
    let index = try Self.index(["One thing. Another thing."], lesson: "A lesson")
    let first = FakeEmbedder("fake-1")
    #expect(try index.refreshVectors(first) == .worked(3))
    let second = FakeEmbedder("fake-2")
    #expect(try index.refreshVectors(second) == .worked(3))
    #expect(try index.vectorCounts(model: "fake-1") == (kept: 0, missing: 3))
    #expect(try index.vectorCounts(model: "fake-2") == (kept: 3, missing: 0))
    // Kept: nothing is embedded again.
    #expect(try index.refreshVectors(second) == .worked(0))
  }

  @Test func goingBackToAModelWorksItsVectorsOutAgain() throws {
    let index = try Self.index(["One thing. Another thing."], lesson: "A lesson")
    let first = FakeEmbedder("fake-1")
    let second = FakeEmbedder("fake-2")
    #expect(try index.refreshVectors(first) == .worked(3))
    #expect(try index.refreshVectors(second) == .worked(3))
    // Its vectors were dropped with the switch: what the index noted as done is forgotten.
    #expect(try index.refreshVectors(first) == .worked(3))
    #expect(try index.vectorCounts(model: "fake-1") == (kept: 3, missing: 0))
  }

  @Test func vectorsOutliveARebuiltIndexAndGoWithTheirSentences() throws {
    let fake = FakeEmbedder()
    // The index let go once its vectors are worked out, deleted and built again: every
    // vector is found in the cache.
    let (store, path) = try { () throws -> (TranscriptStore, String) in
      let index = try Self.index(["Keep this. And this."], lesson: "A lesson")
      #expect(try index.refreshVectors(fake) == .worked(3))
      return (index.store, try #require(index.path))
    }()
    try ArchiveIndex.discard(path: path)
    #expect(!FileManager.default.fileExists(atPath: path))
    let rebuilt = try ArchiveIndex.open(store: store).index
    try rebuilt.refresh()
    #expect(try rebuilt.refreshVectors(fake) == .worked(0))
    #expect(fake.texts.count == 3)
    // The session deleted: its vectors go when pruned, not before.
    for file in try FileManager.default.contentsOfDirectory(atPath: store.directory) {
      unlink(store.directory + "/" + file)
    }
    try rebuilt.refresh()
    #expect(try rebuilt.vectorCounts(model: fake.modelID) == (kept: 3, missing: 0))
    #expect(try rebuilt.pruneVectors() == 3)
    #expect(try rebuilt.vectorCounts(model: fake.modelID) == (kept: 0, missing: 0))
  }

  @Test func oneCommandAtATimeWorksVectorsOutAndALimitLeavesABacklog() throws {
    let index = try Self.index((0..<5).map { "Sentence number \($0) of five." }, lesson: "x")
    let fake = FakeEmbedder()
    #expect(try index.refreshVectors(fake, limit: 5) == .tooMany(6))
    #expect(fake.texts.isEmpty)
    // Another command holds the lock: one that does not wait does nothing.
    let path = VectorCache.path(home: index.store.home)
    let lock = open(path + "-lock", O_RDWR | O_CREAT, 0o600)
    try #require(lock >= 0)
    #expect(flock(lock, LOCK_EX) == 0)
    #expect(try index.refreshVectors(fake, wait: false) == .busy)
    #expect(fake.texts.isEmpty)
    close(lock)
    #expect(try index.refreshVectors(fake, wait: false, limit: 6) == .worked(6))
  }
}
