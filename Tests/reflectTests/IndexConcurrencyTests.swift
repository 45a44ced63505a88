import Foundation
import ReflectTestSupport
import Testing

/// Several reflect processes at once on one home: sessions being written, reports read and
/// the index rebuilt, all at the same time.
@Suite struct IndexConcurrencyTests {
  /// With sessions being written and the index rebuilt by two commands at once, every
  /// `stats`, `export` and `search` exits 0, never calls the index damaged, and reports
  /// every finished session once.
  @Test func busyIndexIsNeverCalledDamagedAndReadsAreWhole() throws {
    let home = TestSupport.temporaryDirectory("index-busy")
    let seeds = (1...16).map { "zebra seed \($0)" }
    for seed in seeds {
      let run = try TestSupport.reflect(
        ["session", "--questions-only", "--home", home], input: seed + "\nmore words\n\n/quit\n")
      try #require(run.status == 0, "\(run.stderr)")
    }
    let failures = Failures()
    let stop = Failures()
    let writers = DispatchGroup()
    // Two people in sessions all along: each answer appended (and a new file started) while
    // the reports run.
    for writer in 1...2 {
      DispatchQueue.global().async(group: writers) {
        var round = 0
        while stop.isEmpty {
          round += 1
          // An answer every 50 ms, piped: the file grows while the reports read it.
          _ = try? TestSupport.run(
            "/bin/sh",
            [
              "-c",
              "for n in 1 2 3 4 5 6 7 8 9 10 11 12; do echo \"zebra live $2 $3 $n\"; sleep 0.05;"
                + " done | \"$0\" session --questions-only --home \"$1\"",
              TestSupport.reflectBinary, home, "\(writer)", "\(round)",
            ])
        }
      }
    }
    let commands: [[String]] = [
      ["stats", "--json"], ["stats", "--json"], ["export", "--format", "json"],
      ["search", "--json", "--all", "zebra"], ["index", "--rebuild"], ["index", "--rebuild"],
    ]
    DispatchQueue.concurrentPerform(iterations: commands.count) { which in
      let command = commands[which]
      for _ in 0..<10 {
        guard let run = try? TestSupport.reflect(command + ["--home", home]) else {
          failures.add("\(command) did not run")
          continue
        }
        if run.status != 0 || run.stderr.contains("damaged") {
          failures.add("\(command) exited \(run.status): \(run.stderr)")
        }
        guard command[0] != "index" else { continue }
        let json = try? JSONSerialization.jsonObject(with: run.stdoutData)
        switch command[0] {
        case "search":
          let hits = (json as? [[String: Any]] ?? []).map {
            "\($0["session"] ?? "") \($0["text"] ?? "")"
          }
          if Set(hits).count != hits.count { failures.add("duplicated hits: \(hits)") }
          let texts = Set(hits.map { $0.split(separator: " ", maxSplits: 1).last ?? "" })
          for seed in seeds where !texts.contains(Substring(seed)) {
            failures.add("search missed '\(seed)' (\(hits.count) hits): \(run.stderr)")
          }
        case "stats":
          let report = (json as? [String: Any])?["report"] as? [String: Any]
          let count = report?["sessionCount"] as? Int
          if (count ?? 0) < seeds.count { failures.add("stats counted \(count ?? -1) sessions") }
        default:
          let count = (json as? [String: Any])?["sessionCount"] as? Int
          if (count ?? 0) < seeds.count { failures.add("export counted \(count ?? -1) sessions") }
        }
      }
    }
    stop.add("done")
    writers.wait()
    #expect(failures.all.isEmpty, "\(failures.all.joined(separator: "\n"))")
    // And the index left behind is whole.
    let list = try TestSupport.reflect(["search", "--json", "--all", "zebra", "--home", home])
    let files = try TestSupport.reflect(
      ["search", "--json", "--all", "zebra", "--home", home],
      environment: ["REFLECT_NO_INDEX": "1"])
    #expect(list.status == 0 && list.stderr.isEmpty, "\(list.stderr)")
    #expect(list.stdout == files.stdout)
  }
}

/// Lines gathered from several threads.
private final class Failures: @unchecked Sendable {
  private let lock = NSLock()
  private var lines: [String] = []

  func add(_ line: String) { lock.withLock { lines.append(line) } }
  var all: [String] { lock.withLock { lines } }
  var isEmpty: Bool { all.isEmpty }
}
