import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

/// Inputs of odd shape that crashed reflect or made it grow with the square of their size
/// (issue 26), through the built binary.
@Suite struct OddShapeTests {
  let time = Date(timeIntervalSince1970: 1_795_000_000)
  let good = "20261118-082640-good"

  /// A home with one ordinary session, and `lines` (raw JSON lines) as session `id`.
  func home(_ id: String, _ lines: [String]) throws -> String {
    let home = TestSupport.temporaryDirectory() + "/home"
    _ = try writeTranscript(
      home: home, id: good, session(good, at: time, answers: [("values", "Trust takes time")]))
    _ = FileManager.default.createFile(
      atPath: home + "/transcripts/\(id).jsonl",
      contents: Data(lines.map { $0 + "\n" }.joined().utf8),
      attributes: [.posixPermissions: 0o600])
    return home
  }

  /// Session `id` starting at `time` (a transcript's time text), as raw lines.
  func lines(_ id: String, at time: String, answer: String = "Trust takes time") -> [String] {
    [
      #"{"id":"\#(id)","pack":"collaboration","packTitle":"C","schema":1,"seed":1,"#
        + #""stages":["values"],"time":"\#(time)","type":"start","version":"t"}"#,
      #"{"question":"q","stage":"values","text":"\#(answer)","time":"\#(time)","type":"answer"}"#,
      #"{"number":1,"origin":"typed","stage":"lessons","text":"Trust takes time","#
        + #""time":"\#(time)","type":"lesson"}"#,
      #"{"reason":"completed","time":"\#(time)","type":"end"}"#,
    ]
  }

