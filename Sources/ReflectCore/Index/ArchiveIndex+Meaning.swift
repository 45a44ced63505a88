import Foundation

/// What turns sentences into meaning vectors for the index.
///
/// The sentence model, or a fake in tests: the index knows nothing of models beyond this.
public protocol SentenceEmbedder: Sendable {
  /// A name that changes whenever the vectors would (the model's name and weights' hash):
  /// vectors are kept under it.
  var modelID: String { get }
  /// The vector of each text, in order, all of one length.
  func embed(_ texts: [String]) -> [[Float]]
}

/// One text found by meaning: its `texts` row, cosine and the sentence that scored it.
struct MeaningMatch {
  var row: Int
  var score: Float
  var position: Int
}

extension ArchiveIndex {
  /// The sentences of an answer, or a lesson whole, whose vectors are kept (none for a
  /// commitment).
  static func meaningSentences(_ text: String, kind: String) -> [String] {
    switch kind {
    case "answer": return Words.sentences(text)
    case "lesson":
      let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
      return trimmed.isEmpty ? [] : [trimmed]
    default: return []
    }
  }

  /// The key of a sentence's vector: FNV-1a of its UTF-8.
  static func sentenceHash(_ sentence: String) -> Int {
    Int(bitPattern: UInt(NoteFolder.fnv1a(sentence.utf8)))
  }

  /// The meaning vectors beside this index (in memory for an index in memory), opened
  /// on first use; `notice` says when a damaged file was started anew.
  public func vectorCache() throws(SQLiteError) -> (cache: VectorCache, notice: String?) {
    if let openedCache { return (openedCache, nil) }
    let opened: (cache: VectorCache, notice: String?) =
      path == nil
      ? (try VectorCache.inMemory(), nil)
      : try VectorCache.open(path: VectorCache.path(home: store.home))
    openedCache = opened.cache
    return opened
  }

  /// The key the index notes, for `model`, the last sentence row whose vectors are all kept.
  private func doneMark(_ model: String, _ cache: VectorCache) -> String {
    "vectors \(model) \(cache.generation)"
  }

  /// How many distinct sentences the archive has.
  public func distinctSentences() throws(SQLiteError) -> Int {
    try database.integer("SELECT count(DISTINCT hash) FROM sentences")
  }

  /// How many sentences have a vector of `model`, and how many distinct sentences of the
  /// archive have none yet.
  public func vectorCounts(model: String) throws(SQLiteError) -> (kept: Int, missing: Int) {
    try vectorCounts(model: model, vectorCache().cache)
  }

  private func vectorCounts(model: String, _ cache: VectorCache) throws(SQLiteError) -> (
    kept: Int, missing: Int
  ) {
    var missing = 0
    try database.reading { () throws(SQLiteError) in
      let hashes = try database.prepare("SELECT DISTINCT hash FROM sentences")
      while try hashes.step() {
        if try !cache.contains(model: model, hash: hashes.int(0)) { missing += 1 }
      }
    }
    return (try cache.count(model: model), missing)
  }

  /// What ``refreshVectors(_:batch:wait:progress:)`` did.
  public enum VectorRefresh: Equatable, Sendable {
    /// How many sentences were embedded.
    case worked(Int)
    /// Another command is working vectors out (and `wait` was false): nothing done.
    case busy
    /// More than the `limit` are missing: left for a command that may take the time.
    case tooMany(Int)

    /// How many were embedded.
    public var count: Int {
      if case .worked(let count) = self { return count }
      return 0
    }
  }

  /// Works out the vector of every sentence of the archive that has none yet, with this
  /// index open all along (the way for an index in memory, whose cache is too).
  ///
  /// ``queueVectors(into:model:limit:)`` then ``VectorCache/embedPending(_:batch:progress:)``,
  /// as one command at a time (with `wait` false, one that finds another at it does nothing).
  @discardableResult
  public func refreshVectors(
    _ embedder: any SentenceEmbedder, batch: Int = 256, wait: Bool = true, limit: Int? = nil,
    progress: ((Int, Int) -> Void)? = nil
  ) throws(SQLiteError) -> VectorRefresh {
    let cache = try vectorCache().cache
    let result = try cache.working(wait: wait) { () throws(SQLiteError) -> VectorRefresh in
      if case .tooMany(let count) = try queueVectors(
        into: cache, model: embedder.modelID, limit: limit)
      {
        return .tooMany(count)
      }
      return .worked(try cache.embedPending(embedder, batch: batch, progress: progress))
    }
    return result ?? .busy
  }

