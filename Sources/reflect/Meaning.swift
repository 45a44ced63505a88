import Foundation
import ReflectCore
import ReflectMeaning
import ReflectTerminal

/// Whether reflect reads meaning, and with which model (docs/meaning.md).
enum Meaning {
  /// The model in use, or why there is none.
  enum Mode {
    case on(ReflectMeaning.Encoder)
    case off(MeaningError)

    var encoder: ReflectMeaning.Encoder? {
      if case .on(let encoder) = self { return encoder }
      return nil
    }

    /// The model's name (its folder's), when one is in use.
    var modelName: String? { encoder?.name }

    /// One line saying which mode is in use, for `index --status`, `config show`, export.
    var line: String {
      switch self {
      case .on(let encoder): "meaning: \(encoder.name) (\(encoder.directory))"
      case .off(.noModel(let searched)) where searched.count == 1:
        "meaning: off — words only (no model at \(searched[0]); make setup installs one)"
      case .off(.noModel): "meaning: off — words only (no model found; make setup installs it)"
      case .off(let error):
        "meaning: off — words only (the model cannot be read: \(error.localizedDescription))"
      }
    }
  }

  /// The model named by `--model` (`explicit`), else `REFLECT_MODEL` (which the settings
  /// file's `model:` becomes), else the first folder of ``ModelLocation`` found, loaded.
  static func mode(explicit: String? = nil) -> Mode {
    do throws(MeaningError) {
      let folder = try ModelLocation.find(
        explicit: explicit, environment: ProcessInfo.processInfo.environment,
        executable: ModelLocation.currentExecutable)
      return .on(try Encoder.load(from: folder))
    } catch {
      return .off(error)
    }
  }
}

extension Meaning {
  /// The encoder as it is, for reading replies (no index to keep its id in).
  struct Plain: SentenceEmbedder {
    let encoder: ReflectMeaning.Encoder
    init(_ encoder: ReflectMeaning.Encoder) { self.encoder = encoder }
    var modelID: String { encoder.modelID }
    func embed(_ texts: [String]) -> [[Float]] { encoder.embed(texts) }
  }

  /// What a meaning command says when another is working vectors out meanwhile.
  static let othersAtWork =
    "another reflect is working out meaning vectors; sentences without one yet are found"
    + " by their words alone"

  /// Works out the vectors the archive lacks for `encoder`'s model, with a progress line,
  /// without holding the index while it does (a rebuild need not wait for minutes of work).
  ///
  /// The sentences are queued from the index (``ArchiveIndex/queueVectors(into:model:limit:)``),
  /// the index let go, then embedded. Does nothing when another command is at it (saying
  /// so when `busy` is given), or, with a `limit`, when more than that many are missing.
  /// Returns the model id they are kept under and what was done; `nil` when the index is in
  /// memory (``withVectors(_:_:_:_:)`` works them out within its reading then).
  @discardableResult
  static func refreshVectors(
    _ archive: Archive, _ encoder: ReflectMeaning.Encoder, _ console: Console,
    limit: Int? = nil, busy: String? = nil
  ) throws -> (model: String, refresh: ArchiveIndex.VectorRefresh)? {
    // The cache opened, and the model id worked out (a hash of the weights the first time),
    // before the index is: a rebuild never waits on either.
    let home = archive.store.home
    guard FileManager.default.fileExists(atPath: archive.store.directory),
      CommandContext.environment["REFLECT_NO_INDEX"] != "1",
      let (cache, notice) = try? VectorCache.open(path: VectorCache.path(home: home))
    else { return nil }
    if let notice { console.warn(notice) }
    let model = Model(encoder, cache).modelID
    let queued = try archive.reading { index -> ArchiveIndex.VectorRefresh? in
      guard index.path != nil else { return nil }
      return try index.queueVectors(into: cache, model: model, limit: limit)
    }
    guard let queued else { return nil }
    if case .tooMany = queued { return (model, queued) }
    let progress = ProgressLine(console: console, label: "working out meaning vectors")
    let embedder = Model(encoder, modelID: model)
    let done = try cache.working(wait: false) { () throws(SQLiteError) -> Int in
      try cache.embedPending(embedder, progress: progress.update)
    }
    guard let done else {
      if let busy { console.warn(busy) }
      return (model, .busy)
    }
    return (model, .worked(done))
  }

  /// `body` with the index and the model id the vectors are kept under, the vectors of
  /// sentences new since worked out first: before the reading when the index is on disk,
  /// within it for one in memory.
  static func withVectors<T>(
    _ archive: Archive, _ encoder: ReflectMeaning.Encoder, _ console: Console,
    _ body: (ArchiveIndex, String) throws -> T
  ) throws -> T {
    let early = try refreshVectors(archive, encoder, console, busy: othersAtWork)
    return try archive.reading { index in
      if let early, index.path != nil { return try body(index, early.model) }
      let model = Model(encoder, try index.vectorCache().cache)
      let progress = ProgressLine(console: console, label: "working out meaning vectors")
      try index.refreshVectors(model, wait: false, progress: progress.update)
      return try body(index, model.modelID)
    }
  }

