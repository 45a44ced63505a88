import Foundation
import ReflectCore
import ReflectTestSupport
import Testing
import Yams

#if canImport(Glibc)
import Glibc
#endif

/// `export --format obsidian|logseq|dayone` through the binary: golden notes, front matter
/// read back by two YAML parsers, notes rendered by a CommonMark renderer, reruns that change
/// nothing, the person's files left alone, and a Day One zip with stable uuids.
@Suite struct NotesExportTests {
  static let fixtures = TestSupport.packageRoot.appendingPathComponent("Tests/Fixtures/Notes").path

  /// Texts that are syntax in YAML, Markdown, Obsidian or Logseq.
  static let hostile = [
    "# Not a heading", "[link](javascript:alert(1))", "<img src=x onerror=alert(1)>",
    "**bold**", "1. not a list", "> not a quote", "---", "[[Not a link]]", "#not-a-tag",
    "yes", "null", "123", "key: value", "- item", "'single' and \"double\"", "{a: 1}", "|",
    "TODO not a task", "prop:: value", "((block ref))", "line one\n\nline two",
    "a #tag inside", "%%hidden%%", "==marked==", "$x^2$", "end ^abc123",
  ]

  /// A home with three sessions: one about a school merger (tags, paragraphs, a commitment
  /// done later), one whose words are all `hostile`, and a third the same day with no subject.
  func home() throws -> String {
    let home = TestSupport.temporaryDirectory() + "/home"
    let base = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21
    func start(_ id: SessionID, _ offset: TimeInterval) -> TranscriptEvent {
      .start(
        SessionStart(
          id: id, pack: "collaboration", packTitle: "Collaboration in public services",
          stages: ["values", "lessons", "commitments"], seed: 1, version: "t",
          time: base + offset))
    }
    let merger: SessionID = "20260921-141320-aaaa"
    let time = base + 10
    _ = try writeTranscript(
      home: home, id: merger.rawValue,
      [
        start(merger, 0),
        .command(Command(name: .about, stage: "", text: "School merger: phase 1/2", time: time)),
        .command(Command(name: .tag, stage: "", text: "governors", time: time)),
        .command(Command(name: .tag, stage: "", text: "school/finance", time: time)),
        .coach(
          CoachMessage(
            stage: "values", kind: .question, question: "values-protect",
            text: "Which values were you trying to protect?", time: time)),
        .answer(
          Answer(
            stage: "values", question: "values-protect",
            text: "Pupils first.\n\nEven when the budget was cut.", time: time)),
        .lesson(Lesson(stage: "lessons", number: 1, text: "Trust takes time", time: time)),
        .commitment(
          Commitment(
            stage: "commitments", number: 1, text: "Meet the new chair", due: "2026-10-01",
            time: time)),
        .commitment(
          Commitment(stage: "commitments", number: 2, text: "Write to Sam", due: nil, time: time)),
        .end(SessionEnd(reason: .completed, time: time)),
      ])
    let hostile: SessionID = "20260922-090000-bbbb"
    var events: [TranscriptEvent] = [
      start(hostile, 86_400 - 18_800),
      .command(Command(name: .about, stage: "", text: "[[x]] | #y", time: base + 86_400)),
    ]
    for (index, text) in Self.hostile.enumerated() {
      let when = base + 86_400
      events += [
        .coach(
          CoachMessage(
            stage: "values", kind: .question, question: "q", text: "Question \(index + 1)?",
            time: when)),
        .answer(Answer(stage: "values", question: "q", text: text, time: when)),
        .lesson(Lesson(stage: "lessons", number: index + 1, text: text, time: when)),
        .commitment(
          Commitment(stage: "commitments", number: index + 1, text: text, due: nil, time: when)),
      ]
    }
    // The merger's first commitment, reviewed as done.
    events.append(
      .review(
        Review(
          session: merger, number: 1, text: "Meet the new chair", status: .done,
          outcome: "we met", time: base + 86_400)))
    events.append(.end(SessionEnd(reason: .completed, time: base + 86_400)))
    _ = try writeTranscript(home: home, id: hostile.rawValue, events)
    let plain: SessionID = "20260922-100000-cccc"
    _ = try writeTranscript(
      home: home, id: plain.rawValue,
      [
        start(plain, 86_400 - 15_200),
        .answer(Answer(stage: "values", question: "q", text: "Fairness", time: base + 86_400)),
        .end(SessionEnd(reason: .quit, time: base + 86_400)),
      ])
    return home
  }

