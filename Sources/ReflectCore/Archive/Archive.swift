import Foundation

/// The person's archive as commands use it: the transcripts of a store read through its
/// index (``ArchiveIndex``), with the one policy for an index that cannot be used or is
/// damaged, and the lessons report (``report(_:_:)``).
///
/// Commands open an archive and render what it gives; how the index is kept quick (its
/// digests, key phrases, answers read back as the report is written, memory given back
/// between phases) stays behind it. It writes nothing to a terminal: its notices go to
/// ``Notices``, which the executable points at stderr.
public struct Archive {
  /// How the archive is read, resolved by the executable from its settings.
  public struct Settings: Sendable {
    /// Whether the home's index file is used (`REFLECT_NO_INDEX=1` reads the transcripts
    /// into one in memory instead).
    public var useIndex: Bool
    /// Most lessons whose echoed answers a report keeps as it reads the sessions; beyond,
    /// they are read back from the index as it is written (`REFLECT_ANSWERS_KEPT`).
    public var answersKept: Int
    /// Weeks start on Sunday, not Monday (`REFLECT_WEEK_START=sunday`).
    public var weekStartsOnSunday: Bool

    /// Settings; the defaults are reflect's.
    public init(useIndex: Bool = true, answersKept: Int = 50_000, weekStartsOnSunday: Bool = false)
    {
      self.useIndex = useIndex
      self.answersKept = answersKept
      self.weekStartsOnSunday = weekStartsOnSunday
    }
  }

  /// Where the archive's notices go: warnings (one line each: damage, a bad line, an
  /// index rebuilt) and progress of long work.
  public struct Notices {
    /// A warning.
    public var warn: (String) -> Void
    /// A progress reporter for work named `label`, made as the work starts: it gets
    /// (done, total).
    public var progress: (_ label: String) -> (Int, Int) -> Void

    /// Notices sent to `warn` and `progress`.
    public init(
      warn: @escaping (String) -> Void,
      progress: @escaping (_ label: String) -> (Int, Int) -> Void = { _ in { _, _ in } }
    ) {
      self.warn = warn
      self.progress = progress
    }
  }

  public let store: TranscriptStore
  public let settings: Settings
  let notices: Notices

  /// The archive of `store`.
  public init(store: TranscriptStore, settings: Settings = Settings(), notices: Notices) {
    self.store = store
    self.settings = settings
    self.notices = notices
  }

  /// The index, brought up to date.
  ///
  /// When the home's index cannot be used (a read-only home, a full disk) or
  /// ``Settings/useIndex`` is off, one in memory is built from the files instead; a damaged
  /// index is rebuilt, with a one-line notice either way.
  public func index() throws -> ArchiveIndex {
    let progress = notices.progress("indexing transcripts")
    var isDirectory: ObjCBool = false
    if settings.useIndex,
      FileManager.default.fileExists(atPath: store.directory, isDirectory: &isDirectory),
      isDirectory.boolValue
    {
      do {
        switch try attempt(opened(), { try refreshed($0, progress) }) {
        case .done(let index): return index
        case .changed: break
        case .damaged(let error, let identity):
          if recover(error, identity) { return try refreshed(try opened(), progress) }
        }
      } catch {
        fallBack(error)
      }
    }
    return try inMemory()
  }

  /// An index in memory, built from the transcripts.
  private func inMemory() throws -> ArchiveIndex {
    try refreshed(ArchiveIndex.inMemory(store: store), notices.progress("indexing transcripts"))
  }

  /// `body` with the index; when the index turns out damaged partway (a bad page found
  /// while reading), it is rebuilt and `body` runs again; when another command changed what
  /// `body` was reading through (a session written meanwhile), `body` runs again on the
  /// index brought up to date, and after three such turns on one in memory (which nothing
  /// else changes).
  public func reading<T>(_ body: (ArchiveIndex) throws -> T) throws -> T {
    var changes = 0
    var recovered = false
    var inMemory = false
    while true {
      switch try attempt(inMemory ? self.inMemory() : index(), body) {
      case .done(let result): return result
      case .changed:
        changes += 1
        inMemory = changes >= 3
      case .damaged(let error, let identity):
        guard !recovered else { throw error }
        recovered = true
        inMemory = !recover(error, identity)
      }
    }
  }

