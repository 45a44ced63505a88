import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few POSIX file operations reflect needs for private, durable files.
enum FileSystem {
  /// Calls `body` with the name of each entry of `directory` (`.` and `..` too).
  ///
  /// The entries are read a few at a time: a folder of 100,000 files is never listed whole.
  /// Nothing for a folder that cannot be read.
  static func eachName(in directory: String, _ body: (String) -> Void) {
    guard let folder = opendir(directory) else { return }
    defer { closedir(folder) }
    while let entry = readdir(folder) {
      body(
        withUnsafeBytes(of: entry.pointee.d_name) { raw -> String in
          guard let start = raw.bindMemory(to: CChar.self).baseAddress else { return "" }
          return String(cString: start)
        })
    }
  }

  /// Makes `path` (and missing parents) as private directories (0700), refusing one that
  /// belongs to someone else or that others can write to.
  static func makePrivateDirectory(_ path: String) throws(TranscriptError) {
    var status = stat()
    if lstat(path, &status) != 0 {
      let parent = FilePath.parent(of: path)
      if !parent.isEmpty, parent != path { try makeParents(parent) }
      guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
        throw .system(operation: "create the folder", path: path, errno: errno)
      }
      chmod(path, 0o700)
      try syncDirectory(containing: path)
      guard lstat(path, &status) == 0 else {
        throw .system(operation: "inspect", path: path, errno: errno)
      }
    }
    guard status.st_mode & S_IFMT == S_IFDIR else {
      throw .unsafeDirectory(path: path, reason: "it is not a folder")
    }
    guard status.st_uid == geteuid() else {
      throw .unsafeDirectory(path: path, reason: "it belongs to another user")
    }
    guard status.st_mode & 0o022 == 0 else {
      throw .unsafeDirectory(
        path: path, reason: "other users can write to it (chmod 700 '\(path)' fixes that)")
    }
  }

  private static func makeParents(_ path: String) throws(TranscriptError) {
    var status = stat()
    if stat(path, &status) == 0 { return }
    let parent = FilePath.parent(of: path)
    if !parent.isEmpty, parent != path { try makeParents(parent) }
    guard mkdir(path, 0o700) == 0 || errno == EEXIST else {
      throw .system(operation: "create the folder", path: path, errno: errno)
    }
  }

  /// Syncs the folder that holds `path`, so a newly created or renamed entry survives a crash.
  static func syncDirectory(containing path: String) throws(TranscriptError) {
    let directory = FilePath.parent(of: path)
    let descriptor = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard descriptor >= 0 else {
      throw .system(operation: "open the folder", path: directory, errno: errno)
    }
    defer { close(descriptor) }
    guard fsync(descriptor) == 0 else {
      throw .system(operation: "sync the folder", path: directory, errno: errno)
    }
  }

  /// Reads a regular file whole without ever blocking on a FIFO or device; one larger than
  /// `limit` bytes is refused before it is read.
  static func readRegularFile(_ path: String, followLinks: Bool = true, limit: Int? = nil)
    throws(TranscriptError) -> Data
  {
    let flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC | (followLinks ? 0 : O_NOFOLLOW)
    let descriptor = open(path, flags)
    guard descriptor >= 0 else {
      let code = errno
      if code == ELOOP { throw .notRegularFile(path: path) }
      throw .system(operation: "open", path: path, errno: code)
    }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      throw .system(operation: "inspect", path: path, errno: errno)
    }
    guard status.st_mode & S_IFMT == S_IFREG else { throw .notRegularFile(path: path) }
    if let limit, Int(status.st_size) > limit {
      throw .tooLarge(path: path, size: Int(status.st_size), limit: limit)
    }
    return try readAll(descriptor: descriptor, path: path, size: Int(status.st_size))
  }

  /// Reads from offset 0 to the end of an open file.
  ///
  /// Straight into a buffer the file's size and one byte more (a file that grows while it is
  /// read is read on to its new end): one copy, not a copy out of a scratch buffer.
  ///
  /// `size` is the file's size if known (from `fstat`); a read that stops short at that size
  /// is taken as the end, with no read more to see nothing come back.
  static func readAll(descriptor: Int32, path: String, size known: Int? = nil)
    throws(TranscriptError) -> Data
  {
    var size = known ?? 0
    if known == nil {
      var status = stat()
      if fstat(descriptor, &status) == 0 { size = Int(status.st_size) }
    }
    size = max(size, 0)
    var data = Data(count: size + 1)
    var filled = 0
    while true {
      if filled == data.count { data.count += max(data.count, 4096) }
      let count = data.withUnsafeMutableBytes { raw in
        // Never empty: it has room for at least one more byte.
        pread(
          descriptor, raw.baseAddress.unsafelyUnwrapped + filled, raw.count - filled, off_t(filled))
      }
      if count < 0 {
        if errno == EINTR { continue }
        throw .system(operation: "read", path: path, errno: errno)
      }
      if count == 0 {
        data.count = filled
        return data
      }
      filled += count
      if size > 0, filled == size, filled < data.count {
        data.count = filled
        return data
      }
    }
  }

  /// The process holding an exclusive lock on `path`, from /proc/locks, if it can be found.
  static func lockHolder(of path: String) -> Int32? {
    var status = stat()
    guard stat(path, &status) == 0,
      let locks = try? String(contentsOfFile: "/proc/locks", encoding: .utf8)
    else { return nil }
    let inode = String(status.st_ino)
    for line in locks.split(separator: "\n") {
      let fields = line.split(separator: " ")
      guard fields.count > 5, fields[1] == "FLOCK", fields[5].hasSuffix(":" + inode) else {
        continue
      }
      return Int32(fields[4])
    }
    return nil
  }

  /// Creates a new file (it must not exist) with mode 0600 and `contents`, synced to disk.
  static func createNew(_ path: String, contents: Data) throws(TranscriptError) {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw .system(operation: "create", path: path, errno: errno) }
    defer { close(descriptor) }
    let written = contents.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    guard written == contents.count, fsync(descriptor) == 0 else {
      let code = errno
      unlink(path)
      throw .system(operation: "write to", path: path, errno: code)
    }
    try syncDirectory(containing: path)
  }

  /// Writes `data` whole or not at all: a 0600 temp file beside `path`, fsync, rename, fsync
  /// the folder (without the syncs when `sync` is false: the caller syncs many at once).
  static func writeAtomically(_ data: Data, to path: String, sync: Bool = true)
    throws(TranscriptError)
  {
    let temporary = path + ".tmp-\(getpid())"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { throw .system(operation: "create", path: temporary, errno: errno) }
    if let code = writeAll(data, to: descriptor) {
      close(descriptor)
      unlink(temporary)
      throw .system(operation: "write to", path: path, errno: code)
    }
    guard !sync || fsync(descriptor) == 0 else {
      let code = errno
      close(descriptor)
      unlink(temporary)
      throw .system(operation: "sync", path: path, errno: code)
    }
    close(descriptor)
    guard rename(temporary, path) == 0 else {
      let code = errno
      unlink(temporary)
      throw .system(operation: "replace", path: path, errno: code)
    }
    if sync { try syncDirectory(containing: path) }
  }
}

