import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One regression test per hole an attack pass on import, note export, retag and the
/// settings file found (issue 26), through the built binary.
@Suite struct ImportExportAttackTests {
  /// A jrnl export holding `entries` (each a JSON object's text) at a new path.
  func jrnlExport(_ entries: [String]) throws -> String {
    let file = TestSupport.temporaryDirectory("jrnl") + "/journal.json"
    try "{\"tags\": {}, \"entries\": [\(entries.joined(separator: ","))]}".write(
      toFile: file, atomically: true, encoding: .utf8)
    return file
  }

  /// A file of `size` bytes that takes no room (a hole), at `path`.
  func sparseFile(_ path: String, size: Int) throws {
    let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    try #require(descriptor >= 0)
    defer { close(descriptor) }
    try #require(ftruncate(descriptor, off_t(size)) == 0)
  }

  @Test func aJrnlExportThatIsNoFileOrTooLargeIsRefusedNamingItWithoutAUsageError() throws {
    let folder = TestSupport.temporaryDirectory("jrnl")
    let home = folder + "/home"
    let fifo = folder + "/fifo.json"
    try #require(mkfifo(fifo, 0o600) == 0)
    let huge = folder + "/huge.json"
    try sparseFile(huge, size: JrnlImport.maximumSize + 1)
    for (file, reason) in [
      (fifo, "not a regular file"), (folder, "not a regular file"),
      (huge, "larger than the 64 MB reflect reads; export a part at a time"),
    ] {
      let run = try TestSupport.reflect(["import", "jrnl", file, "--home", home])
      #expect(run.status == 1, "\(file): \(run.stderr)")
      #expect(run.stderr.contains(file + ": " + reason), "\(run.stderr)")
      #expect(!run.stderr.contains("Usage:"), "\(run.stderr)")
    }
    #expect(TestSupport.transcripts(home: home).isEmpty)
  }

