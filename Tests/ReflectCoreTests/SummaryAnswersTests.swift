import Foundation
import ReflectTestSupport
import Testing

@testable import ReflectCore

/// Summaries that answer the questions (#28, item 4).
///
/// Per stage the sentence that answers the stage's question, whole, never a non-answer; and
/// a correction to the summary replaces the sentence it corrects. Messy writing, as people
/// type it.
@Suite struct SummaryAnswersTests {
  let collaboration: Pack

  init() throws {
    collaboration = try PackLibrary().pack("collaboration")
  }

  /// A made-up sentence model: one dimension per topic, counting the topic's phrases in the
  /// text (a text with none has only the last dimension), as a unit vector.
  struct TopicModel: SentenceEmbedder {
    var topics: [[String]]
    var modelID: String { "topics-test" }
    func embed(_ texts: [String]) -> [[Float]] {
      texts.map { text in
        let lower = text.lowercased()
        var vector = topics.map { topic in
          Float(topic.filter { lower.contains($0) }.count)
        }
        vector.append(vector.allSatisfy { $0 == 0 } ? 1 : 0)
        let length = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return vector.map { $0 / length }
      }
    }
  }

  /// Runs `inputs` (each with how it was heard, if given) through a coached conversation.
  func run(
    _ pack: Pack, _ inputs: [(PersonInput, ReplyReading?)],
    embedder: (any SentenceEmbedder)? = nil, revision: Int = Summariser.revision,
    followUps: Int = 0
  ) throws -> (events: [TranscriptEvent], conversation: Conversation) {
    let time = Date(timeIntervalSince1970: 1_795_000_000)
    var conversation = Conversation(
      pack: pack, rules: try CoachRules.builtIn(),
      settings: .init(seed: 7, maxFollowUps: followUps), embedder: embedder)
    conversation.summaryRevision = revision
    let start = SessionStart(
      id: "20261207-031500-abcd", pack: pack.id, packTitle: pack.title,
      stages: pack.stages.map(\.id), seed: 7, version: "t", time: time, maxFollowUps: followUps)
    var events: [TranscriptEvent] = [.start(start)] + conversation.begin(at: time).events
    for (input, heard) in inputs {
      events += conversation.respond(to: input, at: time, heard: heard).events
    }
    return (events, conversation)
  }

  func run(
    _ pack: Pack, _ inputs: [PersonInput], embedder: (any SentenceEmbedder)? = nil,
    revision: Int = Summariser.revision, followUps: Int = 0
  ) throws -> (events: [TranscriptEvent], conversation: Conversation) {
    try run(
      pack, inputs.map { ($0, nil) }, embedder: embedder, revision: revision,
      followUps: followUps)
  }

  /// As ``run(_:_:embedder:revision:followUps:)`` with summaries of revision 3, as stored
  /// sessions of its day are rerun (what these tests pin down still holds for them).
  func run3(
    _ pack: Pack, _ inputs: [(PersonInput, ReplyReading?)],
    embedder: (any SentenceEmbedder)? = nil
  ) throws -> (events: [TranscriptEvent], conversation: Conversation) {
    try run(pack, inputs, embedder: embedder, revision: 3)
  }

  func run3(
    _ pack: Pack, _ inputs: [PersonInput], embedder: (any SentenceEmbedder)? = nil
  ) throws -> (events: [TranscriptEvent], conversation: Conversation) {
    try run(pack, inputs, embedder: embedder, revision: 3)
  }

  /// The stage lines of every summary (not its opening and closing lines).
  func recap(_ events: [TranscriptEvent]) -> [String] {
    coachLines(events, kind: .summary).filter {
      !$0.hasPrefix("Let me check") && !$0.hasPrefix("Did I get") && $0.contains(":")
    }
  }

  /// Every line reads cleanly, and a rerun of the session gives the same lines.
  func expectCleanAndExact(
    _ events: [TranscriptEvent], _ pack: Pack, embedder: (any SentenceEmbedder)? = nil
  ) throws {
    for line in coachLines(events) {
      #expect(LineLint.problem(in: line) == nil, "broken: \(line)")
    }
    let rerun = Rerun.replay(
      Transcript(path: "x", events: events), pack: pack, rules: try CoachRules.builtIn(),
      embedder: embedder)
    #expect(rerun.coach.map(\.text) == coachLines(events))
  }

  static let digression =
    "ok so this is a long one. i was at the council for six years before the merger and"
    + " honestly the car park situation was a nightmare the whole time, nobody could ever find"
    + " a space. trust was missing between the two finance teams, they never shared the"
    + " numbers. its better now i think"

