import Foundation
import ReflectCore
import Yams

/// A scripted reflection session for judging the coach (`Benchmarks/coach/scenarios/*.yaml`).
///
/// Answers are listed per question id: the first answers the question, the next ones answer
/// the coach's follow-ups in turn; when a question's list runs out the person types `/next`.
/// An entry that starts with `/` is a session command. `gold` lessons were written from the
/// person's words before the lesson finder was tuned.
public struct CoachScenario: Decodable, Sendable {
  public var title: String
  public var person: String
  public var pack: String
  public var stages: [String]?
  public var seed: UInt64
  public var answers: [String: [String]]
  /// Replies to "Did I get that right?", in turn (Enter when they run out).
  public var corrections: [String]?
  public var lessons: [String]?
  public var commitments: [String]?
  /// Replies to earlier commitments, in turn.
  public var reviews: [String]?
  /// Replies to "What got in the way?", in turn (Enter when they run out).
  public var obstacles: [String]?
  public var open: [OpenCommitment]?
  public var gold: [String]

  /// Every scenario in `folder`, by file name.
  public static func load(folder: String) throws -> [(name: String, scenario: CoachScenario)] {
    let names = try FileManager.default.contentsOfDirectory(atPath: folder)
      .filter { $0.hasSuffix(".yaml") }.sorted()
    return try names.map { name in
      let text = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
      return (
        String(name.dropLast(5)), try YAMLDecoder().decode(CoachScenario.self, from: text)
      )
    }
  }

  /// The shared corpus in the package.
  public static var corpusFolder: String {
    TestSupport.packageRoot.appendingPathComponent("Benchmarks/coach/scenarios").path
  }
}

/// What one scenario produced and how the coach did.
public struct CoachEvaluation: Sendable {
  /// Every event of the session, as a transcript would hold it after its start.
  public var events: [TranscriptEvent]
  /// Every coach line, with its kind.
  public var lines: [(kind: CoachMessage.Kind, text: String)]
  /// What the person typed, in order (as piped stdin would give it).
  public var inputs: [String]
  /// The proposed lessons.
  public var proposals: [String]
  /// Lines that fail ``LineLint``, with the problem.
  public var broken: [(line: String, problem: String)]
  /// Questions said twice, or a follow-up close to a question already asked.
  public var repeats: [String]
  /// Gold lessons matched by a proposal.
  public var recalled: [String]
  /// Proposals that match a gold lesson.
  public var precise: [String]
  public var gold: [String]

  /// When the scripted session starts.
  public static let start = Date(timeIntervalSince1970: 1_796_119_200)  // 2026-12-01 10:00 UTC

  /// The transcript of `scenario` as if held at `start` (round `round` varies its id and seed).
  public static func transcript(
    _ scenario: CoachScenario, startingAt start: Date, round: Int
  ) throws -> [TranscriptEvent] {
    var pack = try PackLibrary().pack(scenario.pack)
    if let stages = scenario.stages { pack = try pack.restricted(to: stages) }
    let seed = scenario.seed &+ UInt64(round)
    var generator = SeededGenerator(seed: seed)
    let id = SessionID.generate(at: start, using: &generator)
    let result = try run(scenario, seed: seed, at: start)
    let first = TranscriptEvent.start(
      SessionStart(
        id: id, pack: pack.id, packTitle: pack.title, stages: pack.stages.map(\.id),
        seed: seed, version: "scenario", time: start, maxFollowUps: pack.maxFollowUps,
        coaching: true, openCommitments: scenario.open ?? []))
    return [first] + result.events
  }

  /// Runs `scenario` through the coach engine.
  ///
  /// With `embedder`, the lesson finder reads meaning too.
  public static func run(
    _ scenario: CoachScenario, embedder: (any SentenceEmbedder)? = nil
  ) throws -> CoachEvaluation {
    try run(scenario, seed: scenario.seed, at: start, embedder: embedder)
  }

