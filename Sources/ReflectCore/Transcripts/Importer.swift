import Foundation
import Yams

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A journal entry or note brought in from elsewhere, before it becomes a session.
public struct ImportedEntry: Sendable, Equatable {
  /// When it was written.
  public var time: Date
  /// The words, as written (paragraphs kept).
  public var text: String
  public var subject: String?
  /// Tags as reflect writes them (normalised).
  public var tags: [String]
  /// Where it came from, for messages: `file` or `file: entry 3`.
  public var source: String
  /// Tags that could not be kept (not valid as reflect tags), as found.
  public var refusedTags: [String] = []

  public init(time: Date, text: String, subject: String?, tags: [String], source: String) {
    self.time = time
    self.text = text
    self.subject = subject
    self.tags = tags
    self.source = source
  }

  /// The pack every imported session names: not a question pack, a marker that the session
  /// was brought in rather than coached.
  public static let pack = "imported"
  /// The one stage of an imported session.
  public static let stage = "journal"
  /// How the stage is titled in show and export.
  public static let stageTitle = "Journal"

  /// The session's id: its time (to the second) and a suffix from its words, so importing
  /// the same entry again gives the same id.
  public var id: SessionID {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in "\(time.timeIntervalSince1970)\n\(text)".utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    var generator = SplitMix(state: hash)
    return SessionID.generate(at: time, using: &generator)
  }

  /// The session's events: start, subject and tags, the entry as one answer, the lessons
  /// `finder` suggests from it (`suggest` commands, waiting for `reflect lessons review`),
  /// end.
  public func events(from origin: String, version: String, finder: LessonFinder? = nil)
    -> [TranscriptEvent]
  {
    var events: [TranscriptEvent] = [
      .start(
        SessionStart(
          id: id, pack: Self.pack, packTitle: "Imported from \(origin)", stages: [Self.stage],
          seed: 0, version: version, time: time, coaching: false))
    ]
    if let subject {
      events.append(.command(Command(name: .about, stage: "", text: subject, time: time)))
    }
    for tag in tags {
      events.append(.command(Command(name: .tag, stage: "", text: tag, time: time)))
    }
    events.append(.answer(Answer(stage: Self.stage, question: "entry", text: text, time: time)))
    events += suggestions(by: finder)
    events.append(.end(SessionEnd(reason: .completed, time: time)))
    return events
  }

  /// The lessons `finder` finds in the entry, as it finds them in a session's answers (the
  /// number growing with the entry's length), as `suggest` commands numbered from `first`.
  public func suggestions(by finder: LessonFinder?, numberedFrom first: Int = 1)
    -> [TranscriptEvent]
  {
    guard let finder else { return [] }
    // The words, not their Markdown: a lesson is never offered with its `**` or link.
    return finder.propose(from: [NoteWords.plain(text)]).enumerated().map { offset, lesson in
      .command(
        Command(
          name: .suggest, stage: Self.stage, text: lesson, number: first + offset,
          finder: finder.identity, time: time))
    }
  }

  /// `entries` with those of the same time and words (one session: the same id) made one,
  /// with the tags of all, in order: none of their tags is left out.
  public static func merged(_ entries: [ImportedEntry]) -> [ImportedEntry] {
    var result: [ImportedEntry] = []
    var seen: [SessionID: Int] = [:]
    for entry in entries {
      guard let first = seen[entry.id] else {
        seen[entry.id] = result.count
        result.append(entry)
        continue
      }
      for tag in entry.tags where !result[first].tags.contains(tag) {
        result[first].tags.append(tag)
      }
      result[first].refusedTags += entry.refusedTags
      if result[first].subject == nil { result[first].subject = entry.subject }
    }
    return result
  }

  /// `raw` (`@budget`, `#school/finance`) as a reflect tag, or `nil`.
  static func tag(_ raw: String) -> String? {
    var raw = Substring(raw.trimmingCharacters(in: .whitespaces))
    while let first = raw.first, first == "@" || first == "#" { raw.removeFirst() }
    return Tags.normalised(String(raw))
  }
}

/// Why a file could not be imported: the file, the line when known, and the reason.
public struct ImportError: Error, Sendable, Equatable, CustomStringConvertible {
  public var path: String
  public var line: Int?
  public var reason: String

  public init(path: String, line: Int?, reason: String) {
    self.path = path
    self.line = line
    self.reason = reason
  }