  func export(_ format: String, _ home: String, to output: String) throws -> RunResult {
    // Words only: the golden folders are the same with the model installed or not.
    let run = try TestSupport.reflect(
      ["export", "--format", format, "--output", output, "--home", home],
      // A fixed day: the index says when each topic was last written about.
      environment: ["REFLECT_MODEL": "/nonexistent", "REFLECT_NOW": "2027-01-01"])
    #expect(run.status == 0, "\(run.stderr)")
    return run
  }

  /// The files of `folder` (recursively, relative paths, dot files included) and contents.
  func contents(_ folder: String) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let enumerator = FileManager.default.enumerator(atPath: folder)
    while let path = enumerator?.nextObject() as? String {
      var isFolder: ObjCBool = false
      if FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder),
        !isFolder.boolValue
      {
        files[path] = FileManager.default.contents(atPath: folder + "/" + path)
      }
    }
    return files
  }

  func modified(_ path: String) -> Int {
    var status = stat()
    stat(path, &status)
    return Int(status.st_mtim.tv_sec) * 1_000_000_000 + Int(status.st_mtim.tv_nsec)
  }

  /// The notes match the golden folder (`REFLECT_UPDATE_GOLDEN=1` rewrites it).
  func checkGolden(_ format: String, _ folder: String) throws {
    let golden = Self.fixtures + "/" + format
    let written = try contents(folder)
    if ProcessInfo.processInfo.environment["REFLECT_UPDATE_GOLDEN"] == "1" {
      try? FileManager.default.removeItem(atPath: golden)
      for (path, data) in written {
        let target = golden + "/" + path
        try FileManager.default.createDirectory(
          atPath: (target as NSString).deletingLastPathComponent,
          withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: target))
      }
    }
    let expected = try contents(golden)
    #expect(Set(written.keys) == Set(expected.keys))
    for (path, data) in expected {
      #expect(
        written[path] == data,
        "\(path) differs from the golden file:\n\(String(decoding: written[path] ?? Data(), as: UTF8.self))"
      )
    }
  }

  @Test func obsidianNotesMatchTheGoldenFolderAndASecondRunChangesNothing() throws {
    let home = try home()
    let vault = TestSupport.temporaryDirectory() + "/vault"
    let first = try export("obsidian", home, to: vault)
    #expect(first.stdout.contains("3 sessions in '\(vault)': 4 notes written, 0 unchanged."))
    try checkGolden("obsidian", vault)
    let names = try FileManager.default.contentsOfDirectory(atPath: vault).sorted()
    #expect(
      names == [
        ".reflect-export.json", "2026-09-21 School merger phase 1 2.md",
        "2026-09-22 Collaboration in public services.md", "2026-09-22 x y.md",
        "Reflect lessons.md",
      ])
    #expect(TestSupport.mode(vault + "/Reflect lessons.md") == 0o600)

    // A second run: the same bytes, and no file even rewritten.
    let before = try contents(vault)
    let times = names.map { modified(vault + "/" + $0) }
    usleep(20_000)
    let second = try export("obsidian", home, to: vault)
    #expect(second.stdout.contains("0 notes written, 4 unchanged."))
    #expect(try contents(vault) == before)
    #expect(names.map { modified(vault + "/" + $0) } == times)
  }

  @Test func thePersonsFilesAreNeverTouched() throws {
    let home = try home()
    let vault = TestSupport.temporaryDirectory() + "/vault"
    try FileManager.default.createDirectory(atPath: vault, withIntermediateDirectories: true)
    // Their own note with the name a session would take, and another of theirs.
    let theirs = vault + "/2026-09-21 School merger phase 1 2.md"
    try "My own note\n".write(toFile: theirs, atomically: true, encoding: .utf8)
    try "Ideas\n".write(toFile: vault + "/ideas.md", atomically: true, encoding: .utf8)
    _ = try export("obsidian", home, to: vault)
    #expect(try String(contentsOfFile: theirs, encoding: .utf8) == "My own note\n")
    #expect(try String(contentsOfFile: vault + "/ideas.md", encoding: .utf8) == "Ideas\n")
    let clash = vault + "/2026-09-21 School merger phase 1 2 20260921-141320-aaaa.md"
    #expect(FileManager.default.fileExists(atPath: clash))
    // The index links to the note that was written.
    let index = try String(contentsOfFile: vault + "/Reflect lessons.md", encoding: .utf8)
    #expect(
      index.contains("[[2026-09-21 School merger phase 1 2 20260921-141320-aaaa#Key lessons]]"))

    // A note of reflect's the person edited is left as they made it, and said so.
    try "Edited by me\n".write(toFile: clash, atomically: true, encoding: .utf8)
    let run = try export("obsidian", home, to: vault)
    #expect(run.stderr.contains("was changed since reflect wrote it"))
    #expect(run.stdout.contains("1 left alone"))
    #expect(try String(contentsOfFile: clash, encoding: .utf8) == "Edited by me\n")
  }

  /// Every front matter, read by Yams and by PyYAML, holds the session's own values.
  @Test func frontMatterReadsBackExactlyInTwoParsers() throws {
    let home = try home()
    let vault = TestSupport.temporaryDirectory() + "/vault"
    _ = try export("obsidian", home, to: vault)
    let check = try TestSupport.run(
      TestSupport.python, [Self.fixtures + "/front_matter.py", vault])
    #expect(check.status == 0, "\(check.stderr)")
    let python = try JSONSerialization.jsonObject(with: check.stdoutData) as? [String: Any] ?? [:]
    for (name, data) in try contents(vault) where name.hasSuffix(".md") && name.hasPrefix("2026") {
      let text = String(decoding: data, as: UTF8.self)
      let parts = text.components(separatedBy: "\n---\n")
      try #require(text.hasPrefix("---\n") && parts.count >= 2)
      let yaml = String(parts[0].dropFirst(4))
      let loaded = try #require(try Yams.load(yaml: yaml) as? [String: Any])
      let fromPython = try #require(python[name] as? [String: Any])
      let id = try #require(loaded["id"] as? String)
      #expect(fromPython["id"] as? String == id)
      let transcript = try TranscriptReader().read(path: home + "/transcripts/\(id).jsonl")
      for parsed in [loaded, fromPython] {
        #expect(parsed["lessons"] as? [String] == transcript.lessons.map(\.text), "\(name)")
        #expect(parsed["tags"] as? [String] == transcript.tags, "\(name)")
        #expect(parsed["subject"] as? String == transcript.subject, "\(name)")
        #expect(parsed["pack"] as? String == "collaboration")
        let commitments = parsed["commitments"] as? [[String: Any]] ?? []
        #expect(commitments.map { $0["text"] as? String } == transcript.commitments.map(\.text))
      }
      // The date, with its offset, is a timestamp to both.
      #expect(loaded["date"] is Date)
      #expect(fromPython["date"] as? String == "datetime")
    }
    #expect(
      ((python["2026-09-21 School merger phase 1 2.md"] as? [String: Any])?["commitments"]
        as? [[String: Any]])?.map { $0["status"] as? String } == ["done", "open"])
  }

  /// Each note, rendered by markdown-it-py, has only the headings, emphasis and quotes
  /// reflect wrote (no link, image, HTML or heading from the person's words), and shows the
  /// words as typed.
  @Test func notesRenderOnlyWhatReflectWrote() throws {
    let home = try home()
    let vault = TestSupport.temporaryDirectory() + "/vault"
    _ = try export("obsidian", home, to: vault)
    let note = try String(
      contentsOfFile: vault + "/2026-09-22 x y.md", encoding: .utf8)
    let index = try String(contentsOfFile: vault + "/Reflect lessons.md", encoding: .utf8)
    let bodies = [note, index].map { $0.components(separatedBy: "\n---\n").dropFirst().joined() }
    let rendered = try MarkdownRenderer.render(bodies)
    let allowed: Set<String> = ["h1", "h2", "p", "strong", "code", "blockquote", "ol", "ul", "li"]
    for result in rendered {
      #expect(Set(result.tags).isSubset(of: allowed), "\(result.html)")
    }
    let count = Self.hostile.count
    let tags = rendered[0].tags
    #expect(tags.filter { $0 == "h1" }.count == 1)
    // Values, Key lessons, Commitments.
    #expect(tags.filter { $0 == "h2" }.count == 3)
    #expect(tags.filter { $0 == "strong" }.count == count, "one per question")
    #expect(tags.filter { $0 == "blockquote" }.count == count, "one per answer")
    #expect(tags.filter { $0 == "li" }.count == 2 * count, "lessons and commitments")
    for text in Self.hostile {
      #expect(
        rendered[0].text.contains(text.replacingOccurrences(of: "\n\n", with: "\n")), "\(text)")
    }
    #expect(
      rendered[1].tags.filter { $0.hasPrefix("h") }.count == 1 + 3 + 2,
      "title, How my thinking moved, Commitments kept, Topics, Values, General")
  }

  @Test func logseqPagesHavePropertiesAndOutlines() throws {
    let home = try home()
    let graph = TestSupport.temporaryDirectory() + "/graph"
    _ = try export("logseq", home, to: graph)
    try checkGolden("logseq", graph)
    let page = try String(
      contentsOfFile: graph + "/pages/2026-09-21 School merger phase 1 2.md", encoding: .utf8)
    #expect(page.hasPrefix("title:: 2026-09-21 School merger phase 1 2\n"))
    #expect(page.contains("\ntags:: governors, school/finance\n"))
    #expect(page.contains("\n\t- DONE Meet the new chair (by 2026-10-01)\n"))
    #expect(page.contains("\n\t- TODO Write to Sam\n"))
    // Every line after the properties is a block or a block's continuation.
    let hostile = try String(contentsOfFile: graph + "/pages/2026-09-22 x y.md", encoding: .utf8)
    let body = hostile.components(separatedBy: "\n\n").dropFirst().joined(separator: "\n\n")
    for line in body.split(separator: "\n") {
      let trimmed = line.drop { $0 == "\t" }
      #expect(trimmed.hasPrefix("- ") || trimmed.hasPrefix("  "), "\(line)")
      #expect(!trimmed.contains("::") || trimmed.contains(":\\:"), "\(line)")
      #expect(!trimmed.hasPrefix("- TODO not"), "\(line)")
    }
    let second = try export("logseq", home, to: graph)
    #expect(second.stdout.contains("0 notes written, 4 unchanged."))
  }

  @Test func dayOneZipHoldsAJournalWithStableUUIDs() throws {
    let home = try home()
    let folder = TestSupport.temporaryDirectory()
    _ = try export("dayone", home, to: folder + "/one.zip")
    let read = try TestSupport.run(
      "/usr/bin/env", ["python3", Self.fixtures + "/dayone.py", folder + "/one.zip"])
    #expect(read.status == 0, "\(read.stderr)")
    let journal = try JSONSerialization.jsonObject(with: read.stdoutData) as? [String: Any]
    let entries = try #require(journal?["entries"] as? [[String: Any]])
    #expect(entries.count == 3)
    let uuids = entries.compactMap { $0["uuid"] as? String }
    #expect(Set(uuids).count == 3)
    for uuid in uuids {
      #expect(uuid.count == 32 && uuid.allSatisfy { $0.isHexDigit && !$0.isLowercase })
    }
    #expect(entries[0]["creationDate"] as? String == "2026-09-21T14:13:20Z")
    #expect(entries[0]["tags"] as? [String] == ["governors", "school/finance"])
    let text = try #require(entries[0]["text"] as? String)
    #expect(text.hasPrefix("# School merger: phase 1/2\n"))
    #expect(text.contains("> Pupils first.\n>\n> Even when the budget was cut."))

    // Into a pipe (no header written back afterwards) the same bytes.
    let piped = try TestSupport.reflect(
      ["export", "--format", "dayone", "--output", "/dev/stdout", "--home", home])
    #expect(piped.status == 0, "\(piped.stderr)")
    #expect(piped.stdoutData.prefix(4) == Data([0x50, 0x4B, 0x03, 0x04]))
    let file = try #require(FileManager.default.contents(atPath: folder + "/one.zip"))
    #expect(piped.stdoutData.prefix(file.count) == file)

    // The same bytes again; a new session adds an entry and keeps the others' uuids.
    _ = try export("dayone", home, to: folder + "/two.zip")
    #expect(
      FileManager.default.contents(atPath: folder + "/one.zip")
        == FileManager.default.contents(atPath: folder + "/two.zip"))
    let added = try TestSupport.reflect(
      ["session", "--questions-only", "--home", home], input: "Honesty\n/quit\n")
    #expect(added.status == 0)
    _ = try export("dayone", home, to: folder + "/three.zip")
    let again = try TestSupport.run(
      "/usr/bin/env", ["python3", Self.fixtures + "/dayone.py", folder + "/three.zip"])
    let later = try JSONSerialization.jsonObject(with: again.stdoutData) as? [String: Any]
    let newUUIDs = (later?["entries"] as? [[String: Any]])?.compactMap { $0["uuid"] as? String }
    #expect(newUUIDs?.count == 4)
    #expect(Array(newUUIDs?.prefix(3) ?? []) == uuids)
    #expect(TestSupport.mode(folder + "/one.zip") == 0o600)
  }

  @Test func notesNeedAnOutputAndRefuseRedaction() throws {
    let home = try home()
    for format in ["obsidian", "logseq", "dayone"] {
      let run = try TestSupport.reflect(["export", "--format", format, "--home", home])
      #expect(run.status == 64)
      #expect(run.stderr.contains("--output"))
    }
    let redacted = try TestSupport.reflect([
      "export", "--format", "obsidian", "--output", "x", "--redact", "--home", home,
    ])
    #expect(redacted.status == 64)
  }

  /// A home of two sessions the same day whose subject is `subject` (the second's note
  /// clashes with the first's and takes its id too).
  func home(subject: String) throws -> String {
    let home = TestSupport.temporaryDirectory() + "/home"
    let base = Date(timeIntervalSince1970: 1_790_000_000)
    for (offset, id) in ["20260921-141320-aaaa", "20260921-151320-bbbb"].enumerated() {
      let time = base + Double(offset) * 3600
      _ = try writeTranscript(
        home: home, id: id,
        [
          .start(
            SessionStart(
              id: SessionID(id) ?? "20260921-141320-aaaa", pack: "collaboration",
              packTitle: "Collaboration", stages: ["values"], seed: 1, version: "t",
              time: time)),
          .command(Command(name: .about, stage: "", text: subject, time: time)),
          .answer(Answer(stage: "values", question: "q", text: "Fairness", time: time)),
          .lesson(Lesson(stage: "values", number: 1, text: "Listen first", time: time)),
          .end(SessionEnd(reason: .completed, time: time)),
        ])
    }
    return home
  }

  /// Sixty characters of Hindi are 400 bytes and more: the note's name is cut to fit a file
  /// name (255 bytes), at a character boundary, even with the id a clash adds.
  @Test(arguments: ["obsidian", "logseq"])
  func aLongHindiSubjectStillNamesANote(format: String) throws {
    let subject = String(repeating: "स्वास्थ्य सेवाओं में सहयोग की चुनौतियाँ ", count: 6)
    #expect(subject.count > 60 && subject.utf8.count > 255)
    let home = try home(subject: subject)
    let vault = TestSupport.temporaryDirectory() + "/vault"
    let run = try export(format, home, to: vault)
    #expect(run.stdout.contains("2 sessions in '\(vault)': 3 notes written"), "\(run.stdout)")
    let folder = format == "logseq" ? vault + "/pages" : vault
    let notes = try FileManager.default.contentsOfDirectory(atPath: folder)
      .filter { $0.hasSuffix(".md") && $0 != "Reflect lessons.md" }.sorted()
    #expect(notes.count == 2)
    for note in notes {
      #expect(note.utf8.count + ".tmp-4194304".utf8.count <= 255, "\(note)")
      // The subject's first words, whole characters of it.
      #expect(note.hasPrefix("2026-09-21 स्वास्थ्य सेवाओं में सहयोग"), "\(note)")
      let about = note.dropFirst(11).replacingOccurrences(of: " 20260921-151320-bbbb", with: "")
      #expect(subject.hasPrefix(about.dropLast(3)), "\(note)")
    }
    #expect(notes.contains { $0.hasSuffix(" 20260921-151320-bbbb.md") })
    // The index links to both.
    let index = try String(contentsOfFile: folder + "/Reflect lessons.md", encoding: .utf8)
    for note in notes { #expect(index.contains("[[" + note.dropLast(3))) }
  }

  /// An export that cannot write one note (here the index note, where a folder of the
  /// person's stands: left alone, with a warning) still records the notes it wrote, so the
  /// next export does not take them for the person's own and write each again under another
  /// name.
  @Test func aFailedExportIsNotDuplicatedByTheNext() throws {
    let home = try home()
    let vault = TestSupport.temporaryDirectory() + "/vault"
    try FileManager.default.createDirectory(
      atPath: vault + "/Reflect lessons.md", withIntermediateDirectories: true)
    let failed = try TestSupport.reflect(
      ["export", "--format", "obsidian", "--output", vault, "--home", home])
    #expect(failed.status == 0)
    #expect(failed.stderr.contains("Reflect lessons.md"), "\(failed.stderr)")
    try FileManager.default.removeItem(atPath: vault + "/Reflect lessons.md")
    let run = try export("obsidian", home, to: vault)
    #expect(run.stdout.contains("1 note written, 3 unchanged."), "\(run.stdout)")
    let names = try FileManager.default.contentsOfDirectory(atPath: vault).sorted()
    #expect(
      names == [
        ".reflect-export.json", "2026-09-21 School merger phase 1 2.md",
        "2026-09-22 Collaboration in public services.md", "2026-09-22 x y.md",
        "Reflect lessons.md",
      ])
  }
}
