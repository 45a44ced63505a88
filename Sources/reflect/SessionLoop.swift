import Foundation
import ReflectCore
import ReflectTerminal

/// The REPL: reads input, feeds the conversation engine, saves every event before showing
/// what comes next.
struct SessionLoop {
  let console: Console
  var now: () -> Date = Date.init

  static let commands: [(name: String, help: String)] = [
    ("/help", "show these commands"),
    ("/skip", "skip this question (in a list: finish the list)"),
    ("/next", "no more follow-ups here; go on to the next question"),
    ("/back", "answer the previous question again (the later answer counts)"),
    ("/why", "the principle behind this question"),
    ("/summary", "what I have heard so far, per stage"),
    ("/lessons", "jump to your lessons"),
    ("/keep", "keep a proposed lesson as it is"),
    ("/drop", "drop a proposed lesson"),
    ("/pause", "save and stop; continue later with 'reflect session --resume'"),
    ("/quit", "end the session now; everything typed so far is saved"),
  ]

  /// Runs a new session to its end.
  func run(
    store: TranscriptStore, pack: Pack, rules: CoachRules, maxFollowUps: Int?, coaching: Bool,
    openCommitments: [OpenCommitment]
  ) throws {
    var generator = SystemRandomNumberGenerator()
    let started = now()
    let id = SessionID.generate(at: started, using: &generator)
    let writer = try store.create(id)
    let seed = generator.next()
    try writer.append(
      .start(
        SessionStart(
          id: id.rawValue, pack: pack.id, packTitle: pack.title, stages: pack.stages.map(\.id),
          seed: seed, version: Reflect.version, time: started, maxFollowUps: maxFollowUps,
          coaching: coaching, openCommitments: coaching ? openCommitments : [])))
    var conversation = Conversation(
      pack: pack, rules: rules,
      settings: Conversation.Settings(
        seed: seed, maxFollowUps: maxFollowUps ?? pack.maxFollowUps, coaching: coaching,
        openCommitments: coaching ? openCommitments : []))
    let turn = conversation.begin(at: now())
    try converse(conversation, from: turn, writer: writer, lessonsSoFar: [])
  }

  /// Continues a paused or interrupted session at the exact prompt it stopped at.
  func resume(path: String, transcript: Transcript, pack: Pack, rules: CoachRules) throws {
    let writer = try TranscriptWriter.reopen(at: path)
    var (conversation, _) = Rerun.replay(transcript, pack: pack, rules: rules, stopBeforeEnd: true)
    guard conversation.prompt != nil else {
      console.line("That session is already complete; 'reflect replay' shows it.")
      return
    }
    console.line(console.decorated("The conversation so far, briefly:", .dim))
    let recent = transcript.events.filter {
      if case .coach = $0 { return true }
      if case .answer = $0 { return true }
      return false
    }.suffix(6)
    TranscriptView(console: console).show(
      Transcript(path: path, events: Array(recent)), brief: true)
    let turn = conversation.respond(to: .resume, at: now())
    try converse(conversation, from: turn, writer: writer, lessonsSoFar: transcript.lessons)
  }

  private func converse(
    _ start: Conversation, from first: Turn, writer: TranscriptWriter, lessonsSoFar: [Lesson]
  ) throws {
    var conversation = start
    var turn = first
    var lessons = lessonsSoFar
    var paused = false
    let editor = LineEditor(interactive: console.interactive, commands: Self.commands.map(\.name))
    while true {
      for event in turn.events {
        try writer.append(event)
        if case .lesson(let lesson) = event { lessons.append(lesson) }
        if case .end(let end) = event { paused = end.reason == .paused }
      }
      show(turn.events)
      guard let prompt = turn.prompt else { break }
      var input: PersonInput?
      while input == nil { input = read(prompt, editor: editor) }
      turn = conversation.respond(to: input ?? .endOfInput, at: now())
    }
    console.line()
    console.line(console.decorated("Saved to ", .dim) + console.styled(writer.path, .dim))
    if paused {
      let id = (writer.path as NSString).lastPathComponent.replacingOccurrences(
        of: ".jsonl", with: "")
      console.line("Paused. Continue with: reflect session --resume \(console.styled(id, .plain))")
    }
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
    var prefill: String?
    if case .proposal(let text) = prompt.kind { prefill = text }
    switch editor.read(prompt: label, prefill: prefill) {
    case .end:
      return .endOfInput
    case .line(let line):
      let word = line.trimmingCharacters(in: .whitespaces)
      guard word.hasPrefix("/") else { return .text(line) }
      switch word.lowercased() {
      case "/skip": return .skip
      case "/next": return .next
      case "/back": return .back
      case "/why": return .why
      case "/summary": return .summary
      case "/lessons": return .lessons
      case "/keep": return .keep
      case "/drop": return .drop
      case "/pause": return .pause
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
        "  \(command.name.padding(toLength: 9, withPad: " ", startingAt: 0)) \(command.help)")
    }
    console.line("  Ctrl-D    end and save; Ctrl-C clears the line, twice on an empty line ends")
  }

  private func show(_ events: [TranscriptEvent]) {
    for case .coach(let message) in events {
      if message.kind == .intro { console.line() }
      console.line(console.decorated("coach: ", .coach) + console.styled(message.text, .coach))
    }
  }
}
