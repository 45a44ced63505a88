import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

/// One regression test per hole an attack pass found (issue 11), through the built binary.
@Suite struct AttackTests {
  /// Runs `reflect` inside `folder` through a shell (for relative paths and redirections).
  func shell(_ script: String, in folder: String, input: String = "") throws -> RunResult {
    try TestSupport.run(
      "/bin/sh", ["-c", "cd \"$0\" && " + script, folder, TestSupport.reflectBinary],
      input: Data(input.utf8))
  }

  @Test func invisiblePrefixesAndCombiningMarksDoNotMakeLiveMarkup() throws {
    let folder = TestSupport.temporaryDirectory()
    let home = folder + "/home"
    let attack = "\u{600}<meta http-equiv=refresh content=0;url=https://example.org/\u{600}> t"
    _ = try TestSupport.reflect(
      ["session", "--home", home, "--questions-only", "--stages", "lessons,commitments"],
      input: attack + "\n<a\u{301} href=x>click</a\u{301}>\n\n\n")
    // The lessons are on the sources page beside the report: neither page has live markup.
    let page = folder + "/report.html"
    _ = try TestSupport.reflect([
      "export", "--format", "html", "--with-sources", "--output", page, "--home", home,
    ])
    let report = try String(contentsOfFile: page, encoding: .utf8)
    let html = try String(contentsOfFile: folder + "/report-sources.html", encoding: .utf8)
    for document in [report, html] {
      #expect(!document.contains("<meta http-equiv=refresh"))
      #expect(!document.contains("<a\u{301}"))
    }
    #expect(html.contains("&lt;meta http-equiv=refresh"))
    let markdown = try TestSupport.reflect(["export", "--home", home]).stdout
    #expect(markdown.contains("\\<meta"))
    // Every "<" of the person's text is escaped, scalar by scalar.
    let scalars = Array(markdown.unicodeScalars)
    for index in scalars.indices where scalars[index] == "<" {
      #expect(index > 0 && scalars[index - 1] == "\\", "a bare < in the Markdown")
    }
  }

  @Test func oneCharacterRelativePathsWork() throws {
    let folder = TestSupport.temporaryDirectory()
    let reflect = "\"$1\""
    #expect(try shell("echo x | \(reflect) session --home h", in: folder).status == 0)
    let export = try shell("\(reflect) export --home h --output o", in: folder)
    #expect(export.status == 0, "\(export.stderr)")
    #expect(FileManager.default.fileExists(atPath: folder + "/o"))
    #expect(try shell("echo x | \(reflect) session --home a/b/c", in: folder).status == 0)
    let environment = try shell("REFLECT_HOME=h \(reflect) list", in: folder)
    #expect(environment.status == 0)
    #expect(environment.stdout.split(separator: "\n").count == 1, "the session in ./h")
  }

