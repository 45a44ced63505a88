import Foundation
import PropertyBased
import ReflectTestSupport
import Testing

@testable import ReflectCore

@Suite struct LessonsSummaryTests {
  let utc = TimeZone(identifier: "UTC") ?? .current
  let time = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18

  func transcript(_ id: String, at time: Date, answers: [(String, String)], lessons: [String])
    -> Transcript
  {
    var events: [TranscriptEvent] = [
      .start(
        SessionStart(
          id: testID(id), pack: "collaboration", packTitle: "C", stages: [], seed: 1, version: "t",
          time: time))
    ]
    for (stage, text) in answers {
      events.append(.answer(Answer(stage: stage, question: "q", text: text, time: time)))
    }
    for (index, text) in lessons.enumerated() {
      events.append(.lesson(Lesson(stage: "lessons", number: index + 1, text: text, time: time)))
    }
    return Transcript(path: id, events: events)
  }

  @Test func lessonsAreFiledUnderTheStageTheyEcho() {
    var summary = LessonsSummary(stageTitles: ["trust": "Trust"], timeZone: utc)
    summary.add(
      transcript(
        "a", at: time,
        answers: [("trust", "The council trust took months"), ("values", "Honesty")],
        lessons: ["Council trust needs months", "Bring cake"]))
    #expect(summary.lessons.map(\.theme) == ["trust", LessonsSummary.general])
    #expect(summary.lessons.map(\.line) == [4, 5])
    #expect(summary.title("trust") == "Trust")
  }

  func report(_ summary: LessonsSummary) -> Report {
    Report(summary, options: .init(timeZone: utc))
  }

  @Test func recurringLessonsNeedTwoSessions() {
    var summary = LessonsSummary(timeZone: utc)
    summary.add(
      transcript(
        "a", at: time, answers: [], lessons: ["Trust takes time", "Trust takes a long time"]))
    #expect(report(summary).recurring.isEmpty, "one session is not recurrence")
    summary.add(
      transcript(
        "b", at: time + 86_400 * 40, answers: [], lessons: ["Building trust needs patience"]))
    let recurring = report(summary).recurring
    #expect(recurring.count == 1)
    #expect(recurring.first?.wordings.count == 3)
    #expect(recurring.first?.count == 2, "two sessions")
    #expect(recurring.first?.text == "Building trust needs patience", "the latest wording")
    #expect(recurring.first?.firstDate.day == "2026-11-18")
  }

  @Test func howThinkingMovedSaysWhatIsNewInTheLastQuarter() {
    var summary = LessonsSummary(
      stageTitles: ["trust": "Trust", "values": "Values"], timeZone: utc)
    let day: TimeInterval = 86_400
    for index in 0..<4 {
      summary.add(
        transcript(
          "old\(index)", at: time - Double(200 + index) * day,
          answers: [("values", "Honesty with parents")], lessons: ["Say it early"]))
    }
    for index in 0..<2 {
      summary.add(
        transcript(
          "new\(index)", at: time - Double(index) * day,
          answers: [("trust", "The council kept promises")],
          lessons: ["Small promises kept build trust"]))
    }
    let movement = report(summary).movement
    #expect(movement?.new.map(\.label) == ["Small promises kept build trust"])
    #expect(movement?.new.first?.sessions == 2)
    #expect(movement?.ideas.map(\.moved) == [false, false], "one wording each: nothing moved")
    #expect(report(summary).recurring.map(\.count) == [4, 2])
    #expect(report(summary).ideas.map(\.sessions) == [4, 2])
  }

  @Test(arguments: [
    ("90d", ReportPeriod.days(90)), ("quarter", .months(3)), ("2y", .months(24)), ("6w", .weeks(6)),
  ])
  func periodsAreRead(text: String, period: ReportPeriod) {
    #expect(ReportPeriod(text) == period)
  }

  @Test(arguments: ["", "soon", "0d", "-3m", "3x", "99999d"])
  func badPeriodsAreNot(text: String) {
    #expect(ReportPeriod(text) == nil)
  }

