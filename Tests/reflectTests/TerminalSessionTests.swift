import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

/// Sessions in a real terminal (tmux): readline editing, completion, Ctrl-C, Ctrl-D.
@Suite(.serialized) struct TerminalSessionTests {
  func start(home: String, extra: String = "--questions-only") throws -> TmuxPane {
    try TmuxPane("\(TestSupport.reflectBinary) session --home \(home) --about test \(extra)")
  }

  @Test func completionEditingAndQuitInARealTerminal() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let pane = try start(home: home)
    try pane.waitFor("values ›")

    // Tab completes /he into /help, and /help is handled, not saved.
    try pane.type("/he")
    try pane.waitFor("values › /he")
    try pane.send("Tab")
    try pane.waitFor("values › /help")
    try pane.send("Enter")
    try pane.waitFor("Commands:")

    // Ctrl-A jumps to the start of the line to fix the first letter.
    try pane.type("onesty with the board")
    try pane.waitFor("onesty with the board")
    try pane.send("C-a")
    try pane.type("H")
    try pane.send("Enter")
    try pane.waitFor("and what did you do?")

    // Left arrow moves back into the line to insert a word.
    try pane.type("when budgets were cut")
    try pane.waitFor("when budgets were cut")
    for _ in 0..<"budgets were cut".count { try pane.send("Left") }
    try pane.type("the ")
    try pane.send("Enter")
    try pane.waitFor("What would you not have traded away")

    // Ctrl-C clears a half-typed line without ending the session. (Wait until the line is
    // on screen: the terminal turns Ctrl-C into a signal at once, even before readline has
    // read the keys typed just before it.)
    try pane.type("nothing I would keep")
    try pane.waitFor("nothing I would keep")
    try pane.send("C-c")
    try pane.waitFor("line cleared")
    try pane.type("My integrity")
    try pane.send("Enter")
    try pane.waitFor("Now the purpose")

    // Ctrl-R finds an earlier answer in this session's history.
    try pane.send("C-r")
    try pane.waitFor("reverse-i-search")
    try pane.type("integ")
    try pane.waitFor("My integrity", count: 2)
    try pane.send("C-g")

    try pane.send("C-u")
    try pane.type("/quit")
    try pane.send("Enter")
    #expect(try pane.waitForExit() == 0)
    let screen = try pane.screen()
    #expect(screen.contains("Saved to"))

    let transcript = try TranscriptReader().read(path: TestSupport.transcripts(home: home)[0])
    #expect(
      transcript.answers.map(\.text) == [
        "Honesty with the board", "when the budgets were cut", "My integrity",
      ])
    #expect(transcript.end?.reason == .quit)
    // No history file anywhere in the home: answers live only in the transcript.
    let entries = try FileManager.default.subpathsOfDirectory(atPath: home)
    #expect(entries.allSatisfy { $0 == "transcripts" || $0.hasPrefix("transcripts/") })
  }

  @Test func ctrlCTwiceOnAnEmptyLineEndsAndSaves() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let pane = try start(home: home)
    try pane.waitFor("values ›")
    try pane.type("Fairness")
    try pane.send("Enter")
    try pane.waitFor("When was ")
    try pane.waitFor("values ›", count: 2)
    try pane.send("C-c")
    try pane.waitFor("press Ctrl-C again")
    try pane.send("C-c")
    #expect(try pane.waitForExit() == 0)
    let transcript = try TranscriptReader().read(path: TestSupport.transcripts(home: home)[0])
    #expect(transcript.answers.map(\.text) == ["Fairness"])
    #expect(transcript.end?.reason == .endOfInput)
  }

  @Test func ctrlDEndsAndSaves() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let pane = try start(home: home)
    try pane.waitFor("values ›")
    try pane.type("Kindness")
    try pane.send("Enter")
    try pane.waitFor("When was ")
    try pane.waitFor("values ›", count: 2)
    try pane.send("C-d")
    #expect(try pane.waitForExit() == 0)
    #expect(try pane.screen().contains("Saved to"))
    let transcript = try TranscriptReader().read(path: TestSupport.transcripts(home: home)[0])
    #expect(transcript.answers.map(\.text) == ["Kindness"])
  }
}

@Suite(.serialized) struct TerminalSignalTests {
  @Test func sigtermAtThePromptEndsAndSavesCleanly() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let pane = try TmuxPane(
      "\(TestSupport.reflectBinary) session --questions-only --about test --home \(home)")
    try pane.waitFor("values ›")
    try pane.type("Patience")
    try pane.send("Enter")
    try pane.waitFor("When was ")
    let found = try TestSupport.run(
      "/usr/bin/pgrep", ["-f", "--", "^\(TestSupport.reflectBinary) session .*--home \(home)"])
    let pid = try #require(Int32(found.stdout.split(separator: "\n").first ?? ""))
    kill(pid, SIGTERM)
    #expect(try pane.waitForExit() == 0)
    let transcript = try TranscriptReader().read(path: TestSupport.transcripts(home: home)[0])
    #expect(transcript.answers.map(\.text) == ["Patience"])
    #expect(transcript.end?.reason == .endOfInput)
  }
}
