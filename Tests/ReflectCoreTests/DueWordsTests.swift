import Foundation
import ReflectTestSupport
import Testing

@testable import ReflectCore

/// Due dates said in ordinary words at the end of a commitment (issue #28).
@Suite struct DueWordsTests {
  /// Monday 7 December 2026, 10:00 UTC.
  static let monday = Date(timeIntervalSince1970: 1_796_637_600)
  /// Friday 11 December 2026.
  static let friday = monday.addingTimeInterval(4 * 86_400)

  @Test(arguments: [
    (
      "write up the grant report for the trustees by end of january",
      "write up the grant report for the trustees", "2027-01-31"
    ),
    (
      "ring the choir about the spring piece by the end of jan",
      "ring the choir about the spring piece", "2027-01-31"
    ),
    ("sort the kit list with marek next friday", "sort the kit list with marek", "2026-12-11"),
    ("chase the printers by friday.", "chase the printers", "2026-12-11"),
    ("send Amira the draft in two weeks", "send Amira the draft", "2026-12-21"),
    ("book the hall by the 20th", "book the hall", "2026-12-20"),
    ("book the minibus by the 3rd", "book the minibus", "2027-01-03"),
    ("thank the caretaker properly before christmas", "thank the caretaker properly", "2026-12-24"),
    ("next clean up, 2027-01-09", "next clean up", "2027-01-09"),
    ("finish the audit in march", "finish the audit", "2027-03-31"),
    ("call the depot tomorrow", "call the depot", "2026-12-08"),
    ("email the board by 20 january", "email the board", "2027-01-20"),
    ("email the board on january 20th", "email the board", "2027-01-20"),
    ("check the rota in a fortnight", "check the rota", "2026-12-21"),
    ("close the books by the end of the month", "close the books", "2026-12-31"),
    // A short reason after the date ("…so before we close") is no part of it.
    (
      "write up the handover note, by the end of the month so before we close",
      "write up the handover note", "2026-12-31"
    ),
    ("send the rota to jo by friday because she needs it", "send the rota to jo", "2026-12-11"),
    ("draft the bid by end of next month", "draft the bid", "2027-01-31"),
    ("pay the invoice by 3 march 2026", "pay the invoice", "2026-03-03"),
    (
      "go through the rota with Imke before the spring fair, so by end of february",
      "go through the rota with Imke before the spring fair", "2027-02-28"
    ),
    ("ring the depot and by friday", "ring the depot", "2026-12-11"),
    (
      "ask Marta for the booking form at our next meeting which i think is the 20th of january",
      "ask Marta for the booking form at our next meeting", "2027-01-20"
    ),
    ("get the van keys back, i think by friday", "get the van keys back", "2026-12-11"),
    (
      "ask the head for proper liaison time, by the january staffing meeting i think its the 14th",
      "ask the head for proper liaison time, by the january staffing meeting", "2027-01-14"
    ),
    (
      "take marge for a coffee and say sorry, this week", "take marge for a coffee and say sorry",
      "2026-12-11"
    ),
    (
      "write to the wardens properly by end of next week", "write to the wardens properly",
      "2026-12-18"
    ),
    (
      "go round to maureens and say sorry properly, this weekend",
      "go round to maureens and say sorry properly", "2026-12-13"
    ),
    (
      "fine. email the surgery about the hall costs by friday",
      "email the surgery about the hall costs", "2026-12-11"
    ),
    (
      "and send the choir a thank you card tomorrow", "send the choir a thank you card",
      "2026-12-08"
    ),
  ])
  func aDateInWordsIsRead(text: String, action: String, due: String) {
    let parsed = CommitmentText(text, today: Self.monday)
    #expect(parsed.action == action, "\(text)")
    #expect(parsed.due == due, "\(text)")
  }