  public var description: String {
    path + (line.map { ":\($0)" } ?? "") + ": " + reason
  }

  /// A file that could not be read: not a regular file, too large (with `tooLarge`, what to
  /// do instead), or a system error.
  static func unreadable(path: String, _ error: TranscriptError, tooLarge advice: String)
    -> ImportError
  {
    switch error {
    case .notRegularFile:
      return ImportError(path: path, line: nil, reason: "not a regular file")
    case .tooLarge(_, _, let limit):
      return ImportError(
        path: path, line: nil,
        reason: "larger than the \(TranscriptError.megabytes(limit)) reflect reads; " + advice)
    case .system(_, _, let code):
      return ImportError(path: path, line: nil, reason: String(cString: strerror(code)))
    default:
      return ImportError(path: path, line: nil, reason: error.localizedDescription)
    }
  }
}

/// Reads jrnl's `--format json` export.
public enum JrnlImport {
  /// The largest export read (bytes): a journal of tens of thousands of entries; larger is
  /// refused before it is read, as it would take several times its size in memory.
  public static let maximumSize = 64 << 20

  /// The entries of the export at `path`, oldest first; a FIFO, device or folder, and an
  /// export larger than ``maximumSize``, are refused before anything is read.
  public static func entries(at path: String, timeZone: TimeZone = .current)
    throws(ImportError) -> [ImportedEntry]
  {
    let data: Data
    do {
      data = try FileSystem.readRegularFile(path, limit: maximumSize)
    } catch {
      throw ImportError.unreadable(
        path: path, error,
        tooLarge: "export a part at a time (jrnl -from 2020-01-01 -to 2022-12-31 --format json)")
    }
    return try entries(data, path: path, timeZone: timeZone)
  }

  /// An entry as jrnl writes it: every field text (tags a list of text), any may be missing.
  private struct Export: Decodable {
    struct Entry: Decodable {
      var title: String?
      var body: String?
      var date: String?
      var time: String?
      var tags: [String]?
    }
    var entries: [Entry]
  }

  /// The entries of the export at `path` (contents `data`), oldest first.
  public static func entries(_ data: Data, path: String, timeZone: TimeZone = .current)
    throws(ImportError) -> [ImportedEntry]
  {
    if let line = TextFiles.invalidUTF8Line(data) {
      throw ImportError(path: path, line: line, reason: "not UTF-8 text")
    }
    let list: [Export.Entry]
    do {
      list = try JSONDecoder().decode(Export.self, from: data).entries
    } catch let error as DecodingError {
      throw ImportError(path: path, line: nil, reason: reason(error))
    } catch {
      throw ImportError(path: path, line: nil, reason: notAnExport)
    }
    var entries: [ImportedEntry] = []
    for (index, fields) in list.enumerated() {
      let label = "entry \(index + 1)"
      let title = fields.title ?? ""
      let body = fields.body ?? ""
      guard let day = fields.date,
        let time = TextFiles.date(day + " " + (fields.time ?? "00:00"), timeZone)
      else {
        throw ImportError(
          path: path, line: nil,
          reason: "\(label) has no date and time jrnl writes (YYYY-MM-DD, HH:MM)")
      }
      // jrnl splits an entry into its first sentence and the rest: put back together as
      // jrnl shows it.
      let text = body.isEmpty ? title : title + "\n" + body
      guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { continue }
      var entry = ImportedEntry(
        time: time, text: text, subject: TextFiles.subject(title), tags: [],
        source: "\(path): \(label)")
      for tag in fields.tags ?? [] {
        if let kept = ImportedEntry.tag(tag) {
          if !entry.tags.contains(kept) { entry.tags.append(kept) }
        } else {
          entry.refusedTags.append(tag)
        }
      }
      entries.append(entry)
    }
    return entries.sorted { $0.time < $1.time }
  }

  static let notAnExport =
    "not jrnl's JSON export (made with 'jrnl --format json'; it has \"entries\")"

  /// What is wrong, naming the entry and field: a value of the wrong type is refused, never
  /// taken as missing.
  static func reason(_ error: DecodingError) -> String {
    let path: [any CodingKey]
    switch error {
    case .typeMismatch(_, let context), .valueNotFound(_, let context),
      .keyNotFound(_, let context), .dataCorrupted(let context):
      path = context.codingPath
    @unknown default: return notAnExport
    }
    guard path.count >= 2, let index = path[1].intValue else { return notAnExport }
    guard path.count >= 3 else { return "entry \(index + 1) is not an object" }
    let field = path[2].stringValue
    return "entry \(index + 1): '\(field)' is not "
      + (field == "tags" ? "a list of text" : "text")
  }
}

