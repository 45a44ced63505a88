import Foundation

/// The lesson finder's trained weights, `Prompts/lesson-model.json` (written by
/// `make train-lessons`, docs/coach-rules.md "Lesson finder"): a logistic regression over a
/// sentence's ``LessonFeatures`` and, when the sentence model is there, its meaning vector.
public struct LessonModel: Sendable, Equatable, Decodable {
  /// One set of weights: the features' (and the vector's, if any), a bias and the
  /// probability from which a sentence counts as a lesson.
  public struct Weights: Sendable, Equatable, Decodable {
    public var features: [Double]
    public var vector: [Double]?
    public var bias: Double
    public var threshold: Double
  }

  /// Names the weights: changes whenever they do (a hash of the file's weights).
  public var id: String
  /// The sentence model whose vectors `withVector` was trained on.
  public var encoder: String
  /// SHA-256 of the training data (the train writers' files).
  public var dataSHA256: String
  /// The features, in order; must be ``LessonFeatures/names``.
  public var featureNames: [String]
  /// With the sentence vector.
  public var withVector: Weights
  /// Words only, for when there is no sentence model.
  public var wordsOnly: Weights

  enum CodingKeys: String, CodingKey {
    case id, encoder
    case dataSHA256 = "data_sha256"
    case featureNames = "features"
    case withVector = "with_vector"
    case wordsOnly = "words_only"
  }

  /// The probability that a sentence with `features` (and `vector`) is a lesson: the
  /// vector's weights when a vector is given, the words-only weights otherwise.
  public func probability(features: [Double], vector: [Float]?) -> Double {
    let weights = vector == nil ? wordsOnly : withVector
    var sum = weights.bias
    for (value, weight) in zip(features, weights.features) { sum += value * weight }
    if let vector, let vectorWeights = weights.vector {
      for (value, weight) in zip(vector, vectorWeights) { sum += Double(value) * weight }
    }
    return 1 / (1 + exp(-sum))
  }

  /// The threshold of the weights in use.
  public func threshold(withVector: Bool) -> Double {
    withVector ? self.withVector.threshold : wordsOnly.threshold
  }

  /// The built-in weights, `Prompts/lesson-model.json`.
  public static func builtIn() throws(PackError) -> LessonModel {
    try load(embeddedPromptFiles["lesson-model.json"] ?? "", file: "Prompts/lesson-model.json")
  }

  /// Weights from `text`, naming `file` in errors.
  public static func load(_ text: String, file: String) throws(PackError) -> LessonModel {
    let model: LessonModel
    do {
      model = try JSONDecoder().decode(LessonModel.self, from: Data(text.utf8))
    } catch {
      throw PackError.unreadable(file: file, reason: "the lesson model cannot be read: \(error)")
    }
    guard model.featureNames == LessonFeatures.names,
      model.withVector.features.count == LessonFeatures.names.count,
      model.wordsOnly.features.count == LessonFeatures.names.count
    else {
      throw PackError.unreadable(
        file: file, reason: "the lesson model's features are not the finder's (make train-lessons)")
    }
    return model
  }
}
