import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension TranscriptStore {
  /// The temp copies of sessions' files that a reflect killed partway left behind.
  ///
  /// Files are written whole through a temp copy named after the process writing it:
  /// `<file>.tmp-<pid>` beside the file (a transcript rewritten by `verify --repair`, an
  /// `amend` or draft file in `drafts/`), and `transcripts/.import-<pid>-<id>` (a session
  /// being imported). A copy whose process is still running is in use and never listed.
  /// Only those of `session` when given, else of every session.
  public func staleCopies(of session: SessionID? = nil) -> [String] {
    var found: [String] = []
    for folder in [directory, Drafts(home: home).directory] {
      guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
        continue
      }
      for name in names.sorted() {
        guard let (pid, id) = Self.temporaryCopy(name), session == nil || id == session,
          !Self.isRunning(pid)
        else { continue }
        var info = stat()
        // Only plain files: nothing else is one of these copies.
        guard lstat(folder + "/" + name, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
          continue
        }
        found.append(folder + "/" + name)
      }
    }
    return found
  }

  /// The process and session of a temp copy's name, or `nil` when it is not one.
  static func temporaryCopy(_ name: String) -> (pid: pid_t, session: SessionID)? {
    if name.hasPrefix(".import-") {
      let rest = name.dropFirst(".import-".count)
      guard let dash = rest.firstIndex(of: "-"), let pid = pid_t(rest[..<dash]), pid > 0,
        let id = SessionID(String(rest[rest.index(after: dash)...]))
      else { return nil }
      return (pid, id)
    }
    guard let mark = name.range(of: ".tmp-", options: .backwards),
      let pid = pid_t(name[mark.upperBound...]), pid > 0
    else { return nil }
    let file = name[..<mark.lowerBound]
    for suffix in [".jsonl", ".amend", ".txt"] where file.hasSuffix(suffix) {
      guard let id = SessionID(String(file.dropLast(suffix.count))) else { return nil }
      return (pid, id)
    }
    return nil
  }

  /// Whether process `pid` is running (one of another user counts).
  static func isRunning(_ pid: pid_t) -> Bool {
    kill(pid, 0) == 0 || errno == EPERM
  }
}
