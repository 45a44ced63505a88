import Foundation
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
          id: id, pack: "collaboration", packTitle: "C", stages: [], seed: 1, version: "t",
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

  @Test func recurringLessonsNeedTwoSessions() {
    var summary = LessonsSummary(timeZone: utc)
    summary.add(
      transcript(
        "a", at: time, answers: [], lessons: ["Trust takes time", "Trust takes a long time"]))
    #expect(summary.recurring.isEmpty, "one session is not recurrence")
    summary.add(
      transcript(
        "b", at: time + 86_400 * 40, answers: [], lessons: ["Building trust needs patience"]))
    let clusters = summary.recurring
    #expect(clusters.count == 1)
    #expect(clusters.first?.texts.count == 3)
    #expect(clusters.first?.text == "Trust takes time")
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
    #expect(item?.status == "changed")
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
    #expect(summary.keyTerms("trust").contains("council"))
    #expect(summary.stageSessions["trust"] == 3)
  }

  @Test func markdownEscapesThePersonsText() {
    var summary = LessonsSummary(timeZone: utc)
    summary.add(transcript("a", at: time, answers: [], lessons: ["# not a heading [x](y)"]))
    let text = Exporter(timeZone: utc).render(summary, as: .markdown)
    #expect(text.contains("1. \\# not a heading \\[x\\]\\(y\\) — 2026-11-18, session `a` line 2"))
  }
}