extension FileSystem {
  /// Writes all of `data` to `descriptor`; the errno of a failed write, else `nil`.
  static func writeAll(_ data: Data, to descriptor: Int32) -> Int32? {
    var written = 0
    while written < data.count {
      let count = data.withUnsafeBytes {
        write(descriptor, $0.baseAddress.map { $0 + written }, data.count - written)
      }
      if count < 0 && errno == EINTR { continue }
      guard count > 0 else { return count == 0 ? EIO : errno }
      written += count
    }
    return nil
  }

  /// Writes `data` through an existing device, pipe or socket at `path` (`/dev/null`,
  /// `/dev/stdout`, a FIFO) instead of replacing it.
  static func writeThrough(_ data: Data, to path: String) throws(TranscriptError) {
    let descriptor = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
    guard descriptor >= 0 else { throw .system(operation: "open", path: path, errno: errno) }
    defer { close(descriptor) }
    if let code = writeAll(data, to: descriptor) {
      throw .system(operation: "write to", path: path, errno: code)
    }
  }
}

/// Path arithmetic done by hand: Foundation's `NSString` path methods trap on some short
/// relative paths on Linux ("h").
enum FilePath {
  /// The folder part of `path` ("" for a bare name, "/" for a file in the root).
  static func parent(of path: String) -> String {
    var trimmed = Substring(path)
    while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    guard let slash = trimmed.lastIndex(of: "/") else { return "" }
    if slash == trimmed.startIndex { return "/" }
    return String(trimmed[..<slash])
  }

  /// The last part of `path`.
  static func name(of path: String) -> String {
    var trimmed = Substring(path)
    while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    guard let slash = trimmed.lastIndex(of: "/") else { return String(trimmed) }
    return String(trimmed[trimmed.index(after: slash)...])
  }

  /// `path` made absolute against the current folder.
  static func absolute(_ path: String) -> String {
    guard !path.hasPrefix("/") else { return path }
    let current = FileManager.default.currentDirectoryPath
    return (current.hasSuffix("/") ? current : current + "/") + path
  }
}
