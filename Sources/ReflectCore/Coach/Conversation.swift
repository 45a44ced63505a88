import Foundation

/// The conversation engine: a pure value that walks a pack, listens with ELIZA-style rules,
/// and turns the person's input into coach lines and transcript events.
///
/// It does no I/O and uses no clock or randomness of its own: given the same pack, rules,
/// settings (seed included) and inputs, it produces the same turns, so a transcript's coach
/// lines can be re-derived from its answers (`reflect replay --rerun`).
///
/// Where the conversation stands is one value, ``Step``; the prompt is derived from it. The
/// listener (``Hearing``), the summariser and the lesson finder only read what was said.
public struct Conversation: Sendable {
  /// How a session is run.
  public struct Settings: Sendable, Equatable {
    /// Varies which reply a rule starts with.
    public var seed: UInt64
    /// Follow-ups allowed per question.
    public var maxFollowUps: Int
    /// `false` for questions only: no follow-ups, summaries or proposed lessons.
    public var coaching: Bool
    /// Earlier commitments to ask about first.
    public var openCommitments: [OpenCommitment]

    /// Creates settings.
    public init(
      seed: UInt64, maxFollowUps: Int, coaching: Bool = true,
      openCommitments: [OpenCommitment] = []
    ) {
      self.seed = seed
      self.maxFollowUps = maxFollowUps
      self.coaching = coaching
      self.openCommitments = openCommitments
    }
  }

  /// Where the conversation stands: the one piece of state that says what comes next.
  enum Step: Sendable, Equatable {
    /// Asking earlier commitment `index`.
    case review(Int)
    /// Asked what got in the way of earlier commitment `index`.
    case obstacle(Int)
    /// At the question `position`, answer or follow-up.
    case answer
    /// Collecting the items of a list stage.
    case item
    /// Offering proposed lesson `index` of `texts`.
    case proposal([String], Int)
    /// After a summary: is it right? Then back to `then`.
    case confirmSummary(then: AfterSummary)
    /// A commitment with a past due date, waiting for a new date.
    case dueDate(action: String, due: String, said: String? = nil)
    /// The session is over.
    case finished
  }

  /// Where to go after a summary has been confirmed.
  indirect enum AfterSummary: Sendable, Equatable {
    /// Back to the prompt the person was at.
    case current(Step)
    /// On into the list stage just entered (proposals first).
    case listStage
  }

  struct Position: Sendable, Equatable {
    var stage: Int
    var question: Int
  }

  /// The pack being walked.
  public let pack: Pack
  /// The general rules (the stages' own rules come from the pack).
  public let rules: CoachRules
  /// The lesson finder's cues.
  public let cues: LessonCues?
  /// How replies are read (`Prompts/replies.yaml`, and the model when there is one); `nil`:
  /// every reply is an answer.
  public let replies: ReplyClassifier?
  /// The session's settings.
  public let settings: Settings
  /// The sentence model for the lesson finder, when there is one.
  public let embedder: (any SentenceEmbedder)?

  var step = Step.answer
  var position = Position(stage: 0, question: 0)
  /// Follow-ups given at the current question.
  var followUps = 0
  /// A vague-answer probe was given at the current question.
  var probed = false
  /// A scale question has asked for a number once.
  var askedForNumber = false
  var asked: [Position] = []
  var returnTo: Position?
  var itemNumbers: [String: Int] = [:]
  var lines = LinePolicy()
  /// Rule reply templates already used (each is used once, whatever filled it).
  var usedTemplates: Set<String> = []
  /// Phrases kept for linking back, each linked at most once.
  var memory: [(stage: String, phrase: String, linked: Bool)] = []
  var linkedStages: Set<String> = []
  /// Stages where a short answer was already probed.
  var shortProbedStages: Set<String> = []
  /// Everything the person said, in order (answers replaced with `/back` included).
  var heard: [Summariser.Said] = []
  /// Since summariser revision 4, what a non-answer still named, for the summary only.
  ///
  /// "dunno. looking after the canal i guess", with how many answers were heard before it:
  /// summarised (``heardForSummary``), never used for follow-ups, repairs or lessons.
  var shrugs: [(before: Int, said: Summariser.Said)] = []