  @Test func keyPhrasesSpanStopWordsAndMergeStems() {
    var tally = PhraseTally()
    let texts = [
      "We lost trust in the data after the audit.", "Nobody had trust in the data by March.",
      "Trust in the data came back slowly.", "The partners met weekly.", "Our partner met us.",
      "Budgets were cut.", "The board met in June.", "Parents asked questions.",
    ]
    for text in texts { tally.add(text, stage: "trust") }
    for filler in 0..<8 {
      tally.add("Filler answer number \(filler) about nothing", stage: "values")
    }
    let phrases = tally.top("trust").map(\.phrase)
    #expect(phrases.contains("trust in the data"), "\(phrases)")
    #expect(
      tally.top("trust").first { $0.phrase.hasPrefix("partner") }?.count == 2,
      "stems merged: \(phrases)")
    #expect(!phrases.contains("trust"), "inside a chosen phrase")
    #expect(tally.top("trust").first { $0.phrase == "trust in the data" }?.count == 3)
  }

  @Test func commitmentsShowTheirLatestReview() {
    var summary = LessonsSummary(timeZone: utc)
    var first = transcript("a", at: time, answers: [], lessons: [])
    first.events.append(
      .commitment(Commitment(stage: "c", number: 1, text: "Call Sam", due: nil, time: time)))
    var second = transcript("b", at: time + 3600, answers: [], lessons: [])
    second.events.append(
      .review(
        Review(
          session: "a", number: 1, text: "Call Sam", status: .changed, outcome: "Emailed instead",
          time: time + 3600)))
    summary.add(first)
    summary.add(second)
    let item = summary.reviewedCommitments.first
    #expect(item?.status == .changed)
    #expect(item?.outcome == "Emailed instead")
  }

  @Test func monthsStreaksAndKeyTerms() {
    var summary = LessonsSummary(timeZone: utc)
    let week: TimeInterval = 7 * 86_400
    for index in 0..<3 {
      summary.add(
        transcript(
          "s\(index)", at: time - Double(index) * week,
          answers: [("trust", "The council kept promises")], lessons: []))
    }
    summary.add(
      transcript(
        "old", at: time - 20 * week, answers: [("values", "Honesty with parents")], lessons: []))
    #expect(summary.weekStreak(now: time) == 3)
    #expect(summary.weekStreak(now: time + 3 * week) == 0)
    let months = summary.sessionsPerMonth
    #expect(months.first?.month == "2026-07")
    #expect(months.last?.month == "2026-11")
    #expect(months.count == 5, "months with no sessions are shown too")
    #expect(summary.phrases.top("trust").map(\.phrase).contains("council kept promises"))
    #expect(summary.stageSessions["trust"] == 3)
  }

  @Test func markdownEscapesThePersonsText() {
    var summary = LessonsSummary(timeZone: utc)
    summary.add(transcript("a", at: time, answers: [], lessons: ["# not a heading [x](y)"]))
    let text = Exporter().render(report(summary), as: .markdown)
    #expect(
      text.contains(
        "1. \\# not a heading \\[x\\](y) — 2026-11-18 ([2026-11-18](#session-20260101-000000-a000))"
      ))
  }

  /// Only what Markdown would read as markup is escaped: ordinary punctuation reads as typed.
  @Test(arguments: [
    ("lesson-alpha: what you will do.", "lesson-alpha: what you will do."),
    ("snake_case and (brackets) + \"quotes\"!", "snake_case and (brackets) + \"quotes\"!"),
    ("# heading", "\\# heading"), ("> quote", "\\> quote"), ("- item", "\\- item"),
    ("+ item", "\\+ item"), ("12. numbered", "12\\. numbered"), ("3) numbered", "3\\) numbered"),
    ("=====", "\\====="), ("```fence", "\\`\\`\\`fence"), ("~~~", "\\~\\~\\~"),
    ("[[wiki]] [link](x)", "\\[\\[wiki\\]\\] \\[link\\](x)"), ("a | b", "a \\| b"),
    ("<b>bold</b> <https://x>", "\\<b>bold\\</b> \\<https://x>"),
    ("1 < 2 and 3 > 2", "1 < 2 and 3 > 2"),
    ("*stress* _this_ __too__", "\\*stress\\* \\_this\\_ \\_\\_too\\_\\_"),
    ("AT&T &amp; &#169;", "AT\\&T \\&amp; \\&#169;"), ("tea & cake", "tea & cake"),
    ("    indented code", "indented code"), ("back\\slash", "back\\\\slash"),
  ])
  func markdownEscapesOnlyWhatWouldBeMarkup(text: String, expected: String) {
    #expect(MarkdownText.escape(text) == expected)
    #expect(MarkdownText.escapedByRules(text, obsidian: false) == expected)
  }

  /// Text the escaper passes through untouched is exactly text its rules leave alone: on
  /// texts of prose, every character Markdown or Obsidian gives a meaning, digits, spaces,
  /// line breaks and controls.
  @Test func plainTextIsWhatTheRulesLeaveAlone() async {
    let pieces: [String] = [
      "a", "Trust", " ", ".", ",", "'", "\"", "(", ")", "1", "12", "\n", "\t", "\r", "\u{1B}",
      "#", ">", "-", "+", "*", "=", "_", "~", "|", "\\", "`", "[", "]", "<", "&", "%", "$",
      "^", "!", "é", "’", "\u{200B}", "🙂",
    ]
    await propertyCheck(
      count: 2_000, input: Gen.int(in: 0...(pieces.count - 1)).array(of: 0...30)
    ) { picks in
      let text = picks.map { pieces[$0] }.joined()
      for obsidian in [false, true] {
        let byRules = MarkdownText.escapedByRules(text, obsidian: obsidian)
        #expect(MarkdownText.escape(text, obsidian: obsidian) == byRules, "\(picks)")
        if MarkdownText.isPlain(text, obsidian: obsidian) { #expect(byRules == text, "\(picks)") }
      }
    }
  }
}

