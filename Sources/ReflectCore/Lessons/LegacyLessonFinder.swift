import Foundation

/// The lesson finder as it was before the trained model (#28, commit 8fdde72).
///
/// Kept only so that `replay --rerun` of a session held then proposes what it proposed (a
/// session whose proposal line names no `finder`); its limits are the ones of its day (7
/// candidates, 26 words), whatever `Prompts/lessons.yaml` says now. Every sentence (a long
/// one split at clause boundaries) gets a score from the cues of `Prompts/lessons.yaml`; the
/// best are proposed in the person's words, lead-ins such as "I learned that" dropped, near
/// duplicates merged, in the order they were said.
public struct LegacyLessonFinder: Sendable {
  /// The cues and weights.
  public var cues: LessonCues

  /// Creates a finder with `cues` and the limits of its day.
  public init(cues: LessonCues) {
    var cues = cues
    cues.most = 7
    cues.maxWords = 26
    self.cues = cues
  }

  /// A scored candidate.
  public struct Candidate: Sendable, Equatable {
    /// The lesson in the person's words.
    public var text: String
    /// How strongly it reads as a lesson.
    public var score: Int
    /// Which answer it came from, and where in it.
    public var order: Int
  }

  public typealias Answered = LessonFinder.Answered

  /// Up to `cues.most` candidates from `answers`, in the order they were said.
  public func propose(from answers: [String]) -> [String] {
    candidates(from: answers.map { Answered($0) }).map(\.text)
  }

  /// Up to `cues.most` candidates from `answers`, in the order they were said.
  public func propose(from answers: [Answered]) -> [String] {
    candidates(from: answers).map(\.text)
  }

  /// Every candidate sentence and clause of `answers` with its score, chosen or not (for
  /// tuning the cues: `make coach-eval ARGS="--scores NAME"`).
  public func scored(from answers: [Answered]) -> [Candidate] {
    var all: [Candidate] = []
    for answer in answers {
      let bonus = questionBonus(answer.question)
      for sentence in Words.sentences(answer.text) {
        for piece in pieces(of: sentence) {
          guard let text = cleaned(piece) else { continue }
          all.append(Candidate(text: text, score: score(text) + bonus, order: all.count))
        }
      }
    }
    return all
  }

  /// The bonus for an answer to a question that asks for learning.
  func questionBonus(_ question: String?) -> Int {
    guard let question else { return 0 }
    let words = Words.split(question)
    return cues.questionPhrases.contains { Words.position(of: $0, in: words) != nil }
      ? cues.questionBonus : 0
  }

  /// The chosen candidates with their scores, in the order they were said.
  public func candidates(from answers: [Answered]) -> [Candidate] {
    let all = scored(from: answers).filter { $0.score >= cues.minScore }
    var chosen: [(candidate: Candidate, terms: Set<String>)] = []
    // Best first; of two that score the same, the shorter (a clause over its sentence).
    let ranked = all.sorted {
      ($0.score, -$0.text.count, -$0.order) > ($1.score, -$1.text.count, -$1.order)
    }
    for candidate in ranked {
      let terms = Set(TextSimilarity.terms(candidate.text))
      let lower = candidate.text.lowercased()
      guard
        !chosen.contains(where: {
          TextSimilarity.similarity($0.terms, terms) >= 0.5
            || $0.candidate.text.lowercased().contains(lower)
            || lower.contains($0.candidate.text.lowercased())
        })
      else { continue }
      chosen.append((candidate, terms))
      if chosen.count == cues.most { break }
    }
    return chosen.map(\.candidate).sorted { $0.order < $1.order }
  }

  /// The sentence and, when it is long, its clauses (``LessonCues/pieces(of:)``).
  func pieces(of sentence: String) -> [String] { cues.pieces(of: sentence) }

  /// `piece` trimmed, lead-in dropped, first letter capitalised; `nil` if too short or long.
  func cleaned(_ piece: String) -> String? {
    let edges = CharacterSet.whitespacesAndNewlines.union(.init(charactersIn: ",;:-—–\"“”"))
    var text = piece.trimmingCharacters(in: edges)
    let lower = text.lowercased()
    for leadIn in cues.leadIns where lower.hasPrefix(leadIn + " ") || lower.hasPrefix(leadIn + ",")
    {
      let rest = text.dropFirst(leadIn.count).trimmingCharacters(in: edges)
      if Words.split(rest).count >= cues.minWords { text = rest }
      break
    }
    let count = Words.split(text).count
    guard (cues.minWords...cues.maxWords).contains(count), let first = text.first else {
      return nil
    }
    return first.uppercased() + text.dropFirst()
  }

  /// The lesson score of `text` (see `Prompts/lessons.yaml`).
  func score(_ text: String) -> Int { cues.score(text) }
}
