import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `/edit` in a real terminal (tmux) with fake editors: what they write is the answer, and
/// a draft outlives a crash.
@Suite(.serialized) struct EditorTests {
  /// A fake editor: a shell script with `body`, the draft's path in `$1`.
  func editor(_ body: String) throws -> String {
    try TestSupport.script(body)
  }

  func start(home: String, editor: String, subject: String = "--about test") throws -> TmuxPane {
    try TmuxPane(
      "VISUAL='\(editor)' \(TestSupport.reflectBinary) session --questions-only \(subject)"
        + " --home \(home)")
  }

  @Test func twoParagraphsFromTheEditorAreOneAnswerSavedBeforeTheNextQuestion() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let seen = home + "-draft-seen"
    // Keeps what reflect wrote (the question as comments, checked below) and adds two
    // paragraphs above it.
    let fake = try editor(
      "cp \"$1\" '\(seen)'; { printf 'We kept the pupils first.\\n\\nEven when money was short.\\n'; cat \"$1\"; } > \"$1.new\"; cat \"$1.new\" > \"$1\"; rm \"$1.new\""
    )
    let pane = try start(home: home, editor: fake)
    try pane.waitFor("values ›")
    try pane.type("Typed first /edit")
    try pane.send("Enter")
    try pane.waitFor("and what did you do?")
    let transcript = try TranscriptReader().read(path: TestSupport.transcripts(home: home)[0])
    #expect(
      transcript.answers.map(\.text) == [
        "We kept the pupils first.\n\nEven when money was short.\nTyped first"
      ])
    let draft = try String(contentsOfFile: seen, encoding: .utf8)
    #expect(draft.hasPrefix("Typed first\n"), "the words before /edit are in the draft")
    #expect(draft.contains("# Which values were you trying to protect"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: home + "/drafts").isEmpty)
    try pane.type("/quit")
    try pane.send("Enter")
    #expect(try pane.waitForExit() == 0)
  }

  @Test func anEditorThatFailsOrLeavesNothingSendsNothing() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let pane = try start(home: home, editor: try editor("printf 'Not this\\n' > \"$1\"; exit 1"))
    try pane.waitFor("values ›")
    try pane.type("/edit")
    try pane.send("Enter")
    try pane.waitFor("nothing was sent")
    #expect(try pane.screen().contains("The editor stopped with status 1"))
    try pane.type("/quit")
    try pane.send("Enter")
    #expect(try pane.waitForExit() == 0)
    #expect(TestSupport.transcripts(home: home).isEmpty, "nothing was written")
    // The failed editor's words are kept in the draft, announced next time.
    let drafts = try FileManager.default.contentsOfDirectory(atPath: home + "/drafts")
    #expect(drafts.count == 1)

    let emptyHome = TestSupport.temporaryDirectory() + "/home"
    let empty = try start(
      home: emptyHome, editor: try editor("printf '# only a comment\\n\\n' > \"$1\""))
    try empty.waitFor("values ›")
    try empty.type("/edit")
    try empty.send("Enter")
    try empty.waitFor("The draft was empty, so nothing was sent.")
    try empty.type("/quit")
    try empty.send("Enter")
    _ = try empty.waitForExit()
    #expect(TestSupport.transcripts(home: emptyHome).isEmpty)
  }

  @Test func aDraftLeftByAKilledSessionIsAnnouncedNextTime() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let pane = try start(
      home: home, editor: try editor("printf 'Half a thought\\n' > \"$1\"; sleep 60"))
    try pane.waitFor("values ›")
    try pane.type("Patience")
    try pane.send("Enter")
    try pane.waitFor("When was ")
    try pane.type("/edit")
    try pane.send("Enter")
    let draftFolder = home + "/drafts"
    // Waits until the editor has written the draft (reflect writes it through a temporary
    // file first, so only the finished `.txt` counts).
    var drafts: [String] = []
    for _ in 0..<400 {
      drafts = ((try? FileManager.default.contentsOfDirectory(atPath: draftFolder)) ?? [])
        .filter { $0.hasSuffix(".txt") }
      if let name = drafts.first,
        let text = try? String(contentsOfFile: draftFolder + "/" + name, encoding: .utf8),
        text.hasPrefix("Half a thought")
      {
        break
      }
      usleep(50_000)
    }
    try #require(drafts.count == 1)
    #expect(TestSupport.mode(draftFolder + "/" + drafts[0]) == 0o600)
    #expect(TestSupport.mode(draftFolder) == 0o700)
    let found = try TestSupport.run(
      "/usr/bin/pgrep", ["-f", "--", "^\(TestSupport.reflectBinary) session .*--home \(home)"])
    let pid = try #require(Int32(found.stdout.split(separator: "\n").first ?? ""))
    kill(pid, SIGKILL)
    _ = try pane.waitForExit()
    let transcript = try TranscriptReader().read(path: TestSupport.transcripts(home: home)[0])
    #expect(transcript.answers.map(\.text) == ["Patience"])

    let next = try TestSupport.reflect(
      ["session", "--questions-only", "--home", home], input: "Care\n/quit\n")
    #expect(next.stdout.contains("A draft answer was left from an earlier session:"))
    #expect(next.stdout.contains(draftFolder + "/" + drafts[0]))
    #expect(
      try String(contentsOfFile: draftFolder + "/" + drafts[0], encoding: .utf8).hasPrefix(
        "Half a thought"))
  }

  @Test func theCoachAsksWhatTheSessionIsAboutOnATerminal() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let pane = try start(home: home, editor: "true", subject: "")
    try pane.waitFor("about ›")
    #expect(try pane.screen().contains("what is this session about?"))
    try pane.type("Board away day")
    try pane.send("Enter")
    try pane.waitFor("values ›")
    try pane.type("Candour")
    try pane.send("Enter")
    try pane.waitFor("When was ")
    try pane.type("/quit")
    try pane.send("Enter")
    _ = try pane.waitForExit()
    let list = try TestSupport.reflect(["list", "--home", home]).stdout
    #expect(list.contains("Board away day"))
  }

  /// A real editor reads the terminal: it must run in the terminal's foreground process
  /// group (vim exited at once when it did not), and Ctrl-C in it is the editor's.
  @Test func anEditorThatReadsTheTerminalGetsTheKeysTyped() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let fake = try editor(
      "printf 'Type your answer: '; IFS= read -r line < /dev/tty || exit 3; printf '%s\\n' \"$line\" > \"$1\""
    )
    let pane = try start(home: home, editor: fake)
    try pane.waitFor("values ›")
    try pane.type("/edit")
    try pane.send("Enter")
    try pane.waitFor("Type your answer:")
    try pane.type("Typed into the editor")
    try pane.send("Enter")
    try pane.waitFor("and what did you do?")
    let transcript = try TranscriptReader().read(path: TestSupport.transcripts(home: home)[0])
    #expect(transcript.answers.map(\.text) == ["Typed into the editor"])
    try pane.type("/quit")
    try pane.send("Enter")
    #expect(try pane.waitForExit() == 0)

    // amend runs it the same way.
    let amend = try TmuxPane(
      "VISUAL='\(fake)' \(TestSupport.reflectBinary) amend latest --home \(home)")
    try amend.waitFor("Type your answer:")
    try amend.type("[answer 999]")
    try amend.send("Enter")
    try amend.waitFor("is not one of this session's markers")
    #expect(try amend.waitForExit() == 1)
  }

  @Test func editInPipedInputPointsToMulti() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let run = try TestSupport.reflect(
      ["session", "--questions-only", "--home", home], input: "/edit\nCare\n/quit\n")
    #expect(run.stdout.contains("/edit needs a terminal"))
    let transcript = try TranscriptReader().read(path: TestSupport.transcripts(home: home)[0])
    #expect(transcript.answers.map(\.text) == ["Care"])
  }

  /// A draft saved as Latin-1 sends nothing: the file and line are named, and the draft is
  /// kept as it was saved.
  @Test func aLatin1DraftSendsNothingAndIsKept() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let fake = try editor(#"printf 'Caf\351 cr\350me\n' > "$1""#)
    let pane = try TmuxPane(
      "VISUAL='\(fake)' \(TestSupport.reflectBinary) session --questions-only --about test"
        + " --home \(home)", width: 300)
    try pane.waitFor("values ›")
    try pane.type("/edit")
    try pane.send("Enter")
    try pane.waitFor("nothing was sent")
    let screen = try pane.screen()
    #expect(screen.contains(".txt:1: not UTF-8 text"), "\(screen)")
    #expect(screen.contains("your draft is kept there"), "\(screen)")
    try pane.type("/quit")
    try pane.send("Enter")
    #expect(try pane.waitForExit() == 0)
    #expect(TestSupport.transcripts(home: home).isEmpty, "nothing was written")
    let drafts = try FileManager.default.contentsOfDirectory(atPath: home + "/drafts")
    try #require(drafts.count == 1)
    #expect(
      FileManager.default.contents(atPath: home + "/drafts/" + drafts[0])
        == Data([0x43, 0x61, 0x66, 0xE9, 0x20, 0x63, 0x72, 0xE8, 0x6D, 0x65, 0x0A]))
  }

  /// `/edit` opens the settings file's `editor`, over $VISUAL and $EDITOR.
  @Test func slashEditOpensTheEditorInTheSettings() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let chosen = try editor("printf 'From the settings editor\\n' > \"$1\"")
    let other = try editor("printf 'Not this one\\n' > \"$1\"")
    let config = TestSupport.temporaryDirectory("config")
    try FileManager.default.createDirectory(
      atPath: config + "/reflect", withIntermediateDirectories: true)
    try "editor: \(chosen)\n".write(
      toFile: config + "/reflect/config.yaml", atomically: true, encoding: .utf8)
    let pane = try TmuxPane(
      "XDG_CONFIG_HOME=\(config) VISUAL='\(other)' EDITOR='\(other)' \(TestSupport.reflectBinary)"
        + " session --questions-only --about test --home \(home)")
    try pane.waitFor("values ›")
    try pane.type("/edit")
    try pane.send("Enter")
    try pane.waitFor("and what did you do?")
    let transcript = try TranscriptReader().read(path: TestSupport.transcripts(home: home)[0])
    #expect(transcript.answers.map(\.text) == ["From the settings editor"])
    try pane.type("/quit")
    try pane.send("Enter")
    #expect(try pane.waitForExit() == 0)
  }
}
