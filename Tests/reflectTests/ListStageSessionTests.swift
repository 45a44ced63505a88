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
}