  /// Copies every sentence of the archive that has no vector of `model` into `cache`'s list
  /// of those waiting for one (vectors of another model are dropped first).
  ///
  /// Quick: the sentences are split and hashed as the index is refreshed, and only those
  /// after the last row done are looked at (rows only grow: a changed file gets new ones).
  /// With a `limit`, nothing is queued when more than that many wait; `.worked(0)`
  /// otherwise.
  public func queueVectors(into cache: VectorCache, model: String, limit: Int?)
    throws(SQLiteError) -> VectorRefresh
  {
    let mark = doneMark(model, cache)
    if try cache.dropOthers(than: model) {
      try database.writing { () throws(SQLiteError) in
        try database.cached("DELETE FROM meta WHERE key LIKE 'vectors %' AND key != ?")
          .bind([.text(mark)]).run()
      }
    }
    var wanted: [(hash: Int, sentence: String)] = []
    var last = -1
    let done = try note(mark) ?? -1
    let waiting = try cache.pendingCount(model: model)
    try database.reading { () throws(SQLiteError) in
      last = try database.integer("SELECT coalesce(max(row), -1) FROM sentences")
      guard last > done else { return }
      // Each distinct sentence without a vector, and where one of its copies is.
      var found: [(hash: Int, row: Int, position: Int)] = []
      let rows = try database.prepare(
        "SELECT hash, min(row), position FROM sentences WHERE row > ? GROUP BY hash"
      ).bind([.int(done)])
      while try rows.step() {
        guard try !cache.known(model: model, hash: rows.int(0)) else { continue }
        found.append((rows.int(0), rows.int(1), rows.int(2)))
      }
      if let limit, found.count + waiting > limit {
        wanted = []
        last = -2
        return
      }
      let text = try database.cached("SELECT text, kind FROM texts WHERE rowid = ?")
      for item in found {
        text.bind([.int(item.row)])
        defer { text.reset() }
        guard try text.step() else { continue }
        // (SQLite takes `position` from the row `min(row)` chose.)
        let all = Self.meaningSentences(text.text(0), kind: text.text(1))
        let at = item.position
        guard at < all.count, Self.sentenceHash(all[at]) == item.hash else { continue }
        wanted.append((item.hash, all[at]))
      }
    }
    if last == -2 { return .tooMany(try vectorCounts(model: model, cache).missing) }
    if !wanted.isEmpty { try cache.queue(model: model, wanted) }
    // Noted once they are queued: an interrupted run looks at the same rows again.
    if last > done { try setNote(mark, last) }
    return .worked(0)
  }

  /// Drops the vectors, and the sentences waiting for one, that are no longer in the
  /// archive (deleted or amended sessions); how many.
  ///
  /// Without the work lock: a vector worked out meanwhile for a sentence just dropped is
  /// only a number without its words, dropped the next time.
  @discardableResult
  public func pruneVectors() throws(SQLiteError) -> Int {
    var present: Set<Int> = []
    try database.reading { () throws(SQLiteError) in
      let hashes = try database.prepare("SELECT DISTINCT hash FROM sentences")
      while try hashes.step() { present.insert(hashes.int(0)) }
    }
    return try vectorCache().cache.prune { present.contains($0) }
  }

  /// The value of every float16, by its bits: converting one by one is done in software
  /// on most x86 (three quarters of a search's time at 10,000 sessions).
  static let halfValues: [Float] = (0...UInt16.max).map { Float(Float16(bitPattern: $0)) }

