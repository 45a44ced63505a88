import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

/// Behaving like a native command-line tool (issue 13).
@Suite struct NativeCommandLineTests {
  func homeWithASession() throws -> String {
    let home = TestSupport.temporaryDirectory() + "/home"
    _ = try TestSupport.reflect(["--home", home], input: "Care\n/quit\n")
    return home
  }

  @Test(arguments: [
    ["--home", "HOME", "list"], ["list", "--home", "HOME"], ["--home=HOME", "list"],
    ["prompts", "list", "--home", "HOME"], ["--home", "HOME", "prompts", "list"],
    ["--home", "HOME", "verify"], ["--color", "never", "--home", "HOME", "list"],
  ])
  func globalOptionsWorkBeforeOrAfterTheCommand(arguments: [String]) throws {
    let home = try homeWithASession()
    let run = try TestSupport.reflect(
      arguments.map { $0.replacingOccurrences(of: "HOME", with: home) })
    #expect(run.status == 0, "\(arguments): \(run.stderr)")
  }

  @Test func exitStatusesAreDocumentedOnes() throws {
    let home = try homeWithASession()
    #expect(try TestSupport.reflect(["show", "20200101-000000-none", "--home", home]).status == 3)
    #expect(try TestSupport.reflect(["session", "--pack", "nope", "--home", home]).status == 3)
    let badDay = try TestSupport.reflect(["list", "--since", "someday", "--home", home])
    #expect(badDay.status == 64)
    #expect(badDay.stderr.contains("Usage: reflect list"), "the command's own usage")
    #expect(badDay.stderr.contains("'last week'"), "what is accepted")
    #expect(try TestSupport.reflect(["--color", "rainbow", "list", "--home", home]).status == 64)
    #expect(try TestSupport.reflect(["list", "--home", home]).status == 0)
    let help = try TestSupport.reflect(["--help"])
    #expect(help.stdout.contains("3 not found"))
    #expect(help.stdout.contains("completion"))
  }

  @Test func colourFollowsTheDocumentedOrder() throws {
    let home = try homeWithASession()
    func coloured(_ arguments: [String], _ environment: [String: String]) throws -> Bool {
      try TestSupport.reflect(arguments + ["list", "--home", home], environment: environment)
        .stdout.contains("\u{1B}[")
    }
    #expect(try !coloured([], [:]), "piped: no colour")
    #expect(try coloured([], ["FORCE_COLOR": "1"]))
    #expect(try !coloured([], ["FORCE_COLOR": "1", "NO_COLOR": "1"]), "NO_COLOR beats FORCE_COLOR")
    #expect(try coloured(["--color", "always"], ["NO_COLOR": "1"]), "--color beats both")
    #expect(try !coloured(["--color", "never"], ["FORCE_COLOR": "1"]))
  }

  /// Every --json output is an object with a version and its documented keys.
  @Test(arguments: [
    (["show", "latest", "--json"], ["version", "id", "path", "events"]),
    (["verify", "--json"], ["version", "transcripts", "clean", "problems", "repaired"]),
    (["stats", "--json"], ["version", "streakWeeks", "sessionsPerMonth", "report"]),
    (["prompts", "show", "grow", "--json"], ["version", "id", "title", "stages", "maxFollowUps"]),
  ])
  func jsonOutputsHaveTheirDocumentedShape(arguments: [String], keys: [String]) throws {
    let home = try homeWithASession()
    let run = try TestSupport.reflect(arguments + ["--home", home])
    #expect(run.status == 0, "\(run.stderr)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: run.stdoutData) as? [String: Any])
    #expect(object["version"] as? Int == 1)
    for key in keys { #expect(object[key] != nil, "\(arguments): no '\(key)'") }
  }

  @Test func completionScriptsAreOffered() throws {
    for shell in ["bash", "zsh", "fish"] {
      let run = try TestSupport.reflect(["completion", shell])
      #expect(run.status == 0)
      #expect(run.stdout.contains("reflect"))
    }
    #expect(try TestSupport.reflect(["completion", "tcsh"]).status == 64)
  }

  @Test func theVersionIsTheVersionFile() throws {
    let version = try String(
      contentsOfFile: TestSupport.packageRoot.appendingPathComponent("VERSION").path,
      encoding: .utf8
    ).trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(try TestSupport.reflect(["--version"]).stdout == version + "\n")
  }
}

@Suite(.serialized) struct CompletionTerminalTests {
  /// In a real bash, `reflect replay <TAB>` offers the person's own session ids.
  @Test func bashCompletesSessionIdsFromTheHome() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    _ = try TestSupport.reflect(["--home", home], input: "Care\n/quit\n")
    let id = try #require(TestSupport.transcripts(home: home).first.flatMap { SessionID(path: $0) })
    let folder = TestSupport.temporaryDirectory()
    let script = folder + "/reflect.bash"
    try TestSupport.reflect(["completion", "bash"]).stdoutData.write(
      to: URL(fileURLWithPath: script))
    let binaryFolder = (TestSupport.reflectBinary as NSString).deletingLastPathComponent
    let pane = try TmuxPane(
      "env -i HOME=\(folder) TERM=xterm PATH=\(binaryFolder):/usr/bin:/bin bash --norc --noprofile")
    try pane.type("PS1='$ '; source \(script)")
    try pane.send("Enter")
    try pane.type("reflect replay --home \(home) 2026")
    try pane.send("Tab")
    try pane.send("Tab")
    try pane.waitFor(id.rawValue)
  }

