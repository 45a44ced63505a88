import Foundation
import Testing

@testable import ReflectCore

@Suite struct ConversationTests {
  let time = Date(timeIntervalSince1970: 0)
  let pack = Pack(
    id: "t", title: "Test", description: "d", source: "s",
    stages: [
      Stage(
        id: "values", title: "Values", intro: "Values first.",
        questions: [
          Question(id: "v1", text: "What matters?"), Question(id: "v2", text: "What was tested?"),
        ]),
      Stage(
        id: "lessons", title: "Lessons", intro: "Lessons now.", kind: .lessons,
        questions: [
          Question(id: "l1", text: "Your lessons?")
        ]),
      Stage(
        id: "next", title: "Next", intro: "And next.", kind: .commitments,
        questions: [
          Question(id: "c1", text: "What will you do?")
        ]),
    ], origin: "test")

  @Test func walksStagesInOrderAndNumbersLessons() {
    var conversation = Conversation(pack: pack)
    var all = conversation.begin(at: time).events
    #expect(conversation.prompt?.question.id == "v1")
    for input: PersonInput in [
      .text("honesty"), .skip, .text("Trust takes time"), .text(" Ask early "), .text(""),
      .text("call Sam by 2026-12-01"), .text(""),
    ] {
      all += conversation.respond(to: input, at: time).events
    }
    #expect(conversation.prompt == nil)
    let kinds = all.map { event -> String in
      switch event {
      case .coach(let message): "coach:\(message.kind.rawValue)"
      case .answer(let answer): "answer:\(answer.text)"
      case .skip(let skip): "skip:\(skip.question)"
      case .lesson(let lesson): "lesson\(lesson.number):\(lesson.text)"
      case .commitment(let item): "commitment\(item.number):\(item.text)|\(item.due ?? "")"
      case .start: "start"
      case .end(let end): "end:\(end.reason.rawValue)"
      case .command(let command): "command:\(command.name)"
      case .review: "review"
      }
    }
    #expect(
      kinds == [
        "coach:welcome", "coach:intro", "coach:question", "answer:honesty", "coach:question",
        "skip:v2", "coach:intro", "coach:question", "lesson1:Trust takes time",
        "lesson2:Ask early", "command:done", "coach:intro", "coach:question",
        "commitment1:call Sam|2026-12-01", "command:done", "coach:closing", "end:completed",
      ])
  }

  @Test func emptyAnswerKeepsTheSameQuestion() {
    var conversation = Conversation(pack: pack)
    _ = conversation.begin(at: time)
    let turn = conversation.respond(to: .text("   "), at: time)
    #expect(turn.events.isEmpty)
    #expect(turn.prompt?.question.id == "v1")
  }

  @Test func lessonPromptsCountUp() {
    var conversation = Conversation(pack: pack)
    _ = conversation.begin(at: time)
    _ = conversation.respond(to: .skip, at: time)
    _ = conversation.respond(to: .skip, at: time)
    #expect(conversation.prompt?.label == "lesson 1")
    _ = conversation.respond(to: .text("one"), at: time)
    #expect(conversation.prompt?.label == "lesson 2")
  }

  @Test(arguments: [(PersonInput.quit, SessionEnd.Reason.quit), (.endOfInput, .endOfInput)])
  func quittingEndsWithTheReason(input: PersonInput, reason: SessionEnd.Reason) {
    var conversation = Conversation(pack: pack)
    _ = conversation.begin(at: time)
    let turn = conversation.respond(to: input, at: time)
    #expect(turn.events == [.end(SessionEnd(reason: reason, time: time))])
    #expect(turn.prompt == nil)
  }

  @Test(arguments: [
    ("meet the chair by 2026-01-31", "meet the chair", "2026-01-31"),
    ("review due 2027-02-28", "review", "2027-02-28"),
    ("call by Friday", "call by Friday", nil),
    ("by 2026-13-01 fix", "by 2026-13-01 fix", nil),
  ])
  func commitmentDueDatesAreParsed(text: String, action: String, due: String?) {
    let parsed = CommitmentText(text)
    #expect(parsed.action == action)
    #expect(parsed.due == due)
  }
}
