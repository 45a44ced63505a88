import Foundation
import ReflectTestSupport
import Testing

@testable import ReflectCore

/// Summaries r4 through the binary: a terse session's summary says what was named, and a
/// correction at the check that names stages is applied and said back cleanly.
extension ListeningSessionTests {
  @Test func aTerseSummaryAndAStageByStageCorrectionThroughTheBinary() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let (transcript, coach, _) = try session(
      ["--stages", "values,partners,trust,lessons", "--max-follow-ups", "0"],
      [
        "dunno. keeping the allotments going i guess",
        "when the landlord put the rent up. we stayed anyway", "/next",
        "the borough and the rowing club, they came to us after the floods",
        "oh yeah, loads of shared values, not", "/next",
        "with the rowing club. not with the borough parks lot", "/next", "/next",
        "mostly, but youve left out Riverside Tools Bank totally in the partners bit, and they"
          + " were the ones who kept us going. and the trust bit sounds grimmer than it was, me"
          + " and Tomasz were fine",
        "", "/quit",
      ], home: home)
    let summary = coach.filter { $0.kind == .summary }.map(\.text)
    #expect(
      summary == [
        "Let me check I have this right.", "Values: keeping the allotments going.",
        "Partners: the borough and the rowing club.",
        "Trust: with the rowing club, not with the borough parks lot.",
        "Did I get that right? Press Enter if so, or tell me what I missed.",
      ], "\(summary)")
    #expect(summary.first { $0.hasPrefix("Let me check") } != nil)
    let opening = coach.first { $0.kind == .summary }
    #expect(opening?.summariser?.hasPrefix("answers r8 ") == true)
    let said = coach.filter { $0.kind == .acknowledgement }.map(\.text)
    #expect(
      said.contains(
        "Thanks — I've added Riverside Tools Bank to the partners, and that you and Tomasz were"
          + " fine."), "\(said)")
    #expect(!said.contains { $0.contains("left out") || $0.contains("“") }, "\(said)")
    #expect(transcript.answers.contains { $0.question == "summary-check" })
    let rerun = try TestSupport.reflect(["replay", "--rerun", "latest", "--home", home])
    #expect(rerun.stdout.contains("Rerun matches"), "\(rerun.stdout)")
  }
}
