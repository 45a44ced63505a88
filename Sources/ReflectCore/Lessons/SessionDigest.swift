import Foundation

/// What a lessons report takes from one transcript, worked out once: the stages answered and
/// skipped, each lesson with its theme, terms and the answer it echoes, commitments and what
/// became of earlier ones, and the answers' phrases counted.
///
/// ``LessonsSummary/add(_:)-(SessionDigest)`` merges digests; the archive index keeps each
/// session's digest (``bytes``), so `stats` and `export` never split an answer into words
/// again. A digest depends on the transcript alone (questions are kept as ids, named when
/// merged), so one kept since the transcript last changed is exact.
public struct SessionDigest: Sendable, Equatable {
  /// A lesson, filed under the stage whose answers it echoes most.
  public struct Lesson: Sendable, Equatable {
    public var line: Int
    public var date: Date
    public var number: Int
    public var text: String
    public var origin: ReflectCore.Lesson.Origin
    public var theme: String
    /// The id of the question whose answer it echoes most, and that answer.
    public var question: String?
    public var answer: String?
    /// Its ``TextSimilarity`` terms, distinct and sorted.
    public var terms: [String]
  }

  /// A commitment made in the session.
  public struct Commitment: Sendable, Equatable {
    public var number: Int
    public var text: String
    public var due: String?
    public var date: Date
  }

  public var id: SessionID
  public var time: Date
  public var pack: String
  public var packTitle: String
  /// Stages answered or skipped in, in the order first met.
  public var stages: [String]
  /// Stages answered in, sorted.
  public var answered: [String]
  /// Stages with skipped questions, and how many, sorted by stage.
  public var skipped: [Skipped]
  public var lessons: [Lesson]
  public var commitments: [Commitment]
  /// Reviews of earlier commitments, in the order written.
  public var reviews: [Review]
  /// Progress on earlier commitments (`progress` commands naming one), in the order written.
  public var progress: [Command]
  /// The answers' phrases, counted.
  public var phrases: PhraseTally.Counted
  /// Lessons suggested from an imported entry that wait for `reflect lessons review` (not
  /// lessons yet).
  public var suggestionsWaiting = 0
  /// The index's row of the file it was read from (not kept in the digest's bytes).
  public var file: Int?
  /// What the session is about and its tags, as the person gave them (not kept in the
  /// digest's bytes: set by whoever reads the session, from the transcript or the index).
  public var subject: String?
  public var tags: [String] = []

  /// Whether the person wrote nothing in the session (no answer, lesson, commitment or
  /// review): such a session does not count toward a streak.
  public var isEmpty: Bool {
    answered.isEmpty && lessons.isEmpty && commitments.isEmpty && reviews.isEmpty
      && progress.isEmpty
  }

  /// A stage and how many of its questions were skipped.
  public struct Skipped: Sendable, Equatable {
    public var stage: String
    public var count: Int
  }

}

extension SessionDigest {
  /// The digest of `transcript`, or `nil` when it has no session start.
  public init?(_ transcript: Transcript) {
    guard let start = transcript.start else { return nil }
    id = start.id
    time = start.date
    pack = start.pack
    packTitle = start.packTitle
    stages = []
    lessons = []
    commitments = []
    reviews = []
    progress = []
    var skips: [String: Int] = [:]
    // Terms as numbers of the counter's terms: each word's term is worked out once.
    var answeredTerms: [String: Set<Int32>] = [:]
    var answers: [(question: String, text: String, terms: Set<Int32>)] = []
    var lessonTerms: [Set<Int32>] = []
    var seenLessons: Set<String> = []
    var counter = PhraseTally.Counter()
    let lines =
      transcript.lines.count == transcript.events.count
      ? transcript.lines : transcript.events.indices.map { $0 + 1 }
    for (event, line) in zip(transcript.events, lines) {
      switch event {
      case .answer(let answer):
        if !stages.contains(answer.stage) { stages.append(answer.stage) }
        // Split once, for both the terms and the phrases.
        let terms = Set(counter.add(words: Words.split(answer.text), stage: answer.stage))
        answeredTerms[answer.stage, default: []].formUnion(terms)
        answers.append((answer.question, answer.text, terms))
      case .skip(let skip):
        if !stages.contains(skip.stage) { stages.append(skip.stage) }
        skips[skip.stage, default: 0] += 1
      case .lesson(let lesson):
        // The same lesson written twice in one session counts once.
        guard seenLessons.insert(LessonsSummary.normalised(lesson.text)).inserted else {
          continue
        }
        let terms = Set(TextSimilarity.terms(lesson.text))
        lessonTerms.append(Set(terms.map { counter.term($0) }))
        lessons.append(
          Lesson(
            line: line, date: start.dated(lesson.time), number: lesson.number, text: lesson.text,
            origin: lesson.origin, theme: LessonsSummary.general, terms: terms.sorted()))
      case .commitment(let item):
        commitments.append(
          Commitment(
            number: item.number, text: item.text, due: item.due, date: start.dated(item.time)))
      case .review(var review):
        review.time = start.dated(review.time)
        reviews.append(review)
      case .command(var command) where command.name == .progress:
        command.time = start.dated(command.time)
        if command.session != nil, command.number != nil { progress.append(command) }
      default:
        break
      }
    }
    suggestionsWaiting = transcript.waitingSuggestions
    answered = answeredTerms.keys.sorted()
    skipped = skips.sorted { $0.key < $1.key }.map { Skipped(stage: $0.key, count: $0.value) }
    phrases = counter.finish()
    // Each lesson is filed under the stage whose answers it echoes most, and remembers the
    // answer it echoes most.
    for (index, terms) in lessonTerms.enumerated() {
      let best = answeredTerms.map { ($0.key, TextSimilarity.similarity(terms, $0.value)) }
        .filter { $0.1 > 0 }
        .max { ($0.1, $1.0) < ($1.1, $0.0) }
      if let best { lessons[index].theme = best.0 }
      let source = answers.map { ($0, TextSimilarity.similarity(terms, $0.terms)) }
        .filter { $0.1 > 0 }
        .max { $0.1 < $1.1 }
      if let source {
        lessons[index].question = source.0.question
        lessons[index].answer = source.0.text
      }
    }
  }
}
