import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

@Suite struct VerifyTests {
  /// A home with three sessions: clean, one bad complete line, and a torn last line.
  func damagedHome() throws -> (home: String, paths: [String]) {
    let home = TestSupport.temporaryDirectory() + "/home"
    for answer in ["First session", "Second session", "Third session"] {
      _ = try TestSupport.reflect(
        ["--home", home, "--questions-only"], input: "\(answer)\n/quit\n")
    }
    let paths = TestSupport.transcripts(home: home)
    try #require(paths.count == 3)
    var second = try String(contentsOfFile: paths[1], encoding: .utf8)
    second = second.replacingOccurrences(of: "\"type\":\"answer\"", with: "\"type\":\"answer\",,")
    try Data(second.utf8).write(to: URL(fileURLWithPath: paths[1]))
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: paths[2]))
    try handle.seekToEnd()
    try handle.write(contentsOf: Data("{\"type\":\"answer\",\"te".utf8))
    try handle.close()
    return (home, paths)
  }

  @Test func verifyNamesEachProblemAndTheRestStillWorks() throws {
    let (home, paths) = try damagedHome()
    let run = try TestSupport.reflect(["verify", "--home", home])
    #expect(run.status == 1)
    #expect(run.stdout.contains("\(paths[1]):5: not valid JSON"))
    #expect(run.stdout.contains("\(paths[2]):"))
    #expect(run.stdout.contains("unterminated last line"))
    #expect(!run.stdout.contains(paths[0] + ":"))

    let list = try TestSupport.reflect(["list", "--home", home])
    #expect(list.stdout.split(separator: "\n").count == 3)
    #expect(list.stderr.contains("\(paths[1]):5: not valid JSON"))
    let export = try TestSupport.reflect(["export", "--format", "json", "--home", home])
    #expect(export.status == 0)
  }

  /// Files are read on every core, a few dozen at a time: problems are still reported, and
  /// repaired, in the order of the files.
  @Test func manyFilesAreReportedAndRepairedInOrder() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let time = Date(timeIntervalSince1970: 1_790_000_000)
    var damaged: [String] = []
    for number in 0..<300 {
      let id = String(format: "20260901-%06d-v%04d", number, number)
      let path = try writeTranscript(
        home: home, id: id,
        session(id, at: time + Double(number * 60), answers: [("trust", "Trust \(number)")]))
      guard number % 70 == 3 else { continue }
      let text = try String(contentsOfFile: path, encoding: .utf8)
      try Data(text.replacingOccurrences(of: "\"type\":\"answer\"", with: "\"type\":,").utf8)
        .write(to: URL(fileURLWithPath: path))
      damaged.append(path)
    }
    let run = try TestSupport.reflect(["verify", "--home", home])
    #expect(run.status == 1)
    let named = run.stdout.split(separator: "\n").compactMap { line in
      damaged.first { line.hasPrefix($0 + ":") }
    }
    #expect(named == damaged, "\(run.stdout)")
    #expect(run.stdout.hasSuffix("300 transcripts, 5 problems.\n"), "\(run.stdout)")
    let json = try TestSupport.reflect(["verify", "--json", "--home", home])
    let report = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    let paths = (report?["problems"] as? [[String: Any]])?.compactMap { $0["path"] as? String }
    #expect(paths == damaged)
    let repaired = try TestSupport.reflect(["verify", "--repair", "--home", home])
    let moved = repaired.stdout.split(separator: "\n").filter { $0.hasPrefix("moved 1 line") }
    #expect(moved.count == 5 && moved.last?.contains(damaged[4]) == true, "\(repaired.stdout)")
    let again = try TestSupport.reflect(["verify", "--home", home])
    #expect(again.status == 0, "\(again.stdout)")
    #expect(again.stdout == "300 transcripts, all clean.\n")
  }

  @Test func repairMovesBadLinesAsideAndKeepsEverythingElse() throws {
    let (home, paths) = try damagedHome()
    let before = try String(contentsOfFile: paths[1], encoding: .utf8).split(separator: "\n")
    let run = try TestSupport.reflect(["verify", "--repair", "--home", home])
    #expect(run.status == 1, "problems were found, even though they were repaired")
    #expect(run.stdout.contains("moved 1 line of '\(paths[1])'"))
    let quarantine = try String(contentsOfFile: paths[1] + ".quarantine", encoding: .utf8)
    #expect(quarantine == String(before[4]) + "\n")
    let after = try String(contentsOfFile: paths[1], encoding: .utf8).split(separator: "\n")
    #expect(after == before.enumerated().filter { $0.offset != 4 }.map(\.element))
    #expect(TestSupport.mode(paths[1]) == 0o600)
    #expect(TestSupport.mode(paths[1] + ".quarantine") == 0o600)
    #expect(
      try String(contentsOfFile: paths[2] + ".quarantine", encoding: .utf8).hasPrefix(
        "{\"type\":\"answer\",\"te"))
    let again = try TestSupport.reflect(["verify", "--home", home])
    #expect(again.status == 0, "\(again.stdout)")
    #expect(again.stdout.contains("3 transcripts, all clean."))
  }

  @Test func looseModesAndNonRegularFilesAreReported() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    _ = try TestSupport.reflect(["--home", home], input: "Care\n/quit\n")
    let path = TestSupport.transcripts(home: home)[0]
    chmod(path, 0o644)
    mkfifo(home + "/transcripts/20261129-000000-fifo.jsonl", 0o600)
    let run = try TestSupport.reflect(["list", "--home", home])
    #expect(run.status == 0)
    #expect(run.stderr.contains("'\(path)' can be read by others (mode 644)"))
    #expect(run.stderr.contains("20261129-000000-fifo.jsonl': not a regular file"))
  }

  /// A home with one session of two answers; returns its lines.
  func oneSession() throws -> (home: String, path: String, lines: [String]) {
    let home = TestSupport.temporaryDirectory() + "/home"
    _ = try TestSupport.reflect(
      ["--home", home, "--questions-only"], input: "Pupils first\nWhen the budget was cut\n/quit\n")
    let path = try #require(TestSupport.transcripts(home: home).first)
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
      .map(String.init)
    try #require(lines.first?.contains("\"type\":\"start\"") == true)
    return (home, path, lines)
  }

  func write(_ lines: [String], to path: String) throws {
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
  }

  /// A transcript whose start line was lost, or damaged, gets a start rebuilt from its name
  /// and first event: every answer reads again, a damaged line is kept aside, and verify is
  /// clean after.
  @Test(arguments: [false, true])
  func aTranscriptThatLostItsStartIsGivenOne(damaged: Bool) throws {
    let (home, path, lines) = try oneSession()
    let broken = #"{"type":"start",,"schema":1"#
    try write((damaged ? [broken] : []) + lines.dropFirst(), to: path)
    let before = try TestSupport.reflect(["verify", "--home", home])
    #expect(before.status == 1)
    #expect(before.stdout.contains("the first event is not a session start"), "\(before.stdout)")

    let run = try TestSupport.reflect(["verify", "--repair", "--home", home])
    #expect(!run.stdout.contains("moved 0"), "\(run.stdout)")
    #expect(run.stdout.contains("gave '\(path)' the session start it had lost"), "\(run.stdout)")
    #expect(run.stdout.contains("moved 1 line of '\(path)'") == damaged, "\(run.stdout)")
    let after = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
      .map(String.init)
    // Every line the person's session wrote is still there, under the rebuilt start.
    #expect(Array(after.dropFirst()) == Array(lines.dropFirst()))
    let start = try #require(TranscriptReader().read(path: path).start)
    #expect(path.hasSuffix("/" + start.id.rawValue + ".jsonl"))
    #expect(start.pack == TranscriptRepair.recoveredPack)
    if damaged {
      #expect(try String(contentsOfFile: path + ".quarantine", encoding: .utf8) == broken + "\n")
    }
    let again = try TestSupport.reflect(["verify", "--home", home])
    #expect(again.status == 0, "\(again.stdout)")
    let show = try TestSupport.reflect(["show", "latest", "--home", home])
    #expect(show.stdout.contains("Pupils first"), "\(show.stdout)\(show.stderr)")
    #expect(show.stdout.contains("When the budget was cut"))
  }

  /// A start that comes late: the lines before it are moved aside, the file then begins
  /// with it.
  @Test func linesBeforeALateStartAreMovedAside() throws {
    let (home, path, lines) = try oneSession()
    try write([lines[1], lines[0]] + lines.dropFirst(2), to: path)
    let run = try TestSupport.reflect(["verify", "--repair", "--home", home])
    #expect(run.stdout.contains("moved 1 line of '\(path)'"), "\(run.stdout)")
    #expect(try String(contentsOfFile: path + ".quarantine", encoding: .utf8) == lines[1] + "\n")
    let after = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
      .map(String.init)
    #expect(after == [lines[0]] + lines.dropFirst(2))
    #expect(try TestSupport.reflect(["verify", "--home", home]).status == 0)
  }

  /// A correction (`revise`) still names its answer's line under a rebuilt start, whether
  /// the start line was lost whole or damaged.
  @Test(arguments: [false, true])
  func aCorrectionKeepsItsLineUnderARebuiltStart(damaged: Bool) throws {
    let (home, path, _) = try oneSession()
    let fake = try TestSupport.script(#"sed -i 's/^Pupils first$/Pupils first, always/' "$1""#)
    let amend = try TestSupport.reflect(
      ["amend", "latest", "--home", home], environment: ["EDITOR": fake, "VISUAL": ""])
    #expect(amend.status == 0, "\(amend.stderr)")
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
      .map(String.init)
    try write((damaged ? ["{not json"] : []) + lines.dropFirst(), to: path)
    _ = try TestSupport.reflect(["verify", "--repair", "--home", home])
    #expect(try TestSupport.reflect(["verify", "--home", home]).status == 0)
    let show = try TestSupport.reflect(["show", "latest", "--home", home]).stdout
    #expect(show.contains("> Pupils first, always"), "\(show)")
  }
}
