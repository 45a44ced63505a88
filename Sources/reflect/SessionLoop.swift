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
    openCommitments: [OpenCommitment], seed chosen: UInt64? = nil, held: Date? = nil,
    about given: String? = nil, tags: [String] = []
  ) throws {
    announceDrafts(Drafts(home: store.home))
    var about = given
    let editor = LineEditor(
      interactive: console.interactive, commands: SessionCommand.all.map(\.name))
    if about == nil, editor.interactive {
      // On a terminal the coach first asks for a subject; Enter skips.
      show([
        .coach(
          CoachMessage(
            stage: "", kind: .notice,
            text: "Before we start: what is this session about? A few words will do"
              + " (Enter skips).", time: now()))
      ])
      guard case .line(let line) = editor.read(prompt: console.promptLabel("about")) else {
        console.line()
        console.line("Nothing was written, so no session was saved.")
        return
      }
      about = line
    }
    var generator = SystemRandomNumberGenerator()
    let started = now()
    // A session held earlier is named, filed and dated by when it was held.
    let id = SessionID.generate(at: held ?? started, using: &generator)
    let writer = try store.create(id)
    let seed = chosen ?? generator.next()
    var opening: [TranscriptEvent] = [
      .start(
        SessionStart(
          id: id, pack: pack.id, packTitle: pack.title, stages: pack.stages.map(\.id),
          seed: seed, version: Reflect.version, time: started, maxFollowUps: maxFollowUps,
          coaching: coaching, openCommitments: coaching ? openCommitments : [], held: held))
    ]
    let subject = about.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
    if !subject.isEmpty {
      opening.append(.command(Command(name: .about, stage: "", text: subject, time: started)))
    }
    for tag in tags {
      opening.append(.command(Command(name: .tag, stage: "", text: tag, time: started)))
    }
    // Saved as answers are: a full disk shows the subject typed and offers to save it
    // elsewhere. A session that could not be started is not left behind (an empty file, or
    // a start with nothing after it).
    do {
      for (offset, event) in opening.enumerated() {
        try save(event, pending: opening[offset...], writer: writer, editor: editor)
      }
    } catch {
      try? writer.discard()
      if case SessionError.stoppedUnsaved = error { throw SessionError.notStarted }
      throw error
    }
    var conversation = Conversation(
      pack: pack, rules: rules, replies: coaching ? Self.replyClassifier() : nil,
      settings: Conversation.Settings(
        seed: seed, maxFollowUps: maxFollowUps ?? pack.maxFollowUps, coaching: coaching,
        openCommitments: coaching ? openCommitments : []), embedder: Meaning.Lazy())
    let turn = conversation.begin(at: now())
    let state = Reading(
      writer: writer, drafts: Drafts(home: store.home), session: id, tags: tags)
    try converse(
      conversation, from: turn, editor: editor, state: state, lessonsSoFar: [],
      commitmentsSoFar: [], written: false)
  }

  /// Continues a paused or interrupted session at the exact prompt it stopped at.
  func resume(
    path: String, transcript: Transcript, pack: Pack, rules: CoachRules, store: TranscriptStore
  ) throws {
    announceDrafts(Drafts(home: store.home), resuming: transcript.start?.id)
    let writer = try TranscriptWriter.reopen(at: path)
    var (conversation, _) = Rerun.replay(
      transcript, pack: pack, rules: rules, replies: Self.replyClassifier(), stopBeforeEnd: true,
      embedder: Meaning.Lazy())
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
    let editor = LineEditor(
      interactive: console.interactive, commands: SessionCommand.all.map(\.name))
    let session = try transcript.requireStart().id
    let state = Reading(
      writer: writer, drafts: Drafts(home: store.home), session: session, tags: transcript.tags)
    try converse(
      conversation, from: turn, editor: editor, state: state, lessonsSoFar: transcript.lessons,
      commitmentsSoFar: transcript.commitments,
      written: transcript.events.contains(where: Self.isWritten))
  }

  private func converse(
    _ start: Conversation, from first: Turn, editor: LineEditor, state: Reading,
    lessonsSoFar: [Lesson], commitmentsSoFar: [Commitment], written alreadyWritten: Bool
  ) throws {
    let writer = state.writer
    var conversation = start
    var written = alreadyWritten
    var turn = first
    var lessons = lessonsSoFar
    var commitments = commitmentsSoFar
    var paused = false
    while true {
      for (index, event) in turn.events.enumerated() {
        try save(event, pending: turn.events[index...], writer: writer, editor: editor)
        written = written || Self.isWritten(event)
        if case .lesson(let lesson) = event { lessons.append(lesson) }
        if case .commitment(let item) = event { commitments.append(item) }
        if case .command(let command) = event, command.name == .withdraw {
          // Taken back at its list: not among what the session kept.
          lessons.removeAll { command.text == "lesson" && $0.number == command.number }
          commitments.removeAll { command.text == "commitment" && $0.number == command.number }
        }
        if case .end(let end) = event { paused = end.reason == .paused }
        if case .coach(let message) = event { state.asked = message.text }
      }
      // The answer written in the editor is on disk now: its draft can go.
      if let draft = state.draft {
        Drafts.remove(draft)
        state.draft = nil
      }
      show(turn.events)
      guard let prompt = turn.prompt else { break }
      var input: PersonInput?
      while input == nil { input = try read(prompt, editor: editor, state: state) }
      let time = now()
      // An answer goes to disk before the coach starts working out what to say to it.
      // Read (class and feeling) before it is saved, so the record holds how it was read.
      let heard = input.flatMap { conversation.reading(of: $0) }
      let answer = Self.answerEvent(for: input, at: prompt, heard: heard, time: time)
      if let answer {
        try save(answer, pending: [answer], writer: writer, editor: editor)
        written = true
      }
      turn = conversation.respond(to: input ?? .endOfInput, at: time, heard: heard)
      if let answer, turn.events.first == answer { turn.events.removeFirst() }
    }
    console.line()
    guard written else {
      // Starting and leaving at once keeps no file (and so counts toward no streak).
      try writer.discard()
      console.line("Nothing was written, so no session was saved.")
      return
    }
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
    if !commitments.isEmpty {
      console.line(console.decorated("Your commitments:", .heading))
      for item in commitments {
        console.say("  \(item.number). \(item.text)" + (item.due.map { " (by \($0))" } ?? ""))
      }
    }
  }

  /// Says where drafts of answers never sent are (a session that ended while the editor
  /// was open), so their words are not forgotten.
  private func announceDrafts(_ drafts: Drafts, resuming session: SessionID? = nil) {
    for path in drafts.leftovers() {
      if let session, path == drafts.path(for: session) {
        console.line(
          console.styled("Your draft answer from before is kept:", .warning) + " "
            + console.styled(path, .plain) + ". It was never sent; /edit goes on from it.")
        continue
      }
      console.line(
        console.styled("A draft answer was left from an earlier session:", .warning) + " "
          + console.styled(path, .plain)
          + ". It was never sent; copy what you need from it, then delete it.")
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
        let unsaved = pending.compactMap { Self.personText($0) ?? Self.subject($0) }
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

  /// How replies are read: the reply rules, with the sentence model when one is installed
  /// (docs/coach-rules.md); the rules alone without one.
  static func replyClassifier() -> ReplyClassifier? {
    guard let rules = try? ReplyRules.builtIn() else { return nil }
    return ReplyClassifier(rules: rules, embedder: Meaning.mode().encoder.map(Meaning.Plain.init))
  }

  /// The answer event the engine will record for `input` at `prompt` (the same text,
  /// trimmed the same way), so it can be saved first.
  static func answerEvent(
    for input: PersonInput?, at prompt: Prompt, heard: ReplyReading?, time: Date
  ) -> TranscriptEvent? {
    guard case .text(let raw) = input, prompt.kind == .answer else { return nil }
    let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !text.isEmpty else { return nil }
    return .answer(
      Answer(
        stage: prompt.stage.id, question: prompt.question.id, text: text, heard: heard,
        time: time))
  }

  /// Whether `event` holds something the person wrote (what makes a session worth keeping).
  static func isWritten(_ event: TranscriptEvent) -> Bool {
    if case .command(let command) = event { return command.name == .progress }
    return personText(event) != nil
  }

  /// The subject an event gives the session, if it is one.
  private static func subject(_ event: TranscriptEvent) -> String? {
    guard case .command(let command) = event, command.name == .about else { return nil }
    return command.text
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

  /// What `read` needs beyond the prompt: where to save, and the session's state.
  final class Reading {
    let writer: TranscriptWriter
    let drafts: Drafts
    let session: SessionID
    /// The session's tags so far.
    var tags: [String]
    /// The coach's last line, for the draft's comments.
    var asked = ""
    /// The draft whose answer is being saved: removed once it is on disk.
    var draft: String?

    init(writer: TranscriptWriter, drafts: Drafts, session: SessionID, tags: [String]) {
      self.writer = writer
      self.drafts = drafts
      self.session = session
      self.tags = tags
    }
  }

  /// Reads one input; handles `/help`, `/multi`, `/edit`, `/tag` and unknown commands itself
  /// (returning `nil` when there is nothing for the engine yet).
  private func read(_ prompt: Prompt, editor: LineEditor, state: Reading) throws -> PersonInput? {
    let label = console.promptLabel(prompt.label)
    var prefill: String?
    if case .proposal(let text) = prompt.kind { prefill = text }
    switch editor.read(prompt: label, prefill: prefill) {
    case .end:
      return .endOfInput
    case .line(var line):
      var draftText = ""
      // A command typed after the pre-filled proposal ("…text/keep") is the command.
      if let prefill, line.hasPrefix(prefill) {
        let typed = line.dropFirst(prefill.count).trimmingCharacters(in: .whitespaces)
        if typed.hasPrefix("/"), SessionCommand.parse(typed) != .input(.text(typed)) {
          line = typed
          draftText = prefill
        }
      }
      // Words typed before `/edit` go into the editor with it.
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.lowercased().hasSuffix(" /edit") {
        draftText = String(trimmed.dropLast(6)).trimmingCharacters(in: .whitespaces)
        line = "/edit"
      }
      switch SessionCommand.parse(line) {
      case .input(let input): return input
      case .help:
        showHelp()
        return nil
      case .multi:
        return readLines(editor: editor)
      case .edit:
        return try compose(draftText, prompt: prompt, editor: editor, state: state)
      case .tag(let words):
        try tag(words, prompt: prompt, state: state)
        return nil
      case .unknown(let word):
        console.line(
          console.styled("Unknown command '\(word)'.", .warning) + " Type /help for the list.")
        return nil
      }
    }
  }

  /// `/multi`: lines up to `/end` as one answer, blank lines kept (`/cancel` drops them).
  private func readLines(editor: LineEditor) -> PersonInput? {
    console.line(
      console.decorated(
        "Write as many lines as you like; /end on a line of its own sends them, /cancel drops"
          + " them.", .dim))
    var lines: [String] = []
    while true {
      guard case .line(let line) = editor.read(prompt: "  … ") else {
        // The input ended: what was written is still sent, then the session ends.
        return lines.isEmpty ? .endOfInput : .text(lines.joined(separator: "\n"))
      }
      switch line.trimmingCharacters(in: .whitespaces).lowercased() {
      case "/end":
        let text = lines.joined(separator: "\n")
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
          console.line("Nothing was written, so nothing was sent.")
          return nil
        }
        return .text(text)
      case "/cancel":
        console.line("Dropped; nothing was sent.")
        return nil
      default:
        lines.append(line)
      }
    }
  }

  /// `/edit`: the answer written in the person's editor, through a draft in the home.
  private func compose(
    _ text: String, prompt: Prompt, editor: LineEditor, state: Reading
  ) throws -> PersonInput? {
    guard editor.interactive else {
      console.line("/edit needs a terminal; in piped input, /multi … /end gives several lines.")
      return nil
    }
    let environment = ProcessInfo.processInfo.environment
    guard let command = ExternalEditor.command(environment) else {
      console.warn(
        "no text editor found: set 'editor' in \(ReflectConfig.path(environment: environment)),"
          + " REFLECT_EDITOR or EDITOR (or install nano)")
      return nil
    }
    let question = state.asked.isEmpty ? prompt.question.text : state.asked
    let path: String
    do {
      let draft = try state.drafts.create(for: state.session, text: text, question: question)
      path = draft.path
      if draft.kept {
        console.line("Going on from the draft left in " + console.styled(path, .plain) + ".")
      }
    } catch {
      console.warn("\(error.localizedDescription); nothing was sent")
      if !text.isEmpty { console.say("Not sent: " + text) }
      return nil
    }
    let status = ExternalEditor.edit(path, with: command)
    guard status == 0 else {
      console.line(
        console.styled("The editor stopped with status \(status);", .warning)
          + " nothing was sent. Your draft is kept in " + console.styled(path, .plain)
          + "; /edit goes on from it.")
      return nil
    }
    let contents: String
    do {
      contents = try Drafts.read(path)
    } catch {
      console.warn(
        "\(error.localizedDescription); nothing was sent, and your draft is kept there"
          + " (/edit goes on from it)")
      return nil
    }
    let answer = Drafts.answer(from: contents)
    guard !answer.isEmpty else {
      Drafts.remove(path)
      console.line("The draft was empty, so nothing was sent.")
      return nil
    }
    for line in answer.split(separator: "\n", omittingEmptySubsequences: false) {
      console.line(console.decorated("  you │ ", .person) + console.styled(String(line), .person))
    }
    state.draft = path
    return .text(answer)
  }

  /// `/tag`: adds each valid tag (saved at once); with no words, shows the tags.
  private func tag(_ words: [String], prompt: Prompt, state: Reading) throws {
    for word in words {
      do {
        let tag = try Tags.checked(word)
        guard !state.tags.contains(tag) else { continue }
        let event = TranscriptEvent.command(
          Command(name: .tag, stage: prompt.stage.id, text: tag, time: now()))
        try state.writer.append(event)
        state.tags.append(tag)
      } catch let error as TagError {
        console.line(console.styled(error.localizedDescription, .warning))
      }
    }
    console.line(
      state.tags.isEmpty
        ? "No tags yet: /tag word adds one."
        : "Tags: " + state.tags.map { console.styled("#" + $0, .plain) }.joined(separator: " "))
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
  /// The disk refused the session's first lines: nothing of it was kept.
  case notStarted

  var errorDescription: String? {
    switch self {
    case .stoppedUnsaved(let path):
      "stopped with words not saved to '\(path)'; everything before them is safe there"
    case .notStarted:
      "the session could not be started, so none was saved"
    }
  }
}
