import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

/// Ideas (lessons grouped across sessions by meaning, words without the model) and how my
/// thinking moved, through the binary.
@Suite struct IdeasExportTests {
  /// One idea written three ways, in three sessions months apart, and two near-miss pairs
  /// (each of two sessions), in one home.
  static let trust = [
    "Trust with a new partner takes months of showing up, not one good meeting.",
    "You can't rush trust; it builds slowly over many months.",
    "Building trust with partners is slow work that needs patience.",
  ]
  static let nearMisses = [
    (
      "Ship small changes often rather than one big release.",
      "Small changes still need a proper code review."
    ),
    (
      "Agree who owns the budget before the project starts.",
      "The budget was fine; the timetable was the real problem."
    ),
  ]

  static let day: DateFormatter = {
    let format = DateFormatter()
    format.dateFormat = "yyyyMMdd"
    format.timeZone = TimeZone(identifier: "UTC")
    return format
  }()

  /// A home of sessions, each with its lessons, 100 days apart from 2025-01-06.
  static func home(_ sessions: [[String]]) throws -> String {
    let home = TestSupport.temporaryDirectory() + "/home"
    for (day, lessons) in sessions.enumerated() {
      let time = Date(timeIntervalSince1970: 1_736_150_400 + Double(day) * 100 * 86_400)
      let id = Self.day.string(from: time) + "-080000-idea"
      var events: [TranscriptEvent] = [
        .start(
          SessionStart(
            id: testID(id), pack: "collaboration", packTitle: "C", stages: ["trust"], seed: 1,
            version: "t", time: time))
      ]
      for (number, text) in lessons.enumerated() {
        events.append(.answer(Answer(stage: "trust", question: "q", text: text, time: time)))
        events.append(.lesson(Lesson(stage: "lessons", number: number + 1, text: text, time: time)))
      }
      events.append(.end(SessionEnd(reason: .completed, time: time)))
      _ = try writeTranscript(home: home, id: id, events)
    }
    return home
  }

  static func sessions() -> [[String]] {
    [
      [trust[0], nearMisses[0].0], [nearMisses[1].0], [trust[1], nearMisses[0].1],
      [nearMisses[1].1], [trust[2]],
    ]
  }

  static func json(_ home: String, model: Bool) throws -> [String: Any] {
    let run = try TestSupport.reflect(
      ["export", "--format", "json", "--home", home],
      environment: model ? [:] : ["REFLECT_MODEL": "/nonexistent"])
    #expect(run.status == 0, "\(run.stderr)")
    return try JSONSerialization.jsonObject(with: run.stdoutData) as? [String: Any] ?? [:]
  }

  /// With the real model, the idea written three ways is one idea of three sessions, with
  /// every wording, its span and the days it came back; the near-miss pairs stay apart; the
  /// report says it grouped by meaning.
  @Test(.enabled(if: RealModel.isInstalled)) func oneIdeaWrittenThreeWaysIsOneIdea() throws {
    let home = try Self.home(Self.sessions())
    let object = try Self.json(home, model: true)
    let meaning = object["meaning"] as? [String: Any]
    #expect(meaning?["recurringMatchedBy"] as? String == "meaning", "\(object)")
    let ideas = object["ideas"] as? [[String: Any]] ?? []
    #expect(ideas.count == 1, "only the trust idea recurs: \(ideas)")
    let idea = ideas.first ?? [:]
    #expect(idea["sessions"] as? Int == 3)
    #expect(Set(idea["wordings"] as? [String] ?? []) == Set(Self.trust))
    #expect(Self.trust.contains(idea["label"] as? String ?? ""))
    #expect(idea["latest"] as? String == Self.trust[2])
    #expect((idea["first"] as? String)?.hasPrefix("2025-01-06T08:00:00") == true, "\(idea)")
    #expect((idea["last"] as? String)?.hasPrefix("2026-02-10T08:00:00") == true, "\(idea)")
    #expect(idea["dates"] as? [String] == ["2025-01-06", "2025-07-25", "2026-02-10"])
    // Each near miss is still a lesson of its own (in its theme), never merged.
    let themes = object["themes"] as? [[String: Any]] ?? []
    let texts = themes.flatMap { ($0["lessons"] as? [[String: Any]]) ?? [] }
      .map { $0["text"] as? String ?? "" }
    for (first, second) in Self.nearMisses {
      #expect(texts.contains(first) && texts.contains(second), "\(texts)")
    }
    // The text and Markdown exports show it as one idea, with the wordings.
    let markdown = try TestSupport.reflect(["export", "--format", "markdown", "--home", home])
      .stdout
    #expect(markdown.contains("Ideas that keep coming back:"), "\(markdown)")
    #expect(markdown.contains(" — in 3 sessions, 2025-01-06 to 2026-02-10"), "\(markdown)")
    #expect(markdown.contains("   - Came back: 2025-01-06, 2025-07-25, 2026-02-10"))
    #expect(!markdown.contains("Lessons that keep coming back"))
    #expect(markdown.contains("grouped by meaning"), "the footer says which: \(markdown)")
    let text = try TestSupport.reflect(["export", "--format", "text", "--home", home]).stdout
      .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(text.contains("Ideas that keep coming back:"), "\(text)")
    #expect(text.contains("in 3 sessions, 2025-01-06 to 2026-02-10"), "\(text)")
  }