/// Large exports are written in pieces: the pieces put together are exactly the document
/// rendered whole, wherever the pieces break.
@Suite struct StreamedExportTests {
  let utc = TimeZone(identifier: "UTC") ?? .current

  /// 300 sessions with lessons, answers, a commitment each; every list non-empty but one.
  func report() -> Report {
    var summary = LessonsSummary(stageTitles: ["trust": "Trust"], timeZone: utc)
    for transcript in transcripts() { summary.add(transcript) }
    return Report(summary, options: .init(timeZone: utc))
  }

  /// The sessions of ``report()``.
  func transcripts() -> [Transcript] {
    var transcripts: [Transcript] = []
    let start = Date(timeIntervalSince1970: 1_780_000_000)
    for index in 0..<300 {
      let time = start + Double(index) * 86_400
      var generator = SeededGenerator(seed: UInt64(index + 1))
      let id = SessionID.generate(at: time, using: &generator)
      transcripts.append(
        Transcript(
          path: id.rawValue,
          events: [
            .start(
              SessionStart(
                id: id, pack: "collaboration", packTitle: "C", stages: [], seed: 1,
                version: "t", time: time)),
            .answer(
              Answer(
                stage: "trust", question: "q", text: "Trust took months with partner \(index)",
                time: time)),
            .answer(
              Answer(
                stage: "values", question: "v",
                text: String(repeating: "They kept their word every week. ", count: 30),
                time: time)),
            .lesson(
              Lesson(
                stage: "lessons", number: 1, text: "Trust takes months, lesson \(index % 7)",
                time: time)),
            // The same in every session: an item of 300 wordings and sources, written in
            // pieces of its own.
            .lesson(
              Lesson(stage: "lessons", number: 3, text: "Every partner needs an owner", time: time)),
            // One unlike any other: a theme of 300 items, more than a piece of JSON holds.
            .lesson(
              Lesson(
                stage: "lessons", number: 2,
                text: [index, index + 1000, index + 2000].map(Self.word).joined(separator: " "),
                time: time)),
            .commitment(
              Commitment(
                stage: "commitments", number: 1, text: "Call partner \(index)", due: nil,
                time: time)),
          ]))
    }
    return transcripts
  }

  /// A made-up word for `number` ("wbad"), unlike every other number's.
  static func word(_ number: Int) -> String {
    var letters = "w"
    var rest = number
    repeat {
      letters.append(Character(UnicodeScalar(UInt8(97 + rest % 26))))
      rest /= 26
    } while rest > 0
    return letters
  }

  @Test func piecesMakeTheWholeDocument() throws {
    let report = report()
    try #require(report.sessions.count == 300)
    try #require(report.themes.contains { $0.lessons.count > 256 })
    try #require(report.recurring.contains { $0.wordings.count + $0.sources.count > 512 })
    for all in [false, true] {
      var whole = MarkdownReport(report: report, all: all)
      whole.sessionsPerPiece = 10_000
      var pieces: [String] = []
      var small = MarkdownReport(report: report, all: all)
      small.sessionsPerPiece = 7
      small.render { pieces.append($0) }
      #expect(pieces.count > 40)
      #expect(pieces.joined() == whole.render())
    }
    // The HTML report's sessions are on its sources page.
    var wholePage = HTMLReport(report: report)
    wholePage.sessionsPerPiece = 10_000
    var whole = ""
    wholePage.renderSources { whole += $0 }
    var smallPage = HTMLReport(report: report)
    smallPage.sessionsPerPiece = 7
    var pieces: [String] = []
    smallPage.renderSources { pieces.append($0) }
    #expect(pieces.count > 40)
    #expect(pieces.joined() == whole)
  }

