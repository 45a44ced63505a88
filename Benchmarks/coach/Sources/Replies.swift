import Foundation
import ReflectCore
import ReflectMeaning
import ReflectTestSupport

/// `coach-eval --replies test|train [--misread]`: how well replies are read.
///
/// Accuracy per reply class and per feeling owner on one side of the labelled split, for the old behaviour (every reply an answer),
/// the rules alone, and the rules with the sentence model (when it is installed). Misreads
/// are printed for the train writers only: the test writers are never looked at.
enum ReplyTable {
  struct Model: SentenceEmbedder {
    let encoder: Encoder
    var modelID: String { encoder.modelID }
    func embed(_ texts: [String]) -> [[Float]] { encoder.embed(texts) }
  }

  /// The encoder alone on the train writers' short replies: how often it would fire, and
  /// how often rightly, at each threshold (the rules set aside), to choose the thresholds.
  static func tune(_ replies: [ReplyEvaluation.Labelled], _ classifier: ReplyClassifier) {
    guard let embedder = classifier.embedder else { return }
    let short = replies.filter {
      $0.reply.split(separator: " ").count <= classifier.rules.meaningMaxWords
    }
    let near = short.map { ($0, classifier.nearest($0.reply, embedder: embedder)) }
    print("encoder alone, \(short.count) short train replies: threshold margin fired right")
    for threshold in stride(from: 40, through: 80, by: 5) {
      for margin in [0, 4, 8, 12] {
        var fired = 0
        var right = 0
        for (item, found) in near {
          guard let found, found.score >= Float(threshold) / 100,
            found.score - found.answer >= Float(margin) / 100,
            classifier.hinted(found.kind, item.reply)
          else { continue }
          fired += 1
          if found.kind == item.kind { right += 1 }
        }
        print("  \(threshold) \(margin) \(fired) \(right)")
      }
    }
  }

  /// Commitment reviews: the outcome read from the reply, against the label (done, partly,
  /// not-yet; a dropped commitment counts as not done).
  static func reviews(_ replies: [ReplyEvaluation.Labelled], side: String, misread: Bool) throws {
    let rules = try CoachRules.builtIn()
    var tally: [String: (right: Int, total: Int)] = [:]
    var wrong: [(String, String, String)] = []
    for item in replies {
      guard let label = item.review else { continue }
      let outcome = rules.review.outcome(of: item.reply, listening: rules.listening)
      let read: String =
        switch outcome {
        case .done, .changed: "done"
        case .partly: "partly"
        case .notYet, .dropped: "not-yet"
        case .unclear: "unclear"
        }
      tally[label, default: (0, 0)].total += 1
      if read == label {
        tally[label, default: (0, 0)].right += 1
      } else {
        wrong.append((label, read, item.reply))
      }
    }
    print("Commitment reviews, \(side) writers:")
    for label in ["done", "partly", "not-yet"] {
      let (right, total) = tally[label] ?? (0, 0)
      print("  \(label): \(right)/\(total)")
    }
    if misread, side == "train" {
      for (label, read, reply) in wrong { print("  \(label) read as \(read): \(reply)") }
    }
  }

  static func run(side: String, misread: Bool) throws {
    if side == "corpus" {
      // The corpus' answers that the rules do not read as answers (to check by eye).
      let classifier = ReplyClassifier(rules: try ReplyRules.builtIn())
      for (name, scenario) in try CoachScenario.load(folder: CoachScenario.corpusFolder) {
        for (question, texts) in scenario.answers.sorted(by: { $0.key < $1.key }) {
          for (index, text) in texts.enumerated() {
            let reading = classifier.read(text, question: nil, afterCoach: index > 0)
            guard reading.kind != .answer || reading.feeling != .none else { continue }
            print(
              "\(name) \(question)#\(index): \(reading.kind.rawValue)/\(reading.feeling.rawValue): \(text)"
            )
          }
        }
      }
      return
    }
    let replies = try ReplyEvaluation.replies(side)
    let rules = try ReplyRules.builtIn()
    var rows: [(name: String, kinds: ReplyEvaluation.Tally, feelings: ReplyEvaluation.Tally)] = []
    let baseline = ReplyEvaluation.evaluate(replies, with: nil)
    rows.append(("words only (before)", baseline.kinds, baseline.feelings))
    let ruled = ReplyEvaluation.evaluate(replies, with: ReplyClassifier(rules: rules))
    rows.append(("rules", ruled.kinds, ruled.feelings))
    var shown = ruled.misread
    let folder = RealModel.folder
    if RealModel.isInstalled, let encoder = try? Encoder.load(from: folder) {
      let meant = ReplyEvaluation.evaluate(
        replies, with: ReplyClassifier(rules: rules, embedder: Model(encoder: encoder)))
      rows.append(("rules + model", meant.kinds, meant.feelings))
      shown = meant.misread
      if misread, side == "train" {
        tune(replies, ReplyClassifier(rules: rules, embedder: Model(encoder: encoder)))
      }
    } else {
      print("(no model at \(folder): make setup installs it; rules only)")
    }
    print("Reply classes, \(side) writers (\(replies.count) replies), accuracy per class:\n")
    print(ReplyEvaluation.table(rows))
    try reviews(replies, side: side, misread: misread)
    guard misread else { return }
    guard side == "train" else {
      print("(misreads are shown for the train writers only)")
      return
    }
    for (item, reading) in shown {
      print(
        "\(item.writer) \(item.kind.rawValue)/\(item.feeling.rawValue) read as "
          + "\(reading.kind.rawValue)/\(reading.feeling.rawValue) (\(reading.by.rawValue)): "
          + item.reply)
    }
  }
}
