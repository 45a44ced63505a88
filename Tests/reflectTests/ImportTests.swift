import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

/// `reflect import jrnl|markdown` through the binary: a journal written by a real jrnl 4.6
/// (`make test` installs it in .build/venv), Markdown notes with and without front matter,
/// re-imports that add nothing, dry runs, and files that cannot be read.
@Suite struct ImportTests {
  /// Runs jrnl 4.6 with its own config in `folder`.
  func jrnl(_ arguments: [String], folder: String, input: String = "") throws -> RunResult {
    let run = try TestSupport.run(
      TestSupport.python, ["-m", "jrnl", "--config-file", folder + "/jrnl.yaml"] + arguments,
      input: Data(input.utf8), environment: ["HOME": folder, "NO_COLOR": "1"])
    #expect(run.status == 0, "jrnl failed (make test installs it in .build/venv): \(run.stderr)")
    return run
  }

  /// A jrnl journal with four entries, exported with `jrnl --format json`.
  func journal() throws -> (file: String, entries: [[String: Any]]) {
    let folder = TestSupport.temporaryDirectory("jrnl")
    try """
    colors: {body: none, date: none, tags: none, title: none}
    default_hour: 9
    default_minute: 0
    editor: ''
    encrypt: false
    highlight: false
    indent_character: '|'
    journals:
      default: \(folder)/journal.txt
    linewrap: 79
    tagsymbols: '@'
    template: false
    timeformat: '%Y-%m-%d %H:%M'
    version: v4.6

    """.write(toFile: folder + "/jrnl.yaml", atomically: true, encoding: .utf8)
    _ = try jrnl(
      ["2026-10-05 14:30: Board away-day. We argued about @budget and trust."], folder: folder)
    _ = try jrnl(["2026-03-01 08:05: Short one"], folder: folder)
    _ = try jrnl(
      [], folder: folder,
      input:
        "2026-11-20 21:15: Merger week. The heads met twice.\n\nSecond paragraph: @governors want a plan.\n"
    )
    _ = try jrnl(["2026-11-21 07:00: Unicode: café, naïve, 👩🏽‍🏫 — and *stars* too"], folder: folder)
    let export = try jrnl(["--format", "json"], folder: folder)
    let file = folder + "/journal.json"
    try export.stdoutData.write(to: URL(fileURLWithPath: file))
    let object = try JSONSerialization.jsonObject(with: export.stdoutData) as? [String: Any]
    let entries = try #require(object?["entries"] as? [[String: Any]])
    #expect(entries.count == 4)
    return (file, entries)
  }

  @Test func aRealJrnlJournalComesInWithEveryDateAndWordAndOnlyOnce() throws {
    let (file, entries) = try journal()
    let home = TestSupport.temporaryDirectory() + "/home"

    let dry = try TestSupport.reflect(["import", "jrnl", file, "--dry-run", "--home", home])
    #expect(dry.status == 0, "\(dry.stderr)")
    #expect(dry.stdout.contains("4 entries: 4 would be imported, 0 already here."))
    #expect(dry.stdout.contains("would import  2026-10-05 14:30  Board away-day."))
    #expect(TestSupport.transcripts(home: home).isEmpty)

    let run = try TestSupport.reflect(["import", "jrnl", file, "--home", home])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("4 entries: 4 imported, 0 already here."))
    let files = TestSupport.transcripts(home: home)
    #expect(files.count == 4)
    #expect(files.allSatisfy { TestSupport.mode($0) == 0o600 })

    // Every entry's date (jrnl's local time; tests run in UTC) and text, exactly.
    var imported: [String: String] = [:]
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    formatter.timeZone = TimeZone(secondsFromGMT: 0)
    for path in files {
      let transcript = try TranscriptReader().read(path: path)
      let start = try #require(transcript.start)
      #expect(start.pack == "imported")
      let minute = formatter.string(from: start.time)
      imported[minute] = transcript.answers.first?.text
    }
    for entry in entries {
      let when = "\(entry["date"] as? String ?? "") \(entry["time"] as? String ?? "")"
      let title = entry["title"] as? String ?? ""
      let body = entry["body"] as? String ?? ""
      #expect(imported[when] == (body.isEmpty ? title : title + "\n" + body), "\(when)")
    }

    // Again: nothing added, nothing changed.
    let contents = try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
    let again = try TestSupport.reflect(["import", "jrnl", file, "--home", home])
    #expect(again.stdout.contains("4 entries: 0 imported, 4 already here."))
    #expect(TestSupport.transcripts(home: home) == files)
    #expect(try files.map { try Data(contentsOf: URL(fileURLWithPath: $0)) } == contents)

