import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

@Suite struct ExportTests {
  static let fixtures = TestSupport.packageRoot.appendingPathComponent("Tests/Fixtures/Export").path

  /// A home holding `files` (paths) as its transcripts.
  func home(with files: [String]) throws -> String {
    let home = TestSupport.temporaryDirectory() + "/home"
    try FileManager.default.createDirectory(
      atPath: home + "/transcripts", withIntermediateDirectories: true)
    chmod(home, 0o700)
    chmod(home + "/transcripts", 0o700)
    for file in files {
      let name = (file as NSString).lastPathComponent
      let id =
        SessionID(String(name.dropLast(6))) != nil
        ? String(name.dropLast(6))
        : (try TranscriptReader().read(path: file).start?.id ?? "x")
      let target = home + "/transcripts/\(id).jsonl"
      try FileManager.default.copyItem(atPath: file, toPath: target)
      chmod(target, 0o600)
    }
    return home
  }

  static var archive: [String] {
    let folder = fixtures + "/archive"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.sorted().map { folder + "/" + $0 } + ExampleTranscriptTests.examples
  }

  @Test(arguments: ["markdown", "json", "html", "text"])
  func exportMatchesItsGoldenFile(format: String) throws {
    let home = try home(with: Self.archive)
    let run = try TestSupport.reflect(
      ["export", "--format", format, "--home", home], environment: ["TZ": "UTC"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.isEmpty, "\(run.stderr)")
    let golden = Self.fixtures + "/golden.\(format == "markdown" ? "md" : format)"
    if ProcessInfo.processInfo.environment["REFLECT_UPDATE_GOLDEN"] == "1" {
      try run.stdoutData.write(to: URL(fileURLWithPath: golden))
    }
    let expected = try String(contentsOfFile: golden, encoding: .utf8)
    #expect(
      run.stdout == expected, "export drifted from \(golden); REFLECT_UPDATE_GOLDEN=1 regenerates")
  }

