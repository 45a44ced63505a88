import Foundation
import ReflectTestSupport
import Testing

@testable import ReflectCore

/// Runs `inputs` through a coached conversation and returns every event.
func drive(
  _ pack: Pack, _ inputs: [PersonInput], seed: UInt64 = 7, maxFollowUps: Int = 2,
  open: [OpenCommitment] = []
) throws -> (events: [TranscriptEvent], conversation: Conversation) {
  let time = Date(timeIntervalSince1970: 1_795_000_000)
  var conversation = Conversation(
    pack: pack, rules: try CoachRules.builtIn(),
    settings: .init(seed: seed, maxFollowUps: maxFollowUps, openCommitments: open))
  var events = conversation.begin(at: time).events
  for input in inputs { events += conversation.respond(to: input, at: time).events }
  return (events, conversation)
}

func coachLines(_ events: [TranscriptEvent], kind: CoachMessage.Kind? = nil) -> [String] {
  events.compactMap {
    guard case .coach(let message) = $0, kind == nil || message.kind == kind else { return nil }
    return message.text
  }
}

@Suite struct CoachTests {
  let collaboration: Pack
  let rules: CoachRules

  init() throws {
    collaboration = try PackLibrary().pack("collaboration")
    rules = try CoachRules.builtIn()
  }

  /// The first follow-up the coach gives to `answer` as the first answer in `stage`.
  func followUp(
    _ answer: String, stage: String = "feelings", pack id: String? = nil, seed: UInt64 = 7
  ) throws -> String? {
    let source =
      try id.map { try PackLibrary().pack($0) }
      ?? (stage == "feelings" ? PackLibrary().pack("gibbs") : collaboration)
    let pack = try source.restricted(to: [stage])
    return coachLines(try drive(pack, [.text(answer)], seed: seed).events, kind: .followUp).first
  }

  @Test(arguments: [
    ("I feel tired", "you feel tired"),
    ("my partners don't listen to me", "your partners don't listen to you"),
    ("I am sure", "you are sure"),
    ("I was sure", "you were sure"),
    ("I wasn't told", "you weren't told"),
    ("I'm worried about our budget", "you're worried about your budget"),
    ("we did it ourselves", "you did it yourselves"),
    ("I just told you", "you just told me"),
    ("I hurt myself", "you hurt yourself"),
    ("I've learned a lot", "you've learned a lot"),
    ("I'd do it again", "you'd do it again"),
    ("I'll call them", "you'll call them"),
    ("we're stuck", "you're stuck"),
    ("we've tried", "you've tried"),
    ("they trusted us", "they trusted you"),
    ("that was ours", "that was yours"),
    ("the board and I", "the board and you"),
    ("My Head Teacher", "your Head Teacher"),
    ("The board was split, and we knew it.", "the board was split, and you knew it."),
  ])
  func pronounsSwapByRole(phrase: String, expected: String) {
    #expect(rules.reflector.reflect(phrase) == expected)
  }

  /// A generic or coach-addressed "you" cannot be swapped safely, and a cut phrase is no echo.
  @Test(arguments: [
    "you have to earn it", "your plan and mine", "you're right", "help yourself",
    "the board only hears me when my", "a budget on paper is not the", "but the", "",
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen"
      + " sixteen seventeen",
  ])
  func noCleanReflectionMeansNone(phrase: String) {
    #expect(rules.reflector.reflect(phrase) == nil)
  }

  @Test func aSentenceInitialCapitalIsLoweredButNamesAreKept() {
    #expect(rules.reflector.reflect("Trust took months") == "trust took months")
    #expect(rules.reflector.reflect("Sam kept it going", names: ["Sam"]) == "Sam kept it going")
    #expect(rules.reflector.reflect("NHS trusts moved first") == "NHS trusts moved first")
  }

