import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

/// Someone who talks back to the coach, through the built binary (listener revision 4): a
/// question put back at one of the coach's own follow-ups, "what's the difference between
/// that and the last question?", "you asked that already, the values thing", "do i have to?"
/// beside a commitment, and "no, that's not a lesson, take that out" at a list.
extension ListeningSessionTests {
  @Test func aQuestionBackAtAFollowUpIsAnsweredFromItsNoteAndTheCoachMovesOn() throws {
    let valuesAnswer =
      "that the kids saw a copper as someone on their side for once, not just someone who stops"
      + " them"
    let (transcript, _, _) = try session(
      ["--stages", "values", "--max-follow-ups", "1"],
      [valuesAnswer, "why does that matter? it's not like i had to choose", "/quit"])
    let before = linesAfter(valuesAnswer, in: transcript).map(\.text)
    #expect(before == ["If it came to a hard choice, which one value would you hold on to?"])
    let after = linesAfter("why does that matter? it's not like i had to choose", in: transcript)
    // The follow-up's own note, then the pack's next question: never the follow-up again.
    #expect(
      after.map(\.text).first
        == "Fair question. When two good things pull apart, knowing which comes first makes the"
        + " choice easier next time.", "\(after.map(\.text))")
    #expect(after.last?.kind == .question)
    #expect(after.last?.text.contains("put to the test") == true, "\(after.map(\.text))")
    #expect(!after.contains { $0.text.contains("hard choice, which one value") })
  }

  @Test func aQuestionAboutTheQuestionsDifferenceIsAnsweredAndAskedAgain() throws {
    let (transcript, _, _) = try session(
      ["--stages", "trust", "--max-follow-ups", "0"],
      [
        "kez trusted me after about two months, my sergeant never trusted the charity",
        "what's the difference between that and the last question?",
        "turning up every thursday earned it with kez", "/quit",
      ])
    let asked = transcript.answers.first { $0.text.hasPrefix("what's the difference") }
    #expect(asked?.heard?.kind == .question)
    let after = linesAfter(
      "what's the difference between that and the last question?", in: transcript
    )
    .map(\.text)
    #expect(
      after == [
        "Fair question. Trust is earned in small, repeated acts and spent quickly.",
        "So, in your own words: what earned trust, and what spent it?",
      ], "\(after)")
  }

  @Test func alreadySaidNamingAnEarlierStageGivesBackWhatWasSaidThere() throws {
    let (transcript, _, _) = try session(
      ["--stages", "values,partners", "--max-follow-ups", "0"],
      [
        "fairness mostly, and that the kids saw a copper as someone on their side", "/next",
        "/next", "spokes, the youth charity. kez runs it and they had the workshop",
        "you asked that already, the values thing", "/quit",
      ])
    let after = linesAfter("you asked that already, the values thing", in: transcript)
    #expect(after.first?.kind == .acknowledgement)
    #expect(after.first?.text.contains("fairness mostly") == true, "\(after.map(\.text))")
    #expect(after.first?.text.contains("spokes") == false)
  }

  @Test func aLineThatTakesBackTheLessonBeforeItRemovesThatLessonEverywhere() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let (transcript, _, stdout) = try session(
      ["--stages", "lessons,commitments"],
      [
        "get the sceptics to see it with their own eyes early, emails dont convince anyone",
        "you've heard it all really, i told you most of it",
        "no, that's not a lesson, take that out",
        "the uniform can get in the way, turn up how the kids need you to", "",
        "do i have to? fine. hand the marking kit over to kez by 19 december",
        "write a note for whoever replaces me", "scratch that", "",
      ], home: home)
    // Nothing was kept from the line before "take that out" (it talked to the coach).
    let lessons = transcript.lessons.map(\.text)
    #expect(
      lessons == [
        "get the sceptics to see it with their own eyes early, emails dont convince anyone",
        "the uniform can get in the way, turn up how the kids need you to",
      ], "\(lessons)")
    let nothing = linesAfter("no, that's not a lesson, take that out", in: transcript)
    #expect(nothing.map(\.text) == ["That's fine; I haven't kept anything from that line."])
    // "scratch that" takes back the commitment typed just before it, and says so.
    let withdrawn = transcript.events.compactMap { event -> Command? in
      if case .command(let command) = event, command.name == .withdraw { command } else { nil }
    }
    #expect(withdrawn.map(\.number) == [2])
    #expect(withdrawn.map(\.text) == ["commitment"])
    let taken = transcript.events.compactMap { event -> String? in
      if case .coach(let message) = event, message.kind == .acknowledgement {
        message.text
      } else {
        nil
      }
    }
    #expect(taken.contains("Done; I've taken out “write a note for whoever replaces me”."))
    #expect(transcript.commitments.map(\.text) == ["hand the marking kit over to kez"])
    // "do i have to?" beside a commitment: up to them, and it is kept.
    #expect(
      linesAfter("do i have to? fine.", in: transcript).first?.text
        == "It's up to you, and I've put down “hand the marking kit over to kez by 19 december”.")
    // Gone from the end of the session, from show and from the export.
    #expect(
      !stdout.contains("write a note for whoever replaces me (")
        && stdout.contains("Your commitments"))
    let commitmentsShown = stdout.components(separatedBy: "Your commitments:").last ?? ""
    #expect(!commitmentsShown.contains("write a note"), "\(stdout)")
    let show = try TestSupport.reflect(["show", "latest", "--home", home, "--format", "markdown"])
    #expect(show.status == 0, "\(show.stderr)")
    #expect(show.stdout.contains("hand the marking kit over to kez"))
    #expect(show.stdout.contains("1. hand the marking kit over to kez"))
    #expect(!show.stdout.contains("2. write a note for whoever replaces me"), "\(show.stdout)")
    let export = try TestSupport.reflect(["export", "--home", home, "--format", "json"])
    #expect(export.status == 0, "\(export.stderr)")
    #expect(!export.stdout.contains("write a note for whoever replaces me"))
    #expect(export.stdout.contains("hand the marking kit over to kez"))
  }
}

