import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder of transcripts under a reflect home: `<home>/transcripts/<id>.jsonl`.
public struct TranscriptStore: Sendable {
  /// The reflect data home.
  public let home: String

  /// Creates a store rooted at `home`; nothing is touched until it is used.
  public init(home: String) { self.home = home }

  /// The transcripts folder.
  public var directory: String { home + "/transcripts" }

  /// The file of a session.
  public func path(for id: SessionID) -> String { directory + "/" + id.rawValue + ".jsonl" }

  /// Creates the home and transcripts folders (0700) if missing, refusing unsafe ones.
  public func prepare() throws(TranscriptError) {
    try FileSystem.makePrivateDirectory(home)
    try FileSystem.makePrivateDirectory(directory)
  }

  /// Creates the file for a new session and returns its writer.
  public func create(_ id: SessionID) throws(TranscriptError) -> TranscriptWriter {
    try prepare()
    return try TranscriptWriter.create(at: path(for: id))
  }

  /// The transcript files, oldest first, and a warning for each entry that looks like a
  /// transcript but is not a regular file (those are never opened).
  public func files() -> (paths: [String], warnings: [String]) {
    let listing = entries()
    return (listing.entries.map(\.path), listing.warnings)
  }

  /// A transcript file and what identifies its present contents.
  public struct Entry: Sendable, Equatable {
    public var name: String
    /// The folder it is in (one string shared by every entry: a listing of 100,000 files
    /// does not hold 100,000 paths).
    var directory: String
    public var path: String { directory + "/" + name }
    /// Size, modification and change times (ns) and inode, mixed into one number (FNV-1a):
    /// any write to the file or replacement of it changes it.
    public var stamp: Int
  }

  /// The names of the folder's would-be transcripts (`<id>.jsonl`), sorted, unchecked.
  func names(sorted: Bool = true) -> [String] {
    var names: [String] = []
    FileSystem.eachName(in: directory) { name in
      if name.hasSuffix(".jsonl"), SessionID(String(name.dropLast(6))) != nil {
        names.append(name)
      }
    }
    // The names are ASCII (they passed the id check): their bytes sort as their text does,
    // and comparing bytes is cheaper than comparing strings.
    return sorted ? names.sorted(by: Self.precedes) : names
  }

  private static func precedes(_ name: String, _ other: String) -> Bool {
    name.utf8.lexicographicallyPrecedes(other.utf8)
  }

  /// The transcript files, oldest first, with their stamps, and the warnings of ``files()``.
  ///
  /// `include` sees each name first, so others are never looked at.
  public func entries(where include: (String) -> Bool = { _ in true }) -> (
    entries: [Entry], warnings: [String]
  ) {
    var entries: [Entry] = []
    var warnings: [String] = []
    // Each name looked up in the open folder, not walked to from the root again.
    let directory = self.directory
    let folder = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    defer { if folder >= 0 { close(folder) } }
    for name in names() where include(name) {
      var status = stat()
      let found =
        folder >= 0
        ? fstatat(folder, name, &status, AT_SYMLINK_NOFOLLOW)
        : lstat(directory + "/" + name, &status)
      let path = { directory + "/" + name }
      guard found == 0, status.st_mode & S_IFMT == S_IFREG else {
        warnings.append("skipping '\(path())': not a regular file")
        continue
      }
      if status.st_mode & 0o077 != 0 {
        let mode = String(status.st_mode & 0o777, radix: 8)
        warnings.append(
          "'\(path())' can be read by others (mode \(mode)); 'chmod 600' makes it private again")
      }
      entries.append(Entry(name: name, directory: directory, stamp: Self.stamp(status)))
    }
    return (entries, warnings)
  }

  /// The transcript files (sorted by name) with their stamps, every name in one buffer.
  ///
  /// An archive command lists the folder each time; 100,000 names as strings were 100,000
  /// allocations, and memory that stayed taken.
  public struct Listing: Sendable {
    /// The names, each followed by a NUL.
    private var bytes: [UInt8] = []
    private var starts: [Int] = []
    private(set) var stamps: [Int] = []
    public internal(set) var warnings: [String] = []

    public var count: Int { stamps.count }

    /// The bytes of name `index` (no NUL).
    func name(_ index: Int) -> ArraySlice<UInt8> {
      bytes[starts[index]..<(index + 1 < starts.count ? starts[index + 1] : bytes.count) - 1]
    }

    /// Entry `index` as a ``TranscriptStore/Entry`` in `directory`.
    func entry(_ index: Int, in directory: String) -> Entry {
      Entry(
        name: String(decoding: name(index), as: UTF8.self), directory: directory,
        stamp: stamps[index])
    }

    /// `body` with name `index` as a C string.
    func withCName<T>(_ index: Int, _ body: (UnsafePointer<CChar>) -> T) -> T {
      bytes.withUnsafeBufferPointer { buffer in
        buffer.withMemoryRebound(to: CChar.self) { text in
          // The buffer is never empty here: it holds this name and its NUL.
          body(text.baseAddress.unsafelyUnwrapped + starts[index])
        }
      }
    }

    fileprivate mutating func append(_ name: some Collection<UInt8>, stamp: Int) {
      starts.append(bytes.count)
      bytes.append(contentsOf: name)
      bytes.append(0)
      stamps.append(stamp)
    }
  }

