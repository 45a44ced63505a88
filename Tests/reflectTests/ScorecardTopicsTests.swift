import Foundation
import ReflectTestSupport
import Testing

/// `reflect export` through the binary: the commitments scorecard (each standing, the kept
/// rate, overdue ones, repeated ones grouped) under every filter, and topics from the
/// person's tags, subjects and words, dated so a neglected one shows.
@Suite struct ScorecardTopicsTests {
  /// A home of `sessions` (id → lines).
  static func home(_ sessions: [String: [String]]) throws -> String {
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

  static func start(_ id: String, _ time: String, pack: String = "collaboration") -> String {
    #"{"coaching":false,"id":""# + id + #"","pack":""# + pack
      + #"","packTitle":"Collaboration","schema":1,"seed":1,"stages":["lessons","commitments"],"time":""#
      + time + #"","type":"start","version":"0.1.0"}"#
  }

  static func line(_ fields: [String: Any]) -> String {
    let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
    return String(decoding: data ?? Data(), as: UTF8.self)
  }

  static func commitment(_ number: Int, _ text: String, due: String?, _ time: String) -> String {
    var fields: [String: Any] = [
      "number": number, "stage": "commitments", "text": text, "time": time, "type": "commitment",
    ]
    if let due { fields["due"] = due }
    return line(fields)
  }

  static func review(_ session: String, _ number: Int, _ status: String, _ time: String) -> String {
    line([
      "number": number, "outcome": "It went \(status)", "session": session, "status": status,
      "text": "x", "time": time, "type": "review",
    ])
  }

  static func progress(_ session: String, _ number: Int, _ status: String, _ time: String)
    -> String
  {
    line([
      "name": "progress", "number": number, "session": session, "stage": "commitments",
      "status": status, "text": "Half of it", "time": time, "type": "command",
    ])
  }

  static func end(_ time: String) -> String {
    #"{"reason":"completed","time":""# + time + #"","type":"end"}"#
  }

  /// Six commitments: "Call Sam at the council" made three times in other words (done,
  /// partly, never asked about), one dropped, one changed, one asked about and not yet done;
  /// two due before 2026-06-01, the day the report is made.
  static let commitments: [String: [String]] = [
    "20260101-090000-aaaa": [
      start("20260101-090000-aaaa", "2026-01-01T09:00:00.000Z"),
      commitment(1, "Call Sam at the council", due: "2026-01-20", "2026-01-01T09:01:00.000Z"),
      commitment(2, "Write the grant report", due: "2026-05-01", "2026-01-01T09:02:00.000Z"),
      end("2026-01-01T09:03:00.000Z"),
    ],
    "20260201-090000-bbbb": [
      start("20260201-090000-bbbb", "2026-02-01T09:00:00.000Z"),
      review("20260101-090000-aaaa", 1, "done", "2026-02-01T09:00:10.000Z"),
      commitment(
        1, "Call Sam at the council office", due: "2026-09-01", "2026-02-01T09:01:00.000Z"),
      commitment(2, "Book the hall for the open day", due: nil, "2026-02-01T09:02:00.000Z"),
      commitment(3, "Visit the three new schools", due: nil, "2026-02-01T09:03:00.000Z"),
      end("2026-02-01T09:04:00.000Z"),
    ],
    "20260301-090000-cccc": [
      start("20260301-090000-cccc", "2026-03-01T09:00:00.000Z"),
      progress("20260201-090000-bbbb", 1, "partly", "2026-03-01T09:00:10.000Z"),
      review("20260201-090000-bbbb", 2, "dropped", "2026-03-01T09:00:20.000Z"),
      review("20260201-090000-bbbb", 3, "changed", "2026-03-01T09:00:30.000Z"),
      progress("20260101-090000-aaaa", 2, "not-yet", "2026-03-01T09:00:40.000Z"),
      commitment(1, "call Sam at council", due: "2026-03-15", "2026-03-01T09:01:00.000Z"),
      end("2026-03-01T09:02:00.000Z"),
    ],
  ]

  static func export(_ home: String, _ format: String, _ extra: [String] = []) throws
    -> RunResult
  {
    let run = try TestSupport.reflect(
      ["export", "--format", format, "--home", home] + extra,
      environment: ["REFLECT_NOW": "2026-06-01", "COLUMNS": "200"])
    #expect(run.status == 0, "\(run.stderr)")
    return run
  }

  static func json(_ run: RunResult) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: run.stdoutData) as? [String: Any])
  }

  @Test func theScorecardCountsEachStandingTheKeptRateAndOverdueOnes() throws {
    let home = try Self.home(Self.commitments)
    let object = try Self.json(try Self.export(home, "json"))
    #expect(object["version"] as? Int == 4)
    let card = try #require(object["scorecard"] as? [String: Any])
    #expect(card["asOf"] as? String == "2026-06-01")
    let expected: [String: Int] = [
      "made": 6, "done": 1, "partly": 1, "changed": 1, "dropped": 1, "open": 1,
      "neverReviewed": 1, "reviewed": 5, "overdue": 2,
      // 1 done of 5 reviewed.
      "keptRate": 20,
    ]
    for (key, value) in expected { #expect(card[key] as? Int == value, "\(key): \(card)") }
    // The three wordings of one commitment are one group: made 3 times, done 1.
    let repeated = try #require(card["repeated"] as? [[String: Any]])
    #expect(repeated.count == 1, "\(repeated)")
    #expect(repeated.first?["made"] as? Int == 3)
    #expect(repeated.first?["done"] as? Int == 1)
    #expect(repeated.first?["partly"] as? Int == 1)
    #expect(repeated.first?["neverReviewed"] as? Int == 1)
    #expect((repeated.first?["wordings"] as? [String])?.count == 3)
    // Each commitment says how it stands and whether it is overdue.
    let commitments = try #require(object["commitments"] as? [[String: Any]])
    let overdue = commitments.filter { $0["overdue"] as? Bool == true }.map {
      $0["text"] as? String
    }
    #expect(Set(overdue) == ["Write the grant report", "call Sam at council"], "\(commitments)")
    #expect(
      Set(commitments.compactMap { $0["standing"] as? String })
        == ["done", "partly", "changed", "dropped", "open", "never-reviewed"])
    // Open ones with a due date first, the overdue marked, in every format.
    let open = try #require(object["openCommitments"] as? [[String: Any]])
    #expect(open.map { $0["text"] as? String }.first == "call Sam at council")
    for format in ["markdown", "text", "html"] {
      let document = try Self.export(home, format).stdout
      // The HTML page asks it as one of its four questions.
      let heading = format == "html" ? "Which commitments I kept" : "Commitments kept"
      #expect(document.contains(heading), "\(format)")
      #expect(
        document.contains(
          "6 made · 1 done, 1 partly, 1 changed, 1 dropped, 1 open, 1 never reviewed"),
        "\(format): \(document)")
      #expect(
        document.contains("Kept rate: 20 % (1 done of 5 reviewed) · 2 overdue."), "\(format)")
      #expect(
        document.contains("made 3 times, done 1, 1 partly, 1 never reviewed"), "\(format)")
      #expect(document.contains("(by 2026-03-15, overdue)"), "\(format)")
      #expect(!document.contains("(by 2026-09-01, overdue)"), "\(format)")
    }
  }

  /// The commitment of ExportStandingTests is reviewed as done in a session every one of its
  /// filters leaves out: the scorecard counts it done under each.
  @Test(arguments: ExportStandingTests.filters)
  func theScorecardIsRightUnderEveryFilter(filter: [String], stated: String) throws {
    let home = try ExportStandingTests.home()
    let card = try #require(
      try Self.json(try Self.export(home, "json", filter))["scorecard"] as? [String: Any])
    #expect(card["made"] as? Int == 1, "\(card)")
    #expect(card["done"] as? Int == 1, "\(card)")
    #expect(card["neverReviewed"] as? Int == 0, "\(card)")
    #expect(card["keptRate"] as? Int == 100, "\(card)")
    for format in ["markdown", "text", "html"] {
      let document = try Self.export(home, format, filter).stdout
      #expect(
        document.contains("1 made · 1 done, 0 partly, 0 changed, 0 dropped, 0 open,"),
        "\(format): \(document)")
      #expect(document.contains(stated), "\(format)")
    }
  }

  /// Sessions tagged and given subjects, with lessons whose words come back.
  static let topical: [String: [String]] = {
    func session(
      _ id: String, _ time: String, tags: [String], subject: String?, lessons: [String]
    ) -> [String] {
      var lines = [start(id, time, pack: "gibbs")]
      for tag in tags {
        lines.append(
          line(["name": "tag", "stage": "", "text": tag, "time": time, "type": "command"]))
      }
      if let subject {
        lines.append(
          line(["name": "about", "stage": "", "text": subject, "time": time, "type": "command"]))
      }
      for (number, text) in lessons.enumerated() {
        lines.append(
          line([
            "number": number + 1, "origin": "typed", "stage": "lessons", "text": text,
            "time": time, "type": "lesson",
          ]))
      }
      lines.append(end(time))
      return lines
    }
    return [
      "20250601-090000-aaaa": session(
        "20250601-090000-aaaa", "2025-06-01T09:00:00.000Z", tags: ["garden"],
        subject: "Allotment committee", lessons: ["Compost needs patience and turning"]),
      "20250701-090000-bbbb": session(
        "20250701-090000-bbbb", "2025-07-01T09:00:00.000Z", tags: ["garden"],
        subject: "allotment  Committee", lessons: ["Turning compost weekly pays off"]),
      "20260101-090000-cccc": session(
        "20260101-090000-cccc", "2026-01-01T09:00:00.000Z", tags: ["research", "work/team"],
        subject: "Grant bid", lessons: ["Reviewers skim the abstract first"]),
      "20260201-090000-dddd": session(
        "20260201-090000-dddd", "2026-02-01T09:00:00.000Z", tags: ["research"],
        subject: nil, lessons: ["A clear abstract wins reviewers over"]),
      "20260301-090000-eeee": session(
        "20260301-090000-eeee", "2026-03-01T09:00:00.000Z", tags: ["research"],
        subject: nil, lessons: ["Ask reviewers early about the abstract"]),
    ]
  }()

  @Test func topicsComeFromTagsSubjectsAndWordsWithTheirLastDate() throws {
    let home = try Self.home(Self.topical)
    let object = try Self.json(try Self.export(home, "json"))
    let topics = try #require(object["topics"] as? [[String: Any]])
    let named = topics.map { "\($0["source"] ?? "") \($0["name"] ?? "") \($0["sessions"] ?? "")" }
    // Tags first, most sessions first; then the subject given twice (its latest wording);
    // then the words that come back, never the pack's stages ("lessons", "Gibbs").
    #expect(
      Array(named.prefix(4)) == [
        "tag research 3", "tag garden 2", "tag work/team 1", "subject allotment  Committee 2",
      ], "\(named)")
    let words = topics.filter { $0["source"] as? String == "words" }
    #expect(
      words.contains { ($0["words"] as? [String])?.contains("reviewers") == true }, "\(named)")
    #expect(
      !topics.contains { ["lessons", "gibbs"].contains(($0["name"] as? String)?.lowercased()) })
    // The garden was last written about on 2025-07-01: eleven months before 2026-06-01.
    let garden = try #require(topics.first { $0["name"] as? String == "garden" })
    #expect(garden["daysSinceLast"] as? Int == 335)
    #expect((garden["last"] as? String)?.hasPrefix("2025-07-01") == true)
    // Each session says its subject and tags.
    let sessions = try #require(object["sessions"] as? [[String: Any]])
    let first = try #require(sessions.first { $0["id"] as? String == "20260101-090000-cccc" })
    #expect(first["subject"] as? String == "Grant bid")
    #expect(first["tags"] as? [String] == ["research", "work/team"])
    let untitled = try #require(sessions.first { $0["id"] as? String == "20260201-090000-dddd" })
    #expect(untitled["subject"] == nil)
    for format in ["markdown", "text", "html"] {
      let document = try Self.export(home, format).stdout
      #expect(document.contains("Topics"), "\(format)")
      #expect(
        document.contains("(tag) — 2 sessions, last written about 11 months ago (2025-07-01)"),
        "\(format): \(document)")
      // The stages are further down, not on the first screen.
      let topicsAt = try #require(document.range(of: "Topics"))
      let stagesAt = try #require(document.range(of: "Lessons by stage"))
      #expect(topicsAt.lowerBound < stagesAt.lowerBound)
      #expect(!document.contains("Themes"), "\(format)")
    }
  }
}
