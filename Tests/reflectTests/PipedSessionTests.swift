import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

/// A whole collaboration session's answers, one per line, as a script would pipe them.
let scriptedAnswers =
  [
    "Honesty with the governing board", "When the budget was cut mid-year", "/skip",
    "To give every pupil a fair start", "The children and their families",
    "Closing the attainment gap", "The council and two partner schools",
    "Mostly, though one school only used the words", "Voluntary at first, then a formal agreement",
    "Trust was strong with the heads, thin with the council", "Small promises kept every week",
    "About a year", "Trust takes time", "Write our values down before negotiating", "",
    "Meet the new chair by 2026-12-15", "",
  ].joined(separator: "\n") + "\n"

@Suite struct PipedSessionTests {
  @Test func pipedSessionIsSavedListedReplayedAndExported() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let run = try TestSupport.reflect(
      ["session", "--questions-only", "--home", home], input: scriptedAnswers)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("Which values were you trying to protect"))
    #expect(run.stdout.contains("Saved to \(home)/transcripts/"))
    #expect(run.stdout.contains("1. Trust takes time"))

    let files = TestSupport.transcripts(home: home)
    try #require(files.count == 1)
    let transcript = try TranscriptReader().read(path: files[0])
    #expect(transcript.problems.isEmpty)
    #expect(transcript.start?.pack == "collaboration")
    #expect(transcript.answers.count == 11)
    #expect(transcript.answers.first?.text == "Honesty with the governing board")
    #expect(transcript.answers.first?.question == "values-core")
    #expect(
      transcript.lessons.map(\.text) == [
        "Trust takes time", "Write our values down before negotiating",
      ])
    #expect(transcript.commitments.first?.due == "2026-12-15")
    #expect(transcript.end?.reason == .completed)
    let id = try #require(transcript.start?.id.rawValue)

    let list = try TestSupport.reflect(["list", "--home", home])
    #expect(list.stdout.hasPrefix(id))
    #expect(list.stdout.contains("collaboration  11 answers  Trust takes time"))

    let json = try TestSupport.reflect(["list", "--json", "--home", home])
    let array = try JSONSerialization.jsonObject(with: json.stdoutData) as? [[String: Any]]
    #expect(array?.count == 1)
    #expect(array?.first?["id"] as? String == id)
    #expect(array?.first?["answers"] as? Int == 11)

    for reference in [id, "latest", files[0]] {
      let replay = try TestSupport.reflect(["replay", reference, "--home", home])
      #expect(replay.status == 0)
      #expect(replay.stdout.contains("coach │ Which values were you trying to protect"))
      #expect(replay.stdout.contains("  you │ Honesty with the governing board"))
      #expect(replay.stdout.contains("  you │ (skipped)"))
      #expect(!replay.stdout.contains("\u{1B}["), "no colour when piped")
    }

    let markdown = try TestSupport.reflect(["export", "--home", home])
    #expect(markdown.stdout.contains("# Key lessons and learning"))
    #expect(markdown.stdout.contains("Trust takes time — "))
    #expect(markdown.stdout.contains("Write our values down before negotiating — "))
    #expect(markdown.stdout.contains("- [open] Meet the new chair (by 2026-12-15)"))
    let exported = try TestSupport.reflect(["export", "--format", "json", "--home", home])
    let object = try JSONSerialization.jsonObject(with: exported.stdoutData) as? [String: Any]
    #expect(object?["version"] as? Int == Report.version)
    #expect((object?["lessons"] as? [[String: Any]])?.first?["session"] as? String == id)
  }

  @Test func exportToAFileIsPrivate() throws {
    let directory = TestSupport.temporaryDirectory()
    let home = directory + "/home"
    _ = try TestSupport.reflect(["--home", home], input: "Care\n/quit\n")
    let output = directory + "/lessons.md"
    let run = try TestSupport.reflect(["export", "--home", home, "--output", output])
    #expect(run.status == 0)
    #expect(run.stdout.isEmpty)
    #expect(TestSupport.mode(output) == 0o600)
    #expect(try String(contentsOfFile: output, encoding: .utf8).hasPrefix("# Key lessons"))
  }

  @Test func endOfInputSavesWhatWasTyped() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let run = try TestSupport.reflect(["--home", home], input: "Fairness\nKeeping my word")
    #expect(run.status == 0)
    let transcript = try TranscriptReader().read(path: TestSupport.transcripts(home: home)[0])
    #expect(transcript.answers.map(\.text) == ["Fairness", "Keeping my word"])
    #expect(transcript.end?.reason == .endOfInput)
  }

  @Test func helpAndUnknownCommandsDoNotBecomeAnswers() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let run = try TestSupport.reflect(["--home", home], input: "/help\n/dance\nCourage\n/quit\n")
    #expect(run.stdout.contains("/skip"))
    #expect(run.stdout.contains("Unknown command '/dance'"))
    let transcript = try TranscriptReader().read(path: TestSupport.transcripts(home: home)[0])
    #expect(transcript.answers.map(\.text) == ["Courage"])
    #expect(transcript.end?.reason == .quit)
  }

  @Test func filesArePrivateWhateverTheUmask() throws {
    let home = TestSupport.temporaryDirectory() + "/data/home"
    let run = try TestSupport.run(
      "/bin/sh", ["-c", "umask 000; exec \"$0\" --home \"$1\"", TestSupport.reflectBinary, home],
      input: Data("Care\n/quit\n".utf8))
    #expect(run.status == 0)
    #expect(TestSupport.mode(home) == 0o700)
    #expect(TestSupport.mode(home + "/transcripts") == 0o700)
    let files = TestSupport.transcripts(home: home)
    #expect(files.count == 1)
    #expect(files.allSatisfy { TestSupport.mode($0) == 0o600 })
  }

  @Test func homeComesFromTheEnvironmentWhenNotGiven() throws {
    let base = TestSupport.temporaryDirectory()
    _ = try TestSupport.reflect(
      [], input: "Care\n/quit\n", environment: ["REFLECT_HOME": base + "/r"])
    #expect(TestSupport.transcripts(home: base + "/r").count == 1)
    _ = try TestSupport.reflect(
      [], input: "Care\n/quit\n", environment: ["XDG_DATA_HOME": base + "/xdg"])
    #expect(TestSupport.transcripts(home: base + "/xdg/reflect").count == 1)
  }
}

