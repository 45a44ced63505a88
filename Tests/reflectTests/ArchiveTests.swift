import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

/// Writes a transcript of `events` into `home` as session `id`.
func writeTranscript(home: String, id: String, _ events: [TranscriptEvent]) throws -> String {
  try FileManager.default.createDirectory(
    atPath: home + "/transcripts", withIntermediateDirectories: true)
  chmod(home, 0o700)
  chmod(home + "/transcripts", 0o700)
  let path = home + "/transcripts/\(id).jsonl"
  let codec = TranscriptCodec()
  _ = FileManager.default.createFile(
    atPath: path, contents: events.map(codec.encode).reduce(Data(), +),
    attributes: [.posixPermissions: 0o600])
  return path
}

func session(
  _ id: String, at time: Date, pack: String = "collaboration", answers: [(String, String)],
  lessons: [String] = [], gap: TimeInterval = 1
) -> [TranscriptEvent] {
  var events: [TranscriptEvent] = [
    .start(
      SessionStart(
        id: testID(id), pack: pack, packTitle: "Collaboration", stages: answers.map(\.0), seed: 1,
        version: "t", time: time))
  ]
  var clock = time
  for (stage, text) in answers {
    clock += gap
    events.append(
      .coach(
        CoachMessage(
          stage: stage, kind: .question, question: "q", text: "Question about \(stage)?",
          time: clock)))
    clock += gap
    events.append(.answer(Answer(stage: stage, question: "q", text: text, time: clock)))
  }
  for (index, lesson) in lessons.enumerated() {
    events.append(.lesson(Lesson(stage: "lessons", number: index + 1, text: lesson, time: clock)))
  }
  events.append(.end(SessionEnd(reason: .completed, time: clock + gap)))
  return events
}

@Suite struct SearchAndShowTests {
  let time = Date(timeIntervalSince1970: 1_795_000_000)

  func home() throws -> String {
    let home = TestSupport.temporaryDirectory()
    _ = try writeTranscript(
      home: home, id: "20261118-082640-aaaa",
      session(
        "20261118-082640-aaaa", at: time,
        answers: [
          ("values", "Honesty at the Café meeting with the governors"),
          ("trust", "Trust grew slowly with the council"),
        ], lessons: ["Meet at the café first"]))
    _ = try writeTranscript(
      home: home, id: "20261120-090000-bbbb",
      session(
        "20261120-090000-bbbb", at: time + 200_000,
        answers: [("trust", "The council never came to the school gate")]))
    return home
  }

