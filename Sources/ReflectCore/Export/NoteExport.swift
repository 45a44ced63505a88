import Foundation
import Yams

/// Sessions as notes where people keep theirs: one Markdown note per session and an index of
/// lessons, for an Obsidian vault or a Logseq graph (`export --format obsidian|logseq`).
///
/// Everything here is a pure function of the sessions, the report and the names already
/// taken in the folder, so the same archive gives the same bytes; ``NoteFolder`` writes them.
public struct NoteExport: Sendable {
  /// Which application the notes are for.
  public enum Flavour: String, Sendable, CaseIterable {
    /// YAML front matter, a heading per stage, `[[note#Key lessons]]` links.
    case obsidian
    /// `key:: value` page properties and outline blocks, under `pages/`.
    case logseq
  }

  /// A file to write: its path inside the folder and its contents.
  public struct File: Sendable, Equatable {
    public var path: String
    public var contents: String
  }

  public var flavour: Flavour
  /// Stage titles by id (from the packs).
  public var stageTitles: [String: String]
  /// The time zone dates are written in.
  public var timeZone: TimeZone

  /// The name of the lessons index note (without `.md`).
  public static let indexName = "Reflect lessons"

  /// Creates an exporter.
  public init(flavour: Flavour, stageTitles: [String: String] = [:], timeZone: TimeZone = .current)
  {
    self.flavour = flavour
    self.stageTitles = stageTitles
    self.timeZone = timeZone
  }

  /// What names a session's note: its id, start and subject (else its pack's title).
  public struct Heading: Sendable, Equatable {
    public var id: SessionID
    public var time: Date
    public var about: String

    /// The heading of `transcript` (as amended), or `nil` without a session start.
    public init?(_ transcript: Transcript) {
      guard let start = transcript.start else { return nil }
      id = start.id
      time = start.date
      about = transcript.subject ?? start.packTitle
    }
  }

  /// Commitments' standing from the report, by `session#number`.
  public struct Standing: Sendable {
    let statuses: [String: Report.Commitment]

    /// The standing of every commitment in `report`.
    public init(_ report: Report) {
      var statuses: [String: Report.Commitment] = [:]
      for item in report.commitments { statuses["\(item.session)#\(item.number)"] = item }
      self.statuses = statuses
    }
  }

  /// The folder notes go in, inside the output folder (`pages/` for Logseq).
  public var folder: String { flavour == .logseq ? "pages/" : "" }

  /// The note of `session` (as amended), named `name`.
  public func note(for session: Transcript, name: String, standing: Standing) -> File? {
    guard let start = session.start else { return nil }
    let note = SessionNote(
      transcript: session, start: start, name: name, stageTitles: stageTitles,
      timeZone: timeZone, statuses: standing.statuses)
    return File(
      path: folder + name + ".md", contents: flavour == .obsidian ? note.obsidian() : note.logseq())
  }

  /// `Reflect lessons.md`: the lessons of `report`, linked to the notes `names` names.
  public func index(_ report: Report, names: [String: String]) -> File {
    indexNote(report).file { names[$0] }
  }

  /// `Reflect lessons.md` of `report` before the notes are named: its links are filled in by
  /// ``IndexNote/file(names:)``, so a large archive's report need not be kept meanwhile.
  public func indexNote(_ report: Report) -> IndexNote {
    IndexNote(
      path: folder + Self.indexName + ".md", flavour: flavour,
      template: LessonIndex(report: report, flavour: flavour).render())
  }

  /// The lessons index with each link to a session's note still its session id.
  public struct IndexNote: Sendable {
    let path: String
    let flavour: Flavour
    /// The note, each link a session id between two ``marker``s (no text the person wrote
    /// can hold one: it is a control character, shown as `␀`).
    let template: String
    static let marker: Character = "\u{0}"

    /// The session ids linked to.
    public var sessions: Set<String> {
      Set(
        template.split(separator: Self.marker, omittingEmptySubsequences: false).enumerated()
          .compactMap { $0.offset % 2 == 1 ? String($0.element) : nil })
    }