extension ListeningSessionTests {
  /// "What do you mean by values exactly? I'm an accountant, not a philosopher.": the remark
  /// is no answer, so the question is explained and asked again, and never summarised.
  @Test func aQuipBesideAMeaningQuestionIsNoAnswer() throws {
    let quip = "What do you mean by values exactly? I'm an accountant, not a philosopher."
    let (transcript, coach, _) = try session(
      ["--stages", "values", "--max-follow-ups", "0"],
      [quip, "accuracy and not making people feel stupid", "/next", "/next", "/summary", "/quit"])
    #expect(transcript.answers.first { $0.text == quip }?.heard?.kind == .question)
    let after = linesAfter(quip, in: transcript).map(\.text)
    #expect(
      after.last
        == "So, in your own words: which values were you trying to protect or live out in this work?",
      "\(after)")
    let summary = coach.filter { $0.kind == .summary }.map(\.text)
    #expect(!summary.joined().contains("philosopher"), "\(summary)")
    #expect(summary.contains("Values: accuracy and not making people feel stupid."), "\(summary)")
  }

  /// At a list, "why only one? what about the slot length" is a complaint about how many,
  /// never a lesson; "what if I'm not doing anything next? it's finished" is a question
  /// whether one is needed, never a commitment (listener revision 4).
  @Test func questionsWithoutTheirMarkAtAListAreNeverItems() throws {
    let (transcript, _, _) = try session(
      ["--stages", "lessons,commitments"],
      [
        "ask to see the partners targets at the first meeting",
        "why only one? what about the slot length", "",
        "what if I'm not doing anything next? it's finished",
        "write a handover note, by 31 january", "",
      ])
    #expect(
      transcript.lessons.map(\.text) == ["ask to see the partners targets at the first meeting"])
    #expect(transcript.commitments.map(\.text) == ["write a handover note"])
    #expect(
      linesAfter("why only one? what about the slot length", in: transcript).first?.text
        == "You've kept one already; add another in your own words, or press Enter to finish.")
    #expect(
      linesAfter("what if I'm not doing anything next? it's finished", in: transcript).first?.text
        == "It's up to you: add another if one comes to mind, or press Enter to finish.")
  }
}

