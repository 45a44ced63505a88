import Foundation
import Testing

@testable import ReflectCore

@Suite struct ExporterTests {
  let utc = TimeZone(identifier: "UTC") ?? .current

  func summary() -> LessonsSummary {
    let time = Date(timeIntervalSince1970: 1_795_000_000)
    var summary = LessonsSummary()
    summary.add(
      Transcript(
        path: "a.jsonl",
        events: [
          .start(
            SessionStart(
              id: "20261118-081320-abcd", pack: "collaboration", packTitle: "Collaboration",
              stages: [], seed: 1, version: "0.1.0", time: time)),
          .lesson(Lesson(stage: "lessons", number: 1, text: "Trust takes time", time: time)),
          .lesson(Lesson(stage: "lessons", number: 2, text: "# not a heading [x](y)", time: time)),
          .commitment(
            Commitment(stage: "c", number: 1, text: "Call Sam", due: "2026-12-01", time: time)),
        ]))
    return summary
  }

  @Test func markdownListsEachSessionsNumberedLessons() {
    let text = Exporter(timeZone: utc).render(summary(), as: .markdown)
    #expect(
      text == """
        # Key lessons and learning

        ## 2026-11-18 — Collaboration

        Session `20261118-081320-abcd`, pack `collaboration`.

        1. Trust takes time
        2. \\# not a heading \\[x\\]\\(y\\)

        Commitments:

        - Call Sam (by 2026-12-01)

        """)
  }

  @Test func jsonHasAVersionAndTheExactText() throws {
    let text = Exporter(timeZone: utc).render(summary(), as: .json)
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
    #expect(object?["version"] as? Int == 1)
    let sessions = object?["sessions"] as? [[String: Any]]
    let lessons = sessions?.first?["lessons"] as? [[String: Any]]
    #expect(
      lessons?.map { $0["text"] as? String } == ["Trust takes time", "# not a heading [x](y)"])
    #expect(sessions?.first?["date"] as? String == "2026-11-18")
  }
}