  @Test func jrnlValuesOfTheWrongTypeAreRefusedNamingTheEntryAndField() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let good =
      "{\"title\": \"Fine\", \"body\": \"\", \"date\": \"2026-01-02\", \"time\": \"10:00\"}"
    for (entry, reason) in [
      (
        "{\"title\": 5, \"body\": \"words\", \"date\": \"2026-01-02\"}",
        "entry 2: 'title' is not text"
      ),
      (
        "{\"title\": \"t\", \"date\": \"2026-01-02\", \"tags\": [\"@a\", 3]}",
        "entry 2: 'tags' is not a list of text"
      ),
      (
        "{\"title\": \"t\", \"body\": {\"x\": 1}, \"date\": \"2026-01-02\"}",
        "entry 2: 'body' is not text"
      ),
      ("[1]", "entry 2 is not an object"),
    ] {
      let file = try jrnlExport([good, entry])
      let run = try TestSupport.reflect(["import", "jrnl", file, "--home", home])
      #expect(run.status == 1, "\(entry): \(run.stdout)")
      #expect(run.stderr.contains(file + ": " + reason), "\(run.stderr)")
    }
    #expect(TestSupport.transcripts(home: home).isEmpty, "nothing of a refused file comes in")
  }

  @Test func entriesOfTheSameTimeAndWordsKeepTheTagsOfBoth() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let entry =
      "{\"title\": \"Same\", \"body\": \"words\", \"date\": \"2026-01-02\", \"time\": \"10:00\""
    let file = try jrnlExport([
      entry + ", \"tags\": [\"@first\"]}", entry + ", \"tags\": [\"@second\"]}",
    ])
    let run = try TestSupport.reflect(["import", "jrnl", file, "--home", home])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(TestSupport.transcripts(home: home).count == 1)
    let list = try TestSupport.reflect(["list", "--home", home]).stdout
    #expect(list.contains("#first") && list.contains("#second"), "\(list)")
  }

  @Test func notesThatAreNoFileTooLargeOrNotUTF8NamedAreRefusedClearly() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    func refused(_ setUp: (String) throws -> String, _ reason: String) throws {
      let notes = TestSupport.temporaryDirectory("notes")
      try "Fine words\n".write(toFile: notes + "/a.md", atomically: true, encoding: .utf8)
      let name = try setUp(notes)
      let run = try TestSupport.reflect(["import", "markdown", notes, "--home", home])
      #expect(run.status == 1, "\(reason): \(run.stdout)")
      #expect(run.stderr.contains(notes + "/" + name + ": " + reason), "\(run.stderr)")
    }
    try refused(
      { notes in
        #expect(mkfifo(notes + "/b.md", 0o600) == 0)
        return "b.md"
      }, "not a regular file")
    try refused(
      { notes in
        try sparseFile(notes + "/b.md", size: MarkdownImport.maximumSize + 1)
        return "b.md"
      }, "larger than the 4 MB reflect reads")
    try refused(
      { notes in
        // A name of bytes that are not UTF-8: made with open(2), as Foundation cannot.
        let bytes = Array((notes + "/b ").utf8) + [0xFF, 0xFE] + Array(".md".utf8) + [0]
        let descriptor = bytes.withUnsafeBufferPointer { buffer in
          buffer.withMemoryRebound(to: CChar.self) {
            open($0.baseAddress!, O_WRONLY | O_CREAT, 0o600)
          }
        }
        #expect(descriptor >= 0)
        _ = write(descriptor, "words\n", 6)
        close(descriptor)
        return "b \u{FFFD}\u{FFFD}.md"
      }, "its name is not UTF-8 text")
    #expect(TestSupport.transcripts(home: home).isEmpty)
  }

  @Test func frontMatterValuesOfTheWrongTypeAreRefusedWithTheirLine() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    for (front, reason) in [
      ("title: Fine\ndate: [2026, 1]", "b.md:3: front matter 'date' must be text, not a list"),
      ("tags: {a: b}", "b.md:2: front matter 'tags' must be a list or text, not a mapping"),
      ("tags:\n  - ok\n  - [a]", "b.md:4: front matter 'tags' must be a list of text, not a list"),
      ("- just\n- a list", "b.md:2: front matter must be keys and values, not a list"),
    ] {
      let notes = TestSupport.temporaryDirectory("notes")
      try "---\n\(front)\n---\nwords\n".write(
        toFile: notes + "/b.md", atomically: true, encoding: .utf8)
      let run = try TestSupport.reflect(["import", "markdown", notes, "--home", home])
      #expect(run.status == 1, "\(front): \(run.stdout)")
      #expect(run.stderr.contains(notes + "/" + reason), "\(run.stderr)")
    }
    #expect(TestSupport.transcripts(home: home).isEmpty)
  }

  /// FNV-1a as hex, as reflect's manifest records what it wrote.
  func fnv(_ data: Data) -> String {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in data {
      value ^= UInt64(byte)
      value = value &* 0x0000_0100_0000_01b3
    }
    return String(value, radix: 16)
  }

  @Test func aNoteFolderNeverReplacesASymlinkOrFIFOAndNeverReadsAManifestThroughALink() throws {
    let folder = TestSupport.temporaryDirectory("notes")
    let home = folder + "/home"
    let journal = try jrnlExport([
      "{\"title\": \"Plan\", \"body\": \"words\", \"date\": \"2026-01-02\", \"time\": \"10:00\"}"
    ])
    #expect(try TestSupport.reflect(["import", "jrnl", journal, "--home", home]).status == 0)
    // A symlink to nowhere, and a FIFO, where the lessons index goes (a note's name that is
    // taken gets the session id instead).
    let plants: [(String) -> Int32] = [
      { symlink(folder + "/nowhere", $0) }, { mkfifo($0, 0o600) },
    ]
    for (index, plant) in plants.enumerated() {
      let output = folder + "/vault\(index)"
      mkdir(output, 0o700)
      #expect(plant(output + "/Reflect lessons.md") == 0)
      let run = try TestSupport.reflect(
        ["export", "--format", "obsidian", "--home", home, "--output", output])
      #expect(run.status == 0, "\(run.stderr)")
      var status = stat()
      #expect(lstat(output + "/Reflect lessons.md", &status) == 0)
      #expect(status.st_mode & S_IFMT == (index == 0 ? S_IFLNK : S_IFIFO))
      #expect(run.stderr.contains("Reflect lessons.md' was changed since reflect wrote it"))
      #expect(FileManager.default.fileExists(atPath: output + "/2026-01-02 Plan.md"))
    }
    #expect(!FileManager.default.fileExists(atPath: folder + "/nowhere"))

    // The person's own index note, and a manifest linked in from elsewhere claiming it.
    let mine = folder + "/mine"
    mkdir(mine, 0o700)
    let own = Data("my own lessons\n".utf8)
    try own.write(to: URL(fileURLWithPath: mine + "/Reflect lessons.md"))
    let claim = "{\"files\": {\"Reflect lessons.md\": \"\(fnv(own))\"}}"
    try claim.write(toFile: folder + "/claim.json", atomically: true, encoding: .utf8)
    try #require(symlink(folder + "/claim.json", mine + "/.reflect-export.json") == 0)
    let second = try TestSupport.reflect(
      ["export", "--format", "obsidian", "--home", home, "--output", mine])
    #expect(second.status == 0, "\(second.stderr)")
    #expect(try Data(contentsOf: URL(fileURLWithPath: mine + "/Reflect lessons.md")) == own)
    #expect(try String(contentsOfFile: folder + "/claim.json", encoding: .utf8) == claim)
  }

  @Test func folderNamesInExportMessagesAndConfigCheckAreSanitised() throws {
    let folder = TestSupport.temporaryDirectory("notes")
    let home = folder + "/home"
    let journal = try jrnlExport([
      "{\"title\": \"Plan\", \"body\": \"words\", \"date\": \"2026-01-02\", \"time\": \"10:00\"}"
    ])
    #expect(try TestSupport.reflect(["import", "jrnl", journal, "--home", home]).status == 0)
    let hostile = folder + "/x\u{1B}]0;pwned\u{07}\u{1B}[31m"
    for (format, output) in [("obsidian", hostile), ("dayone", hostile + ".zip")] {
      let run = try TestSupport.reflect(
        ["export", "--format", format, "--home", home, "--output", output])
      #expect(run.status == 0, "\(run.stderr)")
      #expect(!run.stdout.contains("\u{1B}") && run.stdout.contains("x␛]0;pwned"), "\(run.stdout)")
    }
    let check = try TestSupport.reflect(
      ["config", "check"], environment: ["XDG_CONFIG_HOME": hostile])
    #expect(check.status == 0)
    #expect(!check.stdout.contains("\u{1B}") && check.stdout.contains("none (defaults)"))
  }

  @Test func aSettingsFileLargerThanAnyNeedsIsRefusedNamingIt() throws {
    let config = TestSupport.temporaryDirectory("config")
    mkdir(config + "/reflect", 0o700)
    let file = config + "/reflect/config.yaml"
    try ("pack: " + String(repeating: "x", count: ReflectConfig.maximumSize) + "\n").write(
      toFile: file, atomically: true, encoding: .utf8)
    for arguments in [["config", "check"], ["list"]] {
      let run = try TestSupport.reflect(arguments, environment: ["XDG_CONFIG_HOME": config])
      #expect(run.status == 1, "\(arguments)")
      #expect(
        run.stderr.contains(file + "' is larger than the 1 MB reflect reads"), "\(run.stderr)")
    }
  }

  @Test func tagsThatDifferOnlyInUnicodeNormalisationAreOneTag() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let composed = "caf\u{E9}"
    let decomposed = "cafe\u{301}"
    let journal = try jrnlExport(
      [("10:00", composed), ("11:00", decomposed)].map { time, tag in
        "{\"title\": \"At \(time)\", \"body\": \"\", \"date\": \"2026-01-02\", \"time\": \"\(time)\","
          + " \"tags\": [\"@\(tag)\"]}"
      })
    #expect(try TestSupport.reflect(["import", "jrnl", journal, "--home", home]).status == 0)
    for tag in [composed, decomposed] {
      let list = try TestSupport.reflect(["list", "--home", home, "--tag", tag])
      #expect(list.stdout.split(separator: "\n").count == 2, "--tag \(tag): \(list.stdout)")
    }
    let id = try #require(
      try TestSupport.reflect(["list", "--home", home]).stdout.split(separator: " ").first)
    #expect(
      try TestSupport.reflect(["retag", String(id), "--home", home, "--add", decomposed]).stdout
        .contains("#\(composed)"))
  }

  @Test func aHugeTagIsQuotedByItsStartOnly() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let huge = "#" + String(repeating: "x\u{1B}", count: 50_000)
    let journal = try jrnlExport([
      "{\"title\": \"Plan\", \"body\": \"\", \"date\": \"2026-01-02\", \"time\": \"10:00\","
        + " \"tags\": [\"\(huge.replacingOccurrences(of: "\u{1B}", with: "\\u001b"))\"]}"
    ])
    let imported = try TestSupport.reflect(["import", "jrnl", journal, "--home", home])
    #expect(imported.status == 0)
    #expect(imported.stderr.contains("is not a tag reflect keeps; left out"))
    #expect(imported.stderr.utf8.count < 1_000, "\(imported.stderr.utf8.count) bytes")
    let retag = try TestSupport.reflect(["retag", "latest", "--home", home, "--add", huge])
    #expect(retag.status == 64)
    #expect(retag.stderr.contains("…' is not a tag"))
    #expect(retag.stderr.utf8.count < 1_000, "\(retag.stderr.utf8.count) bytes")
    #expect(!retag.stderr.contains("\u{1B}") && !imported.stderr.contains("\u{1B}"))
  }

  @Test func aManifestLinkedInFromElsewhereHidesNoNoteFromAnImport() throws {
    let notes = TestSupport.temporaryDirectory("notes")
    let home = TestSupport.temporaryDirectory() + "/home"
    try "My own words\n".write(toFile: notes + "/a.md", atomically: true, encoding: .utf8)
    let claim = TestSupport.temporaryDirectory() + "/claim.json"
    try "{\"files\": {\"a.md\": \"0\"}}".write(toFile: claim, atomically: true, encoding: .utf8)
    try #require(symlink(claim, notes + "/.reflect-export.json") == 0)
    let run = try TestSupport.reflect(["import", "markdown", notes, "--home", home])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("1 entry: 1 imported"), "\(run.stdout)")
    #expect(TestSupport.transcripts(home: home).count == 1)
  }
}