  @Test func fieldsReadFromFilesAreSanitisedEverywhere() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let time = Date(timeIntervalSince1970: 1_795_000_000)
    let hostile = "\u{1B}]52;c;cHduZWQ=\u{07}\u{1B}]0;pwned\u{07}\u{1B}[2J"
    let id = "20261118-082640-evil"
    _ = try writeTranscript(
      home: home, id: id,
      [
        .start(
          SessionStart(
            id: testID(id), pack: "p" + hostile, packTitle: "T", stages: ["values"], seed: 1,
            version: "t", time: time)),
        .command(
          Command(name: Command.Name(rawValue: "next" + hostile), stage: "values", time: time)),
        .answer(Answer(stage: "values", question: "q", text: "Trust takes time", time: time)),
        .lesson(Lesson(stage: "lessons", number: 1, text: "Trust takes time", time: time)),
        .commitment(
          Commitment(
            stage: "c", number: 1, text: "Call Sam", due: "2026-12-01" + hostile, time: time)),
      ])
    // An id with escapes in a start line: the line is refused (an id is checked when read),
    // and saying so prints none of it.
    let other = "20261118-082641-evl2"
    let start = TranscriptCodec().encode(
      .start(
        SessionStart(
          id: testID(other), pack: "p", packTitle: "T", stages: ["values"], seed: 1,
          version: "t", time: time)))
    let hostileID = String(decoding: try JSONEncoder().encode(other + hostile), as: UTF8.self)
    let line = String(decoding: start, as: UTF8.self).replacingOccurrences(
      of: "\"id\":\"\(other)\"", with: "\"id\":\(hostileID)")
    #expect(line.contains("\\u001b]52"), "\(line)")
    _ = FileManager.default.createFile(
      atPath: home + "/transcripts/\(other).jsonl", contents: Data(line.utf8),
      attributes: [.posixPermissions: 0o600])
    let refused = try TestSupport.reflect(["show", other, "--home", home])
    #expect(refused.stderr.contains("\(other).jsonl"), "\(refused.stderr)")
    #expect(refused.stderr.contains("line 1"), "\(refused.stderr)")
    #expect(refused.stderr.contains("not a session id"), "\(refused.stderr)")
    for arguments in [
      ["list"], ["replay", id], ["show", id], ["show", id, "--format", "markdown"],
      ["export", "--format", "text"], ["export", "--format", "markdown"], ["stats"],
      ["verify"], ["show", other],
    ] {
      let run = try TestSupport.reflect(arguments + ["--home", home])
      #expect(!run.stdout.contains("\u{1B}]"), "\(arguments): an OSC reached the output")
      #expect(!run.stdout.contains("\u{1B}[2J"), "\(arguments): a screen clear reached the output")
      #expect(!run.stderr.contains("\u{1B}]"), "\(arguments): an OSC reached stderr")
    }
    let html = try TestSupport.reflect(["export", "--format", "html", "--home", home]).stdout
    #expect(!html.contains("\u{1B}"))
  }

  @Test func outputWritesThroughDevicesAndPipesInsteadOfReplacingThem() throws {
    let folder = TestSupport.temporaryDirectory()
    let home = folder + "/home"
    _ = try TestSupport.reflect(["--home", home], input: "Care\n/quit\n")
    let full = try TestSupport.reflect(["export", "--home", home, "--output", "/dev/full"])
    #expect(full.status == 1)
    #expect(full.stderr.contains("No space left on device"))
    let stdout = try TestSupport.reflect(["export", "--home", home, "--output", "/dev/stdout"])
    #expect(stdout.stdout.contains("# Key lessons and learning"))
    #expect(!stdout.stderr.contains("wrote"))
    let fifo = folder + "/fifo"
    #expect(mkfifo(fifo, 0o600) == 0)
    let reader = try TestSupport.run(
      "/bin/sh",
      [
        "-c", "cat \"$0\" > \"$0.out\" & \"$1\" export --home \"$2\" --output \"$0\"; wait", fifo,
        TestSupport.reflectBinary, home,
      ])
    #expect(reader.status == 0, "\(reader.stderr)")
    var status = stat()
    #expect(lstat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO, "still a FIFO")
    #expect(try String(contentsOfFile: fifo + ".out", encoding: .utf8).hasPrefix("# Key lessons"))
  }

  @Test func aPackThatExpandsThroughAliasesIsRefusedQuickly() throws {
    let folder = TestSupport.temporaryDirectory()
    var lines = [
      "id: bomb", "title: Bomb", "description: d", "source: s", "stages:", "  - id: s",
      "    title: S", "    intro: I", "    questions: [{id: q, text: Q}]", "    follow_ups:",
      "      - {keywords: [a], rank: 1, decompositions: &d0 [{pattern: '*', replies: [Hi?]}]}",
    ]
    for level in 1...6 {
      lines.append(
        "      - {keywords: [a], rank: 1, decompositions: &d\(level) ["
          + Array(repeating: "{pattern: '*', replies: [*d\(level - 1)]}", count: 10).joined(
            separator: ", ")
          + "]}")
    }
    try (lines.joined(separator: "\n") + "\n").write(
      toFile: folder + "/bomb.yaml", atomically: true, encoding: .utf8)
    let run = try TestSupport.reflect(["prompts", "validate", folder + "/bomb.yaml"])
    #expect(run.status == 1)
    #expect(run.stderr.contains("expands to more than 100000 values through YAML aliases"))
  }

  @Test func aPatternWithManyWildcardsCannotHangASession() throws {
    let config = TestSupport.temporaryDirectory()
    let folder = config + "/reflect/prompts"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try """
    id: slow
    title: Slow
    description: A pack whose rule would backtrack exponentially.
    source: Test
    stages:
      - id: s
        title: S
        intro: Here.
        follow_ups:
          - keywords: [team]
            rank: 5
            decompositions:
              - pattern: "* team * team * team * team * never"
                replies: [What then?]
        questions:
          - id: q
            text: What happened?
    """.write(toFile: folder + "/slow.yaml", atomically: true, encoding: .utf8)
    let answer = Array(repeating: "the team met again and the team", count: 60).joined(
      separator: " ")
    let run = try TestSupport.reflect(
      ["session", "--pack", "slow", "--home", config + "/home"], input: answer + "\n/quit\n",
      environment: ["XDG_CONFIG_HOME": config])
    #expect(run.status == 0, "\(run.stderr)")
    let transcript = try TranscriptReader().read(
      path: TestSupport.transcripts(home: config + "/home")[0])
    #expect(transcript.answers.count == 1)
  }

  @Test func closedStdoutNeverLandsInTheTranscript() throws {
    let folder = TestSupport.temporaryDirectory()
    let run = try shell("printf 'a\\n/quit\\n' | \"$1\" session --home h >&-", in: folder)
    #expect(run.status == 0 || run.status == 1)
    let verify = try TestSupport.reflect(["verify", "--home", folder + "/h"])
    #expect(verify.status == 0, "\(verify.stdout)")
    let transcript = try TranscriptReader().read(
      path: TestSupport.transcripts(home: folder + "/h")[0])
    #expect(transcript.answers.map(\.text) == ["a"])
  }

  @Test func resumingAFileOutsideTheHomeIsRefused() throws {
    let folder = TestSupport.temporaryDirectory()
    let home = folder + "/home"
    _ = try TestSupport.reflect(["--home", home], input: "Care\n/pause\n")
    let copy = folder + "/copy.jsonl"
    try FileManager.default.copyItem(atPath: TestSupport.transcripts(home: home)[0], toPath: copy)
    chmod(copy, 0o644)
    let before = try Data(contentsOf: URL(fileURLWithPath: copy))
    let run = try TestSupport.reflect(
      ["session", "--resume", copy, "--home", home], input: "Secret answer\n/quit\n")
    #expect(run.status != 0)
    #expect(run.stderr.contains("only sessions there can be resumed"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == before, "nothing was added")
  }

  @Test func repairNeverTouchesANewerTranscriptAndMendsASecondStart() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let time = Date(timeIntervalSince1970: 1_795_000_000)
    let start = SessionStart(
      id: "20261118-082640-twos", pack: "p", packTitle: "P", stages: [], seed: 1, version: "t",
      time: time)
    let twice = try writeTranscript(
      home: home, id: "20261118-082640-twos",
      [
        .start(start), .answer(Answer(stage: "s", question: "q", text: "kept", time: time)),
        .start(start),
      ])
    var newer = start
    newer.schema = 2
    newer.id = "20261118-082641-newr"
    let newerPath = try writeTranscript(
      home: home, id: "20261118-082641-newr",
      [.start(newer), .answer(Answer(stage: "s", question: "q", text: "future", time: time))])
    let newerBytes = try Data(contentsOf: URL(fileURLWithPath: newerPath))
    let repair = try TestSupport.reflect(["verify", "--repair", "--home", home])
    #expect(
      repair.stdout.contains("written by a newer reflect (schema 2); left untouched"),
      "\(repair.stdout)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: newerPath)) == newerBytes)
    #expect(!FileManager.default.fileExists(atPath: newerPath + ".quarantine"))
    let mended = try TranscriptReader().read(path: twice)
    #expect(mended.problems.isEmpty, "the second start was moved aside")
    #expect(mended.answers.map(\.text) == ["kept"])
    let again = try TestSupport.reflect(["verify", "--home", home])
    #expect(
      again.stdout.contains("1 problem"), "only the newer file is still reported: \(again.stdout)")
  }

  @Test func redactionFindsListedNamesWithPunctuation() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    _ = try TestSupport.reflect(
      ["--home", home, "--stages", "lessons", "--questions-only"],
      input: "Acme Ltd. never paid on time\nAsk @bigboss before Friday\n\n")
    let config = TestSupport.temporaryDirectory()
    try FileManager.default.createDirectory(
      atPath: config + "/reflect", withIntermediateDirectories: true)
    try "org: Acme Ltd.\n@bigboss\n".write(
      toFile: config + "/reflect/redact.txt", atomically: true, encoding: .utf8)
    let run = try TestSupport.reflect(
      ["export", "--redact", "--home", home, "--format", "text"],
      environment: ["XDG_CONFIG_HOME": config])
    #expect(!run.stdout.contains("Acme"))
    #expect(!run.stdout.contains("bigboss"))
    #expect(run.stdout.contains("Organisation A never paid on time"))
  }

  @Test func aSymlinkedTranscriptIsNeverOpened() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    _ = try TestSupport.reflect(["--home", home], input: "Care\n/quit\n")
    let outside = TestSupport.temporaryDirectory() + "/elsewhere.jsonl"
    try FileManager.default.copyItem(
      atPath: TestSupport.transcripts(home: home)[0], toPath: outside)
    let link = home + "/transcripts/20261118-082640-link.jsonl"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: outside)
    for command in ["replay", "show"] {
      let run = try TestSupport.reflect([command, "20261118-082640-link", "--home", home])
      #expect(run.status != 0, "\(command) opened a link")
      #expect(run.stderr.contains("is not a regular file"))
    }
  }

  @Test func aRunningSessionListsAsInProgress() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let holder = try PipedProcess(TestSupport.reflectBinary, ["session", "--home", home])
    try holder.waitFor("Which values", count: 1)
    let list = try TestSupport.reflect(["list", "--home", home])
    #expect(list.stdout.contains("[in progress]"), "\(list.stdout)")
    holder.kill9()
    let after = try TestSupport.reflect(["list", "--home", home])
    #expect(after.stdout.contains("[interrupted]"))
  }

  @Test func numbersOutOfRangeAreNamedAsSuch() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    try FileManager.default.createDirectory(
      atPath: home + "/transcripts", withIntermediateDirectories: true)
    chmod(home, 0o700)
    chmod(home + "/transcripts", 0o700)
    let path = home + "/transcripts/20261118-082640-bign.jsonl"
    try
      #"{"id":"20261118-082640-bign","pack":"p","packTitle":"P","schema":1,"seed":99999999999999999999999,"stages":[],"time":"2026-11-18T08:26:40.000Z","type":"start","version":"t"}"#
      .appending("\n").write(toFile: path, atomically: true, encoding: .utf8)
    chmod(path, 0o600)
    let run = try TestSupport.reflect(["verify", "--home", home])
    #expect(run.stdout.contains(":1: a number is out of range for its field"), "\(run.stdout)")
  }

  @Test func datesCenturiesApartStillGiveAShortStats() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    for (id, seconds) in [
      ("00500101-090000-olds", -46_000_000_000.0), ("20261118-082640-nows", 1_795_000_000),
    ] {
      let time = Date(timeIntervalSince1970: seconds)
      _ = try writeTranscript(
        home: home, id: id,
        [
          .start(
            SessionStart(
              id: testID(id), pack: "p", packTitle: "P", stages: [], seed: 1, version: "t",
              time: time)),
          .answer(Answer(stage: "values", question: "q", text: "Care", time: time)),
        ])
    }
    let run = try TestSupport.reflect(["stats", "--home", home])
    #expect(run.status == 0)
    #expect(
      run.stdout.split(separator: "\n").count < 80,
      "\(run.stdout.split(separator: "\n").count) lines")
  }
}
