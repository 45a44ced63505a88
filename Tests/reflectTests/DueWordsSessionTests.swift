import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

/// Commitment dates in ordinary words, through the built binary (issue #28).
extension ListeningSessionTests {
  /// "in two weeks" is saved in the due field and said back in words; "by march", which
  /// could be either end of it, keeps its words and no date; the session reruns exactly.
  @Test func aCommitmentDateInWordsIsSavedAndSaidBack() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let (transcript, coach, _) = try session(
      ["--stages", "commitments"],
      ["send the ward rota to Kemi in two weeks", "share the figures with the club by march", ""],
      home: home)
    let made = transcript.commitments
    #expect(
      made.map(\.text) == [
        "send the ward rota to Kemi", "share the figures with the club by march",
      ])
    // Two weeks from the day it was said (UTC), as the coach dates everything.
    let months = [
      "January", "February", "March", "April", "May", "June", "July", "August", "September",
      "October", "November", "December",
    ]
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    let day = made.first.map {
      calendar.dateComponents([.year, .month, .day], from: $0.time.addingTimeInterval(14 * 86_400))
    }
    let due = day.map { String(format: "%04d-%02d-%02d", $0.year ?? 0, $0.month ?? 0, $0.day ?? 0) }
    #expect(made.first?.due == due)
    #expect(made.last?.due == nil)
    let spoken =
      day.map {
        "\($0.day ?? 0) \(months[($0.month ?? 1) - 1]) \($0.year ?? 0)"
      } ?? "?"
    #expect(
      coach.filter { $0.kind == .closing }.map(\.text).first
        == "So you're committing to “send the ward rota to Kemi” — by \(spoken); and “share the"
        + " figures with the club by march”. Next time, I'll ask how each one went.")
    let rerun = try TestSupport.reflect(["replay", "--rerun", "latest", "--home", home])
    #expect(rerun.stdout.hasPrefix("Rerun matches"), "\(rerun.stdout)")
  }
}