  @Test func theExampleFromTheIssueEchoesInTheSecondPerson() throws {
    let replies = try Set(
      (0..<8).compactMap {
        try followUp("I feel my partners don't listen to me", seed: $0)
      })
    #expect(
      replies == [
        "What makes you feel your partners don't listen to you?",
        "You feel your partners don't listen to you. When did that start?",
      ])
  }

  @Test func aStatedFeelingOutranksAProbeForMissingValueWords() throws {
    let reply = try followUp("I feel my partners don't listen to me", stage: "values")
    #expect(reply?.contains("your partners don't listen to you") == true, "\(reply ?? "nil")")
  }

  @Test func aLongEchoIsNeverCutButPassedOver() throws {
    let long =
      "I feel the board only hears me when I shout in the meeting about the budget for the"
      + " small schools in the north of the county"
    let reply = try followUp(long)
    #expect(reply.map { LineLint.problem(in: $0) == nil } ?? true, "\(reply ?? "nil")")
    #expect(reply?.contains("the board only hears") != true)
  }

  @Test func higherRankedKeywordWins() throws {
    // "my" (rank 2) comes first, "i feel" (rank 6) wins.
    let reply = try followUp("My budget is gone and I feel let down by the council")
    #expect(reply?.contains("feel let down by the council") == true, "\(reply ?? "nil")")
  }

  @Test func repliesAreUsedInTurnAndNeverRepeated() throws {
    let pack = try collaboration.restricted(to: ["trust"])
    let answer = "I feel nobody listened to the parents at all"
    let events = try drive(pack, [.text(answer), .text(answer), .text(answer)]).events
    let followUps = coachLines(events, kind: .followUp)
    #expect(followUps.count == 2, "at most two follow-ups per question")
    #expect(Set(followUps).count == followUps.count)
  }

  @Test func stageRulesProbeWhatEachStageListensFor() throws {
    #expect(
      try followUp("They signed up in principle but nothing moved", stage: "partners")
        == "Agreed on paper and agreed in practice can differ. Where did they part company?")
    #expect(
      try followUp("It built up slowly with the head teachers", stage: "trust")
        == "Which small, repeated act made the most difference?")
    // Someone else's "should have" asks what stopped them, not what got in "the way of that".
    #expect(
      try followUp("it was fine really though they should have told us first", stage: "trust")
        == "What do you think stopped them at the time?")
    #expect(
      try followUp("Budget cuts and a new chair", stage: "values")
        == "If it came to a hard choice, which one value would you hold on to?")
  }

  @Test func aValueNamedEarlierInTheStageIsNotAskedForAgain() throws {
    let pack = try collaboration.restricted(to: ["values"])
    let events = try drive(pack, [.text("Fairness."), .text("Budget cuts and a new chair")]).events
    #expect(
      !coachLines(events).contains(
        "If it came to a hard choice, which one value would you hold on to?"))
  }

  @Test(arguments: [
    ("We never agreed on the budget", "So there was no real agreement."),
    ("The partners agreed the plan in May", "agreement"),
  ])
  func negationChangesWhatAKeywordMeans(answer: String, expected: String) throws {
    let reply = try followUp(answer, stage: "partners")
    #expect(
      reply?.contains(expected) == true || reply?.contains("agreed") == true, "\(reply ?? "nil")")
    if answer.contains("never") {
      #expect(reply?.hasPrefix("So there was no real agreement") == true)
    } else {
      #expect(reply?.hasPrefix("So there was no real agreement") != true)
    }
  }

  @Test(arguments: [
    "We delivered on time for once", "Next time we will plan better",
    "At the time it felt right", "It happened over time without anyone noticing",
  ])
  func timePhrasesDoNotFireTheTimeRule(answer: String) throws {
    let reply = try followUp(answer, stage: "trust")
    #expect(reply != "How did time shape this, for better or worse?", "\(reply ?? "nil")")
  }

  @Test func aOneWordValueIsAFullAnswer() throws {
    let reply = try followUp("Fairness.", stage: "values")
    #expect(rules.probes.contains(reply ?? "") == false)
    #expect(reply?.lowercased().contains("fairness") == true, "\(reply ?? "nil")")
  }

  @Test(arguments: ["I already said: nobody.", "As I said, nobody", "I just told you: nobody"])
  func aMetaReplyGetsAnApologyThatGivesBackWhatWasSaid(answer: String) throws {
    let pack = try collaboration.restricted(to: ["trust"])
    let (events, conversation) = try drive(pack, [.text(answer)])
    let lines = coachLines(events, kind: .acknowledgement)
    #expect(lines.count == 1)
    #expect(lines.first?.contains("“nobody”") == true, "\(lines)")
    #expect(coachLines(events, kind: .followUp).isEmpty, "no probe after a repair")
    #expect(conversation.prompt?.question.id == "trust-earned")
  }

  @Test func aMetaReplyWithNothingAfterItQuotesTheEarlierAnswer() throws {
    let pack = try collaboration.restricted(to: ["trust"])
    let events = try drive(
      pack, [.text("Between the heads, not with the board."), .next, .text("I just told you")]
    ).events
    #expect(
      coachLines(events, kind: .acknowledgement).contains {
        $0.contains("“Between the heads, not with the board”")
      }, "\(coachLines(events))")
  }

  @Test func aPainfulStatementIsAcknowledgedAndNotChallenged() throws {
    let pack = try collaboration.restricted(to: ["values"])
    let events = try drive(
      pack, [.text("The head never backs me in front of the board")]
    ).events
    #expect(coachLines(events, kind: .acknowledgement).count == 1)
    #expect(!coachLines(events).contains { $0.hasPrefix("Never?") })
  }

  @Test func aFollowUpNeverAsksWhatAQuestionOfTheStageAsks() throws {
    for pack in PackLibrary().packs {
      for stage in pack.stages {
        for rule in stage.followUps {
          for reply in rule.decompositions.flatMap(\.replies) {
            for question in stage.questions {
              #expect(
                !QuestionSimilarity.isClose(reply, question.text),
                "\(pack.id)/\(stage.id): '\(reply)' ~ '\(question.text)'")
            }
          }
        }
      }
    }
  }

  @Test func anAnswerGivenEarlierChangesTheQuestion() throws {
    let pack = try collaboration.restricted(to: ["purpose"])
    let events = try drive(
      pack, [.text("To get the families on the waiting list housed before winter"), .next]
    ).events
    #expect(
      coachLines(events, kind: .question).contains(
        "You mentioned the families. How would they know this work had made a difference to them?"))
    #expect(!coachLines(events).contains { $0.hasPrefix("Whom did it serve") })
  }

  @Test func theTestedQuestionSaysThoseValuesOnlyOnceAValueIsNamed() throws {
    let pack = try collaboration.restricted(to: ["values"])
    let none = coachLines(
      try drive(
        pack, [.text("we just wanted the bus to keep running for the villages"), .next, .next]
      )
      .events, kind: .question)
    #expect(none.contains { $0.hasPrefix("When was something you care about in this work") })
    #expect(!none.contains { $0.contains("those values") }, "\(none)")
    let named = coachLines(
      try drive(pack, [.text("honesty mostly, and being fair with the drivers"), .next]).events,
      kind: .question)
    #expect(named.contains("When was one of those values tested, and what did you do?"))
  }

  @Test func goodwillSaidAtTheStartOfPartnersBendsTheVoluntaryQuestion() throws {
    let pack = try collaboration.restricted(to: ["partners"])
    let events = try drive(
      pack,
      [
        .text(
          "the allotment society and the parish council, it was all goodwill really, "
            + "nobody signed anything and we kind of fell into it after the flood"),
        .next, .text("mostly, they cared about the same families we did"), .next, .next,
      ]
    ).events
    let asked = coachLines(events, kind: .question)
    #expect(
      asked.contains(
        "You mentioned goodwill. Which parts, if any, were hard-wired by contract or duty?"),
      "\(asked)")
    #expect(!asked.contains { $0.hasPrefix("Which parts of the work were voluntary") })
  }

  @Test(arguments: ["not sure", "fine", "I don't know", "ok", "no idea really"])
  func vagueAnswersGetAGentleProbe(answer: String) throws {
    let reply = try followUp(answer)
    #expect(rules.probes.contains(reply ?? ""), "\(answer) → \(reply ?? "nil")")
  }

  @Test func negativeFeelingsAreAcknowledgedFirst() throws {
    let pack = try collaboration.restricted(to: ["values"])
    let events = try drive(
      pack, [.text("I was so frustrated when the council ignored the parents")]
    ).events
    let acknowledgement = coachLines(events, kind: .acknowledgement)
    #expect(acknowledgement.count == 1)
    #expect(rules.acknowledgements.contains(acknowledgement[0]))
  }

  @Test func theCoachLinksBackToWhatWasSaidEarlier() throws {
    let pack = try collaboration.restricted(to: ["values", "purpose"])
    let events = try drive(
      pack,
      [
        .text("Honesty. Under pressure I learned that trust takes time with new partners"), .next,
        .text("When the budget was cut we held firm on staffing"), .next,
        .text("Honesty with parents, whatever the funding"), .next,
        .text("A fairer deal for the pupils and families of the village"),
      ]
    ).events
    let expected = Set(
      rules.memoryLinks.map {
        Template.fill(
          $0, [], named: ["memory": "trust takes time with new partners", "stage": "purpose"])
      })
    let links = coachLines(events, kind: .followUp).filter(expected.contains)
    #expect(links.count == 1, "\(coachLines(events, kind: .followUp))")
  }

  @Test func noCoachLineRepeatsInAFortyAnswerSession() throws {
    let answer = "I feel my partners never listen because we always rush"
    let inputs = Array(repeating: PersonInput.text(answer), count: 40)
    let lines = coachLines(try drive(collaboration, inputs).events)
    #expect(lines.count > 20)
    #expect(Set(lines).count == lines.count, "\(lines)")
  }

  @Test func nextMovesOnWithoutMoreFollowUps() throws {
    let pack = try collaboration.restricted(to: ["values"])
    let (events, conversation) = try drive(pack, [.text("not sure"), .next])
    #expect(coachLines(events, kind: .followUp).count == 1)
    #expect(conversation.prompt?.question.id == "values-tested")
  }

  @Test func theSameSeedAndAnswersGiveTheSameConversation() throws {
    let inputs: [PersonInput] = [
      .text("fine"), .text("I feel we rushed it"), .next, .text("My budget"), .summary, .back,
      .text("I learned to ask early. Next time I will ask for numbers in writing"), .lessons,
      .keep, .drop, .text("Ask early"), .text(""),
    ]
    let first = try drive(collaboration, inputs, seed: 42).events
    let second = try drive(collaboration, inputs, seed: 42).events
    let codec = TranscriptCodec()
    #expect(first.map(codec.encode) == second.map(codec.encode))
  }

  @Test func backAsksAgainAndTheLaterAnswerCounts() throws {
    let pack = try collaboration.restricted(to: ["values"])
    let (_, conversation) = try drive(
      pack,
      [.text("Honesty above all else"), .back, .text("Fairness above all else")],
      maxFollowUps: 0)
    #expect(
      conversation.heard.map(\.text) == ["Honesty above all else", "Fairness above all else"])
    #expect(conversation.heard.map(\.superseded) == [true, false], "the later answer counts")
    #expect(conversation.prompt?.question.id == "values-tested")
  }

  @Test func lessonsAreProposedFromWhatWasSaidAndCanBeKeptEditedOrDropped() throws {
    let pack = try collaboration.restricted(to: ["values", "lessons"])
    let (events, _) = try drive(
      pack,
      [
        .text(
          "I learned that honesty costs less than it seems. Next time agree the values before"
            + " the money is discussed"),
        .next, .next, .text(""),
        .keep,
        .text("Agree values before money is on the table"),
        .text("Write it down"), .text(""),
      ], maxFollowUps: 0)
    let proposals = coachLines(events, kind: .proposal)
    #expect(proposals.contains("Possible lesson: Honesty costs less than it seems"))
    #expect(
      proposals.contains(
        "Possible lesson: Next time agree the values before the money is discussed"))
    let lessons = events.compactMap { if case .lesson(let lesson) = $0 { lesson } else { nil } }
    #expect(
      lessons.map(\.text) == [
        "Honesty costs less than it seems",
        "Agree values before money is on the table",
        "Write it down",
      ])
    #expect(lessons.map(\.number) == [1, 2, 3])
    #expect(lessons.map(\.origin) == [.proposed, .proposed, .typed])
    #expect(
      coachLines(events, kind: .summary).contains {
        $0 == "Values: you learned that honesty costs less than it seems."
      }, "\(coachLines(events, kind: .summary))")
  }

  @Test func earlierCommitmentsAreReviewedFirst() throws {
    let open = [
      OpenCommitment(
        session: "20261101-090000-abcd", number: 1, text: "Meet the chair", due: "2026-11-15")
    ]
    let (events, conversation) = try drive(
      collaboration, [.text("done: we met and agreed a timetable")], open: open)
    #expect(
      coachLines(events, kind: .review).contains {
        $0.hasPrefix("You committed to: Meet the chair (by 15 November 2026).")
      })
    let reviews = events.compactMap { if case .review(let review) = $0 { review } else { nil } }
    #expect(reviews.count == 1)
    #expect(reviews.first?.status == .done)
    #expect(reviews.first?.outcome == "we met and agreed a timetable")
    #expect(conversation.prompt?.question.id == "values-core")
    // Back for a second session: they need not go through every question again (listener
    // revision 4), and saying so goes to the lessons.
    #expect(
      coachLines(events, kind: .notice).contains(
        "We'll go through the questions again; if you'd rather go straight to your lessons this"
          + " time, type /lessons or just say so."))
    let (skipped, after) = try drive(
      collaboration,
      [.text("done: we met and agreed a timetable"), .text("can we skip to the lessons bit")],
      open: open)
    #expect(after.prompt?.stage.kind == .lessons, "\(coachLines(skipped))")
  }

  @Test(arguments: [
    ("We met last Tuesday and it went well", ReviewOutcome.done),
    ("Done, and the chair came too", .done),
    ("Yes", .done),
    ("Half of it is written", .partly),
    ("Partly. The schools still need to see it", .partly),
    ("Not yet, the diary has been impossible", .notYet),
    ("I haven't finished it", .notYet),
    ("We changed it to a monthly call instead", .changed),
    ("We dropped it when the funding went", .dropped),
    ("Gave up on that one", .dropped),
    ("Hmm, hard to say really", .unclear),
    ("went sunday. tom wouldnt come downstairs and his mum cried", .done),
    ("i went round on the friday, it was awkward", .done),
    ("rang her thursday. she cried again, but a better kind", .done),
    ("emailed him on monday and he replied", .done),
    ("haven't rang her yet, the week ran away", .notYet),
  ])
  func reviewRepliesAreReadFromOrdinaryWords(reply: String, outcome: ReviewOutcome) {
    #expect(rules.review.outcome(of: reply, listening: rules.listening) == outcome)
  }

  /// "they never once came to the cafe" is a hurt fact about work that has ended: no
  /// "Never? What would it take for that to change?".
  @Test func aNeverIsNotDisputed() throws {
    let pack = try collaboration.restricted(to: ["trust"])
    for answer in [
      "They never once came to the cafe. Not once in a year.",
      "the thing we never had was an agreement up front about consent",
    ] {
      let lines = coachLines(try drive(pack, [.text(answer)]).events)
      #expect(!lines.contains { $0.hasPrefix("Never?") }, "\(lines)")
    }
  }

  /// No line that affirms a review says "too" or "another", which would be wrong of the
  /// first commitment reviewed.
  @Test func anAffirmationReadsRightOfTheFirstItem() throws {
    for line in rules.review.replies[.done] ?? [] {
      let words = Set(Words.split(line))
      #expect(words.isDisjoint(with: ["too", "another", "also"]), "\(line)")
    }
  }

  /// Since listener revision 3, a commitment done whose reply tells tears or a hard
  /// feeling is not met with "Well done"; a plain one still is affirmed.
  @Test func aDoneReviewThatTellsAFeelingIsHeard() throws {
    let open = [
      OpenCommitment(session: "20261101-090000-abcd", number: 1, text: "Ring Mr Patel", due: nil),
      OpenCommitment(session: "20261101-090000-abcd", number: 2, text: "Say sorry to Jo", due: nil),
      OpenCommitment(session: "20261101-090000-abcd", number: 3, text: "Send the rota", due: nil),
    ]
    let (events, _) = try drive(
      collaboration,
      [
        .text("went round thursday. he said he never blamed us. i cried in the car after"),
        .text("did it monday, i was dreading it and it was awful but its done"),
        .text("sent it"),
      ], open: open)
    let said = events.compactMap { event -> String? in
      if case .coach(let line) = event, line.kind == .review { line.text } else { nil }
    }.filter {
      !$0.hasPrefix("You committed") && !$0.hasPrefix("Before we start")
        && !$0.hasPrefix("First, let's look")
    }
    #expect(said.count == 3, "\(said)")
    #expect(said.first == rules.review.doneMoved.first, "\(said)")
    #expect(said.dropFirst().first == rules.review.doneHard.first, "\(said)")
    #expect((rules.review.replies[.done] ?? []).contains(said.last ?? ""), "\(said)")
  }

  /// Since listener revision 3, once a proposed lesson is kept the list asks for others.
  @Test func afterAKeptProposalTheListAsksForOthers() throws {
    let pack = try collaboration.restricted(to: ["values", "lessons"])
    let answer =
      "what came out of it for me was that you agree who owns the photos before anything "
      + "starts, not after the newsletter goes out"
    let (events, _) = try drive(
      pack, [.text(answer), .next, .next, .keep], maxFollowUps: 0)
    let lines = coachLines(events)
    #expect(lines.contains { $0.hasPrefix("Possible lesson:") }, "\(lines)")
    #expect(lines.last?.hasPrefix("Any other lessons") == true, "\(lines)")
    let (none, _) = try drive(
      pack, [.text(answer), .next, .next, .drop], maxFollowUps: 0)
    #expect(coachLines(none).last?.hasPrefix("What are your key lessons") == true)
  }

  /// Since listener revision 3: "can we just skip to the lessons bit" goes to the lessons,
  /// and at the list "what else would you say? you've heard it all" is no lesson.
  @Test func askingForTheLessonsGoesThereAndTalkAtTheListIsNoLesson() throws {
    let pack = try collaboration.restricted(to: ["values", "purpose", "lessons"])
    let (events, conversation) = try drive(
      pack,
      [
        .text("sorry can we just skip to the lessons bit, i did all these questions last week"),
        .text("what else would you say? you've heard it all"),
      ], maxFollowUps: 0)
    let lines = coachLines(events)
    #expect(lines.contains("Of course; let's go to your lessons. Everything so far is kept."))
    #expect(!lines.contains { $0.hasPrefix("Now the purpose") }, "\(lines)")
    let lessons = events.compactMap { if case .lesson(let lesson) = $0 { lesson } else { nil } }
    #expect(lessons.isEmpty, "\(lessons)")
    #expect(conversation.prompt?.question.id == "lessons-list")
    let answers = events.compactMap {
      if case .answer(let answer) = $0 { answer.text } else { nil }
    }
    #expect(answers.first?.hasPrefix("sorry can we just skip") == true, "kept as typed")
  }

  @Test func anOpenOutcomeKeepsTheCommitmentOpenAndMovesOn() throws {
    let open = [
      OpenCommitment(session: "20261101-090000-abcd", number: 1, text: "Meet the chair", due: nil),
      OpenCommitment(session: "20261101-090000-abcd", number: 2, text: "Draft the bid", due: nil),
    ]
    let (events, conversation) = try drive(
      collaboration, [.text("hmm, hard to say"), .text("Not yet")], open: open)
    let progress = events.compactMap { event -> Command? in
      guard case .command(let command) = event, command.name == .progress else { return nil }
      return command
    }
    #expect(progress.map(\.status) == ["unclear", "not-yet"])
    #expect(progress.map(\.number) == [1, 2])
    #expect(!events.contains { if case .review = $0 { true } else { false } })
    #expect(conversation.prompt?.question.id == "values-core", "one unclear reply, then on")
    #expect(
      !coachLines(events).contains { $0.range(of: #"\(\d+\)"#, options: .regularExpression) != nil }
    )
  }

  @Test func openCommitmentsAreThoseNotYetReviewed() {
    let time = Date(timeIntervalSince1970: 0)
    let first = Transcript(
      path: "a",
      events: [
        .start(
          SessionStart(
            id: "a", pack: "p", packTitle: "P", stages: [], seed: 1, version: "1", time: time)),
        .commitment(Commitment(stage: "c", number: 1, text: "One", due: nil, time: time)),
        .commitment(Commitment(stage: "c", number: 2, text: "Two", due: nil, time: time)),
      ])
    let second = Transcript(
      path: "b",
      events: [
        .start(
          SessionStart(
            id: "b", pack: "p", packTitle: "P", stages: [], seed: 1, version: "1", time: time)),
        .review(
          Review(session: "a", number: 1, text: "One", status: .done, outcome: "", time: time)),
      ])
    #expect(OpenCommitments.find(in: [first, second]).map(\.text) == ["Two"])
  }

  @Test func rerunReproducesAStoredSession() throws {
    let inputs: [PersonInput] = [.text("fine"), .text("I feel we rushed it"), .why, .pause]
    let time = Date(timeIntervalSince1970: 1_795_000_000)
    var conversation = Conversation(
      pack: collaboration, rules: rules, settings: .init(seed: 3, maxFollowUps: 2))
    let start = SessionStart(
      id: "20261129-000000-abcd", pack: "collaboration", packTitle: "C",
      stages: collaboration.stages.map(\.id), seed: 3, version: "t", time: time, maxFollowUps: 2)
    var events: [TranscriptEvent] = [.start(start)] + conversation.begin(at: time).events
    var before: Prompt?
    for input in inputs {
      before = conversation.prompt
      events += conversation.respond(to: input, at: time).events
    }
    let stored = coachLines(events)
    let rerun = Rerun.replay(
      Transcript(path: "x", events: events), pack: collaboration, rules: rules)
    #expect(rerun.coach.map(\.text) == stored)
    let resumed = Rerun.replay(
      Transcript(path: "x", events: events), pack: collaboration, rules: rules, stopBeforeEnd: true)
    #expect(resumed.conversation.prompt == before)
    #expect(before != nil)
  }

  @Test func summaryUsesThePersonsWordsAndLeavesOutVagueAnswers() throws {
    let pack = try collaboration.restricted(to: ["values"])
    let events = try drive(
      pack, [.text("Fairness for every pupil matters most."), .text("not sure"), .next, .summary],
      maxFollowUps: 1
    ).events
    let summary = coachLines(events, kind: .summary)
    #expect(summary.contains("Values: fairness for every pupil matters most."), "\(summary)")
    #expect(!summary.contains { $0.contains("not sure") })
    #expect(summary.last?.hasPrefix("Did I get that right?") == true)
  }

  @Test func theSummaryGivesBackWholeSentencesInTheSecondPerson() throws {
    let pack = try collaboration.restricted(to: ["values"])
    let events = try drive(
      pack,
      [
        .text(
          "When the budget was cut we held firm on staffing. I was proud of the governors that week."
        ), .next, .summary,
      ]
    ).events
    let summary = coachLines(events, kind: .summary)
    // Since summaries r4, one sentence: the one that answers the question.
    #expect(
      summary.contains("Values: when the budget was cut you held firm on staffing."), "\(summary)")
  }

  @Test func aCorrectionToTheSummaryIsRecordedAndHeard() throws {
    let pack = try collaboration.restricted(to: ["values", "lessons"])
    let (events, conversation) = try drive(
      pack,
      [
        .text("Fairness for every pupil matters most."), .next, .summary,
        .text("You missed that honesty with parents matters as much"),
      ])
    #expect(
      events.contains {
        if case .answer(let answer) = $0 { answer.question == "summary-check" } else { false }
      })
    // Since summaries r4, what was missed is heard as what it says, not as the complaint.
    #expect(conversation.heard.last?.text == "Honesty with parents matters as much.")
    #expect(conversation.prompt?.question.id == "values-non-negotiable", "back to where we were")
  }

  @Test func everyStageIsInTheSummaryBeforeTheLessonsEvenAfterSummary() throws {
    let pack = try collaboration.restricted(to: ["values", "purpose", "lessons"])
    let events = try drive(
      pack,
      [
        .text("Fairness for every pupil matters most."), .summary, .text(""), .next, .next, .next,
        .text("To keep the village school open for the next ten years."), .lessons,
      ], maxFollowUps: 0
    ).events
    let summaries = coachLines(events, kind: .summary)
    #expect(summaries.filter { $0.hasPrefix("Values:") }.count == 2, "\(summaries)")
    #expect(summaries.filter { $0.hasPrefix("Purpose:") }.count == 1)
  }

  @Test func anAnswerReplacedWithBackStillFeedsTheLessons() throws {
    let pack = try collaboration.restricted(to: ["values", "lessons"])
    let events = try drive(
      pack,
      [
        .text("Honesty early is cheaper than honesty late."), .back, .text("Honesty."), .next,
        .next, .next,
      ], maxFollowUps: 0
    ).events
    #expect(
      coachLines(events, kind: .proposal).contains(
        "Possible lesson: Honesty early is cheaper than honesty late"))
  }

  @Test func diffShowsWhatChanged() {
    #expect(CoachDiff.lines(stored: ["a", "b", "c"], rerun: ["a", "b", "c"]).isEmpty)
    #expect(
      CoachDiff.lines(stored: ["a", "b", "c"], rerun: ["a", "x", "c"]) == ["  a", "- b", "+ x"])
  }
}