  @Test func theStageIsSummarisedByWhatAnswersItsQuestionNotTheDigression() throws {
    let pack = try collaboration.restricted(to: ["trust"])
    let (events, _) = try run(pack, [.text(Self.digression), .summary])
    #expect(
      recap(events) == [
        "Trust: it was missing between the two finance teams, they never shared the numbers."
      ], "\(recap(events))")
    try expectCleanAndExact(events, pack)
  }

  static let long = [
    "For me, and i think for most of the heads here in the county and through the network we",
    "built up over the years, the thing that really counts is collaboration between the",
    "schools rather than competition for pupils. we kept all three village schools open",
    "through two rounds of cuts; nobody on the board believed we could, and the parents",
    "still talk about it at the gate every single term",
  ].joined(separator: " ")

  @Test func aLongSentenceIsNeverCutToAClauseFromItsMiddle() throws {
    let pack = try collaboration.restricted(to: ["values"])
    let (events, _) = try run3(
      pack,
      [
        .text(Self.long),
        .summary,
      ])
    let lines = recap(events)
    // The first sentence has no point where a clause ends in time: left out, never begun
    // in its middle ("Values: you think for most of the heads…").
    #expect(
      lines == [
        "Values: in your words, “we kept all three village schools open through two rounds"
          + " of cuts; nobody on the board believed we could…”"
      ], "\(lines)")
    try expectCleanAndExact(events, pack)
  }

  @Test func questionsToTheCoachAndNonAnswersInsideAnAnswerAreLeftOut() throws {
    let pack = try collaboration.restricted(to: ["purpose"])
    // Heard as an answer as a whole (as an older reading had it), but two of its sentences
    // are not answers.
    let (events, _) = try run3(
      pack,
      [
        (
          .text(
            "waiting times mostly. why does that matter. dunno. the families stopped giving up"
              + " on the service once we cut the waits by a third"), ReplyReading(kind: .answer)
        ),
        (.summary, nil),
      ])
    // The question (its "?" left off) and the "dunno" between the two answers are left
    // out; since revision 3 so is "waiting times mostly", a fragment beside a sentence.
    let lines = recap(events)
    #expect(
      lines == [
        "Purpose: the families stopped giving up on the service once you cut the waits by a"
          + " third."
      ], "\(lines)")
    try expectCleanAndExact(events, pack)
  }

  @Test func whatThePersonWouldNotTalkAboutIsNeverSummarised() throws {
    let pack = try collaboration.restricted(to: ["values"])
    let (events, _) = try run(
      pack,
      [
        .text("i'd rather not get into the Harefield merger, still raw"),
        .text(
          "Fairness to the staff was the line we held. The Harefield merger made all of it"
            + " harder than it needed to be."), .summary,
      ])
    let lines = recap(events)
    #expect(!lines.isEmpty)
    #expect(!lines.contains { $0.contains("Harefield") }, "\(lines)")
    try expectCleanAndExact(events, pack)
  }

  /// "Which values…in this work?": the detail shares "work" with the question, the point
  /// shares no word with it; the model hears which answers.
  static let values = [
    "The work itself was mostly spreadsheets and a lot of driving between sites.",
    "Honesty with families and fairness for the staff were the things i would not let go of.",
  ].joined(separator: " ")

  static let valuesLine =
    "Values: honesty with families and fairness for the staff were the things you would not"
    + " let go of."

  @Test func withAModelTheSentenceNearestTheQuestionInMeaningIsChosen() throws {
    let pack = try collaboration.restricted(to: ["values"])
    let model = TopicModel(topics: [
      ["values", "honesty", "fairness", "let go"], ["spreadsheets", "driving"],
    ])
    let (events, _) = try run3(pack, [.text(Self.values), .summary], embedder: model)
    #expect(recap(events) == [Self.valuesLine], "\(recap(events))")
    let opening = events.compactMap { event -> CoachMessage? in
      if case .coach(let message) = event, message.kind == .summary { message } else { nil }
    }.first
    #expect(opening?.summariser == "answers r3 topics-test")
    try expectCleanAndExact(events, pack, embedder: model)
    // Words alone cannot tell: both sentences, the point among them.
    let (words, _) = try run3(pack, [.text(Self.values), .summary])
    #expect(recap(words).first?.contains("Honesty with families") == true, "\(recap(words))")
    let wordsOpening = words.compactMap { event -> CoachMessage? in
      if case .coach(let message) = event, message.kind == .summary { message } else { nil }
    }.first
    #expect(wordsOpening?.summariser == "answers r3 words-only")
  }

  @Test(.enabled(if: RealModel.isInstalled, "the model is not installed: make setup"))
  func withTheRealModelTheAnswerNotTheDetailIsChosen() throws {
    let model = try #require(EncoderEmbedder.build())
    let values = try collaboration.restricted(to: ["values"])
    let (events, _) = try run3(values, [.text(Self.values), .summary], embedder: model)
    #expect(recap(events) == [Self.valuesLine], "\(recap(events))")
    let trust = try collaboration.restricted(to: ["trust"])
    let (digressed, _) = try run3(trust, [.text(Self.digression), .summary], embedder: model)
    #expect(
      recap(digressed) == [
        "Trust: trust was missing between the two finance teams, they never shared the numbers."
      ], "\(recap(digressed))")
    try expectCleanAndExact(digressed, trust, embedder: model)
  }

  static let skipped =
    "We held firm on fairness for every pupil. Skipping the safeguarding training was an"
    + " option we took when time was short."

  @Test func aCorrectionToTheSummaryReplacesTheSentenceItCorrects() throws {
    let pack = try collaboration.restricted(to: ["values", "lessons"])
    let (events, conversation) = try run3(
      pack,
      [
        .text(Self.skipped), .next, .next,
        .text("no — skipping the training was never an option, we only delayed it by a week"),
        .summary,
      ])
    let acknowledged = coachLines(events, kind: .acknowledgement)
    #expect(
      acknowledged.contains(
        "Thanks — I've changed that to: skipping the training was never an option, you only"
          + " delayed it by a week."), "\(acknowledged)")
    #expect(!acknowledged.contains { $0.contains("added") })
    let lines = recap(events)
    #expect(
      lines.last
        == "Values: you held firm on fairness for every pupil. Skipping the training was never"
        + " an option, you only delayed it by a week.", "\(lines)")
    #expect(!conversation.heard.contains { $0.text.contains("an option we took") })
    // The candidates are found in what was corrected.
    #expect(!coachLines(events, kind: .proposal).contains { $0.contains("option we took") })
    try expectCleanAndExact(events, pack)
  }

  /// Seen by the blind judge: "Thanks — I've changed that to: the lease is a contract, you
  /// told me that. and ron didnt start it on his own."
  @Test func aCorrectionOfTwoSentencesOrToTheCoachIsQuotedAsTyped() throws {
    let pack = try collaboration.restricted(to: ["values", "lessons"])
    let (events, _) = try run(
      pack,
      [
        .text("Fairness for every pupil came first. Skipping the training was an option we took."),
        .next, .next,
        .text(
          "no, skipping the training was never an option, i told you that. and we only delayed it"),
      ])
    let acknowledged = coachLines(events, kind: .acknowledgement)
    #expect(!acknowledged.contains { $0.contains("you told me") }, "\(acknowledged)")
    #expect(
      acknowledged.contains { $0.hasPrefix("Thanks — I've changed that to your words: “") },
      "\(acknowledged)")
    try expectCleanAndExact(events, pack)
  }

  @Test func whatIMeantCorrectsTheNearestSentenceByMeaning() throws {
    let pack = try collaboration.restricted(to: ["values", "lessons"])
    let model = TopicModel(topics: [
      ["merger", "pushed", "board", "values"], ["pupil", "fairness", "values"],
    ])
    let (events, conversation) = try run(
      pack,
      [
        .text("Fairness for every pupil came first. I pushed the merger through in the spring."),
        .next, .next,
        .text("that's not what I meant, it was the board that pushed it, i argued against it"),
      ], embedder: model)
    let acknowledged = coachLines(events, kind: .acknowledgement)
    #expect(
      acknowledged.contains(
        "Thanks — I've changed that to: it was the board that pushed it, you argued against it."
      ), "\(acknowledged)")
    #expect(
      conversation.heard.first?.text
        == "Fairness for every pupil came first. It was the board that pushed it, i argued"
        + " against it.")
    try expectCleanAndExact(events, pack, embedder: model)
  }

  @Test func somethingMissedIsAddedNotMadeToReplaceASentence() throws {
    let pack = try collaboration.restricted(to: ["values", "lessons"])
    let (events, conversation) = try run3(
      pack,
      [
        .text(Self.skipped), .next, .next,
        .text("You missed that honesty with parents matters as much"),
      ])
    // What was added is said back, without "You missed that".
    #expect(
      coachLines(events, kind: .acknowledgement).contains(
        "Thank you; I have added “honesty with parents matters as much.”"),
      "\(coachLines(events, kind: .acknowledgement))")
    #expect(conversation.heard.first?.text == Self.skipped)
    #expect(conversation.heard.last?.text == "You missed that honesty with parents matters as much")
  }

  /// "mostly, but you missed access which was the main value…" got "Thank you; I have added
  /// that.", which says nothing of what was taken in; and the main point lost to an aside.
  @Test func theMainPointIsGivenBackAndWhatWasMissedIsSaidBack() throws {
    let pack = try collaboration.restricted(to: ["values", "lessons"])
    let answer =
      "honestly the big one for me was access, the idea that a kid from the estates should get"
      + " the same handling session as the prep school lot who come in by coach every term. the"
      + " other thing was curiosity, i wanted the sessions led by the childrens questions."
    let (events, _) = try run3(
      pack,
      [
        .text(answer), .text("No, i wouldnt say so."), .text("the small classes."),
        .text(
          "mostly, but you missed that the parents were the ones who kept it going, they ran"
            + " the minibus every week and nobody thanked them for it"),
      ])
    let lines = recap(events)
    #expect(lines.first?.contains("the big one for me was access") == true, "\(lines)")
    #expect(lines.first?.contains("curiosity") == false, "\(lines)")
    #expect(lines.first?.contains("No,") == false, "\(lines)")
    #expect(
      coachLines(events, kind: .acknowledgement).contains(
        "Thank you; I have added “the parents were the ones who kept it going, they ran the"
          + " minibus every week and nobody thanked them for it.”"),
      "\(coachLines(events, kind: .acknowledgement))")
    try expectCleanAndExact(events, pack)
  }

  /// Revision 3: a fragment is never given beside a sentence, nor twice.
  ///
  /// A verbless phrase is never given beside a sentence, nor when the line already has its
  /// words (seen: "Values: keeping it open to people who arent paid to be there, the
  /// weekend contributors. The weekend contributors.").
  @Test func aFragmentIsNeverGivenBesideASentenceNorAgain() throws {
    let pack = try collaboration.restricted(to: ["values"])
    let (events, _) = try run3(
      pack,
      [
        .text(
          "ok. not letting the club turn into a buisness. and keeping it free for the kids whose"
            + " parents cant pay, the saturday lot"), .next,
        .text("the saturday lot."), .summary,
      ])
    let lines = recap(events)
    #expect(lines.count == 1, "\(lines)")
    #expect(lines.first?.components(separatedBy: "saturday lot").count == 2, "\(lines)")
    #expect(lines.first?.contains("The saturday lot.") == false, "\(lines)")
    try expectCleanAndExact(events, pack)
  }

  /// Revision 3: "and no," opens a reply as much as "No," does; what follows keeps its
  /// meaning ("they shared the words, not the values").
  @Test func aYesOrNoAfterAndIsNotGivenBack() throws {
    let pack = try collaboration.restricted(to: ["partners"])
    let (events, _) = try run3(
      pack,
      [
        .text("the rotary club, they came to us after the flood in 2019"),
        .text(
          "and no, they borrowed our slogan for there own leaflets while cutting what they gave"
            + " us"), .summary,
      ])
    let lines = recap(events)
    #expect(
      lines.first?.contains(
        "They borrowed your slogan for there own leaflets while cutting what they gave you")
        == true,
      "\(lines)")
    #expect(lines.first?.lowercased().contains("no,") == false, "\(lines)")
    #expect(
      Summariser.withoutReplyOpener("but yes, we kept the hall open all winter", revision: 3)
        == "we kept the hall open all winter")
    #expect(
      Summariser.withoutReplyOpener("but yes, we kept the hall open all winter", revision: 2)
        == "but yes, we kept the hall open all winter")
    try expectCleanAndExact(events, pack)
  }

  /// Revision 3: a sentence aimed at the coach ("you said they shared our values", "i told
  /// you that") is never given back; the answer to the stage's first question leads.
  @Test func aSentenceToTheCoachIsNeverSummarisedAndTheFirstAnswerLeads() throws {
    let partners = try collaboration.restricted(to: ["partners"])
    let (events, _) = try run3(
      partners,
      [
        .text("the parish council and the scouts"),
        .text(
          "you said they shared our core values. they only shared the words, the money came with"
            + " strings"), .summary,
      ])
    let lines = recap(events)
    #expect(
      lines == [
        "Partners: the parish council and the scouts. They only shared the words, the money came"
          + " with strings."
      ], "\(lines)")
    try expectCleanAndExact(events, partners)
    let purpose = try collaboration.restricted(to: ["purpose"])
    let (answered, _) = try run3(
      purpose,
      [
        .text("it was for keeping the food bank open on saturdays when nobody else would"),
        .text(
          "you said its a charity thing really. familys from the estate who dont drive would"
            + " notice the shelves were full"),
        .text("the rota and the van. you asked me about the van before"), .summary,
      ])
    let given = recap(answered)
    #expect(
      given.first?.hasPrefix("Purpose: it was for keeping the food bank open on saturdays") == true,
      "\(given)")
    #expect(!given.contains { $0.contains("charity thing") || $0.contains("asked") }, "\(given)")
    try expectCleanAndExact(answered, purpose)
  }

  /// Revision 3: a correction naming a stage reaches what the lessons are found in (the
  /// stage's sentence it corrects is replaced), and a repeat taken out is still heard.
  @Test func aCorrectionNamingAStageReachesTheCandidates() throws {
    let pack = try collaboration.restricted(to: ["values", "purpose", "lessons"])
    let (events, conversation) = try run3(
      pack,
      [
        .text("being honest with the tennants matters most to me"), .next,
        .text("i wouldnt trade being honest with the tennants for a quicker sign off"),
        .text("it was for getting the damp flats fixed before winter"), .next, .next,
        .text(
          "nope, the purpose bit should say keeping people warm, like i said. you wrote being"
            + " honest with the tennants twice"),
      ])
    #expect(
      coachLines(events, kind: .acknowledgement).contains(
        "Thanks — Purpose now reads: “Keeping people warm.” I've also taken out the repeated"
          + " “being honest with the tennants”."), "\(coachLines(events, kind: .acknowledgement))")
    let answers = conversation.heard.filter { $0.question != "summary-check" }.map(\.text)
    #expect(answers.contains("Keeping people warm."), "\(answers)")
    #expect(!answers.contains { $0.contains("damp flats") }, "\(answers)")
    #expect(answers.contains { $0.hasPrefix("i wouldnt trade") }, "\(answers)")
    try expectCleanAndExact(events, pack)
  }

  @Test func aSessionSummarisedTheOldWayIsRerunTheOldWay() throws {
    // A session held before summaries answered the questions (an example as it was
    // stored then): its summaries (and corrections) come back exactly as they were said.
    let folder = TestSupport.packageRoot.appendingPathComponent("Tests/Fixtures/Legacy").path
    let names = try FileManager.default.contentsOfDirectory(atPath: folder)
      .filter { $0.hasSuffix(".jsonl") }
    #expect(!names.isEmpty)
    for name in names {
      let transcript = try TranscriptReader().read(path: folder + "/" + name)
      let pack = try PackLibrary().pack(try #require(transcript.start?.pack))
      func summaries(_ lines: [CoachMessage]) -> [String] {
        lines.filter { $0.kind == .summary || $0.kind == .acknowledgement }.map(\.text)
      }
      let stored = transcript.events.compactMap { event -> CoachMessage? in
        if case .coach(let message) = event { message } else { nil }
      }
      #expect(stored.contains { $0.kind == .summary && $0.summariser == nil })
      let rerun = Rerun.replay(transcript, pack: pack, rules: try CoachRules.builtIn())
      #expect(summaries(rerun.coach) == summaries(stored), "\(name)")
    }
  }

  // MARK: - Revision 4: one short line per stage that carries its point

  /// The coach's lines from the summary's opening to the end of the check.
  func checkLines(_ events: [TranscriptEvent]) -> [String] {
    coachLines(events).drop { !$0.hasPrefix("Let me check") }.prefix(while: { _ in true })
      .map { $0 }
  }

  /// Terse answers: the answer to the stage's first question carries the point, hedges go,
  /// fragments are joined into one line, and a bare "me" never appears (seen: "Values, in
  /// your words: we went anyway."; "Purpose, in your words: people using it; locals; the
  /// risk assessment.").
  @Test func terseAnswersAreJoinedIntoOneLineThatCarriesThePoint() throws {
    let pack = try collaboration.restricted(to: ["values", "purpose"])
    let shrug = ReplyReading(kind: .nonAnswer)
    let (events, _) = try run(
      pack,
      [
        (.text("dunno. keeping the allotments going i guess"), shrug),
        (.text("not wasting the volunteers weekends"), nil),
        (.text("the shed"), nil),
        (.text("when the landlord put the rent up. we stayed anyway"), nil),
        (.text("digging the beds over. less weeds"), nil),
        (.text("tidy plots. people growing stuff"), nil),
        (.text("pensioners. the school. less waste"), nil),
        (.text("me"), nil),
        (.text("turning up. tools. the insurance"), nil),
        (.summary, nil),
      ], followUps: 1)
    let lines = recap(events)
    #expect(
      lines == [
        "Values: keeping the allotments going and not wasting the volunteers weekends.",
        "Purpose: tidy plots and people growing stuff.",
      ], "\(lines)")
    #expect(!lines.joined().lowercased().contains("dunno"), "\(lines)")
    try expectCleanAndExact(events, pack)
  }

  /// A feeling said at the values question is not the values' point; a later piece keeps no
  /// capital of its own ("and Honesty"); a short first sentence that only names the partners
  /// is given as it stands, every one of them ("the diocese" first); two short trust
  /// sentences join without a capital mid-line ("and None").
  @Test func feelingsNamesAndJoinedSentencesReadAsACoachWouldSayThem() throws {
    let pack = try collaboration.restricted(to: ["values", "partners", "trust"])
    let (events, _) = try run(
      pack,
      [
        (
          .text(
            "I feel the board never hears a word i say. Kindness, and being straight with the families."
          ), nil
        ),
        (.text("when they cut the hours. i said no"), nil),
        (.text("Being there on mondays."), nil),
        (
          .text(
            "The parish council, the food hub and the trust that runs the community centre. "
              + "it wasnt a choice really, the grant made us partner up when the old scheme ended."),
          nil
        ),
        (.text("Sort of. they talk about dignity more than they act on it"), nil),
        (.text("The grant terms are hard-wired. the rest runs on tea"), nil),
        (.text("There is trust between the volunteers. None with the hub's new manager."), nil),
        (.text("Turning up. Losing the rota spent it"), nil),
        (.text("months. id ask for a named contact sooner"), nil),
        (.summary, nil),
      ], followUps: 0)
    let lines = recap(events)
    #expect(
      lines == [
        "Values: kindness, and being straight with the families.",
        "Partners: the parish council, the food hub and the trust that runs the community centre.",
        // Since revision 8, with "but" between the side that denies and the one that does not.
        "Trust: there is trust between the volunteers, but none with the hub's new manager.",
      ], "\(lines)")
    try expectCleanAndExact(events, pack)
  }

  /// A party named again by its head word alone is named once ("the college" after
  /// "Brightwell College"); two councils stay two.
  @Test func aPartyNamedAgainByItsHeadWordIsNamedOnce() {
    let said =
      "Haven Lane Trust, Ormsby College mostly, the college came in later. the county"
      + " council and the parish council both had a say, and the council were slow"
    let parties = Summariser.partiesNamed(
      in: said, names: ["Haven", "Lane", "Trust", "Ormsby", "College"])
    #expect(
      parties == [
        "Haven Lane Trust", "Ormsby College", "the county council", "the parish council",
      ],
      "\(parties)")
  }

  /// Long answers: one short line per stage, in the second person, never a long quote cut
  /// mid-list; every partner named, and a name that starts the line keeps its capital (seen:
  /// "eastbrook Community Trust you knew already").
  static let respect =
    "honestly the main thing for me was respect, people not being made to feel thick because"
    + " they cant work a phone, and the other thing was choice about there own data which gets"
    + " forgotten"
  static let spreadsheet =
    "the one i remember is in may when Harbour Adult Learning wanted every learner on a"
    + " spreadsheet, names, addresses, benefits, the lot, and we said no"
  static let threePartners =
    "Harbour Adult Learning we knew already, they run the evening classes, then the library"
    + " service came in because they had rooms, and Kit Swap Dorset lent us tablets after i"
    + " cold emailed them"

  @Test func longAnswersGiveOneShortLineAndEveryPartnerNamed() throws {
    let pack = try collaboration.restricted(to: ["values", "partners"])
    let inputs: [PersonInput] = [
      .text(Self.respect), .text(Self.spreadsheet), .next, .text(Self.threePartners), .summary,
    ]
    let (events, _) = try run(pack, inputs)
    let lines = recap(events)
    #expect(
      lines == [
        "Values: the main thing for you was respect.",
        "Partners: Harbour Adult Learning, the library service and Kit Swap Dorset.",
      ], "\(lines)")
    try expectCleanAndExact(events, pack)
    let (started, _) = try run(
      pack,
      [.next, .next, .next, .text("Harbour Adult Learning we had known for years"), .summary])
    #expect(
      recap(started) == ["Partners: Harbour Adult Learning you had known for years."],
      "\(recap(started))")
    // "for you was" is a preposition's object, not "you was".
    #expect(LineLint.problem(in: "Values: the main thing for you was respect.") == nil)
    #expect(LineLint.problem(in: "Values: you was there for the kids.") != nil)
  }

  /// Sarcasm and a sentence that only points back are never given as the point.
  @Test func sarcasmAndPointingBackAreNeverSummarised() throws {
    let pack = try collaboration.restricted(to: ["partners", "purpose"])
    let (events, _) = try run(
      pack,
      [
        .text("it was for getting the food parcels out before christmas"),
        .text("thats what it was for"), .next,
        .text("the parish council and the scouts"),
        .text("oh yeah, loads of shared values, not"), .next, .summary,
      ])
    let lines = recap(events)
    #expect(
      lines == [
        "Purpose: it was for getting the food parcels out before christmas.",
        "Partners: the parish council and the scouts.",
      ], "\(lines)")
    #expect(Summariser.isSarcastic("oh yes, loads of shared values, not"))
    #expect(!Summariser.isSarcastic("we shared the values, not just the words, with the club"))
    #expect(Summariser.pointsBack("thats what it was for"))
    #expect(!Summariser.pointsBack("thats why the rota mattered"))
    try expectCleanAndExact(events, pack)
  }

  /// A correction that names stages is applied to each, and said back cleanly, never
  /// quoting the complaint (seen: "Thank you; I have added “you have left out Byte Back
  /// Norfolk completely in the partners bit…”").
  @Test func aCorrectionNamingStagesIsAppliedToEachAndSaidBackCleanly() throws {
    let pack = try collaboration.restricted(to: ["partners", "trust", "lessons"])
    let (events, conversation) = try run(
      pack,
      [
        .text("the borough and the rowing club, they came to us after the floods"), .next, .next,
        .text("with the rowing club. not with the borough parks lot"), .next, .next,
        .text(
          "mostly, but youve left out Riverside Tools Bank totally in the partners bit, and"
            + " they were the ones who kept us going. and the trust bit sounds grimmer than it"
            + " was, me and Tomasz were fine"),
      ])
    let said = coachLines(events, kind: .acknowledgement)
    #expect(
      said.last
        == "Thanks — I've added Riverside Tools Bank to the partners, and that you and Tomasz"
        + " were fine.", "\(said)")
    let partners = conversation.heard.filter { $0.stage == "partners" }.map(\.text)
    #expect(partners.contains("Riverside Tools Bank."), "\(partners)")
    #expect(
      partners.contains("Riverside Tools Bank were the ones who kept us going."), "\(partners)")
    #expect(
      conversation.heard.contains { $0.stage == "trust" && $0.text == "Me and Tomasz were fine." })
    try expectCleanAndExact(events, pack)
  }

  /// Corrections that say what a stage is, not only where it is wrong.
  ///
  /// "mostly right but the purpose isn't X … the real purpose was Y", "the main value was Y",
  /// "purpose wrong. Y": the stage is changed to Y, never "added" and never the denial.
  @Test(arguments: [
    "mostly right but the purpose isnt the funding bit, thats just what the bid said. the real"
      + " purpose was giving the lads somewhere to be on a thursday",
    "purpose wrong. giving the lads somewhere to be on a thursday",
    "the real purpose was giving the lads somewhere to be on a thursday",
  ])
  func aCorrectionSayingWhatAStageIsChangesIt(reply: String) throws {
    let pack = try collaboration.restricted(to: ["purpose", "lessons"])
    let (events, conversation) = try run(
      pack,
      [
        .text("on paper it was the employability outcomes in the funding bid"), .next, .next,
        .text(reply),
      ])
    let said = coachLines(events, kind: .acknowledgement)
    let last = said.last ?? ""
    #expect(
      last.hasPrefix("Thanks — I've changed purpose to")
        && last.hasSuffix("giving the lads somewhere to be on a thursday."), "\(said)")
    #expect(!said.joined().contains("added"), "\(said)")
    #expect(
      conversation.heard.contains {
        $0.stage == "purpose" && $0.text.contains("somewhere to be on a thursday")
      })
    try expectCleanAndExact(events, pack)
  }

  /// Other shapes of a correction: something missed with no stage named, and a stage named
  /// before what it should say.
  @Test func whatWasMissedAndWhatAStageShouldSayAreSaidBack() throws {
    let pack = try collaboration.restricted(to: ["partners", "trust", "lessons"])
    let answers: [PersonInput] = [
      .text("the school and the youth club"), .next, .next,
      .text("trust was missing with the school, they never rang back"), .next, .next,
    ]
    let (missed, _) = try run(pack, answers + [.text("you missed the funders")])
    #expect(
      coachLines(missed, kind: .acknowledgement).last == "Thanks — I've added the funders.",
      "\(coachLines(missed, kind: .acknowledgement))")
    try expectCleanAndExact(missed, pack)
    // "you missed the point" says nothing of what: asked what, and the next line is heard.
    let (vague, _) = try run(
      pack, answers + [.text("you missed the point a bit tbh"), .text("the youth club's van")])
    #expect(
      coachLines(vague, kind: .acknowledgement) == [
        "Sorry about that. What did I miss? Say it in a line and I'll put it in.",
        "Thank you; I have added “the youth club's van.”",
      ], "\(coachLines(vague, kind: .acknowledgement))")
    try expectCleanAndExact(vague, pack)
    let (instead, conversation) = try run(
      pack, answers + [.text("also the trust bit, it was the council not the school")])
    #expect(
      coachLines(instead, kind: .acknowledgement).last
        == "Thanks — I've changed trust to say it was the council, not the school.",
      "\(coachLines(instead, kind: .acknowledgement))")
    #expect(
      conversation.heard.contains {
        $0.stage == "trust" && $0.wholeLine && $0.text == "It was the council not the school."
      })
    #expect(
      conversation.summaryLines().contains("Trust: it was the council, not the school."),
      "\(conversation.summaryLines())")
    try expectCleanAndExact(instead, pack)
  }

  /// "On paper the work was…": a first sentence that frames what follows (revision 5).
  static let framedValues =
    "On paper the work was mostly spreadsheets and a lot of driving between sites. "
    + values
    .split(separator: ".").dropFirst().joined(separator: ".").trimmingCharacters(in: .whitespaces)

  /// Revision 5 with a sentence model: of a long answer whose first sentence frames, the
  /// sentence nearest the question in meaning carries the point; without one, the words
  /// decide (and the line is still whole).
  @Test func withAModelTheSentenceNearestTheQuestionCarriesThePoint() throws {
    let pack = try collaboration.restricted(to: ["values"])
    let model = TopicModel(topics: [
      ["values", "honesty", "fairness", "let go"], ["spreadsheets", "driving"],
    ])
    let (events, _) = try run(pack, [.text(Self.framedValues), .summary], embedder: model)
    #expect(recap(events) == [Self.valuesLine], "\(recap(events))")
    let opening = events.compactMap { event -> CoachMessage? in
      if case .coach(let message) = event, message.kind == .summary { message } else { nil }
    }.first
    #expect(opening?.summariser == "answers r8 topics-test")
    try expectCleanAndExact(events, pack, embedder: model)
    let (words, _) = try run(pack, [.text(Self.framedValues), .summary])
    // Words only: the question's note ("being fair with people…") names what it wants.
    #expect(recap(words) == [Self.valuesLine], "\(recap(words))")
    try expectCleanAndExact(words, pack)
  }

  @Test(.enabled(if: RealModel.isInstalled, "the model is not installed: make setup"))
  func withTheRealModelALongAnswerGivesItsPoint() throws {
    let model = try #require(EncoderEmbedder.build())
    let pack = try collaboration.restricted(to: ["values", "partners"])
    let (events, _) = try run(
      pack, [.text(Self.framedValues), .next, .next, .text(Self.threePartners), .summary],
      embedder: model)
    #expect(
      recap(events) == [
        Self.valuesLine,
        "Partners: Harbour Adult Learning, the library service and Kit Swap Dorset.",
      ], "\(recap(events))")
    try expectCleanAndExact(events, pack, embedder: model)
  }

  /// "mine then." answers the coach's "whose values?", not the question: since revision 5
  /// it is not given back beside the values named ("Values: yours then and fairness.").
  @Test func aReplyToTheCoachIsNoPointOfTheLine() throws {
    let pack = try collaboration.restricted(to: ["values"])
    let answer = "mine then. fairness, and that no kid is somebody elses problem"
    let (events, _) = try run(pack, [.text(answer), .summary])
    #expect(!recap(events).contains { $0.contains("yours then") }, "\(recap(events))")
    #expect(recap(events).first?.contains("fairness") == true, "\(recap(events))")
    let (old, _) = try run(pack, [.text(answer), .summary], revision: 4)
    #expect(recap(old).first?.contains("yours then") == true, "\(recap(old))")
  }

  /// Both halves of a short answer ("with ron yes", then who did not trust), revision 6.
  @Test func aShortAnswersOtherHalfIsSaidToo() throws {
    let pack = try collaboration.restricted(to: ["trust"])
    let answer = "with ron yes. head teacher didnt trust the old blokes at first"
    let (events, _) = try run(pack, [.text(answer), .summary])
    #expect(
      recap(events) == ["Trust: with ron. Head teacher didn't trust the old blokes at first."],
      "\(recap(events))")
    try expectCleanAndExact(events, pack)
    let (old, _) = try run(pack, [.text(answer), .summary], revision: 5)
    #expect(recap(old) == ["Trust: with ron."], "\(recap(old))")
  }

  /// Talk about the session is no point (revision 7): "we did all this last week", "too
  /// tired to do values", "same as last time really", and "anyway yes," opens a recap.
  @Test(arguments: [
    (
      "we did all this last week. what matters now is finding somewhere so tom has somewhere "
        + "to go",
      "Values: what matters now is finding somewhere so tom has somewhere to go.",
      "Values: you did all this last week."
    ),
    (
      "Honestly I'm too tired to do values. Fine. Independence for our lot, and respect.",
      "Values: independence for your lot, and respect.",
      "Values: you're too tired to do values and independence for your lot, and respect."
    ),
    (
      "same as last time really, with not at. although next year i want the patients to "
        + "have more say in what gets made",
      "Values: next year you want the patients to have more say in what gets made.",
      "Values: same as last time really, with not at."
    ),
  ])
  func talkAboutTheSessionIsNoPoint(answer: String, now: String, before: String) throws {
    let pack = try collaboration.restricted(to: ["values"])
    let (events, _) = try run(pack, [.text(answer), .summary])
    #expect(recap(events) == [now], "\(recap(events))")
    try expectCleanAndExact(events, pack)
    let (old, _) = try run(pack, [.text(answer), .summary], revision: 6)
    #expect(recap(old) == [before], "\(recap(old))")
  }

  /// "Between me and Sue, completely… Not once in a year." keeps its own half; only "not"
  /// with whom ("not with their manager") is the contrast (revision 7).
  @Test func onlyAContrastOfWhomIsJoinedWithNot() throws {
    let pack = try collaboration.restricted(to: ["trust"])
    let answer =
      "Between me and Sue, completely. Not once in a year. It was missing with the PCC from "
      + "the day Sue left, they never came to the cafe."
    let (events, _) = try run(pack, [.text(answer), .summary])
    #expect(recap(events) == ["Trust: between you and Sue, completely."], "\(recap(events))")
    try expectCleanAndExact(events, pack)
    let (old, _) = try run(pack, [.text(answer), .summary], revision: 6)
    #expect(
      recap(old) == ["Trust: between you and Sue, completely, Not once in a year."], "\(recap(old))"
    )
    let (contrast, _) = try run(
      pack, [.text("with the engineers yes. not with their manager"), .summary])
    #expect(
      recap(contrast) == ["Trust: with the engineers, not with their manager."],
      "\(recap(contrast))")
  }

  /// A bare "county no" after "with the wardens yes" is the contrast (revision 5).
  ///
  /// "with the wardens yes. county no" reads "with the wardens, not with county".
  @Test func aBareNoAfterAPlaceIsItsContrast() throws {
    let pack = try collaboration.restricted(to: ["trust"])
    let (events, _) = try run(pack, [.text("with the wardens yes. county no"), .summary])
    #expect(recap(events) == ["Trust: with the wardens, not with county."], "\(recap(events))")
    try expectCleanAndExact(events, pack)
  }

  /// "Trust was there with the wardens…" is said "Trust: it was there…", and "the
  /// partnership" (the work itself) is no partner (revision 5).
  @Test func aStageNamedAgainAndThePartnershipItself() throws {
    let trust = try collaboration.restricted(to: ["trust"])
    let (events, _) = try run(
      trust,
      [
        .text(
          "Trust was there with the wardens from the first week, which surprised me a bit "
            + "because the council had warned us off them."), .summary,
      ])
    #expect(
      recap(events).first?.hasPrefix("Trust: it was there with the wardens") == true,
      "\(recap(events))")
    let partners = try collaboration.restricted(to: ["partners"])
    let (named, _) = try run(
      partners,
      [
        .text(
          "Fenwick Parish Council for the hall, Ridgeway Vets for the x-rays and the county "
            + "raptor group. looking back the partnership kind of assembled itself around the "
            + "money."), .summary,
      ])
    #expect(
      recap(named).first?.contains("partnership") == false, "\(recap(named))")
  }

  /// A long first answer with no clause end in time gives its point up to a conjunction
  /// (revision 5), not the next question's answer ("Purpose: the families in the flats.").
  @Test func aLongSentenceWithNoClauseEndIsCutAtItsConjunction() throws {
    let pack = try collaboration.restricted(to: ["purpose"])
    let (events, _) = try run(
      pack,
      [
        .text(
          "to get people who are sleeping rough or in hostels out of pain and back to having a "
            + "smile they are not ashamed of"),
        .text("the people who come to the van, mostly from the night shelter"), .summary,
      ])
    #expect(
      recap(events) == [
        "Purpose: to get people who are sleeping rough or in hostels out of pain."
      ], "\(recap(events))")
    try expectCleanAndExact(events, pack)
  }

  /// A correction applied to two stages names both when said back (revision 5), even when
  /// one cannot be said back cleanly in the coach's words.
  @Test func aCorrectionOfTwoStagesSaysBothWereChanged() throws {
    let pack = try collaboration.restricted(to: ["partners", "trust", "lessons"])
    let answers: [PersonInput] = [
      .text("the school and the youth club"), .next, .next,
      .text("trust was missing with the school, they never rang back"), .next, .next,
    ]
    let (events, _) = try run(
      pack,
      answers + [
        .text(
          "mostly. and the partners were the school, the youth club and the parish, i dont know "
            + "what the last bit is doing there. trust is more that i trust the people not the "
            + "organisations.")
      ])
    let said = coachLines(events, kind: .acknowledgement).last ?? ""
    #expect(said.contains("the partners") && said.contains("trust"), "\(said)")
    try expectCleanAndExact(events, pack)
  }

  /// A reply at the check that corrects several stages is applied to each (revision 7):
  /// "my values were…", a clause with no stage after one that named it, "the trust bit is
  /// the wrong way round" then what it should be, "that's not what I said about values …
  /// Mine was …", "wasn't the Bev bit, the point was …", and "you haven't said anything
  /// about Jean".
  @Test(arguments: [
    (
      "Independence. Respect. Tom's dignity.",
      "Between me and Sue, completely. It was missing with the PCC.",
      "No. My values were independence and respect for our members, and Tom's dignity. Not "
        + "'too tired'. And trust was fine with Sue and the customers and gone with the PCC.",
      "Thanks — I've changed values to say they were independence and respect for your "
        + "members, and trust to say it was fine with Sue and the customers and gone with the "
        + "PCC, and I've added Tom's dignity.",
      [
        "Values: independence and respect for your members. Tom's dignity.",
        "Trust: fine with Sue and the customers and gone with the PCC.",
      ]
    ),
    (
      "that people who come in out of the cold get treated like guests, not cases.",
      "between me and Anita, completely.",
      "No. The trust bit is the wrong way round. The story is that trust was missing, with "
        + "Marcus and with my own trustees. Anita left in the summer. And you haven't said "
        + "anything about Jean.",
      "Thanks — I've changed trust to: trust was missing, with Marcus and with your own "
        + "trustees, and I've added that Anita left in the summer, and Jean.",
      [
        "Values: that people who come in out of the cold get treated like guests, not cases.",
        "Trust: it was missing, with Marcus and with your own trustees. Anita left in the summer.",
      ]
    ),
    (
      "nobody on that estate should die in a fire.", "Between Bev and the residents, total.",
      "No, that's not what I said about values. Everyone thinks nobody should die in a fire. "
        + "Mine was going through people residents already trust instead of a uniform at the "
        + "door. And trust wasn't the Bev bit, the point was it was missing between residents "
        + "and us.",
      "Thanks — I've changed values to: going through people residents already trust instead "
        + "of a uniform at the door, and trust to say it was missing between residents and you.",
      [
        "Values: going through people residents already trust instead of a uniform at the door.",
        "Trust: it was missing between residents and you.",
      ]
    ),
  ])
  func aCheckCorrectingSeveralStagesIsAppliedToEach(
    values: String, trust: String, reply: String, said: String, after: [String]
  ) throws {
    let pack = try collaboration.restricted(to: ["values", "trust", "lessons"])
    let inputs: [PersonInput] = [
      .text(values), .next, .next, .text(trust), .next, .next, .text(reply), .summary,
    ]
    let (events, _) = try run(pack, inputs)
    #expect(coachLines(events, kind: .acknowledgement).last == said)
    #expect(Array(recap(events).suffix(2)) == after, "\(recap(events))")
    try expectCleanAndExact(events, pack)
    let (old, _) = try run(pack, inputs, revision: 6)
    #expect(coachLines(old, kind: .acknowledgement).last != said)
  }

  /// More shapes of a check reply (revision 7).
  ///
  /// "the purpose bit is backwards, …, the real point was …", "the values one is missing the … bit", "You've left Winston out. The
  /// whole thing is about Winston. And it's not that trust existed, it's that it was
  /// broken.", "'the end' isn't part of the purpose", and a half-agreement that is never
  /// quoted back.
  @Test(arguments: [
    (
      "sort of but the purpose bit is backwards, the curriculum was the excuse, the real point "
        + "was the kids feeling the river was theirs. and the values one is missing the being "
        + "taken seriously bit, the kids as real scientists, thats the main one honestly",
      "Thanks — I've changed purpose to: the kids feeling the river was theirs, and I've added "
        + "being taken seriously to the values."
    ),
    (
      "You've left Winston out. The whole thing is about Winston. And it's not that trust "
        + "existed, it's that it was broken.",
      "Thanks — I've changed trust to say it was broken, and I've added Winston, and that the "
        + "whole thing is about Winston."
    ),
    (
      "No, that's not what I said. Values wasn't 'I fixed laptops', it was keeping a promise "
        + "and data safety. And 'the end' isn't part of the purpose, I was being short with you.",
      "Thanks — I've changed values to: keeping a promise and data safety, and I've taken “the "
        + "end” out of the purpose."
    ),
    ("near enough. Bolton Road might be, that's all", "Thank you; I have added that."),
  ])
  func moreShapesOfACheckReply(reply: String, said: String) throws {
    let pack = try collaboration.restricted(to: ["values", "purpose", "trust", "lessons"])
    let inputs: [PersonInput] = [
      .text("honesty with the kids when results were bad. i fixed laptops"), .next, .next,
      .text("officially it was for the curriculum. the kids got laptops. the end."), .next, .next,
      .text("it existed with josh and among the residents"), .next, .next, .text(reply), .summary,
    ]
    let (events, _) = try run(pack, inputs)
    #expect(coachLines(events, kind: .acknowledgement).last == said)
    try expectCleanAndExact(events, pack)
    let (old, _) = try run(pack, inputs, revision: 6)
    #expect(coachLines(old, kind: .acknowledgement).last != said)
  }

  /// Revision 5: people answer first and explain after (in the train writers' long
  /// answers the point was the first sentence 76 times in 87), so the first sentence
  /// carries the point over a later aside that names the question's word.
  @Test(.enabled(if: RealModel.isInstalled, "the model is not installed: make setup"))
  func theFirstSentenceOfALongAnswerCarriesItsPoint() throws {
    let model = try #require(EncoderEmbedder.build())
    let pack = try collaboration.restricted(to: ["values"])
    let answer =
      "honestly the birds come first, every time, even when it makes us awkward to deal with. "
      + "we started as four of us and a pen behind Derek's allotment. i suppose the other value "
      + "is being honest with callers about what we can take, because folk ring at midnight."
    let (events, _) = try run(pack, [.text(answer), .summary], embedder: model)
    #expect(
      recap(events) == [
        "Values: the birds come first, every time, even when it makes you awkward to deal with."
      ], "\(recap(events))")
    try expectCleanAndExact(events, pack, embedder: model)
  }
}