  /// A lesson written in many sessions links the first eight and counts the rest, in
  /// Markdown and HTML (its sources page); the JSON keeps every source.
  @Test func aLessonFromManySessionsLinksEightAndCountsTheRest() throws {
    let report = report()
    let item = try #require(report.recurring.first)
    try #require(item.sources.count > 30)
    let more = ", and \(item.sources.count - 8) more"
    let markdown = MarkdownReport(report: report, all: false).render()
    let line = try #require(
      markdown.split(separator: "\n").first { $0.hasPrefix("1. **") && $0.contains(item.text) })
    #expect(line.components(separatedBy: "](#session-").count - 1 == 8)
    #expect(line.hasSuffix(more + ")"))
    var html = ""
    HTMLReport(report: report).renderSources { html += $0 }
    let entry = try #require(
      html.split(separator: "\n").first { $0.contains(item.text) && $0.contains(" times, ") })
    #expect(entry.components(separatedBy: "<a href=").count - 1 == 8)
    #expect(entry.contains(more + "</span>"))
    let json = Exporter.json(report)
    #expect(json.components(separatedBy: "\"anchor\"").count - 1 > item.sources.count)
  }

  /// A Day One zip written into a file as sessions are added is byte for byte the one
  /// built whole, though its journal is written out in several pieces.
  @Test func aDayOneZipWrittenAsItGoesIsTheWholeOne() throws {
    let report = report()
    let export = DayOneExport(timeZone: utc)
    var whole = DayOneExport.Journal(export, report: report)
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("reflect-dayone-\(UUID().uuidString).zip").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let stream = try PrivateFile.Stream(path)
    #expect(stream.isFile)
    var streamed = DayOneExport.Journal(
      export, standing: NoteExport.Standing(report), into: stream)
    for transcript in transcripts() {
      whole.add(transcript)
      streamed.add(transcript)
    }
    try streamed.finish()
    try stream.finish()
    let bytes = whole.archive()
    #expect(bytes.count > 1 << 18)
    #expect(FileManager.default.contents(atPath: path) == bytes)
  }

  /// The streamed JSON is byte for byte what `JSONEncoder` gives for the whole report,
  /// with lists long, short and empty, and optional fields absent.
  @Test func streamedJSONIsTheEncodersOwn() throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    for report in [report(), Report(LessonsSummary(timeZone: utc))] {
      let expected = String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
      var pieces: [String] = []
      Exporter.json(report) { pieces.append($0) }
      #expect(pieces.joined() == expected)
    }
  }
}

