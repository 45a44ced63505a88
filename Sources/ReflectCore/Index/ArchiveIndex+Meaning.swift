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

  /// How many sentences have a vector of `model`, and how many distinct sentences of the
  /// archive have none yet.
  public func vectorCounts(model: String) throws(SQLiteError) -> (kept: Int, missing: Int) {
    let kept = try database.cached("SELECT count(*) FROM vectors WHERE model = ?")
      .bind([.text(model)])
    defer { kept.reset() }
    _ = try kept.step()
    let missing = try database.cached(
      """
      SELECT count(DISTINCT hash) FROM sentences
        WHERE NOT EXISTS (SELECT 1 FROM vectors WHERE model = ? AND vectors.hash = sentences.hash)
      """
    ).bind([.text(model)])
    defer { missing.reset() }
    _ = try missing.step()
    return (kept.int(0), missing.int(0))
  }

  /// Works out the vector of every sentence of the archive that has none yet.
  ///
  /// Those of `embedder`'s model (vectors of another model are dropped first), `batch` sentences at a time, each
  /// batch committed as it is done: an interrupted run keeps what it did. `progress` gets
  /// (done, total). Returns how many were worked out.
  @discardableResult
  public func refreshVectors(
    _ embedder: any SentenceEmbedder, batch: Int = 256, progress: ((Int, Int) -> Void)? = nil
  ) throws(SQLiteError) -> Int {
    let model = embedder.modelID
    let other = try database.cached("SELECT 1 FROM vectors WHERE model != ? LIMIT 1")
      .bind([.text(model)])
    let stale = try other.step()
    other.reset()
    // Every sentence up to this row has its vector: rows only grow (a changed file gets a
    // new one), so only those after it are looked at.
    let mark = "vectors " + model
    if stale {
      try database.writing { () throws(SQLiteError) in
        try database.cached("DELETE FROM vectors WHERE model != ?").bind([.text(model)]).run()
        try database.cached("DELETE FROM meta WHERE key LIKE 'vectors %' AND key != ?")
          .bind([.text(mark)]).run()
      }
    }
    // Each distinct sentence without a vector, and where one of its copies is.
    var wanted: [(hash: Int, row: Int, position: Int)] = []
    var last = -1
    let done = try note(mark) ?? -1
    try database.reading { () throws(SQLiteError) in
      last = try database.integer("SELECT coalesce(max(row), -1) FROM sentences")
      guard last > done else { return }
      let rows = try database.prepare(
        """
        SELECT hash, min(row), position FROM sentences
          WHERE row > ? AND NOT EXISTS (
            SELECT 1 FROM vectors WHERE model = ? AND vectors.hash = sentences.hash)
          GROUP BY hash
        """
      ).bind([.int(done), .text(model)])
      while try rows.step() { wanted.append((rows.int(0), rows.int(1), rows.int(2))) }
    }
    // Noted once all are done: an interrupted run looks at the same rows again.
    guard !wanted.isEmpty else {
      if last > done { try setNote(mark, last) }
      return 0
    }
    let text = try database.cached("SELECT text, kind FROM texts WHERE rowid = ?")
    let insert = try database.cached(
      "INSERT OR IGNORE INTO vectors(model, hash, vector) VALUES (?, ?, ?)")
    var finished = 0
    for start in stride(from: 0, to: wanted.count, by: batch) {
      let chosen = wanted[start..<min(start + batch, wanted.count)]
      var sentences: [(hash: Int, sentence: String)] = []
      try database.reading { () throws(SQLiteError) in
        for item in chosen {
          text.bind([.int(item.row)])
          defer { text.reset() }
          guard try text.step() else { continue }
          // (SQLite takes `position` from the row `min(row)` chose.)
          let all = Self.meaningSentences(text.text(0), kind: text.text(1))
          let at = item.position
          guard at < all.count, Self.sentenceHash(all[at]) == item.hash else { continue }
          sentences.append((item.hash, all[at]))
        }
      }
      let vectors = embedder.embed(sentences.map(\.sentence))
      try database.writing { () throws(SQLiteError) in
        for (item, vector) in zip(sentences, vectors) {
          try insert.bind([.text(model), .int(item.hash), .blob(Self.half(vector))]).run()
        }
      }
      finished += chosen.count
      progress?(finished, wanted.count)
    }
    try setNote(mark, last)
    return finished
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
    // The table read in order (another model's rows are dropped as a new one is used).
    let vectors = try database.prepare(
      "SELECT hash, vector FROM vectors NOT INDEXED WHERE model = ?"
    ).bind([.text(model)])
    let dimension = query.count
    let halves = Self.halfValues
    try query.withUnsafeBufferPointer { (q) throws(SQLiteError) in
      try halves.withUnsafeBufferPointer { (halves) throws(SQLiteError) in
        while try vectors.step() {
          let bytes = vectors.blobBytes(1)
          guard bytes.count == dimension * 2 else { continue }
          var dot: Float = 0
          for index in 0..<dimension {
            dot += halves[Int(bytes[2 * index]) | Int(bytes[2 * index + 1]) << 8] * q[index]
          }
          scores[vectors.int(0)] = dot
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