  /// Coach lines wrap at word boundaries to the terminal's width, wide characters counted
  /// as two columns.
  @Test(arguments: [40, 120])
  func coachLinesWrapToTheTerminal(width: Int) throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let pane = try TmuxPane(
      "\(TestSupport.reflectBinary) session --home \(home) --about test --stages values --max-follow-ups 1",
      width: width, height: 50)
    try pane.waitFor("values ›")
    try pane.type("I feel the 学校 board 日本 listens only when I write it down")
    try pane.send("Enter")
    try pane.waitFor("values ›", count: 2)
    // The screen with the terminal's own soft wraps joined: a line longer than the width is
    // one the terminal had to break. Only the person's typed line (readline's) may be.
    let screen = try pane.screen()
    for line in screen.split(separator: "\n") where !line.hasPrefix("values ›") {
      #expect(TextWrapWidth.columns(String(line)) <= width, "\(line)")
    }
    // No word was broken across lines: the follow-up reads whole once lines are rejoined.
    let joined = screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
      .joined(separator: " ")
    #expect(
      joined.contains("What makes you feel the 学校 board 日本 listens only when you write it down?")
        || joined.contains("You feel the 学校 board 日本 listens only when you write it down."))
  }
}

/// Display columns, as a terminal counts them (wide East Asian characters are two).
enum TextWrapWidth {
  static func columns(_ text: String) -> Int {
    text.unicodeScalars.reduce(0) { total, scalar in
      let value = scalar.value
      let wide =
        (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
        || (0xAC00...0xD7A3).contains(value) || (0xFF00...0xFF60).contains(value)
      return total + (wide ? 2 : 1)
    }
  }
}

@Suite(.serialized) struct PagerTests {
  /// A long document on a terminal goes through $PAGER; with --no-pager, or into a pipe, not.
  @Test func longOutputIsPagedOnATerminalOnly() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    for index in 0..<30 {
      _ = try TestSupport.reflect(
        ["--home", home, "--stages", "lessons", "--questions-only"],
        input: "Lesson number \(index) about paging\n\n")
    }
    let folder = TestSupport.temporaryDirectory()
    let marker = folder + "/pager-ran"
    let fake = folder + "/fake-pager"
    try "#!/bin/sh\ntouch '\(marker)'\ncat\n".write(toFile: fake, atomically: true, encoding: .utf8)
    chmod(fake, 0o755)
    let pane = try TmuxPane(
      "PAGER=\(fake) \(TestSupport.reflectBinary) export --all --format text --home \(home)",
      width: 100, height: 20)
    _ = try pane.waitForExit()
    #expect(FileManager.default.fileExists(atPath: marker), "the pager ran")
    try FileManager.default.removeItem(atPath: marker)
    let plain = try TmuxPane(
      "PAGER=\(fake) \(TestSupport.reflectBinary) --no-pager export --all --format text --home \(home)",
      width: 100, height: 20)
    _ = try plain.waitForExit()
    #expect(!FileManager.default.fileExists(atPath: marker), "--no-pager")
    let piped = try TestSupport.reflect(
      ["export", "--all", "--format", "text", "--home", home], environment: ["PAGER": fake])
    #expect(piped.stdout.contains("Lesson number 29"))
    #expect(!FileManager.default.fileExists(atPath: marker), "never into a pipe")
  }
}