/// The notes folder's manifest, written by hand: laid out as `JSONEncoder` lays it out, and
/// read back as written whatever the paths hold.
@Suite struct NoteManifestTests {
  static func byEncoder(_ files: [String: String]) throws -> Data {
    struct Manifest: Encodable {
      var about = NoteFolder.about
      var files: [String: String]
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(Manifest(files: files)) + Data("\n".utf8)
  }

  @Test func laidOutAsTheEncoderDoes() throws {
    let records: [[String: String]] = [
      [:],
      ["Reflect lessons.md": "425b40e08a99d2ec"],
      [
        "2026-09-22 Collaboration in public services.md": "a6d76c59e8dab562",
        "2026-09-21 School merger phase 1 2.md": "b316a88d9ff2dc00",
        "pages/Reflect lessons.md": "b11d10900dfb3a38", "2026-09-22 Café – “quotes”.md": "1",
        "a \"quoted\" \\ back\\slash\ttab.md": "ff",
      ],
    ]
    for files in records {
      #expect(Data(NoteFolder.encode(files)) == (try Self.byEncoder(files)), "\(files)")
    }
  }

  @Test func anyPathReadsBackAsWritten() async {
    let pieces = ["a", "é", "\"", "\\", "/", "\n", "\u{1}", "\u{1F}", "\t", " ", "🙂", "\u{7F}"]
    await propertyCheck(
      count: 300, input: Gen.int(in: 0...(pieces.count - 1)).array(of: 0...6).array(of: 0...5)
    ) { paths in
      var files: [String: String] = [:]
      for (number, path) in paths.enumerated() {
        files[path.map { pieces[$0] }.joined()] = String(number, radix: 16)
      }
      let encoded = Data(NoteFolder.encode(files))
      let object = try? JSONSerialization.jsonObject(with: encoded) as? [String: Any]
      #expect(object?["files"] as? [String: String] == files, "\(files)")
      #expect(object?["about"] as? String == NoteFolder.about)
      // Read back line by line unless something in it is escaped.
      let escaped = encoded.contains(UInt8(ascii: "\\"))
      #expect(NoteFolder.laidOut(encoded) == (escaped ? nil : files), "\(files)")
    }
  }

  /// A manifest laid out otherwise (by hand, or an older reflect) is read by a decoder.
  @Test func anyManifestIsRead() throws {
    let folder = NoteFolder(directory: TestSupport.temporaryDirectory("manifest"))
    let files = ["a.md": "1f", "b \"c\".md": "2e", "é\nx.md": "3d"]
    for (layout, expected) in [
      (Data(NoteFolder.encode(files)), files),
      (try JSONSerialization.data(withJSONObject: ["files": files, "more": [1, 2]]), files),
      (Data(NoteFolder.encode(["a.md": "1f"]) + Array(" ".utf8)), ["a.md": "1f"]),
    ] {
      try layout.write(to: URL(fileURLWithPath: folder.manifestPath))
      #expect(folder.manifest() == expected, "\(String(decoding: layout, as: UTF8.self))")
    }
    try Data("{\"files\": 3}".utf8).write(to: URL(fileURLWithPath: folder.manifestPath))
    #expect(folder.manifest().isEmpty)
  }
}

/// The lessons index is rendered before the notes are named, and its links filled in after.
@Suite struct IndexNoteTests {
  @Test func linksAreFilledInOnceNamed() throws {
    let report = StreamedExportTests().report()
    let exporter = NoteExport(flavour: .obsidian, stageTitles: [:])
    let note = exporter.indexNote(report)
    #expect(note.sessions.count > 8)
    var names: [String: String] = [:]
    for session in note.sessions { names[session] = "Note \(session.suffix(4))" }
    let named = note.file { names[$0] }
    #expect(named == exporter.index(report, names: names))
    #expect(!named.contents.contains("\u{0}"))
    let some = try #require(note.sessions.first)
    #expect(named.contents.contains("[[Note \(some.suffix(4))#Key lessons]]"))
    // A session with no note (changed meanwhile) shows as its id.
    let unnamed = note.file { $0 == some ? nil : names[$0] }
    #expect(unnamed.contents.contains(some))
    #expect(!unnamed.contents.contains("[[Note \(some.suffix(4))#"))
  }
}

/// Pieces of a JSON export are indented line by line as one byte-at-a-time pass would.
@Suite struct IndentTests {
  /// The plain definition: `indent` after every line break that a non-empty line follows.
  private func reference(_ bytes: [UInt8], _ indent: String) -> String {
    var out: [UInt8] = []
    for (offset, byte) in bytes.enumerated() {
      if offset > 0, bytes[offset - 1] == 0x0A, byte != 0x0A { out += Array(indent.utf8) }
      out.append(byte)
    }
    return String(decoding: out, as: UTF8.self)
  }

  @Test func everyShapeOfLineBreaksIsIndentedAsDefined() async {
    let pieces: [[UInt8]] = [[0x0A], [0x0A, 0x0A], [0x7B], [0x20, 0x20], Array("é".utf8), [0x5D]]
    await propertyCheck(count: 500, input: Gen.int(in: 0...(pieces.count - 1)).array(of: 0...40)) {
      choices in
      let bytes = choices.flatMap { pieces[$0] }
      for indent in ["", "  ", "    "] {
        #expect(Exporter.indented(Data(bytes), by: indent) == reference(bytes, indent))
        #expect(Exporter.indented(bytes, by: indent) == reference(bytes, indent))
        // A slice that does not start at 0, as the export hands over.
        let data = Data([0x5B, 0x0A] + bytes + [0x0A, 0x5D]).dropFirst(2).dropLast(2)
        #expect(Exporter.indented(data, by: indent) == reference(bytes, indent))
      }
    }
    #expect(Exporter.indented(Data("a\nb\n\nc\n".utf8), by: "  ") == "a\n  b\n\n  c\n")
  }
}
