import Foundation
import ReflectCore
import ReflectTestSupport

/// `coach-eval --points train|test`: whether the summary's stage lines are on the point.
///
/// The summary check's stage lines on the second batch of Benchmarks/labelled (whole sessions of long answers, each answer's point marked by its
/// writer), through the coach engine as a session would run. A stage line counts as on the
/// point when the sentence it was made from is one its writer marked as the point of an
/// answer in that stage; the writer's own one-line summary is printed beside it.
enum PointsTable {
  static let questions = [
    "values-core", "values-tested", "values-non-negotiable", "purpose-why", "purpose-whom",
    "purpose-accountable", "partners-who", "partners-values", "partners-accountability",
    "trust-where", "trust-earned", "trust-time",
  ]
  static let stages = ["Values", "Purpose", "Partners", "Trust"]

  static func run(side: String, embedder: (any SentenceEmbedder)?, show: Bool) throws {
    let writers = try LabelledLessons.longSessions(side)
    var onPoint = 0
    var off = 0
    var silent = 0
    for writer in writers {
      guard writer.pieces.count == questions.count else { continue }
      var answers: [String: [String]] = [:]
      for (id, piece) in zip(questions, writer.pieces) { answers[id] = [piece.text] }
      let scenario = try JSONDecoder().decode(
        CoachScenario.self,
        from: JSONSerialization.data(withJSONObject: [
          "title": writer.writer, "person": writer.writer, "pack": "collaboration", "seed": 7,
          "answers": answers, "corrections": [""], "lessons": [""], "commitments": [""],
          "gold": [String](),
        ]))
      let result = try CoachEvaluation.run(scenario, embedder: embedder)
      let summary = result.lines.filter { $0.kind == .summary }.map(\.text)
      for (index, stage) in stages.enumerated() {
        let pieces = Array(writer.pieces[(index * 3)..<(index * 3 + 3)])
        guard let line = summary.first(where: { $0.hasPrefix(stage + ": ") }) else {
          silent += 1
          if show { print("[\(writer.writer)] \(stage): (no line)") }
          continue
        }
        let body = String(line.dropFirst(stage.count + 2))
        let hit = pieces.contains { piece in
          guard let index = source(of: body, in: piece.sentences) else { return false }
          return piece.sentences[index].point == true
        }
        if hit { onPoint += 1 } else { off += 1 }
        if show {
          print("[\(writer.writer)] \(hit ? "on " : "OFF") \(line)")
          print("        writer: \(pieces.first?.pointSummary ?? "")")
        }
      }
    }
    let all = onPoint + off + silent
    print(
      "Summary lines on the \(side) writers of the long sessions (\(writers.count) writers, "
        + "\(all) stages): on the point \(onPoint), off it \(off), no line \(silent)"
        + String(
          format: " (%.0f %% of the lines said are on the point)",
          100 * Double(onPoint) / Double(max(onPoint + off, 1))))
  }

  /// The sentence the line was made from: the one holding most of its words, the second
  /// person read back as the first ("your" as "my").
  static func source(of line: String, in sentences: [LabelledLessons.Sentence]) -> Int? {
    let swap = ["you": "i", "your": "my", "you're": "i'm", "yours": "mine", "yourself": "myself"]
    let words = Set(LabelledLessons.words(line).map { swap[$0] ?? $0 })
    guard !words.isEmpty else { return nil }
    var best: (index: Int, share: Double)?
    for (index, sentence) in sentences.enumerated() {
      let theirs = Set(LabelledLessons.words(sentence.text).map { $0 == "me" ? "i" : $0 })
      let share = Double(words.intersection(theirs).count) / Double(words.count)
      if share > (best?.share ?? 0) { best = (index, share) }
    }
    guard let best, best.share >= 0.6 else { return nil }
    return best.index
  }
}
