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

  /// CPU seconds (user and system) `reflect arguments` took: the least of two runs.
  func cpuSeconds(_ arguments: [String]) throws -> Double {
    var least = Double.infinity
    for _ in 0..<2 {
      let run = try TestSupport.run(
        "/usr/bin/time", ["-f", "cpu %U %S", TestSupport.reflectBinary] + arguments)
      let line = run.stderr.split(separator: "\n").last { $0.hasPrefix("cpu ") } ?? ""
      let parts = line.split(separator: " ").dropFirst().compactMap { Double($0) }
      least = min(least, parts.reduce(0, +))
    }
    return least
  }

  /// A session with `count` answers, each revised, and `count` tags.
  func manyLines(_ count: Int) throws -> String {
    let id = "20261118-082641-many"
    var events: [TranscriptEvent] = [
      .start(
        SessionStart(
          id: testID(id), pack: "collaboration", packTitle: "C", stages: ["values"], seed: 1,
          version: "t", time: time))
    ]
    for index in 0..<count {
      events.append(.answer(Answer(stage: "values", question: "q", text: "a \(index)", time: time)))
      events.append(.command(Command(name: .tag, stage: "", text: "t\(index)", time: time)))
    }
    for index in 0..<count {
      events.append(
        .command(
          Command(
            name: .revise, stage: "values", text: "b \(index)", line: 2 + 2 * index, time: time)))
    }
    events.append(.end(SessionEnd(reason: .completed, time: time)))
    let home = TestSupport.temporaryDirectory() + "/home"
    _ = try writeTranscript(home: home, id: id, events)
    return home
  }

  @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/time")))
  func replayAndTagsGrowInProportionToTheLines() throws {
    let small = try manyLines(2_000)
    let large = try manyLines(8_000)
    for command in [["replay", "latest"], ["list"], ["tags"]] {
      _ = try TestSupport.reflect(command + ["--home", small])
      _ = try TestSupport.reflect(command + ["--home", large])
      // Four times the lines: about four times the work (1.5 to 3 times, with the start-up);
      // it was sixteen times. A floor of 0.05 s keeps a run too quick to time from counting.
      let ratio =
        try cpuSeconds(command + ["--home", large])
        / max(0.05, try cpuSeconds(command + ["--home", small]))
      #expect(ratio < 9, "\(command): \(ratio) times the CPU for four times the lines")
    }
    let replay = try TestSupport.reflect(["replay", "latest", "--home", small])
    #expect(replay.stdout.contains("a 1999") && replay.stdout.contains("b 1999"))
    let tags = try TestSupport.reflect(["tags", "--home", small])
    #expect(tags.stdout.contains("#t1999"))
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
