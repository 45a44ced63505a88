import Foundation

extension LessonCues {
  /// The cue score of `text`: cues found, a generalisation, less for narrative, a question
  /// or a penalised start (the old finder's score, and one of the trained finder's features).
  func score(_ text: String) -> Int {
    let words = Words.split(text)
    let lower = text.lowercased()
    var score = 0
    var cued = false
    for cue in cues {
      let found =
        cue.phrases.contains { Words.position(of: $0, in: words) != nil }
        || cue.starts.contains { Words.position(of: $0, in: words) == 0 }
        || cue.patterns.contains { lower.range(of: $0, options: .regularExpression) != nil }
      if found {
        score += cue.weight
        cued = true
      }
    }
    let past = words.contains { pastWords.contains($0) }
    if isGeneral(text, words: words, past: past) { score += generalisationWeight }
    if past, !cued { score -= narrativePenalty }
    if text.hasSuffix("?") { score -= questionPenalty }
    if let first = words.first, penalisedStarts.contains(first) {
      score -= startPenalty
    }
    if words.count <= shortWords { score += shortBonus }
    return score
  }

  /// A statement about the world rather than a story about me: long enough, no first
  /// person, no past tense, no specific opening, and a verb in its first clause.
  func isGeneral(_ text: String, words: [String], past: Bool) -> Bool {
    guard words.count >= generalMinWords, !past, let first = words.first,
      !specificStarts.contains(first),
      !words.contains(where: { personalWords.contains($0) })
    else { return false }
    let firstClause = Words.split(Words.clauses(text).first ?? text)
    let relative: Set<String> = ["who", "that", "which"]
    return firstClause.indices.contains { index in
      generalVerbs.contains(firstClause[index])
        && !firstClause[max(0, index - 3)..<index].contains(where: relative.contains)
    }
  }

  /// The sentence and, when it is long, its clauses.
  func pieces(of sentence: String) -> [String] {
    guard Words.split(sentence).count >= splitFrom else { return [sentence] }
    var clauses = [sentence]
    for boundary in clauseBoundaries {
      clauses = clauses.flatMap { $0.components(separatedBy: boundary) }
    }
    return clauses.count > 1 ? [sentence] + clauses : [sentence]
  }
}
