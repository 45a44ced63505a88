import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few operations a transcript writer does on its file, so a test can stand in a file
/// that "loses power" (keeps, drops or garbles what was written but not yet synced).
protocol AppendOnlyFile: AnyObject {
  /// The file's size, or an errno.
  func size() -> Result<Int64, TranscriptError>
  /// Appends `data` in one write; the bytes written (or -1, with the errno).
  func write(_ data: Data) -> (written: Int, errno: Int32)
  /// Makes everything written so far durable; 0 or an errno.
  func sync() -> Int32
  /// Cuts the file back to `size` bytes; 0 or an errno.
  func truncate(to size: Int64) -> Int32
  /// The whole file.
  func readAll() throws(TranscriptError) -> Data
}

/// A real file, through its descriptor.
final class DescriptorFile: AppendOnlyFile {
  let descriptor: Int32
  let path: String

  init(descriptor: Int32, path: String) {
    self.descriptor = descriptor
    self.path = path
  }

  deinit { close(descriptor) }

  func size() -> Result<Int64, TranscriptError> {
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      return .failure(.system(operation: "inspect", path: path, errno: errno))
    }
    return .success(Int64(status.st_size))
  }

  func write(_ data: Data) -> (written: Int, errno: Int32) {
    let written = data.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
    return (written, written < 0 ? errno : 0)
  }

  func sync() -> Int32 { fsync(descriptor) == 0 ? 0 : errno }

  func truncate(to size: Int64) -> Int32 { ftruncate(descriptor, off_t(size)) == 0 ? 0 : errno }

  func readAll() throws(TranscriptError) -> Data {
    try FileSystem.readAll(descriptor: descriptor, path: path)
  }
}

/// Appends events to one transcript file, each durably on disk before `append` returns.
///
/// The file is opened append-only and held with an exclusive `flock` for the writer's
/// lifetime. Each event is one `write()` of one whole line followed by `fsync`; a short or
/// failed write is cut back to the last whole line and reported, never half-kept.
public final class TranscriptWriter {
  /// The file being written.
  public let path: String
  private let file: any AppendOnlyFile
  private let codec = TranscriptCodec()

  /// Creates a new transcript file (it must not exist) with mode 0600, and syncs its folder.
  public static func create(at path: String) throws(TranscriptError) -> TranscriptWriter {
    let descriptor = open(
      path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw .system(operation: "create", path: path, errno: errno) }
    let file = DescriptorFile(descriptor: descriptor, path: path)
    do {
      try lock(descriptor, path: path)
      fchmod(descriptor, 0o600)
      try FileSystem.syncDirectory(containing: path)
    } catch {
      // Never an empty transcript left behind.
      unlink(path)
      throw error
    }
    return TranscriptWriter(path: path, file: file)
  }

  /// Opens an existing transcript to continue it (after `/pause`).
  ///
  /// A torn last line (no newline) is moved aside into `<file>.torn` first, so the next
  /// record never glues onto it.
  public static func reopen(at path: String) throws(TranscriptError) -> TranscriptWriter {
    let descriptor = open(path, O_RDWR | O_APPEND | O_NOFOLLOW | O_CLOEXEC)
    guard descriptor >= 0 else { throw .system(operation: "open", path: path, errno: errno) }
    let file = DescriptorFile(descriptor: descriptor, path: path)
    try lock(descriptor, path: path)
    let writer = TranscriptWriter(path: path, file: file)
    try writer.setAsideTornTail { tail throws(TranscriptError) in
      let asidePath = path + ".torn"
      let aside = open(asidePath, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
      guard aside >= 0 else {
        throw .system(operation: "create", path: asidePath, errno: errno)
      }
      defer { close(aside) }
      guard FileSystem.writeAll(tail, to: aside) == nil, fsync(aside) == 0 else {
        throw .system(operation: "write to", path: asidePath, errno: errno)
      }
    }
    return writer
  }

  /// Holds an existing transcript's lock, to remove it (``discard()``) with no session
  /// writing it meanwhile.
  public static func reopenForRemoval(at path: String) throws(TranscriptError) -> TranscriptWriter {
    let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
    guard descriptor >= 0 else { throw .system(operation: "open", path: path, errno: errno) }
    let file = DescriptorFile(descriptor: descriptor, path: path)
    try lock(descriptor, path: path)
    return TranscriptWriter(path: path, file: file)
  }

  /// A writer over `file` (tests stand in a file that can lose power).
  init(path: String, file: any AppendOnlyFile) {
    self.path = path
    self.file = file
  }

  private static func lock(_ descriptor: Int32, path: String) throws(TranscriptError) {
    guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
      let code = errno
      if code == EWOULDBLOCK { throw .locked(path: path, pid: FileSystem.lockHolder(of: path)) }
      throw .system(operation: "lock", path: path, errno: code)
    }
  }

  /// Removes the file (a session in which nothing was written is not kept) and syncs its
  /// folder; the lock goes with the writer.
  public func discard() throws(TranscriptError) {
    guard unlink(path) == 0 else { throw .system(operation: "remove", path: path, errno: errno) }
    try FileSystem.syncDirectory(containing: path)
  }

  /// Writes `event` as one line and syncs it to disk.
  public func append(_ event: TranscriptEvent) throws(TranscriptError) {
    try appendLine(codec.encode(event))
  }

  func appendLine(_ line: Data) throws(TranscriptError) {
    let sizeBefore = try file.size().get()
    let result = file.write(line)
    if result.written != line.count {
      _ = file.truncate(to: sizeBefore)
      throw .system(
        operation: "write to", path: path, errno: result.written < 0 ? result.errno : ENOSPC)
    }
    let code = file.sync()
    guard code == 0 else {
      _ = file.truncate(to: sizeBefore)
      throw .system(operation: "sync", path: path, errno: code)
    }
  }

  /// Moves a last line with no newline out of the file (to `setAside`), so the next line
  /// never glues onto it.
  func setAsideTornTail(_ setAside: (Data) throws(TranscriptError) -> Void) throws(TranscriptError)
  {
    let data = try file.readAll()
    guard let last = data.last, last != 0x0A else { return }
    let keep = (data.lastIndex(of: 0x0A).map { $0 + 1 }) ?? 0
    try setAside(Data(data[keep...]))
    guard file.truncate(to: Int64(keep)) == 0, file.sync() == 0 else {
      throw .system(operation: "truncate", path: path, errno: errno)
    }
  }
}