  @Test func searchIgnoresCaseAndAccentsAndNeedsEveryWord() throws {
    let home = try home()
    let cafe = try TestSupport.reflect(["search", "CAFE", "--home", home])
    #expect(cafe.stdout.split(separator: "\n").count == 2)
    #expect(cafe.stdout.contains("20261118-082640-aaaa"))
    #expect(cafe.stdout.contains("values  Honesty at the Café meeting"))
    let both = try TestSupport.reflect(["search", "council", "gate", "--home", home])
    #expect(both.stdout.split(separator: "\n").count == 1)
    #expect(both.stdout.contains("20261120-090000-bbbb"))
    let staged = try TestSupport.reflect([
      "search", "council", "--stage", "trust", "--since", "2026-11-19", "--home", home,
    ])
    #expect(staged.stdout.split(separator: "\n").count == 1)
    let json = try TestSupport.reflect(["search", "council", "--json", "--home", home])
    let hits = try JSONSerialization.jsonObject(with: json.stdoutData) as? [[String: Any]]
    #expect(
      hits?.compactMap { $0["session"] as? String } == [
        "20261118-082640-aaaa", "20261120-090000-bbbb",
      ])
    #expect(try TestSupport.reflect(["search", "zebra", "--home", home]).stdout == "No matches.\n")
  }

  /// Text shows the best 20 hits and counts the rest; -n and --all show fewer or more; JSON
  /// holds every hit unless -n is given.
  @Test func searchShowsTheBestTwentyAndCountsTheRest() throws {
    let home = TestSupport.temporaryDirectory("search-limit") + "/home"
    let time = Date(timeIntervalSince1970: 1_795_000_000)
    for number in 0..<25 {
      let id = String(format: "20261118-0900%02d-lim%@", number, "a")
      _ = try writeTranscript(
        home: home, id: id,
        session(
          id, at: time + Double(number),
          answers: [("trust", "Trust " + String(repeating: "and trust ", count: number % 3))]))
    }
    let text = try TestSupport.reflect(["search", "trust", "--home", home])
    let lines = text.stdout.split(separator: "\n")
    #expect(lines.count == 21, "\(text.stdout)")
    #expect(lines.last == "5 more matches (-n N or --all shows more)")
    let json = try TestSupport.reflect(["search", "trust", "--json", "--home", home])
    let hits = try JSONSerialization.jsonObject(with: json.stdoutData) as? [[String: Any]]
    #expect(hits?.count == 25)
    let sessions = hits?.compactMap { $0["session"] as? String } ?? []
    // The text lists the same best twenty, in the same order.
    #expect(lines.prefix(20).map { String($0.prefix(20)) } == Array(sessions.prefix(20)))
    let three = try TestSupport.reflect(["search", "trust", "-n", "3", "--json", "--home", home])
    let best = try JSONSerialization.jsonObject(with: three.stdoutData) as? [[String: Any]]
    #expect(best?.compactMap { $0["session"] as? String } == Array(sessions.prefix(3)))
    let one = try TestSupport.reflect(["search", "trust", "-n", "24", "--home", home])
    #expect(one.stdout.hasSuffix("1 more match (-n N or --all shows more)\n"), "\(one.stdout)")
    let all = try TestSupport.reflect(["search", "trust", "--all", "--home", home])
    #expect(all.stdout.split(separator: "\n").count == 25)
    for bad in [["-n", "0"], ["-n", "2", "--all"]] {
      let run = try TestSupport.reflect(["search", "trust"] + bad + ["--home", home])
      #expect(run.status == 64, "\(bad)")
    }
  }

  @Test func searchSyntaxWorksFromTheCommandLine() throws {
    let home = try home()
    func sessions(_ words: [String]) throws -> [String] {
      let run = try TestSupport.reflect(["search"] + words + ["--json", "--home", home])
      #expect(run.status == 0, "\(words): \(run.stderr)")
      let hits = try JSONSerialization.jsonObject(with: run.stdoutData) as? [[String: Any]]
      return hits?.compactMap { $0["session"] as? String } ?? []
    }
    // Whole words: "council" is found, "counc" is not, "counc*" is.
    #expect(try sessions(["counc"]).isEmpty)
    #expect(try sessions(["counc*"]).count == 2)
    // A -word after the others leaves answers out, without `--`.
    #expect(try sessions(["council", "-gate"]) == ["20261118-082640-aaaa"])
    #expect(try sessions(["council", "NOT", "slowly"]) == ["20261120-090000-bbbb"])
    #expect(try sessions(["\"school gate\""]) == ["20261120-090000-bbbb"])
    #expect(try sessions(["\"gate school\""]).isEmpty)
    #expect(try sessions(["governors", "OR", "gate"]).count == 2)
    // Best first: a newer answer that says "trust" three times comes before the older one.
    _ = try writeTranscript(
      home: home, id: "20261121-090000-cccc",
      session(
        "20261121-090000-cccc", at: time + 300_000,
        answers: [("trust", "Trust is earned: trust given, trust kept.")]))
    let ranked = try TestSupport.reflect(["search", "trust", "--json", "--home", home])
    let hits = try JSONSerialization.jsonObject(with: ranked.stdoutData) as? [[String: Any]]
    #expect(
      hits?.compactMap { $0["session"] as? String } == [
        "20261121-090000-cccc", "20261118-082640-aaaa",
      ])
    // The rank is the full-text index's bm25 score, negated: higher is better.
    let ranks = hits?.compactMap { $0["rank"] as? Double } ?? []
    #expect(ranks.count == 2 && ranks[0] > ranks[1] && ranks[1] > 0, "\(ranks)")
    // A query that cannot be read, or an unknown option, is a usage error that says why.
    let open = try TestSupport.reflect(["search", "\"school gate", "--home", home])
    #expect(open.status == 64)
    #expect(open.stderr.contains("is not closed"))
    let typo = try TestSupport.reflect(["search", "--jsno", "gate", "--home", home])
    #expect(typo.status == 64)
    #expect(typo.stderr.contains("Unknown option '--jsno'"))
  }

  @Test func searchHighlightsMatchesOnATerminal() throws {
    let home = try home()
    let pane = try TmuxPane(
      "env -u NO_COLOR \(TestSupport.reflectBinary) search council --home \(home); sleep 5")
    try pane.waitFor("school gate")
    let screen = try pane.screen(escapes: true)
    // tmux re-encodes styles; the word is underlined (SGR 4) and the rest of the line is not.
    let underlined = screen.components(separatedBy: "4m").dropFirst().filter {
      $0.hasPrefix("council")
    }
    #expect(underlined.count == 2, "\(screen)")
    #expect(!screen.contains("4mThe"))
  }

  @Test func showRendersOneSessionAsADocument() throws {
    let home = try home()
    let markdown = try TestSupport.reflect(["show", "20261118-082640-aaaa", "--home", home])
    #expect(markdown.stdout.hasPrefix("# Collaboration — 2026-11-18"))
    #expect(
      markdown.stdout.contains(
        "## Values\n\n**Coach:** Question about values?\n\n> Honesty at the Café meeting with the governors"
      ))
    #expect(
      markdown.stdout.contains("1\\. Meet at the café first")
        || markdown.stdout.contains("1. Meet at the café first"))
    let text = try TestSupport.reflect(["show", "latest", "--format", "text", "--home", home])
    #expect(
      text.stdout.contains(
        "Trust\n-----\n\nCoach: Question about trust?\n\nYou: The council never came to the school gate"
      ))
  }
}

