import Foundation

/// Finds the sentences in a person's answers that carry learning, to offer back as lessons.
///
/// Every sentence of every answer (as the person punctuated it, "?" kept) is scored by the
/// trained lesson model (``LessonModel``, `Prompts/lesson-model.json`): a logistic regression
/// over the sentence's meaning vector, when a sentence model is injected, and a few
/// explainable ``LessonFeatures``; without a model, the words-only weights. A sentence that
/// scores at least the model's threshold is offered in the person's words with its narrative
/// frame removed ("What the project taught me is that X" → "X", ``LessonFrames``); one too
/// long to offer whole gives its best-scoring clause. Never a question, a complaint, a
/// fragment, a value with no claim ("Not letting the project become a product"), an answer
/// that restates its question about others ("They'd know because…") or a sentence opening
/// on an unresolved "that/this/it/he/they'd…". Near-duplicates are
/// merged (by meaning when vectors are there), and the number offered grows with how much
/// was said (docs/coach-rules.md, "Lesson finder").
public struct LessonFinder: Sendable {
  /// The cues and limits (`Prompts/lessons.yaml`).
  public var cues: LessonCues
  /// The trained weights; `nil`: the cue score of `lessons.yaml` alone.
  public var model: LessonModel?
  /// The sentence model, when there is one.
  public var embedder: (any SentenceEmbedder)?

  /// How candidates are made whole (``revision``): 1 for sessions held before; from 2, a
  /// candidate starts at its content, not the question's echo ("Sooner next time i would
  /// get…" → "Next time, get…", "Earned: doing what you said" → "Doing what you said earned
  /// trust"), its "it" is the question's noun ("Showing up every month earned trust") or it
  /// is not offered, a lowercase "i" reads "I", and a plain fact about someone else, a
  /// fragment referring back ("The burnout one is less clear") or a moan is never offered;
  /// from 3, a sentence the person framed as what they took away ("what came out of it for
  /// me was that…") is offered whatever it scores; from 4, a plan or a hope, talk before an
  /// answer, an aside to the listener, a sentence ending on "part of that", and the purpose
  /// itself given to a question about what the work was for, are never offered
  /// (``CandidateShape/rejection4(of:question:cues:)``); from 5, talk to the coach ("No,
  /// that's not what I said", "you asked that already") is never offered
  /// (``CandidateShape/talksToTheCoach(_:)``).
  public var revision = Self.revision
  public static let revision = 5

  /// The built-in weights, read once.
  public static let builtInModel: LessonModel? = try? LessonModel.builtIn()

  /// Creates a finder; with `embedder`, the model's vector weights are used when it is the
  /// sentence model they were trained on.
  public init(
    cues: LessonCues, model: LessonModel? = LessonFinder.builtInModel,
    embedder: (any SentenceEmbedder)? = nil
  ) {
    self.cues = cues
    self.model = model
    self.embedder = embedder
  }

  /// Whether sentences are scored with their meaning vectors.
  public var usesVectors: Bool {
    guard let model, let embedder else { return false }
    return embedder.modelID == model.encoder
  }

  /// What a session records so that `replay --rerun` finds the same lessons: the weights'
  /// id and the sentence model's, or "words-only".
  public var identity: String {
    guard let model else { return "cues" }
    return model.id + (revision >= 2 ? " r\(revision) " : " ")
      + (usesVectors ? model.encoder : "words-only")
  }

  /// The revision named by an identity ("lessons-… r2 words-only"; 1 when none is named).
  public static func revision(of identity: String) -> Int {
    for word in identity.split(separator: " ") where word.hasPrefix("r") {
      if let number = Int(word.dropFirst()) { return number }
    }
    return 1
  }

  /// Whether an identity names the words-only weights.
  public static func isWordsOnly(_ identity: String) -> Bool {
    identity.split(separator: " ").contains("words-only")
  }

  /// A scored candidate.
  public struct Candidate: Sendable, Equatable {
    /// The lesson in the person's words.
    public var text: String
    /// How strongly it reads as a lesson (the model's probability).
    public var score: Double
    /// Which answer it came from, and where in it.
    public var order: Int
    /// The sentence as it was said.
    public var sentence: String
    /// Which answer it came from, and whether that answer's question asked for learning.
    public var answer = 0
    public var asked = false
    /// Whether the person framed it as what they took away ("what came out of it for me
    /// was that…", ``LessonFrames/declarations``): offered whatever it scores.
    public var declared = false
  }

