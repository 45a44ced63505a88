import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

/// The coach's own lines between the pack's questions, through the built binary: no
/// follow-up the session asked already, no feeling line that guesses whose it was.
extension ListeningSessionTests {
  /// Values and partners: an agreement and who chased it in values, goodwill in partners, a
  /// feeling whose owner only an earlier clause gives, and one of the person's own.
  static let betweenQuestions = [
    "respect mostly. there was one old fella, he must have been eighty odd, who cried at the"
      + " counter cos the pension site kept locking him out",
    "in march the housing lot wanted names and addresses on every sheet for there funder. i pushed"
      + " back, too hard tbh, and we agreed a shorter sheet with no names on it",
    "nobody did really. the partnership paper got written in a day and nobody looked at it again,"
      + " i ended up chasing everyone myself",
    "keeping it free and drop in, no booking ever",
    "the housing association from the estate forum and a tiny charity with spare laptops. the money"
      + " was a small county pot and it was all goodwill really, nobody was paid to turn up",
    "mostly yes, the charity cared more about the kit at first",
    "the building was ours, our it people kept the laptops off the wifi for a month, which was"
      + " proper embarrassing",
    "/quit",
  ]

  func betweenQuestionsSession(model: Bool) throws -> (Transcript, [CoachMessage], String) {
    let home = TestSupport.temporaryDirectory() + "/home"
    let run = try TestSupport.reflect(
      [
        "session", "--home", home, "--seed", "5", "--pack", "collaboration", "--stages",
        "values,partners", "--max-follow-ups", "1",
      ], input: Self.betweenQuestions.joined(separator: "\n") + "\n",
      environment: model ? [:] : ["REFLECT_MODEL": home + "/no-model"])
    #expect(run.status == 0, "\(run.stderr)")
    let path = try #require(TestSupport.transcripts(home: home).first)
    let transcript = try TranscriptReader().read(path: path)
    let coach = transcript.events.compactMap { event -> CoachMessage? in
      if case .coach(let message) = event { message } else { nil }
    }
    for message in coach {
      #expect(LineLint.problem(in: message.text) == nil, "broken: \(message.text)")
    }
    return (transcript, coach, home)
  }

  @Test(arguments: [false, true])
  func noFollowUpAsksWhatTheSessionAskedAndNoFeelingLineGuessesWhose(model: Bool) throws {
    if model, !RealModel.isInstalled { return }
    let (transcript, coach, home) = try betweenQuestionsSession(model: model)
    let followUps = coach.filter { $0.kind == .followUp }.map(\.text)
    #expect(followUps.contains("Who held everyone to what was agreed?"), "\(followUps)")
    #expect(!followUps.contains { $0.contains("who was accountable") }, "\(followUps)")
    // The old man's tears are his, but only an earlier clause says so: no line to "them".
    #expect(
      linesAfter(Self.betweenQuestions[0], in: transcript).allSatisfy {
        $0.kind != .acknowledgement
      })
    // "…which was proper embarrassing" is the person's own: never "hard for them".
    let own = linesAfter(Self.betweenQuestions[6], in: transcript)
    #expect(own.first?.kind == .acknowledgement, "\(own.map(\.text))")
    #expect(!own.contains { $0.text.contains("them") }, "\(own.map(\.text))")
    #expect(coach.first?.listener == "r4")
    // The session reruns exactly.
    let rerun = try TestSupport.reflect(["replay", "--rerun", "latest", "--home", home])
    #expect(rerun.stdout.hasPrefix("Rerun matches"), "\(rerun.stdout)")
  }
}
