import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

/// Proposed lessons made whole, through the built binary (issue #28, judges' shapes).
extension ListeningSessionTests {
  /// To "what would you do sooner next time?", the proposal starts at its content, "i"
  /// reads "I"; a fragment that refers back ("the insurance one is less clear") is never
  /// proposed; the session reruns exactly.
  @Test func aProposedLessonStartsAtItsContent() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let (_, coach, _) = try session(
      ["--stages", "trust,lessons", "--max-follow-ups", "0"],
      [
        "with the coaches, always. with the boathouse landlord hardly ever. the insurance one is"
          + " less clear",
        "going along to every single committee night earned it. the bank pulling our overdraft"
          + " with no warning spent it",
        "most of a year. sooner next time i would get the safeguarding forms signed before the"
          + " first taster day, and i would meet the parents not just the school",
      ] + Array(repeating: "", count: 8), home: home)
    let proposals = coach.filter { $0.kind == .proposal }.map(\.text).dropFirst()
    #expect(
      proposals.contains(
        "Possible lesson: Next time, get the safeguarding forms signed before the first taster"
          + " day, and meet the parents not just the school"), "\(proposals)")
    #expect(
      !proposals.contains { $0.contains("less clear") || $0.hasSuffix(" it") }, "\(proposals)")
    #expect(!proposals.contains { $0.contains(" i ") || $0.lowercased().contains("sooner") })
    let rerun = try TestSupport.reflect(["replay", "--rerun", "latest", "--home", home])
    #expect(rerun.stdout.hasPrefix("Rerun matches"), "\(rerun.stdout)")
  }
}