extension SummaryAnswersTests {
  /// A check reply that puts two stages right in free wording changes each stage.
  ///
  /// Each is named after a comma or a pause ("the theft was the problem, the purpose was
  /// making bikes harder to sell on. and trust, the real issue was my sergeant"), and the
  /// summary after it shows the change.
  @Test func aCheckReplyNamingTwoStagesMidSentenceChangesBoth() throws {
    let pack = try collaboration.restricted(to: ["purpose", "trust", "lessons"])
    let inputs: [PersonInput] = [
      .text(
        "bike theft at the two secondaries was through the roof. marking them makes them harder "
          + "to sell on"), .next, .next,
      .text(
        "kez trusted me after about two months. the kids never fully trusted the uniform. my "
          + "sergeant didnt trust the charity, thought they were anti police"), .next, .next,
      .text(
        "no, that's not what i said. the theft was the problem, the purpose was making bikes "
          + "harder to sell on. and trust, the real issue was my sergeant, not kez"),
      .summary,
    ]
    let (events, _) = try run(pack, inputs)
    #expect(
      coachLines(events, kind: .acknowledgement).last
        == "Thanks — I've changed the purpose to “making bikes harder to sell on”, and trust to:"
        + " the real issue was your sergeant, not kez.")
    // Before it, the two short sentences of the purpose are the point together.
    #expect(
      recap(events).first
        == "Purpose: bike theft at the two secondaries was through the roof. Marking them makes"
        + " them harder to sell on.")
    #expect(
      Array(recap(events).suffix(2)) == [
        "Purpose: making bikes harder to sell on.",
        "Trust: the real issue was your sergeant, not kez.",
      ])
    try expectCleanAndExact(events, pack)
    let (old, _) = try run(pack, inputs, revision: 7)
    #expect(Array(recap(old).suffix(2)) != Array(recap(events).suffix(2)))
  }
}

