import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

/// `reflect session --date/--at` through the binary: a reflection held on paper or earlier is
/// dated, filed and ordered by when it was held; a moment still to come is refused.
@Suite struct SessionDateTests {
  /// The held session's transcript, its start line's fields, and the home it is in (with
  /// a session held now beside it).
  func heldSession(_ flags: [String]) throws -> (
    home: String, transcript: Transcript, start: [String: Any]
  ) {
    let home = TestSupport.temporaryDirectory() + "/home"
    let now = try TestSupport.reflect(
      ["session", "--questions-only", "--home", home], input: scriptedAnswers)
    #expect(now.status == 0, "\(now.stderr)")
    let before = Set(TestSupport.transcripts(home: home))
    let run = try TestSupport.reflect(
      ["session", "--questions-only", "--home", home] + flags, input: scriptedAnswers)
    #expect(run.status == 0, "\(run.stderr)")
    let path = try #require(TestSupport.transcripts(home: home).first { !before.contains($0) })
    let transcript = try TranscriptReader().read(path: path)
    let first = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")[0]
    let start = try #require(
      try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any])
    return (home, transcript, start)
  }

  @Test(arguments: [
    ["--date", "2026-03-01", "--at", "21:30"], ["--at", "2026-03-01 21:30"],
    ["--at", "2026-03-01T21:30:00"],
  ])
  func aSessionHeldEarlierIsDatedByWhenItWasHeld(flags: [String]) throws {
    let (home, transcript, start) = try heldSession(flags)
    let held = try Date("2026-03-01T21:30:00Z", strategy: .iso8601)
    #expect(transcript.start?.held == held)
    #expect(start["held"] as? String == "2026-03-01T21:30:00.000Z")
    // `time` stays when it was recorded: older readers read a session they know.
    let recorded = try #require(transcript.start?.time)
    #expect(abs(recorded.timeIntervalSinceNow) < 3_600)
    let id = try #require(transcript.start?.id.rawValue)
    #expect(id.hasPrefix("20260301-213000-"))

    // list: oldest first, dated when held; its date filters find it.
    let list = try TestSupport.reflect(["list", "--home", home])
    #expect(list.status == 0, "\(list.stderr)")
    let rows = list.stdout.split(separator: "\n")
    #expect(rows.first?.hasPrefix(id + "  2026-03-01 21:30") == true, "\(list.stdout)")
    let march = try TestSupport.reflect(
      ["list", "--since", "2026-03-01", "--until", "2026-03-01", "--home", home])
    #expect(march.stdout.split(separator: "\n").count == 1 && march.stdout.hasPrefix(id))

    let show = try TestSupport.reflect(["show", id, "--home", home])
    let title = show.stdout.split(separator: "\n").first ?? ""
    #expect(title.contains("2026-03-01T21:30"), "\(show.stdout)")

    // export and stats: the session, its lessons and commitment on the day held.
    let export = try TestSupport.reflect(
      [
        "export", "--format", "json", "--since", "2026-03-01", "--until", "2026-03-01",
        "--home", home,
      ])
    let report = try #require(
      try JSONSerialization.jsonObject(with: export.stdoutData) as? [String: Any])
    let sessions = try #require(report["sessions"] as? [[String: Any]])
    #expect(sessions.map { $0["id"] as? String } == [id])
    #expect((sessions.first?["date"] as? String)?.hasPrefix("2026-03-01T21:30") == true)
    let lessons = try #require(report["lessons"] as? [[String: Any]])
    #expect(!lessons.isEmpty)
    for lesson in lessons {
      #expect((lesson["date"] as? String)?.hasPrefix("2026-03-01T21:") == true, "\(lesson)")
    }
    let commitments = try #require(report["commitments"] as? [[String: Any]])
    #expect((commitments.first?["date"] as? String)?.hasPrefix("2026-03-01") == true)
    let stats = try TestSupport.reflect(["stats", "--json", "--home", home])
    let perMonth = try #require(
      (try JSONSerialization.jsonObject(with: stats.stdoutData) as? [String: Any])?[
        "sessionsPerMonth"] as? [[String: Any]])
    #expect(perMonth.first?["month"] as? String == "2026-03", "\(perMonth)")

    let search = try TestSupport.reflect(["search", "Trust takes time", "--home", home])
    let hit = search.stdout.split(separator: "\n").first { $0.contains(id) }
    #expect(hit?.contains("2026-03-01 21:30") == true, "\(search.stdout)")
  }

  @Test func aDayAloneIsHeldAtNoon() throws {
    let (_, transcript, _) = try heldSession(["--date", "2026-03-01"])
    #expect(transcript.start?.held == (try Date("2026-03-01T12:00:00Z", strategy: .iso8601)))
  }

  /// A moment still to come, a day or time that is none, or a date for a resumed session:
  /// refused as usage (64), naming the flag, with nothing saved.
  @Test func aMomentToComeOrNotAMomentIsRefused() throws {
    let tomorrow = Date().addingTimeInterval(86_400 * 2)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
    let parts = calendar.dateComponents([.year, .month, .day], from: tomorrow)
    let day = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    let cases: [([String], String)] = [
      (["--date", day], "in the future"),
      (["--at", "\(day) 09:00"], "in the future"),
      (["--date", "2026-02-30"], "is not a day"),
      (["--at", "25:00"], "is not a time"),
      (["--at", "9"], "is not a time"),
      (["--date", "2026-03-01", "--at", "2026-03-02 10:00"], "give the day once"),
      (["--resume", "latest", "--date", "yesterday"], "a resumed one keeps the date"),
    ]
    for (flags, message) in cases {
      let home = TestSupport.temporaryDirectory() + "/home"
      let run = try TestSupport.reflect(
        ["session", "--questions-only", "--home", home] + flags, input: scriptedAnswers)
      #expect(run.status == 64, "\(flags): \(run.status) \(run.stderr)")
      #expect(run.stderr.contains(message), "\(flags): \(run.stderr)")
      #expect(TestSupport.transcripts(home: home).isEmpty, "\(flags)")
    }
  }
}
