import Foundation
import ReflectTestSupport
import Testing

/// The sentence encoder through the built binary (`reflect embed`).
///
/// With the real model installed (`make setup`) it is compared with the NumPy reference; without it, the fallback
/// and every kind of damaged model are still checked, on tiny models made here.
@Suite struct EmbedTests {
  /// The vectors printed for `texts` (`--batch`), one array of floats each.
  func vectors(_ texts: [String], model: String = RealModel.folder) throws -> [[Double]] {
    let run = try TestSupport.run(
      TestSupport.reflectBinary, ["embed", "--batch", "--model", model],
      input: try JSONEncoder().encode(texts))
    try #require(run.status == 0, "\(run.stderr)")
    return try run.stdout.split(separator: "\n").map {
      try JSONDecoder().decode([Double].self, from: Data($0.utf8))
    }
  }

  @Test(.enabled(if: RealModel.isInstalled, "the model is not installed: make setup"))
  func vectorsAndTokensMatchTheNumPyReference() throws {
    let sentences = try RealModel.sentences()
    try #require(sentences.count >= 60)
    let reference = try RealModel.reference(sentences)
    let tokens = try TestSupport.run(
      TestSupport.reflectBinary, ["embed", "--batch", "--tokens", "--model", RealModel.folder],
      input: try JSONEncoder().encode(sentences))
    try #require(tokens.status == 0, "\(tokens.stderr)")
    let ids = try tokens.stdout.split(separator: "\n").map {
      try JSONDecoder().decode([Int].self, from: Data($0.utf8))
    }
    #expect(ids.count == sentences.count)
    for (index, (ours, theirs)) in zip(ids, reference.tokens).enumerated() {
      #expect(ours == theirs, "tokens of sentence \(index): \(sentences[index].prefix(60))")
    }
    // Past 256 tokens a text is cut, like the model's own tokenizer does.
    #expect(reference.tokens.contains { $0.count == 256 })

    let ours = try vectors(sentences)
    #expect(ours.count == sentences.count)
    for (index, (mine, theirs)) in zip(ours, reference.vectors).enumerated() {
      #expect(mine.count == 384)
      let similarity = cosine(mine, theirs)
      let difference = zip(mine, theirs).map { abs($0 - $1) }.max() ?? 1
      #expect(similarity >= 0.9999, "sentence \(index): cosine \(similarity)")
      #expect(difference <= 1e-4, "sentence \(index): a component differs by \(difference)")
    }
    let id = try TestSupport.reflect(["embed", "--model-id", "--model", RealModel.folder])
    #expect(id.stdout == "all-MiniLM-L6-v2-53aa51172d142c89\n")
    // One text alone gets the vector it gets in a batch.
    let alone = try TestSupport.reflect(["embed", "--model", RealModel.folder, sentences[3]])
    let single = try JSONDecoder().decode([Double].self, from: alone.stdoutData)
    #expect(zip(single, ours[3]).allSatisfy { abs($0 - $1) < 1e-5 })
  }