extension SummaryAnswersTests {
  /// Since revision 8, "same as last time really, dignity, though…" is an answer after its
  /// opening, and a long answer that names its point in a few words before its first comma
  /// is summarised by them, never by a later question's story.
  @Test func anAnswerAfterSameAsLastTimeIsItsPoint() throws {
    let pack = try collaboration.restricted(to: ["values"])
    let inputs: [PersonInput] = [
      .text(
        "same as last time really, dignity, though this week its more about ending well, like not"
          + " just vanishing on the walkers, a couple of them are quite anxious about it stopping"
          + " and sue asked me on tuesday if she could still come to the bench on thursdays even"
          + " without us which broke my heart a bit"),
      .text(
        "right then with sue, i said yes of course and then thought hang on who is going to be"
          + " there, i cant promise that, so i havent sorted that yet"),
      .text("not vanishing. and not promising what i cant keep"), .summary,
    ]
    let (events, _) = try run(pack, inputs)
    #expect(recap(events) == ["Values: dignity."], "\(recap(events))")
    try expectCleanAndExact(events, pack)
    let (old, _) = try run(pack, inputs, revision: 7)
    #expect(recap(old) != recap(events))
  }
}

extension SummaryAnswersTests {
  /// Since revision 8 a short sentence opening on "we" or "they" is not joined to a first
  /// one about someone else ("you trusted maureen completely and you don't speak now"), and
  /// "god." after a correction is no part of it.
  @Test func aShortSentenceThatPointsBackIsNotJoinedToTheFirst() throws {
    let pack = try collaboration.restricted(to: ["trust"])
    let answer =
      "i trusted maureen completely. i trusted lorraine at the start, more fool me. missing?"
      + " between me and lorraine by the end, completely. we dont speak now. i cross the"
      + " playground to avoid her which is pathetic at 44"
    let (events, _) = try run(pack, [.text(answer), .next, .next, .summary])
    #expect(recap(events) == ["Trust: you trusted maureen completely."], "\(recap(events))")
    let (old, _) = try run(pack, [.text(answer), .next, .next, .summary], revision: 7)
    #expect(recap(old).first?.contains("don't speak now") == true, "\(recap(old))")
    #expect(Conversation.isExclamation("god."))
    #expect(Conversation.isExclamation("Ugh!"))
    #expect(!Conversation.isExclamation("god knows why she did it"))
  }
}