  @Test func goldenSummaryShowsWhatTheIssueAsksFor() throws {
    let markdown = try String(contentsOfFile: Self.fixtures + "/golden.md", encoding: .utf8)
    #expect(markdown.contains("## Key lessons"))
    #expect(
      markdown.contains(
        "Trust takes time — 2026-10-05, session `20261005-090000-aaaa` line 6"))
    #expect(markdown.contains("(kept from a coach proposal)"))
    #expect(
      markdown.contains(
        "## Recurring lessons\n\n- **Trust takes time** — 3 times: 2026-10-05, 2026-11-10, 2026-11-24"
      ))
    #expect(markdown.contains("| 2026-10 |"))
    #expect(markdown.contains("Feelings: skipped 1 time"))
    #expect(
      markdown.contains(
        "- [done] Call Sam at the council (by 2026-10-20) — made 2026-10-05; done 2026-11-10: We met and agreed a termly review"
      ))
    #expect(markdown.contains("- [open] Meet the new chair"))
  }

  @Test func filtersAndOutputFileCompose() throws {
    let home = try home(with: Self.archive)
    let directory = TestSupport.temporaryDirectory()
    let output = directory + "/november.json"
    let run = try TestSupport.reflect(
      [
        "export", "--format", "json", "--since", "2026-11-01", "--until", "2026-11-20", "--pack",
        "gibbs",
        "--output", output, "--home", home,
      ])
    #expect(run.status == 0)
    #expect(run.stdout.isEmpty)
    #expect(TestSupport.mode(output) == 0o600)
    let object =
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output)))
      as? [String: Any]
    #expect(object?["sessions"] as? Int == 1)
    #expect(
      (object?["lessons"] as? [[String: Any]])?.map { $0["text"] as? String } == [
        "Building trust needs patience"
      ])
    let one = try TestSupport.reflect([
      "export", "--session", "20261124-073000-cccc", "--format", "json", "--home", home,
    ])
    let single = try JSONSerialization.jsonObject(with: one.stdoutData) as? [String: Any]
    #expect(single?["sessions"] as? Int == 1)
    let staged = try TestSupport.reflect(
      ["export", "--stage", "description", "--format", "json", "--output", "-", "--home", home])
    let described = try JSONSerialization.jsonObject(with: staged.stdoutData) as? [String: Any]
    #expect(described?["sessions"] as? Int == 1, "only the session that answered in that stage")
    let bad = try TestSupport.reflect(["export", "--session", "../x", "--home", home])
    #expect(bad.status == 64)
  }

  /// Writes one session whose answers and lessons are `texts`.
  func home(lessons texts: [String]) throws -> String {
    let home = TestSupport.temporaryDirectory() + "/home"
    let time = Date(timeIntervalSince1970: 1_795_000_000)
    var events: [TranscriptEvent] = [
      .start(
        SessionStart(
          id: "20261118-082640-xxxx", pack: "collaboration", packTitle: "C", stages: ["values"],
          seed: 1, version: "t", time: time))
    ]
    for (index, text) in texts.enumerated() {
      events.append(.answer(Answer(stage: "values", question: "q", text: text, time: time)))
      events.append(.lesson(Lesson(stage: "lessons", number: index + 1, text: text, time: time)))
      events.append(
        .commitment(Commitment(stage: "c", number: index + 1, text: text, due: nil, time: time)))
    }
    events.append(.end(SessionEnd(reason: .completed, time: time)))
    _ = try writeTranscript(home: home, id: "20261118-082640-xxxx", events)
    return home
  }

  static let xss = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\"><svg onload=alert(1)>",
    "javascript:alert(1)", "&lt;script&gt;alert(1)&lt;/script&gt;", "&#60;script&#62;",
    "' onmouseover='alert(1)", "<a href=\"javascript:alert(1)\">click</a>",
    "&lt; must show literally",
    "</li></ol><script>alert(2)</script>", "<style>body{display:none}</style>",
  ]

  @Test func htmlKeepsEveryXSSAttemptAsPlainText() throws {
    let home = try home(lessons: Self.xss)
    let output = TestSupport.temporaryDirectory() + "/report.html"
    let run = try TestSupport.reflect([
      "export", "--format", "html", "--output", output, "--home", home,
    ])
    #expect(run.status == 0)
    let expected = String(
      decoding: try JSONSerialization.data(withJSONObject: Self.xss), as: UTF8.self)
    let check = try TestSupport.run(
      "/usr/bin/env",
      ["python3", Self.fixtures + "/check_html.py", output, expected])
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
  }

  static let markdownInjection = [
    "# Not a heading", "[link](javascript:alert(1))", "<img src=x onerror=alert(1)>", "**bold**",
    "`code`", "1. not a list", "> not a quote", "---", "| not | a table |", "![image](http://x)",
    "line one\nline two", "_emphasis_ and ~strike~",
  ]

  @Test func markdownShowsTheWordsNotTheirFormatting() throws {
    let home = try home(lessons: Self.markdownInjection)
    let run = try TestSupport.reflect(["export", "--home", home])
    let lessonLines = run.stdout.split(separator: "\n").filter {
      $0.contains(" — 2026-11-18, session")
    }
    #expect(lessonLines.count == Self.markdownInjection.count)
    var shown: [String] = []
    for line in lessonLines {
      let text = String(line.drop { $0 != " " }.dropFirst()).components(
        separatedBy: " — 2026-11-18")[0]
      var unescaped = ""
      var escaping = false
      for character in text {
        if escaping || character != "\\" {
          if !escaping, "#[]()<>*`!|_~".contains(character) {
            Issue.record("unescaped \(character) in \(line)")
          }
          unescaped.append(character)
          escaping = false
        } else {
          escaping = true
        }
      }
      shown.append(unescaped)
    }
    #expect(
      shown.sorted()
        == Self.markdownInjection.map { $0.replacingOccurrences(of: "\n", with: " ") }.sorted())
  }

  static let odd = [
    "NUL \u{0} inside", "line\u{2028}separator", "emoji 🙂👩🏽‍🏫", "RTL שלום مرحبا", "tab\there",
    "quote \" and \\ backslash",
  ]

  @Test func jsonKeepsOddStringsExactly() throws {
    let home = try home(lessons: Self.odd)
    let run = try TestSupport.reflect(["export", "--format", "json", "--home", home])
    let object = try JSONSerialization.jsonObject(with: run.stdoutData) as? [String: Any]
    #expect(object?["version"] as? Int == Exporter.jsonVersion)
    let lessons = (object?["lessons"] as? [[String: Any]])?.compactMap { $0["text"] as? String }
    #expect(lessons == Self.odd)
  }

  @Test func redactionReplacesNamesConsistently() throws {
    let home = try home(lessons: [
      "I agreed with Sam Jones that the Village Council would fund it",
      "Next time ask Sam Jones before the Village Council meets",
      "Priya from Hill Academy Trust kept every promise",
    ])
    let config = TestSupport.temporaryDirectory()
    try FileManager.default.createDirectory(
      atPath: config + "/reflect", withIntermediateDirectories: true)
    // Priya only ever starts a sentence: the person's own list catches her.
    try "Priya\norg: Northside\n".write(
      toFile: config + "/reflect/redact.txt", atomically: true, encoding: .utf8)
    for format in ["markdown", "json", "html", "text"] {
      let run = try TestSupport.reflect(
        ["export", "--redact", "--format", format, "--home", home],
        environment: ["XDG_CONFIG_HOME": config])
      for name in ["Sam", "Jones", "Village", "Priya", "Hill Academy"] {
        #expect(!run.stdout.contains(name), "\(format): \(name) left in")
      }
      #expect(run.stdout.components(separatedBy: "Person A").count - 1 >= 4, "\(format)")
      #expect(run.stdout.contains("Organisation A"))
      #expect(run.stdout.contains("Person B from Organisation B kept every promise"))
    }
  }
}
