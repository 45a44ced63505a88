import Foundation

extension Archive {
  /// Why a search stopped partway.
  public enum SearchError: LocalizedError {
    /// The index turned out damaged after some hits were given.
    case interrupted

    public var errorDescription: String? {
      "the index turned out damaged partway through the hits (it is rebuilt now): run the"
        + " search again for all of them"
    }
  }

  /// The hits of `search` among the sessions `filter` passes; returns how many there are.
  ///
  /// Best first (equal ranks in the archive's order), a few hundred at a time to `hits` as
  /// they are read (a common word has tens of thousands in a large archive), the `limit`
  /// best when set. Every transcript's problems are warned about first.
  ///
  /// Should the index turn out damaged after some hits were given, it is rebuilt and
  /// ``SearchError/interrupted`` thrown: hits given cannot be taken back, and giving them
  /// again would show them twice.
  public func search(
    _ search: TranscriptSearch, _ filter: SessionFilter, limit: Int? = nil,
    _ hits: ([SearchHit]) -> Void
  ) throws -> Int {
    var given = 0
    return try reading { index in
      guard given == 0 else { throw SearchError.interrupted }
      try warnProblems(index)
      return try index.search(search, filter, limit: limit) { found in
        given += found.count
        hits(found)
      }
    }
  }

  /// How the home's index stands (`reflect index --status`), read without building or
  /// repairing anything.
  public enum Status {
    /// The home has no sessions, so no index.
    case noSessions
    /// No index file yet at `path`.
    case noIndex(path: String)
    /// The file at `path` cannot be used (`error` says why); commands read the transcripts.
    case unusable(path: String, error: any Error)
    /// The index as it is, and for `vectorModel`, how many sentences have a vector.
    case ready(ArchiveIndex.Status, vectors: (kept: Int, missing: Int)?)
  }

  /// How the home's index stands, with the vector counts of the model whose id the function
  /// `vectorModel` returns gives (from the home's vector cache); `vectorModel` is asked
  /// (the model looked for) only once there is an index, and returns `nil` without a model.
  public func status(vectorModel: () -> ((VectorCache) -> String)?) -> Status {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: store.directory, isDirectory: &isDirectory),
      isDirectory.boolValue
    else { return .noSessions }
    let path = ArchiveIndex.path(home: store.home)
    // Not followed: a link in its place is reported as every command says it.
    var info = stat()
    guard lstat(path, &info) == 0 else { return .noIndex(path: path) }
    let vectorModel = vectorModel()
    do {
      let (index, found) = try ArchiveIndex.open(store: store)
      for notice in found { notices.warn(notice) }
      let state = try index.status()
      guard let vectorModel else { return .ready(state, vectors: nil) }
      // A home without vectors has none kept (the file is not made by looking).
      let file = VectorCache.path(home: store.home)
      let vectors =
        FileManager.default.fileExists(atPath: file)
        ? try index.vectorCounts(model: vectorModel(try VectorCache.open(path: file).cache))
        : (0, try index.distinctSentences())
      return .ready(state, vectors: vectors)
    } catch {
      return .unusable(path: path, error: error)
    }
  }
}