    /// The note with each session linked to the note `names` gives it (a session with none
    /// since, changed meanwhile, shows as its id).
    public func file(names: (String) -> String?) -> File {
      var contents = ""
      for (position, piece) in template.split(
        separator: Self.marker, omittingEmptySubsequences: false
      ).enumerated() {
        guard position % 2 == 1 else {
          contents += piece
          continue
        }
        let session = String(piece)
        if let name = names(session) {
          contents += flavour == .obsidian ? "[[\(name)#Key lessons]]" : "[[\(name)]]"
        } else {
          contents += session
        }
      }
      return File(path: path, contents: contents)
    }
  }

  /// Each session's note name, `YYYY-MM-DD subject` (the pack's title without a subject),
  /// given in order: characters notes apps refuse removed, capped in length; the id is added
  /// when an earlier session has the name or the person has a note of that name.
  public struct Namer {
    private var used: Set<String>
    private let dates: ReportDates

    /// Names beside the person's own notes, `taken` (lower-cased, without `.md`).
    public init(taken: Set<String>, timeZone: TimeZone) {
      used = taken
      used.insert(NoteExport.indexName.lowercased())
      dates = ReportDates(timeZone: timeZone)
    }

    /// The name of the note of the session `heading` heads.
    public mutating func name(_ heading: Heading) -> String {
      let about = NoteExport.safeName(heading.about)
      var name = dates.day(heading.time) + (about.isEmpty ? "" : " " + about)
      if used.contains(name.lowercased()) { name += " " + heading.id.rawValue }
      used.insert(name.lowercased())
      return name
    }
  }

  /// Longest subject kept in a file name, in characters.
  static let nameLength = 60

  /// Longest subject kept in a file name, in UTF-8 bytes.
  ///
  /// A file name holds at most 255 bytes (`NAME_MAX`), and the subject shares it with the date and a space (11), a clash's space
  /// and session id (up to 25), `.md` (3) and, while the note is written, its temp file's
  /// suffix (`.tmp-` and a pid, 12), with room to spare. Sixty characters of Hindi or
  /// Tamil, with their vowel signs, can be 500 bytes.
  static let nameBytes = 180

  /// `text` safe in a file name and a `[[link]]`: no `/ \ : * ? " < > | # ^ [ ]`, control
  /// characters or line breaks, spaces collapsed, no leading dot, capped (at ``nameLength``
  /// characters and ``nameBytes`` bytes) at a word boundary, else a character's.
  static func safeName(_ text: String) -> String {
    let refused = Set("/\\:*?\"<>|#^[]{}%")
    var cleaned = ""
    for character in VisibleText.sanitize(text, keepNewlines: false) {
      if refused.contains(character) || character.isNewline || character.isWhitespace {
        if !cleaned.hasSuffix(" ") { cleaned.append(" ") }
      } else {
        cleaned.append(character)
      }
    }
    var name = cleaned.trimmingCharacters(in: .whitespaces)
    while name.hasPrefix(".") || name.hasPrefix(" ") { name.removeFirst() }
    if name.count > nameLength || name.utf8.count > nameBytes {
      var cut = name.prefix(nameLength)
      while cut.utf8.count > nameBytes { cut.removeLast() }
      name = String(cut.lastIndex(of: " ").map { cut[..<$0] } ?? cut)
    }
    while name.hasSuffix(".") || name.hasSuffix(" ") { name.removeLast() }
    return name
  }
}

/// One session as a note.
struct SessionNote {
  let transcript: Transcript
  let start: SessionStart
  let name: String
  let stageTitles: [String: String]
  let timeZone: TimeZone
  /// Commitments' standing from the report, by `session#number`.
  let statuses: [String: Report.Commitment]

  /// `2026-11-29T21:01:50+01:00`.
  var dateWithOffset: String {
    var style = Date.ISO8601FormatStyle(timeZone: timeZone)
    style = style.year().month().day().time(includingFractionalSeconds: false)
      .timeZone(separator: .colon)
    let formatted = style.format(start.date)
    // An offset even in UTC, so every note's date reads the same way.
    return formatted.hasSuffix("Z") ? formatted.dropLast() + "+00:00" : formatted
  }

