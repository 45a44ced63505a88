import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Checks transcripts and, on request, moves damaged lines aside.
///
/// Repair never deletes: every bad line, and a torn last line, is appended to
/// `<file>.quarantine` (0600, synced) before the transcript is rewritten with only its good
/// lines (temp file, fsync, rename, fsync of the folder). A session being written by a running
/// reflect (locked) is left alone. A correction (`revise`) keeps naming the line it corrects:
/// renumbered when lines before it move out, moved out with it when that line goes.
///
/// A file whose first event is not a session start: when a start comes later, the lines
/// before it are moved aside like bad lines (they cannot be read as that session); when there
/// is none (the start line was lost, or damaged and moved aside), the file gets a start
/// rebuilt from what it holds, so every answer in it stays readable: the id its name gives,
/// the time of the earlier of that id and its first event, the stages its events name, and
/// the pack ``recoveredPack``.
public enum TranscriptRepair {
  /// The pack a rebuilt start names (no pack of that name is shipped: the session cannot be
  /// resumed or rerun, only read).
  public static let recoveredPack = "recovered"

  /// What a repair did.
  public struct Outcome: Sendable, Equatable {
    /// Lines moved to the quarantine file.
    public var moved = 0
    /// Whether the file had no session start and was given one rebuilt from what it holds.
    public var rebuiltStart = false
  }

  /// Moves the bad lines of the transcript at `path` into its quarantine file, and gives a
  /// file without a session start one (nothing done when the file was clean).
  ///
  /// Throws, changing nothing, when the file was written by a newer reflect, or has no start
  /// and its name is not a session id to rebuild one from.
  public static func repair(path: String) throws(TranscriptError) -> Outcome {
    let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
    guard descriptor >= 0 else { throw .system(operation: "open", path: path, errno: errno) }
    defer { close(descriptor) }
    guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
      throw .locked(path: path, pid: FileSystem.lockHolder(of: path))
    }
    let data = try FileSystem.readAll(descriptor: descriptor, path: path)
    let lines = TranscriptLines.classify(data)
    // A newer reflect's file is reported and left exactly as it is.
    if let newer = lines.first(where: { if case .newerSchema = $0.problem { true } else { false } }
    ),
      case .newerSchema(let schema) = newer.problem
    {
      throw .newerSchema(path: path, schema: schema)
    }
    // A start that comes late (the lines before it are not its session's), or one rebuilt.
    var late: Int?
    var rebuilt: SessionStart?
    if let first = lines.first(where: { $0.event != nil }), first.problem == .firstNotStart {
      late = lines.firstIndex { $0.problem == .secondStart }
      if late == nil { rebuilt = try rebuiltStart(path: path, lines: lines) }
    }
    func setAside(_ index: Int) -> Bool {
      let repairable = lines[index].problem?.isRepairable == true
      guard let late else { return repairable }
      return index < late || (index != late && repairable)
    }
    var good = Data()
    var bad = Data()
    var outcome = Outcome()
    let codec = TranscriptCodec()
    if let rebuilt {
      good.append(codec.encode(.start(rebuilt)))
      outcome.rebuiltStart = true
    }
    // Where each kept line lands: a correction (`revise`) names its line by number, and is
    // renumbered with it (or set aside with it).
    var renumbered: [Int: Int] = [:]
    for index in lines.indices where !setAside(index) {
      renumbered[lines[index].number] = renumbered.count + 1 + (rebuilt == nil ? 0 : 1)
    }
    // A correction names its line as the file was written, the start on line 1: with the
    // start lost whole (line 1 now an event), that line is one earlier here.
    let lost = rebuilt != nil && lines.first?.event != nil ? 1 : 0
    for (index, line) in lines.enumerated() {
      let bytes = data[line.bytes]
      if setAside(index) {
        bad.append(bytes)
        if line.problem == .torn { bad.append(0x0A) }
        outcome.moved += 1
      } else if case .command(var command)? = line.event, command.name == .revise,
        let target = command.line, renumbered[target - lost] != target
      {
        guard let now = renumbered[target - lost] else {
          bad.append(bytes)
          outcome.moved += 1
          continue
        }
        command.line = now
        good.append(codec.encode(.command(command)))
      } else {
        good.append(bytes)
      }
    }
    guard outcome != Outcome() else { return outcome }
    if !bad.isEmpty {
      let quarantine = path + ".quarantine"
      let aside = open(quarantine, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
      guard aside >= 0 else { throw .system(operation: "create", path: quarantine, errno: errno) }
      let written = bad.withUnsafeBytes { write(aside, $0.baseAddress, $0.count) }
      let synced = fsync(aside) == 0
      close(aside)
      guard written == bad.count, synced else {
        throw .system(operation: "write to", path: quarantine, errno: errno)
      }
    }
    try FileSystem.writeAtomically(good, to: path)
    return outcome
  }

  /// A start for the file at `path`, which has none, from its name and the events in
  /// `lines`.
  static func rebuiltStart(
    path: String, lines: [TranscriptLines.Line]
  ) throws(TranscriptError) -> SessionStart {
    let events = lines.compactMap(\.event)
    guard let id = SessionID(path: path), let first = events.first else {
      throw .badLine(
        path: path, line: lines.first(where: { $0.event != nil })?.number ?? 1,
        reason: "the first event is not a session start, and the file's name is not a session"
          + " id to rebuild one from: left as it is (rename it <session id>.jsonl, like"
          + " 20261129-071203-k3q9.jsonl, and repair again, or move it out of the folder)")
    }
    var stages: [String] = []
    for event in events {
      let stage: String? =
        switch event {
        case .coach(let message): message.stage
        case .answer(let answer): answer.stage
        case .skip(let skip): skip.stage
        case .lesson(let lesson): lesson.stage
        case .commitment(let commitment): commitment.stage
        default: nil
        }
      if let stage, !stage.isEmpty, !stages.contains(stage) { stages.append(stage) }
    }
    return SessionStart(
      id: id, pack: recoveredPack, packTitle: "Recovered session", stages: stages, seed: 0,
      version: reflectVersion, time: min(id.date ?? first.time, first.time))
  }
}
