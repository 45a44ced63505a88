import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

/// The reliability suite (issue 11): harnesses that prove durability with figures.
///
/// `make soak` runs the same harnesses far longer; docs/reliability.md records the figures.
@Suite(.serialized) struct ReliabilityTests {
  static let folder = TestSupport.packageRoot.appendingPathComponent("Tests/Fixtures/Reliability")
    .path

  /// SIGKILL (and now and then SIGTERM, SIGHUP, SIGINT) at 200 random moments in a real
  /// pseudo-terminal: no answer that was followed by a question is ever lost.
  @Test func killAtTwoHundredRandomMomentsLosesNothing() throws {
    let run = try TestSupport.run(
      "/usr/bin/env",
      ["python3", Self.folder + "/kill_harness.py", TestSupport.reflectBinary, "200"])
    #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    #expect(run.stdout.contains("kill harness: 200 trials"), "\(run.stdout)")
    #expect(run.stdout.contains(", 0 problems,"))
  }

  /// Under strace: each answer written and fsync'd before the next question is printed, the
  /// folder synced after the transcript is created, nothing private wider than 0600/0700.
  @Test func systemCallsKeepTheDurabilityOrder() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let run = try TestSupport.run(
      "/usr/bin/env",
      [
        "python3", Self.folder + "/syscall_order.py", TestSupport.reflectBinary, home, "one",
        "two words", "three — with a dash", "four",
      ])
    #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    #expect(run.stdout.contains("syscall order: 4 answers, ok"))
  }

  /// A marker answer is found only in the home and in an export asked for: no history
  /// file, no cache, no temp file anywhere in the person's folders.
  @Test func aPrivateAnswerStaysInTheHome() throws {
    let root = TestSupport.temporaryDirectory("privacy")
    let marker = "MARKER" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
    let environment = [
      "HOME": root + "/user", "XDG_DATA_HOME": root + "/user/.local/share",
      "XDG_CONFIG_HOME": root + "/user/.config", "XDG_CACHE_HOME": root + "/user/.cache",
      "TMPDIR": root + "/tmp",
    ]
    mkdir(root + "/user", 0o700)
    mkdir(root + "/tmp", 0o700)
    _ = try TestSupport.reflect(
      ["--stages", "lessons", "--questions-only"], input: "\(marker) is a lesson\n\n",
      environment: environment)
    let export = root + "/user/export.md"
    let exported = try TestSupport.reflect(
      ["export", "--output", export], environment: environment)
    #expect(exported.status == 0, "\(exported.stderr)")
    _ = try TestSupport.reflect(["search", marker], environment: environment)
    let grep = try TestSupport.run("/usr/bin/env", ["grep", "-rl", marker, root])
    let files = grep.stdout.split(separator: "\n").map(String.init).sorted()
    // The transcript, the export asked for, and the derived index beside the transcripts
    // (owner-only, like them).
    let index = root + "/user/.local/share/reflect/index.sqlite"
    #expect(files.count == 3 || (files.count == 4 && files.contains(index + "-wal")), "\(files)")
    #expect(files.contains(export))
    #expect(files.contains { $0.hasPrefix(root + "/user/.local/share/reflect/transcripts/") })
    #expect(files.contains(index))
    for file in files where file.hasPrefix(index) {
      var status = stat()
      #expect(stat(file, &status) == 0 && status.st_mode & 0o777 == 0o600, "\(file)")
    }
  }

  /// Eight sessions at once in one home each keep exactly their own answers.
  @Test func eightSessionsAtOnceKeepTheirOwnAnswers() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let questions = try PackLibrary().pack("collaboration").stages.flatMap(\.questions).map(\.text)
    let sessions = try (0..<8).map { _ in
      try PipedProcess(TestSupport.reflectBinary, ["--questions-only", "--home", home])
    }
    for number in 0..<3 {
      for (index, session) in sessions.enumerated() {
        try session.send("session \(index) answer \(number)")
      }
      for session in sessions { try session.waitFor(questions[number + 1], count: 1) }
    }
    for session in sessions {
      try session.send("/quit")
      session.process.waitUntilExit()
    }
    let answers = try TestSupport.transcripts(home: home).map {
      try TranscriptReader().read(path: $0).answers.map(\.text)
    }
    #expect(
      Set(answers) == Set((0..<8).map { index in (0..<3).map { "session \(index) answer \($0)" } }))
  }
}
