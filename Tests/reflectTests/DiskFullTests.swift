import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

@Suite struct DiskFullTests {
  /// Runs a session whose home is on a tiny tmpfs (in a private mount namespace), then copies
  /// the transcripts out for inspection.
  @Test func aFullDiskIsReportedAndEarlierAnswersStayIntact() throws {
    let work = TestSupport.temporaryDirectory("diskfull")
    let mountPoint = work + "/mnt"
    let out = work + "/out"
    mkdir(mountPoint, 0o700)
    mkdir(out, 0o700)
    let answers = (1...12).map { "Answer \($0) " + String(repeating: "x", count: 2500) }
    let input = (answers + ["", "/quit"]).joined(separator: "\n") + "\n"
    let script = """
      mount -t tmpfs -o size=24k,mode=0700 tmpfs "$1" || exit 90
      "$0" session --questions-only --home "$1/h"
      status=$?
      cp -p "$1"/h/transcripts/*.jsonl "$2"/
      exit $status
      """
    let run = try TestSupport.run(
      "/usr/bin/unshare", ["-Urm", "sh", "-c", script, TestSupport.reflectBinary, mountPoint, out],
      input: Data(input.utf8))
    try #require(run.status != 90, "tmpfs could not be mounted: \(run.stderr)")
    #expect(run.status == 1)
    #expect(run.stderr.contains("cannot write to '\(mountPoint)/h/transcripts/"))
    #expect(run.stderr.contains("No space left on device"))
    #expect(run.stdout.contains("This is NOT saved yet:"))
    #expect(run.stderr.contains("stopped with words not saved"))
    let files = try FileManager.default.contentsOfDirectory(atPath: out)
    try #require(files.count == 1)
    let transcript = try TranscriptReader().read(path: out + "/" + files[0])
    #expect(transcript.problems.isEmpty, "no half-written line is left behind")
    let saved = transcript.answers.map(\.text)
    #expect(!saved.isEmpty)
    #expect(saved == Array(answers.prefix(saved.count)))
    // The first answer that did not fit is the one shown as unsaved.
    #expect(run.stdout.contains("  " + answers[saved.count]))
  }
}

@Suite(.serialized) struct DiskFullTerminalTests {
  @Test func onATerminalTheUnsavedWordsCanBeSavedElsewhere() throws {
    let work = TestSupport.temporaryDirectory("diskfull-tty")
    let mountPoint = work + "/mnt"
    mkdir(mountPoint, 0o700)
    let rescue = work + "/rescued.txt"
    let pane = try TmuxPane(
      "unshare -Urm sh -c 'mount -t tmpfs -o size=24k,mode=0700 tmpfs \(mountPoint)"
        + " && exec \(TestSupport.reflectBinary) session --questions-only --about test --home \(mountPoint)/h'"
    )
    try pane.waitFor("values ›")
    var number = 0
    while !(try pane.screen().contains("This is NOT saved yet")) && number < 12 {
      number += 1
      try pane.type("Answer \(number) " + String(repeating: "y", count: 2500))
      try pane.send("Enter")
      usleep(200_000)
    }
    try pane.waitFor("Press Enter to try again")
    try pane.send("Enter")  // the disk is still full: the same offer comes back
    try pane.waitFor("Press Enter to try again", count: 2)
    try pane.type(work + "/no/such/folder/file.txt")  // a typo loses nothing
    try pane.send("Enter")
    try pane.waitFor("That did not work; nothing is lost yet.")
    try pane.waitFor("Press Enter to try again", count: 3)
    try pane.type(rescue)
    try pane.send("Enter")
    #expect(try pane.waitForExit() == 1)
    let saved = try String(contentsOfFile: rescue, encoding: .utf8)
    #expect(saved.hasPrefix("Answer \(number) yyy"))
    #expect(TestSupport.mode(rescue) == 0o600)
  }
}