@Suite struct SessionCommandTests {
  @Test func whyExplainsTheQuestionOnceInEachWording() throws {
    let pack = try PackLibrary().pack("collaboration").restricted(to: ["values"])
    let (events, conversation) = try drive(pack, [.why, .why], maxFollowUps: 0)
    let notices = coachLines(events, kind: .notice)
    let why = try #require(pack.stages[0].questions[0].why)
    #expect(notices.first == "Why this question: " + why)
    #expect(notices.count == 2)
    #expect(notices.allSatisfy { $0.hasSuffix(why) }, "a second /why still gives the note")
    #expect(Set(notices).count == 2, "never the same line twice")
    #expect(conversation.prompt?.question.id == "values-core", "the question is still open")
  }

  @Test func lessonsSaysTheSameThingHoweverOftenItIsAsked() throws {
    let pack = try PackLibrary().pack("grow")
    let events = try drive(pack, [.lessons, .lessons, .lessons], maxFollowUps: 0).events
    #expect(Set(coachLines(events, kind: .notice)) == ["This pack has no lessons stage."])
  }

  @Test(arguments: [PersonInput.keep, .drop])
  func keepOrDropOutsideAProposalIsExplained(input: PersonInput) throws {
    let pack = try PackLibrary().pack("collaboration").restricted(to: ["values"])
    let (events, conversation) = try drive(pack, [input], maxFollowUps: 0)
    #expect(coachLines(events, kind: .notice).first?.contains("proposed lesson") == true)
    #expect(conversation.prompt?.question.id == "values-core")
  }

