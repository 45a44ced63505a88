import Foundation
import ReflectCore
import ReflectTerminal

/// The transcripts of a store, read through its index (``ArchiveIndex``), with damage
/// reported on stderr.
struct Archive {
  let store: TranscriptStore
  let console: Console

  /// The index, brought up to date.
  ///
  /// When the home's index cannot be used (a read-only home,
  /// a full disk) or `REFLECT_NO_INDEX=1`, one in memory is built from the files instead; a
  /// damaged index is rebuilt, with a one-line notice either way.
  func index() throws -> ArchiveIndex {
    let progress = ProgressLine(console: console, label: "indexing transcripts")
    let noIndex = CommandContext.environment["REFLECT_NO_INDEX"] == "1"
    var isDirectory: ObjCBool = false
    if !noIndex, FileManager.default.fileExists(atPath: store.directory, isDirectory: &isDirectory),
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
    try refreshed(
      ArchiveIndex.inMemory(store: store),
      ProgressLine(console: console, label: "indexing transcripts"))
  }

  /// `body` with the index; when the index turns out damaged partway (a bad page found
  /// while reading), it is rebuilt and `body` runs again; when another command changed what
  /// `body` was reading through (a session written meanwhile), `body` runs again on the
  /// index brought up to date, and after three such turns on one in memory (which nothing
  /// else changes).
  func reading<T>(_ body: (ArchiveIndex) throws -> T) throws -> T {
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
      console.warn(
        try ArchiveIndex.recover(
          from: error, path: ArchiveIndex.path(home: store.home), identity: identity))
      return true
    } catch {
      fallBack(error)
      return false
    }
  }

  private func opened() throws -> ArchiveIndex {
    let (index, notices) = try ArchiveIndex.open(store: store)
    for notice in notices { console.warn(notice) }
    return index
  }

  private func refreshed(_ index: ArchiveIndex, _ progress: ProgressLine) throws -> ArchiveIndex {
    let refresh = try index.refresh(progress: progress.update)
    for warning in refresh.warnings { console.warn(warning) }
    return index
  }

  private func fallBack(_ error: any Error) {
    console.warn(
      "cannot use the index in '\(store.home)' (\(error)); reading the transcripts themselves")
  }

  /// The sessions that pass `filter` (the `last` ones when set), ordered by their recorded
  /// start, then path (ids have one-second resolution); every transcript's problems are
  /// warned about.
  func sessions(_ index: ArchiveIndex, _ filter: SessionFilter, last: Int? = nil) throws
    -> [ArchiveIndex.Entry]
  {
    for problem in try index.problems() { console.warn(problem) }
    return try index.sessions(filter, last: last)
  }

  /// Calls `body` with each readable transcript whose file name `include` accepts.
  ///
  /// Each is read from the file itself, in file (id) order; only the accepted files are
  /// looked at.
  func each(where include: (String) -> Bool, _ body: (Transcript) -> Void) {
    let (entries, warnings) = store.entries(where: include)
    for warning in warnings { console.warn(warning) }
    let reader = TranscriptReader()
    for entry in entries {
      do {
        let transcript = try reader.read(path: entry.path, followLinks: false)
        report(transcript)
        body(transcript)
      } catch {
        console.warn(error.localizedDescription)
      }
    }
  }

  /// The transcript a person named (an id, `latest` or a path), with its start; bad lines
  /// are warned about.
  func open(_ reference: String) throws -> (transcript: Transcript, start: SessionStart) {
    let path = try store.resolve(reference)
    let transcript = try TranscriptReader().read(path: path, followLinks: false)
    let start = try transcript.requireStart()
    report(transcript)
    return (transcript, start)
  }

  /// Warns about each bad line of `transcript`.
  func report(_ transcript: Transcript) {
    for problem in transcript.problems { console.warn(problem.localizedDescription) }
  }
}

/// A progress line on stderr for work that takes more than a second: count, rate and time
/// left, rewritten in place on a terminal; nothing when stderr is not one.
final class ProgressLine {
  private let console: Console
  private let label: String
  private let started = Date()
  private var shown = false
  /// Seconds of work before the line appears (`REFLECT_PROGRESS_AFTER`, default 1).
  private let delay: Double

  init(console: Console, label: String) {
    self.console = console
    self.label = label
    delay = CommandContext.environment["REFLECT_PROGRESS_AFTER"].flatMap(Double.init) ?? 1
  }

  /// Notes that `done` of `total` are done.
  func update(_ done: Int, _ total: Int) {
    guard console.errorsAreTerminal else { return }
    let elapsed = Date().timeIntervalSince(started)
    let finished = done >= total
    guard shown || elapsed >= delay else { return }
    shown = true
    let rate = elapsed > 0 ? Double(done) / elapsed : 0
    var text = "\(label): \(done)/\(total)"
    if rate > 0 { text += ", \(Int(rate.rounded())) a second" }
    if !finished, rate > 0 {
      text += ", about \(Int((Double(total - done) / rate).rounded(.up))) s left"
    }
    console.progress(text + (finished ? "" : "   "), finished: finished)
  }
}

/// Dates as people read them, in the local time zone.
enum DisplayDate {
  /// `2026-11-29 07:12`.
  static func minute(_ date: Date) -> String { minuteFormatter.string(from: date) }

  /// Made once: a formatter costs far more to make than to use (a command runs on one
  /// thread).
  private static let minuteFormatter: DateFormatter = {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    return formatter
  }()
}

/// Pretty, sorted JSON for command output.
enum JSONOutput {
  /// The version of the JSON shapes of `show`, `verify`, `stats` and `prompts show`
  /// (README, "JSON output").
  static let version = 1

  /// A JSON object built from plain values (dictionaries, arrays, strings, numbers).
  static func encode(any value: Any) -> String {
    guard
      let data = try? JSONSerialization.data(
        withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]),
      let text = String(data: data, encoding: .utf8)
    else { return "{}\n" }
    return text + "\n"
  }

  /// A JSON list written a few hundred elements at a time, as ``encode(_:)`` writes it
  /// whole.
  struct List {
    private var started = false

    /// Writes `items` to `emit`, after those added before.
    mutating func add(_ items: [some Encodable], _ emit: (String) -> Void) {
      guard !items.isEmpty else { return }
      let text = JSONOutput.encode(items)
      // "[\n  …\n]\n": the elements without the brackets, the next after a comma.
      let inner = text.dropFirst(2).dropLast(3)
      emit((started ? ",\n" : "[\n") + inner)
      started = true
    }

    /// Ends the list (an empty list when nothing was added).
    func finish(_ emit: (String) -> Void) {
      emit(started ? "\n]\n" : JSONOutput.encode([String]()))
    }
  }

  static func encode(_ value: some Encodable) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .custom { date, encoder in
      var container = encoder.singleValueContainer()
      try container.encode(Timestamp.format(date))
    }
    guard let data = try? encoder.encode(value), let text = String(data: data, encoding: .utf8)
    else { return "[]\n" }
    return text + "\n"
  }
}