  static func run(
    _ scenario: CoachScenario, seed: UInt64, at start: Date,
    embedder: (any SentenceEmbedder)? = nil
  ) throws -> CoachEvaluation {
    var pack = try PackLibrary().pack(scenario.pack)
    if let stages = scenario.stages { pack = try pack.restricted(to: stages) }
    var conversation = Conversation(
      pack: pack, rules: try CoachRules.builtIn(),
      settings: .init(
        seed: seed, maxFollowUps: pack.maxFollowUps,
        openCommitments: scenario.open ?? []), embedder: embedder)
    var answers = scenario.answers
    var corrections = scenario.corrections ?? []
    var lessons = scenario.lessons ?? []
    var commitments = scenario.commitments ?? []
    var reviews = scenario.reviews ?? []
    var obstacles = scenario.obstacles ?? []
    var events = conversation.begin(at: start).events
    var inputs: [String] = []
    var time = start
    func pop(_ list: inout [String], or fallback: String) -> String {
      list.isEmpty ? fallback : list.removeFirst()
    }
    var turns = 0
    while let prompt = conversation.prompt, turns < 400 {
      turns += 1
      let line: String
      switch prompt.kind {
      case .answer:
        var list = answers[prompt.question.id] ?? []
        line = pop(&list, or: "/next")
        answers[prompt.question.id] = list
      case .confirmSummary: line = pop(&corrections, or: "")
      case .proposal: line = "/keep"
      case .item:
        line =
          prompt.stage.kind == .lessons ? pop(&lessons, or: "") : pop(&commitments, or: "")
      case .review: line = pop(&reviews, or: "/skip")
      case .obstacle: line = pop(&obstacles, or: "")
      case .dueDate: line = pop(&commitments, or: "")
      }
      inputs.append(line)
      time += 30
      let input: PersonInput
      switch SessionCommand.parse(line) {
      case .input(let parsed): input = parsed
      case .help, .unknown, .multi, .edit, .tag: input = .text(line)
      }
      events += conversation.respond(to: input, at: time).events
    }
    var lines: [(kind: CoachMessage.Kind, text: String)] = []
    for case .coach(let message) in events { lines.append((message.kind, message.text)) }
    let proposals = lines.filter { $0.kind == .proposal && $0.text.hasPrefix("Possible lesson: ") }
      .map { String($0.text.dropFirst("Possible lesson: ".count)) }
    let recalled = scenario.gold.filter { gold in proposals.contains { matches($0, gold: gold) } }
    let precise = proposals.filter { proposal in
      scenario.gold.contains { matches(proposal, gold: $0) }
    }
    return CoachEvaluation(
      events: events, lines: lines, inputs: inputs, proposals: proposals,
      broken: try broken(events, proposals: proposals),
      repeats: repeats(in: lines), recalled: recalled, precise: precise, gold: scenario.gold)
  }

  /// Lines that fail ``LineLint``: every line; stage summaries that start mid-sentence or
  /// give back a question; proposals that are questions, complaints or fragments or open on
  /// an unresolved pronoun; follow-ups that echo a word of an idiom in the answer before.
  static func broken(
    _ events: [TranscriptEvent], proposals: [String]
  ) throws -> [(line: String, problem: String)] {
    let listening = try CoachRules.builtIn().listening
    let finder = LessonFinder(cues: try LessonCues.builtIn())
    var result: [(line: String, problem: String)] = []
    var lastAnswer: String?
    var answers: [String] = []
    for event in events {
      if case .answer(let answer) = event {
        lastAnswer = answer.text
        answers.append(answer.text)
      }
      guard case .coach(let message) = event else { continue }
      let problem: String? =
        switch message.kind {
        case .summary where message.text.contains(":"):
          LineLint.summaryProblem(in: message.text, answers: answers)
        case .followUp, .acknowledgement:
          LineLint.problem(in: message.text)
            ?? lastAnswer.flatMap {
              LineLint.idiomEcho(in: message.text, after: $0, listening: listening)
            }
        default: LineLint.problem(in: message.text)
        }
      if let problem { result.append((message.text, problem)) }
    }
    for proposal in proposals {
      if let why = finder.rejection(of: proposal) { result.append((proposal, "candidate: \(why)")) }
    }
    return result
  }

  /// A proposal recalls a gold lesson when it holds at least half of the gold lesson's
  /// content terms (and at least one).
  public static func matches(_ proposal: String, gold: String) -> Bool {
    let goldTerms = Set(TextSimilarity.terms(gold))
    let shared = goldTerms.intersection(TextSimilarity.terms(proposal)).count
    return shared >= 1 && Double(shared) >= Double(goldTerms.count) * 0.5
  }

  /// Questions and follow-ups said twice word for word (not a question the person asked to
  /// see again with `/back` or after `/summary`), and follow-ups close to a question or
  /// follow-up said before (``QuestionSimilarity``).
  static func repeats(in lines: [(kind: CoachMessage.Kind, text: String)]) -> [String] {
    let asking = lines.filter { $0.kind == .question || $0.kind == .followUp }
    var seen: [String] = []
    var result: [String] = []
    let againPrefixes = [
      "Back to", "Once more", "Let's return", "Here it is again", "Where we were",
      "Picking up", "We had reached",
    ]
    for line in asking {
      if againPrefixes.contains(where: line.text.hasPrefix) { continue }
      if seen.contains(line.text) {
        result.append(line.text)
      } else if line.kind == .followUp,
        let earlier = seen.first(where: { QuestionSimilarity.isClose($0, line.text) })
      {
        result.append("\(line.text)  ~  \(earlier)")
      }
      seen.append(line.text)
    }
    return result
  }
}
