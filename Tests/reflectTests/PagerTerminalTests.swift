import Foundation
import ReflectTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The pager on a real terminal (tmux), as a person meets it: it must run in the terminal's
/// foreground process group, or a pager that reads the keyboard is stopped on a blank
/// screen (`less` sat in state T until Ctrl-C).
@Suite(.serialized) struct PagerTerminalTests {
  /// A home with one session of 60 lessons: longer than any pane here.
  func longSession() throws -> String {
    let home = TestSupport.temporaryDirectory() + "/home"
    let lessons = (1...60).map { "Lesson number \($0) about paging\n" }.joined()
    let run = try TestSupport.reflect(
      ["--home", home, "--stages", "lessons", "--questions-only"], input: lessons + "\n")
    #expect(run.status == 0, "\(run.stderr)")
    return home
  }

  /// An interactive shell in tmux, with job control as a person's has (reflect is then the
  /// terminal's foreground process group, and a child outside it is stopped when it reads
  /// the terminal), that has run `command`.
  func shell(running command: String) throws -> TmuxPane {
    let pane = try TmuxPane(
      "env PS1='prompt$ ' bash --norc --noprofile -i", width: 80, height: 15)
    try pane.waitFor("prompt$ ")
    try pane.type(command + "; echo \"[reflect\" \"status $?]\"")
    try pane.send("Enter")
    return pane
  }

  /// `less -FRX` (the default pager) shows its first screen and takes keys; `q` ends it and
  /// reflect, back at the shell prompt.
  @Test func lessShowsTheFirstScreenAndQuitsOnQ() throws {
    try #require(TestSupport.hasCommand("less"), "make setup installs less")
    let home = try longSession()
    let pane = try shell(
      running:
        "env -u PAGER -u REFLECT_PAGER -u LESS \(TestSupport.reflectBinary) show latest --home \(home)"
    )
    let first = try pane.waitFor("Lesson number 1 about paging", timeout: 30)
    #expect(!first.contains("Lesson number 60 about paging"), "one screen at a time")
    // To the end of the document: less reads the keys typed.
    try pane.send("G")
    let end = try pane.waitFor("Lesson number 60 about paging", timeout: 30)
    #expect(!end.contains("[reflect status"))
    try pane.send("q")
    try pane.waitFor("[reflect status 0]", timeout: 30)
    try pane.waitFor("prompt$ ", count: 2, timeout: 30)
  }

  /// A pager that reads the terminal gets the keys typed, and the whole document on stdin.
  @Test func aPagerThatReadsTheTerminalGetsTheKeysTyped() throws {
    let home = try longSession()
    let folder = TestSupport.temporaryDirectory("pager")
    let fake = folder + "/fake-pager"
    try """
    #!/bin/sh
    cat > '\(folder)/paged'
    printf 'Press a key: '
    IFS= read -r line < /dev/tty || exit 3
    printf '%s' "$line" > '\(folder)/typed'
    """.write(toFile: fake, atomically: true, encoding: .utf8)
    chmod(fake, 0o755)
    let pane = try shell(
      running: "REFLECT_PAGER=\(fake) \(TestSupport.reflectBinary) show latest --home \(home)")
    try pane.waitFor("Press a key:", timeout: 30)
    try pane.type("seen")
    try pane.send("Enter")
    try pane.waitFor("[reflect status 0]", timeout: 30)
    #expect(try String(contentsOfFile: folder + "/typed", encoding: .utf8) == "seen")
    let paged = try String(contentsOfFile: folder + "/paged", encoding: .utf8)
    #expect(paged.contains("Lesson number 1 about paging"))
    #expect(paged.contains("Lesson number 60 about paging"))
  }
}
