import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends events to one transcript file, each durably on disk before `append` returns.
///
/// The file is opened append-only and held with an exclusive `flock` for the writer's
/// lifetime. Each event is one `write()` of one whole line followed by `fsync`; a short or
/// failed write is cut back to the last whole line and reported, never half-kept.
public final class TranscriptWriter {
  /// The file being written.
  public let path: String
  private let descriptor: Int32
  private let codec = TranscriptCodec()

  /// Creates a new transcript file (it must not exist) with mode 0600, and syncs its folder.
  public static func create(at path: String) throws(TranscriptError) -> TranscriptWriter {
    let descriptor = open(
      path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw .system(operation: "create", path: path, errno: errno) }
    let writer = TranscriptWriter(path: path, descriptor: descriptor)
    try writer.lock()
    fchmod(descriptor, 0o600)
    try FileSystem.syncDirectory(containing: path)
    return writer
  }

  /// Opens an existing transcript to continue it (after `/pause`).
  ///
  /// A torn last line (no newline) is moved aside into `<file>.torn` first, so the next
  /// record never glues onto it.
  public static func reopen(at path: String) throws(TranscriptError) -> TranscriptWriter {
    let descriptor = open(path, O_RDWR | O_APPEND | O_NOFOLLOW | O_CLOEXEC)
    guard descriptor >= 0 else { throw .system(operation: "open", path: path, errno: errno) }
    let writer = TranscriptWriter(path: path, descriptor: descriptor)
    try writer.lock()
    try writer.setAsideTornTail()
    return writer
  }

  private init(path: String, descriptor: Int32) {
    self.path = path
    self.descriptor = descriptor
  }

  deinit { close(descriptor) }

  private func lock() throws(TranscriptError) {
    guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
      let code = errno
      if code == EWOULDBLOCK { throw .locked(path: path, pid: FileSystem.lockHolder(of: path)) }
      throw .system(operation: "lock", path: path, errno: code)
    }
  }

  /// Writes `event` as one line and syncs it to disk.
  public func append(_ event: TranscriptEvent) throws(TranscriptError) {
    try appendLine(codec.encode(event))
  }

  private func appendLine(_ line: Data) throws(TranscriptError) {
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      throw .system(operation: "inspect", path: path, errno: errno)
    }
    let sizeBefore = status.st_size
    let written = line.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    if written != line.count {
      let code = written < 0 ? errno : ENOSPC
      ftruncate(descriptor, sizeBefore)
      throw .system(operation: "write to", path: path, errno: code)
    }
    guard fsync(descriptor) == 0 else {
      let code = errno
      ftruncate(descriptor, sizeBefore)
      throw .system(operation: "sync", path: path, errno: code)
    }
  }

  private func setAsideTornTail() throws(TranscriptError) {
    let data = try FileSystem.readAll(descriptor: descriptor, path: path)
    guard let last = data.last, last != 0x0A else { return }
    let keep = (data.lastIndex(of: 0x0A).map { $0 + 1 }) ?? 0
    let tail = data[keep...]
    let asidePath = path + ".torn"
    let aside = open(asidePath, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard aside >= 0 else { throw .system(operation: "create", path: asidePath, errno: errno) }
    defer { close(aside) }
    let written = tail.withUnsafeBytes { write(aside, $0.baseAddress, $0.count) }
    guard written == tail.count, fsync(aside) == 0 else {
      throw .system(operation: "write to", path: asidePath, errno: errno)
    }
    guard ftruncate(descriptor, off_t(keep)) == 0, fsync(descriptor) == 0 else {
      throw .system(operation: "truncate", path: path, errno: errno)
    }
  }
}
