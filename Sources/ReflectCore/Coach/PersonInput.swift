import Foundation

/// What the person did at a prompt: the one vocabulary of inputs, from the line editor to the
/// engine and back out of a transcript.
public enum PersonInput: Sendable, Equatable {
  /// A line of text (may be empty).
  case text(String)
  /// `/skip`: leave this question (in a list stage: finish the list).
  case skip
  /// `/next`: no more follow-ups here; go on to the next question.
  case next
  /// `/back`: answer the previous question again (the later answer counts).
  case back
  /// `/why`: the principle behind this question.
  case why
  /// `/summary`: what the coach has heard so far, per stage.
  case summary
  /// `/lessons`: jump to the lessons.
  case lessons
  /// `/keep`: keep a proposed lesson as it is.
  case keep
  /// `/drop`: drop a proposed lesson.
  case drop
  /// Continue a paused or interrupted session.
  case resume
  /// `/pause`: stop now, to continue later with `--resume`.
  case pause
  /// `/quit`: end now and keep what is saved.
  case quit
  /// Ctrl-D, a closed pipe, or Ctrl-C twice.
  case endOfInput
}

/// A slash command the person can type in a session.
public struct SessionCommand: Sendable, Equatable {
  /// What is typed, such as `/skip`.
  public var name: String
  /// One line for `/help`.
  public var help: String
  /// The input it stands for; `nil` for `/help`, `/multi`, `/edit` and `/tag`, which the
  /// terminal answers itself.
  public var input: PersonInput?

  /// Every session command, in the order `/help` lists them.
  public static let all: [SessionCommand] = [
    SessionCommand(name: "/help", help: "show these commands", input: nil),
    SessionCommand(
      name: "/skip", help: "skip this question (in a list: finish the list)", input: .skip),
    SessionCommand(
      name: "/next", help: "no more follow-ups here; go on to the next question", input: .next),
    SessionCommand(
      name: "/back", help: "answer the previous question again (the later answer counts)",
      input: .back),
    SessionCommand(name: "/why", help: "the principle behind this question", input: .why),
    SessionCommand(name: "/summary", help: "what I have heard so far, per stage", input: .summary),
    SessionCommand(name: "/lessons", help: "jump to your lessons", input: .lessons),
    SessionCommand(name: "/keep", help: "keep a proposed lesson as it is", input: .keep),
    SessionCommand(name: "/drop", help: "drop a proposed lesson", input: .drop),
    SessionCommand(
      name: "/multi", help: "write several lines (paragraphs); /end on its own line sends them",
      input: nil),
    SessionCommand(
      name: "/edit", help: "write this answer in your text editor ($VISUAL or $EDITOR)",
      input: nil),
    SessionCommand(name: "/tag", help: "tag this session: /tag word [word…]", input: nil),
    SessionCommand(
      name: "/pause", help: "save and stop; continue later with 'reflect session --resume'",
      input: .pause),
    SessionCommand(
      name: "/quit", help: "end the session now; everything typed so far is saved", input: .quit),
  ]

  /// What a typed line means.
  public enum Parsed: Sendable, Equatable {
    /// An input for the engine.
    case input(PersonInput)
    /// `/help`.
    case help
    /// `/multi`: the lines up to `/end` are one answer.
    case multi
    /// `/edit`: the answer is written in a text editor.
    case edit
    /// `/tag` and the words after it (none: the session's tags are shown).
    case tag([String])
    /// A word starting with `/` that is no command.
    case unknown(String)
  }

  /// Reads one typed line: a slash command (case-insensitive, spaces around ignored) or text.
  public static func parse(_ line: String) -> Parsed {
    let word = line.trimmingCharacters(in: .whitespaces)
    let parts = word.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    if parts.first?.lowercased() == "/tag" { return .tag(Array(parts.dropFirst())) }
    guard word.hasPrefix("/"), !word.contains(" ") else { return .input(.text(line)) }
    switch word.lowercased() {
    case "/multi": return .multi
    case "/edit": return .edit
    default: break
    }
    guard let command = all.first(where: { $0.name == word.lowercased() }) else {
      return .unknown(word)
    }
    return command.input.map(Parsed.input) ?? .help
  }
}
