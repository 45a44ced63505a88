import Foundation

extension Transcript {
  /// The transcript as it reads after the person's corrections (`revise` commands from
  /// `reflect amend`): each corrected answer, lesson or commitment carries its latest text, a
  /// withdrawn lesson or commitment is gone, and the `revise` lines themselves are left out.
  ///
  /// Every event keeps its file line, so what `show`, `search` and `export` point to is still
  /// where the original sits. `replay` and `--rerun` read the events as typed.
  public var revised: Transcript {
    var latest: [Int: String] = [:]
    for case .command(let command) in events where command.name == .revise {
      if let line = command.line { latest[line] = command.text ?? "" }
    }
    let taken = withdrawn
    guard !latest.isEmpty || !taken.isEmpty else { return self }
    var copy = self
    copy.events = []
    copy.lines = []
    for (event, line) in zip(events, lines) {
      if case .command(let command) = event, command.name == .revise { continue }
      // Taken back at its list ("that's not a lesson, take that out"): gone.
      if Self.isWithdrawn(event, in: taken) { continue }
      guard let text = latest[line] else {
        copy.events.append(event)
        copy.lines.append(line)
        continue
      }
      let corrected: TranscriptEvent? =
        switch event {
        case .answer(var answer):
          // An answer is never withdrawn (the conversation went on from it).
          text.isEmpty
            ? event
            : {
              answer.text = text
              return .answer(answer)
            }()
        case .lesson(var lesson):
          text.isEmpty
            ? nil
            : {
              lesson.text = text
              return .lesson(lesson)
            }()
        case .commitment(var commitment):
          text.isEmpty
            ? nil
            : {
              commitment.text = text
              return .commitment(commitment)
            }()
        default: event
        }
      if let corrected {
        copy.events.append(corrected)
        copy.lines.append(line)
      }
    }
    return copy
  }

  /// The lessons and commitments taken back at their list (`withdraw` commands): "lesson",
  /// "commitment", with the stage and number of each.
  var withdrawn: Set<Withdrawn> {
    var found: Set<Withdrawn> = []
    for case .command(let command) in events where command.name == .withdraw {
      guard let number = command.number, let kind = command.text else { continue }
      found.insert(Withdrawn(kind: kind, stage: command.stage, number: number))
    }
    return found
  }

  /// One lesson or commitment taken back.
  struct Withdrawn: Hashable {
    var kind: String
    var stage: String
    var number: Int
  }

  /// Whether `event` is a lesson or commitment in `taken`.
  static func isWithdrawn(_ event: TranscriptEvent, in taken: Set<Withdrawn>) -> Bool {
    guard !taken.isEmpty else { return false }
    switch event {
    case .lesson(let lesson):
      return taken.contains(Withdrawn(kind: "lesson", stage: lesson.stage, number: lesson.number))
    case .commitment(let item):
      return taken.contains(Withdrawn(kind: "commitment", stage: item.stage, number: item.number))
    default: return false
    }
  }

  /// The corrections of each corrected event, by its file line, oldest first.
  ///
  /// Gathered in one pass, for a reader that goes through every event (looking each line
  /// up in the events made `replay` grow with the square of the file's length).
  public var revisionsByLine: [Int: [Command]] {
    var found: [Int: [Command]] = [:]
    for case .command(let command) in events where command.name == .revise {
      if let line = command.line { found[line, default: []].append(command) }
    }
    return found
  }
}

/// What `reflect amend` puts in the editor, and reading it back: every answer, lesson and
/// commitment under a marker naming its file line, the coach's questions as `#` comments.
///
/// ```
/// # What matters most to you in this work?
/// [answer 4]
/// That every child is seen.
/// ```
///
/// Lines starting with `#` are dropped on return (as git does with a commit message), so a
/// text of the person's own that has such lines counts as changed only when it was edited.
public struct AmendDocument: Sendable {
  /// One piece of the person's writing that may be corrected.
  public struct Entry: Sendable, Equatable {
    /// `answer`, `lesson` or `commitment`.
    public var kind: String
    /// Its file line: what a `revise` command names.
    public var line: Int
    public var stage: String
    /// Its text now (after earlier corrections).
    public var text: String
  }

  /// A text the person changed.
  public struct Change: Sendable, Equatable {
    public var line: Int
    public var stage: String
    public var kind: String
    /// The new text; empty withdraws a lesson or commitment.
    public var text: String
  }

