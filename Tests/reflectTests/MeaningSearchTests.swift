import Foundation
import ReflectTestSupport
import Testing

/// `search --meaning`, `similar` and the vectors kept in the index, through the built
/// binary with the real model (it finds `.build/models` from its own path).
@Suite(.enabled(if: RealModel.isInstalled, "the model is not installed: make setup"))
struct MeaningSearchTests {
  /// A home of three sessions: a lesson on trust (tagged team), one on sleep (tagged
  /// health), and an answer on a budget; their ids in that order.
  static func home() throws -> (home: String, ids: [String]) {
    let home = TestSupport.temporaryDirectory("meaning") + "/home"
    var ids: [String] = []
    for (stage, tag, text) in [
      ("lessons", "team", "Building trust is slow"),
      ("lessons", "health", "I should get more sleep"),
      ("values", "money", "We agreed the budget for next year in March."),
    ] {
      let before = Set(TestSupport.transcripts(home: home))
      let run = try TestSupport.reflect(
        ["--home", home, "--stages", stage, "--questions-only", "--tag", tag],
        input: text + "\n\n")
      #expect(run.status == 0, "\(run.stderr)")
      let file = try #require(Set(TestSupport.transcripts(home: home)).subtracting(before).first)
      ids.append(URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent)
    }
    return (home, ids)
  }

  static func json(_ text: String) throws -> [[String: Any]] {
    try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
  }

  @Test func searchByMeaningFindsAParaphraseTheWordsMiss() throws {
    let (home, ids) = try Self.home()
    let words = try TestSupport.reflect(["search", "--home", home, "trust can't be rushed"])
    #expect(words.stdout == "No matches.\n", "\(words.stdout)")
    let meaning = try TestSupport.reflect(
      ["search", "--home", home, "--meaning", "trust can't be rushed"])
    #expect(meaning.status == 0, "\(meaning.stderr)")
    let lines = meaning.stdout.split(separator: "\n")
    #expect(lines.first?.hasPrefix(ids[0]) == true, "\(meaning.stdout)")
    #expect(lines.first?.contains("Building trust is slow") == true)
    // Unrelated texts are under the floor: not hits at all.
    #expect(!meaning.stdout.contains(ids[2]), "\(meaning.stdout)")
    // Filters apply: not in the sessions tagged health, nor before tomorrow's.
    let tagged = try TestSupport.reflect(
      ["search", "--home", home, "--meaning", "--tag", "health", "trust can't be rushed"])
    #expect(!tagged.stdout.contains(ids[0]), "\(tagged.stdout)")
    let stage = try TestSupport.reflect(
      ["search", "--home", home, "--meaning", "--stage", "values", "trust can't be rushed"])
    #expect(!stage.stdout.contains(ids[0]), "\(stage.stdout)")
    // A word match and a meaning match are fused: the word-matched budget answer is found.
    let fused = try TestSupport.reflect(
      ["search", "--home", home, "--meaning", "--json", "budget"])
    let hits = try Self.json(fused.stdout)
    #expect(hits.first?["session"] as? String == ids[2], "\(fused.stdout)")
    for hit in hits {
      for key in ["session", "date", "stage", "kind", "text", "snippet", "rank"] {
        #expect(hit[key] != nil, "\(key) missing in \(hit)")
      }
    }
  }

  @Test func similarRanksAParaphraseAboveAnUnrelatedLessonWithScores() throws {
    let (home, ids) = try Self.home()
    let text = try TestSupport.reflect(["similar", "--home", home, "Trust can't be rushed"])
    #expect(text.status == 0, "\(text.stderr)")
    let lines = text.stdout.split(separator: "\n")
    #expect(lines.count == 3, "\(text.stdout)")
    #expect(lines.first?.contains(ids[0]) == true, "\(text.stdout)")
    let json = try TestSupport.reflect(
      ["similar", "--home", home, "--json", "-n", "2", "Trust can't be rushed"])
    let hits = try Self.json(json.stdout)
    #expect(hits.count == 2)
    let first = try #require(hits.first?["similarity"] as? Double)
    let second = try #require(hits.last?["similarity"] as? Double)
    #expect(hits.first?["session"] as? String == ids[0])
    #expect(hits.first?["kind"] as? String == "lesson")
    #expect(first > 0.6 && first > second + 0.3, "\(json.stdout)")
    #expect(text.stdout.hasPrefix(String(format: "%.3f  ", first)), "\(text.stdout)")
  }

