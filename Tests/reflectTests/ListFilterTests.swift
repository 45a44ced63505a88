import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

@Suite struct ListFilterTests {
  /// Writes a finished session started at `time` straight into `home`.
  func write(home: String, id: String, pack: String, stage: String, time: Date) throws {
    let codec = TranscriptCodec()
    let events: [TranscriptEvent] = [
      .start(
        SessionStart(
          id: testID(id), pack: pack, packTitle: pack, stages: [stage], seed: 1, version: "t",
          time: time)),
      .answer(Answer(stage: stage, question: "q", text: "Answer in \(stage)", time: time)),
      .end(SessionEnd(reason: .completed, time: time)),
    ]
    try FileManager.default.createDirectory(
      atPath: home + "/transcripts", withIntermediateDirectories: true)
    let data = events.map(codec.encode).reduce(Data(), +)
    _ = FileManager.default.createFile(
      atPath: home + "/transcripts/\(id).jsonl", contents: data,
      attributes: [.posixPermissions: 0o600])
  }

  @Test func filtersCompose() throws {
    let home = TestSupport.temporaryDirectory()
    chmod(home, 0o700)
    let day: TimeInterval = 86_400
    let now = Date()
    try write(
      home: home, id: "20200105-100000-aaaa", pack: "gibbs", stage: "feelings",
      time: Date(timeIntervalSince1970: 1_578_218_400))
    try write(
      home: home, id: "20200301-100000-bbbb", pack: "collaboration", stage: "trust",
      time: Date(timeIntervalSince1970: 1_583_056_800))
    try write(
      home: home, id: "20990101-000000-cccc", pack: "collaboration", stage: "values",
      time: now.addingTimeInterval(-2 * day))
    func ids(_ arguments: [String]) throws -> [String] {
      let run = try TestSupport.reflect(["list", "--home", home] + arguments)
      #expect(run.status == 0, "\(run.stderr)")
      return run.stdout.split(separator: "\n").map { String($0.prefix(20)) }
    }
    #expect(
      try ids([]) == ["20200105-100000-aaaa", "20200301-100000-bbbb", "20990101-000000-cccc"])
    #expect(
      try ids(["--pack", "collaboration"]) == ["20200301-100000-bbbb", "20990101-000000-cccc"])
    #expect(try ids(["--stage", "feelings"]) == ["20200105-100000-aaaa"])
    #expect(
      try ids(["--since", "2020-02-01", "--until", "2020-03-01"]) == ["20200301-100000-bbbb"])
    #expect(try ids(["--until", "2020-01-05"]) == ["20200105-100000-aaaa"])
    #expect(try ids(["--since", "7d"]) == ["20990101-000000-cccc"])
    #expect(try ids(["--since", "4w", "--pack", "gibbs"]) == ["No sessions match. R"])
    #expect(try ids(["-n", "2"]) == ["20200301-100000-bbbb", "20990101-000000-cccc"])
    let bad = try TestSupport.reflect(["list", "--since", "last tuesday", "--home", home])
    #expect(bad.status != 0)
    #expect(bad.stderr.contains("--since 'last tuesday' is not a day"))
  }
}

@Suite struct DayParsingTests {
  let calendar: Calendar = {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    return calendar
  }()
  let now = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18T08:26:40Z

  @Test(arguments: [
    ("today", "2026-11-18"), ("yesterday", "2026-11-17"), ("7d", "2026-11-11"),
    ("4w", "2026-10-21"), ("2026-02-28", "2026-02-28"), ("3m", "2026-08-18"),
    ("last week", "2026-11-11"), ("Last Month", "2026-10-18"),
  ])
  func daysAreParsed(text: String, expected: String) throws {
    let date = try #require(SessionFilter.day(text, now: now, calendar: calendar))
    var style = Date.ISO8601FormatStyle(timeZone: calendar.timeZone)
    style = style.year().month().day()
    #expect(style.format(date) == expected)
  }

  @Test(arguments: ["2026-02-30", "2026-2-3", "tomorrowish", "d", "-3d", "", "+3m", "m"])
  func nonsenseIsRejected(text: String) {
    #expect(SessionFilter.day(text, now: now, calendar: calendar) == nil)
  }
}
