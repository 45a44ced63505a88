import Foundation

/// The sizes of a BERT model, from its config.json (Hugging Face's names).
struct ModelConfig: Decodable, Equatable {
  var hiddenSize: Int
  var layers: Int
  var heads: Int
  var intermediateSize: Int
  var vocabularySize: Int
  var maxPositions: Int
  var tokenTypes: Int
  var layerNormEpsilon: Double
  var activation: String
  var positionEmbedding: String?

  enum CodingKeys: String, CodingKey {
    case hiddenSize = "hidden_size"
    case layers = "num_hidden_layers"
    case heads = "num_attention_heads"
    case intermediateSize = "intermediate_size"
    case vocabularySize = "vocab_size"
    case maxPositions = "max_position_embeddings"
    case tokenTypes = "type_vocab_size"
    case layerNormEpsilon = "layer_norm_eps"
    case activation = "hidden_act"
    case positionEmbedding = "position_embedding_type"
  }

  /// Reads and checks `path`: this encoder computes BERT with erf GELU and absolute positions.
  static func load(path: String) throws(MeaningError) -> ModelConfig {
    guard FileManager.default.fileExists(atPath: path) else { throw .missingFile(path: path) }
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw .unreadable(path: path, reason: error.localizedDescription)
    }
    let config: ModelConfig
    do {
      config = try JSONDecoder().decode(ModelConfig.self, from: data)
    } catch {
      throw .damaged(path: path, reason: "not a BERT config: \(Self.describe(error))")
    }
    let sizes = [
      config.hiddenSize, config.layers, config.heads, config.intermediateSize,
      config.vocabularySize, config.maxPositions, config.tokenTypes,
    ]
    guard sizes.allSatisfy({ $0 > 0 && $0 <= 1 << 20 }), config.hiddenSize % config.heads == 0
    else {
      throw .damaged(
        path: path, reason: "sizes out of range or hidden_size not a multiple of heads")
    }
    guard config.activation == "gelu" else {
      throw .damaged(path: path, reason: "hidden_act '\(config.activation)' is not 'gelu'")
    }
    guard (config.positionEmbedding ?? "absolute") == "absolute" else {
      throw .damaged(path: path, reason: "position_embedding_type is not 'absolute'")
    }
    guard config.layerNormEpsilon > 0, config.layerNormEpsilon < 1 else {
      throw .damaged(path: path, reason: "layer_norm_eps \(config.layerNormEpsilon) out of range")
    }
    return config
  }

  private static func describe(_ error: any Error) -> String {
    switch error {
    case DecodingError.keyNotFound(let key, _): return "no '\(key.stringValue)'"
    case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
      return "'\(context.codingPath.map(\.stringValue).joined(separator: "."))' has the wrong type"
    default: return "not JSON"
    }
  }
}
