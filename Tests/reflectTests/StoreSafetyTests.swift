import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

@Suite struct StoreSafetyTests {
  static let nasty = [
    "Title change \u{1B}]0;pwned\u{07} here",
    "Clear \u{1B}[2J\u{1B}[H screen",
    "Clipboard \u{1B}]52;c;ZXZpbA==\u{07} grab",
    "Link \u{1B}]8;;http://example.invalid\u{1B}\\click\u{1B}]8;;\u{1B}\\ here",
    "C1 \u{9B}31m red and \u{9D}0;x\u{9C}",
    "Bidi \u{202E}txt.exe\u{202C} and \u{2067}isolate\u{2069}",
    "DCS \u{1B}P1;2|data\u{1B}\\ and APC \u{1B}_hidden\u{1B}\\",
    "Zero\u{200B}width and BOM\u{FEFF}",
  ]

  static func unsafeScalars(in text: String) -> [Unicode.Scalar] {
    text.unicodeScalars.filter {
      ($0.value < 0x20 && $0 != "\n" && $0 != "\t") || (0x7F...0x9F).contains($0.value)
        || (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value)
        || $0.value == 0x200B || $0.value == 0xFEFF
    }
  }

  func nastyHome() throws -> String {
    let home = TestSupport.temporaryDirectory() + "/home"
    let input = (Self.nasty + ["/quit"]).joined(separator: "\n") + "\n"
    let run = try TestSupport.reflect(["--home", home, "--questions-only"], input: input)
    #expect(run.status == 0)
    return home
  }

  @Test func escapeSequencesAreStoredExactlyButNeverPrintedRaw() throws {
    let home = try nastyHome()
    let transcript = try TranscriptReader().read(path: TestSupport.transcripts(home: home)[0])
    #expect(
      transcript.answers.map(\.text) == Self.nasty.map { $0.trimmingCharacters(in: .whitespaces) })
    for command in [["replay", "latest"], ["list"], ["show", "latest"], ["search", "here"]] {
      let run = try TestSupport.reflect(command + ["--home", home])
      #expect(run.status == 0)
      #expect(Self.unsafeScalars(in: run.stdout).isEmpty, "\(command)")
      #expect(!run.stdoutData.contains(0x1B))
    }
    let replay = try TestSupport.reflect(["replay", "latest", "--home", home])
    #expect(replay.stdout.contains("Title change ␛]0;pwned␇ here"))
    #expect(replay.stdout.contains("Bidi <U+202E>txt.exe<U+202C>"))
  }

  @Test func aReplayInATerminalCannotRetitleOrClearIt() throws {
    let home = try nastyHome()
    let pane = try TmuxPane(
      "printf '\\033]2;before\\007'; \(TestSupport.reflectBinary) replay latest --home \(home); sleep 5"
    )
    try pane.waitFor("session quit")
    #expect(try pane.title().trimmingCharacters(in: .whitespacesAndNewlines) == "before")
    #expect(try pane.screen().contains("Welcome."), "the screen was not cleared")
  }

  @Test func fileNamesInMessagesAreSanitisedToo() throws {
    let home = TestSupport.temporaryDirectory()
    let run = try TestSupport.reflect(["replay", "/no/such/\u{1B}[2Jfile", "--home", home])
    #expect(run.status != 0)
    #expect(!run.stderr.unicodeScalars.contains("\u{1B}"))
  }

  @Test func killNineAtRandomMomentsLosesNoAnswerThatWasFollowedByAQuestion() throws {
    let questions = try PackLibrary().pack("collaboration").stages.flatMap(\.questions).map(\.text)
    var generator = SystemRandomNumberGenerator()
    for round in 0..<50 {
      let home = TestSupport.temporaryDirectory("kill") + "/home"
      let process = try PipedProcess(
        TestSupport.reflectBinary, ["session", "--questions-only", "--home", home])
      for number in 1...12 { try process.send("Round \(round) answer \(number)") }
      usleep(UInt32.random(in: 0...60_000, using: &generator))
      process.kill9()
      let shown = questions.prefix(12).filter { process.stdout.contains($0) }.count
      let files = TestSupport.transcripts(home: home)
      guard let path = files.first else {
        #expect(shown == 0, "round \(round): questions shown but no file")
        continue
      }
      let transcript = try TranscriptReader().read(path: path)
      #expect(transcript.problems.isEmpty, "round \(round)")
      let saved = transcript.answers.map(\.text)
      #expect(saved == (0..<saved.count).map { "Round \(round) answer \($0 + 1)" })
      // Every question after the first was shown only once the answer before it was saved.
      #expect(saved.count >= shown - 1, "round \(round): \(saved.count) saved, \(shown) shown")
    }
  }

  @Test func twoSessionsInOneHomeRunSideBySide() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let questions = try PackLibrary().pack("collaboration").stages.flatMap(\.questions).map(\.text)
    let first = try PipedProcess(TestSupport.reflectBinary, ["--questions-only", "--home", home])
    let second = try PipedProcess(TestSupport.reflectBinary, ["--questions-only", "--home", home])
    for number in 0..<3 {
      try first.send("first \(number)")
      try second.send("second \(number)")
      try first.waitFor(questions[number + 1], count: 1)
      try second.waitFor(questions[number + 1], count: 1)
    }
    try first.send("/quit")
    try second.send("/quit")
    first.process.waitUntilExit()
    second.process.waitUntilExit()
    let answers = try TestSupport.transcripts(home: home).map {
      try TranscriptReader().read(path: $0).answers.map(\.text)
    }
    #expect(
      Set(answers) == [["first 0", "first 1", "first 2"], ["second 0", "second 1", "second 2"]])
  }

  @Test func aHomeOthersCanWriteToIsRefused() throws {
    let home = TestSupport.temporaryDirectory()
    chmod(home, 0o777)
    let run = try TestSupport.reflect(["--home", home], input: "Care\n")
    #expect(run.status != 0)
    #expect(run.stderr.contains("refusing to use '\(home)': other users can write to it"))
    #expect(TestSupport.transcripts(home: home).isEmpty)
  }

  @Test func aNewerSchemaIsRefusedByName() throws {
    let home = TestSupport.temporaryDirectory()
    let path = home + "/future.jsonl"
    let line =
      #"{"type":"start","schema":2,"id":"20261129-000000-abcd","pack":"p","packTitle":"t","stages":[],"seed":1,"version":"9","time":"2026-11-29T00:00:00.000Z"}"#
    try (line + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    let run = try TestSupport.reflect(["replay", path, "--home", home])
    #expect(run.status != 0)
    #expect(run.stderr.contains("\(path):1: written by a newer reflect (schema 2)"))
  }

  @Test func resumingASessionWithATornLastLineSetsTheTailAside() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    _ = try TestSupport.reflect(["--home", home, "--max-follow-ups", "0"], input: "Care\n/pause\n")
    let path = TestSupport.transcripts(home: home)[0]
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data(#"{"type":"answer","text":"half"#.utf8))
    try handle.close()
    let run = try TestSupport.reflect(
      ["session", "--resume", "latest", "--home", home], input: "Courage\n/quit\n")
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("unterminated last line"))
    #expect(
      try String(contentsOfFile: path + ".torn", encoding: .utf8)
        == #"{"type":"answer","text":"half"#)
    let transcript = try TranscriptReader().read(path: path)
    #expect(transcript.problems.isEmpty)
    #expect(transcript.answers.map(\.text) == ["Care", "Courage"])
  }
}
