import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A folder of notes reflect exports into (an Obsidian vault, a Logseq graph) that it shares
/// with the person: it writes only files it wrote before, and only when their contents
/// change.
///
/// `.reflect-export.json` in the folder records each file reflect wrote and a hash of what it
/// wrote. A file not in it is the person's and is never touched (a note of the same name
/// gets the session id added); a file of reflect's that the person has edited since is left
/// as it is, and said so. Nothing is ever deleted.
public struct NoteFolder: Sendable {
  public let directory: String

  /// What a write did.
  public struct Outcome: Sendable, Equatable {
    /// Files created or replaced.
    public var written: [String] = []
    /// Files already holding what they should.
    public var unchanged = 0
    /// reflect's files the person edited (or theirs of the same name): left as they are.
    public var leftAlone: [String] = []
  }

  /// The folder at `directory`.
  public init(directory: String) { self.directory = directory }

  /// The record of what reflect wrote.
  public var manifestPath: String { directory + "/.reflect-export.json" }

  /// Paths reflect wrote (relative to the folder) and the hash of what it wrote.
  public func manifest() -> [String: String] {
    // Decoded straight into Swift strings (through Foundation's objects, 100,000 entries
    // took tens of megabytes more).
    struct Stored: Decodable { var files: [String: String] }
    // Never read through a symlink: a manifest planted elsewhere cannot claim the
    // person's notes as reflect's.
    guard let data = try? FileSystem.readRegularFile(manifestPath, followLinks: false) else {
      return [:]
    }
    if let files = Self.laidOut(data) { return files }
    return (try? JSONDecoder().decode(Stored.self, from: data))?.files ?? [:]
  }

  /// The files of a manifest laid out as ``encode(_:)`` lays it out with no escaped
  /// character, read line by line (a decoder's map of a 9 MB manifest took tens of
  /// megabytes); `nil` for any other (valid JSON still, read by a decoder).
  static func laidOut(_ data: Data) -> [String: String]? {
    guard !data.contains(UInt8(ascii: "\\")) else { return nil }
    let lines = data.split(separator: 0x0A, omittingEmptySubsequences: false)
    let head = "  \"files\" : {".utf8
    guard lines.count >= 6, lines[0].elementsEqual("{".utf8),
      lines[1].starts(with: "  \"about\" : \"".utf8), lines[2].elementsEqual(head),
      lines[lines.count - 3].elementsEqual("  }".utf8),
      lines[lines.count - 2].elementsEqual("}".utf8),
      lines[lines.count - 1].isEmpty
    else { return nil }
    var files: [String: String] = [:]
    let entries = lines[3..<(lines.count - 3)]
    if entries.count == 1, entries.first?.isEmpty == true { return files }
    let separator = Array("\" : \"".utf8)
    for (number, line) in zip(entries.indices, entries) {
      var line = line[...]
      let comma = number < entries.endIndex - 1
      guard line.starts(with: "    \"".utf8), line.last == (comma ? UInt8(ascii: ",") : 0x22)
      else { return nil }
      line = line.dropFirst(5).dropLast(comma ? 2 : 1)
      guard let split = line.firstRange(of: separator),
        !line[split.upperBound...].contains(0x22), !line[..<split.lowerBound].contains(0x22)
      else { return nil }
      guard let path = String(validating: line[..<split.lowerBound], as: UTF8.self),
        let hash = String(validating: line[split.upperBound...], as: UTF8.self),
        files.updateValue(hash, forKey: path) == nil
      else { return nil }
    }
    return files
  }

  /// Note names (lower-cased, without `.md`) in `subfolder` that are the person's own, given
  /// the folder's ``manifest()``.
  public func takenNames(in subfolder: String = "", manifest ours: [String: String]) -> Set<String>
  {
    let folder = subfolder.isEmpty ? directory : directory + "/" + subfolder
    let prefix = subfolder.isEmpty ? "" : subfolder + "/"
    var taken: Set<String> = []
    FileSystem.eachName(in: folder) { name in
      if name.hasSuffix(".md"), ours[prefix + name] == nil {
        taken.insert(String(name.dropLast(3)).lowercased())
      }
    }
    return taken
  }

  /// Notes written one at a time (an export of thousands holds one note in memory at
  /// once): each replaced whole through a temp file and a rename, all synced to the disk
  /// together by ``finish()``, which then records them in the manifest.
  public final class Writer {
    let folder: NoteFolder
    private var record: [String: String]
    /// Whether ``record`` now differs from the manifest read.
    private var recordChanged = false
    private var outcome = Outcome()
    private var made: Set<String> = []

    /// Starts writing into `folder` (made private if it is new), whose ``manifest()`` is
    /// `manifest`.
    public init(_ folder: NoteFolder, manifest: [String: String]) throws(TranscriptError) {
      try FileSystem.makePrivateDirectory(folder.directory)
      self.folder = folder
      record = manifest
    }

