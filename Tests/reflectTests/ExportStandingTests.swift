import Foundation
import ReflectCore
import ReflectTerminal
import ReflectTestSupport
import Testing

/// `reflect export` through the binary: a commitment's standing under every filter, the
/// filters stated in every format's header, JSON dates in one stated zone, and the text
/// report's width in a file or a pipe.
@Suite struct ExportStandingTests {
  /// Three sessions: a commitment made in the first (tag research, pack collaboration, at
  /// 20:30 UTC: the next morning in Tokyo, midday in Los Angeles), reviewed as done in the
  /// second (tag other, pack gibbs); a third like the first, late in the UTC evening.
  static let sessions: [String: [String]] = [
    "20260301-203000-aaaa": [
      #"{"coaching":false,"id":"20260301-203000-aaaa","pack":"collaboration","packTitle":"Collaboration","schema":1,"seed":1,"stages":["lessons","commitments"],"time":"2026-03-01T20:30:00.000Z","type":"start","version":"0.1.0"}"#,
      #"{"name":"tag","stage":"","text":"research","time":"2026-03-01T20:30:00.000Z","type":"command"}"#,
      #"{"number":1,"origin":"typed","stage":"lessons","text":"Trust takes time","time":"2026-03-01T20:31:00.000Z","type":"lesson"}"#,
      #"{"due":"2026-03-20","number":1,"stage":"commitments","text":"Call Sam at the council","time":"2026-03-01T20:32:00.000Z","type":"commitment"}"#,
      #"{"reason":"completed","time":"2026-03-01T20:33:00.000Z","type":"end"}"#,
    ],
    "20260310-090000-bbbb": [
      #"{"coaching":false,"id":"20260310-090000-bbbb","pack":"gibbs","packTitle":"Gibbs","schema":1,"seed":1,"stages":["lessons"],"time":"2026-03-10T09:00:00.000Z","type":"start","version":"0.1.0"}"#,
      #"{"name":"tag","stage":"","text":"other","time":"2026-03-10T09:00:00.000Z","type":"command"}"#,
      #"{"number":1,"outcome":"We met and agreed a review","session":"20260301-203000-aaaa","status":"done","text":"Call Sam at the council","time":"2026-03-10T09:00:30.000Z","type":"review"}"#,
      #"{"number":1,"origin":"typed","stage":"lessons","text":"Small promises build trust","time":"2026-03-10T09:01:00.000Z","type":"lesson"}"#,
      #"{"reason":"completed","time":"2026-03-10T09:02:00.000Z","type":"end"}"#,
    ],
    "20260320-233000-cccc": [
      #"{"coaching":false,"id":"20260320-233000-cccc","pack":"collaboration","packTitle":"Collaboration","schema":1,"seed":1,"stages":["lessons"],"time":"2026-03-20T23:30:00.000Z","type":"start","version":"0.1.0"}"#,
      #"{"name":"tag","stage":"","text":"research","time":"2026-03-20T23:30:00.000Z","type":"command"}"#,
      #"{"number":1,"origin":"typed","stage":"lessons","text":"Trust grows slowly","time":"2026-03-20T23:31:00.000Z","type":"lesson"}"#,
      #"{"reason":"completed","time":"2026-03-20T23:32:00.000Z","type":"end"}"#,
    ],
  ]

  /// A home holding ``sessions``.
  static func home() throws -> String {
    let home = TestSupport.temporaryDirectory() + "/home"
    try FileManager.default.createDirectory(
      atPath: home + "/transcripts", withIntermediateDirectories: true)
    chmod(home, 0o700)
    chmod(home + "/transcripts", 0o700)
    for (id, lines) in sessions {
      let path = home + "/transcripts/\(id).jsonl"
      try (lines.joined(separator: "\n") + "\n").write(
        toFile: path, atomically: true, encoding: .utf8)
      chmod(path, 0o600)
    }
    return home
  }

