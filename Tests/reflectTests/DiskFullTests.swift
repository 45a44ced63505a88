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

/// A disk already full when a session starts: nothing is left behind (no empty transcript),
/// and a subject typed at the coach's first question is offered a rescue as answers are.
@Suite(.serialized) struct DiskFullAtStartTests {
  /// A script for `unshare -Urm sh`: a 24 KiB tmpfs at `$1`, filled up, then reflect (`$0`)
  /// with the arguments after `$3`, its home `$1/h`; what the transcripts folder holds is
  /// written to `$2/listing`, and `list`'s exit status and output to `$2/list`.
  static let script = """
    mount -t tmpfs -o size=24k,mode=0700 tmpfs "$1" || exit 90
    mkdir -p "$1/h"
    dd if=/dev/zero of="$1/fill" bs=1k count=100 2>/dev/null
    mount=$1 out=$2
    shift 3
    "$0" "$@" --home "$mount/h"
    status=$?
    ls -A "$mount/h/transcripts" > "$out/listing"
    "$0" list --home "$mount/h" > "$out/list" 2>&1
    echo "list exited $?" >> "$out/list"
    exit $status
    """

  func folders() -> (work: String, mountPoint: String, out: String) {
    let work = TestSupport.temporaryDirectory("diskfull-start")
    mkdir(work + "/mnt", 0o700)
    mkdir(work + "/out", 0o700)
    return (work, work + "/mnt", work + "/out")
  }

  @Test func aSessionTheDiskRefusesFromTheStartLeavesNoFile() throws {
    let (_, mountPoint, out) = folders()
    let run = try TestSupport.run(
      "/usr/bin/unshare",
      [
        "-Urm", "sh", "-c", Self.script, TestSupport.reflectBinary, mountPoint, out, "-",
        "session", "--questions-only", "--about", "Budget round",
      ], input: Data("An answer\n/quit\n".utf8))
    try #require(run.status != 90, "tmpfs could not be mounted: \(run.stderr)")
    #expect(run.status == 1)
    #expect(run.stderr.contains("No space left on device"), "\(run.stderr)")
    #expect(run.stdout.contains("This is NOT saved yet:\n  Budget round"), "\(run.stdout)")
    #expect(run.stderr.contains("the session could not be started, so none was saved"))
    let listing = try String(contentsOfFile: out + "/listing", encoding: .utf8)
    #expect(listing.isEmpty, "no transcript is left: \(listing)")
    let list = try String(contentsOfFile: out + "/list", encoding: .utf8)
    #expect(list.contains("list exited 0"), "\(list)")
  }

  @Test func onATerminalTheSubjectTypedCanBeSavedElsewhere() throws {
    let (work, mountPoint, out) = folders()
    let script = work + "/start.sh"
    try Self.script.write(toFile: script, atomically: true, encoding: .utf8)
    let rescue = work + "/rescued.txt"
    let pane = try TmuxPane(
      "unshare -Urm sh -c '. \(script)' \(TestSupport.reflectBinary) \(mountPoint) \(out) -"
        + " session --questions-only")
    try pane.waitFor("what is this session about?")
    try pane.type("The budget round")
    try pane.send("Enter")
    try pane.waitFor("This is NOT saved yet")
    try pane.waitFor("type a file path to save the unsaved words there")
    try pane.type(rescue)
    try pane.send("Enter")
    #expect(try pane.waitForExit() == 1)
    let saved = try String(contentsOfFile: rescue, encoding: .utf8)
    #expect(saved == "The budget round\n")
    #expect(TestSupport.mode(rescue) == 0o600)
    let listing = try String(contentsOfFile: out + "/listing", encoding: .utf8)
    #expect(listing.isEmpty, "no transcript is left: \(listing)")
  }

  /// An empty transcript (left by an older reflect) does not break `list`, is reported by
  /// `verify`, and removed by `verify --repair`.
  @Test func anEmptyTranscriptIsReportedAndRemovedByRepair() throws {
    let home = TestSupport.temporaryDirectory("empty-transcript") + "/h"
    let run = try TestSupport.reflect(
      ["session", "--questions-only", "--home", home], input: "Words\n/quit\n")
    try #require(run.status == 0, "\(run.stderr)")
    let empty = home + "/transcripts/20261201-101010-abcd.jsonl"
    try #require(FileManager.default.createFile(atPath: empty, contents: Data()))
    chmod(empty, 0o600)
    let list = try TestSupport.reflect(["list", "--home", home])
    #expect(list.status == 0 && list.stdout.contains("1 answer"), "\(list.stderr)")
    let check = try TestSupport.reflect(["verify", "--home", home])
    #expect(check.status == 1, "\(check.stdout)")
    #expect(
      check.stdout.contains("'\(empty)' is empty (its session never started)"), "\(check.stdout)")
    let repaired = try TestSupport.reflect(["verify", "--repair", "--home", home])
    #expect(repaired.stdout.contains("removed '\(empty)': it was empty"), "\(repaired.stdout)")
    #expect(!FileManager.default.fileExists(atPath: empty))
    #expect(try TestSupport.reflect(["verify", "--home", home]).status == 0)
  }
}
