import Foundation
import ReflectCore
import ReflectTerminal

/// The REPL: reads input, feeds the conversation engine, saves every event before showing
/// what comes next.
struct SessionLoop {
  let console: Console
  var now: () -> Date = Date.init

  /// Runs a new session to its end.
  func run(
    store: TranscriptStore, pack: Pack, rules: CoachRules, maxFollowUps: Int?, coaching: Bool,
    openCommitments: [OpenCommitment], seed chosen: UInt64? = nil
  ) throws {
    var generator = SystemRandomNumberGenerator()
    let started = now()
    let id = SessionID.generate(at: started, using: &generator)
    let writer = try store.create(id)
    let seed = chosen ?? generator.next()
    try writer.append(
      .start(
        SessionStart(
          id: id, pack: pack.id, packTitle: pack.title, stages: pack.stages.map(\.id),
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
    let editor = LineEditor(
      interactive: console.interactive, commands: SessionCommand.all.map(\.name))
    while true {
      for (index, event) in turn.events.enumerated() {
        try save(event, pending: turn.events[index...], writer: writer, editor: editor)
        if case .lesson(let lesson) = event { lessons.append(lesson) }
        if case .end(let end) = event { paused = end.reason == .paused }
      }
      show(turn.events)
      guard let prompt = turn.prompt else { break }
      var input: PersonInput?
      while input == nil { input = read(prompt, editor: editor) }
      let time = now()
      // An answer goes to disk before the coach starts working out what to say to it.
      let answer = Self.answerEvent(for: input, at: prompt, time: time)
      if let answer {
        try save(answer, pending: [answer], writer: writer, editor: editor)
      }
      turn = conversation.respond(to: input ?? .endOfInput, at: time)
      if let answer, turn.events.first == answer { turn.events.removeFirst() }
    }
    console.line()
    console.line(console.decorated("Saved to ", .dim) + console.styled(writer.path, .dim))
    if paused {
      let id = SessionID(path: writer.path)?.rawValue ?? writer.path
      console.line("Paused. Continue with: reflect session --resume \(console.styled(id, .plain))")
    }
    if lessons.isEmpty {
      console.line("No lessons written this time.")
    } else {
      console.line(console.decorated("Your lessons:", .heading))
      for lesson in lessons { console.say("  \(lesson.number). \(lesson.text)") }
    }
  }

  /// Appends `event`, never pretending it was saved.
  ///
  /// When the disk refuses, says so, shows what is unsaved, and lets the
  /// person retry, save the unsaved words to another file, or stop. Never pretends.
  private func save(
    _ event: TranscriptEvent, pending: ArraySlice<TranscriptEvent>, writer: TranscriptWriter,
    editor: LineEditor
  ) throws {
    while true {
      do {
        try writer.append(event)
        return
      } catch {
        console.warn(error.localizedDescription)
        let unsaved = pending.compactMap(Self.personText)
        if unsaved.isEmpty {
          console.line(
            console.styled("Nothing you typed is waiting;", .error)
              + " the coach's own line could not be saved.")
        } else {
          console.line(console.styled("This is NOT saved yet:", .error))
          for text in unsaved { console.say("  " + text) }
        }
        // A script cannot answer a question it did not expect: stop, and say so.
        guard editor.interactive else { throw SessionError.stoppedUnsaved(path: writer.path) }
        if try offerRescue(unsaved, writer: writer, editor: editor) { continue }
        throw SessionError.stoppedUnsaved(path: writer.path)
      }
    }
  }

  /// Asks what to do with words the disk refused.
  ///
  /// Enter retries (`true`), a path saves them there and stops, `/quit` stops. A path that
  /// cannot be written is said so and asked again, so one typo loses nothing; `~` is the
  /// home folder.
  private func offerRescue(
    _ unsaved: [String], writer: TranscriptWriter, editor: LineEditor
  ) throws -> Bool {
    while true {
      console.line(
        unsaved.isEmpty
          ? "Press Enter to try again, or /quit to stop."
          : "Press Enter to try again, type a file path to save the unsaved words there,"
            + " or /quit to stop.")
      guard case .line(let line) = editor.read(prompt: "save › ") else { return false }
      let answer = line.trimmingCharacters(in: .whitespaces)
      if answer.isEmpty { return true }
      if answer == "/quit" { return false }
      guard !unsaved.isEmpty else { continue }
      var path = answer
      if path == "~" || path.hasPrefix("~/") {
        path = (ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()) + path.dropFirst()
      }
      do {
        try PrivateFile.write(Data((unsaved.joined(separator: "\n") + "\n").utf8), to: path)
        console.line("Saved the unsaved words to " + console.styled(path, .plain) + ".")
        return false
      } catch {
        console.warn(error.localizedDescription)
        console.line("That did not work; nothing is lost yet.")
      }
    }
  }

  /// The answer event the engine will record for `input` at `prompt` (the same text,
  /// trimmed the same way), so it can be saved first.
  static func answerEvent(for input: PersonInput?, at prompt: Prompt, time: Date)
    -> TranscriptEvent?
  {
    guard case .text(let raw) = input, prompt.kind == .answer else { return nil }
    let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !text.isEmpty else { return nil }
    return .answer(
      Answer(stage: prompt.stage.id, question: prompt.question.id, text: text, time: time))
  }

  /// The words a person typed in an event, if it holds any.
  private static func personText(_ event: TranscriptEvent) -> String? {
    switch event {
    case .answer(let answer): answer.text
    case .lesson(let lesson): lesson.text
    case .commitment(let item): item.text + (item.due.map { " by \($0)" } ?? "")
    case .review(let review): "\(review.status.rawValue): \(review.outcome)"
    default: nil
    }
  }

  /// Reads one input; handles `/help` and unknown commands itself (returning `nil`).
  private func read(_ prompt: Prompt, editor: LineEditor) -> PersonInput? {
    let label = console.promptLabel(prompt.label)
    var prefill: String?
    if case .proposal(let text) = prompt.kind { prefill = text }
    switch editor.read(prompt: label, prefill: prefill) {
    case .end:
      return .endOfInput
    case .line(var line):
      // A command typed after the pre-filled proposal ("…text/keep") is the command.
      if let prefill, line.hasPrefix(prefill) {
        let typed = line.dropFirst(prefill.count).trimmingCharacters(in: .whitespaces)
        if typed.hasPrefix("/"), case .input = SessionCommand.parse(typed) { line = typed }
      }
      switch SessionCommand.parse(line) {
      case .input(let input): return input
      case .help:
        showHelp()
        return nil
      case .unknown(let word):
        console.line(
          console.styled("Unknown command '\(word)'.", .warning) + " Type /help for the list.")
        return nil
      }
    }
  }

  private func showHelp() {
    console.line(console.decorated("Commands:", .heading))
    for command in SessionCommand.all {
      console.line(
        "  \(command.name.padding(toLength: 9, withPad: " ", startingAt: 0)) \(command.help)")
    }
    console.line("  Ctrl-D    end and save; Ctrl-C clears the line, twice on an empty line ends")
  }

  /// The coach's lines; on a terminal wrapped at word boundaries to its width (a script
  /// gets each line whole).
  private func show(_ events: [TranscriptEvent]) {
    let width = console.isTerminal ? Console.columns() : nil
    for case .coach(let message) in events {
      if message.kind == .intro { console.line() }
      var text = VisibleText.sanitize(message.text)
      if let width { text = TextWrap.wrap(text, width: width, indent: 7, first: 7) }
      console.line(console.decorated("coach: ", .coach) + console.styled(text, .coach))
    }
  }
}

/// Why a session stopped early.
enum SessionError: LocalizedError {
  /// The disk refused an answer and the person chose to stop.
  case stoppedUnsaved(path: String)

  var errorDescription: String? {
    switch self {
    case .stoppedUnsaved(let path):
      "stopped with words not saved to '\(path)'; everything before them is safe there"
    }
  }
}