@Suite(.serialized) struct PacedReplayTests {
  @Test func pacedReplayWaitsAndCtrlCSkipsAhead() throws {
    let home = TestSupport.temporaryDirectory()
    let events = session(
      "20261118-082640-cccc", at: Date(timeIntervalSince1970: 1_795_000_000),
      answers: [("values", "First"), ("trust", "Second"), ("purpose", "Third")], gap: 60)
    _ = try writeTranscript(home: home, id: "20261118-082640-cccc", events)
    // Piped (no terminal): pauses are capped and scaled, and every line still arrives.
    let piped = try TestSupport.reflect([
      "replay", "latest", "--pace", "--speed", "1000", "--home", home,
    ])
    #expect(piped.status == 0)
    #expect(piped.stdout.contains("  you │ Third"))
    // On a terminal each 60 s gap is capped at 3 s; Ctrl-C skips all the remaining pauses.
    let pane = try TmuxPane("\(TestSupport.reflectBinary) replay latest --pace --home \(home)")
    try pane.waitFor("Question about values?")
    #expect(!(try pane.screen().contains("Third")), "the replay is paced")
    try pane.send("C-c")
    try pane.waitFor("session completed", timeout: 2.5)
    #expect(try pane.waitForExit() == 0)
  }

  /// A signal that ends a paced replay (SIGTERM, SIGHUP, or SIGINT and SIGQUIT sent from
  /// outside: the keys are bytes then) puts the terminal back (echo and line editing).
  @Test(arguments: ["TERM", "HUP", "INT", "QUIT"])
  func aSignalDuringAPacedReplayRestoresTheTerminal(signal: String) throws {
    let home = TestSupport.temporaryDirectory()
    let events = session(
      "20261118-082640-ffff", at: Date(timeIntervalSince1970: 1_795_000_000),
      answers: [("values", "First"), ("trust", "Second")], gap: 60)
    _ = try writeTranscript(home: home, id: "20261118-082640-ffff", events)
    // Swift's backtracer, on a terminal, takes SIGQUIT itself (and waits for a key): off,
    // the signal's own action is what is tested.
    let pane = try TmuxPane(
      "SWIFT_BACKTRACE=enable=no \(TestSupport.reflectBinary) replay latest --pace --home \(home);"
        + " echo MODE; stty -a; sleep 30")
    try pane.waitFor("Question about values?")
    let kill = try TestSupport.run(
      "/usr/bin/env",
      [
        "pkill", "-" + signal, "-f",
        "^\(TestSupport.reflectBinary) replay latest --pace --home \(home)",
      ])
    #expect(kill.status == 0)
    try pane.waitFor("MODE")
    let mode = try pane.waitFor("stty settings") { $0.contains("icanon") }
    let settings = mode.components(separatedBy: "MODE").last ?? ""
    #expect(settings.contains(" icanon"), "\(settings)")
    #expect(settings.contains(" echo "), "\(settings)")
    #expect(!settings.contains("-icanon"))
  }

  @Test func anyKeySkipsOnePause() throws {
    let home = TestSupport.temporaryDirectory()
    let events = session(
      "20261118-082640-dddd", at: Date(timeIntervalSince1970: 1_795_000_000),
      answers: [("values", "First"), ("trust", "Second")], gap: 60)
    _ = try writeTranscript(home: home, id: "20261118-082640-dddd", events)
    let pane = try TmuxPane("\(TestSupport.reflectBinary) replay latest --pace --home \(home)")
    try pane.waitFor("Question about values?")
    try pane.send("x")
    try pane.waitFor("you │ First", timeout: 2.5)
    #expect(!(try pane.screen().contains("Second")), "only one pause was skipped")
    try pane.send("C-c")
    #expect(try pane.waitForExit() == 0)
  }

  @Test func replayIsColouredOnATerminalUnlessNoColor() throws {
    let home = TestSupport.temporaryDirectory()
    let events = session("20261118-082640-eeee", at: Date(), answers: [("values", "Fair")])
    _ = try writeTranscript(home: home, id: "20261118-082640-eeee", events)
    let colour = try TmuxPane(
      "env -u NO_COLOR \(TestSupport.reflectBinary) replay latest --home \(home); sleep 5")
    try colour.waitFor("session completed")
    #expect(try colour.screen(escapes: true).contains("\u{1B}["))
    let plain = try TmuxPane(
      "NO_COLOR=1 \(TestSupport.reflectBinary) replay latest --home \(home); sleep 5")
    try plain.waitFor("session completed")
    #expect(!(try plain.screen(escapes: true).contains("\u{1B}[3")))
  }

  @Test func badSpeedIsRejected() throws {
    let run = try TestSupport.reflect(["replay", "latest", "--pace", "--speed", "0"])
    #expect(run.status == 64)
    #expect(run.stderr.contains("--speed must be a positive number"))
  }
}
