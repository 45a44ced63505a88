import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A derived SQLite index of a home's transcripts, so reading a large archive is quick.
///
/// The transcripts stay the truth: the index holds, per file, what `list` shows, the events
/// archive commands use (``IndexRecord``) and a full-text table of the person's words. A
/// refresh parses only the files that are new or changed since the last one (by name, size,
/// modification and change time, inode) and forgets deleted ones. It lives at
/// `<home>/index.sqlite` (0600, write-ahead log, busy timeout), may be deleted at any time,
/// and is rebuilt when it is damaged or of another format. docs/performance.md describes it.
public final class ArchiveIndex {
  /// The layout of tables and records; an index of another one is rebuilt.
  public static let format = 15
  /// The page size of a new index, in bytes.
  static let pageSize = 16_384
  /// Where an index of `home` lives.
  public static func path(home: String) -> String { home + "/index.sqlite" }

  /// The index file, or `nil` for one in memory.
  public let path: String?
  let store: TranscriptStore
  let database: SQLiteDatabase
  /// The format of an index found and replaced on opening (another version's).
  private(set) var replacedFormat: Int?
  /// The meaning vectors beside it, opened when first wanted (``vectorCache()``).
  var openedCache: VectorCache?
  /// The index file this connection opened (`nil` in memory): a damaged one is deleted only
  /// while it is still the one there (``recover(from:path:identity:)``).
  public let identity: FileIdentity?

  private init(
    store: TranscriptStore, path: String?, database: SQLiteDatabase,
    identity: FileIdentity? = nil
  ) {
    self.store = store
    self.path = path
    self.database = database
    self.identity = identity
  }

  /// A file as the file system knows it: the same path may later name another.
  public struct FileIdentity: Equatable, Sendable {
    var device: UInt64
    var inode: UInt64

    init?(path: String) {
      var info = stat()
      guard lstat(path, &info) == 0 else { return nil }
      device = UInt64(info.st_dev)
      inode = UInt64(info.st_ino)
    }
  }

  /// The index of `store`'s home, created when missing.
  ///
  /// `notices` says when it had to be
  /// rebuilt (damaged, or of another format).
  public static func open(store: TranscriptStore) throws(SQLiteError) -> (
    index: ArchiveIndex, notices: [String]
  ) {
    let path = path(home: store.home)
    let seen = FileIdentity(path: path)
    do {
      let index = try openFile(store: store, path: path)
      return (
        index,
        index.replacedFormat.map {
          ["the index '\(path)' was made by another version of reflect (format \($0)); rebuilt it"]
        } ?? []
      )
    } catch let error where error.isDamage {
      let notice = try recover(from: error, path: path, identity: seen)
      return (try openFile(store: store, path: path), [notice])
    }
  }

  /// The one place a damaged index is dealt with: `error` (which ``SQLiteError/isDamage``)
  /// was met in the index at `path` that was the file `identity`; it is deleted (with its log
  /// files) to be rebuilt from the transcripts, and the notice to show is returned.
  ///
  /// Only SQLite's own verdict of damage (a page that does not read, or not a database at
  /// all) comes here, never a busy or locked one. Every connection holds the lock file
  /// shared, so the files are deleted only when no other command has them open (deleting
  /// them under another's open connection would leave the two writing different files, and
  /// a reader with half of each); and only when they are still the ones found damaged (two
  /// commands that both found damage rebuild once). When the others do not let go within
  /// 20 s it throws: the caller reads the transcripts themselves instead. The caller's own
  /// connection to the index must be let go first.
  public static func recover(from error: SQLiteError, path: String, identity: FileIdentity?)
    throws(SQLiteError) -> String
  {
    let notice =
      "the index '\(path)' was damaged (\(error.message)); rebuilt it from the transcripts"
    // The gate closed first, so that no command opens the index meanwhile: those that have
    // it open finish, and the lock comes free even while others keep coming.
    let gate = try lockFile(path, "-gate")
    defer { close(gate) }
    let lock = try lockFile(path)
    defer { close(lock) }
    var waited = 0
    while flock(gate, LOCK_EX | LOCK_NB) != 0 {
      guard errno == EWOULDBLOCK || errno == EINTR, waited < 20_000 else {
        throw SQLiteError(
          code: 5, message: "the index '\(path)' is being rebuilt by another command")
      }
      usleep(20_000)
      waited += 20
    }
    while flock(lock, LOCK_EX | LOCK_NB) != 0 {
      guard errno == EWOULDBLOCK || errno == EINTR, waited < 20_000 else {
        throw SQLiteError(
          code: 5,
          message: error.code == 0
            ? "the index '\(path)' was kept open by other commands for 20 s; try again"
            : "the index '\(path)' is damaged and other commands are still using it")
      }
      usleep(20_000)
      waited += 20
    }
    if identity == nil || FileIdentity(path: path) == identity { removeFiles(path) }
    return notice
  }

  /// Deletes the index at `path` to build it anew (`reflect index --rebuild`), once no other
  /// command has it open (as ``recover(from:path:identity:)``).
  public static func discard(path: String) throws(SQLiteError) {
    _ = try recover(from: SQLiteError(code: 0, message: ""), path: path, identity: nil)
  }

  /// How many connections this process has open, by index path.
  private static let openConnections = Mutex<[String: Int]>([:])