  /// An answer with the question the coach asked just before it.
  struct Asked {
    var stage: String
    var question: String?
    var answer: String
  }

  /// The answers, each under the coach's last question or follow-up before it.
  var answers: [Asked] {
    var asked: String?
    var result: [Asked] = []
    for event in transcript.events {
      switch event {
      case .coach(let message) where message.kind == .question || message.kind == .followUp:
        asked = message.text
      case .answer(let answer):
        result.append(Asked(stage: answer.stage, question: asked, answer: answer.text))
        asked = nil
      default: break
      }
    }
    return result
  }

  /// A commitment's standing: `open`, `done`, `changed`, `dropped`.
  func status(_ commitment: Commitment) -> Report.Commitment? {
    statuses["\(start.id.rawValue)#\(commitment.number)"]
  }

  var title: String { transcript.subject ?? start.packTitle }

  func stageTitle(_ stage: String) -> String { stageTitles[stage] ?? stage }

  /// The note for Obsidian: YAML front matter, then Markdown.
  func obsidian() -> String {
    var lines = ["---", frontMatter().trimmingCharacters(in: .newlines), "---", ""]
    lines += ["# " + NoteText.escape(title), ""]
    lines += [
      "Session `\(start.id)` · \(ReportDates(timeZone: timeZone).day(start.date)) · "
        + NoteText.escape(start.packTitle), "",
    ]
    lines += body()
    return lines.joined(separator: "\n") + "\n"
  }

  /// The Markdown after the heading: stages with their answers, the key lessons, the
  /// commitments as tasks (shared by Obsidian and Day One).
  func body() -> [String] {
    var lines: [String] = []
    var stage: String?
    for item in answers {
      if item.stage != stage {
        stage = item.stage
        lines += ["## " + NoteText.escape(stageTitle(item.stage)), ""]
      }
      if let question = item.question { lines += ["**" + NoteText.escape(question) + "**", ""] }
      lines += [NoteText.quote(item.answer), ""]
    }
    let lessons = transcript.lessons
    if !lessons.isEmpty {
      lines += ["## Key lessons", ""]
      for (index, lesson) in lessons.enumerated() {
        lines.append(NoteText.item("\(index + 1). ", lesson.text))
      }
      lines.append("")
    }
    let commitments = transcript.commitments
    if !commitments.isEmpty {
      lines += ["## Commitments", ""]
      for commitment in commitments {
        let standing = status(commitment)
        let done = standing?.status == .done
        var text = NoteText.item(done ? "- [x] " : "- [ ] ", commitment.text, indent: 2)
        if let due = commitment.due {
          text += " (by \(DueDate.isDate(due) ? due : NoteText.escape(due)))"
        }
        if let standing, standing.status != .open, let reviewed = standing.reviewed {
          text += " — \(standing.status.rawValue) \(reviewed)"
          if let outcome = standing.outcome, !outcome.isEmpty {
            text += ": " + NoteText.escape(outcome)
          }
        }
        lines.append(text)
      }
      lines.append("")
    }
    return lines
  }

  /// The YAML between the `---` lines, written by Yams: every text double-quoted, so no word
  /// of the person's can become YAML syntax or another type.
  func frontMatter() -> String {
    func text(_ value: String) -> Node {
      Node(VisibleText.sanitize(value), Tag(.str), .doubleQuoted)
    }
    func list(_ values: [Node]) -> Node { Node(values) }
    var pairs: [(Node, Node)] = [
      (Node("id"), text(start.id.rawValue)),
      (Node("date"), Node(dateWithOffset, Tag(.timestamp), .plain)),
    ]
    if let subject = transcript.subject { pairs.append((Node("subject"), text(subject))) }
    pairs += [
      (Node("pack"), text(start.pack)),
      (Node("stages"), list(stagesAnswered.map(text))),
      (Node("status"), text(transcript.status.rawValue)),
      (Node("tags"), list(transcript.tags.map(text))),
      (Node("lessons"), list(transcript.lessons.map { text($0.text) })),
      (
        Node("commitments"),
        list(
          transcript.commitments.map { commitment in
            var item: [(Node, Node)] = [(Node("text"), text(commitment.text))]
            if let due = commitment.due { item.append((Node("due"), text(due))) }
            item.append(
              (Node("status"), text(status(commitment)?.status.rawValue ?? "open")))
            return Node(item)
          })
      ),
    ]
    return (try? Yams.serialize(node: Node(pairs), width: -1, allowUnicode: true)) ?? ""
  }