extension SummaryAnswersTests {
  /// Since revision 8, a stage named after "but" or "and" at the check is changed.
  ///
  /// "the rule was how we protected it but the value was dignity really. and the main
  /// partner was sharon and the jobcentre, the parks team were just the loo…" changes the
  /// values to "dignity" and the partners to "sharon and the jobcentre".
  @Test func aStageNamedAfterButOrAndIsChangedWithoutTheClauseAfterIt() throws {
    let pack = try collaboration.restricted(to: ["values", "partners", "lessons"])
    let reply =
      "sort of, the rule was how we protected it but the value was dignity really. and the main"
      + " partner was sharon and the jobcentre, the parks team were just the loo to be honest"
    let inputs: [PersonInput] = [
      .text("we had a rule that nobody got asked about their benefits on the walk"), .next, .next,
      .text("the parks team and the jobcentre district, through a memo nobody read"), .next, .next,
      .text(reply), .summary,
    ]
    let (events, _) = try run(pack, inputs)
    #expect(
      coachLines(events, kind: .acknowledgement).last
        == "Thanks — I've changed values to say it was dignity, and partners to say it was sharon"
        + " and the jobcentre.", "\(coachLines(events, kind: .acknowledgement))")
    #expect(
      Array(recap(events).suffix(2)) == [
        "Values: dignity.", "Partners: sharon and the jobcentre.",
      ], "\(recap(events))")
    try expectCleanAndExact(events, pack)
  }
}