  /// What the summary is made of: ``heard`` with each of ``shrugs`` where it was said.
  var heardForSummary: [Summariser.Said] {
    var result = heard
    for shrug in shrugs.reversed() {
      result.insert(shrug.said, at: min(shrug.before, result.count))
    }
    return result
  }
  var proposalsOffered = false
  /// Proposes lessons the way sessions held before the trained finder did (for
  /// `replay --rerun` of such a session: Rerun.replay sets it).
  var legacyLessons = false
  /// The lesson finder's revision (``LessonFinder/revision``): older for a session rerun.
  var lessonRevision = LessonFinder.revision
  /// Summarises the way sessions held before summaries answered the questions did, and a
  /// correction to a summary is added rather than applied (Rerun.replay sets it).
  var legacySummary = false
  /// Summarises by words alone though a model is at hand (Rerun.replay, for a session
  /// summarised without one).
  var summaryWordsOnly = false
  /// The summariser's revision (``Summariser/revision``): older for a session rerun.
  var summaryRevision = Summariser.revision
  /// Sentences the person had taken out of the summary at its check (a repeat): never given
  /// back again, still heard for the lessons.
  var summaryLeftOut: [String] = []
  /// The summary before the first list stage was given.
  var listSummaryGiven = false
  var started = Date(timeIntervalSince1970: 0)
  /// The follow-up asked at the current question, if any.
  var lastFollowUp: String?
  /// The `why:` note of the rule behind ``lastFollowUp``, if it has one.
  var lastFollowUpWhy: String?
  /// The lesson or commitment kept by the last line at a list (what "take that out" takes
  /// back, listener revision 4).
  var lastItem: Item?
  /// The coach's last line of its own (a follow-up or reflection), for a correction.
  var lastOwnLine: String?
  /// The line the coach said to the feeling it read in the last answer, if it said one: a
  /// short question back about it ("what was difficult?") says the coach misread.
  var lastFelt: String?
  /// The coach's last turn ended on a reflection of its own.
  var reflectedLast = false
  /// Questions whose meaning was explained once (a question to the coach).
  var clarified: Set<String> = []
  /// What the person would not talk about, in their words; never raised again.
  var refused: [String] = []
  var refusedQuestions: Set<String> = []
  /// The commitments made this session, in order.
  var committed: [Commitment] = []
  /// How the coach listens between the pack's questions (``listenerRevision``): older for a
  /// session rerun (Rerun.replay sets it from the welcome line's `listener`).
  var listener = Conversation.listenerRevision
  /// Says the commitments back when the list is done (`false` for a session held before
  /// the coach did: Rerun.replay sets it).
  var recapsCommitments = true
  /// Reads a commitment's due date in ordinary words too ("by end of january", ``DueWords``),
  /// and says a past date in words (`false` for a session held before: Rerun.replay sets it).
  var readsDueWords = true

  /// The listener's revision, recorded on the welcome line (`listener: "r2"`).
  ///
  /// From 2 a follow-up is never one the session asked already (``askedBefore(_:)``) nor
  /// one an earlier stage answered, and a feeling whose owner is unclear gets no line.
  /// Sessions held before record none and rerun as revision 1.
  /// From 3 a commitment reviewed as done whose reply tells a hard feeling or tears gets
  /// `done-hard` or `done-moved`, never "Well done"; and once proposed lessons are kept, the
  /// lessons list asks for others (`lessons-more`).
  /// From 4 a question put back at one of the coach's own follow-ups is answered from the
  /// follow-up rule's `why:` note (or `follow-up-why`), then on to the next question; and at
  /// a list "that's not a lesson, take that out" takes back the line kept just before.
  public static let listenerRevision = 4

  /// The revision named by a welcome line's `listener` ("r2"); 1 when there is none.
  public static func listenerRevision(of identity: String?) -> Int {
    guard let identity, identity.hasPrefix("r"), let number = Int(identity.dropFirst()) else {
      return 1
    }
    return number
  }

