import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

/// Replies that are not plain answers, through the built binary: each is read, recorded on
/// its answer event (`heard`), and met the way a coach would meet it.
extension ListeningSessionTests {
  /// One reply of each class, in messy wording, in one piped session.
  static let messy = [
    "umm why does that matter??",
    "Fairness. I felt the board only listened to the heads when we shouted.",
    "no, thats not it - the board listened, it was the diocese that didnt",
    "dunno tbh",
    "Pass on that one",
    "bit of an odd question tbh",
    "i'd rather not get into the Harefield merger, still raw",
    "our head was upset, which still hurts",
    "I said earlier, the children in both villages",
    "/summary", "", "/quit",
  ]

  static let messyClasses: [ReplyReading.Kind] = [
    .question, .answer, .correction, .nonAnswer, .skip, .complaint, .refusal, .answer,
    .alreadySaid,
  ]

  /// The coach lines between the answer `text` and the next input.
  func linesAfter(_ text: String, in transcript: Transcript) -> [CoachMessage] {
    guard
      let index = transcript.events.firstIndex(where: {
        if case .answer(let answer) = $0 { return answer.text == text }
        return false
      })
    else { return [] }
    var result: [CoachMessage] = []
    for event in transcript.events[(index + 1)...] {
      guard case .coach(let message) = event else { break }
      result.append(message)
    }
    return result
  }

  @Test func eachReplyClassIsReadRecordedAndMetThroughTheBinary() throws {
    let (transcript, coach, _) = try session(["--pack", "collaboration"], Self.messy)
    let heard = transcript.answers.filter { $0.question != "summary-check" }
    #expect(heard.map { $0.heard?.kind } == Self.messyClasses.map(Optional.some))

    // A question to the coach: the question's own note, then the question once more.
    let pack = try PackLibrary().pack("collaboration")
    let why = try #require(pack.stages[0].questions[0].why)
    let clarified = linesAfter(Self.messy[0], in: transcript).map(\.text)
    #expect(clarified.first?.contains(why) == true, "\(clarified)")
    #expect(clarified.last?.contains("which values were you trying to protect") == true)

    // A correction is said to be taken, and applied to what the coach holds.
    let corrected = linesAfter(Self.messy[2], in: transcript)
    #expect(corrected.first?.kind == .acknowledgement)
    #expect(
      corrected.first.map {
        $0.text.contains("putting me right") || $0.text.contains("had that wrong")
      } == true)
    let summary = coach.filter { $0.kind == .summary }.map(\.text).joined(separator: " ")
    #expect(summary.contains("diocese"), "\(summary)")
    #expect(!summary.contains("only listened to the heads"), "\(summary)")
    // What was not an answer is never given back as content.
    #expect(!summary.contains("dunno") && !summary.contains("matter") && !summary.contains("odd"))

    // A non-answer gets one probe; a skip moves straight on.
    #expect(linesAfter(Self.messy[3], in: transcript).first?.kind == .followUp)
    let skipped = linesAfter(Self.messy[4], in: transcript)
    #expect(skipped.map(\.kind) == [.question], "\(skipped.map(\.text))")

    // A complaint gets a repair and the next question, never the same one again.
    let complained = linesAfter(Self.messy[5], in: transcript)
    #expect(complained.first?.kind == .acknowledgement)
    #expect(!complained.contains { $0.text.contains("not have traded away") })

    // A refusal is acknowledged by name, and never raised again.
    let refused = linesAfter(Self.messy[6], in: transcript)
    #expect(refused.first?.text.contains("the Harefield merger") == true, "\(refused)")
    #expect(coach.filter { $0.text.contains("Harefield") }.count == 1)

    // Someone else's feeling, then the person's own: not "thank you for being honest".
    let felt = linesAfter(Self.messy[7], in: transcript)
    #expect(felt.first?.kind == .acknowledgement)
    #expect(felt.first.map { $0.text.contains("you") && !$0.text.contains("honest") } == true)