  /// One answer and the question it answered.
  public struct Answered: Sendable, Equatable {
    public var text: String
    /// The question's wording, when known.
    public var question: String?

    /// Creates an answer.
    public init(_ text: String, question: String? = nil) {
      self.text = text
      self.question = question
    }
  }

  /// The candidates from `answers`, in the order they were said.
  public func propose(from answers: [String]) -> [String] {
    candidates(from: answers.map { Answered($0) }).map(\.text)
  }

  /// The candidates from `answers`, in the order they were said.
  public func propose(from answers: [Answered]) -> [String] {
    candidates(from: answers).map(\.text)
  }

  /// How many candidates at most for `words` words said: three, one more for every
  /// `cues.wordsPerLesson`, up to `cues.most` (10 for an essay).
  public func most(forWords words: Int) -> Int {
    min(cues.most, 3 + words / max(cues.wordsPerLesson, 1))
  }

  /// The text's sentences as the person punctuated them: split after ".", "!" or "?" that a
  /// space or the end follows, and at line breaks; the mark is kept ("?" makes a question).
  public static func sentences(_ text: String) -> [String] {
    var result: [String] = []
    var current = ""
    var previous: Character = " "
    func flush() {
      let trimmed = current.trimmingCharacters(in: .whitespaces)
      if !trimmed.isEmpty { result.append(trimmed) }
      current = ""
    }
    for character in text {
      if character == "\n" || character == "\r" {
        flush()
      } else if character.isWhitespace, ".!?".contains(previous) {
        flush()
      } else {
        current.append(character)
      }
      previous = character
    }
    flush()
    return result
  }

  /// Every sentence of `answers` that may be offered, with its score, chosen or not (for
  /// tuning: `make coach-eval ARGS="--scores NAME"`).
  public func scored(from answers: [Answered]) -> [Candidate] {
    var units: [(sentence: String, question: String?, shown: String, clauses: [String])] = []
    var answerOf: [Int] = []
    for (number, answer) in answers.enumerated() {
      for sentence in Self.sentences(answer.text).flatMap(LessonFrames.splitAtFrame) {
        guard rejection(of: sentence, question: answer.question) == nil,
          let shown = offered(sentence)
        else { continue }
        // A sentence too long to offer whole is offered as its best clause.
        let long = Words.split(shown).count > cues.maxWords
        let clauses =
          long
          ? pieces(of: shown).dropFirst().compactMap {
            offeredClause($0, question: answer.question)
          }
          : []
        if long, clauses.isEmpty { continue }
        units.append((sentence, answer.question, shown, clauses))
        answerOf.append(number)
      }
    }
    let vectors = embedded(units.map(\.sentence))
    let clauseVectors = embedded(units.flatMap(\.clauses))
    var clauseIndex = 0
    var all: [Candidate] = []
    for (index, unit) in units.enumerated() {
      let score = self.score(unit.sentence, question: unit.question, vector: vectors?[index])
      var text = unit.shown
      if !unit.clauses.isEmpty {
        var best = -1.0
        for clause in unit.clauses {
          let clauseScore = self.score(
            clause, question: unit.question, vector: clauseVectors?[clauseIndex])
          clauseIndex += 1
          if clauseScore > best {
            best = clauseScore
            text = clause
          }
        }
      }
      if revision >= 2 {
        guard let whole = CandidateShape.whole(text, question: unit.question) else { continue }
        text = whole
      }
      all.append(
        Candidate(
          text: text, score: score, order: all.count, sentence: unit.sentence,
          answer: answerOf[index], asked: questionBonus(unit.question) > 0,
          declared: revision >= 3 && LessonFrames.strip(unit.sentence).declared))
    }
    return all
  }

  /// The vectors of `texts` when the finder uses them (and the model gave one each).
  func embedded(_ texts: [String]) -> [[Float]]? {
    guard usesVectors, !texts.isEmpty, let vectors = embedder?.embed(texts),
      vectors.count == texts.count
    else { return nil }
    return vectors
  }