  @Test func aLineNestedTooDeeplyIsADamagedLineForEveryReader() throws {
    let id = "20261118-082641-deep"
    let depth = 130_000
    var transcript = lines(id, at: "2026-11-18T08:26:41.000Z")
    transcript.insert(
      #"{"type":"answer","text":"#
        + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}",
      at: 2)
    transcript.insert(String(repeating: "[", count: depth), at: 3)
    let home = try home(id, transcript)
    let file = home + "/transcripts/\(id).jsonl"
    for command in [
      ["list"], ["show", id], ["search", "trust"], ["stats"], ["export"],
      ["export", "--format", "html"], ["replay", id], ["verify"], ["verify", "--repair"],
    ] {
      let run = try TestSupport.reflect(command + ["--home", home])
      // `verify` reports on stdout, and exits 1 for the problems it found.
      let verifying = command[0] == "verify"
      let report = verifying ? run.stdout : run.stderr
      #expect(run.status == (verifying ? 1 : 0), "\(command): \(report.prefix(300))")
      #expect(report.contains(file + ":3: not valid JSON"), "\(command): \(report.prefix(300))")
      #expect(report.contains(file + ":4: not valid JSON"), "\(command)")
    }
    let listed = try TestSupport.reflect(["list", "--home", home]).stdout
    #expect(listed.contains(good) && listed.contains(id), "both sessions still read")
    #expect(FileManager.default.fileExists(atPath: file + ".quarantine"))
    let after = try TestSupport.reflect(["verify", "--home", home])
    #expect(after.status == 0 && after.stdout.contains("all clean"), "\(after.stdout.prefix(300))")
    let replay = try TestSupport.reflect(["replay", id, "--home", home])
    #expect(replay.stdout.contains("Trust takes time"))
  }

  /// Peak memory (KB) of `reflect arguments`, from /usr/bin/time, and its exit status.
  func peakKilobytes(_ arguments: [String]) throws -> (status: Int32, kilobytes: Int) {
    let run = try TestSupport.run(
      "/usr/bin/time", ["-f", "peak %M", TestSupport.reflectBinary] + arguments)
    let peak = run.stderr.split(separator: "\n").last { $0.hasPrefix("peak ") }
    return (run.status, peak.flatMap { Int($0.dropFirst(5)) } ?? -1)
  }

  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/time")))
  func aWordOfOneLetterRepeatedIsReadInBoundedMemory() throws {
    let id = "20261118-082641-word"
    let word = "n" + String(repeating: "o", count: 100_000)
    let home = try home(id, lines(id, at: "2026-11-18T08:26:41.000Z", answer: "I said " + word))
    for command in [["stats"], ["export"], ["export", "--format", "html"]] {
      let (status, kilobytes) = try peakKilobytes(command + ["--home", home])
      #expect(status == 0, "\(command)")
      // About 35 MB when each word is stemmed once; every shorter run was kept before.
      #expect(kilobytes > 0 && kilobytes < 200_000, "\(command): \(kilobytes) KB")
    }
  }

  /// CPU seconds (user and system) `reflect arguments` took: the least of two runs, each
  /// after `prepare`.
  func cpuSeconds(_ arguments: [String], prepare: () -> Void = {}) throws -> Double {
    var least = Double.infinity
    for _ in 0..<2 {
      prepare()
      let run = try TestSupport.run(
        "/usr/bin/time", ["-f", "cpu %U %S", TestSupport.reflectBinary] + arguments)
      let line = run.stderr.split(separator: "\n").last { $0.hasPrefix("cpu ") } ?? ""
      let parts = line.split(separator: " ").dropFirst().compactMap { Double($0) }
      least = min(least, parts.reduce(0, +))
    }
    return least
  }

  /// A home with one session of `count` answers, each revised, or of `count` tags.
  func manyLines(_ count: Int, tags: Bool) throws -> String {
    let id = "20261118-082641-many"
    var events: [TranscriptEvent] = [
      .start(
        SessionStart(
          id: testID(id), pack: "collaboration", packTitle: "C", stages: ["values"], seed: 1,
          version: "t", time: time))
    ]
    for index in 0..<count {
      events.append(
        tags
          ? .command(Command(name: .tag, stage: "", text: "t\(index)", time: time))
          : .answer(Answer(stage: "values", question: "q", text: "a \(index)", time: time)))
    }
    for index in 0..<count where !tags {
      events.append(
        .command(
          Command(name: .revise, stage: "values", text: "b \(index)", line: 2 + index, time: time)))
    }
    events.append(.end(SessionEnd(reason: .completed, time: time)))
    let home = TestSupport.temporaryDirectory() + "/home"
    _ = try writeTranscript(home: home, id: id, events)
    return home
  }

  /// How many times the CPU `command` takes on `large` is the CPU it takes on `small`.
  func growth(_ command: [String], _ small: String, _ large: String, fresh: Bool) throws
    -> Double
  {
    // With `fresh`, the index is built again each run (that is where a session's tags are
    // worked out); a floor of 0.05 s keeps a run too quick to time from counting.
    func run(_ home: String) throws -> Double {
      try cpuSeconds(command + ["--home", home]) {
        if fresh { try? FileManager.default.removeItem(atPath: home + "/index.sqlite") }
      }
    }
    return try run(large) / max(0.05, try run(small))
  }

  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/time")))
  func replayAndTagsGrowInProportionToTheLines() throws {
    // Four times the lines: about four times the work (less, with the start-up); it was
    // fourteen to sixteen times.
    let revised = (try manyLines(2_500, tags: false), try manyLines(10_000, tags: false))
    let replay = try growth(["replay", "latest"], revised.0, revised.1, fresh: false)
    #expect(replay < 9, "replay: \(replay) times the CPU for four times the lines")
    let tagged = (try manyLines(2_500, tags: true), try manyLines(10_000, tags: true))
    for command in [["list"], ["replay", "latest"]] {
      let ratio = try growth(command, tagged.0, tagged.1, fresh: true)
      #expect(ratio < 9, "\(command): \(ratio) times the CPU for four times the tags")
    }
    let shown = try TestSupport.reflect(["replay", "latest", "--home", revised.0]).stdout
    #expect(shown.contains("a 2499") && shown.contains("b 2499"))
    let tags = try TestSupport.reflect(["tags", "--home", tagged.0]).stdout
    #expect(tags.contains("#t2499") && tags.contains("#t0"))
    let listed = try TestSupport.reflect(["list", "--home", tagged.0]).stdout
    #expect(listed.contains("#t0  #t1  #t2"), "tags in the order added: \(listed.prefix(200))")
  }

  @Test func tagsKeepTheOrderAddedAndARemovedOneAddedAgainGoesLast() {
    let names: [(Command.Name, String)] = [
      (.tag, "b"), (.tag, "a"), (.tag, "B"), (.tag, "c"), (.untag, "b"), (.tag, "d"),
      (.tag, "b"), (.untag, "zz"), (.tag, "not a tag"),
    ]
    let transcript = Transcript(
      path: "t",
      events: names.map { .command(Command(name: $0.0, stage: "", text: $0.1, time: time)) })
    #expect(transcript.tags == ["a", "c", "d", "b"])
  }

  @Test func oddDatesNeverBreakTheArchive() throws {
    let old = "00010101-000000-old1"
    let home = try home(old, lines(old, at: "0001-01-01T00:00:00.000Z"))
    for (id, time) in [
      ("00000101-000000-old0", "0000-01-01T00:00:00.000Z"),
      ("21080101-000000-fut1", "2108-01-01T00:00:00.000Z"),
      ("99991231-235959-fut9", "9999-12-31T23:59:59.000Z"),
    ] {
      _ = FileManager.default.createFile(
        atPath: home + "/transcripts/\(id).jsonl",
        contents: Data(lines(id, at: time).map { $0 + "\n" }.joined().utf8),
        attributes: [.posixPermissions: 0o600])
    }
    let folder = TestSupport.temporaryDirectory()
    for command in [
      ["stats"], ["export"], ["export", "--format", "html"], ["export", "--format", "json"],
      ["export", "--format", "dayone", "--output", folder + "/journal.zip"],
      ["export", "--format", "obsidian", "--output", folder + "/notes"], ["list"], ["verify"],
    ] {
      let run = try TestSupport.reflect(command + ["--home", home])
      #expect(run.status == 0, "\(command): \(run.stderr.prefix(300))")
      #expect(run.stderr.isEmpty, "\(command): \(run.stderr.prefix(300))")
    }
    let stats = try TestSupport.reflect(["stats", "--home", home]).stdout
    #expect(stats.contains("in 5 of 5 sessions"), "\(stats)")
    #expect(stats.contains("  9999-12 "), "the newest month is shown")
    #expect(FileManager.default.fileExists(atPath: folder + "/journal.zip"))
    // `latest` is the newest session not in the future.
    let latest = try TestSupport.reflect(["show", "latest", "--home", home])
    #expect(latest.stdout.contains(good), "\(latest.stdout.prefix(200))")
  }

  @Test func aJournalEntryAfter2107ExportsToDayOne() throws {
    let folder = TestSupport.temporaryDirectory()
    let journal = folder + "/journal.json"
    let text =
      #"{"entries":[{"date":"2150-06-01","time":"09:30","title":"Far ahead.","body":"","#
      + #""tags":[]},{"date":"2026-01-02","time":"09:30","title":"Now.","body":""}]}"#
    try Data(text.utf8).write(to: URL(fileURLWithPath: journal))
    let home = folder + "/home"
    let imported = try TestSupport.reflect(["import", "jrnl", journal, "--home", home])
    #expect(imported.status == 0, "\(imported.stderr)")
    let export = try TestSupport.reflect(
      ["export", "--format", "dayone", "--output", folder + "/out.zip", "--home", home])
    #expect(export.status == 0, "\(export.stderr.prefix(300))")
    let json = try TestSupport.reflect(["export", "--format", "json", "--home", home])
    #expect(json.stdout.contains("2150-06-01"))
    let latest = try TestSupport.reflect(["show", "latest", "--home", home])
    #expect(latest.stdout.contains("Now."), "\(latest.stdout.prefix(300))")
    #expect(!latest.stdout.contains("Far ahead."))
  }
}