    // "I said earlier": sorry, with their words, and on.
    let repaired = linesAfter(Self.messy[8], in: transcript)
    #expect(repaired.first?.text.contains("“the children in both villages”") == true)
    #expect(!repaired.contains { $0.kind == .followUp })
  }

  /// Answers with talk aimed at the coach beside them, one per question of the values,
  /// purpose and partners stages.
  static let asides = [
    "what do u mean by values exactly, like our mission statement?",
    "honesty with the parents mostly, and not letting the diocese run everything",
    "bit of a strange question tbh. it was the spring when the diocese wanted the budget "
      + "signed off without the parents seeing it and i refused",
    "as i told you already",
    "hmm. i'd rather not get into the money. it was for keeping a village school open "
      + "that the county wanted shut",
    "the kids and the parents, theyd see the school still there in september",
    "keeping the roll above fifty",
    "you said it was a partnership. it wasnt really, we were told to merge with St Annes "
      + "and that was that",
    "/summary", "", "/quit",
  ]

  @Test func anAnswerBesideTalkAimedAtTheCoachIsKeptAndTheTalkAnswered() throws {
    let (transcript, coach, _) = try session(["--pack", "collaboration"], Self.asides)
    let pack = try PackLibrary().pack("collaboration")

    // "What do you mean by values?" is answered with what the question means, not why.
    let means = try #require(pack.stages[0].questions[0].means)
    let clarified = linesAfter(Self.asides[0], in: transcript).map(\.text)
    #expect(clarified.first?.contains(means) == true, "\(clarified)")

    // A complaint with an answer inside: the complaint answered, the answer kept, and the
    // next question (no follow-up).
    let complained = transcript.answers.first { $0.text == Self.asides[2] }
    #expect(complained?.heard?.kind == .answer)
    #expect(complained?.heard?.aside == .complaint)
    #expect(complained?.heard?.answerPart?.hasPrefix("it was the spring") == true)
    let afterComplaint = linesAfter(Self.asides[2], in: transcript)
    #expect(afterComplaint.map(\.kind) == [.acknowledgement, .question], "\(afterComplaint)")

    // "As I told you": the earlier answer given back, never the complaint itself.
    let repaired = linesAfter(Self.asides[3], in: transcript).map(\.text)
    #expect(repaired.first?.contains("“honesty with the parents mostly") == true, "\(repaired)")

    // A refusal beside an answer: acknowledged by name, the answer kept.
    let refused = linesAfter(Self.asides[4], in: transcript).map(\.text)
    #expect(refused.first?.contains("the money") == true, "\(refused)")

    // "You said it was a partnership": put right, and the rest kept as the answer.
    let corrected = linesAfter(Self.asides[7], in: transcript)
    #expect(corrected.first?.text.contains("putting me right") == true, "\(corrected)")

    let summary = coach.filter { $0.kind == .summary }.map(\.text).joined(separator: " ")
    // Since summaries r4, the first question's answer carries the stage's point.
    #expect(summary.contains("not letting the diocese run everything"), "\(summary)")
    #expect(summary.contains("village school open"), "\(summary)")
    for aimed in ["strange question", "rather not", "told you", "you said", "mean by"] {
      #expect(!summary.lowercased().contains(aimed), "\(aimed): \(summary)")
    }
  }

  /// A question put to the coach beside an answer, a feeling that was not there, a
  /// feeling the coach read and was asked about, a refusal and a complaint beside answers.
  static let talkingBack = [
    "what do you mean by values? is it like the scout promise? i suppose being fair to both "
      + "groups and keeping the hut safe",
    "the playgroup leader was furious with us about the mess in the kitchen",
    "what was so hard or difficult about it?",
    "we had a row about the kitchen rota but nobody got hurt, it was more of a grumble",
    "i'm not going to talk about the district commissioner by the way. what i wouldnt trade "
      + "is the kids having the hut on fridays",
    "you didnt answer my question earlier. anyway it was for the kids of both groups having "
      + "somewhere warm",
    "/quit",
  ]

  @Test func aQuestionBesideAnAnswerIsAnsweredAndAFeelingNotThereIsPutRight() throws {
    let (transcript, coach, _) = try session(
      ["--pack", "collaboration", "--max-follow-ups", "0"], Self.talkingBack)
    let pack = try PackLibrary().pack("collaboration")
    let means = try #require(pack.stages[0].questions[0].means)

    // The question gets its answer; the answer stands, so the question is not asked again.
    let clarified = linesAfter(Self.talkingBack[0], in: transcript)
    #expect(clarified.first?.text.contains(means) == true, "\(clarified.map(\.text))")
    #expect(clarified.last?.question == "values-tested", "\(clarified.map(\.text))")

    // Someone's fury gets a line; "what was so hard…?" about it is heard as the coach's
    // misreading, and the question is asked again.
    let felt = linesAfter(Self.talkingBack[1], in: transcript)
    // Never "them": the line cannot know whether it is one person or a whole board.
    #expect(felt.first?.kind == .acknowledgement, "\(felt.map(\.text))")
    #expect(felt.first.map { !$0.text.lowercased().contains(" them") } == true)
    let challenged = linesAfter(Self.talkingBack[2], in: transcript)
    #expect(challenged.first?.text.contains("read something into that") == true)
    #expect(challenged.last?.kind == .question, "\(challenged.map(\.text))")

    // "nobody got hurt" is no one's feeling.
    let calm = linesAfter(Self.talkingBack[3], in: transcript)
    #expect(!calm.contains { $0.kind == .acknowledgement }, "\(calm.map(\.text))")

    // A refusal names what was refused without "by the way"; a complaint is answered.
    let refused = linesAfter(Self.talkingBack[4], in: transcript).map(\.text)
    #expect(
      refused.first == "Of course; we'll leave the district commissioner out of it.", "\(refused)")
    let complained = transcript.answers.first { $0.text == Self.talkingBack[5] }
    #expect(complained?.heard?.aside == .complaint)
    #expect(coach.filter { $0.kind == .question && $0.question == "values-core" }.count == 1)
  }

  /// Questions inside answers that are not put to the coach: musing on its question, and
  /// asking whether the answer is the kind wanted.
  static let thinkingAloud = [
    "fairnes mostly, and the kids gettin a say",
    "the half term row over the minibus",
    "the kids voice. wouldnt trade it",
    "a proper youth forum for the estate",
    "teenagers on the estate mainly. is that what you mean?",
    "the forum actually meeting, monthly",
    "the tenants group and Eastgate Community Trust, via the vicar",
    "did they share them? the tenants did, the trust only had the words for it",
    "lease is contract, rest goodwill",
    "with the tenants. not really with the trust",
    "what earned it? turning up every week. what spent it was the cancelled grant",
    "how long? with the tenants about two months. what would i do sooner, hmm, sooner? the "
      + "money talk, definitely, we left it a year",
    "/quit",
  ]

  @Test func aQuestionThatMusesOnTheCoachsOwnIsPartOfTheAnswer() throws {
    let (transcript, coach, _) = try session(
      ["--pack", "collaboration", "--max-follow-ups", "0"], Self.thinkingAloud)
    // "is that what you mean?" after an answer: yes, and on to the next question; the
    // question is neither explained nor asked again.
    let checked = linesAfter(Self.thinkingAloud[4], in: transcript)
    #expect(checked.first?.text.hasPrefix("Yes,") == true, "\(checked.map(\.text))")
    #expect(checked.last?.question == "purpose-accountable", "\(checked.map(\.text))")
    #expect(transcript.answers.first { $0.text == Self.thinkingAloud[4] }?.heard?.checks == true)
    // "did they share them?", "what earned it?", "sooner?": the person thinking aloud. No
    // "Fair question", nothing said at all: the next question follows.
    for index in [7, 10, 11] {
      let after = linesAfter(Self.thinkingAloud[index], in: transcript)
      #expect(!after.contains { $0.text.contains("question") && $0.kind != .question })
      #expect(
        after.first?.kind == .question || after.first?.kind == .intro
          || after.first?.kind == .summary, "\(Self.thinkingAloud[index]): \(after.map(\.text))")
      let heard = transcript.answers.first { $0.text == Self.thinkingAloud[index] }?.heard
      #expect(heard?.kind == .answer && heard?.aside == nil, "\(Self.thinkingAloud[index])")
    }
    #expect(coach.filter { $0.question == "purpose-accountable" }.count == 1)
  }

  @Test func aPlainYesAtTheSummaryCheckConfirmsIt() throws {
    let (transcript, coach, _) = try session(
      ["--pack", "collaboration"],
      ["fairness mostly, and being straight with the parents", "/summary", "pretty much", "/quit"])
    #expect(!coach.contains { $0.text.contains("pretty much") }, "\(coach.map(\.text))")
    let confirmed = transcript.events.contains {
      if case .command(let command) = $0 {
        command.name == .confirmed && command.text == "pretty much"
      } else {
        false
      }
    }
    #expect(confirmed)
    #expect(!transcript.answers.contains { $0.question == "summary-check" })
  }

  @Test func withoutAModelTheRulesAloneReadAndTheSessionRerunsExactly() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let run = try TestSupport.reflect(
      ["session", "--home", home, "--seed", "5", "--pack", "collaboration"],
      input: Self.messy.joined(separator: "\n") + "\n",
      environment: ["REFLECT_MODEL": home + "/no-model"])
    #expect(run.status == 0, "\(run.stderr)")
    let path = try #require(TestSupport.transcripts(home: home).first)
    let transcript = try TranscriptReader().read(path: path)
    let heard = transcript.answers.filter { $0.question != "summary-check" }.compactMap(\.heard)
    #expect(heard.map(\.kind) == Self.messyClasses)
    #expect(heard.allSatisfy { $0.by == .rules })
    // Rerun with the model installed: the recorded readings are used, so nothing differs.
    let rerun = try TestSupport.reflect(["replay", "--rerun", "latest", "--home", home])
    #expect(rerun.stdout.hasPrefix("Rerun matches"), "\(rerun.stdout)")
  }

  @Test(.enabled(if: RealModel.isInstalled, "the model is not installed: make setup"))
  func withTheModelAShortReplyIsReadByMeaning() throws {
    let (transcript, coach, _) = try session(
      ["--pack", "collaboration", "--stages", "values"],
      ["Let's leave that one for now", "/quit"])
    let heard = try #require(transcript.answers.first?.heard)
    #expect(heard.kind == .skip && heard.by == .meaning)
    #expect(!coach.contains { $0.kind == .followUp })
  }
}