  /// The prompt waiting for input, or `nil` before `begin` and after the end.
  public var prompt: Prompt? {
    guard pack.stages.indices.contains(position.stage) else { return nil }
    let question = stage.questions[position.question]
    let kind: Prompt.Kind
    switch step {
    case .finished: return nil
    case .review(let index):
      guard settings.openCommitments.indices.contains(index) else { return nil }
      kind = .review(settings.openCommitments[index])
    case .obstacle(let index):
      guard settings.openCommitments.indices.contains(index) else { return nil }
      kind = .obstacle(settings.openCommitments[index])
    case .answer: kind = .answer
    case .item: kind = .item(number: (itemNumbers[stage.id] ?? 0) + 1)
    case .proposal(let texts, let index): kind = .proposal(texts[index])
    case .confirmSummary: kind = .confirmSummary
    case .dueDate(_, let due, _): kind = .dueDate(due)
    }
    return Prompt(stage: stage, question: question, kind: kind)
  }

  /// Starts a conversation over `pack`.
  public init(
    pack: Pack, rules: CoachRules, cues: LessonCues? = try? .builtIn(),
    replies: ReplyClassifier? = (try? ReplyRules.builtIn()).map { ReplyClassifier(rules: $0) },
    settings: Settings, embedder: (any SentenceEmbedder)? = nil
  ) {
    self.pack = pack
    self.rules = rules
    self.cues = cues
    self.replies = replies
    self.settings = settings
    self.embedder = embedder
  }

  /// A plain walk of `pack` with no coaching (for tests and `--questions-only`).
  public init(pack: Pack) {
    self.init(
      pack: pack, rules: .none, cues: nil, replies: nil,
      settings: Settings(seed: 0, maxFollowUps: 0, coaching: false))
  }

  var stage: Stage { pack.stages[position.stage] }

  // MARK: - Turns

  /// The opening: a welcome, then earlier commitments or the first stage.
  public mutating func begin(at time: Date) -> Turn {
    started = time
    var events: [TranscriptEvent] = []
    say(
      .welcome,
      "Welcome. We'll reflect using '\(pack.title)'. Answer in your own words; type /help for"
        + " commands.", at: time, into: &events)
    if listener >= 2, case .coach(var message)? = events.last, message.kind == .welcome {
      message.listener = "r\(listener)"
      events[events.count - 1] = .coach(message)
    }
    if settings.coaching, !settings.openCommitments.isEmpty {
      // Since listener revision 4 not "Before we start" again, after the opening question.
      say(
        .review,
        listener >= 4
          ? "First, let's look at what you committed to last time."
          : "Before we start, let's look at what you committed to last time.", at: time,
        into: &events)
      askReview(0, at: time, into: &events)
    } else {
      enterStage(0, at: time, into: &events)
    }
    return Turn(events: events, prompt: prompt)
  }

