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
public enum TranscriptRepair {
  /// Moves the bad lines of the transcript at `path` into its quarantine file; returns how
  /// many lines were moved (0 when the file was clean).
  public static func repair(path: String) throws(TranscriptError) -> Int {
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
    var good = Data()
    var bad = Data()
    var moved = 0
    // Where each kept line lands: a correction (`revise`) names its line by number, and is
    // renumbered with it (or set aside with it).
    var renumbered: [Int: Int] = [:]
    for line in lines where !(line.problem?.isRepairable ?? false) {
      renumbered[line.number] = renumbered.count + 1
    }
    let codec = TranscriptCodec()
    for line in lines {
      let bytes = data[line.bytes]
      if let problem = line.problem, problem.isRepairable {
        bad.append(bytes)
        if problem == .torn { bad.append(0x0A) }
        moved += 1
      } else if case .command(var command)? = line.event, command.name == .revise,
        let target = command.line, renumbered[target] != target
      {
        guard let now = renumbered[target] else {
          bad.append(bytes)
          moved += 1
          continue
        }
        command.line = now
        good.append(codec.encode(.command(command)))
      } else {
        good.append(bytes)
      }
    }
    guard moved > 0 else { return 0 }
    let quarantine = path + ".quarantine"
    let aside = open(quarantine, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard aside >= 0 else { throw .system(operation: "create", path: quarantine, errno: errno) }
    let written = bad.withUnsafeBytes { write(aside, $0.baseAddress, $0.count) }
    let synced = fsync(aside) == 0
    close(aside)
    guard written == bad.count, synced else {
      throw .system(operation: "write to", path: quarantine, errno: errno)
    }
    try FileSystem.writeAtomically(good, to: path)
    return moved
  }
}