extension ListeningSessionTests {
  /// "What does 'only the words' mean? CA cared about the clients…": a question that asks
  /// outright what the coach's words mean gets the question's `means:` note even when an
  /// answer follows at length; then the next question, never the same one again.
  @Test func anOutrightMeaningQuestionIsAnsweredBesideALongAnswer() throws {
    let reply =
      "What does 'only the words' mean? CA cared about the clients, I'll give them that. They also"
      + " cared about their stats for the funder. Pauline and Ray, yes, same as me."
    let (transcript, _, _) = try session(
      ["--stages", "partners", "--max-follow-ups", "0"],
      ["Citizens Advice gave us the room and the bookings.", reply, "/quit"])
    let after = linesAfter(reply, in: transcript).map(\.text)
    #expect(
      after.first
        == "Fair question. I mean whether they cared about the same things as you or only used the"
        + " same words, and what they did that showed you.", "\(after)")
    #expect(after.last?.hasPrefix("Which parts of the work were voluntary") == true, "\(after)")
  }
}

extension ListeningSessionTests {
  /// Blind judges' round F: "why by when? I'm retired" and "why didn't you suggest the
  /// trustees one? that was the actual lesson" at a list are never items; "just the lessons
  /// please" goes to the lessons; a check reply that denies is never quoted as added.
  @Test func talkAtAListAndAskingForTheLessonsAreNeverContent() throws {
    let (transcript, coach, _) = try session(
      ["--stages", "values,lessons,commitments", "--max-follow-ups", "0"],
      [
        "just the lessons please, I've done the rest",
        "why didn't you suggest the trustees one? that was the actual lesson",
        "meet the trustees in the first month, not at the launch", "",
        "why by when? I'm retired", "give Stan's family a copy of his recording by 31 december", "",
      ])
    #expect(
      transcript.lessons.map(\.text) == ["meet the trustees in the first month, not at the launch"])
    #expect(transcript.commitments.map(\.text) == ["give Stan's family a copy of his recording"])
    #expect(
      coach.contains {
        $0.text == "Of course; let's go to your lessons. Everything so far is kept."
      })
    #expect(!coach.contains { $0.kind == .summary && $0.text.contains("just the lessons") })
  }

  @Test func aCheckReplyThatDeniesIsNeverQuotedAsAdded() throws {
    let (_, coach, _) = try session(
      ["--stages", "values,lessons", "--max-follow-ups", "0"],
      [
        "fairness and joy, every kid on the stage", "/next", "/next",
        "no, that's not a value. that was me asking to skip. ignore it", "", "/quit",
      ])
    #expect(!coach.contains { $0.text.contains("asking to skip") }, "\(coach.map(\.text))")
  }
}

extension ListeningSessionTests {
  /// At a list, /back takes back the line just kept to type again.
  ///
  /// And a shrug before an item ("I don't know. Send Leanne a card maybe.") is no part of
  /// it (listener revision 4).
  @Test func backAtAListTakesBackTheLineJustKept() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let (transcript, _, stdout) = try session(
      ["--stages", "lessons,commitments"],
      [
        "make big decisions with leanne, not for her", "/back",
        "make big decisions with leanne, never for her", "",
        "I don't know. Send Leanne a card maybe, no pressure", "",
      ], home: home)
    #expect(transcript.lessons.map(\.text) == ["make big decisions with leanne, never for her"])
    #expect(
      linesAfter("make big decisions with leanne, not for her", in: transcript).isEmpty
        && transcript.events.contains {
          if case .coach(let message) = $0 {
            message.text.hasPrefix("I've taken")
              && message.text.hasSuffix("; type it again as you want it.")
          } else {
            false
          }
        })
    #expect(transcript.commitments.map(\.text) == ["Send Leanne a card maybe, no pressure"])
    #expect(!stdout.contains("not for her\n"), "\(stdout)")
    // Reviewed next time with one opening, not "Before we start" twice.
    let (next, _, _) = try session(
      ["--stages", "values"], ["sent it monday", "/quit"], home: home)
    let review = next.events.compactMap { event -> String? in
      if case .coach(let message) = event, message.kind == .review { message.text } else { nil }
    }
    #expect(review.first == "First, let's look at what you committed to last time.")
    #expect(
      review.dropFirst().first
        == "You committed to: Send Leanne a card maybe, no pressure. What became of it?")
  }
}
