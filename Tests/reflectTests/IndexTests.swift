import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

/// The derived index (index.sqlite): the same answers as reading the files, kept up to date,
/// and never a risk to what is saved.
@Suite struct IndexTests {
  static let root = TestSupport.packageRoot.path

  /// A home with the scenario archive, the export fixtures and the example transcripts, one
  /// transcript with a damaged line and one with a torn last line.
  func richHome() throws -> String {
    let home = TestSupport.temporaryDirectory("index") + "/home"
    let folder = home + "/transcripts"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    chmod(home, 0o700)
    chmod(folder, 0o700)
    var sources: [String] = []
    for directory in ["Tests/Fixtures/ScenarioArchive", "Tests/Fixtures/Export/archive"] {
      for name in try FileManager.default.contentsOfDirectory(atPath: Self.root + "/" + directory)
      where name.hasSuffix(".jsonl") {
        sources.append(Self.root + "/" + directory + "/" + name)
      }
    }
    for path in sources {
      let target = folder + "/" + (path as NSString).lastPathComponent
      try FileManager.default.copyItem(atPath: path, toPath: target)
      chmod(target, 0o600)
    }
    for name in try FileManager.default.contentsOfDirectory(atPath: Self.root + "/Transcripts")
    where name.hasSuffix(".jsonl") {
      let path = Self.root + "/Transcripts/" + name
      guard let id = try TranscriptReader().read(path: path).start?.id else { continue }
      try FileManager.default.copyItem(atPath: path, toPath: folder + "/\(id).jsonl")
      chmod(folder + "/\(id).jsonl", 0o600)
    }
    // Damage: a bad line in the middle of one, a torn last line in another.
    let time = Date(timeIntervalSince1970: 1_796_000_000)
    let damaged = try writeTranscript(
      home: home, id: "20261201-090000-dmg1",
      session(
        "20261201-090000-dmg1", at: time,
        answers: [("trust", "Trust was thin with the trust board"), ("values", "Fairness")],
        lessons: ["Name the trust problem early"]))
    var text = try String(contentsOfFile: damaged, encoding: .utf8)
    text = text.replacingOccurrences(of: "\"type\":\"answer\"", with: "\"type\":\"answr\"")
    try text.write(toFile: damaged, atomically: false, encoding: .utf8)
    let torn = try writeTranscript(
      home: home, id: "20261202-090000-torn",
      session("20261202-090000-torn", at: time + 86_400, answers: [("trust", "Trust and café")]))
    let handle = try #require(FileHandle(forWritingAtPath: torn))
    handle.seekToEndOfFile()
    handle.write(Data("{\"type\":\"lesson\",\"text\":\"half".utf8))
    try handle.close()
    return home
  }

  static let commands: [[String]] = [
    ["list"], ["list", "--json"], ["list", "-n", "3"], ["list", "--stage", "trust"],
    ["list", "--since", "2026-06-01"], ["search", "trust"], ["search", "--json", "trust"],
    ["search", "trust", "-board", "--json"], ["search", "\"trust board\"", "OR", "caf*"],
    ["search", "--stage", "values", "fair*"], ["stats"], ["stats", "--json"],
    ["export", "--format", "markdown"], ["export", "--format", "json"],
    ["export", "--format", "html"], ["export", "--format", "text"],
    ["export", "--since", "2026-03-01", "--format", "json"],
  ]

  /// Every archive command's stdout and stderr, through the index or straight from the files.
  func outputs(_ home: String, noIndex: Bool, answersReadBack: Bool = false) throws -> [String] {
    var environment = ["TZ": "UTC"]
    if noIndex { environment["REFLECT_NO_INDEX"] = "1" }
    // Reports read the answers lessons echo back from the index (as for a large archive).
    if answersReadBack { environment["REFLECT_ANSWERS_KEPT"] = "0" }
    return try Self.commands.map { command in
      let run = try TestSupport.reflect(command + ["--home", home], environment: environment)
      #expect(run.status == 0, "\(command): \(run.stderr)")
      return "$ \(command)\n\(run.stdout)\n--- stderr\n\(run.stderr)"
    }
  }

