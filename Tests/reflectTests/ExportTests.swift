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
        : (try TranscriptReader().read(path: file).start?.id.rawValue ?? "x")
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

  /// The realistic archive: the coaching scenarios of Benchmarks/coach held over a year
  /// (`coach-eval --archive`).
  static var scenarioArchive: [String] {
    let folder = TestSupport.packageRoot.appendingPathComponent("Tests/Fixtures/ScenarioArchive")
      .path
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.filter { $0.hasSuffix(".jsonl") }.sorted().map { folder + "/" + $0 }
  }

  @Test(arguments: ["markdown", "json", "html", "text"], ["golden", "scenarios"])
  func exportMatchesItsGoldenFile(format: String, archive: String) throws {
    let home = try home(with: archive == "golden" ? Self.archive : Self.scenarioArchive)
    let run = try TestSupport.reflect(
      ["export", "--format", format, "--home", home],
      // Words only, so the footer is the same with the model installed or not (the footer
      // with a model: meaningFooterSaysWhichModeIsInUse).
      // The report's day pinned: overdue commitments and how long ago topics were written
      // about are counted to it.
      environment: [
        "TZ": "UTC", "COLUMNS": "100", "REFLECT_MODEL": "/nonexistent",
        "REFLECT_NOW": "2027-01-01",
      ])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.isEmpty, "\(run.stderr)")
    let golden = Self.fixtures + "/\(archive).\(format == "markdown" ? "md" : format)"
    if ProcessInfo.processInfo.environment["REFLECT_UPDATE_GOLDEN"] == "1" {
      try run.stdoutData.write(to: URL(fileURLWithPath: golden))
    }
    let expected = try String(contentsOfFile: golden, encoding: .utf8)
    #expect(
      run.stdout == expected, "export drifted from \(golden); REFLECT_UPDATE_GOLDEN=1 regenerates")
  }

  /// `stats --json` writes the report as it is written (not parsed and encoded again): its
  /// `report` is the JSON export, every line indented once more.
  @Test func statsJSONHoldsTheExportAsWritten() throws {
    let home = try home(with: Self.scenarioArchive)
    let environment = ["TZ": "UTC"]
    let export = try TestSupport.reflect(
      ["export", "--format", "json", "--home", home], environment: environment)
    let stats = try TestSupport.reflect(
      ["stats", "--json", "--home", home], environment: environment)
    #expect(export.status == 0 && stats.status == 0, "\(export.stderr)\(stats.stderr)")
    let indented = export.stdout.dropLast().replacingOccurrences(of: "\n", with: "\n  ")
      .replacingOccurrences(of: "\n  \n", with: "\n\n")
    #expect(
      stats.stdout.hasPrefix("{\n  \"report\" : " + indented + ",\n  \"sessionsPerMonth\" : "))
    let object = try #require(
      try JSONSerialization.jsonObject(with: stats.stdoutData) as? [String: Any])
    #expect(object["version"] as? Int == 1)
    #expect((object["sessionsPerMonth"] as? [[String: Any]])?.isEmpty == false)
  }

  @Test func goldenSummaryLeadsWithWhatRecurs() throws {
    let markdown = try String(contentsOfFile: Self.fixtures + "/golden.md", encoding: .utf8)
    let glance = try #require(markdown.range(of: "## At a glance"))
    let themes = try #require(markdown.range(of: "## Lessons by stage\n"))
    #expect(glance.lowerBound < themes.lowerBound, "the overview comes first")
    #expect(
      markdown.contains(
        "1. **Trust grew slowly, over months** — in 3 sessions, 2026-10-05 to"))
    #expect(markdown.contains("([2026-10-05](#session-20261005-090000-aaaa)"))
    #expect(markdown.contains("### Session 20261005-090000-aaaa"))
    #expect(markdown.contains("kept from a coach proposal"))
    #expect(markdown.contains("| 2026-10 |"))
    #expect(markdown.contains("skipped 1 time"))
    #expect(
      markdown.contains(
        "- [done] Call Sam at the council (by 2026-10-20) — made 2026-10-05; done 2026-11-10: We met and agreed a termly review"
      ))
  }

  @Test func theOverviewListsTheLessonsThatRecurMostInOrder() throws {
    let home = try home(with: Self.scenarioArchive + Self.archive)
    let run = try TestSupport.reflect(["export", "--format", "json", "--home", home])
    let object = try #require(
      try JSONSerialization.jsonObject(with: run.stdoutData) as? [String: Any])
    let recurring = try #require(object["recurring"] as? [[String: Any]])
    let counts = recurring.compactMap { $0["count"] as? Int }
    #expect(!counts.isEmpty && counts.count <= 5)
    #expect(counts == counts.sorted(by: >), "most often first")
    let markdown = try TestSupport.reflect(["export", "--home", home]).stdout
    let glance = markdown.components(separatedBy: "## How my thinking moved")[0]
    for (index, item) in recurring.enumerated() {
      let text = try #require(item["text"] as? String)
      #expect(
        glance.contains("\(index + 1). **\(text)**") || glance.contains("\(index + 1). **"),
        "\(text)")
    }
  }

  @Test func aThemeWithTwentyLessonsShowsFiveAndFoldsTheRest() throws {
    let texts = [
      "Say it in the room", "Write the budget down first", "Parents need the news early",
      "Governors read what they are sent", "Small schools need a champion", "Minutes within a week",
      "Ask for numbers in writing", "Never surprise the chair", "Staff hear rumours first",
      "A federation needs one calendar", "Visits beat emails", "Fairness is a daily choice",
      "Honesty costs less early", "The diocese moves slowly", "Heads talk, boards follow",
      "Name who decides", "Agree the exit before the start", "Celebrate the small wins",
      "Keep one shared document", "Thank the volunteers by name",
    ]
    let home = try home(lessons: texts)
    let markdown = try TestSupport.reflect(["export", "--home", home]).stdout
    let values = markdown.components(separatedBy: "### Values")[1].components(separatedBy: "\n## ")[
      0]
    #expect(
      values.components(separatedBy: "\n").filter {
        $0.range(of: #"^\d+\. "#, options: .regularExpression) != nil
      }.count == 5)
    #expect(values.contains("And 15 more; `reflect export --all` lists them."))
    let all = try TestSupport.reflect(["export", "--all", "--home", home]).stdout
    let allValues = all.components(separatedBy: "### Values")[1].components(separatedBy: "\n## ")[0]
    #expect(
      allValues.components(separatedBy: "\n").filter {
        $0.range(of: #"^\d+\. "#, options: .regularExpression) != nil
      }.count == 20)
    // The HTML page names where the lessons by stage are; its sources page lists all 20.
    let html = try TestSupport.reflect(["export", "--format", "html", "--home", home]).stdout
    #expect(html.contains("Lessons by stage, strongest first, with their key phrases"), "\(html)")
    let page = TestSupport.temporaryDirectory() + "/report.html"
    _ = try TestSupport.reflect([
      "export", "--format", "html", "--with-sources", "--output", page, "--home", home,
    ])
    let sources = try String(
      contentsOfFile: page.replacingOccurrences(of: ".html", with: "-sources.html"),
      encoding: .utf8)
    for lesson in texts { #expect(sources.contains(lesson), "\(lesson)") }
    let text = try TestSupport.reflect(["export", "--format", "text", "--home", home]).stdout
    #expect(text.contains("and 15 more (reflect export --format text --all lists them)"))
    let json =
      try JSONSerialization.jsonObject(
        with: TestSupport.reflect(["export", "--format", "json", "--home", home]).stdoutData)
      as? [String: Any]
    #expect((json?["lessons"] as? [Any])?.count == 20, "nothing is dropped from JSON")
  }

  /// A lesson written in a dozen sessions cites the first eight and counts the rest in the
  /// text export (its Sources list says how to open each), and links them in Markdown and
  /// HTML (items are made with only the sources shown); `stats` has no such list, so it
  /// cites none.
  @Test func documentsCiteEightSourcesAndStatsNone() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    for day in 0..<12 {
      let id = String(format: "202611%02d-090000-cite", day + 1)
      let time = Date(timeIntervalSince1970: 1_793_523_600 + Double(day) * 86_400)
      _ = try writeTranscript(
        home: home, id: id,
        [
          .start(
            SessionStart(
              id: testID(id), pack: "collaboration", packTitle: "C", stages: ["trust"], seed: 1,
              version: "t", time: time)),
          .answer(Answer(stage: "trust", question: "q", text: "Trust takes months", time: time)),
          .lesson(Lesson(stage: "lessons", number: 1, text: "Trust takes months", time: time)),
        ])
    }
    let text = try TestSupport.reflect(
      ["export", "--format", "text", "--home", home], environment: ["TZ": "UTC"]
    ).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(text.contains("[s1 s2 s3 s4 s5 s6 s7 s8 +4 more]"), "\(text)")
    #expect(text.contains("s12 2026-11-12"), "the sources list names all twelve: \(text)")
    let stats = try TestSupport.reflect(["stats", "--home", home], environment: ["TZ": "UTC"])
      .stdout
    #expect(stats.contains("Trust takes months — 12 times since 2026-11-01\n"), "\(stats)")
    #expect(!stats.contains("[s"), "\(stats)")
    // Markdown and HTML link the first eight sessions and count the rest.
    let markdown = try TestSupport.reflect(
      ["export", "--format", "markdown", "--home", home], environment: ["TZ": "UTC"]
    ).stdout
    #expect(
      markdown.contains(
        "[2026-11-08](#session-20261108-090000-cite), and 4 more)"), "\(markdown)")
    #expect(!markdown.contains("[2026-11-09](#session-20261109-090000-cite), "), "\(markdown)")
    let output = TestSupport.temporaryDirectory() + "/report.html"
    _ = try TestSupport.reflect(
      ["export", "--format", "html", "--with-sources", "--output", output, "--home", home],
      environment: ["TZ": "UTC"])
    let html = try String(
      contentsOfFile: output.replacingOccurrences(of: ".html", with: "-sources.html"),
      encoding: .utf8)
    #expect(
      html.contains("<a href=\"#session-20261108-090000-cite\">2026-11-08</a>, and 4 more"),
      "\(html)")
  }

  @Test func identicalLessonsInOneSessionAppearOnce() throws {
    let home = try home(lessons: ["Trust takes time", "Trust takes time.", "trust takes time"])
    let markdown = try TestSupport.reflect(["export", "--home", home]).stdout
    let themes = markdown.components(separatedBy: "## Lessons by stage")[1].components(
      separatedBy: "\n## ")[
        0]
    #expect(themes.components(separatedBy: "Trust takes time").count - 1 == 1, "\(themes)")
  }

  @Test func everyLinkInTheHTMLReachesItsSessionAndChartsAreLabelled() throws {
    let home = try home(with: Self.scenarioArchive)
    let output = TestSupport.temporaryDirectory() + "/report.html"
    _ = try TestSupport.reflect([
      "export", "--format", "html", "--with-sources", "--output", output, "--home", home,
    ])
    for page in [output, output.replacingOccurrences(of: ".html", with: "-sources.html")] {
      let check = try TestSupport.run(
        "/usr/bin/env", ["python3", Self.fixtures + "/check_html.py", page, "[]"])
      #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
      #expect(!check.stdout.hasPrefix("0 links"))
    }
  }

  @Test func keyPhrasesAreNeverAStopWordAlone() throws {
    let home = try home(with: Self.scenarioArchive)
    let run = try TestSupport.reflect(["export", "--format", "json", "--home", home])
    let object = try #require(
      try JSONSerialization.jsonObject(with: run.stdoutData) as? [String: Any])
    let themes = try #require(object["themes"] as? [[String: Any]])
    var phrases: [String] = []
    for theme in themes {
      phrases += (theme["keyPhrases"] as? [[String: Any]] ?? []).compactMap {
        $0["phrase"] as? String
      }
    }
    #expect(phrases.count >= 10)
    for phrase in phrases {
      let words = phrase.split(separator: " ").map(String.init)
      #expect(!PhraseTally.stopWords.contains(words[0]), "\(phrase)")
      #expect(!PhraseTally.stopWords.contains(words[words.count - 1]), "\(phrase)")
    }
  }

  @Test func aBadPeriodIsAUsageError() throws {
    let run = try TestSupport.reflect([
      "export", "--period", "soon", "--home", TestSupport.temporaryDirectory(),
    ])
    #expect(run.status == 64)
    #expect(run.stderr.contains("--period takes quarter, month, year"))
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
    #expect(object?["sessionCount"] as? Int == 1)
    #expect(
      (object?["lessons"] as? [[String: Any]])?.map { $0["text"] as? String } == [
        "Building trust needs patience"
      ])
    let one = try TestSupport.reflect([
      "export", "--session", "20261124-073000-cccc", "--format", "json", "--home", home,
    ])
    let single = try JSONSerialization.jsonObject(with: one.stdoutData) as? [String: Any]
    #expect(single?["sessionCount"] as? Int == 1)
    let staged = try TestSupport.reflect(
      ["export", "--stage", "description", "--format", "json", "--output", "-", "--home", home])
    let described = try JSONSerialization.jsonObject(with: staged.stdoutData) as? [String: Any]
    #expect(described?["sessionCount"] as? Int == 1, "only the session that answered in that stage")
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
      "export", "--format", "html", "--with-sources", "--output", output, "--home", home,
    ])
    #expect(run.status == 0)
    // Every lesson is on the sources page; the report has the same escaping and policy.
    let expected = String(
      decoding: try JSONSerialization.data(withJSONObject: Self.xss), as: UTF8.self)
    let sources = output.replacingOccurrences(of: ".html", with: "-sources.html")
    for (page, lessons) in [(sources, expected), (output, "[]")] {
      let check = try TestSupport.run(
        "/usr/bin/env", ["python3", Self.fixtures + "/check_html.py", page, lessons])
      #expect(check.status == 0, "\(page): \(check.stdout)\(check.stderr)")
    }
  }

  static let markdownInjection = [
    "# Not a heading", "[link](javascript:alert(1))", "<img src=x onerror=alert(1)>", "**bold**",
    "`code`", "1. not a list", "> not a quote", "---", "| not | a table |", "![image](http://x)",
    "line one\nline two", "_emphasis_ and ~strike~",
  ]

  /// Each lesson line of the export, rendered by a CommonMark renderer (markdown-it-py),
  /// is the list item and the link reflect wrote and nothing else, and reads as the words
  /// typed; its ordinary punctuation is not escaped.
  @Test func markdownShowsTheWordsNotTheirFormatting() throws {
    let home = try home(lessons: Self.markdownInjection + ["lesson-alpha: what you will do."])
    let run = try TestSupport.reflect(["export", "--all", "--home", home])
    // Each numbered item with its continuation lines (a lesson in paragraphs keeps them).
    var items: [String] = []
    for line in run.stdout.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.first?.isNumber == true, line.contains(". ") {
        items.append(String(line))
      } else if line.hasPrefix("   "), !items.isEmpty {
        items[items.count - 1] += "\n" + line
      }
    }
    let lessonLines = items.filter { $0.contains(" — 2026-11-18 ([2026-11-18](#session-") }
    #expect(lessonLines.count == Self.markdownInjection.count + 1)
    #expect(lessonLines.contains { $0.contains(" lesson-alpha: what you will do. — ") })
    let rendered = try MarkdownRenderer.render(lessonLines)
    var shown: [String] = []
    for (line, result) in zip(lessonLines, rendered) {
      #expect(result.tags == ["ol", "li", "a"], "\(line) rendered as \(result.html)")
      shown.append(
        result.text.replacingOccurrences(of: "\n", with: " ")
          .components(separatedBy: " — 2026-11-18 (")[0])
    }
    #expect(
      shown.sorted()
        == (Self.markdownInjection + ["lesson-alpha: what you will do."]).map {
          $0.replacingOccurrences(of: "\n", with: " ")
        }.sorted())
  }

  static let odd = [
    "NUL \u{0} inside", "line\u{2028}separator", "emoji 🙂👩🏽‍🏫", "RTL שלום مرحبا", "tab\there",
    "quote \" and \\ backslash",
  ]

  @Test func jsonKeepsOddStringsExactly() throws {
    let home = try home(lessons: Self.odd)
    let run = try TestSupport.reflect(["export", "--format", "json", "--home", home])
    let object = try JSONSerialization.jsonObject(with: run.stdoutData) as? [String: Any]
    #expect(object?["version"] as? Int == Report.version)
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
      // The HTML page shows no lesson of a single session: they and their quotes are on the
      // sources page, redacted alike.
      var document = run.stdout
      if format == "html" {
        let page = TestSupport.temporaryDirectory() + "/report.html"
        let written = try TestSupport.reflect(
          [
            "export", "--redact", "--format", "html", "--with-sources", "--output", page,
            "--home", home,
          ], environment: ["XDG_CONFIG_HOME": config])
        #expect(written.status == 0, "\(written.stderr)")
        document = try String(
          contentsOfFile: page.replacingOccurrences(of: ".html", with: "-sources.html"),
          encoding: .utf8)
        for name in ["Sam", "Jones", "Village", "Priya", "Hill Academy"] {
          #expect(!document.contains(name), "sources page: \(name) left in")
        }
      }
      #expect(document.components(separatedBy: "Person A").count - 1 >= 4, "\(format)")
      #expect(document.contains("Organisation A"))
      #expect(document.contains("Person B from Organisation B kept every promise"))
    }
  }

  /// Two capitalised words together are a name wherever they stand.
  ///
  /// At the start of an answer, after a full stop, an opening quote, a closing quote or a
  /// bullet; a capitalised word alone at the start of a sentence is an ordinary word and
  /// stays.
  @Test func redactionFindsANameThatOpensASentence() throws {
    let home = try home(lessons: [
      "Sam Okafor at the county council showed me how to listen",
      "It went well. Amara Nwosu chaired it.",
      "\"Tomasz Wójcik keeps his word,\" she said",
      "I said \"no.\" Lin Chen laughed",
      "What helped:\n- Dev Patel asked first\n- Trust came later\n* Trust takes time\n",
      "Trust takes time to build",
      "When Sam Okafor came, we listened",
    ])
    let run = try TestSupport.reflect(["export", "--redact", "--format", "text", "--home", home])
    #expect(run.status == 0, "\(run.stderr)")
    for name in ["Sam", "Okafor", "Amara", "Nwosu", "Tomasz", "Wójcik", "Lin", "Chen", "Dev"] {
      #expect(!run.stdout.contains(name), "\(name) left in:\n\(run.stdout)")
    }
    #expect(run.stdout.contains("Person A at the county council showed me how to listen"))
    #expect(run.stdout.contains("When Person A came, we listened"), "\(run.stdout)")
    #expect(run.stdout.contains("Trust takes time to build"), "\(run.stdout)")
    #expect(run.stdout.contains("Trust came later"), "\(run.stdout)")
    #expect(!run.stdout.contains("Organisation"), "\(run.stdout)")
  }
}
