import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

@Suite struct CoachSessionTests {
  @Test(arguments: ExampleTranscriptTests.examples)
  func rerunReproducesTheExampleTranscripts(path: String) throws {
    let run = try TestSupport.reflect([
      "replay", path, "--rerun", "--home", TestSupport.temporaryDirectory(),
    ])
    #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    #expect(run.stdout.hasPrefix("Rerun matches: all "))
  }

  @Test func rerunShowsWhereTodaysRulesDiffer() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    _ = try TestSupport.reflect(["--home", home], input: "not sure\n/quit\n")
    let path = TestSupport.transcripts(home: home)[0]
    // Change a stored coach line, as if it had been said by older rules.
    var text = try String(contentsOfFile: path, encoding: .utf8)
    let probe = try #require(
      try CoachRules.builtIn().probes.first { text.contains($0) })
    text = text.replacingOccurrences(of: probe, with: "An older probe?")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let run = try TestSupport.reflect(["replay", "latest", "--rerun", "--home", home])
    #expect(run.status == 1)
    #expect(run.stdout.contains("- An older probe?"))
    #expect(run.stdout.contains("+ \(probe)"))
  }

  @Test func pauseAndResumeContinueAtTheExactQuestion() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let first = try TestSupport.reflect(
      ["--home", home, "--max-follow-ups", "0"], input: "Fairness for every pupil\n/pause\n")
    #expect(first.stdout.contains("Paused. Continue with: reflect session --resume "))
    #expect(try TestSupport.reflect(["list", "--home", home]).stdout.contains("[paused]"))

    let second = try TestSupport.reflect(
      ["session", "--resume", "latest", "--home", home], input: "When the budget was cut\n/quit\n")
    #expect(second.status == 0, "\(second.stderr)")
    #expect(second.stdout.contains("  you │ Fairness for every pupil"), "the conversation so far")
    #expect(second.stdout.contains("Welcome back"))
    #expect(second.stdout.contains("Where we were: When was "))
    let transcript = try TranscriptReader().read(path: TestSupport.transcripts(home: home)[0])
    #expect(
      transcript.answers.map(\.text) == ["Fairness for every pupil", "When the budget was cut"])
    #expect(transcript.answers.map(\.question) == ["values-core", "values-tested"])
    #expect(transcript.end?.reason == .quit)
    #expect(TestSupport.transcripts(home: home).count == 1)
  }

  @Test func aSecondResumeOfTheSameSessionFailsAtOnce() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    _ = try TestSupport.reflect(["--home", home, "--max-follow-ups", "0"], input: "Care\n/pause\n")
    let holder = try PipedProcess(
      TestSupport.reflectBinary, ["session", "--resume", "latest", "--home", home])
    try holder.waitFor("Where we were", count: 1)
    let second = try TestSupport.reflect(
      ["session", "--resume", "latest", "--home", home], input: "/quit\n")
    #expect(second.status != 0)
    #expect(
      second.stderr.contains(
        "is in use by another reflect (process \(holder.process.processIdentifier))"))
    holder.kill9()
  }

  @Test func theNextSessionAsksWhatBecameOfCommitments() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    _ = try TestSupport.reflect(
      ["--home", home, "--stages", "commitments", "--questions-only"],
      input: "Call Sam by 2026-12-01\n\n")
    let second = try TestSupport.reflect(
      ["--home", home, "--pack", "4ls"],
      input: "done: we spoke on Monday and agreed a plan\n/quit\n")
    #expect(
      second.stdout.contains(
        "You committed to: Call Sam (by 1 December 2026). What became of it?"))
    let transcript = try #require(
      try TestSupport.transcripts(home: home).map { try TranscriptReader().read(path: $0) }
        .first { $0.start?.pack == "4ls" })
    let reviews = transcript.events.compactMap {
      if case .review(let review) = $0 { review } else { nil }
    }
    #expect(reviews.map(\.status) == [.done])
    #expect(reviews.first?.outcome == "we spoke on Monday and agreed a plan")
    let third = try TestSupport.reflect(["--home", home], input: "/quit\n")
    #expect(!third.stdout.contains("You committed to"))
  }

  @Test func commitmentsOlderThanHalfAYearAreNotAskedAbout() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let old = Date(timeIntervalSince1970: 1_577_872_800)  // 2020-01-01
    _ = try writeTranscript(
      home: home, id: "20200101-100000-oldd",
      [
        .start(
          SessionStart(
            id: "20200101-100000-oldd", pack: "collaboration", packTitle: "C", stages: [],
            seed: 1, version: "t", time: old)),
        .commitment(Commitment(stage: "c", number: 1, text: "Long forgotten", due: nil, time: old)),
      ])
    let run = try TestSupport.reflect(["--home", home], input: "/quit\n")
    #expect(!run.stdout.contains("You committed to"))
  }
}

@Suite(.serialized) struct ProposalTerminalTests {
  @Test func proposedLessonsCanBeKeptEditedOrDroppedInARealTerminal() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let pane = try TmuxPane(
      "\(TestSupport.reflectBinary) session --home \(home) --about test --stages values,lessons --max-follow-ups 0"
    )
    try pane.waitFor("values ›")
    try pane.type(
      "I learned that fairness needs saying out loud. Writing it down first saves an argument later. The budget needs agreeing early, before anyone is attached to a plan."
    )
    try pane.send("Enter")
    try pane.waitFor("and what did you do?")
    try pane.type("/next")
    try pane.send("Enter")
    try pane.waitFor("What would you not have traded")
    try pane.type("/next")
    try pane.send("Enter")
    try pane.waitFor("right? ›")
    try pane.send("Enter")  // the summary is right
    try pane.waitFor("keep, edit or drop › Fairness needs saying out loud")
    try pane.send("Enter")  // keep as it is
    try pane.waitFor("keep, edit or drop › Writing it down first saves an argument later")
    try pane.send("C-e")
    try pane.type(", before every meeting")
    try pane.waitFor("later, before every meeting")
    try pane.send("Enter")  // edited
    try pane.waitFor("keep, edit or drop › The budget needs agreeing early")
    try pane.type("/drop")  // typed after the pre-filled text: still the command
    try pane.send("Enter")  // dropped
    try pane.waitFor("lesson 3 ›")
    try pane.type("Say the quiet part early")
    try pane.send("Enter")
    try pane.waitFor("lesson 4 ›")
    try pane.send("Enter")
    #expect(try pane.waitForExit() == 0)
    let transcript = try TranscriptReader().read(path: TestSupport.transcripts(home: home)[0])
    #expect(
      transcript.lessons.map(\.text) == [
        "Fairness needs saying out loud",
        "Writing it down first saves an argument later, before every meeting",
        "Say the quiet part early",
      ])
    #expect(transcript.lessons.map(\.origin) == [.proposed, .proposed, .typed])
    #expect(transcript.end?.reason == .completed)
  }
}