  /// A vector as float16, little-endian.
  static func half(_ vector: [Float]) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(vector.count * 2)
    for value in vector {
      let bits = Float16(value).bitPattern
      bytes.append(UInt8(bits & 0xFF))
      bytes.append(UInt8(bits >> 8))
    }
    return bytes
  }

  /// The answers and lessons of the sessions `filter` passes (of `stage` only, when set),
  /// scored by the best cosine of one of their sentences with `query` (a unit vector),
  /// best first; those under `floor` left out.
  func meaningRanking(
    _ query: [Float], model: String, _ filter: SessionFilter, stage: String?, floor: Float
  ) throws(SQLiteError) -> [MeaningMatch] {
    // Every kept vector's score, in one pass over a contiguous query.
    var scores: [Int: Float] = [:]
    let dimension = query.count
    let halves = Self.halfValues
    try query.withUnsafeBufferPointer { (q) throws(SQLiteError) in
      try halves.withUnsafeBufferPointer { (halves) throws(SQLiteError) in
        try vectorCache().cache.each(model: model) { hash, bytes in
          guard bytes.count == dimension * 2 else { return }
          var dot: Float = 0
          for index in 0..<dimension {
            dot += halves[Int(bytes[2 * index]) | Int(bytes[2 * index + 1]) << 8] * q[index]
          }
          scores[hash] = dot
        }
      }
    }
    let (conditions, values) = Self.conditions(filter)
    let rows = try database.prepare(
      """
      SELECT sentences.row, sentences.position, sentences.hash FROM sentences
        CROSS JOIN files ON files.fid = sentences.row / \(Self.textsPerFile)
        WHERE \(conditions.joined(separator: " AND "))
      """
    ).bind(values)
    var best: [Int: MeaningMatch] = [:]
    while try rows.step() {
      guard let score = scores[rows.int(2)], score >= floor else { continue }
      let row = rows.int(0)
      if let kept = best[row], kept.score >= score { continue }
      best[row] = MeaningMatch(row: row, score: score, position: rows.int(1))
    }
    var ranked = best.values.sorted { ($0.score, -$0.row) > ($1.score, -$1.row) }
    if let stage {
      let text = try database.cached("SELECT stage FROM texts WHERE rowid = ?")
      var kept: [MeaningMatch] = []
      for match in ranked {
        text.bind([.int(match.row)])
        defer { text.reset() }
        if try text.step(), text.text(0) == stage { kept.append(match) }
      }
      ranked = kept
    }
    return ranked
  }

  /// The answers and lessons nearest in meaning to `query` (a unit vector from the model
  /// `model`), best first, with their cosine as `rank`: the first `limit`.
  public func similar(
    _ query: [Float], model: String, _ filter: SessionFilter, limit: Int
  ) throws(SQLiteError) -> [SearchHit] {
    try database.reading { () throws(SQLiteError) in
      let ranked = try meaningRanking(
        query, model: model, filter, stage: filter.stage, floor: -2)
      return try hits(
        ranked.prefix(limit).map {
          ($0.row, (Double($0.score) * 1000).rounded() / 1000, $0, Double($0.score))
        },
        search: nil)
    }
  }

  /// ``search(_:_:limit:_:)`` fused with the meaning of `query`.
  ///
  /// `query` is a unit vector of `model`; the full-text ranking and the meaning ranking (answers and lessons with cosine
  /// `floor` or more) added by reciprocal rank fusion, 1/(60 + rank) from each, best first.
  /// Returns the first `limit` hits and how many there are in all.
  public func meaningSearch(
    _ search: TranscriptSearch?, _ query: [Float], model: String, _ filter: SessionFilter,
    limit: Int?, floor: Float = 0.35
  ) throws(SQLiteError) -> (hits: [SearchHit], total: Int) {
    try database.reading { () throws(SQLiteError) in
      let words =
        try search.map { (search) throws(SQLiteError) in
          try fullTextRanking(search, filter)
        } ?? []
      let meaning = try meaningRanking(
        query, model: model, filter, stage: filter.stage, floor: floor)
      var fused: [Int: (score: Double, match: MeaningMatch?)] = [:]
      for (rank, item) in words.enumerated() {
        fused[item.row, default: (0, nil)].score += 1 / Double(60 + rank + 1)
      }
      for (rank, match) in meaning.enumerated() {
        fused[match.row, default: (0, nil)].score += 1 / Double(60 + rank + 1)
        fused[match.row]?.match = match
      }
      let ranked = fused.sorted { ($0.value.score, -$0.key) > ($1.value.score, -$1.key) }
      let chosen = limit.map { ranked.prefix(max(0, $0)) } ?? ranked[...]
      let found = try hits(
        chosen.map {
          (
            $0.key, ($0.value.score * 100_000).rounded() / 100_000, $0.value.match,
            $0.value.match.map { Double($0.score) }
          )
        }, search: search)
      return (found, ranked.count)
    }
  }

  /// The hits of `rows` (row, rank, the meaning match, its cosine) in order, with their
  /// snippets: around the first word matched, else the sentence that matched in meaning.
  private func hits(
    _ rows: [(row: Int, rank: Double, match: MeaningMatch?, similarity: Double?)],
    search: TranscriptSearch?
  ) throws(SQLiteError) -> [SearchHit] {
    let text = try database.cached("SELECT text, kind, stage FROM texts WHERE rowid = ?")
    let file = try database.cached("SELECT \(Self.columns) FROM files WHERE fid = ?")
    var overviews: [Int: SessionOverview] = [:]
    var result: [SearchHit] = []
    for item in rows {
      let fid = item.row / Self.textsPerFile
      if overviews[fid] == nil {
        file.bind([.int(fid)])
        overviews[fid] = try entries(file).first?.overview
        file.reset()
      }
      guard let overview = overviews[fid] else { continue }
      text.bind([.int(item.row)])
      defer { text.reset() }
      guard try text.step() else { continue }
      let words = text.text(0)
      let kind = text.text(1)
      var snippet = words
      if let search, !search.matchRanges(in: words).isEmpty {
        snippet = search.snippet(words)
      } else if let match = item.match {
        let sentences = Self.meaningSentences(words, kind: kind)
        if match.position < sentences.count, words.count > 100 {
          snippet = "…" + sentences[match.position] + "…"
        }
      }
      var hit = SearchHit(
        session: overview.id, date: overview.start, stage: text.text(2), kind: kind,
        text: words, snippet: snippet, rank: item.rank)
      hit.similarity = item.similarity.map { ($0 * 1000).rounded() / 1000 }
      result.append(hit)
    }
    return result
  }
}

extension ArchiveIndex {
  /// A number the index keeps under `key` (beside the listing it was last brought up to
  /// date with), if any: the model id of a weights file, say, so it is not worked out again.
  public func note(_ key: String) throws(SQLiteError) -> Int? {
    let row = try database.cached("SELECT value FROM meta WHERE key = ?").bind([.text(key)])
    defer { row.reset() }
    return try row.step() ? row.int(0) : nil
  }

  /// Keeps `value` under `key` (``note(_:)``).
  public func setNote(_ key: String, _ value: Int) throws(SQLiteError) {
    try database.writing { () throws(SQLiteError) in
      try database.cached("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)")
        .bind([.text(key), .int(value)]).run()
    }
  }
}