  /// The lock file beside the index at `path` (`-lock`, or the `-gate` every connection
  /// passes through), opened (created owner-only when missing).
  private static func lockFile(_ path: String, _ suffix: String = "-lock") throws(SQLiteError)
    -> Int32
  {
    let lock = Glibc.open(path + suffix, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard lock >= 0 else {
      throw SQLiteError(
        code: 14,
        message: "cannot open '\(path)\(suffix)': \(String(cString: strerror(errno)))")
    }
    return lock
  }

  private static func openFile(store: TranscriptStore, path: String) throws(SQLiteError)
    -> ArchiveIndex
  {
    // The lock is held shared while the connection is open (the connection lets it go as it
    // closes); a rebuild of a damaged index waits for it. It is taken through the gate
    // (shut while a damaged index is deleted or one is rebuilt), so that a command waiting
    // to delete the index is not starved by others that keep opening it. A second connection of a process that has one open skips the
    // gate: the deleting command waits for the first anyway, and would wait for ever.
    let reentered = Self.openConnections.withLock { open in
      open[path, default: 0] += 1
      return open[path, default: 0] > 1
    }
    let forget = {
      Self.openConnections.withLock { open in
        open[path, default: 1] -= 1
        if open[path] == 0 { open[path] = nil }
      }
    }
    let lock: Int32
    do {
      let gate = reentered ? -1 : try lockFile(path, "-gate")
      defer { if gate >= 0 { close(gate) } }
      while gate >= 0 && flock(gate, LOCK_SH) != 0 && errno == EINTR {}
      lock = try lockFile(path)
      while flock(lock, LOCK_SH) != 0 && errno == EINTR {}
    } catch {
      forget()
      throw error
    }
    let database: SQLiteDatabase
    let identity: FileIdentity?
    do {
      (database, identity) = try openDatabase(path)
    } catch {
      close(lock)
      forget()
      throw error
    }
    database.holdUntilClosed(lock)
    database.onClose = forget
    let index = ArchiveIndex(store: store, path: path, database: database, identity: identity)
    try index.prepareSchema()
    return index
  }

  private static func openDatabase(_ path: String) throws(SQLiteError) -> (
    SQLiteDatabase, FileIdentity?
  ) {
    // Create it owner-only before SQLite does (its log files take the same mode).
    let descriptor = Glibc.open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard descriptor >= 0 else {
      throw SQLiteError(
        code: 14, message: "cannot open '\(path)': \(String(cString: strerror(errno)))")
    }
    close(descriptor)
    let identity = FileIdentity(path: path)
    let database = try SQLiteDatabase(path: path)
    database.busyTimeout(10_000)
    // Turning a new database to WAL takes an exclusive lock without waiting on the busy
    // timeout: when several commands open a new index at once, the others try again.
    var waited = 0
    while true {
      do {
        // Pages of 16 KiB, not 4 (set before the first write; an index made with other
        // pages keeps them until rebuilt): a build of 100,000 sessions makes 0.85 million
        // reads and writes, not 2.7, and spends 3.4 s in the kernel, not 5.3.
        try database.execute(
          "PRAGMA page_size = \(Self.pageSize); PRAGMA journal_mode = WAL;"
            + " PRAGMA synchronous = NORMAL")
        break
      } catch  where error.code & 0xFF == 5 && waited < 10_000 {
        usleep(20_000)
        waited += 20
      }
    }
    return (database, identity)
  }

  /// An index in memory, filled from the transcripts by ``refresh(progress:)``: what reading
  /// the files themselves gives, through the same code.
  public static func inMemory(store: TranscriptStore) throws(SQLiteError) -> ArchiveIndex {
    let index = ArchiveIndex(
      store: store, path: nil, database: try SQLiteDatabase(path: ":memory:"))
    try index.prepareSchema()
    return index
  }

  /// Deletes an index and its log files.
  public static func removeFiles(_ path: String) {
    for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
  }

  private func prepareSchema() throws(SQLiteError) {
    let version = try database.integer("PRAGMA user_version")
    if version == Self.format {
      // This format's number on tables that are not its own (another program's file, a
      // table dropped by hand) is damage: the file is rebuilt, not queried into errors.
      do {
        _ = try database.prepare(Self.schemaProbe)
      } catch {
        throw SQLiteError(
          code: 11, message: "its tables are not the ones format \(Self.format) makes: \(error)")
      }
      return
    }
    try database.writing { () throws(SQLiteError) in
      // Another process may have made it meanwhile: look again under the write lock.
      let current = try database.integer("PRAGMA user_version")
      if current == Self.format { return }
      if current != 0 { replacedFormat = current }
      try database.execute(
        """
        DROP TABLE IF EXISTS files;
        DROP TABLE IF EXISTS records;
        DROP TABLE IF EXISTS texts;
        DROP TABLE IF EXISTS digests;
        DROP TABLE IF EXISTS phrases;
        DROP TABLE IF EXISTS tallies;
        DROP TABLE IF EXISTS meta;
        DROP TABLE IF EXISTS sentences;
        DROP TABLE IF EXISTS vectors;
        -- AUTOINCREMENT: a row number is never reused, so nothing written for a file that
        -- is gone (a digest another command was working out) can land on a new one.
        CREATE TABLE files(
          fid INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, stamp INTEGER NOT NULL,
          id TEXT, start REAL, pack TEXT, status TEXT, answers INTEGER, lessons INTEGER,
          title TEXT, stages TEXT, problems TEXT NOT NULL, subject TEXT, tags TEXT);
        -- A refresh compares every name and stamp with the folder's, and a report of every
        -- session takes each one's row and lessons: read from this alone. The few files
        -- with problems, which every report warns about, are found from the second.
        CREATE INDEX stamps ON files(name, stamp, lessons);
        CREATE INDEX troubled ON files(name) WHERE problems != '';
        -- Apart from the small rows above, so listing them reads little.
        CREATE TABLE records(fid INTEGER PRIMARY KEY, record BLOB NOT NULL);
        -- Worked out when stats or export first needs them. A session's phrases (five times
        -- the size of its digest) in a table of their own: a report reads every digest, and
        -- with them in the same row read four times the pages.
        CREATE TABLE digests(fid INTEGER PRIMARY KEY, digest BLOB NOT NULL);
        CREATE TABLE phrases(fid INTEGER PRIMARY KEY, phrases BLOB NOT NULL);
        -- Key phrases of every session added up, with the files they cover.
        CREATE TABLE tallies(name TEXT PRIMARY KEY, fids BLOB NOT NULL, tally BLOB NOT NULL);
        -- The folder listing the index was last brought up to date with, as one number.
        CREATE TABLE meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
        CREATE VIRTUAL TABLE texts USING fts5(
          body, text UNINDEXED, kind UNINDEXED, stage UNINDEXED,
          tokenize = "ascii tokenchars '''-'");
        -- The sentences of each answer and each lesson (a `texts` row), by the FNV-1a hash
        -- of their words: what meaning vectors are worked out for (ArchiveIndex+Meaning).
        CREATE TABLE sentences(
          row INTEGER NOT NULL, position INTEGER NOT NULL, hash INTEGER NOT NULL,
          PRIMARY KEY(row, position)) WITHOUT ROWID;
        -- (Their vectors are kept apart from the index, in VectorCache.)
        PRAGMA user_version = \(Self.format);
        """)
    }
  }

  /// A query naming every table and column of the schema below: it compiles only on an
  /// index that has them all.
  private static let schemaProbe = """
    SELECT files.fid, files.name, files.stamp, files.id, files.start, files.pack, files.status,
      files.answers, files.lessons, files.title, files.stages, files.problems, files.subject,
      files.tags, records.fid, records.record, digests.fid, digests.digest, phrases.fid,
      phrases.phrases, tallies.name, tallies.fids, tallies.tally, meta.key, meta.value,
      texts.body, texts.text, texts.kind, texts.stage, sentences.row, sentences.position,
      sentences.hash
    FROM files, records, digests, phrases, tallies, meta, texts, sentences LIMIT 0
    """

  // MARK: - Refresh

  /// What a refresh did.
  public struct Refresh: Sendable, Equatable {
    public var parsed = 0
    public var removed = 0
    /// Entries of the transcripts folder that are not regular files, or readable by others.
    public var warnings: [String] = []
  }

  /// Brings the index up to date with the transcripts folder.
  ///
  /// Parses new and changed files, forgets removed ones. `progress` gets (done, total) as files are parsed.
  @discardableResult
  public func refresh(progress: ((Int, Int) -> Void)? = nil) throws(SQLiteError) -> Refresh {
    let listing = store.listing()
    var result = Refresh(warnings: listing.warnings)
    // The folder as listed, in one number: when it is the one the index was last brought up
    // to date with, there is nothing to compare file by file.
    let fingerprint = Self.fingerprint(listing)
    let last = try database.cached("SELECT value FROM meta WHERE key = 'listing'")
    let unchanged = try last.step() && last.int(0) == fingerprint
    last.reset()
    if unchanged { return result }
    // The rows in name order against the listing (sorted by name too), side by side.
    // Names compared as bytes (SQLite's order for text), read in place.
    let directory = store.directory
    var gone: [String] = []
    // Positions in the listing: a first build of 100,000 files holds no entry until its
    // batch is read.
    var changed: [Int] = []
    var next = 0
    let rows = try database.prepare("SELECT name, stamp FROM files ORDER BY name")
    while try rows.step() {
      let name = rows.textBytes(0)
      while next < listing.count, listing.name(next).lexicographicallyPrecedes(name) {
        changed.append(next)
        next += 1
      }
      if next < listing.count, listing.name(next).elementsEqual(name) {
        if listing.stamps[next] != rows.int(1) { changed.append(next) }
        next += 1
      } else {
        gone.append(String(decoding: name, as: UTF8.self))
      }
    }
    changed.append(contentsOf: next..<listing.count)
    // (Nothing to write: the listing is noted only by a refresh that writes anyway, so a
    // reading command never waits for the write lock.)
    guard !gone.isEmpty || !changed.isEmpty else { return result }
    // Parsed a batch at a time on every core, outside the write lock; written in one short
    // transaction each.
    var done = 0
    // A large build (the first, or after a rebuild) skips the syncs and checkpoints less
    // often: the index is derived, and one damaged by a crash meanwhile is rebuilt. It
    // writes twice as many files per transaction, and lets the full-text table gather 16
    // segments of a size before merging them, not 4: each transaction adds a segment, and
    // merging them is the part of a build that grows faster than the archive (100,000
    // sessions took 10-13 times as long as 10,000; now about 9.5).
    let bulk = changed.count >= 2_000
    let size = bulk ? 500 : 250
    let batches = stride(from: 0, to: max(changed.count, 1), by: size).map {
      $0..<min($0 + size, changed.count)
    }
    if bulk {
      try database.execute("PRAGMA synchronous = OFF; PRAGMA wal_autocheckpoint = 16384")
      try database.execute("INSERT INTO texts(texts, rank) VALUES ('automerge', 16)")
    }
    defer {
      if bulk {
        // Back to the usual, the log folded in and cut back to nothing.
        try? database.execute(
          "INSERT INTO texts(texts, rank) VALUES ('automerge', 4);"
            + " PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 1000;"
            + " PRAGMA wal_checkpoint(TRUNCATE)")
      }
    }
    // While one batch is written, the next is read (SQLite writes on one core).
    let ahead = Slots<[Prepared]>(count: batches.count)
    let reading = DispatchGroup()
    func readAhead(_ number: Int) {
      guard number < batches.count else { return }
      let entries = changed[batches[number]].map { listing.entry($0, in: directory) }
      DispatchQueue.global().async(group: reading) { ahead.set(number, Self.prepare(entries)) }
    }
    readAhead(0)
    for (number, entries) in batches.enumerated() {
      let batch = entries.lowerBound
      reading.wait()
      let parsed = ahead.take(number) ?? []
      readAhead(number + 1)
      // Under the write lock, rows are looked up again by name: another command may have
      // indexed (or forgotten) a file since this one looked.
      try database.writing { () throws(SQLiteError) in
        if batch == 0 {
          for name in gone {
            if let row = try row(named: name) { try forget(row.fid) }
          }
        }
        for file in parsed {
          if let row = try row(named: file.entry.name) {
            if row.stamp == file.entry.stamp { continue }
            try forget(row.fid)
          }
          try insert(file)
        }
        // With the last batch, the listing the index now holds.
        if number == batches.count - 1 { try remember(fingerprint) }
      }
      done += entries.count
      if !entries.isEmpty { progress?(done, changed.count) }
    }
    result.parsed = changed.count
    result.removed = gone.count
    // A large build leaves tens of megabytes with the allocator that the command (a first
    // report, say) would otherwise build on.
    if bulk { Memory.giveBack() }
    return result
  }

  /// Notes that the index holds `fingerprint`'s listing (inside a write transaction).
  private func remember(_ fingerprint: Int) throws(SQLiteError) {
    try database.cached("INSERT OR REPLACE INTO meta(key, value) VALUES ('listing', ?)")
      .bind([.int(fingerprint)]).run()
  }

  /// The names and stamps of `entries` (in order) mixed into one number.
  static func fingerprint(_ listing: TranscriptStore.Listing) -> Int {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for index in 0..<listing.count {
      for byte in listing.name(index) { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
      hash = (hash ^ UInt64(bitPattern: Int64(listing.stamps[index]))) &* 0x100_0000_01b3
      hash = (hash ^ 0x0A) &* 0x100_0000_01b3
    }
    return Int(bitPattern: UInt(hash))
  }

  static func fingerprint(_ entries: [TranscriptStore.Entry]) -> Int {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for entry in entries {
      for byte in entry.name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
      hash = (hash ^ UInt64(bitPattern: Int64(entry.stamp))) &* 0x100_0000_01b3
      hash = (hash ^ 0x0A) &* 0x100_0000_01b3
    }
    return Int(bitPattern: UInt(hash))
  }

  static let textsPerFile = 1 << 20

  private func row(named name: String) throws(SQLiteError) -> (fid: Int, stamp: Int)? {
    let row = try database.cached("SELECT fid, stamp FROM files WHERE name = ?")
      .bind([.text(name)])
    defer { row.reset() }
    return try row.step() ? (row.int(0), row.int(1)) : nil
  }

  private func forget(_ fid: Int) throws(SQLiteError) {
    try database.cached("DELETE FROM texts WHERE rowid >= ? AND rowid < ?")
      .bind([.int(fid * Self.textsPerFile), .int((fid + 1) * Self.textsPerFile)]).run()
    try database.cached("DELETE FROM sentences WHERE row >= ? AND row < ?")
      .bind([.int(fid * Self.textsPerFile), .int((fid + 1) * Self.textsPerFile)]).run()
    try database.cached("DELETE FROM files WHERE fid = ?").bind([.int(fid)]).run()
    try database.cached("DELETE FROM records WHERE fid = ?").bind([.int(fid)]).run()
    try database.cached("DELETE FROM digests WHERE fid = ?").bind([.int(fid)]).run()
    try database.cached("DELETE FROM phrases WHERE fid = ?").bind([.int(fid)]).run()
  }

  /// A transcript file read and made ready to insert: everything but the SQLite calls.
  struct Prepared: Sendable {
    var entry: TranscriptStore.Entry
    /// The `files` row's values after name and stamp.
    var values: [SQLiteStatement.Value]
    /// The stored record, when the file has a session.
    var record: [UInt8]?
    /// Each answer, lesson and commitment: its words as the full-text table holds them, as
    /// written, its kind and stage.
    var texts: [(indexable: String, text: String, kind: String, stage: String)]
  }

  /// `entries` read and prepared, on every core.
  static func prepare(_ entries: [TranscriptStore.Entry]) -> [Prepared] {
    let results = Slots<Prepared>(count: entries.count)
    DispatchQueue.concurrentPerform(iterations: entries.count) { index in
      results.set(index, prepare(entries[index]))
    }
    return results.values.compactMap { $0 }
  }

  private static func prepare(_ entry: TranscriptStore.Entry) -> Prepared {
    // Archive commands (list, search, stats, export) see each text as last amended.
    let outcome = Result { () throws(TranscriptError) in
      try TranscriptReader().read(path: entry.path, followLinks: false).revised
    }
    guard case .success(let transcript) = outcome, let start = transcript.start else {
      let problems: [String] =
        switch outcome {
        case .failure(let error): [error.localizedDescription]
        case .success(let transcript): transcript.problems.map(\.localizedDescription)
        }
      return Prepared(
        entry: entry,
        values: [.null, .null, .null, .null, .null, .null, .null, .null]
          + [.text(problems.joined(separator: "\n")), .null, .null], record: nil, texts: [])
    }
    var stages: [String] = []
    var texts: [(indexable: String, text: String, kind: String, stage: String)] = []
    for event in transcript.events {
      let text: (String, String, String)? =
        switch event {
        case .answer(let answer): ("answer", answer.stage, answer.text)
        case .lesson(let lesson): ("lesson", lesson.stage, lesson.text)
        case .commitment(let item): ("commitment", item.stage, item.text)
        default: nil
        }
      guard let text else { continue }
      if texts.count < textsPerFile {
        texts.append((SearchQuery.indexable(text.2), text.2, text.0, text.1))
      }
      if !stages.contains(text.1) { stages.append(text.1) }
    }
    let overview = SessionOverview(transcript)
    return Prepared(
      entry: entry,
      values: [
        .text(start.id.rawValue), .double(start.date.timeIntervalSinceReferenceDate),
        .text(start.pack),
        .text(transcript.status.rawValue), .int(overview?.answers ?? 0),
        .int(overview?.lessons ?? 0), .text(overview?.title ?? ""),
        .text(stages.joined(separator: "\n")),
        .text(transcript.problems.map(\.localizedDescription).joined(separator: "\n")),
        overview?.subject.map { .text($0) } ?? .null,
        // Between spaces (a tag holds none), so one is found with `instr`.
        .text(" " + transcript.tags.joined(separator: " ") + " "),
      ], record: IndexRecord.encode(transcript), texts: texts)
  }

  private func insert(_ file: Prepared) throws(SQLiteError) {
    try database.cached(
      """
      INSERT INTO files(name, stamp, id, start, pack, status, answers, lessons, title, stages,
        problems, subject, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """
    ).bind([.text(file.entry.name), .int(file.entry.stamp)] + file.values).run()
    guard let record = file.record else { return }
    let fid = database.lastInsertedRow
    try database.cached("INSERT INTO records(fid, record) VALUES (?, ?)")
      .bind([.int(fid), .blob(record)]).run()
    let insertText = try database.cached(
      "INSERT INTO texts(rowid, body, text, kind, stage) VALUES (?, ?, ?, ?, ?)")
    for (offset, text) in file.texts.enumerated() {
      try insertText.bind([
        .int(fid * Self.textsPerFile + offset), .text(text.indexable), .text(text.text),
        .text(text.kind), .text(text.stage),
      ]).run()
    }
    let insertSentence = try database.cached(
      "INSERT INTO sentences(row, position, hash) VALUES (?, ?, ?)")
    for (offset, text) in file.texts.enumerated() {
      for (position, sentence) in Self.meaningSentences(text.text, kind: text.kind).enumerated() {
        try insertSentence.bind([
          .int(fid * Self.textsPerFile + offset), .int(position), .int(Self.sentenceHash(sentence)),
        ]).run()
      }
    }
  }

  // MARK: - Reading

  /// One transcript file as the index knows it.
  public struct Entry: Sendable {
    /// The file's row (stable until the file changes).
    let fid: Int
    public var path: String
    /// `nil` when the file has no readable session start.
    public var overview: SessionOverview?
    /// Stages with an answer, lesson or commitment.
    public var stages: Set<String>
    /// Problems met reading the file (bad lines; or why it could not be read at all).
    public var problems: [String]
  }

  /// The sessions that pass `filter`, by start time then file; only the `last` ones when set.
  ///
  /// The filter runs in SQLite, so a few sessions of many cost little.
  public func sessions(_ filter: SessionFilter, last: Int? = nil) throws(SQLiteError)
    -> [Entry]
  {
    var result: [Entry] = []
    try sessions(filter, last: last) { result.append($0) }
    return result
  }

  /// ``sessions(_:last:)`` one at a time, as they are read (a long list is never held);
  /// with `inFileOrder`, ordered by file name (as reports add them) instead.
  public func sessions(
    _ filter: SessionFilter, last: Int? = nil, inFileOrder: Bool = false,
    _ body: (Entry) -> Void
  ) throws(SQLiteError) {
    var (conditions, values) = Self.conditions(filter)
    let matching =
      "SELECT \(Self.columns) FROM files WHERE " + conditions.joined(separator: " AND ")
    guard let last else {
      let order = inFileOrder ? " ORDER BY name" : " ORDER BY start, name"
      return try each(database.prepare(matching + order).bind(values), body)
    }
    values.append(.int(max(0, last)))
    try each(
      database.prepare(
        "SELECT * FROM (\(matching) ORDER BY start DESC, name DESC LIMIT ?) ORDER BY start, name"
      ).bind(values), body)
  }

  /// The `files` columns an ``Entry`` is read from.
  static let columns =
    "fid, name, id, start, pack, status, answers, lessons, title, stages, problems, subject, tags"

  /// SQL conditions on `files` (and their values) for the sessions `filter` passes.
  static func conditions(_ filter: SessionFilter) -> (
    conditions: [String], values: [SQLiteStatement.Value]
  ) {
    // Files with a session: only those have an id, and a count of lessons (which the
    // index `stamps` holds, so a report of every session reads nothing else).
    var conditions = ["files.lessons IS NOT NULL"]
    var values: [SQLiteStatement.Value] = []
    if let since = filter.since {
      conditions.append("files.start >= ?")
      values.append(.double(since.timeIntervalSinceReferenceDate))
    }
    if let until = filter.until {
      conditions.append("files.start < ?")
      values.append(.double(until.timeIntervalSinceReferenceDate))
    }
    if let pack = filter.pack {
      conditions.append("files.pack = ?")
      values.append(.text(pack))
    }
    if let stage = filter.stage {
      conditions.append(
        "instr(char(10) || files.stages || char(10), char(10) || ? || char(10)) > 0")
      values.append(.text(stage))
    }
    // The tag itself, or one nested under it.
    for tag in filter.tags {
      conditions.append(
        "(instr(files.tags, ' ' || ? || ' ') > 0 OR instr(files.tags, ' ' || ? || '/') > 0)")
      values += [.text(tag), .text(tag)]
    }
    return (conditions, values)
  }

  /// What was wrong in each transcript that has a problem, in file (id) order.
  public func problems() throws(SQLiteError) -> [String] {
    let rows = try database.prepare(
      "SELECT problems FROM files WHERE problems != '' ORDER BY name")
    var result: [String] = []
    while try rows.step() { result += rows.text(0).split(separator: "\n").map(String.init) }
    return result
  }

  func entries(_ rows: SQLiteStatement) throws(SQLiteError) -> [Entry] {
    var result: [Entry] = []
    try each(rows) { result.append($0) }
    return result
  }

  /// Each row of `rows` as an ``Entry``, one at a time.
  private func each(_ rows: SQLiteStatement, _ body: (Entry) -> Void) throws(SQLiteError) {
    while try rows.step() {
      let path = store.directory + "/" + rows.text(1)
      var overview: SessionOverview?
      if !rows.isNull(2) {
        overview = SessionOverview(
          id: rows.text(2), start: Date(timeIntervalSinceReferenceDate: rows.double(3)),
          pack: rows.text(4), answers: rows.int(6), lessons: rows.int(7), title: rows.text(8),
          status: SessionStatus(rawValue: rows.text(5)) ?? .interrupted, path: path,
          subject: rows.isNull(11) ? nil : rows.text(11),
          tags: rows.text(12).split(separator: " ").map(String.init))
      }
      let stages = rows.text(9)
      let problems = rows.text(10)
      let entry = Entry(
        fid: rows.int(0), path: path, overview: overview,
        stages: stages.isEmpty ? [] : Set(stages.split(separator: "\n").map(String.init)),
        problems: problems.isEmpty ? [] : problems.split(separator: "\n").map(String.init))
      body(entry)
    }
  }

  /// The events of `entry` that archive commands use (no coach lines), or `nil` when it has
  /// no session.
  public func transcript(_ entry: Entry) throws(SQLiteError) -> Transcript? {
    try transcript(fid: entry.fid, path: entry.path)
  }

  private func transcript(fid: Int, path: String) throws(SQLiteError) -> Transcript? {
    let row = try database.cached("SELECT record FROM records WHERE fid = ?")
      .bind([.int(fid)])
    defer { row.reset() }
    guard try row.step(), !row.isNull(0) else { return nil }
    guard let transcript = IndexRecord.decode(row.blob(0), path: path) else {
      throw SQLiteError(code: 11, message: "a stored record of '\(path)' cannot be read")
    }
    return transcript
  }

  /// The path of the file in row `fid`.
  private func path(ofFile fid: Int) throws(SQLiteError) -> String {
    let row = try database.cached("SELECT name FROM files WHERE fid = ?").bind([.int(fid)])
    defer { row.reset() }
    return store.directory + "/" + (try row.step() ? row.text(0) : "?")
  }

  /// A session's file as reports read it: its row and how many lessons it has, nothing else
  /// (a report on a large archive holds one per session).
  public struct Session: Sendable {
    let fid: Int
    /// How many lessons it has.
    public let lessons: Int
    /// What it is about and its tags (a report's topics), as the index keeps them.
    var subject: String? = nil
    var tags: [String] = []
  }

  /// The sessions that pass `filter` (only the one with id `id`, when set), in file order, as
  /// ``digests(_:phrases:answers:progress:_:)`` and ``keyPhrases(_:best:progress:)`` take them.
  public func reportSessions(_ filter: SessionFilter, id: String? = nil) throws(SQLiteError)
    -> [Session]
  {
    var (conditions, values) = Self.conditions(filter)
    if let id {
      conditions.append("files.id = ?")
      values.append(.text(id))
    }
    let rows = try database.prepare(
      "SELECT fid, lessons, subject, tags FROM files WHERE "
        + conditions.joined(separator: " AND ") + " ORDER BY name"
    ).bind(values)
    var result: [Session] = []
    while try rows.step() {
      let tags = rows.isNull(3) ? "" : rows.text(3)
      result.append(
        Session(
          fid: rows.int(0), lessons: rows.int(1), subject: rows.isNull(2) ? nil : rows.text(2),
          tags: tags.split(separator: " ").map(String.init)))
    }
    return result
  }

  /// Every session but `chosen`, in file order: where a filtered report reads the reviews
  /// of its commitments made in sessions it leaves out.
  public func sessions(besides chosen: [Session]) throws(SQLiteError) -> [Session] {
    let taken = Set(chosen.map(\.fid))
    return try reportSessions(SessionFilter()).filter { !taken.contains($0.fid) }
  }

  /// The digest of each of `entries` that has a session, in order, a batch at a time to
  /// `body`; without their phrases unless `phrases`, and without the answers their lessons
  /// echo unless `answers` (the questions are kept).
  ///
  /// Digests are kept in the index: those missing (files new or changed since) are worked
  /// out from the stored records, on every core, and kept for next time. `progress` gets
  /// (done, total) as they are read.
  public func digests(
    _ entries: [Session], phrases: Bool = true, answers: Bool = true,
    progress: ((Int, Int) -> Void)? = nil,
    _ body: ([SessionDigest]) throws -> Void
  ) throws {
    let select = try database.cached(
      phrases
        ? "SELECT digest, phrases FROM digests JOIN phrases USING (fid) WHERE fid = ?"
        : "SELECT digest FROM digests WHERE fid = ?")
    typealias Read = (found: [SessionDigest?], missing: [(position: Int, entry: Session)])
    // A batch read in one transaction: one lock, not one per row.
    func read(_ chosen: ArraySlice<Session>) throws(SQLiteError) -> Read {
      var found: [SessionDigest?] = []
      var missing: [(position: Int, entry: Session)] = []
      try database.reading { () throws(SQLiteError) in
        for entry in chosen {
          select.bind([.int(entry.fid)])
          defer { select.reset() }
          guard try select.step() else {
            missing.append((found.count, entry))
            found.append(nil)
            continue
          }
          guard
            var digest = IndexDigest.decode(
              select.blob(0), phrases: phrases ? select.blob(1) : nil, answers: answers)
          else {
            throw SQLiteError(
              code: 11,
              message: "a stored digest of '\(try path(ofFile: entry.fid))' cannot be read")
          }
          digest.file = entry.fid
          digest.subject = entry.subject
          digest.tags = entry.tags
          found.append(digest)
        }
      }
      return (found, missing)
    }
    // While `body` takes one batch, the next is read and decoded on another core. The
    // connection is used by one thread at a time: the next batch is read only once this
    // one's missing digests are stored.
    let batches = stride(from: 0, to: entries.count, by: 250).map {
      entries[$0..<min($0 + 250, entries.count)]
    }
    let ahead = Slots<Unchecked<Result<Read, SQLiteError>>>(count: batches.count)
    let reader = Unchecked(read)
    let reading = DispatchGroup()
    defer { reading.wait() }
    func readAhead(_ number: Int) {
      guard number < batches.count else { return }
      let chosen = Unchecked(batches[number])
      DispatchQueue.global().async(group: reading) {
        ahead.set(
          number, Unchecked(Result { () throws(SQLiteError) in try reader.value(chosen.value) }))
      }
    }
    readAhead(0)
    for number in batches.indices {
      reading.wait()
      guard let read = try ahead.take(number)?.value.get() else { continue }
      var found = read.found
      let missing = read.missing
      if !missing.isEmpty {
        let made = try store(missing.map(\.entry))
        for (item, made) in zip(missing, made) {
          guard var digest = made?.digest else { continue }
          digest.file = item.entry.fid
          digest.subject = item.entry.subject
          digest.tags = item.entry.tags
          if !phrases { digest.phrases = PhraseTally.Counted() }
          if !answers {
            for index in digest.lessons.indices { digest.lessons[index].answer = nil }
          }
          found[item.position] = digest
        }
      }
      readAhead(number + 1)
      try body(found.compactMap { $0 })
      progress?(min((number + 1) * 250, entries.count), entries.count)
    }
  }

  /// A value handed to another thread by code that uses it on one thread at a time.
  struct Unchecked<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
  }

  /// The digests of `entries` worked out from their stored records and kept (only for files
  /// still indexed as they were read), on every core.
  private func store(_ entries: [Session]) throws(SQLiteError) -> [Made?] {
    var transcripts: [Transcript?] = []
    for entry in entries {
      // Every session has a record: none means another command forgot the file (it changed)
      // since this one listed it.
      guard let transcript = try transcript(fid: entry.fid, path: try path(ofFile: entry.fid))
      else { throw SQLiteError.changed("a session changed while it was read") }
      transcripts.append(transcript)
    }
    let made = Self.digests(of: transcripts)
    try database.writing { () throws(SQLiteError) in
      let insert = try database.cached(
        """
        INSERT OR REPLACE INTO digests(fid, digest)
          SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM files WHERE fid = ?1)
        """)
      let insertPhrases = try database.cached(
        """
        INSERT OR REPLACE INTO phrases(fid, phrases)
          SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM files WHERE fid = ?1)
        """)
      for (entry, digest) in zip(entries, made) {
        guard let digest else { continue }
        try insert.bind([.int(entry.fid), .blob(digest.bytes)]).run()
        try insertPhrases.bind([.int(entry.fid), .blob(digest.phrases)]).run()
      }
    }
    return made
  }

  /// Works out and keeps the digests of `entries` not kept yet, a batch at a time.
  ///
  /// None of those kept is read: a report can then add up the key phrases before it reads
  /// the digests themselves (so the two are never in memory together). `progress` gets
  /// (done, total) of those worked out.
  func storeDigests(_ entries: [Session], progress: ((Int, Int) -> Void)? = nil)
    throws(SQLiteError)
  {
    // Looked up one by one: a scan of the table would read every digest's first page.
    let row = try database.cached("SELECT 1 FROM digests WHERE fid = ?")
    var missing: [Session] = []
    try database.reading { () throws(SQLiteError) in
      for entry in entries {
        row.bind([.int(entry.fid)])
        defer { row.reset() }
        if try !row.step() { missing.append(entry) }
      }
    }
    for batch in stride(from: 0, to: missing.count, by: 250) {
      _ = try store(Array(missing[batch..<min(batch + 250, missing.count)]))
      progress?(min(batch + 250, missing.count), missing.count)
    }
  }

  /// For each of `files` (a ``SessionDigest/file``), the answer each lesson of its session
  /// echoes, in order; `nil` for a file no longer indexed as it was.
  ///
  /// A report keeps no answers (at 100,000 sessions they are about 150 MB): they are read
  /// back here a few hundred sessions at a time as the lessons are written.
  public func lessonAnswers(_ files: [Int]) throws(SQLiteError) -> [[String?]?] {
    try storedDigests(files).map { $0.flatMap(Self.lessonAnswers(inDigest:)) }
  }

  /// The stored digest of each of `files`, as bytes (`nil` for a file no longer indexed):
  /// ``lessonAnswers(inDigest:)`` reads them, on any thread.
  public func storedDigests(_ files: [Int]) throws(SQLiteError) -> [[UInt8]?] {
    let select = try database.cached("SELECT digest FROM digests WHERE fid = ?")
    var result: [[UInt8]?] = []
    result.reserveCapacity(files.count)
    try database.reading { () throws(SQLiteError) in
      for file in files {
        select.bind([.int(file)])
        defer { select.reset() }
        result.append(try select.step() ? select.blob(0) : nil)
      }
    }
    return result
  }

  /// The answer each lesson of a stored digest echoes, in order (`nil` when the bytes are
  /// not a digest's).
  public static func lessonAnswers(inDigest bytes: [UInt8]) -> [String?]? {
    IndexDigest.answers(bytes)
  }

  /// The best `count` key phrases of each stage over every one of `entries`.
  ///
  /// The index keeps the last answer with the files it covers (a file changed since is
  /// another file), so asking again about the same sessions reads a few hundred bytes; new
  /// ones add theirs to the kept tally (``phraseTally(_:progress:)``).
  public func keyPhrases(
    _ entries: [Session], best count: Int, progress: ((Int, Int) -> Void)? = nil
  ) throws(SQLiteError) -> [String: [PhraseTally.Phrase]] {
    let wanted = entries.map(\.fid).sorted()
    let row = try database.cached("SELECT fids, tally FROM tallies WHERE name = 'best'")
    let kept =
      try row.step() && Self.fids(row.blob(0)) == wanted
      ? Self.bestPhrases(row.blob(1), count: count) : nil
    row.reset()
    if let kept { return kept }
    let tally = try phraseTally(entries, progress: progress)
    var best: [String: [PhraseTally.Phrase]] = [:]
    for stage in tally.stages { best[stage] = tally.top(stage, count: count) }
    try database.writing { () throws(SQLiteError) in
      try database.cached("INSERT OR REPLACE INTO tallies(name, fids, tally) VALUES ('best', ?, ?)")
        .bind([.blob(Self.fidBytes(wanted)), .blob(Self.bestBytes(best, count: count))]).run()
    }
    return best
  }

  private static func bestBytes(_ best: [String: [PhraseTally.Phrase]], count: Int) -> [UInt8] {
    var writer = ByteWriter()
    writer.int(count)
    writer.int(best.count)
    for (stage, phrases) in best.sorted(by: { $0.key < $1.key }) {
      writer.string(stage)
      writer.int(phrases.count)
      for phrase in phrases {
        writer.string(phrase.phrase)
        writer.int(phrase.count)
      }
    }
    return writer.bytes
  }

  /// Kept best phrases, when they were worked out for `count` and read whole.
  private static func bestPhrases(_ bytes: [UInt8], count: Int) -> [String: [PhraseTally.Phrase]]? {
    var reader = ByteReader(bytes)
    guard reader.int() == count, let stages = reader.count() else { return nil }
    var best: [String: [PhraseTally.Phrase]] = [:]
    for _ in 0..<stages {
      guard let stage = reader.string(), let number = reader.count() else { return nil }
      var phrases: [PhraseTally.Phrase] = []
      for _ in 0..<number {
        guard let phrase = reader.string(), let times = reader.int() else { return nil }
        phrases.append(PhraseTally.Phrase(phrase: phrase, count: times))
      }
      best[stage] = phrases
    }
    return reader.atEnd ? best : nil
  }

  /// The key phrases of every one of `entries` that has a session, added up.
  ///
  /// The index keeps the last such tally with the files it covers: when they are all among
  /// `entries` (nothing changed or removed since, only sessions added), the tally is read
  /// back and the new sessions' phrases added; otherwise it is added up again. The phrases
  /// are read from the stored digests (those missing worked out first); the tally kept is
  /// then replaced.
  func phraseTally(_ entries: [Session], progress: ((Int, Int) -> Void)? = nil)
    throws(SQLiteError) -> PhraseTally
  {
    let wanted = entries.map(\.fid)
    let wantedSet = Set(wanted)
    var tally = PhraseTally()
    var covered: Set<Int> = []
    let row = try database.cached("SELECT fids, tally FROM tallies WHERE name = 'all'")
    if try row.step(), let fids = Self.fids(row.blob(0)), fids.allSatisfy(wantedSet.contains),
      let stored = PhraseTally(encoded: row.blob(1))
    {
      tally = stored
      covered = Set(fids)
    }
    row.reset()
    let missing = wanted.filter { !covered.contains($0) }
    guard !missing.isEmpty || covered.count != wanted.count else { return tally }
    // Those not in the kept tally may have no digest yet.
    try storeDigests(entries.filter { !covered.contains($0.fid) }, progress: progress)
    let select = try database.cached("SELECT phrases FROM phrases WHERE fid = ?")
    for fid in missing {
      select.bind([.int(fid)])
      defer { select.reset() }
      // Gone when another command forgot the file (it changed) since this one listed it.
      guard try select.step() else {
        throw SQLiteError.changed("a session changed while it was read")
      }
      guard let phrases = IndexDigest.decode(phrases: select.blob(0)) else {
        throw SQLiteError(code: 11, message: "the stored phrases of a session cannot be read")
      }
      tally.add(phrases)
    }
    try database.writing { () throws(SQLiteError) in
      try database.cached("INSERT OR REPLACE INTO tallies(name, fids, tally) VALUES ('all', ?, ?)")
        .bind([.blob(Self.fidBytes(wanted.sorted())), .blob(tally.encoded())]).run()
    }
    return tally
  }

  private static func fidBytes(_ fids: [Int]) -> [UInt8] {
    var writer = ByteWriter()
    writer.int(fids.count)
    var last = 0
    for fid in fids {
      writer.int(fid - last)
      last = fid
    }
    return writer.bytes
  }

  private static func fids(_ bytes: [UInt8]) -> [Int]? {
    var reader = ByteReader(bytes)
    guard let count = reader.count() else { return nil }
    var fids: [Int] = []
    var last = 0
    for _ in 0..<count {
      guard let step = reader.int(), step > 0 else { return nil }
      last += step
      fids.append(last)
    }
    return reader.atEnd ? fids : nil
  }

  /// The digests of `transcripts` and their bytes, worked out on every core.
  static func digests(of transcripts: [Transcript?]) -> [Made?] {
    let results = Slots<Made>(count: transcripts.count)
    DispatchQueue.concurrentPerform(iterations: transcripts.count) { index in
      guard let transcript = transcripts[index], let digest = SessionDigest(transcript) else {
        return
      }
      results.set(
        index,
        Made(
          digest: digest, bytes: IndexDigest.encode(digest),
          phrases: IndexDigest.encode(digest.phrases)))
    }
    return results.values
  }

  /// A digest worked out, with the bytes kept of it.
  struct Made: Sendable {
    var digest: SessionDigest
    var bytes: [UInt8]
    var phrases: [UInt8]
  }

  /// Every answer, lesson and commitment that matches `query` (the full-text table's tokens
  /// are the query's words, so its matches are the query's), with its bm25 score (lower is
  /// better) and its file's row.
  func candidates(_ query: SearchQuery) throws(SQLiteError) -> [(
    fid: Int, row: Int, text: String, kind: String, stage: String, bm25: Double
  )] {
    let rows = try database.prepare(
      """
      SELECT rowid, text, kind, stage, bm25(texts) FROM texts WHERE texts MATCH ?
      ORDER BY rowid
      """
    ).bind([.text(query.fullTextExpression)])
    var result: [(Int, Int, String, String, String, Double)] = []
    while try rows.step() {
      result.append(
        (
          rows.int(0) / Self.textsPerFile, rows.int(0), rows.text(1), rows.text(2), rows.text(3),
          rows.double(4)
        ))
    }
    return result
  }

  /// Which of `texts` the full-text table finds for `query` (for the fuzz target and tests:
  /// exactly those the query matches).
  static func candidates(_ query: SearchQuery, among texts: [String]) throws(SQLiteError)
    -> Set<Int>
  {
    let index = try inMemory(store: TranscriptStore(home: "/nonexistent"))
    let insert = try index.database.cached(
      "INSERT INTO texts(rowid, body, text, kind, stage) VALUES (?, ?, ?, 'answer', 's')")
    for (offset, text) in texts.enumerated() {
      try insert.bind([.int(offset), .text(SearchQuery.indexable(text)), .text(text)]).run()
    }
    return Set(try index.candidates(query).map { $0.row })
  }

  // MARK: - Status

  /// What `reflect index --status` shows.
  public struct Status: Sendable, Equatable {
    public var path: String
    public var files: Int
    public var sessions: Int
    public var texts: Int
    public var bytes: Int
    /// Files new, changed or removed since the last refresh.
    public var stale: Int
  }

  /// How many transcript files the index knows.
  public func fileCount() throws(SQLiteError) -> Int {
    try database.integer("SELECT count(*) FROM files")
  }

  /// How the index stands against the transcripts folder (without refreshing it).
  public func status() throws(SQLiteError) -> Status {
    var known: [String: Int] = [:]
    let rows = try database.prepare("SELECT name, stamp FROM files")
    while try rows.step() { known[rows.text(0)] = rows.int(1) }
    let listing = store.listing()
    var present: Set<String> = []
    var stale = 0
    for index in 0..<listing.count {
      let name = String(decoding: listing.name(index), as: UTF8.self)
      if known[name] != listing.stamps[index] { stale += 1 }
      present.insert(name)
    }
    stale += known.keys.filter { !present.contains($0) }.count
    var bytes = 0
    for suffix in ["", "-wal"] {
      var info = stat()
      if let path, stat(path + suffix, &info) == 0 { bytes += Int(info.st_size) }
    }
    return Status(
      path: path ?? ":memory:", files: known.count,
      sessions: try database.integer("SELECT count(*) FROM files WHERE id IS NOT NULL"),
      texts: try database.integer("SELECT count(*) FROM texts"), bytes: bytes, stale: stale)
  }
}

extension ArchiveIndex {
  /// The texts of the sessions `filter` passes that `search` finds, best first (equal ranks
  /// oldest session first, then as written): the first `limit` of them (all when `nil`),
  /// and how many there are in all.
  ///
  /// Only the hits returned are read in full and given a snippet.
  public func search(_ search: TranscriptSearch, _ filter: SessionFilter, limit: Int? = nil)
    throws(SQLiteError) -> (hits: [SearchHit], total: Int)
  {
    var hits: [SearchHit] = []
    let total = try self.search(search, filter, limit: limit) { hits += $0 }
    return (hits, total)
  }