  @Test func aPastDueDateGetsOneGentleQuestion() throws {
    let pack = try PackLibrary().pack("collaboration").restricted(to: ["commitments"])
    let (events, _) = try drive(
      pack,
      [
        .text("meet the chair by 2020-01-31"), .text("2027-02-01"), .text("call Sam by 2020-01-01"),
        .text(""),
      ],
      maxFollowUps: 0)
    let commitments = events.compactMap { if case .commitment(let item) = $0 { item } else { nil } }
    #expect(
      commitments.map(\.due) == ["2027-02-01", "2020-01-01"], "a date only replaces the date")
    #expect(commitments.map(\.text) == ["meet the chair", "call Sam"])
    #expect(coachLines(events).filter { $0.contains("has already passed") }.count == 2)
  }

  @Test func theExampleDateIsComputedFromToday() throws {
    let pack = try PackLibrary().pack("collaboration").restricted(to: ["commitments"])
    let events = try drive(pack, []).events
    // drive() starts at 2026-11-18 (1_795_000_000); four weeks on.
    #expect(coachLines(events, kind: .question).last?.contains("by 2026-12-16") == true)
  }

  @Test func lessonsJumpsToTheLessonsStage() throws {
    let pack = try PackLibrary().pack("collaboration")
    let (events, conversation) = try drive(
      pack, [.text("Fairness for every pupil"), .lessons], maxFollowUps: 0)
    #expect(conversation.prompt?.stage.id == "lessons")
    #expect(
      events.contains(
        .command(
          Command(
            name: .lessons, stage: "values", time: Date(timeIntervalSince1970: 1_795_000_000)))))
  }

  @Test func aReplyUsingAMissingWildcardIsALoadError() {
    let yaml = """
      rules:
        - keywords: [feel]
          rank: 1
          decompositions:
            - pattern: "* i feel *"
              replies:
                - What about (3)?
      vague: {markers: [ok], short_answer_words: 2, empty_words: [ok], short_probes: [More?], probes: [Say more?]}
      negative: {markers: [sad], acknowledgements: [That is hard.]}
      memory: {links: [Earlier (memory).]}
      listening: {negators: [not], masked: [on time], meta: [i said], repairs: [Sorry.], plain_repairs: [Sorry.]}
      scale: {middle: [Why?], top: [Why?], bottom: [Why?], ask: [Number?]}
      review:
        cues: {done: [done], partly: [partly], changed: [changed], not-yet: [not yet], dropped: [dropped]}
        weak: [yes]
        replies: {unclear: [Noted.], partly: [Noted.], not-yet: [Noted.], past-due: [Passed?]}
      reflections: {i: you}
      """
    #expect(
      throws: PackError.invalid(
        file: "c.yaml", line: 7, column: 13,
        message: "reply uses (3) but the pattern '* i feel *' has 2 wildcards")
    ) { try CoachRulesLoader().load(yaml, file: "c.yaml") }
  }
}
