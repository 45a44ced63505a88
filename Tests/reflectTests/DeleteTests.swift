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

  /// Temp copies a killed reflect left (an import's, a repair's, an amendment's) are named by
  /// `verify`, removed by `delete` with their session and by `verify --repair`; one whose
  /// process still runs is in use and left alone.
  @Test func staleTempCopiesGoWithTheirSessionButNotLiveOnes() throws {
    let (home, paths) = try home()
    let ids = paths.map { String(($0 as NSString).lastPathComponent.dropLast(6)) }
    let drafts = home + "/drafts"
    mkdir(drafts, 0o700)
    let dead = "999999999"
    let stale = [
      paths[1] + ".tmp-" + dead, home + "/transcripts/.import-\(dead)-\(ids[1])",
      drafts + "/\(ids[1]).amend.tmp-" + dead,
    ]
    let other = drafts + "/\(ids[0]).txt.tmp-" + dead
    let live = drafts + "/\(ids[1]).txt.tmp-\(getpid())"
    for path in stale + [other, live] {
      try "copy".write(toFile: path, atomically: false, encoding: .utf8)
    }
    let check = try TestSupport.reflect(["verify", "--home", home])
    #expect(check.status == 1)
    for path in stale + [other] {
      #expect(check.stdout.contains(path + ": a temp copy left by a reflect"), "\(check.stdout)")
    }
    #expect(!check.stdout.contains(live))
    let run = try TestSupport.reflect(["delete", "latest", "--yes", "--home", home])
    #expect(run.status == 0, "\(run.stderr)")
    for path in stale {
      #expect(run.stdout.contains("and " + path), "\(run.stdout)")
      #expect(!FileManager.default.fileExists(atPath: path))
    }
    #expect(FileManager.default.fileExists(atPath: live), "in use: left alone")
    #expect(FileManager.default.fileExists(atPath: other), "another session's: left alone")
    let repaired = try TestSupport.reflect(["verify", "--repair", "--home", home])
    #expect(repaired.stdout.contains("removed '\(other)'"), "\(repaired.stdout)")
    #expect(!FileManager.default.fileExists(atPath: other))
    #expect(FileManager.default.fileExists(atPath: live))
    #expect(try TestSupport.reflect(["verify", "--home", home]).status == 0)
  }

  /// `amend` killed (-9) while the editor is open, then `delete`: nothing of the session is
  /// left in the home.
  @Test func deleteAfterAnAmendKilledPartwayLeavesNothing() throws {
    let (home, paths) = try home()
    let id = String((paths[1] as NSString).lastPathComponent.dropLast(6))
    let editor = try TestSupport.script("sleep 20")
    let amend = try PipedProcess(
      TestSupport.reflectBinary, ["amend", "latest", "--home", home],
      environment: ["EDITOR": editor, "VISUAL": ""])
    let amendment = home + "/drafts/\(id).amend"
    var waited = 0
    while !FileManager.default.fileExists(atPath: amendment) && waited < 600 {
      usleep(50_000)
      waited += 1
    }
    try #require(FileManager.default.fileExists(atPath: amendment))
    amend.kill9()
    let run = try TestSupport.reflect(["delete", "latest", "--yes", "--home", home])
    #expect(run.status == 0, "\(run.stderr)")
    for folder in [home + "/transcripts", home + "/drafts"] {
      let left = try FileManager.default.contentsOfDirectory(atPath: folder).filter {
        $0.contains(id)
      }
      #expect(left.isEmpty, "\(folder): \(left)")
    }
    #expect(try TestSupport.reflect(["verify", "--home", home]).status == 0)
  }

  @Test func aSessionAnotherReflectHoldsIsRefused() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let holder = try PipedProcess(
      TestSupport.reflectBinary, ["session", "--questions-only", "--home", home])
    try holder.send("Patience")
    try holder.waitFor("When was ", count: 1)
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