  static func json(_ run: RunResult) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: run.stdoutData) as? [String: Any])
  }

  /// Each filter that leaves the reviewing session out, and how the header states it.
  static let filters: [([String], String)] = [
    (["--tag", "research"], "Filtered: tag research"),
    (["--pack", "collaboration"], "Filtered: pack collaboration"),
    (
      ["--since", "2026-03-01", "--until", "2026-03-05"],
      "Filtered: since 2026-03-01; until 2026-03-05"
    ),
    (["--stage", "commitments"], "Filtered: stage commitments"),
    (["--session", "20260301-203000-aaaa"], "Filtered: session 20260301-203000-aaaa"),
    (["--tag", "research", "--since", "2026-01-01"], "Filtered: tag research; since 2026-01-01"),
  ]

  @Test(arguments: filters)
  func aCommitmentReviewedOutsideTheFilterShowsAsDone(filter: [String], stated: String) throws {
    let home = try Self.home()
    let run = try TestSupport.reflect(["export", "--format", "json", "--home", home] + filter)
    #expect(run.status == 0, "\(run.stderr)")
    let object = try Self.json(run)
    let commitments = try #require(object["commitments"] as? [[String: Any]])
    #expect(commitments.count == 1)
    #expect(commitments.first?["status"] as? String == "done", "\(commitments)")
    #expect(commitments.first?["outcome"] as? String == "We met and agreed a review")
    #expect((object["openCommitments"] as? [Any])?.isEmpty == true)
    let filters = try #require(object["filters"] as? [[String: String]])
    let named =
      "Filtered: "
      + filters.map { "\($0["name"] ?? "") \($0["value"] ?? "")" }
      .joined(separator: "; ")
    #expect(named == stated)
    for format in ["markdown", "html", "text"] {
      let document = try TestSupport.reflect(
        ["export", "--format", format, "--home", home] + filter)
      #expect(document.status == 0, "\(document.stderr)")
      // In the header: the lines before the first section (HTML: its `meta` line).
      let header =
        format == "html"
        ? document.stdout.split(separator: "\n").first { $0.contains("class=\"meta\"") }
          .map(String.init) ?? ""
        : document.stdout.components(separatedBy: "\n\n").prefix(3).joined(separator: " ")
          .replacingOccurrences(of: "\n  ", with: " ").replacingOccurrences(of: "\n", with: " ")
      #expect(header.contains(stated), "\(format): \(header)")
      let flowing = document.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
      #expect(flowing.contains("done 2026-03-10"), "\(format): \(document.stdout)")
    }
  }

  @Test func anUnfilteredReportStatesNoFilter() throws {
    let home = try Self.home()
    let json = try Self.json(
      try TestSupport.reflect(["export", "--format", "json", "--home", home]))
    #expect(json["filters"] == nil)
    let markdown = try TestSupport.reflect(["export", "--format", "markdown", "--home", home])
    #expect(!markdown.stdout.contains("Filtered"))
  }

  /// The same archive exported in Tokyo and in Los Angeles: each lesson on the day the person
  /// lived it there, written with that zone's offset, and the zone named.
  @Test(arguments: ["Asia/Tokyo", "America/Los_Angeles"])
  func jsonDatesAreInTheStatedZoneWithTheirOffset(zone: String) throws {
    let home = try Self.home()
    let run = try TestSupport.reflect(
      ["export", "--format", "json", "--home", home], environment: ["TZ": zone])
    #expect(run.status == 0, "\(run.stderr)")
    let object = try Self.json(run)
    #expect(object["timeZone"] as? String == zone)
    let timeZone = try #require(TimeZone(identifier: zone))
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = timeZone
    let parser = ISO8601DateFormatter()
    parser.formatOptions = [.withInternetDateTime]
    let written: [String: String] = [
      "Trust takes time": "2026-03-01T20:31:00Z",
      "Small promises build trust": "2026-03-10T09:01:00Z",
      "Trust grows slowly": "2026-03-20T23:31:00Z",
    ]
    let lessons = try #require(object["lessons"] as? [[String: Any]])
    #expect(lessons.count == 3)
    for lesson in lessons {
      let text = try #require(lesson["text"] as? String)
      let date = try #require(lesson["date"] as? String)
      let moment = try #require(parser.date(from: date), "'\(date)' has no time and offset")
      let truth = try #require(written[text].flatMap(parser.date(from:)))
      #expect(moment == truth, "\(text): \(date)")
      // The day written is the day there, and the offset is the zone's at that moment.
      let parts = calendar.dateComponents([.year, .month, .day], from: truth)
      let day = String(
        format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
      #expect(date.hasPrefix(day + "T"), "\(text): \(date) is not on \(day) in \(zone)")
      let offset = timeZone.secondsFromGMT(for: truth)
      let sign = offset < 0 ? "-" : "+"
      #expect(
        date.hasSuffix(
          sign + String(format: "%02d:%02d", abs(offset) / 3600, abs(offset) / 60 % 60)))
    }
    // The first lesson: the morning after in Tokyo, midday the same day in Los Angeles.
    let first = lessons.first { $0["text"] as? String == "Trust takes time" }?["date"] as? String
    #expect(
      first?.hasPrefix(
        zone == "Asia/Tokyo" ? "2026-03-02T05:31:00+09:00" : "2026-03-01T12:31:00-08:00") == true,
      "\(first ?? "")")
    let sessions = try #require(object["sessions"] as? [[String: Any]])
    for session in sessions {
      let date = try #require(session["date"] as? String)
      #expect(parser.date(from: date) != nil, "session date '\(date)'")
    }
    for key in ["from", "to"] {
      let date = try #require(object[key] as? String)
      #expect(parser.date(from: date) != nil, "\(key) '\(date)'")
    }
  }

  /// In a file or a pipe the text report wraps to 80 columns, or to COLUMNS when it is set.
  @Test(arguments: [("", 80), ("100", 100)])
  func textReportWrapsTo80ColumnsInAFileOrAPipe(columns: String, width: Int) throws {
    let home = try ExportTests().home(with: ExportTests.scenarioArchive)
    let file = TestSupport.temporaryDirectory() + "/report.txt"
    let environment = ["COLUMNS": columns]
    let piped = try TestSupport.reflect(
      ["export", "--format", "text", "--home", home], environment: environment)
    let written = try TestSupport.reflect(
      ["export", "--format", "text", "--home", home, "--output", file],
      environment: environment)
    #expect(piped.status == 0 && written.status == 0, "\(piped.stderr)\(written.stderr)")
    for text in [piped.stdout, try String(contentsOfFile: file, encoding: .utf8)] {
      let widest = text.split(separator: "\n").map { TextWrap.width(String($0)) }.max() ?? 0
      #expect(widest <= width, "a line of \(widest) columns")
      #expect(widest >= width - 10, "the text fills the width: widest line \(widest)")
    }
  }
}
