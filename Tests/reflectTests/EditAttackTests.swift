import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Editors that misbehave under `/edit` and `amend` (issue 26): killed, or writing far too much.
///
/// Nothing written in the editor is lost, and nothing too big reaches a transcript.
@Suite(.serialized) struct EditAttackTests {
  /// A fake editor whose `n`th run (from 1) runs `bodies[n - 1]`, the draft's path in `$1`.
  func editor(_ bodies: [String]) throws -> String {
    // The script counts its runs in a file beside it.
    var script = "runs=$(dirname \"$0\")/runs\nn=$(cat \"$runs\" 2>/dev/null || echo 0)\n"
    script += "n=$((n + 1))\necho $n > \"$runs\"\ncase $n in\n"
    for (index, body) in bodies.enumerated() { script += "\(index + 1)) \(body) ;;\n" }
    script += "esac"
    return try TestSupport.script(script)
  }

  /// A second `/edit` once went on from a fresh draft, so the words of an editor killed
  /// after saving them were overwritten; and a draft of 2 MiB became an answer.
  @Test func aKilledEditorsWordsAreWhereTheNextEditGoesOnAndAHugeDraftIsRefused() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let fake = try editor([
      // Saves, then dies.
      #"printf 'Precious words\n' > "$1"; kill -9 $$"#,
      // Writes 2 MiB more, as a runaway command would.
      #"head -c 2200000 /dev/zero | tr '\000' x >> "$1""#,
      // Takes the runaway line out again.
      #"sed -i '/^xxxx/d' "$1""#,
    ])
    let pane = try TmuxPane(
      "VISUAL='\(fake)' \(TestSupport.reflectBinary) session --questions-only --about t"
        + " --home \(home)", width: 300)
    try pane.waitFor("values ›")
    try pane.type("Patience")
    try pane.send("Enter")
    try pane.waitFor("and what did you do?")
    try pane.type("Typed first /edit")
    try pane.send("Enter")
    try pane.waitFor("/edit goes on from it.")
    #expect(try pane.screen().contains("The editor stopped with status 137"))
    try pane.type("/pause")
    try pane.send("Enter")
    #expect(try pane.waitForExit() == 0)

    // Resumed: the draft is this session's, and /edit goes on from it.
    let resumed = try TmuxPane(
      "VISUAL='\(fake)' \(TestSupport.reflectBinary) session --resume latest --home \(home)",
      width: 300)
    try resumed.waitFor("Your draft answer from before is kept:")
    try resumed.waitFor("values ›")
    try resumed.type("/edit")
    try resumed.send("Enter")
    try resumed.waitFor("nothing was sent")
    let refused = try resumed.screen()
    #expect(refused.contains("holds 2.1 MiB, more than the 1.0 MiB"), "\(refused)")
    #expect(refused.contains("your draft is kept there"), "\(refused)")
    try resumed.type("Typed later /edit")
    try resumed.send("Enter")
    try resumed.waitFor("you │ Precious words")
    #expect(try resumed.screen().contains("Going on from the draft left in"))
    // The answer is saved just after it is shown.
    var transcript = try TranscriptReader().read(path: TestSupport.transcripts(home: home)[0])
    for _ in 0..<600 where transcript.answers.count < 2 {
      usleep(50_000)
      transcript = try TranscriptReader().read(path: TestSupport.transcripts(home: home)[0])
    }
    #expect(transcript.answers.map(\.text) == ["Patience", "Typed later\n\nPrecious words"])
    #expect(try FileManager.default.contentsOfDirectory(atPath: home + "/drafts").isEmpty)
    try resumed.type("/quit")
    try resumed.send("Enter")
    #expect(try resumed.waitForExit() == 0)
    #expect(try TestSupport.reflect(["verify", "--home", home]).status == 0)
  }

  /// An amendment the editor filled with 2 MiB is refused unread and kept; the transcript
  /// is not touched.
  @Test func aHugeAmendmentIsRefusedAndKept() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let session = try TestSupport.reflect(
      ["session", "--questions-only", "--about", "x", "--home", home],
      input: "Pupils first.\n/lessons\nTrust takes time.\n\n\n")
    #expect(session.status == 0, "\(session.stderr)")
    let path = TestSupport.transcripts(home: home)[0]
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    let fake = try editor([
      #"sed -i 's/^Trust takes time\./Trust is earned./' "$1"; head -c 2200000 /dev/zero | tr '\000' x >> "$1""#
    ])
    let run = try TestSupport.reflect(
      ["amend", "latest", "--home", home], environment: ["EDITOR": fake, "VISUAL": ""])
    #expect(run.status == 1)
    #expect(run.stderr.contains("holds 2.1 MiB, more than the 1.0 MiB"), "\(run.stderr)")
    #expect(run.stderr.contains("Nothing was changed"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    let drafts = try FileManager.default.contentsOfDirectory(atPath: home + "/drafts")
    #expect(drafts.count == 1 && drafts[0].hasSuffix(".amend"))
  }
}