  /// The probability that `sentence` is a lesson (the cue score over 10 without weights).
  public func score(_ sentence: String, question: String?, vector: [Float]?) -> Double {
    let features = LessonFeatures.values(of: sentence, question: question, cues: cues)
    guard let model else {
      return Double(cueScore(LessonFrames.strip(sentence).text) + questionBonus(question)) / 10
    }
    return model.probability(features: features, vector: vector)
  }

  /// The threshold from which a sentence is offered.
  var threshold: Double {
    model?.threshold(withVector: usesVectors) ?? Double(cues.minScore) / 10
  }

  /// The chosen candidates with their scores, in the order they were said.
  public func candidates(from answers: [Answered]) -> [Candidate] {
    let words = answers.reduce(0) { $0 + Words.split($1.text).count }
    let limit = most(forWords: words)
    let scored = scored(from: answers)
    // An answer to a question that asked for learning offers its best sentence from a
    // lower bar (`asked_bar`, a share of the threshold): the person was asked for a lesson.
    var best: [Int: Candidate] = [:]
    for candidate in scored where candidate.asked {
      if candidate.score > (best[candidate.answer]?.score ?? -1) {
        best[candidate.answer] = candidate
      }
    }
    let all = scored.filter {
      $0.score >= threshold || $0.declared
        || ($0.asked && best[$0.answer] == $0 && $0.score >= threshold * cues.askedBar)
    }
    // Best first; of two that score the same, the one said first.
    let ranked = all.sorted { ($0.score, -$0.order) > ($1.score, -$1.order) }
    let vectors = embedded(ranked.map(\.text))
    var chosen: [(candidate: Candidate, terms: Set<String>, vector: [Float]?)] = []
    for (index, candidate) in ranked.enumerated() {
      guard chosen.count < limit else { break }
      let terms = Set(TextSimilarity.terms(candidate.text))
      let lower = candidate.text.lowercased()
      let vector = vectors?[index]
      guard
        !chosen.contains(where: { earlier in
          if let vector, let other = earlier.vector {
            if zip(vector, other).reduce(0, { $0 + $1.0 * $1.1 }) >= cues.sameMeaning {
              return true
            }
          }
          return TextSimilarity.similarity(earlier.terms, terms) >= 0.5
            || earlier.candidate.text.lowercased().contains(lower)
            || lower.contains(earlier.candidate.text.lowercased())
        })
      else { continue }
      chosen.append((candidate, terms, vector))
    }
    return chosen.map(\.candidate).sorted { $0.order < $1.order }
  }

  /// Why `sentence` can never be offered, or `nil` ("question", "complaint", "anecdote",
  /// "purpose statement", "answers its question", "fragment", "unresolved pronoun",
  /// "value", "too short", "too long"); `question` is the question it answered, when known.
  public func rejection(of sentence: String, question: String? = nil) -> String? {
    if LessonFeatures.isQuestion(sentence) { return "question" }
    if LessonFeatures.isComplaint(sentence, revision: revision) { return "complaint" }
    if LessonFeatures.isAnecdote(sentence, cues: cues) { return "anecdote" }
    if LessonFeatures.isPurposeStatement(sentence) { return "purpose statement" }
    if LessonFeatures.restatesQuestion(sentence, question: question)
      || (revision >= 3 && LessonFeatures.sortsIntoTheQuestionsKinds(sentence, question: question))
    {
      return "answers its question"
    }
    guard let text = cleaned(LessonFrames.strip(sentence).text, upTo: 80) else {
      return Words.split(sentence).count < cues.minWords ? "too short" : "too long"
    }
    if LessonFeatures.opensOnUnresolvedReference(text) { return "unresolved pronoun" }
    if isFragment(text) { return "fragment" }
    if LessonFeatures.isValueStatement(text, question: question, cues: cues) { return "value" }
    // Since revision 4 the shapes are judged on the candidate made whole: "Turning up earned
    // it" (to "What earned trust…?") is "Turning up earned trust", a claim.
    let shaped = revision >= 4 ? CandidateShape.whole(text, question: question) ?? text : text
    if revision >= 2, let why = CandidateShape.rejection(of: shaped, said: sentence, cues: cues) {
      return why
    }
    if revision >= 4,
      let why = CandidateShape.rejection4(of: text, question: question, cues: cues)
    {
      return why
    }
    if revision >= 5, CandidateShape.talksToTheCoach(text) { return "to the coach" }
    return nil
  }

