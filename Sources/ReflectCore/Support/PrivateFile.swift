import Foundation

/// Writes private files (exports, settings): mode 0600, whole or not at all.
public enum PrivateFile {
  /// Replaces `path` with `data` through a temp file, fsync and rename.
  public static func write(_ data: Data, to path: String) throws(TranscriptError) {
    try FileSystem.writeAtomically(data, to: path)
  }
}