  @Test func vectorsAreWorkedOutAsSessionsAreIndexedAndOutliveARebuild() throws {
    let (home, ids) = try Self.home()
    let status = { try TestSupport.reflect(["index", "--status", "--home", home]).stdout }
    // list builds the index but works out no vector (it must stay quick).
    _ = try TestSupport.reflect(["list", "--home", home])
    #expect(try status().contains("Vectors:      0 sentences, 3 to work out"))
    let indexed = try TestSupport.reflect(["index", "--home", home])
    #expect(indexed.status == 0, "\(indexed.stderr)")
    #expect(
      indexed.stdout.contains("Worked out 3 meaning vectors in "), "\(indexed.stdout)")
    #expect(indexed.stdout.contains(home + "/vectors.sqlite"))
    #expect(try status().contains("Vectors:      3 sentences\n"))
    // Once the home has vectors, a session works out its own as it closes.
    let run = try TestSupport.reflect(
      ["--home", home, "--stages", "lessons", "--questions-only"],
      input: "Patience pays off. Trust grows slowly.\n\n")
    #expect(run.status == 0, "\(run.stderr)")
    #expect(try status().contains("Vectors:      4 sentences\n"))
    let before = try TestSupport.reflect(["search", "--home", home, "--meaning", "--json", "trust"])
    #expect(before.stdout.contains(ids[0]))
    // A rebuilt index keeps the vectors: nothing is worked out again, the same is found.
    let rebuilt = try TestSupport.reflect(["index", "--rebuild", "--home", home])
    #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
    #expect(!rebuilt.stdout.contains("Worked out"), "\(rebuilt.stdout)")
    #expect(try status().contains("Vectors:      4 sentences\n"))
    let again = try TestSupport.reflect(["search", "--home", home, "--meaning", "--json", "trust"])
    #expect(again.stdout == before.stdout)
    // The vectors are a cache: deleted, they are worked out again and give the same.
    for suffix in ["", "-wal", "-shm"] { unlink(home + "/vectors.sqlite" + suffix) }
    let fresh = try TestSupport.reflect(["search", "--home", home, "--meaning", "--json", "trust"])
    #expect(fresh.stdout == before.stdout)
    #expect(try status().contains("Vectors:      4 sentences\n"))
    // A deleted session's vectors go with it.
    #expect(try TestSupport.reflect(["delete", ids[1], "--yes", "--home", home]).status == 0)
    #expect(try status().contains("Vectors:      3 sentences\n"))
  }

  @Test func aDamagedVectorFileIsStartedAnewAndNothingElseIsTouched() throws {
    let (home, ids) = try Self.home()
    _ = try TestSupport.reflect(["index", "--home", home])
    let transcripts = try TestSupport.transcripts(home: home).map {
      try Data(contentsOf: URL(fileURLWithPath: $0))
    }
    try Data(repeating: 0x5A, count: 70_000).write(
      to: URL(fileURLWithPath: home + "/vectors.sqlite"))
    for suffix in ["-wal", "-shm"] { unlink(home + "/vectors.sqlite" + suffix) }
    let run = try TestSupport.reflect(["similar", "--home", home, "--json", "trust is slow"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("the meaning vectors '\(home)/vectors.sqlite' could not be read"))
    #expect(run.stderr.contains("started them anew"))
    #expect(try Self.json(run.stdout).first?["session"] as? String == ids[0])
    #expect(
      try TestSupport.transcripts(home: home).map {
        try Data(contentsOf: URL(fileURLWithPath: $0))
      } == transcripts)
    // The index itself was not called damaged.
    #expect(!run.stderr.contains("index"), "\(run.stderr)")
  }

  @Test func anotherModelRebuildsTheVectors() throws {
    let (home, _) = try Self.home()
    // The same weights under another name: another model id.
    let other = TestSupport.temporaryDirectory("model") + "/other-minilm"
    try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: false)
    for file in ["model.safetensors", "vocab.txt", "config.json"] {
      try FileManager.default.createSymbolicLink(
        atPath: other + "/" + file, withDestinationPath: RealModel.folder + "/" + file)
    }
    func status(_ environment: [String: String] = [:]) throws -> String {
      try TestSupport.reflect(["index", "--status", "--home", home], environment: environment)
        .stdout
    }
    _ = try TestSupport.reflect(["similar", "--home", home, "trust"])
    #expect(try status().contains("Vectors:      3 sentences\n"))
    let switched = try TestSupport.reflect(
      ["similar", "--home", home, "--model", other, "trust"])
    #expect(switched.status == 0, "\(switched.stderr)")
    let named = try status(["REFLECT_MODEL": other])
    #expect(named.contains("Meaning:      other-minilm (\(other))"), "\(named)")
    #expect(named.contains("Vectors:      3 sentences\n"), "\(named)")
    // The first model's vectors were dropped: worked out again when it is used again.
    #expect(try status().contains("Vectors:      0 sentences, 3 to work out"))
  }

  @Test func withoutAModelEverythingFallsBackToWordsAndSaysSo() throws {
    let (home, ids) = try Self.home()
    let missing = ["REFLECT_MODEL": "/nonexistent"]
    let search = try TestSupport.reflect(
      ["search", "--home", home, "--meaning", "trust can't be rushed"], environment: missing)
    #expect(search.status == 0, "\(search.stderr)")
    #expect(search.stderr.contains("fell back to words"), "\(search.stderr)")
    #expect(search.stderr.contains("make setup"))
    #expect(search.stdout == "No matches.\n")
    let similar = try TestSupport.reflect(
      ["similar", "--home", home, "trust can't be rushed"], environment: missing)
    #expect(similar.status == 0, "\(similar.stderr)")
    #expect(similar.stderr.contains("fell back to words"))
    #expect(similar.stdout.hasPrefix("words  " + ids[0]), "\(similar.stdout)")
    let status = try TestSupport.reflect(
      ["index", "--status", "--home", home], environment: missing)
    #expect(
      status.stdout.contains("Meaning:      off — words only (no model at /nonexistent"),
      "\(status.stdout)")
    // The settings file's `model:` is used after --model and REFLECT_MODEL.
    let config = TestSupport.temporaryDirectory("config")
    try FileManager.default.createDirectory(
      atPath: config + "/reflect", withIntermediateDirectories: true)
    try "model: /no/such/model\n".write(
      toFile: config + "/reflect/config.yaml", atomically: true, encoding: .utf8)
    let show = try TestSupport.reflect(
      ["config", "show"], environment: ["XDG_CONFIG_HOME": config])
    #expect(show.stdout.contains("model: /no/such/model  (config)"), "\(show.stdout)")
    #expect(show.stdout.contains("meaning: off — words only (no model at /no/such/model"))
    let configured = try TestSupport.reflect(
      ["similar", "--home", home, "trust"], environment: ["XDG_CONFIG_HOME": config])
    #expect(configured.stderr.contains("no model at /no/such/model"), "\(configured.stderr)")
    let flag = try TestSupport.reflect(
      ["similar", "--home", home, "--model", RealModel.folder, "--json", "trust"],
      environment: ["XDG_CONFIG_HOME": config])
    #expect(flag.stderr.isEmpty, "\(flag.stderr)")
    #expect(try Self.json(flag.stdout).first?["similarity"] != nil)
    let found = try TestSupport.reflect(["config", "show"])
    #expect(found.stdout.contains("meaning: all-MiniLM-L6-v2 (\(RealModel.folder))"))
  }

  @Test func meaningFooterSaysWhichModeIsInUse() throws {
    let (home, _) = try Self.home()
    let off = ["REFLECT_MODEL": "/nonexistent"]
    for (environment, words, grouped) in [
      (
        [:], "Sentence model: all-MiniLM-L6-v2, used by reflect search --meaning",
        "Ideas are lessons grouped by meaning (average cosine at least 0.55)."
      ),
      (
        off, "Meaning: off, no sentence model installed (make setup installs one).",
        "Ideas are lessons grouped by their words."
      ),
    ] {
      for format in ["markdown", "html", "text"] {
        let run = try TestSupport.reflect(
          ["export", "--format", format, "--home", home], environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        // (The text report wraps it.)
        let text = run.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(text.contains(words), "\(format): \(run.stdout.suffix(300))")
        #expect(text.contains(grouped), "\(format)")
      }
      let json = try TestSupport.reflect(
        ["export", "--format", "json", "--home", home], environment: environment)
      let object = try #require(
        try JSONSerialization.jsonObject(with: json.stdoutData) as? [String: Any])
      let meaning = try #require(object["meaning"] as? [String: Any])
      #expect(meaning["model"] as? String == (environment.isEmpty ? "all-MiniLM-L6-v2" : nil))
      #expect(
        meaning["recurringMatchedBy"] as? String == (environment.isEmpty ? "meaning" : "words"))
    }
  }

  @Test func vectorsBeingWorkedOutShowAProgressLineOnATerminal() throws {
    let (home, _) = try Self.home()
    let pane = try TmuxPane(
      "REFLECT_PROGRESS_AFTER=0 \(TestSupport.reflectBinary) index --home \(home); sleep 5",
      width: 150)
    try pane.waitFor("working out meaning vectors: 3/3")
    try pane.waitFor("Worked out 3 meaning vectors in ")
  }

  /// The number after `label` in `text` ("Vectors:      600 sentences" → 600), else 0.
  static func number(after label: String, in text: String) -> Int {
    guard let range = text.range(of: label) else { return 0 }
    let rest = text[range.upperBound...].drop { $0 == " " }
    return Int(rest.prefix { $0.isNumber }) ?? 0
  }

  @Test func vectorWorkKilledPartwayCarriesOnWhereItStopped() throws {
    let home = TestSupport.temporaryDirectory("meaning-kill") + "/home"
    let time = Date(timeIntervalSince1970: 1_795_000_000)
    let topics = ["trust", "the budget", "parents", "the council", "the rota", "governors"]
    for number in 0..<120 {
      let id = String(format: "20261118-08%04d-k%03d", number, number)
      let text = (0..<5).map {
        "Note \(number)-\($0) was about \(topics[(number + $0) % topics.count]) again."
      }.joined(separator: " ")
      _ = try writeTranscript(
        home: home, id: id, session(id, at: time + Double(number), answers: [("trust", text)]))
    }
    // 600 distinct sentences, 256 a batch: killed once the first batch is kept.
    let process = Process()
    process.executableURL = URL(fileURLWithPath: TestSupport.reflectBinary)
    process.arguments = ["index", "--home", home]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    let status = {
      try TestSupport.reflect(["index", "--status", "--home", home]).stdout
    }
    while process.isRunning {
      if Self.number(after: "Vectors:", in: try status()) >= 256 {
        kill(process.processIdentifier, SIGKILL)
        break
      }
      usleep(50_000)
    }
    process.waitUntilExit()
    let kept = Self.number(after: "Vectors:", in: try status())
    try #require(kept >= 256 && kept < 600, "killed at \(kept)")
    // Nothing kept is worked out again; the rest is, and nothing is missing.
    let again = try TestSupport.reflect(["index", "--home", home])
    #expect(again.status == 0, "\(again.stderr)")
    #expect(Self.number(after: "Worked out", in: again.stdout) == 600 - kept, "\(again.stdout)")
    #expect(try status().contains("Vectors:      600 sentences\n"))
  }
}
