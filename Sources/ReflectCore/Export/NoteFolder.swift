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
    guard let data = FileManager.default.contents(atPath: manifestPath),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let files = object["files"] as? [String: String]
    else { return [:] }
    return files
  }

  /// Note names (lower-cased, without `.md`) in `subfolder` that are the person's own.
  public func takenNames(in subfolder: String = "") -> Set<String> {
    let folder = subfolder.isEmpty ? directory : directory + "/" + subfolder
    let ours = manifest()
    let prefix = subfolder.isEmpty ? "" : subfolder + "/"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return Set(
      names.filter { $0.hasSuffix(".md") && ours[prefix + $0] == nil }
        .map { String($0.dropLast(3)).lowercased() })
  }

  /// Notes written one at a time (an export of thousands holds one note in memory at
  /// once): each replaced whole through a temp file and a rename, all synced to the disk
  /// together by ``finish()``, which then records them in the manifest.
  public final class Writer {
    let folder: NoteFolder
    private var record: [String: String]
    private var outcome = Outcome()
    private var made: Set<String> = []

    /// Starts writing into `folder` (made private if it is new).
    public init(_ folder: NoteFolder) throws(TranscriptError) {
      try FileSystem.makePrivateDirectory(folder.directory)
      self.folder = folder
      record = folder.manifest()
    }

    /// Writes `file` unless it already holds its contents or is not reflect's to replace.
    public func write(_ file: NoteExport.File) throws(TranscriptError) {
      let path = folder.directory + "/" + file.path
      let parent = FilePath.parent(of: path)
      if parent != folder.directory, !made.contains(parent) {
        try FileSystem.makePrivateDirectory(parent)
        made.insert(parent)
      }
      let data = Data(file.contents.utf8)
      if let current = FileManager.default.contents(atPath: path) {
        if current == data {
          record[file.path] = NoteFolder.hash(data)
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
      record[file.path] = NoteFolder.hash(data)
      outcome.written.append(file.path)
    }

    /// Syncs what was written to the disk, then records it in the manifest.
    public func finish() throws(TranscriptError) -> Outcome {
      // One sync for every note rather than two per note (ten thousand notes took 15 s):
      // POSIX's sync(), as syncfs() is not in Glibc's Swift module.
      if !outcome.written.isEmpty { sync() }
      let manifest = NoteFolder.encode(record)
      if FileManager.default.contents(atPath: folder.manifestPath) != manifest {
        try FileSystem.writeAtomically(manifest, to: folder.manifestPath)
      }
      return outcome
    }
  }

  static func encode(_ files: [String: String]) -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    struct Manifest: Encodable {
      var about =
        "Files reflect exported here, with a hash of what it wrote: it replaces only"
        + " these, and only while they are unchanged. Delete this file to have reflect treat"
        + " every note here as yours."
      var files: [String: String]
    }
    return ((try? encoder.encode(Manifest(files: files))) ?? Data()) + Data("\n".utf8)
  }

  /// FNV-1a, 64 bits, as hex: enough to tell whether a file changed since it was written.
  static func hash(_ data: Data) -> String {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in data {
      value ^= UInt64(byte)
      value = value &* 0x0000_0100_0000_01b3
    }
    return String(value, radix: 16)
  }
}