  /// What of `sentence` would be offered: frame, list marker and lead-in removed, first
  /// letter capitalised, end mark dropped; `nil` for a fragment, one too short, or one that
  /// opens on an unresolved pronoun.
  func offered(_ sentence: String) -> String? {
    guard let text = cleaned(LessonFrames.strip(sentence).text, upTo: 80),
      !LessonFeatures.opensOnUnresolvedReference(text), !isFragment(text)
    else { return nil }
    return text
  }

  /// A clause of a long sentence that can stand as a sentence (`question`: the one the
  /// sentence answered).
  func offeredClause(_ clause: String, question: String? = nil) -> String? {
    guard let text = cleaned(clause, upTo: cues.maxWords),
      !LessonFeatures.opensOnUnresolvedReference(text), !isFragment(text),
      !LessonFeatures.isValueStatement(text, question: question, cues: cues),
      !LessonFeatures.isAnecdote(text, cues: cues),
      revision < 2 || CandidateShape.rejection(of: text, said: text, cues: cues) == nil,
      revision < 4 || CandidateShape.rejection4(of: text, question: question, cues: cues) == nil,
      revision < 5 || !CandidateShape.talksToTheCoach(text),
      let first = Words.split(text).first, !cues.penalisedStarts.contains(first)
    else { return nil }
    return text
  }

  /// Opens where no sentence can: on a conjunction, a relative word, a preposition, or a
  /// verb with no subject before it ("Already has four schools nearby").
  func isFragment(_ text: String) -> Bool {
    let words = Words.split(text)
    guard let first = words.first else { return true }
    if Self.fragmentStarts.contains(first) || first == "to" { return true }
    if !hasFiniteVerb(words) { return true }
    if words.count > 1, Self.adverbs.contains(first),
      ["has", "is", "are", "was", "were", "had", "does", "did", "needs", "takes"].contains(
        words[1])
    {
      return true
    }
    return false
  }

  /// Holds a verb that makes a sentence: a known verb form, a past "-ed" or a contraction,
  /// not within four words after "who", "that", "which" or "where" (a relative clause:
  /// "the schools who see the signs"), or an advice verb as the first word ("Meet them").
  func hasFiniteVerb(_ words: [String]) -> Bool {
    let relative: Set<String> = ["who", "that", "which", "where", "whose"]
    let advice = cues.cues.filter { $0.kind == "advice" }.flatMap(\.starts)
    if advice.contains(where: { Words.position(of: $0, in: words) == 0 }) { return true }
    // "Next time, get the IT sorted first": advice after the time it is for.
    if revision >= 2, words.starts(with: ["next", "time"]), words.count > 2 {
      return true
    }
    func isVerb(_ word: String) -> Bool {
      cues.generalVerbs.contains(word) || cues.pastWords.contains(word)
        || LessonFeatures.presentOrModal.contains(word) || LessonFeatures.pastTense.contains(word)
        || (word.count >= 5 && word.hasSuffix("ed")) || word.hasSuffix("n't")
        || ["'s", "'re", "'ll", "'d", "'ve"].contains { word.count > 2 && word.hasSuffix($0) }
    }
    if revision >= 4 {
      // Since revision 4 also: a relative clause ends after its own verbs and what follows them:
      // "New governors who are welcomed properly ask better questions", "A volunteer who
      // can say no lasts longer" hold a main verb; "the schools who see the signs" none.
      var inRelative = false
      var relativeVerbs = false
      var gap = false
      for word in words {
        if relative.contains(word) {
          (inRelative, relativeVerbs, gap) = (true, false, false)
          continue
        }
        let verb = isVerb(word)
        if !inRelative {
          if verb { return true }
          continue
        }
        if verb, relativeVerbs, gap { return true }
        if verb { relativeVerbs = true } else if relativeVerbs { gap = true }
      }
    }
    return words.indices.contains { index in
      isVerb(words[index]) && !words[max(0, index - 4)..<index].contains(where: relative.contains)
    }
  }

