import Foundation

/// Answers being written in a text editor: one draft file per session in `<home>/drafts`
/// (0700 folder, 0600 files), removed only once the answer is on disk, so a crash or a
/// closed terminal while the editor is open loses nothing.
public struct Drafts: Sendable {
  /// The reflect data home.
  public let home: String

  /// Drafts under `home`.
  public init(home: String) { self.home = home }

  /// The drafts folder.
  public var directory: String { home + "/drafts" }

  /// The draft of `session`.
  public func path(for session: SessionID) -> String {
    directory + "/" + session.rawValue + ".txt"
  }

  /// The `reflect amend` file of `session` (kept when the edit could not be used, so the
  /// next `amend` goes on from it; not a `.txt`, so no session announces it as a draft).
  public func amendment(for session: SessionID) -> String {
    directory + "/" + session.rawValue + ".amend"
  }

  /// Writes the `reflect amend` file of `session`.
  @discardableResult
  public func createAmendment(for session: SessionID, text: String) throws(TranscriptError)
    -> String
  {
    try FileSystem.makePrivateDirectory(home)
    try FileSystem.makePrivateDirectory(directory)
    let path = amendment(for: session)
    try PrivateFile.write(Data(text.utf8), to: path)
    return path
  }

  /// The draft of `session` for the editor to open, and whether it was `kept` from before.
  ///
  /// A draft an earlier edit left (the editor failed or was killed, its text was refused,
  /// the session ended) is kept as it is, with `text` added at its top: nothing written in it
  /// is lost. Otherwise a new one holds `text`, then `#` lines saying what is asked.
  public func create(
    for session: SessionID, text: String, question: String
  ) throws(TranscriptError) -> (path: String, kept: Bool) {
    try FileSystem.makePrivateDirectory(home)
    try FileSystem.makePrivateDirectory(directory)
    let path = path(for: session)
    var status = stat()
    if lstat(path, &status) == 0 {
      guard status.st_mode & S_IFMT == S_IFREG else { throw .notRegularFile(path: path) }
      if !text.isEmpty {
        let earlier = try FileSystem.readRegularFile(path, followLinks: false)
        try PrivateFile.write(Data((text + "\n\n").utf8) + earlier, to: path)
      }
      return (path, true)
    }
    try PrivateFile.write(Data(Self.template(text: text, question: question).utf8), to: path)
    return (path, false)
  }

  /// What the editor opens with: the text, a blank line, and the comments.
  static func template(text: String, question: String) -> String {
    let asked = question.split(separator: "\n").map { "# " + $0 }.joined(separator: "\n")
    return (text.isEmpty ? "\n" : text + "\n") + "\n" + asked + "\n"
      + "#\n# Write your answer above; blank lines keep your paragraphs. Lines starting with\n"
      + "# '#' are left out. Save and close the editor to send it; an empty answer sends\n"
      + "# nothing.\n"
  }

  /// The answer in a draft's contents: `#` lines dropped (as git does with a commit
  /// message), trailing spaces and blank lines at either end removed.
  public static func answer(from contents: String) -> String {
    let lines = contents.split(separator: "\n", omittingEmptySubsequences: false)
      .filter { !$0.hasPrefix("#") }
      .map { line -> Substring in
        var line = line
        while line.last == " " || line.last == "\t" || line.last == "\r" { line.removeLast() }
        return line
      }
    return lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// The most a draft or amendment read back from the editor may hold: 1 MiB, some
  /// 150,000 words.
  public static let largest = 1 << 20

  /// The text the person's editor saved in the draft or amendment at `path`.
  ///
  /// Refused, with the line, when it is not UTF-8 (an editor set to Latin-1 saves "café" so):
  /// decoded anyway, every accented letter would become U+FFFD. The file is left as it is,
  /// for the person to save again as UTF-8.
  /// Larger than `limit` bytes, it is refused unread (an editor that wrote something else
  /// into it): saved, every later command would read it again.
  public static func read(_ path: String, limit: Int = largest) throws(TranscriptError) -> String {
    var status = stat()
    if stat(path, &status) == 0, status.st_size > limit {
      throw .draftTooLarge(path: path, bytes: Int(status.st_size), limit: limit)
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .system(operation: "read", path: path, errno: errno)
    }
    if let text = String(validating: data, as: UTF8.self) { return text }
    var line = 1
    var start = data.startIndex
    for index in data.indices where data[index] == 0x0A {
      if String(validating: data[start..<index], as: UTF8.self) == nil { break }
      line += 1
      start = index + 1
    }
    throw .badLine(
      path: path, line: line,
      reason: "not UTF-8 text (your editor may have saved it as Latin-1; save it as UTF-8)")
  }

  /// Drafts left behind (the session ended before their answer was saved), oldest first.
  public func leftovers() -> [String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { $0.hasSuffix(".txt") }.sorted().map { directory + "/" + $0 }
  }

  /// Removes a draft whose answer is on disk.
  public static func remove(_ path: String) {
    unlink(path)
  }
}
