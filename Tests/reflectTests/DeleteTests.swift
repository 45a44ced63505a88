import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

/// `reflect delete`: asks first, refuses a session in use, removes the side files, and says
/// it is an unlink.
@Suite(.serialized) struct DeleteTests {
  /// A home with two finished sessions; returns it and their paths, oldest first.
  func home() throws -> (String, [String]) {
    let home = TestSupport.temporaryDirectory() + "/home"
    for (subject, answer) in [("Keep me", "Care"), ("Delete me", "A secret about the council")] {
      let run = try TestSupport.reflect(
        ["session", "--questions-only", "--about", subject, "--home", home],
        input: answer + "\n/quit\n")
      #expect(run.status == 0)
      usleep(1_100_000)  // ids have one-second resolution
    }
    let paths = TestSupport.transcripts(home: home)
    try #require(paths.count == 2)
    return (home, paths)
  }

  @Test func withoutATerminalItNeedsYes() throws {
    let (home, paths) = try home()
    let refused = try TestSupport.reflect(["delete", "latest", "--home", home])
    #expect(refused.status == 64)
    #expect(refused.stderr.contains("add --yes"))
    #expect(TestSupport.transcripts(home: home) == paths)
    let path = try TestSupport.reflect(["delete", paths[1], "--yes", "--home", home])
    #expect(path.status == 64, "a path is not an id")
    #expect(TestSupport.transcripts(home: home) == paths)

    // Side files go with it; the other session stays; the index forgets it at once.
    try "torn".write(toFile: paths[1] + ".torn", atomically: true, encoding: .utf8)
    _ = try TestSupport.reflect(["search", "secret", "--home", home])
    let run = try TestSupport.reflect(["delete", "latest", "--yes", "--home", home])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("Delete me"))
    #expect(run.stdout.contains("and " + paths[1] + ".torn"))
    #expect(run.stdout.contains("not securely erased"))
    #expect(TestSupport.transcripts(home: home) == [paths[0]])
    #expect(!FileManager.default.fileExists(atPath: paths[1] + ".torn"))
    #expect(
      try TestSupport.reflect(["search", "secret", "--home", home]).stdout.contains("No matches"))
    #expect(try TestSupport.reflect(["list", "--home", home]).stdout.contains("Keep me"))
    #expect(try TestSupport.reflect(["verify", "--home", home]).status == 0)
  }

  @Test func aSessionAnotherReflectHoldsIsRefused() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let holder = try PipedProcess(
      TestSupport.reflectBinary, ["session", "--questions-only", "--home", home])
    try holder.send("Patience")
    try holder.waitFor("When was one", count: 1)
    let run = try TestSupport.reflect(["delete", "latest", "--yes", "--home", home])
    #expect(run.status != 0)
    #expect(run.stderr.contains("is in use by another reflect"))
    #expect(TestSupport.transcripts(home: home).count == 1)
    holder.kill9()
  }

  @Test func onATerminalItAsksAndOnlyYesDeletes() throws {
    let (home, paths) = try home()
    let no = try TmuxPane("\(TestSupport.reflectBinary) delete latest --home \(home)")
    try no.waitFor("[y/N]")
    try no.type("n")
    try no.send("Enter")
    _ = try no.waitForExit()
    #expect(TestSupport.transcripts(home: home) == paths)
    let yes = try TmuxPane("\(TestSupport.reflectBinary) delete latest --home \(home)")
    try yes.waitFor("[y/N]")
    try yes.type("y")
    try yes.send("Enter")
    #expect(try yes.waitForExit() == 0)
    #expect(TestSupport.transcripts(home: home) == [paths[0]])
  }
}
