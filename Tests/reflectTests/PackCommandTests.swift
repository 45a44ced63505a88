import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

@Suite struct PackCommandTests {
  let brokenFolder = TestSupport.packageRoot.appendingPathComponent("Tests/Fixtures/BrokenPacks")
    .path

  func userPack(id: String, title: String, stageID: String = "only") -> String {
    """
    id: \(id)
    title: \(title)
    description: A pack written by a user.
    source: the user
    stages:
      - id: \(stageID)
        title: Only
        intro: Just one thing.
        questions:
          - id: \(stageID)-q
            text: What is the one thing you would tell your past self?
      - id: lessons
        title: Lessons
        kind: lessons
        intro: Lessons now.
        questions:
          - id: lessons-list
            text: Your lessons, one per line.
    """
  }

  @Test func promptsListShowsEveryBuiltInPack() throws {
    let run = try TestSupport.reflect(
      ["prompts", "list"], environment: ["XDG_CONFIG_HOME": TestSupport.temporaryDirectory()])
    #expect(run.status == 0)
    for id in BuiltInPackTests.ids { #expect(run.stdout.contains(id)) }
    #expect(run.stdout.contains("Gibbs, Learning by Doing (1988)"))
    let json = try TestSupport.reflect(["prompts", "list", "--json"])
    let array = try JSONSerialization.jsonObject(with: json.stdoutData) as? [[String: Any]]
    #expect(array?.map { $0["id"] as? String } == BuiltInPackTests.ids)
  }

  @Test func promptsShowPrintsStagesQuestionsAndWhy() throws {
    let run = try TestSupport.reflect(["prompts", "show", "grow"])
    #expect(run.stdout.contains("4. Will (will)"))
    #expect(run.stdout.contains("how committed are you to doing it? [1–10]"))
    #expect(run.stdout.contains("why: A low number is useful information"))
    let missing = try TestSupport.reflect(["prompts", "show", "nope"])
    #expect(missing.status != 0)
    #expect(missing.stderr.contains("no pack 'nope'; available: collaboration, gibbs"))
  }

  @Test func validateReportsEveryErrorAndExitsOne() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: brokenFolder).filter {
      $0.hasSuffix(".yaml")
    }.sorted()
    let good = TestSupport.packageRoot.appendingPathComponent("Prompts/grow.yaml").path
    let run = try TestSupport.reflect(
      ["prompts", "validate", good] + files.map { brokenFolder + "/" + $0 })
    #expect(run.status == 1)
    #expect(run.stdout.contains("grow.yaml: ok (pack 'grow', 5 stages)"))
    let expected = try String(
      contentsOfFile: brokenFolder + "/expected-errors.txt", encoding: .utf8)
    for line in expected.split(separator: "\n") {
      #expect(run.stderr.contains(brokenFolder + "/" + line))
    }
    let allGood = try TestSupport.reflect(["prompts", "validate", good])
    #expect(allGood.status == 0)
  }

  @Test func userPackIsListedAndRunsAPipedSession() throws {
    let config = TestSupport.temporaryDirectory()
    let folder = config + "/reflect/prompts"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try userPack(id: "past-self", title: "Letter to my past self").write(
      toFile: folder + "/past-self.yaml", atomically: true, encoding: .utf8)
    try "id: [broken\n".write(toFile: folder + "/broken.yaml", atomically: true, encoding: .utf8)
    let environment = ["XDG_CONFIG_HOME": config]

    let list = try TestSupport.reflect(["prompts", "list"], environment: environment)
    #expect(list.stdout.contains("past-self"))
    #expect(list.stdout.contains("collaboration"), "a broken user pack must not stop the rest")
    #expect(list.stderr.contains("skipping pack: \(folder)/broken.yaml:"))

    let home = TestSupport.temporaryDirectory() + "/home"
    let run = try TestSupport.reflect(
      ["session", "--pack", "past-self", "--questions-only", "--home", home],
      input: "Ask for help sooner\nAsking is strength\n\n",
      environment: environment)
    #expect(run.status == 0)
    #expect(run.stdout.contains("What is the one thing you would tell your past self?"))
    let transcript = try TranscriptReader().read(path: TestSupport.transcripts(home: home)[0])
    #expect(transcript.start?.pack == "past-self")
    #expect(transcript.answers.map(\.text) == ["Ask for help sooner"])
    #expect(transcript.lessons.map(\.text) == ["Asking is strength"])
    #expect(transcript.end?.reason == .completed)
  }

  @Test func userPackWithABuiltInIdReplacesItWithANotice() throws {
    let folder = TestSupport.temporaryDirectory()
    try userPack(id: "gibbs", title: "My own Gibbs").write(
      toFile: folder + "/g.yaml", atomically: true, encoding: .utf8)
    let run = try TestSupport.reflect(["prompts", "list", "--prompts", folder])
    #expect(run.stdout.contains("My own Gibbs"))
    #expect(!run.stdout.contains("Gibbs' reflective cycle"))
    #expect(
      run.stderr.contains(
        "pack 'gibbs' from '\(folder)/g.yaml' replaces the one from Prompts/gibbs.yaml"))
  }

  @Test func sessionCanRunChosenStagesAndRejectsUnknownOnes() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let run = try TestSupport.reflect(
      [
        "session", "--pack", "4ls", "--stages", "lacked,lessons", "--questions-only", "--home",
        home,
      ],
      input: "Time\nLate nights\nPlan buffers\n\n")
    #expect(run.status == 0)
    #expect(!run.stdout.contains("What did you like"))
    let transcript = try TranscriptReader().read(path: TestSupport.transcripts(home: home)[0])
    #expect(transcript.start?.stages == ["lacked", "lessons"])
    #expect(transcript.answers.map(\.stage) == ["lacked", "lacked"])
    #expect(transcript.lessons.map(\.text) == ["Plan buffers"])
    let bad = try TestSupport.reflect([
      "session", "--pack", "4ls", "--stages", "liked,nope", "--home", home,
    ])
    #expect(bad.status != 0)
    #expect(bad.stderr.contains("pack '4ls' has no stage 'nope'"))
    let unknown = try TestSupport.reflect(["session", "--pack", "nope", "--home", home])
    #expect(
      unknown.stderr.contains(
        "no pack 'nope'; available: collaboration, gibbs, what-so-what-now-what"))
  }

  @Test func promptsNewWritesAValidPrivateStarterPackOnce() throws {
    let config = TestSupport.temporaryDirectory()
    let environment = ["XDG_CONFIG_HOME": config]
    let run = try TestSupport.reflect(["prompts", "new", "team-retro"], environment: environment)
    #expect(run.status == 0)
    let path = config + "/reflect/prompts/team-retro.yaml"
    #expect(TestSupport.mode(path) == 0o600)
    #expect(try TestSupport.reflect(["prompts", "validate", path]).status == 0)
    let listed = try TestSupport.reflect(["prompts", "list"], environment: environment)
    #expect(listed.stdout.contains("team-retro"))
    let again = try TestSupport.reflect(["prompts", "new", "team-retro"], environment: environment)
    #expect(again.status != 0)
    #expect(again.stderr.contains("File exists"))
    let bad = try TestSupport.reflect(["prompts", "new", "../escape"], environment: environment)
    #expect(bad.status != 0)
    #expect(bad.stderr.contains("not a valid pack id"))
  }

  @Test func aCopiedBinaryStillHasItsBuiltInPacks() throws {
    let folder = TestSupport.temporaryDirectory("copied")
    try FileManager.default.copyItem(atPath: TestSupport.reflectBinary, toPath: folder + "/reflect")
    // Run it from inside that folder, far from the build tree and its resource bundles.
    // Another test's child may still hold the copy's write descriptor for a moment (it was
    // forked while the copy was open): exec then fails with "Text file busy", so try again.
    var run = try TestSupport.run(
      "/bin/sh", ["-c", "cd \"$0\" && ./reflect prompts list", folder],
      environment: ["XDG_CONFIG_HOME": folder])
    for _ in 0..<50 where run.status != 0 && run.stderr.contains("Text file busy") {
      usleep(100_000)
      run = try TestSupport.run(
        "/bin/sh", ["-c", "cd \"$0\" && ./reflect prompts list", folder],
        environment: ["XDG_CONFIG_HOME": folder])
    }
    #expect(run.status == 0, "\(run.stderr)")
    for id in BuiltInPackTests.ids { #expect(run.stdout.contains(id)) }
  }
}

enum BuiltInPackTests {
  static let ids = [
    "collaboration", "gibbs", "what-so-what-now-what", "after-action-review", "grow", "4ls",
  ]
}