  /// Four groups of lessons said three ways each: every lesson's nearest neighbour says the
  /// same thing, and no lesson is closer to another group than to its own.
  @Test(.enabled(if: RealModel.isInstalled, "the model is not installed: make setup"))
  func paraphrasesAreEachOthersNearestNeighbours() throws {
    let groups = [
      ["Trust takes time", "Building trust is slow", "Trust can't be rushed"],
      [
        "Ask for help early", "I should ask for help sooner", "Asking for help early saves me days",
      ],
      ["I need more sleep", "I should get more sleep", "Not sleeping enough hurts my work"],
      [
        "I need to learn to say no", "It is okay to say no to requests",
        "I have to say no more often",
      ],
    ]
    let lessons = groups.flatMap { $0 }
    let group = groups.enumerated().flatMap { index, members in members.map { _ in index } }
    let vectors = try vectors(lessons)
    var table = "lesson | nearest | cosine | nearest other group | cosine\n"
    for index in lessons.indices {
      let others = lessons.indices.filter { $0 != index }
      let similarity = others.map { cosine(vectors[index], vectors[$0]) }
      let nearest = others[similarity.indices.max { similarity[$0] < similarity[$1] } ?? 0]
      let outside = others.filter { group[$0] != group[index] }
      let outsideBest = outside.max {
        cosine(vectors[index], vectors[$0]) < cosine(vectors[index], vectors[$1])
      }!
      let worstInside = others.filter { group[$0] == group[index] }.map {
        cosine(vectors[index], vectors[$0])
      }.min()!
      #expect(
        group[nearest] == group[index], "'\(lessons[index])' is nearest '\(lessons[nearest])'")
      #expect(
        worstInside > cosine(vectors[index], vectors[outsideBest]),
        "'\(lessons[index])' is closer to '\(lessons[outsideBest])' than to its own group")
      table += String(
        format: "%@ | %@ | %.3f | %@ | %.3f\n", lessons[index], lessons[nearest],
        cosine(vectors[index], vectors[nearest]), lessons[outsideBest],
        cosine(vectors[index], vectors[outsideBest]))
    }
    print(table)
  }

  /// A copy of the binary in a folder of its own (no .build above it), so that only the
  /// folders a test makes can hold a model.
  func isolatedBinary() throws -> (binary: String, prefix: String) {
    let prefix = (TestSupport.temporaryDirectory("prefix") as NSString).standardizingPath
    try FileManager.default.createDirectory(
      atPath: prefix + "/bin", withIntermediateDirectories: true)
    try FileManager.default.copyItem(
      atPath: TestSupport.reflectBinary, toPath: prefix + "/bin/reflect")
    // Another test's child may hold the copy's descriptor for an instant after a fork
    // ("text file busy"): wait until it runs.
    for _ in 0..<100 {
      if (try? TestSupport.run(prefix + "/bin/reflect", ["--version"])) != nil { break }
      usleep(20_000)
    }
    return (prefix + "/bin/reflect", prefix)
  }

  @Test func withoutAModelItSaysWhereItLookedAndHowToInstallOne() throws {
    let (binary, prefix) = try isolatedBinary()
    let data = (TestSupport.temporaryDirectory("data") as NSString).standardizingPath
    let run = try TestSupport.run(
      binary, ["embed", "Trust takes time"],
      environment: ["XDG_DATA_HOME": data, "REFLECT_MODEL": ""])
    #expect(run.status == 1)
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.contains("no sentence model found"))
    #expect(run.stderr.contains(data + "/reflect/models/all-MiniLM-L6-v2"))
    #expect(run.stderr.contains(prefix + "/share/reflect/models/all-MiniLM-L6-v2"))
    #expect(run.stderr.contains("make setup"))

    let named = try TestSupport.run(binary, ["embed", "--model", prefix + "/nowhere", "x"])
    #expect(named.status == 1)
    #expect(named.stderr.contains(prefix + "/nowhere"))
    #expect(!named.stderr.contains("/reflect/models/"))
  }

  /// --model, then REFLECT_MODEL, then the data home, then beside the installed binary: each
  /// tried in turn is told apart by the tiny model's vector length, or by its damage.
  @Test func theModelIsLookedForInTheDocumentedOrder() throws {
    let (binary, prefix) = try isolatedBinary()
    let data = TestSupport.temporaryDirectory("data")
    var small = FakeModel()
    _ = try small.write(in: prefix + "/share/reflect/models")
    func length(_ arguments: [String], _ environment: [String: String]) throws -> Int {
      let run = try TestSupport.run(
        binary, ["embed"] + arguments + ["hello worlds"],
        environment: ["XDG_DATA_HOME": data, "REFLECT_MODEL": ""].merging(environment) { $1 })
      try #require(run.status == 0, "\(run.stderr)")
      return try JSONDecoder().decode([Double].self, from: run.stdoutData).count
    }
    #expect(try length([], [:]) == 4)
    small.hidden = 6
    _ = try small.write(in: data + "/reflect/models")
    #expect(try length([], [:]) == 6)
    small.hidden = 8
    let named = try small.write(name: "named")
    #expect(try length([], ["REFLECT_MODEL": named]) == 8)
    small.hidden = 10
    let flag = try small.write(name: "flag")
    #expect(try length(["--model", flag], ["REFLECT_MODEL": named]) == 10)
    // The build's own model is found from the executable's path, not the working directory.
    let build = TestSupport.packageRoot.appendingPathComponent(".build/models").path
    let fromBuild = try TestSupport.run(
      TestSupport.reflectBinary, ["embed", "x"],
      environment: ["XDG_DATA_HOME": data + "/none", "REFLECT_MODEL": ""])
    if !FileManager.default.fileExists(atPath: build + "/all-MiniLM-L6-v2") {
      #expect(fromBuild.stderr.contains(build + "/all-MiniLM-L6-v2"))
    } else {
      #expect(fromBuild.status == 0)
    }
  }

  @Test func aTinyModelGivesUnitVectorsWhateverTheBatch() throws {
    let folder = try FakeModel().write()
    let texts = ["hello", "hello worlds world hello", "", "unknown words here", "hello"]
    let batch = try vectors(texts, model: folder)
    #expect(batch.count == texts.count)
    for (index, vector) in batch.enumerated() {
      #expect(vector.count == 4)
      #expect(abs(vector.reduce(0) { $0 + $1 * $1 } - 1) < 1e-5)
      let alone = try vectors([texts[index]], model: folder)[0]
      #expect(zip(alone, vector).allSatisfy { abs($0 - $1) < 1e-6 }, "text \(index)")
    }
    #expect(batch[0] == batch[4])
    #expect(cosine(batch[0], batch[1]) < 0.999_999)
    let tokens = try TestSupport.reflect(["embed", "--tokens", "--model", folder, "Hello, worlds!"])
    // [CLS] hello [UNK] (the comma: not in this vocabulary) world ##s [UNK] [SEP]
    #expect(tokens.stdout == "[2, 5, 1, 6, 7, 1, 3]\n")
  }

  /// Ways a model folder can be damaged, each with the file its error must name and a piece
  /// of the reason.
  enum Damage: String, CaseIterable, Sendable {
    case truncated, tooShort, headerPastTheEnd, headerNotJSON, trailingBytes, shapeAgainstConfig
    case wrongDtype, shapeAgainstBytes, missingTensor, extraTensor, weightsAreAFolder
    case missingWeights, missingVocabulary, vocabularyTooShort, vocabularyWithoutCLS
    case missingConfig, configNotJSON, configWrongActivation

    /// Damages a fresh tiny model; returns the file the error must name and a reason.
    func apply() throws -> (folder: String, file: String, reason: String) {
      let model = FakeModel()
      var folder = try model.write()
      let weights = folder + "/model.safetensors"
      let good = model.safetensors()
      func weightsFile(_ data: Data) throws { try data.write(to: URL(fileURLWithPath: weights)) }
      switch self {
      case .truncated:
        try weightsFile(good.prefix(good.count - 10))
        return (folder, weights, "lies at bytes")
      case .tooShort:
        try weightsFile(good.prefix(5))
        return (folder, weights, "too short")
      case .headerPastTheEnd:
        var data = good
        data.replaceSubrange(0..<8, with: [0, 0, 0, 0, 1, 0, 0, 0])
        try weightsFile(data)
        return (folder, weights, "does not fit")
      case .headerNotJSON:
        var data = good
        data.replaceSubrange(8..<20, with: Array(repeating: UInt8(ascii: "x"), count: 12))
        try weightsFile(data)
        return (folder, weights, "not a JSON object")
      case .trailingBytes:
        try weightsFile(good + Data(count: 16))
        return (folder, weights, "but the file has")
      case .shapeAgainstConfig:
        var other = model
        other.intermediate = 6
        try weightsFile(other.safetensors())
        return (folder, weights, "the config says [8, 4]")
      case .wrongDtype:
        try weightsFile(
          model.safetensors { name, entry in
            if name == "embeddings.LayerNorm.bias" { entry["dtype"] = "I32" }
          })
        return (folder, weights, "is I32, not F32")
      case .shapeAgainstBytes:
        try weightsFile(
          model.safetensors { name, entry in
            if name == "embeddings.LayerNorm.bias" { entry["shape"] = [5] }
          })
        return (folder, weights, "has shape [5] but 16 bytes")
      case .missingTensor:
        var other = model
        other.layers = 2
        folder = try other.write()
        try model.safetensors().write(to: URL(fileURLWithPath: folder + "/model.safetensors"))
        return (folder, folder + "/model.safetensors", "no tensor 'encoder.layer.1.")
      case .extraTensor:
        var other = model
        other.layers = 2
        try weightsFile(other.safetensors())
        return (folder, weights, "more than a 1-layer BERT has")
      case .weightsAreAFolder:
        try FileManager.default.removeItem(atPath: weights)
        try FileManager.default.createDirectory(atPath: weights, withIntermediateDirectories: false)
        return (folder, weights, "not a regular file")
      case .missingWeights:
        try FileManager.default.removeItem(atPath: weights)
        return (folder, weights, "no such file")
      case .missingVocabulary:
        try FileManager.default.removeItem(atPath: folder + "/vocab.txt")
        return (folder, folder + "/vocab.txt", "no such file")
      case .vocabularyTooShort:
        let lines = model.vocabulary.dropLast().joined(separator: "\n")
        try Data(lines.utf8).write(to: URL(fileURLWithPath: folder + "/vocab.txt"))
        return (folder, folder + "/vocab.txt", "7 pieces, the config says vocab_size 8")
      case .vocabularyWithoutCLS:
        let lines = model.vocabulary.map { $0 == "[CLS]" ? "cls" : $0 }.joined(separator: "\n")
        try Data(lines.utf8).write(to: URL(fileURLWithPath: folder + "/vocab.txt"))
        return (folder, folder + "/vocab.txt", "no '[CLS]' line")
      case .missingConfig:
        try FileManager.default.removeItem(atPath: folder + "/config.json")
        return (folder, folder + "/config.json", "no such file")
      case .configNotJSON:
        try Data("{hidden".utf8).write(to: URL(fileURLWithPath: folder + "/config.json"))
        return (folder, folder + "/config.json", "not a BERT config")
      case .configWrongActivation:
        folder = try model.write(config: ["hidden_act": "relu"])
        return (folder, folder + "/config.json", "'relu' is not 'gelu'")
      }
    }
  }

  @Test(arguments: Damage.allCases)
  func aDamagedModelIsRefusedWithAnErrorNamingTheFile(_ damage: Damage) throws {
    let (folder, file, reason) = try damage.apply()
    let run = try TestSupport.reflect(["embed", "--model", folder, "hello"])
    #expect(run.status == 1, "\(damage): \(run.stderr)")
    #expect(run.stdout.isEmpty)
    #expect(run.stderr.contains("'\(file)'"), "\(damage): \(run.stderr)")
    #expect(run.stderr.contains(reason), "\(damage): \(run.stderr)")
    #expect(!run.stderr.contains("Fatal error"))
  }
}

private func cosine(_ a: [Double], _ b: [Double]) -> Double {
  let dot = zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
  let norms = a.reduce(0) { $0 + $1 * $1 }.squareRoot() * b.reduce(0) { $0 + $1 * $1 }.squareRoot()
  return norms > 0 ? dot / norms : 0
}
