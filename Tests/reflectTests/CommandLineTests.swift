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
    #expect(try TestSupport.reflect(["list", "--since", "someday", "--home", home]).status == 64)
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
      "\(TestSupport.reflectBinary) session --home \(home) --stages values --max-follow-ups 1",
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