  @Test func indexAndFilesGiveTheSameOutput() throws {
    let home = try richHome()
    let fromFiles = try outputs(home, noIndex: true)
    #expect(!FileManager.default.fileExists(atPath: home + "/index.sqlite"))
    // Built on the first command, then refreshed (nothing to do) by every other.
    let built = try outputs(home, noIndex: false)
    #expect(FileManager.default.fileExists(atPath: home + "/index.sqlite"))
    for (file, index) in zip(fromFiles, built) { #expect(file == index) }
    let readBack = try outputs(home, noIndex: false, answersReadBack: true)
    for (file, index) in zip(fromFiles, readBack) { #expect(file == index) }
    #expect(fromFiles.joined().contains("answr"), "the damaged line is reported")
    #expect(fromFiles.joined().contains("unterminated last line"))
    #expect(fromFiles.joined().contains("20261201-090000-dmg1"))
    // A changed transcript and a removed one are seen on the next command.
    let victim = home + "/transcripts/20261202-090000-torn.jsonl"
    try FileManager.default.removeItem(atPath: victim)
    _ = try writeTranscript(
      home: home, id: "20261203-090000-news",
      session(
        "20261203-090000-news", at: Date(timeIntervalSince1970: 1_796_200_000),
        answers: [("trust", "Trust needs the newest of habits")], lessons: ["Keep new habits"]))
    let refreshed = try outputs(home, noIndex: false)
    let again = try outputs(home, noIndex: true)
    for (file, index) in zip(again, refreshed) { #expect(file == index) }
    #expect(refreshed.joined().contains("newest of habits"))
    #expect(!refreshed.joined().contains("20261202-090000-torn"))
  }

  /// Answers read back from the index for a report of many sessions (windows of a few
  /// hundred, read on both cores as the sources are written) are those kept as read.
  @Test func answersReadBackAcrossManyWindowsMatchThoseKept() throws {
    let home = TestSupport.temporaryDirectory("answers-back") + "/home"
    let time = Date(timeIntervalSince1970: 1_790_000_000)
    for number in 0..<900 {
      let id = String(format: "20260901-%06d-a%04d", number, number)
      _ = try writeTranscript(
        home: home, id: id,
        session(
          id, at: time + Double(number * 3_600),
          answers: [("trust", "The budget of year \(number) was agreed early with the council")],
          lessons: ["Agree the budget of year \(number) early"]))
    }
    // (The text report shows no answers.)
    for format in ["markdown", "json"] {
      let command = ["export", "--format", format, "--all", "--home", home]
      let kept = try TestSupport.reflect(command, environment: ["TZ": "UTC"])
      let readBack = try TestSupport.reflect(
        command, environment: ["TZ": "UTC", "REFLECT_ANSWERS_KEPT": "0"])
      #expect(kept.status == 0 && readBack.status == 0, "\(readBack.stderr)")
      #expect(kept.stdout == readBack.stdout, "\(format)")
      #expect(readBack.stdout.contains("year 899 was agreed early"), "\(format)")
    }
    // HTML: on the report's sources page.
    var pages: [String] = []
    for environment in [["TZ": "UTC"], ["TZ": "UTC", "REFLECT_ANSWERS_KEPT": "0"]] {
      let output = TestSupport.temporaryDirectory("answers-back") + "/report.html"
      let run = try TestSupport.reflect(
        ["export", "--format", "html", "--with-sources", "--output", output, "--home", home],
        environment: environment)
      #expect(run.status == 0, "\(run.stderr)")
      pages.append(
        try String(
          contentsOfFile: output.replacingOccurrences(of: ".html", with: "-sources.html"),
          encoding: .utf8))
    }
    #expect(pages[0] == pages[1])
    #expect(pages[1].contains("year 899 was agreed early"))
  }

  @Test func anAnswerJustSavedShowsInTheNextCommand() throws {
    let home = TestSupport.temporaryDirectory("index-live") + "/home"
    let first = try TestSupport.reflect(
      ["--home", home, "--stages", "values", "--questions-only"],
      input: "Fairness above all\n")
    #expect(first.status == 0, "\(first.stderr)")
    let listed = try TestSupport.reflect(["list", "--home", home])
    #expect(listed.stdout.contains("1 answer"), "\(listed.stdout)")
    // The index now exists; a transcript growing (as a running session's does) is re-read.
    let path = try #require(
      try FileManager.default.contentsOfDirectory(atPath: home + "/transcripts").first)
    let handle = try #require(FileHandle(forWritingAtPath: home + "/transcripts/" + path))
    handle.seekToEndOfFile()
    let answer = Answer(
      stage: "values", question: "extra", text: "Kindness to the zebra crossing team",
      time: Date())
    handle.write(TranscriptCodec().encode(.answer(answer)))
    try handle.close()
    let found = try TestSupport.reflect(["search", "zebra", "--home", home])
    #expect(found.stdout.contains("zebra crossing"), "\(found.stdout) \(found.stderr)")
    let relisted = try TestSupport.reflect(["list", "--home", home])
    #expect(relisted.stdout.contains("2 answers"), "\(relisted.stdout)")
  }

  /// Deleting the index, filling it with garbage, or leaving one of another format loses
  /// nothing: the next command rebuilds it (saying so when it was damaged or old) and the
  /// transcripts are never touched.
  @Test func aDeletedDamagedOrOldIndexLosesNothing() throws {
    let home = try richHome()
    let folder = home + "/transcripts"
    func snapshot() throws -> [String: Data] {
      var files: [String: Data] = [:]
      for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
        files[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
      }
      return files
    }
    let before = try snapshot()
    let expected = try TestSupport.reflect(["list", "--json", "--home", home])
    let index = home + "/index.sqlite"
    try FileManager.default.removeItem(atPath: index)
    let deleted = try TestSupport.reflect(["list", "--json", "--home", home])
    #expect(deleted.stdout == expected.stdout)
    #expect(deleted.stderr == expected.stderr, "a deleted index is rebuilt quietly")
    // Garbage over the whole file.
    try Data(repeating: 0x5A, count: 64 * 1024).write(to: URL(fileURLWithPath: index))
    let damaged = try TestSupport.reflect(["list", "--json", "--home", home])
    #expect(damaged.status == 0)
    #expect(damaged.stdout == expected.stdout)
    #expect(damaged.stderr.contains("damaged"), "\(damaged.stderr)")
    #expect(
      damaged.stderr.split(separator: "\n").filter { $0.contains("damaged") }.count == 1,
      "one line says so: \(damaged.stderr)")
    // Garbage in the middle of a real index (its header intact).
    var bytes = try Data(contentsOf: URL(fileURLWithPath: index))
    let middle = bytes.count / 2
    bytes.replaceSubrange(
      middle..<min(bytes.count, middle + 8192), with: Data(repeating: 0xA5, count: 8192))
    try bytes.write(to: URL(fileURLWithPath: index))
    for command in [["list", "--json"], ["search", "--json", "trust"], ["stats", "--json"]] {
      let run = try TestSupport.reflect(command + ["--home", home])
      let files = try TestSupport.reflect(
        command + ["--home", home], environment: ["REFLECT_NO_INDEX": "1"])
      #expect(run.status == 0, "\(command): \(run.stderr)")
      #expect(run.stdout == files.stdout, "\(command)")
    }
    // An index of another format.
    let sqlite = try TestSupport.run(
      "/usr/bin/env",
      [
        "python3", "-c",
        """
        import sqlite3, sys
        c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA user_version = 99'); c.commit()
        """, index,
      ])
    #expect(sqlite.status == 0, "\(sqlite.stderr)")
    let old = try TestSupport.reflect(["list", "--json", "--home", home])
    #expect(old.stdout == expected.stdout)
    #expect(old.stderr.contains("another version of reflect"), "\(old.stderr)")
    // Unusable (a folder where the file belongs): read from the files, with a notice.
    try FileManager.default.removeItem(atPath: index)
    try FileManager.default.createDirectory(atPath: index, withIntermediateDirectories: false)
    let blocked = try TestSupport.reflect(["list", "--json", "--home", home])
    #expect(blocked.status == 0)
    #expect(blocked.stdout == expected.stdout)
    #expect(blocked.stderr.contains("reading the transcripts themselves"), "\(blocked.stderr)")
    #expect(try snapshot() == before, "no transcript was touched")
    var status = stat()
    try FileManager.default.removeItem(atPath: index)
    _ = try TestSupport.reflect(["index", "--home", home])
    #expect(stat(index, &status) == 0 && status.st_mode & 0o777 == 0o600)
  }

  /// A session's stored digest (what stats and export add up) that no longer reads is
  /// noticed, the index rebuilt once, and the output is what the transcripts give.
  @Test func aDamagedStoredDigestIsRebuilt() throws {
    let home = try richHome()
    let files = try TestSupport.reflect(
      ["stats", "--json", "--home", home], environment: ["REFLECT_NO_INDEX": "1", "TZ": "UTC"])
    let first = try TestSupport.reflect(
      ["stats", "--json", "--home", home], environment: ["TZ": "UTC"])
    #expect(first.stdout == files.stdout)
    let damage = try TestSupport.run(
      "/usr/bin/env",
      [
        "python3", "-c",
        """
        import sqlite3, sys
        c = sqlite3.connect(sys.argv[1])
        n = c.execute("SELECT count(*) FROM digests").fetchone()[0]
        c.execute("UPDATE digests SET digest = x'0102' WHERE fid = (SELECT min(fid) FROM digests)")
        c.commit()
        print(n)
        """, home + "/index.sqlite",
      ])
    #expect(damage.status == 0, "\(damage.stderr)")
    #expect((Int(damage.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 5)
    let damaged = try TestSupport.reflect(
      ["stats", "--json", "--home", home], environment: ["TZ": "UTC"])
    #expect(damaged.status == 0, "\(damaged.stderr)")
    #expect(damaged.stdout == files.stdout)
    #expect(
      damaged.stderr.split(separator: "\n").filter { $0.contains("damaged") }.count == 1,
      "\(damaged.stderr)")
    let after = try TestSupport.reflect(
      ["stats", "--json", "--home", home], environment: ["TZ": "UTC"])
    #expect(after.stdout == files.stdout)
    #expect(!after.stderr.contains("damaged"), "\(after.stderr)")
  }