extension SummaryAnswersTests {
  /// Since revision 8, terse answers that deny on one side are joined with "but".
  ///
  /// "with okafor yes. head never trusted us"; and "not ours" after a sentence left out as
  /// a repeat ("their voice. not ours") is left out with it.
  @Test func terseHalvesAreJoinedAsTheyWereMeant() throws {
    let pack = try collaboration.restricted(to: ["values", "trust"])
    let inputs: [PersonInput] = [
      .text("giving the kids a real voice on air"), .text("their voice. not ours"), .next, .next,
      .text("with okafor yes. head never trusted us"), .next, .next, .summary,
    ]
    let (events, _) = try run(pack, inputs, followUps: 1)
    #expect(
      recap(events) == [
        "Values: giving the kids a real voice on air.",
        "Trust: with okafor, but head never trusted you.",
      ], "\(recap(events))")
    try expectCleanAndExact(events, pack)
    let (old, _) = try run(pack, inputs, revision: 7, followUps: 1)
    #expect(recap(old) != recap(events), "\(recap(old))")
  }
}

extension SummaryAnswersTests {
  /// Since revision 8, an upset check reply is applied without its talk to the coach.
  ///
  /// "I'm too tired for values" is no point; at the check "My value wasn't 'too tired', it
  /// was…" changes the values, "trust is the kids stopped trusting us" is said as the
  /// clause it is, and "Don't make it sound nice" is never added.
  @Test func anUpsetCheckReplyIsAppliedWithoutItsTalkToTheCoach() throws {
    let pack = try collaboration.restricted(to: ["values", "trust", "lessons"])
    let inputs: [PersonInput] = [
      .text(
        "Honestly I'm too tired for values. It was supposed to be about residents designing their"
          + " own wall, not us parachuting in."), .next, .next,
      .text("Me and Kemi, completely. The kids trusted Kemi."), .next, .next,
      .text(
        "No. My value wasn't 'too tired', it was residents designing their own wall. And trust is"
          + " the kids stopped trusting us. Don't make it sound nice."),
      .summary,
    ]
    let (events, _) = try run(pack, inputs)
    let first = recap(events).prefix(2)
    #expect(
      Array(first) == [
        "Values: it was supposed to be about residents designing their own wall, not you"
          + " parachuting in.",
        "Trust: you and Kemi, completely, and the kids trusted Kemi.",
      ], "\(recap(events))")
    #expect(
      coachLines(events, kind: .acknowledgement).last
        == "Thanks — I've changed values to: residents designing their own wall, and trust to:"
        + " the kids stopped trusting you.")
    #expect(
      Array(recap(events).suffix(2)) == [
        "Values: residents designing their own wall.", "Trust: the kids stopped trusting you.",
      ], "\(recap(events))")
    try expectCleanAndExact(events, pack)
    let (old, _) = try run(pack, inputs, revision: 7)
    #expect(coachLines(old, kind: .acknowledgement).last?.contains("sound nice") == true)
  }
}

