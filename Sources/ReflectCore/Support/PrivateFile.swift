import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes private files (exports, settings): mode 0600, whole or not at all.
public enum PrivateFile {
  /// What a write did.
  public enum Outcome: Sendable, Equatable {
    /// A regular file was created or replaced, whole (temp file, fsync, rename).
    case file
    /// The path was a device, pipe or socket (`/dev/null`, `/dev/stdout`, a FIFO): the data
    /// was written through it, and nothing was replaced.
    case stream
  }

  /// Writes `data` to `path`: a regular file (or a new one) is replaced whole through a temp
  /// file, fsync and rename; a device, pipe or socket is written through, never replaced; a
  /// folder is refused.
  @discardableResult
  public static func write(_ data: Data, to path: String) throws(TranscriptError) -> Outcome {
    var status = stat()
    if stat(path, &status) == 0 {
      switch status.st_mode & S_IFMT {
      case S_IFCHR, S_IFIFO, S_IFSOCK:
        try FileSystem.writeThrough(data, to: path)
        return .stream
      case S_IFDIR:
        throw .system(operation: "write to", path: path, errno: EISDIR)
      default:
        break
      }
    }
    try FileSystem.writeAtomically(data, to: path)
    return .file
  }
}