  static let fragmentStarts: Set<String> = [
    "and", "but", "or", "nor", "so", "because", "which", "who", "whom", "whose", "of", "has",
    "is", "are", "was", "were", "had", "does", "did", "plus", "although", "though", "whereas",
    "unless", "until", "etc",
    "than", "then", "also", "like", "such", "including", "especially",
  ]
  static let adverbs: Set<String> = [
    "already", "still", "just", "also", "really", "actually", "probably", "basically", "only",
  ]

  /// The bonus for an answer to a question that asks for learning.
  func questionBonus(_ question: String?) -> Int {
    guard let question else { return 0 }
    let words = Words.split(question)
    return cues.questionPhrases.contains { Words.position(of: $0, in: words) != nil }
      ? cues.questionBonus : 0
  }

  /// The sentence and, when it is long, its clauses (``LessonCues/pieces(of:)``).
  func pieces(of sentence: String) -> [String] { cues.pieces(of: sentence) }

  /// `piece` trimmed, lead-in and end mark dropped, first letter capitalised; `nil` if
  /// shorter than `cues.minWords` or longer than `most` words.
  func cleaned(_ piece: String, upTo most: Int) -> String? {
    let edges = CharacterSet.whitespacesAndNewlines.union(.init(charactersIn: ",;:-—–\"“”.!"))
    var text = piece.trimmingCharacters(in: edges)
    let lower = text.lowercased()
    for leadIn in cues.leadIns where lower.hasPrefix(leadIn + " ") || lower.hasPrefix(leadIn + ",")
    {
      let rest = text.dropFirst(leadIn.count).trimmingCharacters(in: edges)
      if Words.split(rest).count >= cues.minWords { text = rest }
      break
    }
    let count = Words.split(text).count
    guard (cues.minWords...max(most, cues.minWords)).contains(count), let first = text.first else {
      return nil
    }
    return first.uppercased() + text.dropFirst()
  }

  /// The cue score of `text` (see `Prompts/lessons.yaml`): one of the model's features.
  func cueScore(_ text: String) -> Int { cues.score(text) }

  /// A statement about the world rather than a story about me (``LessonCues/isGeneral(_:words:past:)``).
  func isGeneral(_ text: String, words: [String], past: Bool) -> Bool {
    cues.isGeneral(text, words: words, past: past)
  }
}

/// The lesson finder's data, from `Prompts/lessons.yaml`.
public struct LessonCues: Sendable, Equatable {
  /// One kind of cue; any of its phrases, starts or patterns adds `weight` (once).
  public struct Cue: Sendable, Equatable {
    public var kind: String
    public var weight: Int
    /// Words or phrases found anywhere.
    public var phrases: [String]
    /// Words or phrases that count only as the first words.
    public var starts: [String]
    /// Regular expressions matched against the lower-case text.
    public var patterns: [String]

    /// Creates a cue.
    public init(
      kind: String, weight: Int, phrases: [String], starts: [String] = [], patterns: [String] = []
    ) {
      self.kind = kind
      self.weight = weight
      self.phrases = phrases
      self.starts = starts
      self.patterns = patterns
    }
  }
  public var most: Int
  public var minScore: Int
  public var minWords: Int
  public var maxWords: Int
  public var splitFrom: Int
  public var leadIns: [String]
  public var clauseBoundaries: [String]
  public var cues: [Cue]
  public var generalisationWeight: Int
  public var generalMinWords: Int
  public var generalVerbs: Set<String>
  public var personalWords: Set<String>
  public var pastWords: Set<String>
  public var specificStarts: Set<String>
  public var narrativePenalty: Int
  public var questionPenalty: Int
  public var penalisedStarts: Set<String>
  public var startPenalty: Int
  public var shortWords: Int
  public var shortBonus: Int
  public var questionPhrases: [String]
  public var questionBonus: Int
  /// One more candidate may be offered for every this many words said.
  public var wordsPerLesson = 50
  /// Two candidates whose vectors' cosine is at least this say the same thing.
  public var sameMeaning: Float = 0.8
  /// The share of the threshold from which the best sentence of an answer to a question
  /// that asks for learning is offered.
  public var askedBar = 0.25

  /// The built-in cues from `Prompts/lessons.yaml`.
  public static func builtIn() throws(PackError) -> LessonCues {
    try LessonCuesLoader().load(
      embeddedPromptFiles["lessons.yaml"] ?? "", file: "Prompts/lessons.yaml")
  }
}