  /// Handles one input at the current prompt; `heard` is how the reply was read, when it
  /// was read already (``reading(of:)``, or a transcript's record), else it is read here.
  public mutating func respond(
    to input: PersonInput, at time: Date, heard reading: ReplyReading? = nil
  ) -> Turn {
    guard let current = prompt else { return Turn(events: [], prompt: nil) }
    var events: [TranscriptEvent] = []
    switch input {
    case .quit: finish(.quit, at: time, into: &events)
    case .endOfInput: finish(.endOfInput, at: time, into: &events)
    case .pause: finish(.paused, at: time, into: &events)
    case .resume: resume(current, at: time, into: &events)
    case .why: explain(current, at: time, into: &events)
    case .summary:
      record(.summary, at: time, into: &events)
      if case .confirmSummary = step {
        notice(
          ["I have just summarised; tell me what I missed, or press Enter."], at: time,
          into: &events)
      } else if !summarise(at: time, into: &events, then: .current(step)) {
        notice(
          ["I have not heard enough yet to summarise.", "There is not much to summarise yet."],
          at: time, into: &events)
      }
    case .lessons:
      record(.lessons, at: time, into: &events)
      guard let index = pack.stages.firstIndex(where: { $0.kind == .lessons }) else {
        notice(["This pack has no lessons stage."], at: time, into: &events)
        break
      }
      if index == position.stage, step == .item {
        notice(["We are already at the lessons."], at: time, into: &events)
      } else {
        enterStage(index, at: time, into: &events)
      }
    default:
      switch step {
      case .review(let index): respondToReview(input, index, at: time, into: &events)
      case .obstacle(let index): respondToObstacle(input, index, at: time, into: &events)
      case .proposal(let texts, let index):
        respondToProposal(input, texts, index, heard: reading, at: time, into: &events)
      case .confirmSummary(let then): respondToSummaryCheck(input, then, at: time, into: &events)
      case .dueDate(let action, let due, let said):
        respondToDueDate(input, action: action, due: due, said: said, at: time, into: &events)
      case .item: respondToItem(input, current, heard: reading, at: time, into: &events)
      case .answer:
        respondToAnswer(
          input, current, heard: reading ?? self.reading(of: input), at: time,
          into: &events)
      case .finished: break
      }
    }
    return Turn(events: events, prompt: prompt)
  }

  /// Says that `/keep` or `/drop` has nothing to act on here.
  mutating func nothingToKeep(
    _ input: PersonInput, at time: Date, into events: inout [TranscriptEvent]
  ) {
    record(input == .keep ? .keep : .drop, at: time, into: &events)
    notice(
      [
        "/keep and /drop answer a proposed lesson; there is none to keep or drop right now.",
        "There is no proposed lesson here; /keep and /drop come later, with the lessons.",
      ], at: time, into: &events)
  }

  // MARK: - Moving through the pack

  mutating func enterStage(_ index: Int, at time: Date, into events: inout [TranscriptEvent]) {
    guard index < pack.stages.count else {
      finish(.completed, at: time, into: &events)
      return
    }
    position = Position(stage: index, question: 0)
    step = stage.kind == .questions ? .answer : .item
    // From summaries r3 the summary comes first, then the stage's intro ("Time to write
    // down your key lessons…" right before the lessons, not before the check).
    let summaryFirst = summaryRevision >= 3 && !legacySummary
    let start = events.count
    if summaryFirst, stage.kind != .questions, settings.coaching, !listSummaryGiven {
      listSummaryGiven = true
      if summarise(at: time, into: &events, then: .listStage) { return }
    }
    sayIntro(at: time, into: &events)
    if summaryFirst, summaryRevision >= 4, listSummaryGiven,
      let index = events.indices.dropFirst(start).first(where: {
        if case .coach = events[$0] { true } else { false }
      }), case .coach(var message) = events[index]
    {
      // Nothing to summarise (a quiet coach leaves out every stage it cannot say well): the
      // summariser is named on the intro instead, so that `replay --rerun` is quiet too.
      message.summariser = summariser.identity
      events[index] = .coach(message)
    }
    if stage.kind != .questions, settings.coaching, !listSummaryGiven {
      listSummaryGiven = true
      if summarise(at: time, into: &events, then: .listStage) { return }
    }
    startListStage(at: time, into: &events)
  }

  /// The stage's intro ("Back to …" when it was given before).
  mutating func sayIntro(at time: Date, into events: inout [TranscriptEvent]) {
    say(
      .intro, [stage.intro, "Back to \(stage.title.lowercased()). " + stage.intro], at: time,
      into: &events)
  }

