import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

/// Imported notes get candidate lessons (#28, item 7), through the binary: the finder's
/// candidates are kept as suggestions, never lessons, until `reflect lessons review` keeps,
/// edits or drops each (piped and in a real terminal, quit and resumed, killed midway), and
/// the reports count only kept lessons and say how many suggestions wait.
@Suite(.serialized) struct ImportSuggestionTests {
  /// Words only: the finder without the sentence model (what a home without `make setup`
  /// has).
  static let wordsOnly = ["REFLECT_MODEL": "/nonexistent"]

  /// Notes written as people write them: lower-case "i", a typo, the lesson mid-paragraph
  /// behind a frame, beside chatter; two Markdown notes (one with front matter) and a jrnl
  /// export of one entry.
  ///
  /// Oldest first: the governors' note, the merger note, the board.
  func notes() throws -> (folder: String, journal: String) {
    let folder = TestSupport.temporaryDirectory("notes")
    try """
    ---
    title: Governors away day
    tags: [governors]
    ---
    long day at the away day, the chair kept us to time which helped. we went round the \
    houses on the budget again and i think everyone was tired by lunch. What emerged for me \
    is that people need to hear the why before they can hear the plan. Also the coffee was \
    terrible.

    """.write(toFile: folder + "/2026-03-04 governors.md", atomically: true, encoding: .utf8)
    try """
    quick note after the merger meeting. i was honestly dreading it. it went ok in the end, \
    the heads were more open than i expected and nobody walked out. what the project taught \
    me is that small promises kept matter more than big ones made. next time start with the \
    why.

    """.write(toFile: folder + "/2026-05-10.md", atomically: true, encoding: .utf8)
    let journal = TestSupport.temporaryDirectory("jrnl") + "/journal.json"
    let export: [String: Any] = [
      "tags": [:] as [String: Any],
      "entries": [
        [
          "title": "Tuesday.",
          "body":
            "Board met. Sam late again. i realised i had been treating the budget as optional,"
            + " so everyone else did too. need to fix the agenda befor next month. Trust is"
            + " built in small moments, not in big speeches.",
          "date": "2026-06-02", "time": "18:30", "tags": [] as [String], "starred": false,
        ] as [String: Any]
      ],
    ]
    try JSONSerialization.data(withJSONObject: export).write(to: URL(fileURLWithPath: journal))
    return (folder, journal)
  }

  /// The three notes imported into a new home.
  func importedHome(_ environment: [String: String] = [:]) throws -> String {
    let home = TestSupport.temporaryDirectory() + "/home"
    let (folder, journal) = try notes()
    let markdown = try TestSupport.reflect(
      ["import", "markdown", folder, "--home", home], environment: environment)
    #expect(markdown.status == 0, "\(markdown.stderr)")
    #expect(markdown.stdout.contains("2 entries: 2 imported, 0 already here."))
    let jrnl = try TestSupport.reflect(
      ["import", "jrnl", journal, "--home", home], environment: environment)
    #expect(jrnl.status == 0, "\(jrnl.stderr)")
    return home
  }

  /// The imported transcripts, oldest first.
  func transcripts(_ home: String) throws -> [Transcript] {
    try TestSupport.transcripts(home: home).sorted().map { try TranscriptReader().read(path: $0) }
  }

