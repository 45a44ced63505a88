import Foundation

/// A sentence encoder: all-MiniLM-L6-v2 (or another BERT of the same kind) read from a model
/// folder, turning text into unit vectors whose cosine says how close two meanings are.
///
/// The folder holds `model.safetensors` (mapped, not copied), `vocab.txt` and `config.json`
/// (docs/meaning.md). Nothing is ever fetched. An encoder is immutable: share it between
/// threads freely.
public final class Encoder: @unchecked Sendable {
  /// The folder the model was read from.
  public let directory: String
  /// The model's name: the folder's last component (`all-MiniLM-L6-v2`).
  public let name: String
  /// The length of every vector (384 for all-MiniLM-L6-v2).
  public let dimension: Int
  /// The most tokens a text is read to, [CLS] and [SEP] included (256): the rest is ignored.
  public let maxTokens: Int

  let config: ModelConfig
  let tokenizer: Tokenizer
  let file: SafeTensors
  let weights: Weights
  let product: MatrixProduct
  private let lock = NSLock()
  private var digest: String?

  /// The texts of a batch are encoded together, this many tokens at a time at most (the
  /// scratch memory is about 14 KiB a token); passes run on every core at once.
  static let tokensPerPass = 512

  /// Reads the model in `directory`, checking every file: a missing, short or damaged file,
  /// a tensor of the wrong dtype or shape, or a vocabulary that does not fit the weights is
  /// an error naming the file.
  public static func load(from directory: String, products: MatrixProducts = .blas)
    throws(MeaningError) -> Encoder
  {
    let folder = URL(fileURLWithPath: directory)
    let config = try ModelConfig.load(path: folder.appendingPathComponent("config.json").path)
    let vocabularyPath = folder.appendingPathComponent("vocab.txt").path
    let tokenizer = try Tokenizer(vocabularyPath: vocabularyPath)
    guard tokenizer.count == config.vocabularySize else {
      throw .damaged(
        path: vocabularyPath,
        reason: "\(tokenizer.count) pieces, the config says vocab_size \(config.vocabularySize)")
    }
    let file = try SafeTensors(path: folder.appendingPathComponent("model.safetensors").path)
    let weights = try Weights(file: file, config: config)
    return Encoder(
      directory: directory, config: config, tokenizer: tokenizer, file: file, weights: weights,
      products: products)
  }

  private init(
    directory: String, config: ModelConfig, tokenizer: Tokenizer, file: SafeTensors,
    weights: Weights, products: MatrixProducts
  ) {
    self.directory = directory
    self.name = URL(fileURLWithPath: directory).standardizedFileURL.lastPathComponent
    self.dimension = config.hiddenSize
    self.maxTokens = min(256, config.maxPositions)
    self.config = config
    self.tokenizer = tokenizer
    self.file = file
    self.weights = weights
    self.product = MatrixProduct(kind: products)
  }

  /// The vector of each text, in order: `dimension` floats of length 1 each.
  ///
  /// The texts share passes through the model (packed, each text attending only to its own
  /// tokens); an empty text gets the vector of [CLS] [SEP].
  public func embed(_ texts: [String]) -> [[Float]] {
    let tokens = texts.map { tokenizer.encode($0, limit: maxTokens) }
    var passes: [Range<Int>] = []
    var start = 0
    while start < tokens.count {
      var end = start
      var count = 0
      while end < tokens.count, end == start || count + tokens[end].count <= Self.tokensPerPass {
        count += tokens[end].count
        end += 1
      }
      passes.append(start..<end)
      start = end
    }
    guard passes.count > 1 else { return passes.isEmpty ? [] : forward(tokens) }
    let results = Results(count: passes.count)
    let pieces = passes.map { Array(tokens[$0]) }
    DispatchQueue.concurrentPerform(iterations: pieces.count) { pass in
      results.set(pass, forward(pieces[pass]))
    }
    return results.joined
  }

  /// The token ids the model reads for `text` ([CLS] first, [SEP] last), as BERT's uncased
  /// WordPiece tokenizer gives them.
  public func tokenIDs(_ text: String) -> [Int] {
    tokenizer.encode(text, limit: maxTokens).map(Int.init)
  }

  /// The vectors of each pass, filled from several threads.
  private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var passes: [[[Float]]]

    init(count: Int) { passes = Array(repeating: [], count: count) }

    func set(_ pass: Int, _ vectors: [[Float]]) { lock.withLock { passes[pass] = vectors } }

    var joined: [[Float]] { lock.withLock { passes.flatMap { $0 } } }
  }

  /// A name for the model, fit for cache keys: `all-MiniLM-L6-v2-53aa51172d142c89`.
  ///
  /// The folder's name and the first 16 hex digits of the SHA-256 of the weights file. The
  /// first call reads the whole file once (a fraction of a second), a piece at a time, so
  /// that the weights' pages the model never reads stay out of memory.
  public var modelID: String {
    lock.withLock {
      if let digest { return name + "-" + digest.prefix(16) }
      let computed = SHA256.hex(fileAt: file.path) ?? SHA256.hex(file.bytes)
      digest = computed
      return name + "-" + computed.prefix(16)
    }
  }
}

/// The cosine of the angle between two vectors: 1 for the same direction, 0 for unrelated.
///
/// For the encoder's unit vectors it is their dot product. 0 when either is all zeros or the
/// lengths differ.
public func cosine(_ a: [Float], _ b: [Float]) -> Float {
  guard a.count == b.count else { return 0 }
  var dot: Float = 0
  var normA: Float = 0
  var normB: Float = 0
  for index in a.indices {
    dot += a[index] * b[index]
    normA += a[index] * a[index]
    normB += b[index] * b[index]
  }
  guard normA > 0, normB > 0 else { return 0 }
  return dot / (normA.squareRoot() * normB.squareRoot())
}
