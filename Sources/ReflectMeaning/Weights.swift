/// The model's tensors, pointing into the mapped file, each checked against the config.
struct Weights: @unchecked Sendable {
  /// One transformer layer: a linear layer's weight is `out` × `in` (it multiplies from the
  /// right, transposed).
  struct Layer {
    var query: UnsafePointer<Float>
    var queryBias: UnsafePointer<Float>
    var key: UnsafePointer<Float>
    var keyBias: UnsafePointer<Float>
    var value: UnsafePointer<Float>
    var valueBias: UnsafePointer<Float>
    var attentionOutput: UnsafePointer<Float>
    var attentionOutputBias: UnsafePointer<Float>
    var attentionNorm: UnsafePointer<Float>
    var attentionNormBias: UnsafePointer<Float>
    var intermediate: UnsafePointer<Float>
    var intermediateBias: UnsafePointer<Float>
    var output: UnsafePointer<Float>
    var outputBias: UnsafePointer<Float>
    var outputNorm: UnsafePointer<Float>
    var outputNormBias: UnsafePointer<Float>
  }

  var words: UnsafePointer<Float>
  var positions: UnsafePointer<Float>
  var tokenTypes: UnsafePointer<Float>
  var embeddingNorm: UnsafePointer<Float>
  var embeddingNormBias: UnsafePointer<Float>
  var layers: [Layer]

  init(file: SafeTensors, config: ModelConfig) throws(MeaningError) {
    let hidden = config.hiddenSize
    let inner = config.intermediateSize
    words = try file.floats(
      "embeddings.word_embeddings.weight", shape: [config.vocabularySize, hidden])
    positions = try file.floats(
      "embeddings.position_embeddings.weight", shape: [config.maxPositions, hidden])
    tokenTypes = try file.floats(
      "embeddings.token_type_embeddings.weight", shape: [config.tokenTypes, hidden])
    embeddingNorm = try file.floats("embeddings.LayerNorm.weight", shape: [hidden])
    embeddingNormBias = try file.floats("embeddings.LayerNorm.bias", shape: [hidden])
    layers = []
    for index in 0..<config.layers {
      let prefix = "encoder.layer.\(index)."
      func tensor(_ name: String, _ shape: [Int]) throws(MeaningError) -> UnsafePointer<Float> {
        try file.floats(prefix + name, shape: shape)
      }
      layers.append(
        Layer(
          query: try tensor("attention.self.query.weight", [hidden, hidden]),
          queryBias: try tensor("attention.self.query.bias", [hidden]),
          key: try tensor("attention.self.key.weight", [hidden, hidden]),
          keyBias: try tensor("attention.self.key.bias", [hidden]),
          value: try tensor("attention.self.value.weight", [hidden, hidden]),
          valueBias: try tensor("attention.self.value.bias", [hidden]),
          attentionOutput: try tensor("attention.output.dense.weight", [hidden, hidden]),
          attentionOutputBias: try tensor("attention.output.dense.bias", [hidden]),
          attentionNorm: try tensor("attention.output.LayerNorm.weight", [hidden]),
          attentionNormBias: try tensor("attention.output.LayerNorm.bias", [hidden]),
          intermediate: try tensor("intermediate.dense.weight", [inner, hidden]),
          intermediateBias: try tensor("intermediate.dense.bias", [inner]),
          output: try tensor("output.dense.weight", [hidden, inner]),
          outputBias: try tensor("output.dense.bias", [hidden]),
          outputNorm: try tensor("output.LayerNorm.weight", [hidden]),
          outputNormBias: try tensor("output.LayerNorm.bias", [hidden])))
    }
    // Tensors the encoder does not use are still checked, and nothing else may be there.
    let optional: [String: (String, [Int])] = [
      "embeddings.position_ids": ("I64", [1, config.maxPositions]),
      "pooler.dense.weight": ("F32", [hidden, hidden]),
      "pooler.dense.bias": ("F32", [hidden]),
    ]
    let used = 5 + 16 * config.layers
    for (name, entry) in file.tensors {
      if let (dtype, shape) = optional[name] {
        guard entry.dtype == dtype, entry.shape == shape else {
          throw .damaged(
            path: file.path,
            reason: "tensor '\(name)' is \(entry.dtype) \(entry.shape), expected \(dtype) \(shape)")
        }
      }
    }
    let extra = file.tensors.keys.filter { optional[$0] == nil }.count - used
    guard extra == 0 else {
      let unknown = file.tensors.keys.filter {
        optional[$0] == nil && !$0.hasPrefix("embeddings.") && !$0.hasPrefix("encoder.layer.")
      }.sorted().prefix(3)
      throw .damaged(
        path: file.path,
        reason: "\(extra) tensors more than a \(config.layers)-layer BERT has"
          + (unknown.isEmpty ? "" : " ('\(unknown.joined(separator: "', '"))')"))
    }
  }
}