/// Reads a folder of Markdown notes: one entry per `.md` file.
public enum MarkdownImport {
  /// The `.md` files under `directory` (hidden folders such as `.obsidian` and `.trash`
  /// skipped, and the notes reflect exported there), sorted; and, apart, those that are (or
  /// are under) a symbolic link to somewhere outside `directory`, or to nothing, which are
  /// not to be read.
  public static func files(in directory: String) -> (files: [String], outside: [String]) {
    let root = realPath(directory)
    var inside: [String] = []
    var outside: [String] = []
    for path in allFiles(in: directory) {
      guard let real = realPath(directory + "/" + path) else {
        // A link to nothing is left out; a note found under a name that is not UTF-8 (shown
        // with U+FFFD, so not found again by that name) is kept for `entry` to refuse by name.
        if path.contains("\u{FFFD}") { inside.append(path) } else { outside.append(path) }
        continue
      }
      if let root, real.hasPrefix(root == "/" ? "/" : root + "/") {
        inside.append(path)
      } else {
        outside.append(path)
      }
    }
    return (inside, outside)
  }

  /// `path` with every link followed, or `nil` when it leads nowhere.
  private static func realPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }

  private static func allFiles(in directory: String) -> [String] {
    // Read as an export reads it: never through a link.
    let exported = Set(NoteFolder(directory: directory).manifest().keys)
    var found: [String] = []
    let enumerator = FileManager.default.enumerator(atPath: directory)
    while let path = enumerator?.nextObject() as? String {
      let name = (path as NSString).lastPathComponent
      if name.hasPrefix(".") {
        enumerator?.skipDescendants()
        continue
      }
      if name.hasSuffix(".md"), !exported.contains(path) { found.append(path) }
    }
    return found.sorted()
  }

  /// The largest note read (bytes): hundreds of thousands of words; larger is refused
  /// before it is read.
  public static let maximumSize = 4 << 20

  /// The entry in the note at `path` (relative `name`, last changed at `modified`), or `nil`
  /// when it holds no words; a FIFO, device or folder, a note larger than ``maximumSize``
  /// and a name that is not UTF-8 are refused before anything is read.
  public static func entry(
    at path: String, name: String, modified: Date, timeZone: TimeZone = .current
  ) throws(ImportError) -> ImportedEntry? {
    let data: Data
    do {
      data = try FileSystem.readRegularFile(path, limit: maximumSize)
    } catch {
      // A name that is not UTF-8 reaches here with U+FFFD in place of its bytes: a file
      // of that name is not there.
      if case .system(_, _, ENOENT) = error, name.contains("\u{FFFD}") {
        throw ImportError(
          path: path, line: nil,
          reason: "its name is not UTF-8 text (shown with \u{FFFD}); rename it to import it")
      }
      throw ImportError.unreadable(
        path: path, error, tooLarge: "split it, or move it out of the folder")
    }
    return try entry(data, path: path, name: name, modified: modified, timeZone: timeZone)
  }

  /// The entry in the note at `path` (relative `name`), or `nil` when it holds no words.
  ///
  /// Its date is the front matter's `date` (or `created`), else a `YYYY-MM-DD` the file name
  /// starts with, else the file's modification time; tags from the front matter's `tags`;
  /// the subject from its `title`, else the file name.
  public static func entry(
    _ data: Data, path: String, name: String, modified: Date, timeZone: TimeZone = .current
  ) throws(ImportError) -> ImportedEntry? {
    if let line = TextFiles.invalidUTF8Line(data) {
      throw ImportError(path: path, line: line, reason: "not UTF-8 text")
    }
    var lines = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
      .split(separator: "\n", omittingEmptySubsequences: false)
    var front: Node?
    if lines.first == "---" {
      guard let close = lines.dropFirst().firstIndex(where: { $0 == "---" || $0 == "..." }) else {
        throw ImportError(path: path, line: 1, reason: "front matter has no closing '---' line")
      }
      do {
        front = try Yams.compose(yaml: lines[1..<close].joined(separator: "\n"))
      } catch {
        // Yams counts the YAML's lines from 1; the file's first line is the `---`.
        throw ImportError(
          path: path, line: TextFiles.yamlLine(error).map { $0 + 1 },
          reason: "front matter is not YAML: " + TextFiles.yamlReason(error))
      }
      lines = Array(lines[(close + 1)...])
    }
    let text = lines.joined(separator: "\n")
    let words = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !words.isEmpty else { return nil }
    // A value of the wrong type is refused, never taken as missing (a date in a list would
    // have the file's time used instead).
    func wrong(_ what: String, _ node: Node) -> ImportError {
      let kind = node.mapping != nil ? "a mapping" : node.sequence != nil ? "a list" : "text"
      return ImportError(
        path: path, line: node.mark.map { $0.line + 1 }, reason: "front matter \(what), not \(kind)"
      )
    }
    var mapping: Node.Mapping?
    if let front {
      guard let fields = front.mapping else {
        throw wrong("must be keys and values", front)
      }
      mapping = fields
    }
    func scalar(_ key: String) throws(ImportError) -> String? {
      guard let node = mapping?[key] else { return nil }
      guard let value = node.scalar?.string else { throw wrong("'\(key)' must be text", node) }
      let trimmed = value.trimmingCharacters(in: .whitespaces)
      return trimmed.isEmpty ? nil : trimmed
    }
    let stem = String((name as NSString).lastPathComponent.dropLast(3))
    var time: Date?
    let date = try scalar("date")
    let created = try scalar("created")
    if let written = date ?? created {
      guard let date = TextFiles.date(written, timeZone) else {
        throw ImportError(
          path: path, line: TextFiles.line(of: "date", in: data),
          reason: "front matter date '\(written)' is not a date (YYYY-MM-DD, with a time if any)")
      }
      time = date
    }
    if time == nil, stem.count >= 10 { time = TextFiles.date(String(stem.prefix(10)), timeZone) }
    var raw: [String] = []
    if let tags = mapping?["tags"] {
      if let sequence = tags.sequence {
        for tag in sequence {
          guard let value = tag.scalar?.string else {
            throw wrong("'tags' must be a list of text", tag)
          }
          raw.append(value)
        }
      } else if let value = tags.scalar?.string {
        raw = value.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
      } else {
        throw wrong("'tags' must be a list or text", tags)
      }
    }
    var fromName = stem
    if TextFiles.date(String(stem.prefix(10)), timeZone) != nil {
      fromName = String(stem.dropFirst(10)).trimmingCharacters(in: .whitespaces)
    }
    let title = try scalar("title")
    let subject = try scalar("subject")
    var entry = ImportedEntry(
      time: time ?? modified, text: words,
      subject: TextFiles.subject(title ?? subject ?? fromName), tags: [],
      source: path)
    for tag in raw where !tag.isEmpty {
      if let kept = ImportedEntry.tag(tag) {
        if !entry.tags.contains(kept) { entry.tags.append(kept) }
      } else {
        entry.refusedTags.append(tag)
      }
    }
    return entry
  }
}