/// The same in a real terminal: a question to the coach, a pass and a refusal.
extension TerminalSessionTests {
  @Test func aQuestionAPassAndARefusalInARealTerminal() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let pane = try start(home: home, extra: "--seed 5 --stages values,purpose")
    try pane.waitFor("values ›")
    try pane.type("hang on, what do you mean by values??")
    try pane.send("Enter")
    try pane.waitFor("things you would not trade away")
    try pane.waitFor("So, in your own words: which values")
    try pane.type("pass")
    try pane.send("Enter")
    try pane.waitFor("and what did you do?")
    try pane.type("I'm not going to talk about the budget rows, sorry")
    try pane.send("Enter")
    try pane.waitFor("the budget rows")
    try pane.waitFor("What would you not have traded away")
    try pane.type("/quit")
    try pane.send("Enter")
    #expect(try pane.waitForExit() == 0)
    let transcript = try TranscriptReader().read(path: TestSupport.transcripts(home: home)[0])
    #expect(transcript.answers.compactMap(\.heard?.kind) == [.question, .skip, .refusal])
    #expect(transcript.answers.last?.heard?.about == "the budget rows")
  }
}

/// Commitment review like a coach: what was done is affirmed, what was not is asked about
/// once, and ordinary phrasing is understood.
extension ListeningSessionTests {
  @Test func aReviewAffirmsWhatWasDoneAndAsksOnceWhatGotInTheWay() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    _ = try TestSupport.reflect(
      ["--home", home, "--stages", "commitments", "--questions-only"],
      input: "Send the parents' letter\nDraft the bid\nBook the hall\nCall the diocese\n\n")
    let (transcript, coach, _) = try session(
      ["--stages", "values"],
      [
        "yes, sent it on Monday", "Done — and the parents wrote to thank us", "half done",
        "the finance officer was off for a fortnight", "we dropped it", "/quit",
      ],
      home: home)
    let reviews = transcript.events.compactMap {
      if case .review(let review) = $0 { review } else { nil }
    }
    #expect(reviews.map(\.status) == [.done, .done, .dropped])
    let said = coach.filter { $0.kind == .review }.map(\.text)
    #expect(said.contains { $0.contains("thanked") }, "\(said)")
    #expect(
      said.filter {
        [
          "What got in the way?", "What held it up?",
          "What stood in the way of that one?",
        ].contains($0)
      }.count == 1, "\(said)")
    #expect(
      transcript.answers.first { $0.question == "review-obstacle" }?.text
        == "the finance officer was off for a fortnight")
    // The session goes on to its own questions after the reviews.
    #expect(coach.contains { $0.kind == .question && $0.question == "values-core" })
  }
}

extension ListeningSessionTests {
  @Test func aBrokenReplyRulesFileIsNamedWithItsLine() throws {
    let folder = TestSupport.temporaryDirectory()
    let good = try String(
      contentsOfFile: TestSupport.packageRoot.appendingPathComponent("Prompts/replies.yaml").path,
      encoding: .utf8)
    try good.replacingOccurrences(of: "  - kind: skip\n", with: "  - kind: skipp\n")
      .write(toFile: folder + "/replies.yaml", atomically: true, encoding: .utf8)
    let run = try TestSupport.reflect(["prompts", "validate", folder + "/replies.yaml"])
    #expect(run.status != 0)
    let line = try #require(good.components(separatedBy: "\n").firstIndex(of: "  - kind: skip")) + 1
    #expect(
      run.stderr.contains("replies.yaml:\(line):11: unknown reply class 'skipp'"), "\(run.stderr)")
    try good.write(toFile: folder + "/replies.yaml", atomically: true, encoding: .utf8)
    let valid = try TestSupport.reflect(["prompts", "validate", folder + "/replies.yaml"])
    #expect(valid.stdout.contains("replies.yaml: ok (reply rules"), "\(valid.stdout)")
  }
}