  /// Without the model, ideas are grouped by words: the three wordings share too few to be
  /// one, and the report says words were used.
  @Test func withoutTheModelIdeasAreGroupedByWords() throws {
    let home = try Self.home(Self.sessions() + [[Self.trust[0]]])
    let object = try Self.json(home, model: false)
    let meaning = object["meaning"] as? [String: Any]
    #expect(meaning?["recurringMatchedBy"] as? String == "words", "\(object)")
    let ideas = object["ideas"] as? [[String: Any]] ?? []
    #expect(ideas.count == 1, "\(ideas)")
    #expect(ideas.first?["wordings"] as? [String] == [Self.trust[0]])
    #expect(ideas.first?["sessions"] as? Int == 2)
    let markdown = try TestSupport.reflect(
      ["export", "--format", "markdown", "--home", home],
      environment: ["REFLECT_MODEL": "/nonexistent"]
    ).stdout
    #expect(markdown.contains("Ideas are lessons grouped by their words."), "\(markdown)")
  }

  /// How my thinking moved: the idea's first and latest wordings with their dates, what is
  /// new in the last quarter; nothing says "no longer coming back", and no stage shares.
  @Test(.enabled(if: RealModel.isInstalled)) func thinkingMovedShowsFirstAndLatestWording()
    throws
  {
    let fresh = "Write the decision down the same day, or it gets argued again."
    let home = try Self.home(Self.sessions() + [[fresh]])
    let object = try Self.json(home, model: true)
    let movement = object["movement"] as? [String: Any] ?? [:]
    #expect(object["changes"] == nil)
    let shifts = movement["ideas"] as? [[String: Any]] ?? []
    #expect(shifts.count == 1, "\(movement)")
    let earliest = shifts.first?["earliest"] as? [String: Any]
    let latest = shifts.first?["latest"] as? [String: Any]
    #expect(earliest?["text"] as? String == Self.trust[0])
    #expect((earliest?["date"] as? String)?.hasPrefix("2025-01-06") == true)
    #expect(latest?["text"] as? String == Self.trust[2])
    #expect((latest?["date"] as? String)?.hasPrefix("2026-02-10") == true)
    let new = movement["new"] as? [[String: Any]] ?? []
    #expect(new.map { $0["label"] as? String } == [fresh], "\(movement)")
    for format in ["markdown", "text", "html"] {
      let out = try TestSupport.reflect(["export", "--format", format, "--home", home]).stdout
      #expect(out.contains("How my thinking moved"), "\(format): \(out)")
      #expect(!out.contains("What changed"), "\(format)")
      #expect(!out.contains("No longer coming back"), "\(format)")
      #expect(!out.contains("% of sessions"), "\(format)")
      #expect(out.contains("2025-01-06") && out.contains("2026-02-10"), "\(format)")
      #expect(out.contains("New since"), "\(format): \(out)")
    }
  }
}
