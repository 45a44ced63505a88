import Foundation
import ReflectCore
import ReflectMeaning
import ReflectTestSupport
import Testing

/// The reply classes with the real sentence model: on the frozen test writers it reads at
/// least what the rules alone read, and more of the skips (docs/coach-rules.md).
@Suite struct ReplyMeaningTests {
  struct Model: SentenceEmbedder {
    let encoder: Encoder
    var modelID: String { encoder.modelID }
    func embed(_ texts: [String]) -> [[Float]] { encoder.embed(texts) }
  }

  @Test(.enabled(if: RealModel.isInstalled, "the model is not installed: make setup"))
  func theModelReadsTheFrozenWritersAtLeastAsWellAsTheRules() throws {
    let rules = try ReplyRules.builtIn()
    let replies = try ReplyEvaluation.replies("test")
    let plain = ReplyEvaluation.evaluate(replies, with: ReplyClassifier(rules: rules)).kinds
    let model = Model(encoder: try Encoder.load(from: RealModel.folder))
    let meant = ReplyEvaluation.evaluate(
      replies, with: ReplyClassifier(rules: rules, embedder: model)
    ).kinds
    for kind in ReplyReading.Kind.allCases.map(\.rawValue) {
      #expect(meant.accuracy(kind) >= plain.accuracy(kind), "\(kind)")
    }
    #expect(meant.accuracy("answer") >= 0.95)
    #expect(meant.accuracy("skip") >= 0.7)
    #expect(meant.overall >= 0.85)
  }
}