  /// Several commands building the index at once all give the full, same answer.
  @Test func processesRefreshingAtOnceAgree() throws {
    let home = TestSupport.temporaryDirectory("index-race") + "/home"
    let time = Date(timeIntervalSince1970: 1_790_000_000)
    // Over 2,000 files: the first build takes the bulk path (no syncs, fewer checkpoints).
    for number in 0..<2_100 {
      let id = String(format: "20260901-%06d-r%04d", number, number)
      _ = try writeTranscript(
        home: home, id: id,
        session(
          id, at: time + Double(number * 60),
          answers: [("trust", "Trust number \(number) took time"), ("values", "Care")],
          lessons: ["Lesson \(number)"]))
    }
    // Six commands started together, each finding no index and building it; twice, the
    // second time after the index is deleted again.
    for _ in 0..<2 {
      try? FileManager.default.removeItem(atPath: home + "/index.sqlite")
      let results = ResultsBox(count: 6)
      DispatchQueue.concurrentPerform(iterations: 6) { slot in
        results.set(slot, try? TestSupport.reflect(["list", "--json", "--home", home]))
      }
      let runs = results.values.compactMap { $0 }
      #expect(runs.count == 6)
      for run in runs { #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)") }
      let outputs = runs.map(\.stdout)
      let listed = try JSONSerialization.jsonObject(with: Data(outputs[0].utf8)) as? [Any]
      #expect(listed?.count == 2_100, "\(outputs[0].prefix(300))")
      for output in outputs.dropFirst() { #expect(output == outputs[0]) }
    }
    let status = try TestSupport.reflect(["index", "--status", "--home", home])
    #expect(status.stdout.contains("Transcripts:  2100 (2100 sessions)"), "\(status.stdout)")
    #expect(status.stdout.contains("Up to date:   yes"), "\(status.stdout)")
    // The log the bulk build grew is folded in and gone once every command has finished.
    let log =
      (try? FileManager.default.attributesOfItem(atPath: home + "/index.sqlite-wal"))?[
        .size] as? Int
    #expect((log ?? 0) < 4 << 20, "index.sqlite-wal is \(log ?? 0) bytes")
    // The full-text table merges as usual again (the bulk build let it gather more).
    let merging = try TestSupport.run(
      "/usr/bin/env",
      [
        "python3", "-c",
        """
        import sqlite3, sys
        c = sqlite3.connect(sys.argv[1])
        print(c.execute("SELECT v FROM texts_config WHERE k = 'automerge'").fetchone()[0])
        """, home + "/index.sqlite",
      ])
    #expect(merging.stdout == "4\n", "\(merging.stdout) \(merging.stderr)")
  }

  @Test func theIndexCommandRebuildsAndReports() throws {
    let home = try richHome()
    let none = try TestSupport.reflect(["index", "--status", "--home", home])
    #expect(none.stdout.contains("No index yet"), "\(none.stdout)")
    let built = try TestSupport.reflect(["index", "--home", home])
    #expect(built.status == 0)
    #expect(built.stdout.hasPrefix("Indexed "), "\(built.stdout)")
    _ = try writeTranscript(
      home: home, id: "20261204-090000-late",
      session("20261204-090000-late", at: Date(), answers: [("trust", "Late trust")]))
    let stale = try TestSupport.reflect(["index", "--status", "--home", home])
    #expect(stale.stdout.contains("Up to date:   no, 1 transcript changed"), "\(stale.stdout)")
    let rebuilt = try TestSupport.reflect(["index", "--rebuild", "--home", home])
    #expect(rebuilt.stdout.hasPrefix("Rebuilt "), "\(rebuilt.stdout)")
    let fresh = try TestSupport.reflect(["index", "--status", "--home", home])
    #expect(fresh.stdout.contains("Up to date:   yes"), "\(fresh.stdout)")
    let both = try TestSupport.reflect(["index", "--rebuild", "--status", "--home", home])
    #expect(both.status == 64)
  }

  /// The page size in a database file's header (bytes 16-17, big-endian; 1 means 65,536).
  func pageSize(_ path: String) throws -> Int {
    let header = try Data(contentsOf: URL(fileURLWithPath: path)).prefix(18)
    let size = Int(header[16]) << 8 | Int(header[17])
    return size == 1 ? 65_536 : size
  }

  /// A new index has 16 KiB pages; an older one with 4 KiB pages still works.
  ///
  /// One an older reflect made is read and brought up to date as it is, and has 16 KiB pages
  /// once rebuilt.
  @Test func newIndexesHaveLargePagesAndOldOnesStillWork() throws {
    let home = try richHome()
    let index = home + "/index.sqlite"
    let expected = try TestSupport.reflect(
      ["list", "--json", "--home", home], environment: ["REFLECT_NO_INDEX": "1"])
    _ = try TestSupport.reflect(["index", "--home", home])
    #expect(try pageSize(index) == 16_384)
    // As an older reflect left it: 4 KiB pages, write-ahead log, nothing else yet.
    for suffix in ["", "-wal", "-shm"] {
      try? FileManager.default.removeItem(atPath: index + suffix)
    }
    let old = try TestSupport.run(
      "/usr/bin/env",
      [
        "python3", "-c",
        """
        import sqlite3, sys
        c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA page_size = 4096')
        c.execute('PRAGMA journal_mode = WAL'); c.execute('CREATE TABLE t(x)'); c.commit()
        c.execute('DROP TABLE t'); c.commit()
        """, index,
      ])
    #expect(old.status == 0, "\(old.stderr)")
    #expect(try pageSize(index) == 4_096)
    let listed = try TestSupport.reflect(["list", "--json", "--home", home])
    #expect(listed.status == 0, "\(listed.stderr)")
    #expect(listed.stdout == expected.stdout)
    #expect(try pageSize(index) == 4_096, "an index in use is not remade for its pages")
    _ = try writeTranscript(
      home: home, id: "20261204-090000-late",
      session("20261204-090000-late", at: Date(), answers: [("trust", "Late trust")]))
    let refreshed = try TestSupport.reflect(["list", "--json", "--home", home])
    #expect(refreshed.stdout.contains("20261204-090000-late"), "\(refreshed.stdout)")
    _ = try TestSupport.reflect(["index", "--rebuild", "--home", home])
    #expect(try pageSize(index) == 16_384)
    let rebuilt = try TestSupport.reflect(["list", "--json", "--home", home])
    #expect(rebuilt.stdout == refreshed.stdout)
  }
}

/// Results written from several threads.
final class ResultsBox: @unchecked Sendable {
  private let lock = NSLock()
  private var slots: [RunResult?]

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func set(_ slot: Int, _ value: RunResult?) {
    lock.lock()
    slots[slot] = value
    lock.unlock()
  }

  var values: [RunResult?] {
    lock.lock()
    defer { lock.unlock() }
    return slots
  }
}