  /// What became of `body` run with an index.
  private enum Attempt<T> {
    case done(T)
    /// The index changed under it (``SQLiteError/isChange``).
    case changed
    /// The home's index (the file with this identity) is damaged.
    case damaged(SQLiteError, ArchiveIndex.FileIdentity?)
  }

  /// `body` run with `index`, which is let go when this returns (before a damaged index is
  /// dealt with: the connection must be closed first).
  private func attempt<T>(_ index: ArchiveIndex, _ body: (ArchiveIndex) throws -> T) throws
    -> Attempt<T>
  {
    do {
      return .done(try body(index))
    } catch let error as SQLiteError where error.isChange && index.path != nil {
      return .changed
    } catch let error as SQLiteError where error.isDamage && index.path != nil {
      return .damaged(error, index.identity)
    }
  }

  /// Deals with `error`, damage found in the home's index (the file `identity`), through
  /// ``ArchiveIndex/recover(from:path:identity:)``, with its notice; `false` (with a notice)
  /// when it could not be dealt with, and the transcripts are to be read instead.
  private func recover(_ error: SQLiteError, _ identity: ArchiveIndex.FileIdentity?) -> Bool {
    do {
      notices.warn(
        try ArchiveIndex.recover(
          from: error, path: ArchiveIndex.path(home: store.home), identity: identity))
      return true
    } catch {
      fallBack(error)
      return false
    }
  }

  private func opened() throws -> ArchiveIndex {
    let (index, found) = try ArchiveIndex.open(store: store)
    for notice in found { notices.warn(notice) }
    return index
  }

  private func refreshed(_ index: ArchiveIndex, _ progress: @escaping (Int, Int) -> Void) throws
    -> ArchiveIndex
  {
    let refresh = try index.refresh(progress: progress)
    for warning in refresh.warnings { notices.warn(warning) }
    return index
  }

  private func fallBack(_ error: any Error) {
    notices.warn(
      "cannot use the index in '\(store.home)' (\(error)); reading the transcripts themselves")
  }

  /// Warns about every transcript's problems, as the index keeps them.
  public func warnProblems(_ index: ArchiveIndex) throws {
    for problem in try index.problems() { notices.warn(problem) }
  }

  /// The sessions that pass `filter` (the `last` ones when set), ordered by their recorded
  /// start, then path (ids have one-second resolution); every transcript's problems are
  /// warned about.
  public func sessions(_ index: ArchiveIndex, _ filter: SessionFilter, last: Int? = nil) throws
    -> [ArchiveIndex.Entry]
  {
    try warnProblems(index)
    return try index.sessions(filter, last: last)
  }

  /// Calls `body` with each readable transcript whose file name `include` accepts.
  ///
  /// Each is read from the file itself, in file (id) order; only the accepted files are
  /// looked at.
  public func each(where include: (String) -> Bool, _ body: (Transcript) -> Void) {
    let (entries, warnings) = store.entries(where: include)
    for warning in warnings { notices.warn(warning) }
    let reader = TranscriptReader()
    for entry in entries {
      do {
        let transcript = try reader.read(path: entry.path, followLinks: false)
        warnProblems(transcript)
        body(transcript)
      } catch {
        notices.warn(error.localizedDescription)
      }
    }
  }

  /// The transcript a person named (an id, `latest` or a path), with its start; bad lines
  /// are warned about.
  public func open(_ reference: String) throws -> (transcript: Transcript, start: SessionStart) {
    let path = try store.resolve(reference)
    let transcript = try TranscriptReader().read(path: path, followLinks: false)
    let start = try transcript.requireStart()
    warnProblems(transcript)
    return (transcript, start)
  }

  /// Warns about each bad line of `transcript`.
  public func warnProblems(_ transcript: Transcript) {
    for problem in transcript.problems { notices.warn(problem.localizedDescription) }
  }
}
