import Foundation
import ReflectCore
import ReflectTerminal
import ReflectTestSupport
import Testing

@Suite struct StatsTests {
  @Test func statsGivesTheOverview() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let folder = ExportTests.fixtures + "/archive"
    for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() {
      let events = try TranscriptReader().read(path: folder + "/" + name).events
      _ = try writeTranscript(home: home, id: String(name.dropLast(6)), events)
    }
    let run = try TestSupport.reflect(["stats", "--home", home], environment: ["TZ": "UTC"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(
      run.stdout.contains(
        "Sessions per month\n  2026-10 ██████████ 1\n  2026-11 ████████████████████ 2"))
    #expect(run.stdout.contains("Streak: "))
    // The same order as the export: what recurs first, then the themes.
    #expect(
      run.stdout.contains(
        "At a glance\n  Lessons that keep coming back:\n    1. Trust grew slowly, over months — 3 times since 2026-10-05"
      ), "\(run.stdout)")
    #expect(run.stdout.contains("in 1 of 3 sessions"))
    let glance = try #require(run.stdout.range(of: "At a glance"))
    let themes = try #require(run.stdout.range(of: "Lessons by stage"))
    #expect(glance.lowerBound < themes.lowerBound)
    let dumb = try TestSupport.reflect(
      ["stats", "--home", home], environment: ["TZ": "UTC", "TERM": "dumb"])
    #expect(!dumb.stdout.contains("█"), "numbers, not bars, on a dumb terminal")
    #expect(dumb.stdout.contains("  2026-11 2"))
    for width in [40, 120] {
      for command in [["stats"], ["export", "--format", "text"]] {
        let wrapped = try TestSupport.reflect(
          command + ["--home", home], environment: ["TZ": "UTC", "COLUMNS": "\(width)"])
        for line in wrapped.stdout.split(separator: "\n") {
          let longest = line.split(separator: " ").map { TextWrap.width(String($0)) }.max() ?? 0
          #expect(
            TextWrap.width(String(line)) <= width || longest > width / 2,
            "\(command) at \(width): \(line)")
        }
      }
    }
    let empty = try TestSupport.reflect(["stats", "--home", TestSupport.temporaryDirectory()])
    #expect(empty.stdout.contains("No sessions yet"))
  }
}

@Suite(.serialized) struct ExportProgressTests {
  @Test func progressGoesToATerminalOnlyAndTextHasColour() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let time = Date(timeIntervalSince1970: 1_795_000_000)
    for index in 0..<250 {
      let id = String(format: "20261118-08%04d-p%03d", index, index)
      _ = try writeTranscript(
        home: home, id: id,
        session(
          id, at: time + Double(index), answers: [("trust", "Trust took months")],
          lessons: ["Trust takes time"]))
    }
    // Shown once the work has taken REFLECT_PROGRESS_AFTER seconds (default 1; 0 here, as
    // this archive is read in well under a second).
    let progress = try TmuxPane(
      "REFLECT_PROGRESS_AFTER=0 \(TestSupport.reflectBinary) export --home \(home) > /dev/null;"
        + " sleep 5", width: 150)
    try progress.waitFor("indexing transcripts: 250/250")
    try progress.waitFor("reading sessions: 250/250")
    try FileManager.default.removeItem(atPath: home + "/index.sqlite")
    let piped = try TestSupport.reflect(
      ["export", "--home", home], environment: ["REFLECT_PROGRESS_AFTER": "0"])
    #expect(piped.status == 0)
    #expect(piped.stderr.isEmpty, "no progress when stderr is not a terminal")
    let pane = try TmuxPane(
      "env -u NO_COLOR \(TestSupport.reflectBinary) export --format text --session 20261118-080007-p007"
        + " --home \(home); sleep 5", width: 150)
    try pane.waitFor("Commitments")
    let screen = try pane.screen(escapes: true)
    #expect(screen.contains("Key lessons and learning"))
    #expect(!screen.contains("␛"), "reflect's own styles are not shown as placeholders")
    #expect(screen.contains("\u{1B}["), "colour on a terminal")
  }
}