  /// The folder listed as a ``Listing``: the names of would-be transcripts, sorted, with the
  /// stamps of those that are regular files, and the warnings of ``entries(where:)``.
  public func listing() -> Listing {
    // The names first, unsorted, in one buffer.
    var found = Listing()
    if let folder = opendir(directory) {
      defer { closedir(folder) }
      while let entry = readdir(folder) {
        withUnsafeBytes(of: entry.pointee.d_name) { raw in
          let bytes = raw.bindMemory(to: UInt8.self)
          let length = bytes.firstIndex(of: 0) ?? bytes.count
          let name = bytes[0..<length]
          guard length > 6, name.suffix(6).elementsEqual(".jsonl".utf8),
            SessionID(String(decoding: name.dropLast(6), as: UTF8.self)) != nil
          else { return }
          found.append(name, stamp: 0)
        }
      }
    }
    // Sorted by their bytes (ASCII: as their text sorts), then each looked up in the folder.
    // The first 16 bytes (the id's date and time) compared as two numbers first: names
    // rarely share them.
    let keys = (0..<found.count).map { index in
      var (high, low): (UInt64, UInt64) = (0, 0)
      for (offset, byte) in found.name(index).prefix(16).enumerated() {
        if offset < 8 {
          high |= UInt64(byte) << (56 - 8 * offset)
        } else {
          low |= UInt64(byte) << (56 - 8 * (offset - 8))
        }
      }
      return (high, low)
    }
    let order = (0..<found.count).sorted {
      if keys[$0] != keys[$1] { return keys[$0] < keys[$1] }
      return found.name($0).lexicographicallyPrecedes(found.name($1))
    }
    var listing = Listing()
    let directory = self.directory
    let folder = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    defer { if folder >= 0 { close(folder) } }
    for index in order {
      let name = found.name(index)
      var status = stat()
      let looked = found.withCName(index) { base in
        folder >= 0
          ? fstatat(folder, base, &status, AT_SYMLINK_NOFOLLOW)
          : lstat(directory + "/" + String(cString: base), &status)
      }
      let path = { directory + "/" + String(decoding: name, as: UTF8.self) }
      guard looked == 0, status.st_mode & S_IFMT == S_IFREG else {
        listing.warnings.append("skipping '\(path())': not a regular file")
        continue
      }
      if status.st_mode & 0o077 != 0 {
        let mode = String(status.st_mode & 0o777, radix: 8)
        listing.warnings.append(
          "'\(path())' can be read by others (mode \(mode)); 'chmod 600' makes it private again")
      }
      listing.append(name, stamp: Self.stamp(status))
    }
    return listing
  }

  /// Size, modification and change times (ns) and inode, mixed into one number (FNV-1a).
  static func stamp(_ status: stat) -> Int {
    var stamp: UInt64 = 0xcbf2_9ce4_8422_2325
    for part in [
      Int64(status.st_size), Int64(status.st_mtim.tv_sec), Int64(status.st_mtim.tv_nsec),
      Int64(status.st_ctim.tv_sec), Int64(status.st_ctim.tv_nsec), Int64(status.st_ino),
    ] {
      stamp = (stamp ^ UInt64(bitPattern: part)) &* 0x100_0000_01b3
    }
    return Int(bitPattern: UInt(stamp))
  }

  /// Turns what a person typed (an id, `latest`, or a path to a transcript) into a path.
  ///
  /// An id is checked against the generated shape before it touches the file system; a
  /// path must name an existing regular file. `latest` is the newest session that did not
  /// start after `now` (an imported entry may be dated in the future), or the newest of
  /// all when every one did.
  public func resolve(_ reference: String, now: Date = Date()) throws(TranscriptError)
    -> String
  {
    // `latest` is picked from the regular files only; an id or a path to a link is refused.
    if reference == "latest" {
      // An id starts with its UTC start time, `yyyyMMdd-HHmmss`: compared as text.
      let cutoff = Array(SessionID.timePrefix(of: now).utf8)
      let all = names(sorted: false)
      let past = all.filter { !cutoff.lexicographicallyPrecedes($0.utf8.prefix(cutoff.count)) }
      for var names in [past, all] {
        // The newest regular file: the names are not sorted, the last taken out one by one.
        while let newest = names.indices.max(by: { Self.precedes(names[$0], names[$1]) }) {
          var status = stat()
          let path = directory + "/" + names[newest]
          if lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG { return path }
          names.swapAt(newest, names.count - 1)
          names.removeLast()
        }
      }
      throw .noSessions(directory: directory)
    }
    if let id = SessionID(reference) {
      let path = path(for: id)
      var status = stat()
      guard lstat(path, &status) == 0 else { throw .unknownSession(reference) }
      // The folder's entries that are not regular files are never opened (a link included).
      guard status.st_mode & S_IFMT == S_IFREG else { throw .notRegularFile(path: path) }
      return path
    }
    var status = stat()
    guard !reference.isEmpty, !reference.contains("\0"), stat(reference, &status) == 0 else {
      throw .badReference(reference)
    }
    guard status.st_mode & S_IFMT == S_IFREG else { throw .notRegularFile(path: reference) }
    guard lstat(reference, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
      throw .notRegularFile(path: reference)
    }
    return reference
  }

  /// Whether a running reflect is writing the transcript at `path` (it holds the lock).
  public static func isInUse(_ path: String) -> Bool {
    let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    guard flock(descriptor, LOCK_SH | LOCK_NB) == 0 else { return errno == EWOULDBLOCK }
    flock(descriptor, LOCK_UN)
    return false
  }

  /// Whether `path` is a file directly in this store's transcripts folder.
  public func holds(_ path: String) -> Bool {
    let folder = realpath(directory, nil).map { pointer in
      defer { free(pointer) }
      return String(cString: pointer)
    }
    let parent = realpath(FilePath.parent(of: FilePath.absolute(path)), nil).map { pointer in
      defer { free(pointer) }
      return String(cString: pointer)
    }
    return folder != nil && folder == parent
  }
}