@Suite struct SettingsFileTests {
  func config(_ text: String) throws -> String {
    let folder = TestSupport.temporaryDirectory()
    try FileManager.default.createDirectory(
      atPath: folder + "/reflect", withIntermediateDirectories: true)
    try text.write(toFile: folder + "/reflect/config.yaml", atomically: true, encoding: .utf8)
    return folder
  }

  /// Flag, then REFLECT_* variable, then the settings file, then the default.
  @Test(arguments: [
    ([], [:], false, "Collaboration in public services"),
    ([], [:], true, "GROW"),
    ([], ["REFLECT_PACK": "4ls"], true, "The 4 Ls"),
    (["--pack", "gibbs"], ["REFLECT_PACK": "4ls"], true, "Gibbs' reflective cycle"),
  ])
  func precedenceIsFlagThenEnvironmentThenFileThenDefault(
    flags: [String], environment: [String: String], withFile: Bool, title: String
  ) throws {
    let folder = try config(withFile ? "pack: grow\nmax_follow_ups: 0\n" : "")
    let run = try TestSupport.reflect(
      ["session", "--home", folder + "/home"] + flags, input: "/quit\n",
      environment: environment.merging(["XDG_CONFIG_HOME": folder]) { $1 })
    #expect(run.stdout.contains("We'll reflect using '\(title)'"), "\(run.stdout)")
  }

  @Test func aBadSettingIsReportedWithItsPlace() throws {
    let folder = try config("pack: grow\ncolour: blue\n")
    let check = try TestSupport.reflect(
      ["config", "check"], environment: ["XDG_CONFIG_HOME": folder])
    #expect(check.status == 1)
    #expect(check.stderr.contains("config.yaml:2:1: unknown key 'colour' in the settings"))
    let bad = try config("max_follow_ups: 9\n")
    let value = try TestSupport.reflect(["config", "check"], environment: ["XDG_CONFIG_HOME": bad])
    #expect(
      value.stderr.contains("config.yaml:1:17: 'max_follow_ups' must be a whole number from 0 to 5")
    )
    let list = try TestSupport.reflect(
      ["list", "--home", TestSupport.temporaryDirectory()], environment: ["XDG_CONFIG_HOME": folder]
    )
    #expect(list.status == 1, "a broken settings file is not ignored")
  }

  @Test func configShowsEachSettingAndItsSource() throws {
    let folder = try config("export:\n  format: json\n")
    let path = try TestSupport.reflect(
      ["config", "path"], environment: ["XDG_CONFIG_HOME": folder])
    #expect(path.stdout == folder + "/reflect/config.yaml\n")
    let show = try TestSupport.reflect(
      ["config", "show"], environment: ["XDG_CONFIG_HOME": folder, "REFLECT_COLOR": "never"])
    #expect(show.stdout.contains("export.format: json  (config)"))
    #expect(show.stdout.contains("color: never  (environment)"))
    #expect(show.stdout.contains("pack: collaboration  (default)"))
    let home = TestSupport.temporaryDirectory() + "/home"
    _ = try TestSupport.reflect(["--home", home], input: "Care\n/quit\n")
    let export = try TestSupport.reflect(
      ["export", "--home", home], environment: ["XDG_CONFIG_HOME": folder])
    #expect(export.stdout.hasPrefix("{"), "the file's export format")
  }
}

@Suite(.serialized) struct DocumentWrapTests {
  @Test(arguments: [40, 120])
  func aDocumentOnATerminalWrapsToItsWidth(width: Int) throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let answer =
      "Honesty with the parents 学校 and the governors, even when the news about the budget was"
      + " bad and nobody wanted to hear it at the end of a long meeting"
    _ = try TestSupport.reflect(
      ["--home", home, "--stages", "values"], input: answer + "\n/quit\n")
    let pane = try TmuxPane(
      "\(TestSupport.reflectBinary) --no-pager show latest --format text --home \(home)",
      width: width, height: 60)
    _ = try pane.waitForExit()
    let screen = try pane.screen()
    for line in screen.split(separator: "\n") where !line.hasPrefix("[exit status") {
      #expect(TextWrapWidth.columns(String(line)) <= width, "\(line)")
    }
    #expect(screen.contains("學校") || screen.contains("学校"))
  }
}