  /// Stages with an answer, lesson or commitment, in the order met.
  var stagesAnswered: [String] {
    var stages: [String] = []
    for event in transcript.events {
      let stage: String? =
        switch event {
        case .answer(let answer): answer.stage
        case .lesson(let lesson): lesson.stage
        case .commitment(let commitment): commitment.stage
        default: nil
        }
      if let stage, !stages.contains(stage) { stages.append(stage) }
    }
    return stages
  }

  /// The page for Logseq: properties, then one outline of blocks.
  func logseq() -> String {
    var lines = [
      "title:: " + LogseqText.property(name),
      "reflect-id:: " + start.id.rawValue,
      "date:: " + ReportDates(timeZone: timeZone).day(start.date),
      "pack:: " + LogseqText.property(start.pack),
      "status:: " + transcript.status.rawValue,
    ]
    if let subject = transcript.subject {
      lines.append("subject:: " + LogseqText.property(subject))
    }
    if !transcript.tags.isEmpty {
      lines.append("tags:: " + transcript.tags.joined(separator: ", "))
    }
    lines.append("")
    var stage: String?
    for item in answers {
      if item.stage != stage {
        stage = item.stage
        lines.append("- ## " + LogseqText.inline(stageTitle(item.stage)))
      }
      if let question = item.question {
        lines.append("\t- **" + LogseqText.inline(question) + "**")
        lines.append(LogseqText.block(item.answer, depth: 2))
      } else {
        lines.append(LogseqText.block(item.answer, depth: 1))
      }
    }
    if !transcript.lessons.isEmpty {
      lines.append("- ## Key lessons")
      for lesson in transcript.lessons {
        lines.append(LogseqText.block(lesson.text, depth: 1))
      }
    }
    if !transcript.commitments.isEmpty {
      lines.append("- ## Commitments")
      for commitment in transcript.commitments {
        let done = status(commitment)?.status == .done
        let due = commitment.due.map { " (by \(DueDate.isDate($0) ? $0 : LogseqText.inline($0)))" }
        lines.append(
          LogseqText.block(
            commitment.text, depth: 1, marker: done ? "DONE " : "TODO ") + (due ?? ""))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

/// The person's words inside Logseq pages: Markdown escaping, and what Logseq alone reads
/// as syntax (`key:: value` properties, `((block refs))`, a `TODO` marker) kept as text.
enum LogseqText {
  /// One line of inline text.
  static func inline(_ text: String) -> String {
    guarded(NoteText.escape(text))
  }

  /// A page property's value: one line, no `::`, no links.
  static func property(_ text: String) -> String {
    guarded(NoteText.escape(text))
  }

  static func guarded(_ line: String) -> String {
    var line = line.replacingOccurrences(of: "::", with: ":\\:")
      .replacingOccurrences(of: "((", with: "(\\(")
    for marker in ["TODO ", "DOING ", "DONE ", "LATER ", "NOW ", "WAITING ", "CANCELED "]
    where line.hasPrefix(marker) {
      line = "\\" + line
    }
    return line
  }

  /// A block at `depth` (tabs), its text's later lines as continuation lines; `marker`
  /// (`TODO `) goes before the escaped text.
  static func block(_ text: String, depth: Int, marker: String = "") -> String {
    let indent = String(repeating: "\t", count: depth)
    let lines = NoteText.lines(text).map(guarded)
    return (lines.isEmpty ? [""] : lines).enumerated().map { index, line in
      index == 0 ? indent + "- " + marker + line : line.isEmpty ? "" : indent + "  " + line
    }.joined(separator: "\n")
  }
}

/// `Reflect lessons.md`: every lesson, by theme, and every recurring one, each linked to the
/// notes it came from.
struct LessonIndex {
  let report: Report
  let flavour: NoteExport.Flavour

  /// The link to a session's note, as ``NoteExport/IndexNote`` fills it in.
  func link(_ session: String) -> String {
    let marker = String(NoteExport.IndexNote.marker)
    return marker + session + marker
  }

  func links(_ item: Report.Item) -> String {
    var seen: Set<String> = []
    let links = item.sources.compactMap { source in
      seen.insert(source.session).inserted ? link(source.session) : nil
    }
    return links.prefix(Report.Item.linkedSources).joined(separator: ", ")
      + Report.Item.more(links.count)
  }

  func render() -> String {
    let escape = flavour == .obsidian ? NoteText.escape : LogseqText.inline
    var lines: [String] = []
    if flavour == .obsidian {
      lines += ["---", "tags:", "  - \"reflect\"", "---", "", "# Reflect lessons", ""]
      lines += [report.header(escape: NoteText.escape), ""]
    } else {
      lines += ["title:: Reflect lessons", "tags:: reflect", ""]
      lines.append("- " + report.header(escape: LogseqText.inline))
    }
    func section(_ title: String, _ items: some Collection<Report.Item>) {
      guard !items.isEmpty else { return }
      if flavour == .obsidian {
        lines += ["## " + title, ""]
        for item in items {
          let sessions = item.count > 1 ? " (\(item.count) sessions)" : ""
          lines.append(
            NoteText.item("- ", item.text) + sessions + " — " + links(item))
        }
        lines.append("")
      } else {
        lines.append("- ## " + title)
        for item in items {
          let sessions = item.count > 1 ? " (\(item.count) sessions)" : ""
          lines.append(LogseqText.block(item.text, depth: 1) + sessions + " — " + links(item))
        }
      }
    }
    // The four questions the report answers, each a list of lines; then every lesson.
    func answers(_ title: String, _ entries: [String]) {
      guard !entries.isEmpty else { return }
      if flavour == .obsidian {
        lines += ["## " + title, ""] + entries.map { "- " + $0 } + [""]
      } else {
        lines.append("- ## " + title)
        lines += entries.map { "\t- " + $0 }
      }
    }
    let recurring = Array(report.recurring)
    answers(
      "Ideas that keep coming back",
      report.ideas.enumerated().map { index, idea in
        escape(idea.label) + " (\(idea.sessions) sessions, \(idea.first) to \(idea.last))"
          + (index < recurring.count ? " — " + links(recurring[index]) : "")
          + (idea.latest != idea.label ? "; latest: " + escape(idea.latest) : "")
      })
    if let movement = report.movement {
      answers(
        "How my thinking moved",
        movement.ideas.map { shift in
          escape(shift.label) + ": \(shift.earliest.date.day) “" + escape(shift.earliest.text)
            + "” → \(shift.latest.date.day) "
            + (shift.moved ? "“" + escape(shift.latest.text) + "”" : "in the same words")
        }
          + (movement.new.isEmpty
            ? []
            : [
              "New since \(movement.since.day): "
                + movement.new.map { escape($0.label) + " (\($0.first.day))" }.joined(
                  separator: "; ")
            ]))
    }
    let card = report.scorecard
    if card.made > 0 {
      answers(
        "Commitments kept",
        [card.totals + ".", card.kept]
          + card.repeated.prefix(5).map { escape($0.text) + " — " + $0.tally })
    }
    answers("Topics", report.topics.map { escape($0.name) + " " + escape($0.about) })
    for theme in report.themes {
      section(escape(theme.title), theme.lessons)
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

/// The person's words in notes: Markdown escaping, plus the syntax notes apps add (`#tags`,
/// `%%comments%%`, `==highlights==`, `$maths$`, `^block` ids) kept as text.
enum NoteText {
  static func escape(_ text: String) -> String { MarkdownText.escape(text, obsidian: true) }

  static func lines(_ text: String) -> [String] { MarkdownText.lines(text, obsidian: true) }

  static func quote(_ text: String) -> String { MarkdownText.quote(text, obsidian: true) }

  static func item(_ marker: String, _ text: String, indent: Int? = nil) -> String {
    MarkdownText.item(marker, text, indent: indent, obsidian: true)
  }
}
