import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The meaning vectors of sentences, by model and the hash of their words.
///
/// It lives in `<home>/vectors.sqlite` (0600), beside the index and apart from it: a vector
/// depends on a sentence's words and the model alone, so rebuilding the index keeps them
/// (working them out again takes minutes on a large archive), and deleting the file loses
/// only that time. A damaged file is deleted and made anew. One command at a time works
/// vectors out (``working(wait:_:)``); any number read them.
public final class VectorCache {
  /// The layout of its tables; a file of another one is made anew.
  static let format = 2
  /// Where the cache of `home` lives.
  public static func path(home: String) -> String { home + "/vectors.sqlite" }

  /// The file, or `nil` for a cache in memory.
  public let path: String?
  let database: SQLiteDatabase
  /// A number drawn when the file was made: what the index notes as done is noted under it,
  /// so a cache deleted or made anew is never taken for one that has every vector.
  let generation: Int

  private init(path: String?, database: SQLiteDatabase) throws(SQLiteError) {
    self.path = path
    self.database = database
    if try database.integer("PRAGMA user_version") != Self.format {
      try database.writing { () throws(SQLiteError) in
        // Another command may have made it meanwhile: looked at again under the write lock.
        guard try database.integer("PRAGMA user_version") != Self.format else { return }
        try database.execute(
          """
          DROP TABLE IF EXISTS vectors;
          DROP TABLE IF EXISTS pending;
          DROP TABLE IF EXISTS meta;
          CREATE TABLE vectors(
            model TEXT NOT NULL, hash INTEGER NOT NULL, vector BLOB NOT NULL,
            PRIMARY KEY(model, hash));
          -- Sentences whose vectors are to be worked out, copied from the index so that the
          -- work (minutes on a large archive) needs no index open: a rebuild never waits.
          CREATE TABLE pending(
            model TEXT NOT NULL, hash INTEGER NOT NULL, sentence TEXT NOT NULL,
            PRIMARY KEY(model, hash));
          CREATE TABLE meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
          INSERT INTO meta(key, value) VALUES ('generation', abs(random()));
          PRAGMA user_version = \(Self.format);
          """)
      }
    }
    generation = try database.integer("SELECT value FROM meta WHERE key = 'generation'")
    _ = try database.prepare(
      "SELECT vectors.model, vectors.hash, vectors.vector, pending.model, pending.hash,"
        + " pending.sentence FROM vectors, pending LIMIT 0")
  }

  /// The cache in memory (for an index in memory).
  public static func inMemory() throws(SQLiteError) -> VectorCache {
    try VectorCache(path: nil, database: SQLiteDatabase(path: ":memory:"))
  }

  /// The cache at `path`, made when missing; one that is damaged, of another format or not a
  /// cache at all is deleted and made anew, and `notice` says so.
  public static func open(path: String) throws(SQLiteError) -> (
    cache: VectorCache, notice: String?
  ) {
    do {
      return (try openFile(path), nil)
    } catch let error where error.isDamage || error.code == 1 {
      removeFiles(path)
      return (
        try openFile(path),
        "the meaning vectors '\(path)' could not be read (\(error.message)); started them anew"
      )
    }
  }

  private static func openFile(_ path: String) throws(SQLiteError) -> VectorCache {
    let descriptor = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard descriptor >= 0 else {
      throw SQLiteError(
        code: 14, message: "cannot open '\(path)': \(String(cString: strerror(errno)))")
    }
    close(descriptor)
    let database = try SQLiteDatabase(path: path)
    database.busyTimeout(10_000)
    var waited = 0
    while true {
      do {
        try database.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL")
        break
      } catch  where error.code & 0xFF == 5 && waited < 10_000 {
        usleep(20_000)
        waited += 20
      }
    }
    return try VectorCache(path: path, database: database)
  }

  static func removeFiles(_ path: String) {
    for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
  }

