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
      if chosen.allSatisfy({ Words.split($0).count <= 4 }) {
        // Answers of a word or two read best as a list in the person's own words.
        let items = chosen.map {
          let bare = $0.trimmingCharacters(in: CharacterSet(charactersIn: ".!?,;: "))
          return Reflector.isOrdinaryCapital(String(bare.prefix { $0 != " " }))
            ? bare.prefix(1).lowercased() + bare.dropFirst() : bare
        }
        lines.append("\(stage.title), in your words: \(items.joined(separator: "; ")).")
        continue
      }
      var body = ""
      for sentence in chosen {
        if let mine = reflector.reflect(
          sentence, limit: maxWords, names: names, wholeSentence: true)
        {
          body += (body.isEmpty ? "" : " ") + Self.capitalised(Self.closed(mine))
        } else {
          body += (body.isEmpty ? "" : " ") + "In your words, “\(Self.closed(sentence))”"
        }
      }
      let first = String(body.prefix(1))
      lines.append(
        "\(stage.title): \(body.hasPrefix("I ") ? first : first.lowercased())\(body.dropFirst())")
    }
    return lines
  }

  /// The best sentences of `answers`, in the order said: the most informative sentence of
  /// each question first (its later answer preferred), then any other, up to ``perStage``
  /// (one more when they are all short).
  func best(_ answers: [Said]) -> [String] {
    typealias Scored = (text: String, score: Int, order: Int, question: String, terms: Set<String>)
    var scored: [Scored] = []
    var questions: [String] = []
    for answer in answers where !questions.contains(answer.question) {
      questions.append(answer.question)
    }
    for (position, question) in questions.enumerated() {
      let theirs = answers.filter { $0.question == question }
      let ordered = theirs.filter { !$0.superseded } + theirs.filter(\.superseded)
      for (rank, answer) in ordered.enumerated() {
        for (index, sentence) in Words.sentences(answer.text).enumerated() {
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
          // A subordinate clause on its own ("When the board…") reads as half a thought.
          let opening = Words.split(text).first ?? ""
          let halfThought = ["when", "because", "if", "although", "while", "as"].contains(opening)
          let score =
            terms.count * 2 + (Words.split(text).count >= 6 ? 1 : 0) - rank * 3
            - (halfThought ? 8 : 0)
          scored.append((text, score, position * 1000 + rank * 100 + index, question, terms))
        }
      }
    }
    let short = scored.allSatisfy { Words.split($0.text).count <= 8 }
    let limit = perStage + (short ? 1 : 0)
    let ranked = scored.sorted { ($0.score, -$0.order) > ($1.score, -$1.order) }
    var chosen: [Scored] = []
    func take(_ item: Scored) {
      guard chosen.count < limit,
        !chosen.contains(where: { TextSimilarity.similarity($0.terms, item.terms) >= 0.5 })
      else { return }
      chosen.append(item)
    }
    for item in ranked where !chosen.contains(where: { $0.question == item.question }) {
      take(item)
    }
    for item in ranked where !chosen.contains(where: { $0.order == item.order }) { take(item) }
    return chosen.sorted { $0.order < $1.order }.map(\.text)
  }

  static func closed(_ text: String) -> String {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard let last = trimmed.last, !".!?".contains(last) else { return trimmed }
    return trimmed.trimmingCharacters(in: CharacterSet(charactersIn: ",;:-— ")) + "."
  }

  static func capitalised(_ text: String) -> String {
    text.prefix(1).uppercased() + text.dropFirst()
  }
}
