import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

/// The lessons and commitments stages, and the commitment review, through the built binary.
extension ListeningSessionTests {
  /// Every commitment closed in a review gets a reply of its own, however many came
  /// before it: done four times over, and one changed.
  @Test func everyClosedCommitmentInAReviewGetsAReply() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    _ = try TestSupport.reflect(
      ["--home", home, "--stages", "commitments", "--questions-only"],
      input: "Email the clerk\nPrint the flyers\nBook the minibus\nAsk the vicar\nTidy the shed\n\n"
    )
    let replies = [
      "done and dusted", "yes, posted them on monday", "all done", "finished it friday",
      "we swapped it for a phone call instead",
    ]
    let (transcript, _, _) = try session(["--stages", "values"], replies + ["/quit"], home: home)
    let reviews = transcript.events.compactMap {
      if case .review(let review) = $0 { review } else { nil }
    }
    #expect(reviews.map(\.status) == [.done, .done, .done, .done, .changed])
    // After each review event, the coach replies before it asks about the next one.
    for (index, event) in transcript.events.enumerated() {
      guard case .review(let review) = event else { continue }
      guard case .coach(let reply) = transcript.events[index + 1] else {
        Issue.record("no reply to \(review.reply ?? "")")
        continue
      }
      #expect(reply.kind == .review && !reply.text.hasPrefix("You committed to"), "\(reply.text)")
    }
  }

  /// A line aimed at the coach at a list is never saved as a lesson or commitment.
  ///
  /// A
  /// complaint gets a repair that counts what is really there, a question a short answer,
  /// and the list goes on; "that's all" ends it. The session reruns exactly.
  @Test func aLineToTheCoachAtAListIsAnsweredNotSaved() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let (transcript, _, _) = try session(
      ["--stages", "lessons,commitments"],
      [
        "why do you keep asking, i already gave you two", "Write the minutes up the same day",
        "why are you asking, i just kept two", "do i have to", "what counts as a lesson",
        "thats all", "is that enough?", "Ring the depot manager", "",
      ], home: home)
    #expect(transcript.lessons.map(\.text) == ["Write the minutes up the same day"])
    #expect(transcript.commitments.map(\.text) == ["Ring the depot manager"])
    let heard = transcript.answers.compactMap(\.heard?.kind)
    #expect(heard == [.complaint, .complaint, .question, .question, .question], "\(heard)")
    let said = linesAfter("why are you asking, i just kept two", in: transcript).map(\.text)
    #expect(
      said == [
        "You've kept one already; add another in your own words, or press Enter to finish."
      ], "\(said)")
    let first = linesAfter("why do you keep asking, i already gave you two", in: transcript)
    #expect(first.first?.text.hasPrefix("None kept yet") == true, "\(first.map(\.text))")
    #expect(
      linesAfter("do i have to", in: transcript).first?.text.hasPrefix("It's up to you") == true)
    #expect(
      linesAfter("what counts as a lesson", in: transcript).first?.text.hasPrefix("A lesson is")
        == true)
    let rerun = try TestSupport.reflect(["replay", "--rerun", "latest", "--home", home])
    #expect(rerun.stdout.hasPrefix("Rerun matches"), "\(rerun.stdout)")
  }

  @Test func aRefusalAtAListIsAcknowledgedNotSaved() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let (transcript, _, _) = try session(
      ["--stages", "lessons"],
      ["im not talking about the landlords", "keep the grant paperwork in one shared folder", ""],
      home: home)
    #expect(transcript.lessons.map(\.text) == ["keep the grant paperwork in one shared folder"])
    let said = linesAfter("im not talking about the landlords", in: transcript).map(\.text)
    #expect(said.first?.contains("the landlords") == true, "\(said)")
    let rerun = try TestSupport.reflect(["replay", "--rerun", "latest", "--home", home])
    #expect(rerun.stdout.hasPrefix("Rerun matches"), "\(rerun.stdout)")
  }

  /// A reply to "Possible lesson:" that says it is no lesson drops the proposal.
  ///
  /// "nope thats more of a gripe" gets a short line and the next proposal; any other text is
  /// still the lesson as edited. The session reruns exactly.
  @Test func aProposalCalledNoLessonIsDroppedNotSaved() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let paragraph =
      "Partners who share core values can disagree about everything else and still move"
      + " together. Relationships take longer than plans, and every restructure reset the clock."
      + " A template helps only where it fits the place."
    let (transcript, coach, _) = try session(
      ["--stages", "partners,lessons", "--max-follow-ups", "0"],
      [
        paragraph, "/next", "/next", "", "nope thats more of a gripe really",
        "Relationships outlast any plan we write", "not really a lesson tbh", "", "/quit",
      ], home: home)
    #expect(transcript.lessons.map(\.text) == ["Relationships outlast any plan we write"])
    let after = linesAfter("nope thats more of a gripe really", in: transcript).map(\.text)
    #expect(after.first == "Fair enough; dropped.", "\(after)")
    #expect(after.dropFirst().first?.hasPrefix("Possible lesson: ") == true, "\(after)")
    #expect(
      linesAfter("not really a lesson tbh", in: transcript).first?.text
        == "Fair enough; I've let that one go.")
    #expect(coach.filter { $0.text.hasPrefix("Possible lesson: ") }.count == 3)
    let rerun = try TestSupport.reflect(["replay", "--rerun", "latest", "--home", home])
    #expect(rerun.stdout.hasPrefix("Rerun matches"), "\(rerun.stdout)")
  }

  /// A list line with talk aimed at the coach and an item answers the talk and keeps only
  /// the item.
  ///
  /// "why does it need a date…. ok. sort the shed keys…": the question gets the list's
  /// answer and the commitment is the item's own words, without the "ok"; a complaint
  /// beside a lesson gets a short line. The session reruns exactly.
  @Test func talkToTheCoachBesideAnItemIsAnsweredAndOnlyTheItemKept() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let (transcript, _, _) = try session(
      ["--stages", "lessons,commitments"],
      [
        "this is a bit of a fluffy question to be honest with you. ok then, always check the"
          + " hall booking twice before the jumble sale", "",
        "why does it need a date, its the allotment society not a firm. ok. sort the shed keys"
          + " out with pradeep", "",
      ], home: home)
    #expect(
      transcript.lessons.map(\.text) == [
        "always check the hall booking twice before the jumble sale"
      ])
    #expect(transcript.commitments.map(\.text) == ["sort the shed keys out with pradeep"])
    let question = linesAfter(
      "why does it need a date, its the allotment society not a firm. ok.", in: transcript)
    #expect(
      question.first?.text
        == "A date is up to you: with one, I can ask how it went next time. I've put down “sort"
        + " the shed keys out with pradeep”.", "\(question.map(\.text))")
    let complaint = linesAfter(
      "this is a bit of a fluffy question to be honest with you.", in: transcript)
    #expect(
      complaint.map(\.text).first == "Point taken, and thank you for answering it all the same.",
      "\(complaint.map(\.text)) \(transcript.answers.map(\.text))")
    let rerun = try TestSupport.reflect(["replay", "--rerun", "latest", "--home", home])
    #expect(rerun.stdout.hasPrefix("Rerun matches"), "\(rerun.stdout)")
  }

  /// The closing screen lists the commitments made, each with its date when it has one.
  @Test func theClosingScreenShowsTheCommitments() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let (_, coach, stdout) = try session(
      ["--stages", "commitments"], ["Ring the depot manager by 2027-01-08", "Draft the rota", ""],
      home: home)
    // Said back first, with the date, and that the next session asks.
    #expect(
      coach.filter { $0.kind == .closing }.map(\.text).first
        == "So you're committing to “Ring the depot manager” — by 8 January 2027; and “Draft"
        + " the rota”. Next time, I'll ask how each one went.")
    let rerun = try TestSupport.reflect(["replay", "--rerun", "latest", "--home", home])
    #expect(rerun.stdout.hasPrefix("Rerun matches"), "\(rerun.stdout)")
    let (_, none, _) = try session(
      ["--stages", "lessons,commitments"], ["Keep the notes short", "", ""])
    #expect(none.filter { $0.kind == .closing }.count == 1)
    #expect(stdout.contains("Your commitments:"), "\(stdout)")
    #expect(stdout.contains("1. Ring the depot manager (by 2027-01-08)"), "\(stdout)")
    #expect(stdout.contains("2. Draft the rota"), "\(stdout)")
  }
}
