import Foundation

/// Gathers what the person said into a short summary, per stage, in their own words.
///
/// For each stage, the most informative whole sentences of the answers (most distinct
/// content terms, not too long) are kept, at most two, in the order they were said. Each
/// is given back in the second person when the swap is clean ("you held firm on staffing"),
/// else quoted. Vague answers and meta replies are left out. The later answer to a question
/// counts first, but an earlier one replaced with `/back` is still heard.
struct Summariser {
  /// One thing the person said.
  struct Said: Sendable, Equatable {
    var stage: String
    var question: String
    var text: String
    /// Replaced by a later answer to the same question (`/back`).
    var superseded = false
  }

  var reflector: Reflector
  /// Longest sentence given back whole, in words.
  var maxWords = 26
  /// Most sentences per stage.
  var perStage = 2

  /// One line per stage that has anything to say ("Values: you …").
  func lines(stages: [Stage], heard: [Said], skip: (String) -> Bool) -> [String] {
    let names = heard.reduce(into: Set<String>()) { $0.formUnion(Reflector.names(in: $1.text)) }
    var lines: [String] = []
    for stage in stages where stage.kind == .questions {
      let answers = heard.filter { $0.stage == stage.id && !skip($0.text) }
      let chosen = best(answers)
      guard !chosen.isEmpty else { continue }
      let sentences = chosen.map { sentence -> String in
        if let mine = reflector.reflect(sentence, limit: maxWords, names: names) {
          return Self.capitalised(Self.closed(mine))
        }
        return "In your words, “\(Self.closed(sentence))”"
      }
      let body = sentences.joined(separator: " ")
      let first = String(body.prefix(1))
      let keep = body.hasPrefix("In your words") || body.hasPrefix("I ")
      lines.append("\(stage.title): \(keep ? first : first.lowercased())\(body.dropFirst())")
    }
    return lines
  }

  /// The best sentences of `answers`, in the order said.
  func best(_ answers: [Said]) -> [String] {
    var scored: [(text: String, score: Int, order: Int, terms: Set<String>)] = []
    let ordered = answers.filter { !$0.superseded } + answers.filter(\.superseded)
    for (rank, answer) in ordered.enumerated() {
      for sentence in Words.sentences(answer.text) {
        var text = sentence
        if Words.split(text).count > maxWords {
          // Too long to give back whole: its most informative clause instead.
          guard
            let clause = Words.clauses(sentence).filter({ Words.split($0).count <= maxWords })
              .max(by: { TextSimilarity.terms($0).count < TextSimilarity.terms($1).count })
          else { continue }
          text = clause
        }
        let terms = Set(TextSimilarity.terms(text))
        guard !terms.isEmpty else { continue }
        let position = answers.firstIndex { $0 == answer } ?? 0
        scored.append((text, terms.count - (answer.superseded ? 2 : 0), position * 100 + rank, terms))
      }
    }
    var chosen: [(text: String, order: Int, terms: Set<String>)] = []
    for item in scored.sorted(by: { ($0.score, -$0.order) > ($1.score, -$1.order) }) {
      guard !chosen.contains(where: { TextSimilarity.similarity($0.terms, item.terms) >= 0.5 })
      else { continue }
      chosen.append((item.text, item.order, item.terms))
      if chosen.count == perStage { break }
    }
    return chosen.sorted { $0.order < $1.order }.map(\.text)
  }

  static func closed(_ text: String) -> String {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard let last = trimmed.last, !".!?".contains(last) else { return trimmed }
    return trimmed.trimmingCharacters(in: CharacterSet(charactersIn: ",;:-— ")) + "."
  }

  static func capitalised(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }
}