    // Like any other session: list, tags, search, stats, export, verify, replay.
    let list = try TestSupport.reflect(["list", "--home", home]).stdout
    #expect(
      list.contains(
        "2026-11-20 21:15  imported  1 answer  Merger week. The heads met twice.  #governors"))
    #expect(
      try TestSupport.reflect(["list", "--tag", "budget", "--home", home]).stdout.contains(
        "Board away-day."))
    #expect(
      try TestSupport.reflect(["search", "naïve", "--home", home]).stdout.contains("Unicode: café"))
    #expect(
      try TestSupport.reflect(["stats", "--home", home]).stdout.contains("4 sessions"))
    let export = try TestSupport.reflect(["export", "--home", home]).stdout
    #expect(export.contains("| Month | Journal |"))
    let show = try TestSupport.reflect(["show", "latest", "--home", home]).stdout
    #expect(show.contains("## Journal"))
    #expect(show.contains("> Unicode: café, naïve, 👩🏽‍🏫 — and \\*stars\\* too"))
    #expect(try TestSupport.reflect(["verify", "--home", home]).status == 0)
    let rerun = try TestSupport.reflect(["replay", "--rerun", "latest", "--home", home])
    #expect(rerun.status == 0)
    #expect(rerun.stdout.contains("was imported, not coached"))
  }

  @Test func markdownNotesBringTheirFrontMatterDatesAndTags() throws {
    let notes = TestSupport.temporaryDirectory("notes")
    try FileManager.default.createDirectory(
      atPath: notes + "/.obsidian", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(
      atPath: notes + "/2026", withIntermediateDirectories: true)
    try """
    ---
    title: Board away-day
    date: 2026-10-05T14:30:00+01:00
    tags: [governors, "#school/finance", "not a tag!"]
    ---

    We argued about the budget.

    Then we agreed on one thing.

    """.write(toFile: notes + "/away.md", atomically: true, encoding: .utf8)
    try "Plain words in a dated note.\n".write(
      toFile: notes + "/2026/2026-09-01 Induction.md", atomically: true, encoding: .utf8)
    try "settings".write(
      toFile: notes + "/.obsidian/workspace.md", atomically: true, encoding: .utf8)
    try "\n\n".write(toFile: notes + "/empty.md", atomically: true, encoding: .utf8)
    let home = TestSupport.temporaryDirectory() + "/home"

    let run = try TestSupport.reflect(["import", "markdown", notes, "--home", home])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("1 note with no words left out."))
    #expect(run.stdout.contains("2 entries: 2 imported, 0 already here."))
    #expect(run.stderr.contains("away.md: tag 'not a tag!' is not a tag reflect keeps"))
    let list = try TestSupport.reflect(["list", "--home", home]).stdout
    #expect(list.contains("2026-09-01 00:00  imported  1 answer  Induction"))
    // 14:30 at +01:00 is 13:30 UTC.
    #expect(
      list.contains(
        "2026-10-05 13:30  imported  1 answer  Board away-day  #governors  #school/finance"))
    let show = try TestSupport.reflect(["show", "latest", "--home", home]).stdout
    #expect(show.contains("> We argued about the budget.\n>\n> Then we agreed on one thing."))

    let again = try TestSupport.reflect(["import", "markdown", notes, "--home", home])
    #expect(again.stdout.contains("2 entries: 0 imported, 2 already here."))
    #expect(TestSupport.transcripts(home: home).count == 2)

    // Notes reflect exported into the folder are not brought back as new sessions.
    let exported = try TestSupport.reflect([
      "export", "--format", "obsidian", "--output", notes, "--home", home,
    ])
    #expect(exported.status == 0)
    let third = try TestSupport.reflect(["import", "markdown", notes, "--home", home])
    #expect(third.stdout.contains("2 entries: 0 imported, 2 already here."), "\(third.stdout)")
  }

  /// A note that is a link to a file outside the folder (or under a linked folder outside
  /// it, or a link to nothing) is named and left out, in the dry run and the import; a link
  /// within the folder is read.
  @Test func markdownLinksOutOfTheFolderAreLeftOut() throws {
    let work = TestSupport.temporaryDirectory("notes-links")
    let notes = work + "/notes"
    let elsewhere = work + "/elsewhere"
    for folder in [notes, notes + "/sub", elsewhere] {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }
    try "Own words.\n".write(toFile: notes + "/own.md", atomically: true, encoding: .utf8)
    try "Linked words within.\n".write(
      toFile: notes + "/sub/within.txt", atomically: true, encoding: .utf8)
    try "Secret words.\n".write(toFile: elsewhere + "/secret.md", atomically: true, encoding: .utf8)
    try "Other secret words.\n".write(
      toFile: elsewhere + "/other.md", atomically: true, encoding: .utf8)
    let manager = FileManager.default
    try manager.createSymbolicLink(
      atPath: notes + "/within.md", withDestinationPath: "sub/within.txt")
    try manager.createSymbolicLink(
      atPath: notes + "/secret.md", withDestinationPath: elsewhere + "/secret.md")
    try manager.createSymbolicLink(
      atPath: notes + "/up.md", withDestinationPath: "../elsewhere/other.md")
    try manager.createSymbolicLink(atPath: notes + "/folder", withDestinationPath: elsewhere)
    try manager.createSymbolicLink(
      atPath: notes + "/gone.md", withDestinationPath: work + "/nothing.md")
    let home = work + "/home"
    let dry = try TestSupport.reflect(["import", "markdown", "--dry-run", notes, "--home", home])
    #expect(dry.status == 0, "\(dry.stderr)")
    for name in ["secret.md", "up.md", "gone.md"] {
      #expect(
        dry.stdout.contains("'\(notes)/\(name)' is a link to outside the folder"), "\(dry.stdout)")
    }
    #expect(dry.stdout.contains("2 entries: 2 would be imported"), "\(dry.stdout)")
    let run = try TestSupport.reflect(["import", "markdown", notes, "--home", home])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("'\(notes)/secret.md' is a link to outside the folder"))
    #expect(run.stdout.contains("2 entries: 2 imported, 0 already here."), "\(run.stdout)")
    let saved = try TestSupport.transcripts(home: home).map {
      try String(contentsOfFile: $0, encoding: .utf8)
    }.joined()
    #expect(saved.contains("Own words.") && saved.contains("Linked words within."))
    #expect(!saved.contains("Secret words") && !saved.contains("Other secret words"))
  }

  @Test func filesThatCannotBeReadAreNamedWithTheirLineAndNothingIsImported() throws {
    let notes = TestSupport.temporaryDirectory("notes")
    try "Fine words\n".write(toFile: notes + "/a.md", atomically: true, encoding: .utf8)
    try "---\ntitle: [unclosed\n---\nwords\n".write(
      toFile: notes + "/b.md", atomically: true, encoding: .utf8)
    let home = TestSupport.temporaryDirectory() + "/home"
    let yaml = try TestSupport.reflect(["import", "markdown", notes, "--home", home])
    #expect(yaml.status == 1)
    #expect(yaml.stderr.contains(notes + "/b.md:3: front matter is not YAML"))
    #expect(TestSupport.transcripts(home: home).isEmpty)

    try FileManager.default.removeItem(atPath: notes + "/b.md")
    try Data("ok\n\u{1B}[31mred\n".utf8 + [0xFF, 0xFE, 0x0A]).write(
      to: URL(fileURLWithPath: notes + "/c.md"))
    let binary = try TestSupport.reflect(["import", "markdown", notes, "--home", home])
    #expect(binary.status == 1)
    #expect(binary.stderr.contains(notes + "/c.md:3: not UTF-8 text"))
    #expect(!binary.stderr.contains("\u{1B}["))

    try "---\ndate: someday\n---\nwords\n".write(
      toFile: notes + "/c.md", atomically: true, encoding: .utf8)
    let date = try TestSupport.reflect(["import", "markdown", notes, "--home", home])
    #expect(date.stderr.contains(notes + "/c.md:2: front matter date 'someday' is not a date"))

    let json = notes + "/j.json"
    try "{\"entries\": [{\"title\": \"x\"}]}".write(toFile: json, atomically: true, encoding: .utf8)
    let jrnl = try TestSupport.reflect(["import", "jrnl", json, "--home", home])
    #expect(jrnl.status == 1)
    #expect(jrnl.stderr.contains(json + ": entry 1 has no date"))
    try "not json".write(toFile: json, atomically: true, encoding: .utf8)
    #expect(
      try TestSupport.reflect(["import", "jrnl", json, "--home", home]).stderr.contains(
        "not jrnl's JSON export"))
    #expect(TestSupport.transcripts(home: home).isEmpty)
  }
}