/// Writes imported entries as sessions, each whole or not at all, never over a session
/// already there.
public struct ImportWriter: Sendable {
  public let store: TranscriptStore
  /// The lesson finder whose candidates each new entry keeps as suggestions; `nil`: none.
  public var finder: LessonFinder?

  /// Writes into `store`, with the lessons `finder` suggests.
  public init(store: TranscriptStore, finder: LessonFinder? = nil) {
    self.store = store
    self.finder = finder
  }

  /// Whether `entry` is in the archive already (imported before).
  public func isImported(_ entry: ImportedEntry) -> Bool {
    FileManager.default.fileExists(atPath: store.path(for: entry.id))
  }

  /// Writes `entry` as a new session, with the lessons the finder suggests from it; the
  /// number of those, or `nil` when the session was there already.
  @discardableResult
  public func write(_ entry: ImportedEntry, from origin: String, version: String)
    throws(TranscriptError) -> Int?
  {
    try store.prepare()
    // Not looked for again when it is there (the link below refuses it anyway).
    if isImported(entry) { return nil }
    let codec = TranscriptCodec()
    let events = entry.events(from: origin, version: version, finder: finder)
    let data = events.map(codec.encode).reduce(Data(), +)
    let path = store.path(for: entry.id)
    // Written beside it, synced, then linked into place: a crash leaves either nothing or the
    // whole session, and an existing file is never replaced.
    let temporary = store.directory + "/.import-\(getpid())-\(entry.id.rawValue)"
    unlink(temporary)
    try FileSystem.createNew(temporary, contents: data)
    defer { unlink(temporary) }
    guard link(temporary, path) == 0 else {
      if errno == EEXIST { return nil }
      throw .system(operation: "create", path: path, errno: errno)
    }
    try FileSystem.syncDirectory(containing: path)
    return events.count {
      if case .command(let command) = $0 { command.name == .suggest } else { false }
    }
  }