  /// ``search(_:_:limit:)``'s hits a few hundred at a time to `body`, in order (all of a
  /// common word's hits are never held at once); returns how many there are in all.
  public func search(
    _ search: TranscriptSearch, _ filter: SessionFilter, limit: Int? = nil,
    _ body: ([SearchHit]) -> Void
  ) throws(SQLiteError) -> Int {
    // In one read transaction: the hits found and the texts and files read for them are of
    // one state of the index, whatever other commands write meanwhile.
    try database.reading { () throws(SQLiteError) in try searching(search, filter, limit, body) }
  }

  private func searching(
    _ search: TranscriptSearch, _ filter: SessionFilter, _ limit: Int?,
    _ body: ([SearchHit]) -> Void
  ) throws(SQLiteError) -> Int {
    let found = try fullTextRanking(search, filter)
    let chosen = limit.map { found.prefix(max(0, $0)) } ?? found[...]
    let text = try database.cached("SELECT text, kind FROM texts WHERE rowid = ?")
    let file = try database.cached("SELECT \(Self.columns) FROM files WHERE fid = ?")
    var overviews: [Int: SessionOverview] = [:]
    var hits: [SearchHit] = []
    for item in chosen {
      if hits.count == 256 {
        body(hits)
        hits.removeAll(keepingCapacity: true)
        overviews.removeAll(keepingCapacity: true)
      }
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
      let rank = (-item.bm25 * 1000).rounded() / 1000
      hits.append(
        SearchHit(
          session: overview.id, date: overview.start, stage: item.stage, kind: text.text(1),
          text: words, snippet: search.snippet(words), rank: rank == 0 ? 0 : rank))
    }
    if !hits.isEmpty { body(hits) }
    return found.count
  }

  /// The texts `search` finds in the sessions `filter` passes, best first (bm25, then the
  /// session's start, file and row).
  func fullTextRanking(_ search: TranscriptSearch, _ filter: SessionFilter)
    throws(SQLiteError) -> [(bm25: Double, start: Double, name: String, row: Int, stage: String)]
  {
    let (conditions, values) = Self.conditions(filter)
    let rows = try database.prepare(
      """
      SELECT texts.rowid, texts.stage, bm25(texts), files.start, files.name FROM texts
        CROSS JOIN files ON files.fid = texts.rowid / \(Self.textsPerFile)
        WHERE texts MATCH ? AND \(conditions.joined(separator: " AND "))
      """
    ).bind([.text(search.query.fullTextExpression)] + values)
    var found: [(bm25: Double, start: Double, name: String, row: Int, stage: String)] = []
    while try rows.step() {
      let stage = rows.text(1)
      guard search.stage == nil || search.stage == stage else { continue }
      found.append((rows.double(2), rows.double(3), rows.text(4), rows.int(0), stage))
    }
    found.sort {
      ($0.bm25, $0.start, $0.name, $0.row) < ($1.bm25, $1.start, $1.name, $1.row)
    }
    return found
  }

}
