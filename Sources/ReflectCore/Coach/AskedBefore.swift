import Foundation

/// Follow-ups the session has asked, or had answered, already (listener revision 2).
extension Conversation {
  /// Whether `template`, a rule's reply the coach might ask, asks what this session has
  /// asked already: it shares a topic of `listening.asks` with an earlier follow-up ("Who
  /// held everyone to what was agreed?", then "who was accountable if it slipped?"), or it
  /// is close in words to any question asked (``QuestionSimilarity``), or, with a sentence
  /// model, within cosine ``askedFloor`` of an earlier follow-up (``packQuestionFloor`` of
  /// a pack question).
  ///
  /// The template's own words are compared, its `(2)` and `(keyword)` left out: the
  /// person's words a reply gives back are theirs, not what it asks ("What makes you feel
  /// (2)?" and "You feel (2). When did that start?" ask different things of one feeling).
  func askedBefore(_ template: String) -> Bool {
    guard listener >= 2, template.hasSuffix("?") else { return false }
    let line = template.replacingOccurrences(
      of: #"\s*\(\w+\)"#, with: "", options: .regularExpression)
    // Sorted: the same batch for the model, whatever order the set keeps.
    let earlier = lines.said.filter { $0.hasSuffix("?") && $0 != line }.sorted()
    guard !earlier.isEmpty else { return false }
    if earlier.contains(where: { QuestionSimilarity.isClose(line, $0) }) { return true }
    let packQuestions = pack.stages.flatMap(\.questions).map { $0.text.lowercased() }
    let isPackQuestion = earlier.map { said in
      let lower = said.lowercased()
      return packQuestions.contains { lower.contains($0) }
    }
    let topics = topics(of: line)
    if !topics.isEmpty,
      earlier.indices.contains(where: {
        !isPackQuestion[$0] && !topics.isDisjoint(with: self.topics(of: earlier[$0]))
      })
    {
      return true
    }
    guard let embedder else { return false }
    let vectors = embedder.embed([line] + earlier)
    guard vectors.count == earlier.count + 1 else { return false }
    return earlier.indices.contains { index in
      let cosine = zip(vectors[0], vectors[index + 1]).reduce(Float(0)) { $0 + $1.0 * $1.1 }
      return cosine >= (isPackQuestion[index] ? Self.packQuestionFloor : Self.askedFloor)
    }
  }

  /// The topics of `listening.asks` that `line` asks about (by their index).
  func topics(of line: String) -> Set<Int> {
    let words = Words.split(line)
    return Set(
      rules.listening.asks.indices.filter { index in
        rules.listening.asks[index].contains {
          Words.position(of: Words.split($0), in: words, from: 0) != nil
        }
      })
  }

  /// Cosine from which two follow-ups ask the same thing.
  ///
  /// On follow-up pairs written for it (docs/coach-rules.md), pairs a person would hear as
  /// the same question scored 0.24–0.53 and pairs that ask different things 0.06–0.68, so the
  /// model cannot tell them apart below that: it only adds near-paraphrases ("What got in
  /// the way of that at the time?" and "Looking back, what would have made that
  /// possible?", 0.62); the `asks` topics catch the rest in words.
  static let askedFloor: Float = 0.6

  /// Cosine from which a follow-up asks what a pack question asked (pack questions are
  /// broad, so higher: "who was accountable if it slipped?" and "What outcome were you
  /// personally accountable for?" score 0.68 and are different questions).
  static let packQuestionFloor: Float = 0.7

  /// Whether a question of a rule's own words is answered by a sentence said in an earlier
  /// stage: one that shares at least two of its content words and most of them (as
  /// ``alreadyAnswered(_:)`` does within the stage; words only, so that a long session does
  /// not embed every sentence again at every answer).
  func answeredEarlier(_ line: String) -> Bool {
    guard listener >= 2, line.hasSuffix("?") else { return false }
    let asked = QuestionSimilarity.terms(line)
    guard asked.count >= 2 else { return false }
    return heard.filter { $0.stage != stage.id && !$0.superseded }
      .flatMap { Words.sentences($0.text) }
      .contains { sentence in
        let shared = asked.intersection(QuestionSimilarity.terms(sentence)).count
        return shared >= 2 && Double(shared) >= 0.6 * Double(asked.count)
      }
  }
}
