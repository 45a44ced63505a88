import Foundation
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
    ("I'm worried about our budget", "you're worried about your budget"),
    ("we did it ourselves", "you did it yourselves"),
    ("you told me", "I told you"),
    ("your plan and mine", "my plan and yours"),
    ("I hurt myself", "you hurt yourself"),
    ("I've learned a lot", "you've learned a lot"),
    ("I'd do it again", "you'd do it again"),
    ("I'll call them", "you'll call them"),
    ("we're stuck", "you're stuck"),
    ("we've tried", "you've tried"),
    ("they trusted us", "they trusted you"),
    ("that was ours", "that was yours"),
    ("you're right", "I'm right"),
    ("you've helped", "I've helped"),
    ("help yourself", "help myself"),
    ("the board and I", "the board and you"),
    ("My Head Teacher", "your Head Teacher"),
    ("Sam and the council", "Sam and the council"),
    ("is it yours", "is it mine"),
  ])
  func pronounsSwapWhenEchoed(phrase: String, expected: String) {
    #expect(rules.reflect(Words.split(phrase, lowercase: false)) == expected)
  }

  @Test func theExampleFromTheIssueEchoesInTheSecondPerson() throws {
    let replies = try Set(
      (0..<8).compactMap {
        try followUp("I feel my partners don't listen to me", seed: $0)
      })
    #expect(
      replies == [
        "What makes you feel your partners don't listen to you?",
        "When did you first notice feeling your partners don't listen to you?",
      ])
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
      try followUp("We said we shared values but I was never convinced", stage: "partners")
        == "Do your partners truly share your core values, or only the words? What tells you?")
    #expect(
      try followUp("It took a long time with the head teachers", stage: "trust")
        == "Trust took time. What small thing built it so far?")
    let purpose = try followUp("To balance the budget for the trust board", stage: "purpose")
    #expect(
      [
        "Who benefits from this, and how would they know?",
        "If the people you serve described this work, what would they say it was for?",
      ].contains(purpose ?? ""))
    #expect(
      try followUp("To give the children a fair start in every subject", stage: "purpose")
        .map { !$0.hasPrefix("Who benefits") } ?? true)
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
        .text("Honesty. I learned that trust takes time with new partners"), .next,
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
    #expect(conversation.heard.map(\.text) == ["Fairness above all else"])
    #expect(conversation.prompt?.question.id == "values-tested")
  }

  @Test func lessonsAreProposedFromWhatWasSaidAndCanBeKeptEditedOrDropped() throws {
    let pack = try collaboration.restricted(to: ["values", "lessons"])
    let (events, _) = try drive(
      pack,
      [
        .text(
          "I learned that honesty costs less than it seems. We need to agree values before money"),
        .next, .next,
        .keep,
        .text("Agree values before money is on the table"),
        .text("Write it down"), .text(""),
      ], maxFollowUps: 0)
    let proposals = coachLines(events, kind: .proposal)
    #expect(proposals.contains("Possible lesson: I learned that honesty costs less than it seems"))
    #expect(proposals.contains("Possible lesson: We need to agree values before money"))
    let lessons = events.compactMap { if case .lesson(let lesson) = $0 { lesson } else { nil } }
    #expect(
      lessons.map(\.text) == [
        "I learned that honesty costs less than it seems",
        "Agree values before money is on the table",
        "Write it down",
      ])
    #expect(lessons.map(\.number) == [1, 2, 3])
    #expect(lessons.map(\.origin) == [.proposed, .proposed, .typed])
    #expect(
      coachLines(events, kind: .summary).contains {
        $0.hasPrefix("Values: you learned that honesty")
      })
  }

  @Test func earlierCommitmentsAreReviewedFirst() throws {
    let open = [
      OpenCommitment(
        session: "20261101-090000-abcd", number: 1, text: "Meet the chair", due: "2026-11-15")
    ]
    let (events, conversation) = try drive(
      collaboration, [.text("Maybe later"), .text("done: we met and agreed a timetable")],
      open: open)
    #expect(
      coachLines(events, kind: .review).contains {
        $0.hasPrefix("You committed to: Meet the chair (by 2026-11-15).")
      })
    let reviews = events.compactMap { if case .review(let review) = $0 { review } else { nil } }
    #expect(reviews.count == 1)
    #expect(reviews.first?.status == .done)
    #expect(reviews.first?.outcome == "we met and agreed a timetable")
    #expect(
      coachLines(events, kind: .notice).contains {
        $0.hasPrefix("Please start with done, changed or dropped")
      })
    #expect(conversation.prompt?.question.id == "values-core")
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
      pack, [.text("Fairness for every pupil."), .text("not sure"), .next, .summary],
      maxFollowUps: 1
    ).events
    #expect(coachLines(events, kind: .summary).last == "Values: fairness for every pupil.")
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
    #expect(Set(notices).count == 2, "never the same line twice")
    #expect(conversation.prompt?.question.id == "values-core", "the question is still open")
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
            name: "lessons", stage: "values", time: Date(timeIntervalSince1970: 1_795_000_000)))))
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
      vague: {markers: [ok], short_answer_words: 2, probes: [Say more?]}
      negative: {markers: [sad], acknowledgements: [That is hard.]}
      memory: {links: [Earlier (memory).]}
      reflections: {i: you}
      lessons: {markers: [learned], most: 3}
      """
    #expect(
      throws: PackError.invalid(
        file: "c.yaml", line: 7, column: 13,
        message: "reply uses (3) but the pattern '* i feel *' has 2 wildcards")
    ) { try CoachRulesLoader().load(yaml, file: "c.yaml") }
  }
}