  /// What `lessons review --json` lists: (session, number, text) of each waiting one.
  func waiting(_ home: String, _ environment: [String: String] = [:]) throws -> [(
    session: String, number: Int, text: String
  )] {
    let run = try TestSupport.reflect(
      ["lessons", "review", "--json", "--home", home], environment: environment)
    #expect(run.status == 0, "\(run.stderr)")
    let list = try #require(
      try JSONSerialization.jsonObject(with: run.stdoutData) as? [[String: Any]])
    return try list.map {
      (
        try #require($0["session"] as? String), try #require($0["number"] as? Int),
        try #require($0["text"] as? String)
      )
    }
  }

  func suggestCommands(_ transcript: Transcript) -> [Command] {
    transcript.events.compactMap {
      if case .command(let command) = $0, command.name == .suggest { command } else { nil }
    }
  }

  func notice(_ count: Int) -> String {
    count == 1
      ? "1 suggested lesson from imported notes waits for review: reflect lessons review"
      : "\(count) suggested lessons from imported notes wait for review: reflect lessons review"
  }

  @Test(arguments: [false, true])
  func importKeepsTheFindersCandidatesAsSuggestionsNotLessons(wordsOnly: Bool) throws {
    let environment = wordsOnly ? Self.wordsOnly : [:]
    let home = try importedHome(environment)
    let transcripts = try transcripts(home)
    #expect(transcripts.count == 3)
    // The lesson behind the frame, mid-paragraph, is found in each note; and the chatter
    // ("Also the coffee was terrible", "Sam late again") is not.
    let found = transcripts.map { suggestCommands($0).compactMap(\.text) }
    #expect(
      found[0].contains {
        $0.lowercased().contains("people need to hear the why before they can hear the plan")
      },
      "\(found)")
    #expect(found[1].contains("Small promises kept matter more than big ones made"), "\(found)")
    #expect(found[2].contains("Trust is built in small moments, not in big speeches"), "\(found)")
    #expect(!found.joined().contains { $0.lowercased().contains("coffee") || $0.contains("Sam") })
    let total = found.joined().count
    for transcript in transcripts {
      // Suggestions, not lessons; the session is as complete as an import always was.
      #expect(transcript.lessons.isEmpty)
      #expect(transcript.status == .completed)
      #expect(transcript.waitingSuggestions == suggestCommands(transcript).count)
      let commands = suggestCommands(transcript)
      #expect(commands.map(\.number) == commands.indices.map { $0 + 1 })
      for command in commands {
        #expect(command.stage == ImportedEntry.stage)
        // The finder recorded as a session records it on its proposals.
        let finder = try #require(command.finder)
        #expect(finder.hasPrefix("lessons-"))
        #expect(finder.hasSuffix("words-only") == wordsOnly, "\(finder)")
      }
    }
    // The import says how many wait, and where.
    let list = try TestSupport.reflect(
      ["list", "--json", "--home", home], environment: environment)
    let sessions = try #require(
      try JSONSerialization.jsonObject(with: list.stdoutData) as? [[String: Any]])
    #expect(sessions.map { $0["lessons"] as? Int } == [0, 0, 0])

    // Every report counts no lesson and says how many suggestions wait.
    let json = try TestSupport.reflect(
      ["export", "--format", "json", "--home", home], environment: environment)
    let report = try #require(
      try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])
    #expect((report["lessons"] as? [Any])?.isEmpty == true)
    #expect(report["suggestionsWaiting"] as? Int == total)
    for format in ["markdown", "html", "text"] {
      let run = try TestSupport.reflect(
        ["export", "--format", format, "--home", home],
        environment: environment.merging(["COLUMNS": "400"]) { $1 })
      #expect(run.status == 0, "\(run.stderr)")
      #expect(run.stdout.contains(notice(total)), "\(format): \(run.stdout.suffix(400))")
    }
    let stats = try TestSupport.reflect(
      ["stats", "--home", home], environment: environment.merging(["COLUMNS": "400"]) { $1 })
    #expect(stats.stdout.contains(notice(total)), "\(stats.stdout)")

    // Importing the same notes again adds no session and no suggestion.
    let (folder, journal) = try notes()
    let again = try TestSupport.reflect(
      ["import", "markdown", folder, "--home", home], environment: environment)
    #expect(again.stdout.contains("2 entries: 0 imported, 2 already here."))
    #expect(!again.stdout.contains("suggested"))
    let jrnlAgain = try TestSupport.reflect(
      ["import", "jrnl", journal, "--home", home], environment: environment)
    #expect(jrnlAgain.stdout.contains("1 entry: 0 imported, 1 already here."))
    #expect(try self.transcripts(home).map { suggestCommands($0).count } == found.map(\.count))
    #expect(try waiting(home, environment).count == total)
  }

  /// An entry imported by a reflect that suggested nothing gets its suggestions at the next
  /// import, once.
  @Test func anEntryImportedBeforeSuggestionsGetsThemOnceWhenImportedAgain() throws {
    let home = try importedHome(Self.wordsOnly)
    // As 8e9f40f wrote it: no suggest commands.
    let path = try #require(TestSupport.transcripts(home: home).sorted().last)
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
    try (lines.filter { !$0.contains("\"suggest\"") }.joined(separator: "\n") + "\n").write(
      toFile: path, atomically: true, encoding: .utf8)
    #expect(try TranscriptReader().read(path: path).waitingSuggestions == 0)
    let (_, journal) = try notes()
    for _ in 0..<2 {
      let run = try TestSupport.reflect(
        ["import", "jrnl", journal, "--home", home], environment: Self.wordsOnly)
      #expect(run.status == 0, "\(run.stderr)")
    }
    let transcript = try TranscriptReader().read(path: path)
    #expect(suggestCommands(transcript).map(\.number) == [1, 2], "\(suggestCommands(transcript))")
    #expect(transcript.status == .completed)
  }

  /// A note's Markdown (headings, lists, a task, emphasis, links, a wiki link, a quote, code)
  /// never reaches a suggestion: the finder reads the words, and a task (a to-do) is no lesson.
  @Test(arguments: [false, true])
  func markdownFormattingNeverReachesASuggestion(wordsOnly: Bool) throws {
    let environment = wordsOnly ? Self.wordsOnly : [:]
    let folder = TestSupport.temporaryDirectory("notes")
    try """
    # Retro notes

    ## what went well
    - the heads were more open than i expected
    - **people need to hear the why before they can hear the plan**
    - small promises kept matter more than [big ones](https://example.com/promises) made
    - [ ] ask the [[Board minutes|board]] about snake_case_names and _why_ it matters

    > Trust is built in small moments, not in big speeches.

    1. next time, start with the `why`

    """.write(toFile: folder + "/2026-07-01 retro.md", atomically: true, encoding: .utf8)
    let home = TestSupport.temporaryDirectory() + "/home"
    let run = try TestSupport.reflect(
      ["import", "markdown", folder, "--home", home], environment: environment)
    #expect(run.status == 0, "\(run.stderr)")
    let found = try waiting(home, environment).map(\.text)
    #expect(found.contains("Small promises kept matter more than big ones made"), "\(found)")
    #expect(found.contains("Trust is built in small moments, not in big speeches"), "\(found)")
    #expect(!found.contains { $0.lowercased().contains("ask the board") }, "\(found)")
    for text in found {
      for mark in ["**", "](", "[[", "]]", "> ", "`", "#", "[ ]", "_why_", "https"] {
        #expect(!text.contains(mark), "\(text)")
      }
    }
    // The words themselves are untouched: the transcript keeps the note as written.
    let transcript = try #require(try transcripts(home).first)
    #expect(
      transcript.answers.first?.text.contains("[big ones](https://example.com/promises)") == true)
  }

  @Test func reviewThroughAPipeKeepsEditsDropsAndQuitsThenGoesOn() throws {
    let home = try importedHome()
    let before = try waiting(home)
    #expect(before.count >= 3, "\(before)")
    // Oldest note first.
    #expect(before[0].text.lowercased().contains("people need to hear the why"))
    // Keep the first, reword the second, quit.
    let first = try TestSupport.reflect(
      ["lessons", "review", "--home", home],
      input: "/keep\nSmall promises kept beat big ones made\n/quit\n")
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stdout.contains("Possible lesson: " + before[0].text))
    #expect(first.stdout.contains("Kept as lesson 1."))
    #expect(first.stdout.contains("Kept 2, dropped 0."))
    #expect(first.stdout.contains(": run 'reflect lessons review' again to go on."))
    #expect(first.stdout.contains("Kept as lesson 1, in your words."))
    var after = try waiting(home)
    #expect(after.map(\.text) == before.dropFirst(2).map(\.text))

    // Going on: what was decided is not asked again; an empty line drops, then /quit.
    let second = try TestSupport.reflect(["lessons", "review", "--home", home], input: "\n/quit\n")
    #expect(second.status == 0, "\(second.stderr)")
    #expect(!second.stdout.contains(before[0].text))
    #expect(second.stdout.contains("Possible lesson: " + before[2].text))
    #expect(second.stdout.contains("Dropped."))
    after = try waiting(home)
    #expect(after.map(\.text) == before.dropFirst(3).map(\.text))

    // On disk: a lesson (proposed) naming its suggestion, the reworded one in the person's
    // words, a drop naming its number; all after the end, the sessions still complete.
    let transcripts = try transcripts(home)
    let lessons = transcripts.flatMap(\.lessons)
    #expect(lessons.map(\.text) == [before[0].text, "Small promises kept beat big ones made"])
    #expect(lessons.allSatisfy { $0.origin == .proposed && $0.suggestion != nil })
    #expect(lessons.map(\.suggestion) == [before[0].number, before[1].number])
    let drops = transcripts.flatMap(\.events).compactMap {
      if case .command(let command) = $0, command.name == .drop { command } else { nil }
    }
    #expect(drops.map(\.number) == [before[2].number])
    #expect(drops.map(\.text) == [before[2].text])
    #expect(transcripts.allSatisfy { $0.status == .completed })
    #expect(try TestSupport.reflect(["verify", "--home", home]).status == 0)

    // The reports: the two kept lessons count, the rest wait.
    let json = try TestSupport.reflect(["export", "--format", "json", "--home", home])
    let report = try #require(
      try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])
    #expect(
      (report["lessons"] as? [[String: Any]])?.compactMap { $0["text"] as? String }
        == lessons.map(\.text))
    let left = before.count - 3
    #expect(report["suggestionsWaiting"] as? Int == (left > 0 ? left : nil))
    let markdown = try TestSupport.reflect(["export", "--home", home])
    #expect(markdown.stdout.contains("Small promises kept beat big ones made"))
    #expect(markdown.stdout.contains("wait for review") == (left > 1))

    // The rest kept; then nothing waits, and the reports say nothing of suggestions.
    if left > 0 {
      let last = try TestSupport.reflect(
        ["lessons", "review", "--home", home],
        input: String(repeating: "/keep\n", count: left))
      #expect(last.stdout.contains("Nothing waits for review."), "\(last.stdout)")
    }
    #expect(try waiting(home).isEmpty)
    let done = try TestSupport.reflect(["lessons", "review", "--home", home])
    #expect(done.stdout.contains("No suggested lessons wait for review."))
    let final = try TestSupport.reflect(["export", "--home", home])
    #expect(!final.stdout.contains("suggested lesson"))
  }

  @Test func reviewInARealTerminalKeepsWithEnterEditsClearsAndQuits() throws {
    // Words only, so that the suggestions are known: one in the governors' note, two in the
    // merger note, two in the board's.
    let home = try importedHome(Self.wordsOnly)
    let before = try waiting(home, Self.wordsOnly)
    #expect(before.count == 5, "\(before)")
    let command =
      "REFLECT_MODEL=/nonexistent \(TestSupport.reflectBinary) lessons review --home \(home)"
    let pane = try TmuxPane(command)
    // The line starts with the suggestion: Enter keeps it.
    try pane.waitFor("keep, edit or drop › " + before[0].text)
    try pane.send("Enter")
    try pane.waitFor("Kept as lesson 1.")
    // Edited on the line (the last word changed) before Enter: kept as edited.
    try pane.waitFor("keep, edit or drop › " + before[1].text)
    try pane.send("BSpace", "BSpace", "BSpace", "BSpace")
    try pane.type("kept")
    try pane.send("Enter")
    try pane.waitFor("Kept as lesson 1, in your words.")
    // Cleared: dropped.
    try pane.waitFor("keep, edit or drop › " + before[2].text)
    try pane.send("C-u")
    try pane.send("Enter")
    try pane.waitFor("Dropped.")
    // /quit typed after the words on the line stops; what was decided stays.
    try pane.waitFor("keep, edit or drop › " + before[3].text)
    try pane.type("/quit")
    try pane.send("Enter")
    #expect(try pane.waitForExit() == 0)
    let screen = try pane.screen()
    #expect(
      screen.contains("Kept 2, dropped 1. 2 still wait: run 'reflect lessons review' again"),
      "\(screen)")
    let edited = String(before[1].text.dropLast(4)) + "kept"
    #expect(try transcripts(home).flatMap(\.lessons).map(\.text) == [before[0].text, edited])
    #expect(try waiting(home, Self.wordsOnly).map(\.text) == before.suffix(2).map(\.text))

    // Again: it goes on at the first one left.
    let again = try TmuxPane(command)
    try again.waitFor("keep, edit or drop › " + before[3].text)
    try again.send("Enter")
    try again.waitFor("keep, edit or drop › " + before[4].text)
    // Ctrl-D on an empty line ends, as /quit does.
    try again.send("C-u")
    try again.send("C-d")
    #expect(try again.waitForExit() == 0)
    #expect(try waiting(home, Self.wordsOnly).map(\.text) == [before[4].text])
  }

  @Test func killedDuringReviewLosesNoDecision() throws {
    let home = try importedHome(Self.wordsOnly)
    let before = try waiting(home, Self.wordsOnly)
    let review = try PipedProcess(
      TestSupport.reflectBinary, ["lessons", "review", "--home", home],
      environment: Self.wordsOnly)
    try review.waitFor("Possible lesson: " + before[0].text, count: 1)
    try review.send("/keep")
    try review.waitFor("Possible lesson: " + before[1].text, count: 1)
    try review.send("/drop")
    try review.waitFor("Possible lesson: " + before[2].text, count: 1)
    try review.send("My own words for it")
    // Killed while the fourth is shown: the three decisions made are on disk.
    try review.waitFor("Possible lesson: " + before[3].text, count: 1)
    review.kill9()
    let transcripts = try transcripts(home)
    #expect(transcripts.allSatisfy { $0.problems.isEmpty && $0.status == .completed })
    #expect(transcripts.flatMap(\.lessons).map(\.text) == [before[0].text, "My own words for it"])
    #expect(try waiting(home, Self.wordsOnly).map(\.text) == before.dropFirst(3).map(\.text))
    // And a review goes on from there, the lock let go with the process.
    let next = try TestSupport.reflect(
      ["lessons", "review", "--home", home], input: "/quit\n", environment: Self.wordsOnly)
    #expect(next.stdout.contains("Possible lesson: " + before[3].text))
  }

  /// A transcript holding a command name and fields this version does not know (as a newer
  /// reflect may write; as `suggest`, `finder` and `suggestion` are to a reflect before
  /// them) is read whole: listed, shown, exported and verified, the unknown kept and ignored.
  @Test func unknownCommandNamesAndFieldsAreKeptAndIgnored() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    try FileManager.default.createDirectory(
      atPath: home + "/transcripts", withIntermediateDirectories: true)
    let path = home + "/transcripts/20261101-090000-abcd.jsonl"
    try """
    {"coaching":false,"id":"20261101-090000-abcd","pack":"imported","packTitle":"Imported from Markdown","schema":1,"seed":0,"stages":["journal"],"time":"2026-11-01T09:00:00.000Z","type":"start","version":"9.0.0"}
    {"question":"entry","stage":"journal","text":"Trust is built in small moments.","time":"2026-11-01T09:00:00.000Z","type":"answer"}
    {"finder":"some future finder","name":"ponder","number":1,"stage":"journal","text":"Trust is built in small moments","time":"2026-11-01T09:00:00.000Z","type":"command"}
    {"reason":"completed","time":"2026-11-01T09:00:00.000Z","type":"end"}
    {"colour":"green","number":1,"origin":"proposed","stage":"journal","text":"Trust is built in small moments","time":"2026-11-02T09:00:00.000Z","type":"lesson"}

    """.write(toFile: path, atomically: true, encoding: .utf8)
    chmod(path, 0o600)
    chmod(home + "/transcripts", 0o700)
    let verify = try TestSupport.reflect(["verify", "--home", home])
    #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    for arguments in [["list"], ["show", "latest"], ["replay", "latest"], ["export"]] {
      let run = try TestSupport.reflect(arguments + ["--home", home])
      #expect(run.status == 0, "\(arguments): \(run.stderr)")
      #expect(run.stderr.isEmpty, "\(arguments): \(run.stderr)")
    }
    let transcript = try TranscriptReader().read(path: path)
    #expect(transcript.problems.isEmpty)
    #expect(transcript.lessons.map(\.text) == ["Trust is built in small moments"])
    #expect(transcript.suggestions.isEmpty)
  }
}