@Suite struct ReferenceTests {
  @Test(arguments: [
    "../../no/such/file", "20261129-071203-K3Q9", "nonsense", "20261129-071203-k3q9/x",
  ])
  func referencesThatAreNotIdsOrFilesAreRejected(reference: String) throws {
    let home = TestSupport.temporaryDirectory()
    let run = try TestSupport.reflect(["replay", reference, "--home", home])
    #expect(run.status != 0)
    #expect(run.stderr.contains("is not a session id"))
  }

  @Test func unknownIdAndEmptyArchiveSaySo() throws {
    let home = TestSupport.temporaryDirectory()
    let unknown = try TestSupport.reflect(["replay", "20261129-071203-k3q9", "--home", home])
    #expect(unknown.stderr.contains("no session '20261129-071203-k3q9'"))
    let latest = try TestSupport.reflect(["replay", "latest", "--home", home])
    #expect(latest.stderr.contains("no sessions yet"))
  }

  @Test func aFileThatIsNotATranscriptIsRefused() throws {
    let run = try TestSupport.reflect([
      "replay", "/etc/passwd", "--home", TestSupport.temporaryDirectory(),
    ])
    #expect(run.status != 0)
    #expect(run.stderr.contains("'/etc/passwd' is not a reflect transcript"))
  }

  @Test func aDirectoryIsNotATranscript() throws {
    let home = TestSupport.temporaryDirectory()
    let run = try TestSupport.reflect(["replay", home, "--home", home])
    #expect(run.status != 0)
    #expect(run.stderr.contains("is not a regular file"))
  }
}

@Suite struct CommandLineTests {
  @Test func versionAndHelpWork() throws {
    let version = try TestSupport.reflect(["--version"])
    #expect(version.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == reflectVersion)
    let root = try TestSupport.reflect(["--help"])
    #expect(root.stdout.contains("SUBCOMMANDS"))
    for command in ["session", "list", "replay", "export"] {
      #expect(root.stdout.contains(command))
    }
    for command in [["session"], ["list"], ["replay"], ["export"]] {
      let help = try TestSupport.reflect(command + ["--help"])
      #expect(help.status == 0)
      #expect(help.stdout.contains("--home"), "\(command)")
    }
  }
}