  /// The meaning vectors of lessons for a report: those the home's vector cache keeps, the
  /// few missing worked out by `encoder` (``CachedLessonVectors``).
  static func lessonVectors(_ store: TranscriptStore, _ encoder: ReflectMeaning.Encoder)
    -> CachedLessonVectors
  {
    let cache =
      FileManager.default.fileExists(atPath: VectorCache.path(home: store.home))
      ? (try? VectorCache.open(path: VectorCache.path(home: store.home)))?.cache : nil
    return CachedLessonVectors(
      cache: cache,
      embedder: cache.map { Model(encoder, $0) as any SentenceEmbedder } ?? Plain(encoder))
  }

  /// The model's name and the lessons' vectors for a report (``Archive/ReportRequest/meaning``):
  /// words only, `(nil, nil)`, without a model.
  static func reportMeaning(_ store: TranscriptStore) -> (
    model: String?, vectors: (any LessonVectorSource)?
  ) {
    let mode = mode()
    return (mode.modelName, mode.encoder.map { lessonVectors(store, $0) })
  }

  /// Most sentences a session's or an import's end works out vectors for (about ten
  /// seconds); more are left to `reflect index`.
  static let keepUpLimit = 2_000

  /// The vectors of what is new, after a session or an import, once the home has some.
  ///
  /// Once the home has meaning vectors (``VectorCache``), the index is brought up to date
  /// and the new sentences' vectors worked out. Everything typed is on
  /// disk before this starts, so an interrupted run loses nothing but vectors, which the
  /// next meaning command works out. With more than ``keepUpLimit`` to do, says how to do
  /// them (`hint`) instead. Problems are left for the next command to report.
  static func keepUp(_ store: TranscriptStore, _ console: Console, hint: Bool) {
    guard FileManager.default.fileExists(atPath: VectorCache.path(home: store.home)),
      let encoder = mode().encoder,
      let done = try? refreshVectors(
        Archive(store: store, console: console), encoder, console, limit: keepUpLimit)
    else { return }
    if hint, case .tooMany(let count) = done.refresh {
      console.line(
        "\(count) sentences have no meaning vector yet; 'reflect index' works them out"
          + " (about \(max(1, count / 6_000)) min).")
    }
  }

  /// The encoder, with its model id kept in the vector cache under the weights file's
  /// identity: working it out reads the whole file (0.3 s of CPU, seconds in a debug build),
  /// so each command does not.
  struct Model: SentenceEmbedder {
    let encoder: ReflectMeaning.Encoder
    let modelID: String

    init(_ encoder: ReflectMeaning.Encoder, _ cache: VectorCache) {
      self.encoder = encoder
      var info = stat()
      let weights = encoder.directory + "/model.safetensors"
      guard stat(weights, &info) == 0 else {
        modelID = encoder.modelID
        return
      }
      // Device, inode, size, modification and change times: any write changes the last.
      let key =
        "model \(info.st_dev) \(info.st_ino) \(info.st_size) \(info.st_mtim.tv_sec)."
        + "\(info.st_mtim.tv_nsec) \(info.st_ctim.tv_sec).\(info.st_ctim.tv_nsec)"
      // The id is the folder's name and 16 hex digits (docs/meaning.md); the digits kept.
      if let kept = try? cache.note(key) {
        let digits = String(UInt64(bitPattern: Int64(kept)), radix: 16)
        modelID = encoder.name + "-" + String(repeating: "0", count: 16 - digits.count) + digits
        return
      }
      modelID = encoder.modelID
      if let digits = UInt64(modelID.suffix(16), radix: 16) {
        try? cache.setNote(key, Int(Int64(bitPattern: digits)))
      }
    }

    /// The encoder under a model id already worked out.
    init(_ encoder: ReflectMeaning.Encoder, modelID: String) {
      self.encoder = encoder
      self.modelID = modelID
    }

    func embed(_ texts: [String]) -> [[Float]] { encoder.embed(texts) }
  }
}

extension Meaning {
  /// The sentence model for the coach's lesson finder, found and loaded the first time it is
  /// needed (a session needs it only when it proposes lessons); without one, words only.
  final class Lazy: SentenceEmbedder, @unchecked Sendable {
    private let lock = NSLock()
    private var loaded: ReflectMeaning.Encoder??

    private var encoder: ReflectMeaning.Encoder? {
      lock.withLock {
        if let loaded { return loaded }
        let encoder = Meaning.mode().encoder
        loaded = .some(encoder)
        return encoder
      }
    }

    /// Empty without a model: no weights are trained on that.
    var modelID: String { encoder?.modelID ?? "" }

    func embed(_ texts: [String]) -> [[Float]] { encoder?.embed(texts) ?? [] }
  }
}
