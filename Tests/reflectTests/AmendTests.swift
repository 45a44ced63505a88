import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `reflect amend` through the binary with fake editors: only what changed is appended, and
/// every command reads the latest words while replay and `--rerun` keep the originals.
@Suite struct AmendTests {
  /// A fake editor: a shell script with `body`, the amendment's path in `$1`.
  func editor(_ body: String) throws -> String {
    try TestSupport.script(body)
  }

  /// A home with one session: two answers, two lessons, one commitment.
  func home() throws -> (home: String, path: String) {
    let home = TestSupport.temporaryDirectory() + "/home"
    let input = """
      Pupils first, always.
      /multi
      The budget round.

      We held the line.
      /end
      /lessons
      Trust takes time.
      Ask the head early.

      Meet the new chair by 2026-12-20

      """
    let run = try TestSupport.reflect(
      ["session", "--questions-only", "--about", "School merger", "--home", home], input: input)
    #expect(run.status == 0, "\(run.stderr)")
    let paths = TestSupport.transcripts(home: home)
    try #require(paths.count == 1)
    return (home, paths[0])
  }

  func lines(_ path: String) throws -> [String] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
  }

  @Test func onlyTheChangedTextsAreAppendedAndEveryCommandReadsThem() throws {
    let (home, path) = try home()
    let before = try lines(path)
    let seen = home + "-seen"
    // Rewrites one answer (two paragraphs kept), withdraws one lesson, leaves the rest.
    let fake = try editor(
      """
      cp "$1" '\(seen)'
      sed -i 's/^Pupils first, always\\.$/Pupils first, even under pressure./; s/^Ask the head early\\.$//' "$1"
      """)
    let run = try TestSupport.reflect(
      ["amend", "latest", "--home", home], environment: ["EDITOR": fake, "VISUAL": ""])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("Amended 1 answer, 1 lesson in"))

    // What the editor opened: questions as comments, each text under its marker.
    let document = try String(contentsOfFile: seen, encoding: .utf8)
    #expect(document.contains("# Which values were you trying to protect"))
    #expect(document.contains("]\nThe budget round.\n\nWe held the line.\n"))
    #expect(document.contains("]\nMeet the new chair"))

    // Exactly two lines appended, the rest untouched.
    let after = try lines(path)
    #expect(Array(after.prefix(before.count)) == before)
    #expect(after.count == before.count + 2)
    let transcript = try TranscriptReader().read(path: path)
    let revisions = transcript.events.suffix(2).compactMap { event -> Command? in
      if case .command(let command) = event, command.name == .revise { command } else { nil }
    }
    try #require(revisions.count == 2)
    #expect(revisions.map(\.text) == ["Pupils first, even under pressure.", ""])
    let answerLine = try #require(
      zip(transcript.events, transcript.lines).first { event, _ in
        if case .answer(let answer) = event {
          answer.text == "Pupils first, always."
        } else {
          false
        }
      }?.1)
    #expect(revisions[0].line == answerLine)
    #expect(
      !FileManager.default.fileExists(
        atPath: home + "/drafts/" + transcript.start!.id.rawValue + ".amend"))

    // show, search, export and list read the latest words.
    let show = try TestSupport.reflect(["show", "latest", "--home", home]).stdout
    #expect(show.contains("> Pupils first, even under pressure."))
    #expect(!show.contains("Pupils first, always."))
    #expect(!show.contains("Ask the head early"))
    #expect(
      try TestSupport.reflect(["search", "pressure", "--home", home]).stdout.contains(
        "Pupils first, even under pressure."))
    #expect(
      try TestSupport.reflect(["search", "always", "--home", home]).stdout.contains("No matches"))
    let export = try TestSupport.reflect(["export", "--home", home]).stdout
    #expect(export.contains("Trust takes time."))
    #expect(!export.contains("Ask the head early"))

    // replay shows the original and the revision; --rerun and verify are unaffected.
    let replay = try TestSupport.reflect(["replay", "latest", "--home", home, "--color", "never"])
      .stdout
    #expect(replay.contains("  you │ Pupils first, always.\n      │ amended "))
    #expect(replay.contains(":\n  you │ Pupils first, even under pressure."))
    #expect(replay.contains("  you │ 2. Ask the head early.\n      │ amended "))
    #expect(replay.contains(": withdrawn"))
    let rerun = try TestSupport.reflect(["replay", "--rerun", "latest", "--home", home])
    #expect(rerun.status == 0, "\(rerun.stdout)")
    #expect(rerun.stdout.contains("Rerun matches"))
    #expect(try TestSupport.reflect(["verify", "--home", home]).status == 0)

    // A second amend that changes nothing appends nothing.
    let unchanged = try TestSupport.reflect(
      ["amend", "latest", "--home", home], environment: ["EDITOR": try editor("true")])
    #expect(unchanged.status == 0)
    #expect(unchanged.stdout.contains("Nothing changed"))
    #expect(try lines(path).count == before.count + 2)
    // It opened the latest words.
    #expect(try String(contentsOfFile: seen, encoding: .utf8).contains("Pupils first, always."))
  }

  @Test func aFailedEditOrABadMarkerChangesNothingAndIsKeptForNextTime() throws {
    let (home, path) = try home()
    let before = try String(contentsOfFile: path, encoding: .utf8)
    let failing = try editor("sed -i 's/^Trust takes time\\.$/Trust is earned./' \"$1\"; exit 1")
    let failed = try TestSupport.reflect(
      ["amend", "latest", "--home", home], environment: ["EDITOR": failing])
    #expect(failed.status == 1)
    #expect(failed.stderr.contains("exited with status 1: nothing was changed"))
    #expect(try String(contentsOfFile: path, encoding: .utf8) == before)

    // The next amend goes on from the kept edits; a marker that is not the session's is
    // refused with the file and line.
    let transcript = try TranscriptReader().read(path: path)
    let first = try #require(
      zip(transcript.events, transcript.lines).first { event, _ in
        if case .answer = event { true } else { false }
      }?.1)
    let breaking = try editor("sed -i 's/^\\[answer \(first)\\]$/[answer 999]/' \"$1\"")
    let broken = try TestSupport.reflect(
      ["amend", "latest", "--home", home], environment: ["EDITOR": breaking])
    #expect(broken.stdout.contains("Going on from the amendment left in"))
    #expect(broken.status == 1)
    #expect(broken.stderr.contains(".amend:"))
    #expect(broken.stderr.contains("[answer 999] is not one of this session's markers"))
    #expect(try String(contentsOfFile: path, encoding: .utf8) == before)

    // Fixed by hand: the earlier edit lands.
    let fixing = try editor("sed -i 's/^\\[answer 999\\]$/[answer \(first)]/' \"$1\"")
    let fixed = try TestSupport.reflect(
      ["amend", "latest", "--home", home], environment: ["EDITOR": fixing])
    #expect(fixed.status == 0, "\(fixed.stderr)")
    #expect(fixed.stdout.contains("Amended 1 lesson"))
    let show = try TestSupport.reflect(["show", "latest", "--home", home]).stdout
    #expect(show.contains("1. Trust is earned."))

    // An emptied answer is refused.
    let emptying = try editor("sed -i 's/^Pupils first, always\\.$//' \"$1\"")
    let emptied = try TestSupport.reflect(
      ["amend", "latest", "--home", home], environment: ["EDITOR": emptying])
    #expect(emptied.status == 1)
    #expect(emptied.stderr.contains("an answer cannot be emptied"))
  }

  @Test func repairKeepsACorrectionOnItsLine() throws {
    let (home, path) = try home()
    // A damaged line early in the file, then a correction naming a later line.
    var lines = try lines(path)
    lines.insert("{not json", at: 2)
    try (lines.joined(separator: "\n") + "\n").write(
      toFile: path, atomically: true, encoding: .utf8)
    let fake = try editor("sed -i 's/^Trust takes time\\.$/Trust is earned slowly./' \"$1\"")
    let amended = try TestSupport.reflect(
      ["amend", "latest", "--home", home], environment: ["EDITOR": fake])
    #expect(amended.status == 0, "\(amended.stderr)")
    #expect(try TestSupport.reflect(["verify", "--repair", "--home", home]).status == 1)
    #expect(try TestSupport.reflect(["verify", "--home", home]).status == 0)
    let show = try TestSupport.reflect(["show", "latest", "--home", home]).stdout
    #expect(show.contains("1. Trust is earned slowly."))
    #expect(show.contains("2. Ask the head early."))
  }

  @Test func aSessionInUseOrAPathIsRefused() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let holder = try PipedProcess(
      TestSupport.reflectBinary, ["session", "--questions-only", "--home", home])
    try holder.send("Patience")
    try holder.waitFor("When was ", count: 1)
    let run = try TestSupport.reflect(
      ["amend", "latest", "--home", home], environment: ["EDITOR": try editor("exit 0")])
    #expect(run.status != 0)
    #expect(run.stderr.contains("is in use by another reflect"))
    holder.kill9()
    let path = try TestSupport.reflect(
      ["amend", TestSupport.transcripts(home: home)[0], "--home", home])
    #expect(path.status == 64)
  }

  /// A draft the editor saved as Latin-1 is refused with its file and line (read anyway,
  /// every accented letter would be U+FFFD): nothing changes, and the draft is kept as it
  /// was saved, for the person to save as UTF-8 and run amend again.
  @Test func aLatin1DraftIsRefusedWithItsLineAndKept() throws {
    let (home, path) = try home()
    let before = try String(contentsOfFile: path, encoding: .utf8)
    // "café" with é as Latin-1's one byte, E9.
    let latin1 = try editor(
      #"LC_ALL=C sed -i "s/^Pupils first, always\\.$/Pupils first, caf$(printf '\351')./" "$1""#)
    let run = try TestSupport.reflect(
      ["amend", "latest", "--home", home], environment: ["EDITOR": latin1, "VISUAL": ""])
    #expect(run.status == 1)
    let id = try #require(TranscriptReader().read(path: path).start?.id)
    let draft = home + "/drafts/\(id).amend"
    let kept = try #require(FileManager.default.contents(atPath: draft))
    let line = try #require(
      kept.split(separator: 0x0A, omittingEmptySubsequences: false).firstIndex {
        $0.contains(0xE9)
      })
    #expect(
      run.stderr.contains("\(draft):\(line + 1): not UTF-8 text"), "\(run.stderr)")
    #expect(run.stderr.contains("Nothing was changed"))
    #expect(try String(contentsOfFile: path, encoding: .utf8) == before)
    #expect(!before.contains("\u{FFFD}"))

    // Saved again as UTF-8, the edit lands.
    let fixing = try editor(#"LC_ALL=C sed -i "s/caf$(printf '\351')/café/" "$1""#)
    let fixed = try TestSupport.reflect(
      ["amend", "latest", "--home", home], environment: ["EDITOR": fixing, "VISUAL": ""])
    #expect(fixed.status == 0, "\(fixed.stderr)")
    let show = try TestSupport.reflect(["show", "latest", "--home", home]).stdout
    #expect(show.contains("> Pupils first, café."))
    #expect(!show.contains("\u{FFFD}"))
  }

  /// The settings file's `editor` is the one amend opens, over $VISUAL and $EDITOR, as
  /// `config show` reports; $REFLECT_EDITOR is over all of them.
  @Test func theEditorInTheSettingsIsTheOneOpened() throws {
    let (home, _) = try home()
    let marks = home + "-marks"
    let chosen = try editor("echo settings >> '\(marks)'")
    let variable = try editor("echo variable >> '\(marks)'")
    let other = try editor("echo other >> '\(marks)'; exit 7")
    let config = TestSupport.temporaryDirectory("config")
    try FileManager.default.createDirectory(
      atPath: config + "/reflect", withIntermediateDirectories: true)
    try "editor: \(chosen)\n".write(
      toFile: config + "/reflect/config.yaml", atomically: true, encoding: .utf8)
    let environment = ["XDG_CONFIG_HOME": config, "VISUAL": other, "EDITOR": other]
    let show = try TestSupport.reflect(["config", "show"], environment: environment)
    #expect(show.stdout.contains("editor: \(chosen)  (config)"), "\(show.stdout)")
    let run = try TestSupport.reflect(
      ["amend", "latest", "--home", home], environment: environment)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("Nothing changed"))
    #expect(try String(contentsOfFile: marks, encoding: .utf8) == "settings\n")

    var overridden = environment
    overridden["REFLECT_EDITOR"] = variable
    let shown = try TestSupport.reflect(["config", "show"], environment: overridden)
    #expect(shown.stdout.contains("editor: \(variable)  (environment)"), "\(shown.stdout)")
    let second = try TestSupport.reflect(
      ["amend", "latest", "--home", home], environment: overridden)
    #expect(second.status == 0, "\(second.stderr)")
    #expect(try String(contentsOfFile: marks, encoding: .utf8) == "settings\nvariable\n")
  }
}
