import Foundation
import ReflectTestSupport
import Testing

@testable import ReflectCore

/// The coach's own lines between the pack's questions (listener revision 2): a follow-up is
/// never one the session asked or had answered already, and a feeling line names a feeling
/// only when whose it is can be told.
@Suite struct BetweenQuestionsTests {
  let classifier: ReplyClassifier
  let collaboration: Pack

  init() throws {
    classifier = ReplyClassifier(rules: try ReplyRules.builtIn())
    collaboration = try PackLibrary().pack("collaboration")
  }

  /// Values then partners, words only: an agreement in values, then goodwill in partners.
  static let repeated: [PersonInput] = [
    .text(
      "respect mostly, that people who come in with a council tax form get treated like grown ups"),
    .text(
      "in march the housing lot wanted names and addresses on every sheet for there funder. i pushed"
        + " back, too hard tbh, and we agreed a shorter sheet with no names on it"),
    .text(
      "nobody did really. the partnership paper got written in a day and nobody looked at it again,"
        + " i ended up chasing everyone myself"),
    .text("keeping it free and drop in, no booking ever"),
    .text(
      "the housing association from the estate forum and a tiny charity with spare laptops. the money"
        + " was a small county pot and it was all goodwill really, nobody was paid to turn up"),
  ]

  func run(_ inputs: [PersonInput], listener: Int? = nil) throws -> [String] {
    let pack = try collaboration.restricted(to: ["values", "partners"])
    let time = Date(timeIntervalSince1970: 1_795_000_000)
    var conversation = Conversation(
      pack: pack, rules: try CoachRules.builtIn(), replies: classifier,
      settings: .init(seed: 5, maxFollowUps: 1))
    if let listener { conversation.listener = listener }
    var events = conversation.begin(at: time).events
    for input in inputs { events += conversation.respond(to: input, at: time).events }
    return coachLines(events, kind: .followUp)
  }

  @Test func aFollowUpOnATopicTheSessionAskedAboutIsNotAskedAgain() throws {
    let asked = try run(Self.repeated)
    #expect(asked.contains("Who held everyone to what was agreed?"), "\(asked)")
    // They said who was accountable ("nobody… i ended up chasing everyone"): not again.
    #expect(!asked.contains { $0.contains("who was accountable") }, "\(asked)")
    // A session held before revision 2 reruns as it was.
    let old = try run(Self.repeated, listener: 1)
    #expect(old.contains("With it being voluntary, who was accountable if it slipped?"), "\(old)")
  }

  @Test func aFollowUpAnsweredInAnEarlierStageIsNotAsked() throws {
    // "What would it take for that to change?" shares nothing; "who kept people committed
    // beyond the rules" is answered in values by a sentence of its words.
    let inputs: [PersonInput] = [
      .text(
        "fairness, and honestly what kept people committed was the rules of the grant, not"
          + " goodwill"),
      .next, .next,
      .text("the council and two schools. the transport side was statutory, the rest was not"),
    ]
    let asked = try run(inputs)
    #expect(!asked.contains { $0.contains("kept people committed") }, "\(asked)")
    let old = try run(inputs, listener: 1)
    #expect(old.contains { $0.contains("kept people committed") }, "\(old)")
  }

  @Test func anAgreementThatSettledADisputeIsNotAskedWhoHeldEveryoneToIt() throws {
    let asked = try run([
      .text("respect, mostly"),
      .text(
        "the funder wanted every learners postcode and i said no. we went back and forth for"
          + " weeks and in the end we agreed a two line form with no names, which was fine"),
    ])
    #expect(!asked.contains("Who held everyone to what was agreed?"), "\(asked)")
  }

  @Test func aPromiseTheAnswerSaysWhatBecameOfIsNotAskedAbout() throws {
    let pack = try collaboration.restricted(to: ["purpose"])
    func asked(_ answer: String) throws -> [String] {
      coachLines(try drive(pack, [.text(answer)], seed: 5).events, kind: .followUp)
    }
    let kept =
      "on paper it was the number of workshops, we promised twelve and did fourteen. really"
      + " it was my team not going under"
    #expect(!(try asked(kept)).contains("What became of that promise?"))
    #expect(
      try asked("keeping the hall open. the council promised us it every tuesday till easter")
        .contains("What became of that promise?"))
  }

  @Test(arguments: [
    // Whose the feeling is, when it can be told: the speaker's evaluation of a situation…
    (
      "the worst bit was our it team keeping there laptops off the wifi for a month, which was"
        + " pretty embarrassing tbh", ReplyReading.Owner.`self`, false
    ),
    ("the venue cancelled twice and it was so frustrating", ReplyReading.Owner.`self`, false),
    // …someone else's, named in the feeling's clause…
    (
      "we lost the room in june. our director was furious about it", ReplyReading.Owner.other, false
    ),
    (
      "the caretaker locked us out, which was embarrassing for him", ReplyReading.Owner.other, false
    ),
    // …and someone else's that only an earlier clause points at: unclear.
    (
      "dignity above all. there was one old man, he must have been seventy odd, who cried at the"
        + " desk because the bank website kept logging him out", ReplyReading.Owner.other, true
    ),
  ])
  func whoseFeelingItIsAndWhetherThatIsClear(
    reply: String, owner: ReplyReading.Owner, unclear: Bool
  )
    throws
  {
    let reading = classifier.read(
      reply, question: "What earned trust, and what spent it?", afterCoach: false)
    #expect(reading.feeling == owner, "\(reading)")
    #expect((reading.ownerUnclear ?? false) == unclear, "\(reading)")
  }

  @Test func aFeelingWhoseOwnerIsUnclearGetsNoLineAndAClearOneDoes() throws {
    let pack = try collaboration.restricted(to: ["trust"])
    let time = Date(timeIntervalSince1970: 1_795_000_000)
    func lines(_ answer: String, listener: Int = Conversation.listenerRevision) -> [String] {
      var conversation = Conversation(
        pack: pack, rules: (try? CoachRules.builtIn()) ?? .none, replies: classifier,
        settings: .init(seed: 5, maxFollowUps: 0))
      conversation.listener = listener
      _ = conversation.begin(at: time)
      return coachLines(
        conversation.respond(to: .text(answer), at: time).events, kind: .acknowledgement)
    }
    let unclear =
      "with the volunteers mostly. there was one woman at the drop in, she must have been"
      + " eighty, who cried because her pension login kept failing"
    #expect(lines(unclear).isEmpty, "\(lines(unclear))")
    #expect(!lines(unclear, listener: 1).isEmpty)
    let own =
      "with the library staff yes. not with it, they kept the laptops off the wifi, which was embarrassing"
    #expect(lines(own).count == 1)
    #expect(!lines(own).contains { $0.contains("them") }, "\(lines(own))")
    #expect(lines("with the council no. our director was livid about the leak").count == 1)
  }

  @Test func theWelcomeLineRecordsTheListenerAndARerunUsesIt() throws {
    let (events, _) = try drive(collaboration, [])
    guard case .coach(let welcome)? = events.first else {
      Issue.record("no welcome")
      return
    }
    #expect(welcome.listener == "r\(Conversation.listenerRevision)")
    #expect(Conversation.listenerRevision(of: nil) == 1)
    #expect(Conversation.listenerRevision(of: "r2") == 2)
  }
}