  /// Proposed lessons first (once, in a lessons stage), then the stage's first question.
  mutating func startListStage(at time: Date, into events: inout [TranscriptEvent]) {
    if stage.kind == .lessons, settings.coaching, !proposalsOffered {
      proposalsOffered = true
      // What was added at the summary check says what the summary missed, not a lesson.
      let answers = heard.filter { legacyLessons || $0.question != "summary-check" }.map { said in
        LessonFinder.Answered(
          said.text,
          question: pack.stages.lazy.flatMap(\.questions).first { $0.id == said.question }?.text)
      }
      var finder = cues.map { LessonFinder(cues: $0, embedder: embedder) }
      finder?.revision = lessonRevision
      let texts =
        legacyLessons
        ? cues.map { LegacyLessonFinder(cues: $0).propose(from: answers) } ?? []
        : finder?.propose(from: answers) ?? []
      if !texts.isEmpty {
        say(
          .proposal,
          "From what you said, here are some possible lessons. For each, press Enter to keep"
            + " it, edit it first, or clear the line (or type /drop) to drop it.",
          at: time, into: &events)
        // Which finder found them, for `replay --rerun` (Rerun.replay).
        if case .coach(var message)? = events.last, message.kind == .proposal {
          message.finder = legacyLessons ? nil : finder?.identity
          events[events.count - 1] = .coach(message)
        }
        askProposal(texts, 0, at: time, into: &events)
        return
      }
    }
    ask(at: time, into: &events)
  }

  /// Asks the current question; `variants` are lead-ins for asking it again.
  mutating func ask(
    at time: Date, into events: inout [TranscriptEvent], again variants: [String] = [],
    lowercased: Bool = false
  ) {
    followUps = 0
    lastFollowUp = nil
    lastFollowUpWhy = nil
    probed = false
    askedForNumber = false
    let question = stage.questions[position.question]
    var text = Template.fill(question.text, [], named: ["example date": exampleDate])
    if variants.isEmpty, settings.coaching, let builtOn = builtOnEarlierAnswer(question) {
      text = builtOn
    }
    // Since listener revision 3, after proposed lessons were kept the list asks for more,
    // not as if there were none ("Any other lessons…?").
    if variants.isEmpty, settings.coaching, listener >= 3, stage.kind == .lessons,
      (itemNumbers[stage.id] ?? 0) > 0,
      let more = replies?.rules.lines("lessons-more").first
    {
      text = more
    }
    // After a lead-in that ends a clause ("So, in your own words: which…").
    if lowercased, let first = text.split(separator: " ").first,
      Self.questionWords.contains(String(first))
    {
      text = text.prefix(1).lowercased() + text.dropFirst()
    }
    say(
      .question, question: question.id, variants.isEmpty ? [text] : variants.map { $0 + text },
      repeatable: !variants.isEmpty, at: time, into: &events)
    if stage.kind == .questions {
      asked.removeAll { $0 == position }
      asked.append(position)
      step = .answer
    } else {
      step = .item
    }
  }

  /// The question's `if_known` wording when an earlier answer in this stage already said
  /// what it asks.
  func builtOnEarlierAnswer(_ question: Question) -> String? {
    guard let template = question.ifKnown else { return nil }
    for said in heard.reversed() where said.stage == stage.id && !said.superseded {
      let hearing = Hearing(said.text, listening: rules.listening)
      if let known = hearing.firstSaid(of: question.knownWhen, negatedToo: true) {
        return Template.fill(template, [], named: ["known": known])
      }
    }
    return nil
  }

  /// Opening words of a question that read the same lower-cased after a lead-in.
  static let questionWords: Set<String> = [
    "Which", "What", "How", "When", "Who", "Whom", "Why", "Where", "Is", "Did", "Do", "Does",
    "Tell", "In", "If", "Was", "Were", "Are", "Looking", "Thinking",
  ]

  /// An example due date four weeks after the session began (`(example date)` in a question).
  var exampleDate: String {
    DueDate.format(started.addingTimeInterval(28 * 86_400))
  }

  mutating func advanceQuestion(at time: Date, into events: inout [TranscriptEvent]) {
    if let target = returnTo {
      returnTo = nil
      position = target
      ask(
        at: time, into: &events,
        again: ["Back to where we were: ", "Where we were: ", "Picking up where we were: "])
      return
    }
    if position.question + 1 < stage.questions.count {
      position.question += 1
      ask(at: time, into: &events)
    } else {
      enterStage(position.stage + 1, at: time, into: &events)
    }
  }

