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

extension PrivateFile {
  /// A private file written piece by piece (a large export), with the guarantees of
  /// ``PrivateFile/write(_:to:)``: a regular file appears whole or not at all (temp file,
  /// fsync, rename, fsync of the folder); a device, pipe or socket is written through.
  ///
  /// Pieces are buffered and written a mebibyte at a time; a failed write is kept and thrown
  /// by ``finish()``, and the temp file removed.
  public final class Stream {
    public let path: String
    private let temporary: String?
    private var descriptor: Int32
    private var buffer = Data()
    private var failure: Int32?
    private var finished = false

    /// Opens `path` for writing; a folder is refused.
    public init(_ path: String) throws(TranscriptError) {
      self.path = path
      var status = stat()
      if stat(path, &status) == 0 {
        switch status.st_mode & S_IFMT {
        case S_IFCHR, S_IFIFO, S_IFSOCK:
          descriptor = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
          guard descriptor >= 0 else {
            throw .system(operation: "open", path: path, errno: errno)
          }
          temporary = nil
          return
        case S_IFDIR:
          throw .system(operation: "write to", path: path, errno: EISDIR)
        default:
          break
        }
      }
      let temporary = path + ".tmp-\(getpid())"
      descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
      guard descriptor >= 0 else {
        throw .system(operation: "create", path: temporary, errno: errno)
      }
      self.temporary = temporary
    }

    deinit {
      if !finished {
        close(descriptor)
        if let temporary { unlink(temporary) }
      }
    }

    /// Adds `text` to the file.
    public func write(_ text: String) {
      guard failure == nil else { return }
      buffer.append(contentsOf: text.utf8)
      if buffer.count >= 1 << 20 { flush() }
    }

    private func flush() {
      guard failure == nil, !buffer.isEmpty else { return }
      failure = FileSystem.writeAll(buffer, to: descriptor)
      buffer.removeAll(keepingCapacity: true)
    }

    /// Adds `data` to the file.
    public func write(_ data: Data) {
      guard failure == nil else { return }
      buffer.append(data)
      if buffer.count >= 1 << 20 { flush() }
    }

    /// Whether it writes a file (which ``patch(_:at:)`` can change), not a pipe or device.
    public var isFile: Bool { temporary != nil }

    /// Replaces the bytes at `offset` (already written) with `data`: only in a file.
    public func patch(_ data: Data, at offset: Int) throws(TranscriptError) {
      flush()
      guard failure == nil else { return }
      guard temporary != nil else {
        throw .system(operation: "write back into", path: path, errno: ESPIPE)
      }
      let written = data.withUnsafeBytes { raw in
        pwrite(descriptor, raw.baseAddress, raw.count, off_t(offset))
      }
      if written != data.count { failure = written < 0 ? errno : EIO }
    }

    /// Writes what is left and puts the file in place; throws the first failure met.
    @discardableResult
    public func finish() throws(TranscriptError) -> Outcome {
      flush()
      finished = true
      defer { close(descriptor) }
      if let failure {
        if let temporary { unlink(temporary) }
        throw .system(operation: "write to", path: path, errno: failure)
      }
      guard let temporary else { return .stream }
      guard fsync(descriptor) == 0 else {
        let code = errno
        unlink(temporary)
        throw .system(operation: "sync", path: path, errno: code)
      }
      guard rename(temporary, path) == 0 else {
        let code = errno
        unlink(temporary)
        throw .system(operation: "replace", path: path, errno: code)
      }
      try FileSystem.syncDirectory(containing: path)
      return .file
    }
  }
}