extension SummaryAnswersTests {
  /// Since revision 8, "the purpose wasnt the on paper bit it was for jayden and amira"
  /// (no comma before "it was") changes the purpose to what it was.
  @Test func aDenialWithoutACommaStillSaysWhatItWas() throws {
    let pack = try collaboration.restricted(to: ["purpose", "lessons"])
    let inputs: [PersonInput] = [
      .text(
        "so on paper it was deaf awareness and a bit of basic bsl for 180 year 8s over a term"),
      .next, .next,
      .text(
        "not really no, the purpose wasnt the on paper bit it was for jayden and amira, so deaf"
          + " kids arent the only ones signing in their school"),
      .summary,
    ]
    let (events, _) = try run(pack, inputs)
    #expect(
      recap(events).last
        == "Purpose: for jayden and amira, so deaf kids aren't the only ones signing in their"
        + " school.", "\(recap(events))")
    try expectCleanAndExact(events, pack)
  }
}

extension SummaryAnswersTests {
  /// Since revision 8, "on paper it was…, but really it was for…" is summarised by what it
  /// really was.
  @Test func whatItReallyWasIsThePoint() throws {
    let pack = try collaboration.restricted(to: ["purpose"])
    let inputs: [PersonInput] = [
      .text(
        "so on paper it was deaf awareness for the year 8s, but really it was for the two deaf"
          + " kids in that year"), .next, .next, .summary,
    ]
    let (events, _) = try run(pack, inputs)
    #expect(
      recap(events) == ["Purpose: it was for the two deaf kids in that year."], "\(recap(events))")
    let (old, _) = try run(pack, inputs, revision: 7)
    #expect(recap(old) != recap(events), "\(recap(old))")
  }
}