  mutating func goBack(at time: Date, into events: inout [TranscriptEvent]) {
    guard let index = asked.firstIndex(of: position), index > 0 else {
      notice(["There is no earlier question to go back to."], at: time, into: &events)
      return
    }
    if returnTo == nil { returnTo = position }
    position = asked[index - 1]
    ask(
      at: time, into: &events,
      again: [
        "Back to an earlier question: ", "Once more: ", "Let's return to this one: ",
        "Here it is again: ",
      ])
  }

  // MARK: - /why, resume, end

  mutating func explain(_ current: Prompt, at time: Date, into events: inout [TranscriptEvent]) {
    record(.why, at: time, into: &events)
    guard let why = current.question.why else {
      notice(
        [
          "This question has no note on why it is asked; answer it as it speaks to you.",
          "There is no note for this one; take it whichever way helps you.",
        ], at: time, into: &events)
      return
    }
    notice(
      ["Why this question: " + why, "The note on this question again: " + why],
      at: time, into: &events)
  }

  mutating func resume(_ current: Prompt, at time: Date, into events: inout [TranscriptEvent]) {
    record(.resume, at: time, into: &events)
    notice(
      ["Welcome back. Let's carry on where you paused.", "Welcome back again. Let's carry on."],
      at: time, into: &events)
    let text: String
    switch current.kind {
    case .answer, .item:
      text = Template.fill(current.question.text, [], named: ["example date": exampleDate])
    case .proposal(let lesson): text = "Possible lesson: " + lesson
    case .review(let item): text = "You committed to: " + item.text + ". What happened?"
    case .obstacle(let item): text = "What got in the way of " + item.text + "?"
    case .confirmSummary:
      text = "Did I get the summary right? Press Enter if so, or tell me what I missed."
    case .dueDate(let due): text = "\(due) has passed. A new date, or Enter to keep it?"
    }
    say(
      .question, question: current.question.id,
      ["Where we were: ", "We had reached this: ", "Picking up here: "].map { $0 + text },
      repeatable: true, at: time, into: &events)
  }

  mutating func finish(
    _ reason: SessionEnd.Reason, at time: Date, into events: inout [TranscriptEvent]
  ) {
    if reason == .completed {
      if settings.coaching, !listSummaryGiven {
        listSummaryGiven = true
        let first = events.count
        for line in summaryLines() { say(.summary, line, at: time, into: &events) }
        markSummariser(in: &events, from: first)
      }
      say(
        .closing, "Thank you for taking the time to reflect. Your words are saved.", at: time,
        into: &events)
    }
    events.append(.end(SessionEnd(reason: reason, time: time)))
    step = .finished
  }

  // MARK: - Recording and saying

  func record(
    _ name: Command.Name, text: String? = nil, at time: Date, into events: inout [TranscriptEvent]
  ) {
    let stageID = pack.stages.indices.contains(position.stage) ? stage.id : ""
    events.append(.command(Command(name: name, stage: stageID, text: text, time: time)))
  }

  /// Says the first of `options` not yet said in this session; nothing when all were said,
  /// unless the line is `repeatable` (a question the person asked to see again).
  mutating func say(
    _ kind: CoachMessage.Kind, question: String? = nil, _ options: [String],
    repeatable: Bool = false, at time: Date, into events: inout [TranscriptEvent]
  ) {
    guard let line = lines.first(of: options, repeatable: repeatable) else { return }
    let stageID = pack.stages.indices.contains(position.stage) ? stage.id : ""
    events.append(
      .coach(CoachMessage(stage: stageID, kind: kind, question: question, text: line, time: time)))
  }

  mutating func say(
    _ kind: CoachMessage.Kind, question: String? = nil, _ line: String, at time: Date,
    into events: inout [TranscriptEvent]
  ) {
    say(kind, question: question, [line], repeatable: true, at: time, into: &events)
  }

  /// A notice answers something the person asked for, so it may repeat once its variants
  /// are used up.
  mutating func notice(_ options: [String], at time: Date, into events: inout [TranscriptEvent]) {
    say(.notice, question: prompt?.question.id, options, repeatable: true, at: time, into: &events)
  }
}