  /// A marker line or text the editor returned that cannot be read.
  public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The line of the edited file (1-based).
    public var line: Int
    public var reason: String
    public var description: String { "line \(line): \(reason)" }
  }

  public let entries: [Entry]
  /// The session's questions by line: `#` comments above the answers.
  let asked: [Int: String]
  let heading: String

  /// The document for `transcript` (already read from its file), with `questions` naming the
  /// pack's question ids.
  public init(_ transcript: Transcript, questions: [String: String] = [:]) {
    let current = transcript.revised
    var entries: [Entry] = []
    var asked: [Int: String] = [:]
    var lastQuestion: String?
    for (event, line) in zip(current.events, current.lines) {
      switch event {
      case .coach(let message) where message.kind == .question || message.kind == .followUp:
        lastQuestion = message.text
      case .answer(let answer):
        entries.append(Entry(kind: "answer", line: line, stage: answer.stage, text: answer.text))
        if let question = lastQuestion ?? questions[answer.question] { asked[line] = question }
        lastQuestion = nil
      case .lesson(let lesson):
        entries.append(Entry(kind: "lesson", line: line, stage: lesson.stage, text: lesson.text))
      case .commitment(let item):
        entries.append(Entry(kind: "commitment", line: line, stage: item.stage, text: item.text))
      default: break
      }
    }
    self.entries = entries
    self.asked = asked
    let id = transcript.start?.id.rawValue ?? ""
    self.heading = id + (transcript.subject.map { " — " + $0 } ?? "")
  }

  /// What the editor opens with.
  public func render() -> String {
    var out = """
      # Amending \(VisibleText.oneLine(heading))
      #
      # Correct any text under a [marker] and save. Lines starting with '#' are left out, the
      # coach's lines included. Leave the markers as they are. Emptying a lesson or a
      # commitment withdraws it; an answer cannot be emptied. The original stays in the
      # transcript: 'reflect replay' shows both.

      """
    for entry in entries {
      out += "\n"
      if let question = asked[entry.line] {
        for line in question.split(separator: "\n") { out += "# " + line + "\n" }
      }
      out += "[\(entry.kind) \(entry.line)]\n"
      out += entry.text + "\n"
    }
    return out
  }

  /// The texts changed in `edited` (what the editor returned), in file order.
  public func changes(in edited: String) throws(Problem) -> [Change] {
    var found: [Int: (text: [Substring], at: Int)] = [:]
    var current: Int?
    let lines = edited.split(separator: "\n", omittingEmptySubsequences: false)
    let known = Dictionary(entries.map { ($0.line, $0) }, uniquingKeysWith: { first, _ in first })
    for (offset, line) in lines.enumerated() {
      if let marker = Self.marker(line) {
        guard let entry = known[marker.line], entry.kind == marker.kind else {
          throw Problem(
            line: offset + 1,
            reason: "[\(marker.kind) \(marker.line)] is not one of this session's markers")
        }
        guard found[marker.line] == nil else {
          throw Problem(line: offset + 1, reason: "[\(marker.kind) \(marker.line)] appears twice")
        }
        found[marker.line] = ([], offset + 1)
        current = marker.line
      } else if let current {
        found[current]?.text.append(line)
      } else if !line.hasPrefix("#"), !line.trimmingCharacters(in: .whitespaces).isEmpty {
        throw Problem(line: offset + 1, reason: "text before the first marker")
      }
    }
    var changes: [Change] = []
    for entry in entries {
      // A marker deleted with its text leaves the entry as it was.
      guard let block = found[entry.line] else { continue }
      let text = Drafts.answer(from: block.text.joined(separator: "\n"))
      guard text != Drafts.answer(from: entry.text) else { continue }
      if text.isEmpty, entry.kind == "answer" {
        throw Problem(
          line: block.at,
          reason: "an answer cannot be emptied ('reflect delete' removes a whole session)")
      }
      changes.append(Change(line: entry.line, stage: entry.stage, kind: entry.kind, text: text))
    }
    return changes
  }

  /// `[answer 12]` and the like.
  static func marker(_ line: Substring) -> (kind: String, line: Int)? {
    let trimmed = line.trimmingCharacters(in: .whitespaces)
    guard trimmed.hasPrefix("["), trimmed.hasSuffix("]") else { return nil }
    let parts = trimmed.dropFirst().dropLast().split(separator: " ")
    guard parts.count == 2, ["answer", "lesson", "commitment"].contains(String(parts[0])),
      let number = Int(parts[1]), number > 0
    else { return nil }
    return (String(parts[0]), number)
  }
}