extension SummaryAnswersTests {
  /// Since revision 8, "the trust point is that CA hid the SLA from us" changes trust, and
  /// "Citizens Advice, Pauline and Ray were my colleagues" puts in only the partner.
  @Test func theStagePointIsAndANamedClauseAfterIt() throws {
    let pack = try collaboration.restricted(to: ["partners", "trust", "lessons"])
    let inputs: [PersonInput] = [
      .text("Me and two other retired accountants, Pauline and Ray."), .next, .next,
      .text("Clients trusted us quickly, oddly."), .next, .next,
      .text(
        "No. The partner was Citizens Advice, Pauline and Ray were my colleagues. And the trust"
          + " point is that CA hid the SLA from us."),
      .summary,
    ]
    let (events, _) = try run(pack, inputs)
    #expect(
      Array(recap(events).suffix(2)) == [
        "Partners: Citizens Advice.", "Trust: CA hid the SLA from you.",
      ], "\(recap(events))")
    try expectCleanAndExact(events, pack)
  }
}

extension SummaryAnswersTests {
  /// Since revision 8, "values should also have being straight with the people I work with"
  /// adds that to the values in the coach's words, never quoted as typed.
  @Test func aStageThatShouldAlsoHaveSomethingGetsIt() throws {
    let pack = try collaboration.restricted(to: ["values", "lessons"])
    let inputs: [PersonInput] = [
      .text("the kids owning it, their designs on their wall"), .next, .next,
      .text("values should also have being straight with the people I work with."), .summary,
    ]
    let (events, _) = try run(pack, inputs)
    #expect(
      coachLines(events, kind: .acknowledgement).last
        == "Thanks — I've added being straight with the people you work with to the values.",
      "\(coachLines(events, kind: .acknowledgement))")
    #expect(
      recap(events).last
        == "Values: the kids owning it, their designs on their wall. Being straight with the people"
        + " you work with.", "\(recap(events))")
    try expectCleanAndExact(events, pack)
  }
}

extension SummaryAnswersTests {
  /// Since revision 8, "trust wasnt about money really it was that between me and Martin it
  /// was great…" changes trust to the clause after "that", and a stage changed in words the
  /// coach cannot give back is "the trust line", never a dangling "and the trust".
  @Test func aStageChangedToAClauseAfterThat() throws {
    let pack = try collaboration.restricted(to: ["values", "trust", "lessons"])
    let inputs: [PersonInput] = [
      .text("the tuesday afternoons"), .next, .next,
      .text("we had more money than the band, so the school"), .next, .next,
      .text(
        "sort of? the values bit was more fairness and joy than the tuesday afternoons, the"
          + " tuesdays were just the thing i wouldnt give up, and trust wasnt about money really it"
          + " was that between me and Martin it was great but between the school and the band it"
          + " never really existed"),
      .summary,
    ]
    let (events, _) = try run(pack, inputs)
    let said = coachLines(events, kind: .acknowledgement).last ?? ""
    #expect(!said.hasSuffix("and the trust."), "\(said)")
    #expect(
      recap(events).last?.hasPrefix("Trust: between you and Martin") == true, "\(recap(events))")
    try expectCleanAndExact(events, pack)
  }
}
