import Foundation
import ReflectCore
import ReflectTerminal

/// The REPL: reads input, feeds the conversation engine, saves every event before showing
/// what comes next.
struct SessionLoop {
  let console: Console
  let store: TranscriptStore
  let pack: Pack
  var now: () -> Date = Date.init

  static let commands: [(name: String, help: String)] = [
    ("/help", "show these commands"),
    ("/skip", "skip this question (in a list: finish the list)"),
    ("/quit", "end the session now; everything typed so far is saved"),
  ]

  init(console: Console, store: TranscriptStore, pack: Pack) {
    self.console = console
    self.store = store
    self.pack = pack
  }

  mutating func run() throws {
    var generator = SystemRandomNumberGenerator()
    let started = now()
    let id = SessionID.generate(at: started, using: &generator)
    let writer = try store.create(id)
    try writer.append(
      .start(
        SessionStart(
          id: id.rawValue, pack: pack.id, packTitle: pack.title, stages: pack.stages.map(\.id),
          seed: generator.next(), version: Reflect.version, time: started)))
    let editor = LineEditor(interactive: console.interactive, commands: Self.commands.map(\.name))
    var conversation = Conversation(pack: pack)
    var turn = conversation.begin(at: now())
    var lessons: [Lesson] = []
    while true {
      for event in turn.events {
        try writer.append(event)
        if case .lesson(let lesson) = event { lessons.append(lesson) }
      }
      show(turn.events)
      guard let prompt = turn.prompt else { break }
      var input: PersonInput?
      while input == nil { input = read(prompt, editor: editor) }
      turn = conversation.respond(to: input ?? .endOfInput, at: now())
    }
    console.line()
    console.line(console.decorated("Saved to ", .dim) + console.styled(writer.path, .dim))
    if lessons.isEmpty {
      console.line("No lessons written this time.")
    } else {
      console.line(console.decorated("Your lessons:", .heading))
      for lesson in lessons { console.say("  \(lesson.number). \(lesson.text)") }
    }
  }

  /// Reads one input; handles `/help` and unknown commands itself (returning `nil`).
  private func read(_ prompt: Prompt, editor: LineEditor) -> PersonInput? {
    let label =
      console.colorOutput
      ? LineEditor.invisible("\u{1B}[1;33m") + prompt.label + " ›"
        + LineEditor.invisible("\u{1B}[0m") + " "
      : prompt.label + " › "
    switch editor.read(prompt: label) {
    case .end:
      return .endOfInput
    case .line(let line):
      let word = line.trimmingCharacters(in: .whitespaces)
      guard word.hasPrefix("/") else { return .text(line) }
      switch word.lowercased() {
      case "/skip": return .skip
      case "/quit": return .quit
      case "/help":
        showHelp()
        return nil
      default:
        console.line(
          console.styled("Unknown command '\(word)'.", .warning) + " Type /help for the list.")
        return nil
      }
    }
  }

  private func showHelp() {
    console.line(console.decorated("Commands:", .heading))
    for command in Self.commands {
      console.line(
        "  \(command.name.padding(toLength: 8, withPad: " ", startingAt: 0)) \(command.help)")
    }
    console.line("  Ctrl-D   end and save; Ctrl-C clears the line, twice on an empty line ends")
  }

  private func show(_ events: [TranscriptEvent]) {
    for event in events {
      switch event {
      case .coach(let message):
        if message.kind == .intro { console.line() }
        console.line(console.decorated("coach: ", .coach) + console.styled(message.text, .coach))
      default:
        break
      }
    }
  }
}