  /// `body` run while this command alone works vectors out (an exclusive lock on the file
  /// beside the cache); `nil` without running it when `wait` is false and another has it.
  public func working<T>(wait: Bool, _ body: () throws(SQLiteError) -> T) throws(SQLiteError) -> T?
  {
    guard let path else { return try body() }
    let lock = Glibc.open(path + "-lock", O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard lock >= 0 else {
      throw SQLiteError(
        code: 14, message: "cannot open '\(path)-lock': \(String(cString: strerror(errno)))")
    }
    defer { close(lock) }
    while flock(lock, wait ? LOCK_EX : LOCK_EX | LOCK_NB) != 0 {
      guard errno == EINTR else { return nil }
    }
    return try body()
  }

  /// `body`, with damage found in the file (a page that does not read) dealt with: the
  /// file is deleted, to be made anew by the next command, and the error says so (as one
  /// that is not the index's damage).
  private func guarded<T>(_ body: () throws(SQLiteError) -> T) throws(SQLiteError) -> T {
    do {
      return try body()
    } catch  where error.isDamage {
      guard let path else { throw error }
      Self.removeFiles(path)
      throw SQLiteError(
        code: 1,
        message: "the meaning vectors '\(path)' were damaged (\(error.message)); deleted them,"
          + " to be worked out again")
    }
  }

  /// A number kept under `key` (the model id of a weights file, by its identity, so that it
  /// is not worked out again: it survives a rebuilt index, as the vectors do).
  public func note(_ key: String) throws(SQLiteError) -> Int? {
    try guarded { () throws(SQLiteError) in
      let row = try database.cached("SELECT value FROM meta WHERE key = ?").bind([.text(key)])
      defer { row.reset() }
      return try row.step() ? row.int(0) : nil
    }
  }

  /// Keeps `value` under `key` (``note(_:)``).
  public func setNote(_ key: String, _ value: Int) throws(SQLiteError) {
    try guarded { () throws(SQLiteError) in
      try database.writing { () throws(SQLiteError) in
        try database.cached("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)")
          .bind([.text(key), .int(value)]).run()
      }
    }
  }

  /// How many vectors of `model` are kept.
  func count(model: String) throws(SQLiteError) -> Int {
    try guarded { () throws(SQLiteError) in
      let count = try database.cached("SELECT count(*) FROM vectors WHERE model = ?")
        .bind([.text(model)])
      defer { count.reset() }
      _ = try count.step()
      return count.int(0)
    }
  }

  /// Whether the sentence hashed `hash` has a vector of `model`, or waits for one.
  func known(model: String, hash: Int) throws(SQLiteError) -> Bool {
    if try contains(model: model, hash: hash) { return true }
    return try guarded { () throws(SQLiteError) in
      let row = try database.cached("SELECT 1 FROM pending WHERE model = ? AND hash = ?")
        .bind([.text(model), .int(hash)])
      defer { row.reset() }
      return try row.step()
    }
  }

  /// Notes `sentences` (hash, words) as waiting for a vector of `model`.
  func queue(model: String, _ sentences: [(hash: Int, sentence: String)]) throws(SQLiteError) {
    try guarded { () throws(SQLiteError) in
      let insert = try database.cached(
        "INSERT OR IGNORE INTO pending(model, hash, sentence) VALUES (?, ?, ?)")
      try database.writing { () throws(SQLiteError) in
        for item in sentences {
          try insert.bind([.text(model), .int(item.hash), .text(item.sentence)]).run()
        }
      }
    }
  }

  /// How many sentences wait for a vector of `model`.
  public func pendingCount(model: String) throws(SQLiteError) -> Int {
    try guarded { () throws(SQLiteError) in
      let count = try database.cached("SELECT count(*) FROM pending WHERE model = ?")
        .bind([.text(model)])
      defer { count.reset() }
      _ = try count.step()
      return count.int(0)
    }
  }

  /// Works out the vectors of the sentences waiting for one of `embedder`'s model.
  ///
  /// `batch` at a time, each batch committed with the sentences taken off the list: an
  /// interrupted run keeps what it did. `progress` gets (done, total). Returns how many were done. Call
  /// it in ``working(wait:_:)``.
  public func embedPending(
    _ embedder: any SentenceEmbedder, batch: Int = 256, progress: ((Int, Int) -> Void)? = nil
  ) throws(SQLiteError) -> Int {
    let model = embedder.modelID
    let total = try pendingCount(model: model)
    var done = 0
    while done < total {
      var sentences: [(hash: Int, sentence: String)] = []
      try guarded { () throws(SQLiteError) in
        let rows = try database.cached(
          "SELECT hash, sentence FROM pending WHERE model = ? LIMIT ?"
        ).bind([.text(model), .int(batch)])
        defer { rows.reset() }
        while try rows.step() { sentences.append((rows.int(0), rows.text(1))) }
      }
      guard !sentences.isEmpty else { break }
      let vectors = embedder.embed(sentences.map(\.sentence))
      try guarded { () throws(SQLiteError) in
        let insert = try database.cached(
          "INSERT OR IGNORE INTO vectors(model, hash, vector) VALUES (?, ?, ?)")
        let taken = try database.cached("DELETE FROM pending WHERE model = ? AND hash = ?")
        try database.writing { () throws(SQLiteError) in
          for (item, vector) in zip(sentences, vectors) {
            try insert.bind([.text(model), .int(item.hash), .blob(ArchiveIndex.half(vector))])
              .run()
            try taken.bind([.text(model), .int(item.hash)]).run()
          }
        }
      }
      done += sentences.count
      progress?(done, total)
    }
    return done
  }

  /// Whether the sentence hashed `hash` has a vector of `model`.
  func contains(model: String, hash: Int) throws(SQLiteError) -> Bool {
    try guarded { () throws(SQLiteError) in
      let row = try database.cached("SELECT 1 FROM vectors WHERE model = ? AND hash = ?")
        .bind([.text(model), .int(hash)])
      defer { row.reset() }
      return try row.step()
    }
  }

  /// Drops the vectors of every model but `model`; whether there were any.
  @discardableResult
  func dropOthers(than model: String) throws(SQLiteError) -> Bool {
    try guarded { () throws(SQLiteError) in try dropped(model) }
  }

  private func dropped(_ model: String) throws(SQLiteError) -> Bool {
    let other = try database.cached(
      "SELECT 1 FROM vectors WHERE model != ? UNION ALL SELECT 1 FROM pending WHERE model != ?"
        + " LIMIT 1"
    ).bind([.text(model), .text(model)])
    let found = try other.step()
    other.reset()
    if found {
      try database.writing { () throws(SQLiteError) in
        try database.cached("DELETE FROM vectors WHERE model != ?").bind([.text(model)]).run()
        try database.cached("DELETE FROM pending WHERE model != ?").bind([.text(model)]).run()
      }
    }
    return found
  }

  /// Drops the vectors and waiting sentences (of every model) that `keep` does not want
  /// (no longer in the archive); how many.
  @discardableResult
  func prune(keep: (Int) -> Bool) throws(SQLiteError) -> Int {
    try guarded { () throws(SQLiteError) in try pruned(keep) }
  }

  private func pruned(_ keep: (Int) -> Bool) throws(SQLiteError) -> Int {
    var gone: [(table: String, model: String, hash: Int)] = []
    try database.reading { () throws(SQLiteError) in
      for table in ["vectors", "pending"] {
        let rows = try database.prepare("SELECT model, hash FROM \(table)")
        while try rows.step() {
          if !keep(rows.int(1)) { gone.append((table, rows.text(0), rows.int(1))) }
        }
      }
    }
    guard !gone.isEmpty else { return 0 }
    try database.writing { () throws(SQLiteError) in
      for item in gone {
        try database.cached("DELETE FROM \(item.table) WHERE model = ? AND hash = ?")
          .bind([.text(item.model), .int(item.hash)]).run()
      }
    }
    return gone.count
  }

  /// The vectors of `model` kept for `hashes` (those it has), by hash.
  public func vectors(model: String, hashes: [Int]) throws(SQLiteError) -> [Int: [Float]] {
    var found: [Int: [Float]] = [:]
    try guarded { () throws(SQLiteError) in
      let row = try database.cached("SELECT vector FROM vectors WHERE model = ? AND hash = ?")
      for hash in hashes where found[hash] == nil {
        row.bind([.text(model), .int(hash)])
        defer { row.reset() }
        guard try row.step() else { continue }
        let bytes = row.blobBytes(0)
        found[hash] = stride(from: 0, to: bytes.count - 1, by: 2).map {
          ArchiveIndex.halfValues[Int(bytes[$0]) | Int(bytes[$0 + 1]) << 8]
        }
      }
    }
    return found
  }

  /// Calls `body` with the hash and float16 bytes of every vector of `model`, in the
  /// table's order, in one read.
  func each(
    model: String, _ body: (Int, UnsafeRawBufferPointer) -> Void
  ) throws(SQLiteError) {
    try guarded { () throws(SQLiteError) in
      try database.reading { () throws(SQLiteError) in
        let rows = try database.prepare(
          "SELECT hash, vector FROM vectors NOT INDEXED WHERE model = ?"
        ).bind([.text(model)])
        while try rows.step() { body(rows.int(0), rows.blobBytes(1)) }
      }
    }
  }
}
