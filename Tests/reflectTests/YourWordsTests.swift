import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Issue 14 through the binary: several-line answers, subject and tags, empty sessions.
@Suite struct YourWordsTests {
  @Test func multiSendsParagraphsAsOneAnswerAndEveryOutputKeepsThem() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let input = """
      /multi
      We kept the pupils first.

      Even when the budget was cut, we did not trade that away.
      /end
      /quit

      """
    let run = try TestSupport.reflect(
      ["session", "--questions-only", "--home", home], input: input)
    #expect(run.status == 0, "\(run.stderr)")
    let files = TestSupport.transcripts(home: home)
    try #require(files.count == 1)
    let transcript = try TranscriptReader().read(path: files[0])
    #expect(
      transcript.answers.map(\.text) == [
        "We kept the pupils first.\n\nEven when the budget was cut, we did not trade that away."
      ])
    // The next question came only after the answer: one answer, then the second question.
    #expect(run.stdout.contains("and what did you do?"))

    let markdown = try TestSupport.reflect(["show", "latest", "--home", home]).stdout
    #expect(
      markdown.contains(
        "> We kept the pupils first.\n>\n> Even when the budget was cut, we did not trade that away."
      ))
    let text = try TestSupport.reflect(["show", "latest", "--format", "text", "--home", home])
      .stdout
    #expect(
      text.contains(
        "You: We kept the pupils first.\n\n     Even when the budget was cut, we did not trade"))
    let replay = try TestSupport.reflect(["replay", "latest", "--home", home]).stdout
    #expect(replay.contains("  you │ We kept the pupils first.\n      │ \n      │ Even when"))
    let search = try TestSupport.reflect(["search", "budget", "--home", home]).stdout
    #expect(search.contains("We kept the pupils first. ⏎ Even when the budget was cut"))
    #expect(try TestSupport.reflect(["verify", "--home", home]).status == 0)
  }

  @Test func multiCanBeCancelledAndAnEmptyOneSendsNothing() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let input = "/multi\nnot this\n/cancel\n/multi\n\n/end\nCare\n/quit\n"
    let run = try TestSupport.reflect(
      ["session", "--questions-only", "--home", home], input: input)
    #expect(run.stdout.contains("Dropped; nothing was sent."))
    #expect(run.stdout.contains("Nothing was written, so nothing was sent."))
    let transcript = try TranscriptReader().read(path: TestSupport.transcripts(home: home)[0])
    #expect(transcript.answers.map(\.text) == ["Care"])
  }

  @Test func aSessionWithNothingWrittenLeavesNoFile() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    for input in ["", "/quit\n", "/pause\n", "/tag board\n/quit\n"] {
      let run = try TestSupport.reflect(["session", "--home", home], input: input)
      #expect(run.status == 0)
      #expect(run.stdout.contains("Nothing was written, so no session was saved."), "\(input)")
      #expect(!run.stdout.contains("Saved to"))
      #expect(TestSupport.transcripts(home: home).isEmpty, "\(input)")
    }
  }

  @Test func emptySessionsAlreadyOnDiskDoNotMakeAStreak() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let folder = home + "/transcripts"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    // An old reflect kept sessions with nothing in them: this week and last week.
    for offset in [0, 7] {
      let time = Date().addingTimeInterval(-Double(offset) * 86_400)
      var generator = SeededGenerator(seed: UInt64(offset + 1))
      let id = SessionID.generate(at: time, using: &generator)
      let start = SessionStart(
        id: id, pack: "collaboration", packTitle: "Collaboration in public services",
        stages: ["values"], seed: 1, version: "0.1.0", time: time)
      let writer = try TranscriptWriter.create(at: folder + "/\(id).jsonl")
      try writer.append(.start(start))
      try writer.append(.end(SessionEnd(reason: .endOfInput, time: time)))
    }
    let empty = try TestSupport.reflect(["stats", "--json", "--home", home])
    let object = try JSONSerialization.jsonObject(with: empty.stdoutData) as? [String: Any]
    #expect(object?["streakWeeks"] as? Int == 0)
    // One answer this week makes a streak of one.
    _ = try TestSupport.reflect(["session", "--questions-only", "--home", home], input: "Care\n")
    let one = try TestSupport.reflect(["stats", "--json", "--home", home])
    let counted = try JSONSerialization.jsonObject(with: one.stdoutData) as? [String: Any]
    #expect(counted?["streakWeeks"] as? Int == 1)
  }

  @Test func subjectAndTagsAreListedFilteredAndCounted() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    func session(_ arguments: [String], _ input: String) throws {
      let run = try TestSupport.reflect(
        ["session", "--questions-only", "--home", home] + arguments, input: input)
      #expect(run.status == 0, "\(run.stderr)")
    }
    try session(["--about", "School merger", "--tag", "School/Governors"], "Fairness\n/quit\n")
    try session(["--tag", "board"], "/tag away-day trust\nCandour\n/quit\n")
    try session([], "Patience with the council\n/quit\n")

    let list = try TestSupport.reflect(["list", "--home", home]).stdout
    let lines = list.split(separator: "\n").map(String.init)
    try #require(lines.count == 3)
    #expect(lines[0].contains("School merger  #school/governors [ended]"))
    #expect(lines[1].contains("#board  #away-day  #trust [ended]"))
    #expect(!lines[2].contains("#"))

    // A parent tag finds the nested one; every --tag must match; the filter works everywhere.
    let school = try TestSupport.reflect(["list", "--tag", "school", "--home", home]).stdout
    #expect(school.split(separator: "\n").count == 1 && school.contains("School merger"))
    #expect(
      try TestSupport.reflect(["list", "--tag", "schoo", "--home", home]).stdout.contains(
        "No sessions match"))
    let both = try TestSupport.reflect(
      ["list", "--tag", "board", "--tag", "trust", "--home", home]
    ).stdout
    #expect(both.split(separator: "\n").count == 1 && both.contains("#away-day"))
    let search = try TestSupport.reflect([
      "search", "candour OR fairness", "--tag", "board", "--home", home,
    ])
    .stdout
    #expect(search.contains("Candour") && !search.contains("Fairness"))
    let export = try TestSupport.reflect(
      ["export", "--format", "json", "--tag", "school", "--home", home])
    #expect(export.status == 0)
    let stats = try TestSupport.reflect(["stats", "--json", "--tag", "board", "--home", home])
    let object = try JSONSerialization.jsonObject(with: stats.stdoutData) as? [String: Any]
    #expect((object?["report"] as? [String: Any])?["sessionCount"] as? Int == 1)

    let tags = try TestSupport.reflect(["tags", "--json", "--home", home])
    let counts = try JSONSerialization.jsonObject(with: tags.stdoutData) as? [[String: Any]]
    #expect(
      counts?.map { $0["tag"] as? String } == ["away-day", "board", "school/governors", "trust"])
    #expect(counts?.allSatisfy { $0["sessions"] as? Int == 1 } == true)

    let json = try TestSupport.reflect(["list", "--json", "--home", home])
    let rows = try JSONSerialization.jsonObject(with: json.stdoutData) as? [[String: Any]]
    #expect(rows?.first?["subject"] as? String == "School merger")
    #expect(rows?.first?["tags"] as? [String] == ["school/governors"])

    // The files read without the index give the same.
    for arguments in [["list", "--tag", "school"], ["list", "--tag", "board", "--tag", "trust"]] {
      let fromIndex = try TestSupport.reflect(arguments + ["--home", home])
      let fromFiles = try TestSupport.reflect(
        arguments + ["--home", home], environment: ["REFLECT_NO_INDEX": "1"])
      #expect(fromFiles.stdout == fromIndex.stdout)
    }
  }

  @Test func badTagsAreRefusedWithTheRules() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    for bad in ["two words", "1984", "a//b", "/lead", "semi;colon", "emoji🙂"] {
      let run = try TestSupport.reflect(["session", "--tag", bad, "--home", home], input: "x\n")
      #expect(run.status == 64, "\(bad)")
      #expect(run.stderr.contains("is not a tag: use letters, digits"), "\(bad)")
      let filter = try TestSupport.reflect(["list", "--tag", bad, "--home", home])
      #expect(filter.status == 64, "\(bad)")
    }
    #expect(TestSupport.transcripts(home: home).isEmpty)
    let run = try TestSupport.reflect(
      ["session", "--questions-only", "--home", home], input: "/tag ok no!pe\nCare\n/quit\n")
    #expect(run.stdout.contains("'no!pe' is not a tag"))
    #expect(run.stdout.contains("Tags: #ok"))
    let transcript = try TranscriptReader().read(path: TestSupport.transcripts(home: home)[0])
    #expect(transcript.tags == ["ok"])
  }

  @Test func retagChangesTagsAndSubjectWithoutChangingTheSession() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    _ = try TestSupport.reflect(
      ["session", "--questions-only", "--tag", "board", "--home", home], input: "Care\n/quit\n")
    let path = TestSupport.transcripts(home: home)[0]
    let before = try String(contentsOfFile: path, encoding: .utf8)
    let run = try TestSupport.reflect(
      [
        "retag", "latest", "--add", "Trust", "--remove", "board", "--about", "Away day",
        "--home", home,
      ])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("#trust") && !run.stdout.contains("#board"))
    let after = try String(contentsOfFile: path, encoding: .utf8)
    #expect(after.hasPrefix(before), "only lines added")
    let transcript = try TranscriptReader().read(path: path)
    #expect(transcript.tags == ["trust"])
    #expect(transcript.subject == "Away day")
    #expect(transcript.status == .ended, "lines after the end leave the status as it was")
    let list = try TestSupport.reflect(["list", "--home", home]).stdout
    #expect(list.contains("Away day  #trust [ended]"))
    #expect(try TestSupport.reflect(["verify", "--home", home]).status == 0)
    #expect(try TestSupport.reflect(["replay", "latest", "--rerun", "--home", home]).status == 0)
    let missing = try TestSupport.reflect(["retag", "latest", "--remove", "nope", "--home", home])
    #expect(missing.stdout.contains("has no tag 'nope'"))
    #expect(try TestSupport.reflect(["retag", "latest", "--home", home]).status == 64)
  }

  @Test func anOldTranscriptWithoutSubjectOrTagsStillListsAndVerifies() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let folder = home + "/transcripts"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let fixture = TestSupport.packageRoot.appendingPathComponent("Transcripts").path
    let names = try FileManager.default.contentsOfDirectory(atPath: fixture).filter {
      $0.hasSuffix(".jsonl")
    }
    try #require(!names.isEmpty)
    var ids: [String] = []
    for name in names {
      // Stored under their ids, as reflect names transcripts.
      let transcript = try TranscriptReader().read(path: fixture + "/" + name)
      let id = try #require(transcript.start?.id.rawValue)
      ids.append(id)
      try FileManager.default.copyItem(
        atPath: fixture + "/" + name, toPath: folder + "/" + id + ".jsonl")
      chmod(folder + "/" + id + ".jsonl", 0o600)
    }
    chmod(home, 0o700)
    chmod(folder, 0o700)
    let list = try TestSupport.reflect(["list", "--home", home])
    #expect(list.status == 0)
    for id in ids { #expect(list.stdout.contains(id)) }
    #expect(try TestSupport.reflect(["tags", "--home", home]).stdout.contains("No tags yet"))
    let verify = try TestSupport.reflect(["verify", "--home", home])
    #expect(verify.status == 0, "\(verify.stdout)")
    #expect(verify.stdout.contains("\(ids.count) transcripts, all clean."))
    for id in ids {
      #expect(try TestSupport.reflect(["replay", id, "--rerun", "--home", home]).status == 0)
    }
    let vault = TestSupport.temporaryDirectory() + "/vault"
    let notes = try TestSupport.reflect([
      "export", "--format", "obsidian", "--output", vault, "--home", home,
    ])
    #expect(notes.status == 0, "\(notes.stderr)")
    #expect(notes.stdout.contains("\(ids.count) sessions in"))
  }
}
