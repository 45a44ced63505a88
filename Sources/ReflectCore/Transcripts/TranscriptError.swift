import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A problem with the transcript store or a transcript reference.
public enum TranscriptError: Error, Equatable, Sendable {
  /// A system call on `path` failed with `errno`.
  case system(operation: String, path: String, errno: Int32)
  /// The data directory is not safe to keep private reflections in.
  case unsafeDirectory(path: String, reason: String)
  /// A reference that is neither a known id, `latest`, nor a transcript file.
  case badReference(String)
  /// A well-formed id with no transcript.
  case unknownSession(String)
  /// `latest` asked for, but no sessions exist.
  case noSessions(directory: String)
  /// A path that is not a regular file.
  case notRegularFile(path: String)
  /// A file larger than reflect reads for its purpose (`limit` bytes).
  case tooLarge(path: String, size: Int, limit: Int)
  /// The session is being written by another running reflect.
  case locked(path: String, pid: Int32?)
  /// A file with no session start: not something reflect wrote.
  /// `firstLine` says what is wrong with the first line, when it could not be read at all.
  case notATranscript(path: String, firstLine: String? = nil)
  /// A transcript with nothing in it: a session whose start could not be saved.
  case emptyTranscript(path: String)
  /// A line of a transcript that cannot be read.
  case badLine(path: String, line: Int, reason: String)
  /// A session to resume that is not in the reflect home (answers would be written there).
  case outsideHome(path: String, home: String)
  /// A transcript written by a newer reflect: reported, never changed.
  case newerSchema(path: String, schema: Int)
  /// A draft or amendment of `bytes`, more than the `limit` read back from an editor.
  case draftTooLarge(path: String, bytes: Int, limit: Int)
}

extension TranscriptError {
  /// `bytes` in mebibytes, for messages: `95 MB`, `1.9 MB`.
  static func megabytes(_ bytes: Int) -> String {
    bytes >= 10 << 20 || bytes % (1 << 20) == 0
      ? "\(bytes >> 20) MB" : String(format: "%.1f MB", Double(bytes) / Double(1 << 20))
  }
}

extension TranscriptError: LocalizedError {
  public var errorDescription: String? {
    switch self {
    case .system(let operation, let path, let code):
      "cannot \(operation) '\(path)': \(String(cString: strerror(code)))"
    case .unsafeDirectory(let path, let reason):
      "refusing to use '\(path)': \(reason)"
    case .badReference(let text):
      "'\(text)' is not a session id (like 20261129-071203-k3q9), 'latest', or a transcript file"
    case .unknownSession(let id):
      "no session '\(id)'; 'reflect list' shows the sessions there are"
    case .noSessions(let directory):
      "no sessions yet in '\(directory)'; 'reflect session' starts one"
    case .notRegularFile(let path):
      "'\(path)' is not a regular file"
    case .tooLarge(let path, _, let limit):
      "'\(path)' is larger than the \(Self.megabytes(limit)) reflect reads here"
    case .locked(let path, let pid):
      "'\(path)' is in use by another reflect"
        + (pid.map { " (process \($0))" } ?? "")
    case .notATranscript(let path, let firstLine):
      "'\(path)' is not a reflect transcript (its first line is not a session start"
        + (firstLine.map { ": line 1: \($0))" } ?? ")")
    case .emptyTranscript(let path):
      "'\(path)' is empty (its session never started); 'reflect verify --repair' removes it"
    case .badLine(let path, let line, let reason):
      "\(path):\(line): \(reason)"
    case .newerSchema(let path, let schema):
      "'\(path)' was written by a newer reflect (schema \(schema)); left untouched (this"
        + " reflect reads schema \(transcriptSchemaVersion))"
    case .draftTooLarge(let path, let bytes, let limit):
      "'\(path)' holds \(String(format: "%.1f MiB", Double(bytes) / Double(1 << 20))), more than"
        + " the \(String(format: "%.1f MiB", Double(limit) / Double(1 << 20))) that can be saved"
        + " from an editor (did it write something else into the file?)"
    case .outsideHome(let path, let home):
      "'\(path)' is not in your reflect home '\(home)'; only sessions there can be resumed"
        + " (private answers are only ever added to files there)"
    }
  }
}