  /// A phrase that could name two days keeps its words, with no date: never one invented.
  @Test(arguments: [
    "share the numbers with the club by march", "check in with jo next week",
    "tidy the shed soon", "cover the desk for two weeks", "plan the next away day",
    "ask vicar about summer concert. next month", "book the hall before easter",
    "by friday", "take the two weeks off", "ok",
  ])
  func anUnclearPhraseKeepsItsWords(text: String) {
    let parsed = CommitmentText(text, today: Self.monday)
    #expect(parsed.action == text)
    #expect(parsed.due == nil, "\(text): \(parsed.due ?? "")")
  }

  /// "friday" said on a Friday could be today or a week on; "next friday" is a week on.
  @Test func aWeekdaySaidOnThatDayIsReadOnlyWithNext() {
    #expect(CommitmentText("chase the printers by friday", today: Self.friday).due == nil)
    #expect(
      CommitmentText("chase the printers next friday", today: Self.friday).due == "2026-12-18")
  }

  /// Without the day it was said (a session held before dates in words), only `by
  /// yyyy-mm-dd` is read, as it was.
  @Test func withoutTheDayOnlyTheExplicitFormIsRead() {
    let parsed = CommitmentText("ring the choir by end of january")
    #expect(parsed.action == "ring the choir by end of january")
    #expect(parsed.due == nil)
  }

  /// Through the coach: saved in the due field, said back in words, the line as typed kept;
  /// a past date said plainly in words; and a session kept before dates in words were read
  /// reruns exactly.
  @Test func theCoachSaysTheDateBackAndRerunsOldSessionsExactly() throws {
    let pack = try PackLibrary().pack("collaboration").restricted(to: ["commitments"])
    let rules = try CoachRules.builtIn()
    let replies = (try? ReplyRules.builtIn()).map { ReplyClassifier(rules: $0) }
    func run(_ lines: [String], readsDueWords: Bool) -> [TranscriptEvent] {
      var conversation = Conversation(
        pack: pack, rules: rules, replies: replies, settings: .init(seed: 3, maxFollowUps: 2))
      conversation.readsDueWords = readsDueWords
      let start = SessionStart(
        id: "20261207-100000-abcd", pack: "collaboration", packTitle: "C",
        stages: pack.stages.map(\.id), seed: 3, version: "t", time: Self.monday, maxFollowUps: 2)
      var events: [TranscriptEvent] = [.start(start)] + conversation.begin(at: Self.monday).events
      for line in lines {
        events += conversation.respond(to: .text(line), at: Self.monday).events
      }
      return events
    }
    let lines = [
      "write up the grant report for the trustees by end of january",
      "share the numbers with the club by march", "",
    ]
    let events = run(lines, readsDueWords: true)
    let made = events.compactMap { if case .commitment(let item) = $0 { item } else { nil } }
    #expect(made.map(\.text) == ["write up the grant report for the trustees", lines[1]])
    #expect(made.map(\.due) == ["2027-01-31", nil])
    #expect(made.map(\.said) == [lines[0], lines[1]])
    #expect(
      coachLines(events, kind: .closing).first
        == "So you're committing to “write up the grant report for the trustees” — by 31 January"
        + " 2027; and “share the numbers with the club by march”. Next time, I'll ask how each"
        + " one went.")
    let rerun = Rerun.replay(Transcript(path: "x", events: events), pack: pack, rules: rules)
    #expect(rerun.coach.map(\.text) == coachLines(events))
    // A session kept before: the words stay in the text, and the rerun says them so again.
    let old = run(lines, readsDueWords: false)
    #expect(
      coachLines(old, kind: .closing).first?.contains(
        "“write up the grant report for the trustees by end of january”") == true)
    let oldRerun = Rerun.replay(Transcript(path: "x", events: old), pack: pack, rules: rules)
    #expect(oldRerun.coach.map(\.text) == coachLines(old))
    // A past date is said plainly, in words.
    let past = run(["pay the hall invoice by 3 march 2026"], readsDueWords: true)
    #expect(
      coachLines(past, kind: .notice).first?.hasPrefix("3 March 2026 has already passed.") == true,
      "\(coachLines(past))")
  }
}