    /// Writes `file` unless it already holds its contents or is not reflect's to replace.
    ///
    /// When it cannot, the notes written so far are recorded in the manifest before the
    /// error is thrown: otherwise the next export would take them for the person's own and
    /// write every one again under another name.
    public func write(_ file: NoteExport.File) throws(TranscriptError) {
      do {
        try writeNote(file)
      } catch {
        _ = try? finish()
        throw error
      }
    }

    private func writeNote(_ file: NoteExport.File) throws(TranscriptError) {
      let path = folder.directory + "/" + file.path
      let parent = FilePath.parent(of: path)
      if parent != folder.directory, !made.contains(parent) {
        try FileSystem.makePrivateDirectory(parent)
        made.insert(parent)
      }
      let data = Data(file.contents.utf8)
      // Only a regular file is ever replaced: a symlink (even one to nowhere), a folder or a
      // FIFO of that name is the person's, never written through or over.
      var status = stat()
      if lstat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
        outcome.leftAlone.append(file.path)
        return
      }
      if let current = try? FileSystem.readRegularFile(path, followLinks: false) {
        if current == data {
          remember(file.path, NoteFolder.hash(data))
          outcome.unchanged += 1
          return
        }
        // Someone else's file, or ours edited since: not ours to overwrite.
        guard record[file.path] == NoteFolder.hash(current) else {
          outcome.leftAlone.append(file.path)
          return
        }
      }
      try FileSystem.writeAtomically(data, to: path, sync: false)
      remember(file.path, NoteFolder.hash(data))
      outcome.written.append(file.path)
    }

    private func remember(_ path: String, _ hash: String) {
      if record.updateValue(hash, forKey: path) != hash { recordChanged = true }
    }

    /// Syncs what was written to the disk, then records it in the manifest.
    public func finish() throws(TranscriptError) -> Outcome {
      // One sync for every note rather than two per note (ten thousand notes took 15 s):
      // POSIX's sync(), as syncfs() is not in Glibc's Swift module.
      if !outcome.written.isEmpty { sync() }
      // Unchanged, the manifest is not written again (nor, at 100,000 notes, 9 MB of it
      // made and compared).
      if recordChanged || !FileManager.default.fileExists(atPath: folder.manifestPath) {
        var manifest = NoteFolder.encode(record)
        if recordChanged
          || FileManager.default.contents(atPath: folder.manifestPath)?.elementsEqual(manifest)
            != true
        {
          // Handed over as it is (a copy would be another 9 MB at 100,000 notes).
          let path = folder.manifestPath
          let outcome = manifest.withUnsafeMutableBytes { bytes in
            Result { () throws(TranscriptError) in
              guard let base = bytes.baseAddress else { return }
              try FileSystem.writeAtomically(
                Data(bytesNoCopy: base, count: bytes.count, deallocator: .none), to: path)
            }
          }
          try outcome.get()
        }
      }
      return outcome
    }
  }

  static let about =
    "Files reflect exported here, with a hash of what it wrote: it replaces only"
    + " these, and only while they are unchanged. Delete this file to have reflect treat"
    + " every note here as yours."

  /// The manifest's bytes: `files` in order of their paths' bytes, laid out as
  /// `JSONEncoder` lays out a pretty-printed object (an encoder's tree of 100,000 entries took
  /// tens of megabytes).
  static func encode(_ files: [String: String]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(
      files.reduce(about.utf8.count + 64) { $0 + $1.key.utf8.count + $1.value.utf8.count + 16 })
    func string(_ text: String) {
      out.append(UInt8(ascii: "\""))
      for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "\""): out += [0x5C, byte]
        case UInt8(ascii: "\\"): out += [0x5C, byte]
        case 0x0A: out += [0x5C, UInt8(ascii: "n")]
        case 0x0D: out += [0x5C, UInt8(ascii: "r")]
        case 0x09: out += [0x5C, UInt8(ascii: "t")]
        case 0x08: out += [0x5C, UInt8(ascii: "b")]
        case 0x0C: out += [0x5C, UInt8(ascii: "f")]
        case ..<0x20:
          let hex = Array("0123456789abcdef".utf8)
          out += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
        default: out.append(byte)
        }
      }
      out.append(UInt8(ascii: "\""))
    }
    out += Array("{\n  \"about\" : ".utf8)
    string(about)
    out += Array(",\n  \"files\" : {\n".utf8)
    let paths = files.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    if paths.isEmpty { out.append(0x0A) }
    for (number, path) in paths.enumerated() {
      out += Array("    ".utf8)
      string(path)
      out += Array(" : ".utf8)
      string(files[path] ?? "")
      out += Array((number == paths.count - 1 ? "\n" : ",\n").utf8)
    }
    out += Array("  }\n}\n".utf8)
    return out
  }

  /// FNV-1a, 64 bits, as hex: enough to tell whether a file changed since it was written.
  static func hash(_ data: Data) -> String { String(fnv1a(data), radix: 16) }

  /// FNV-1a, 64 bits, of `bytes`.
  static func fnv1a(_ bytes: some Sequence<UInt8>) -> UInt64 {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes {
      value ^= UInt64(byte)
      value = value &* 0x0000_0100_0000_01b3
    }
    return value
  }
}
