import Foundation

/// A tiny BERT model folder (config.json, vocab.txt, model.safetensors) made on the spot, to
/// test loading without the real model: the sizes are small, the weights made up.
public struct FakeModel: Sendable {
  public var hidden = 4
  public var heads = 2
  public var layers = 1
  public var intermediate = 8
  public var maxPositions = 8
  public var vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world", "##s"]

  public init() {}

  /// Every tensor a BERT of these sizes has, with its shape.
  public var tensors: [(name: String, shape: [Int])] {
    var list: [(String, [Int])] = [
      ("embeddings.word_embeddings.weight", [vocabulary.count, hidden]),
      ("embeddings.position_embeddings.weight", [maxPositions, hidden]),
      ("embeddings.token_type_embeddings.weight", [2, hidden]),
      ("embeddings.LayerNorm.weight", [hidden]), ("embeddings.LayerNorm.bias", [hidden]),
    ]
    for layer in 0..<layers {
      let prefix = "encoder.layer.\(layer)."
      for name in ["query", "key", "value"] {
        list.append((prefix + "attention.self.\(name).weight", [hidden, hidden]))
        list.append((prefix + "attention.self.\(name).bias", [hidden]))
      }
      list += [
        (prefix + "attention.output.dense.weight", [hidden, hidden]),
        (prefix + "attention.output.dense.bias", [hidden]),
        (prefix + "attention.output.LayerNorm.weight", [hidden]),
        (prefix + "attention.output.LayerNorm.bias", [hidden]),
        (prefix + "intermediate.dense.weight", [intermediate, hidden]),
        (prefix + "intermediate.dense.bias", [intermediate]),
        (prefix + "output.dense.weight", [hidden, intermediate]),
        (prefix + "output.dense.bias", [hidden]),
        (prefix + "output.LayerNorm.weight", [hidden]),
        (prefix + "output.LayerNorm.bias", [hidden]),
      ]
    }
    return list
  }

  /// The config.json, with `overrides` replacing its values.
  public func config(_ overrides: [String: Any] = [:]) -> Data {
    var config: [String: Any] = [
      "hidden_size": hidden, "num_hidden_layers": layers, "num_attention_heads": heads,
      "intermediate_size": intermediate, "vocab_size": vocabulary.count,
      "max_position_embeddings": maxPositions, "type_vocab_size": 2, "layer_norm_eps": 1e-12,
      "hidden_act": "gelu", "position_embedding_type": "absolute", "model_type": "bert",
    ]
    for (key, value) in overrides { config[key] = value }
    return (try? JSONSerialization.data(withJSONObject: config, options: [.sortedKeys])) ?? Data()
  }

  /// The safetensors file: `header` may edit each tensor's header entry (dtype, shape,
  /// data_offsets) after the bytes are laid out.
  public func safetensors(header edit: (String, inout [String: Any]) -> Void = { _, _ in })
    -> Data
  {
    var header: [String: Any] = ["__metadata__": ["format": "pt"]]
    var body = Data()
    var seed: UInt32 = 12_345
    for (name, shape) in tensors {
      let count = shape.reduce(1, *)
      var values: [Float] = []
      for _ in 0..<count {
        seed = seed &* 1_103_515_245 &+ 12_345
        let unit = Float(seed >> 8) / Float(1 << 24) - 0.5
        values.append(name.hasSuffix("LayerNorm.weight") ? 1 + unit / 4 : unit)
      }
      var entry: [String: Any] = [
        "dtype": "F32", "shape": shape, "data_offsets": [body.count, body.count + count * 4],
      ]
      values.withUnsafeBytes { body.append(contentsOf: $0) }
      edit(name, &entry)
      header[name] = entry
    }
    var json =
      (try? JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])) ?? Data()
    // Padded with spaces so the data starts 8-byte aligned, as the format recommends.
    while (8 + json.count) % 8 != 0 { json.append(UInt8(ascii: " ")) }
    var file = Data()
    withUnsafeBytes(of: UInt64(json.count).littleEndian) { file.append(contentsOf: $0) }
    return file + json + body
  }

  /// Writes the three files into a new folder under `parent` (a new temporary one by
  /// default) named `name`, and returns its path.
  public func write(
    in parent: String = TestSupport.temporaryDirectory("model"), name: String = "all-MiniLM-L6-v2",
    config overrides: [String: Any] = [:], weights: Data? = nil, vocabulary lines: String? = nil
  ) throws -> String {
    let folder = parent + "/" + name
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try config(overrides).write(to: URL(fileURLWithPath: folder + "/config.json"))
    try (weights ?? safetensors()).write(to: URL(fileURLWithPath: folder + "/model.safetensors"))
    try Data((lines ?? vocabulary.joined(separator: "\n") + "\n").utf8).write(
      to: URL(fileURLWithPath: folder + "/vocab.txt"))
    return folder
  }
}

/// The real model, when `make setup` has put it in the build folder, and the NumPy reference
/// beside it (Tests/Fixtures/Meaning).
public enum RealModel {
  /// The model folder `scripts/setup-model.sh` fills.
  public static let folder = TestSupport.packageRoot.appendingPathComponent(
    ".build/models/all-MiniLM-L6-v2"
  ).path

  /// Whether the model is installed there.
  public static var isInstalled: Bool {
    FileManager.default.fileExists(atPath: folder + "/model.safetensors")
  }

  /// The Python of `.build/venv`, which has numpy and tokenizers.
  public static let python = TestSupport.packageRoot.appendingPathComponent(
    ".build/venv/bin/python3"
  ).path

  /// The test sentences.
  public static func sentences() throws -> [String] {
    let url = TestSupport.packageRoot.appendingPathComponent(
      "Tests/Fixtures/Meaning/sentences.json")
    return try JSONDecoder().decode([String].self, from: Data(contentsOf: url))
  }

  /// The reference's token ids and vectors for `texts` (reference.py, float64).
  public static func reference(_ texts: [String]) throws -> (tokens: [[Int]], vectors: [[Double]]) {
    struct Output: Decodable {
      var tokens: [[Int]]
      var vectors: [[Double]]
    }
    let script = TestSupport.packageRoot.appendingPathComponent(
      "Tests/Fixtures/Meaning/reference.py"
    ).path
    let run = try TestSupport.run(
      python, [script, folder], input: try JSONEncoder().encode(texts))
    guard run.status == 0 else { throw ReferenceError(message: run.stderr) }
    let output = try JSONDecoder().decode(Output.self, from: run.stdoutData)
    return (output.tokens, output.vectors)
  }

  /// The reference could not run.
  public struct ReferenceError: Error, CustomStringConvertible {
    public var message: String
    public var description: String {
      "reference.py failed (it needs .build/venv with numpy and tokenizers): \(message)"
    }
  }
}