  /// Suggests lessons, once, from an entry imported by a reflect that suggested none.
  ///
  /// When `entry`'s session holds no `suggest` and no lesson, the lessons the finder
  /// suggests now are appended to its transcript under the session's lock, each synced;
  /// returns how many. A session with suggestions already, or in use by another reflect, is
  /// left as it is (0).
  public func suggestLate(for entry: ImportedEntry) throws(TranscriptError) -> Int {
    guard finder != nil else { return 0 }
    let path = store.path(for: entry.id)
    let writer: TranscriptWriter
    do {
      writer = try TranscriptWriter.reopen(at: path)
    } catch {
      if case .locked = error { return 0 }
      throw error
    }
    // Read under the lock: two imports at once add them once.
    let transcript = try TranscriptReader().read(path: path, followLinks: false)
    guard transcript.start?.pack == ImportedEntry.pack, transcript.lessons.isEmpty,
      !transcript.events.contains(where: {
        if case .command(let command) = $0 { command.name == .suggest } else { false }
      })
    else { return 0 }
    let events = entry.suggestions(by: finder)
    for event in events { try writer.append(event) }
    return events.count
  }
}

/// The words of a note without its Markdown, for the lesson finder.
///
/// Headings, quote and list markers at the start of a line, emphasis, code marks, links
/// (their text kept) and HTML tags go; the words stay, each line a line. A task's line
/// (`- [ ] …`, `- [x] …`) goes whole: a to-do is not a lesson. Plain text comes through as
/// it is.
public enum NoteWords {
  private static let lineStart =
    #"^\s{0,3}(?:(?:#{1,6}|>|[-*+]|\d{1,9}[.)])\s+|>)+"#
  private static let task = #"^\s*(?:>\s*)*(?:[-*+]|\d{1,9}[.)])\s+\[[ xX]\](?:\s|$)"#
  private static let inline: [(pattern: String, template: String)] = [
    (#"!?\[\[([^\]|\n]+)\|([^\]\n]+)\]\]"#, "$2"),
    (#"!?\[\[([^\]\n]+)\]\]"#, "$1"),
    (#"!?\[([^\]\n]*)\]\([^)\n]*\)"#, "$1"),
    (#"<[a-zA-Z/][^>\n]*>"#, ""),
    (#"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"#, "$2"),
    (#"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"#, "$1"),
    (#"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])"#, "$1"),
    (#"~~(?=\S)(.+?)(?<=\S)~~"#, "$1"),
    (#"`+([^`\n]+)`+"#, "$1"),
  ]

  /// `text` with its Markdown taken out.
  public static func plain(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { raw in
      var line = String(raw)
      if line.range(of: task, options: .regularExpression) != nil { return "" }
      if let range = line.range(of: lineStart, options: .regularExpression) {
        line.removeSubrange(range)
      }
      for (pattern, template) in inline where line.contains(where: { "[<*_~`".contains($0) }) {
        line = line.replacingOccurrences(
          of: pattern, with: template, options: .regularExpression)
      }
      return line
    }.joined(separator: "\n")
  }
}

/// Small readers shared by the importers.
enum TextFiles {
  /// The line (1-based) of the first byte that is not UTF-8, or `nil` when all are.
  static func invalidUTF8Line(_ data: Data) -> Int? {
    if String(data: data, encoding: .utf8) != nil { return nil }
    var line = 1
    var start = data.startIndex
    for index in data.indices where data[index] == 0x0A {
      if String(data: data[start..<index], encoding: .utf8) == nil { return line }
      line += 1
      start = index + 1
    }
    return String(data: data[start...], encoding: .utf8) == nil ? line : nil
  }

  /// `YYYY-MM-DD`, with ` HH:MM[:SS]` or `THH:MM[:SS]` and an optional `Z` or `±HH:MM`;
  /// local to `timeZone` when no offset is given.
  static func date(_ text: String, _ timeZone: TimeZone) -> Date? {
    let bytes = Array(text.trimmingCharacters(in: .whitespaces).utf8)
    func number(_ range: Range<Int>) -> Int? {
      guard range.upperBound <= bytes.count else { return nil }
      var value = 0
      for byte in bytes[range] {
        guard (0x30...0x39).contains(byte) else { return nil }
        value = value * 10 + Int(byte - 0x30)
      }
      return value
    }
    guard bytes.count >= 10, bytes[4] == 0x2D, bytes[7] == 0x2D, let year = number(0..<4),
      let month = number(5..<7), let day = number(8..<10), (1...12).contains(month),
      (1...31).contains(day)
    else { return nil }
    var parts = DateComponents(year: year, month: month, day: day, hour: 0, minute: 0, second: 0)
    var zone = timeZone
    var rest = bytes[10...]
    if let first = rest.first, first == 0x20 || first == 0x54 {
      let time = Array(rest.dropFirst())
      guard time.count >= 5, time[2] == 0x3A,
        let hour = Int(String(decoding: time[0..<2], as: UTF8.self)),
        let minute = Int(String(decoding: time[3..<5], as: UTF8.self)), hour < 24, minute < 60
      else { return nil }
      parts.hour = hour
      parts.minute = minute
      var tail = time[5...]
      if tail.count >= 3, tail.first == 0x3A,
        let second = Int(String(decoding: tail.dropFirst().prefix(2), as: UTF8.self)), second < 61
      {
        parts.second = second
        tail = tail.dropFirst(3)
        // Fractions of a second are dropped.
        if tail.first == 0x2E { tail = tail.drop { $0 == 0x2E || (0x30...0x39).contains($0) } }
      }
      let offset = String(decoding: tail, as: UTF8.self).trimmingCharacters(in: .whitespaces)
      if offset == "Z" || offset == "+00:00" {
        zone = TimeZone(secondsFromGMT: 0) ?? zone
      } else if offset.count == 6, offset.first == "+" || offset.first == "-",
        let hours = Int(offset.dropFirst().prefix(2)), let minutes = Int(offset.suffix(2))
      {
        let seconds = (hours * 3600 + minutes * 60) * (offset.first == "-" ? -1 : 1)
        zone = TimeZone(secondsFromGMT: seconds) ?? zone
      } else if !offset.isEmpty {
        return nil
      }
      rest = []
    }
    guard rest.isEmpty || rest.allSatisfy({ $0 == 0x20 }) else { return nil }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    guard let date = calendar.date(from: parts),
      calendar.component(.day, from: date) == day
    else { return nil }
    return date
  }

  /// A title as a subject: one line, at most 120 characters, `nil` when empty.
  static func subject(_ title: String) -> String? {
    let line = title.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
    let trimmed = line.trimmingCharacters(in: .whitespaces)
    guard !trimmed.isEmpty else { return nil }
    return trimmed.count > 120 ? String(trimmed.prefix(119)) + "…" : trimmed
  }

  /// The line (1-based) of the file where front matter key `key` is written.
  static func line(of key: String, in data: Data) -> Int? {
    let lines = String(decoding: data, as: UTF8.self).split(
      separator: "\n", omittingEmptySubsequences: false)
    return lines.firstIndex { $0.hasPrefix(key + ":") }.map { $0 + 1 }
  }

  /// The line (1-based, within the YAML) of a Yams error, when it says.
  static func yamlLine(_ error: any Error) -> Int? {
    if let error = error as? YamlError {
      switch error {
      case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
        return mark.line
      default: return nil
      }
    }
    return nil
  }

  /// What a Yams error says, on one line.
  static func yamlReason(_ error: any Error) -> String {
    if let error = error as? YamlError {
      switch error {
      case .scanner(_, let problem, _, _), .parser(_, let problem, _, _),
        .composer(_, let problem, _, _):
        return problem
      default: break
      }
    }
    return String(describing: error).split(whereSeparator: \.isNewline).first.map(String.init)
      ?? "unreadable"
  }
}

/// A small deterministic generator (SplitMix64), for ids derived from content.
struct SplitMix: RandomNumberGenerator {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var value = state
    value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
    value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
    return value ^ (value >> 31)
  }
}
