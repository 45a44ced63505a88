import Foundation

/// What the person did at a prompt.
public enum PersonInput: Sendable, Equatable {
  /// A line of text (may be empty).
  case text(String)
  /// `/skip`: leave this question (in a list stage: finish the list).
  case skip
  /// `/next`: no more follow-ups here; go on to the next question.
  case next
  /// `/back`: answer the previous question again (the later answer counts).
  case back
  /// `/why`: the principle behind this question.
  case why
  /// `/summary`: what the coach has heard so far, per stage.
  case summary
  /// `/lessons`: jump to the lessons.
  case lessons
  /// `/keep`: keep a proposed lesson as it is.
  case keep
  /// `/drop`: drop a proposed lesson.
  case drop
  /// Continue a paused or interrupted session.
  case resume
  /// `/pause`: stop now, to continue later with `--resume`.
  case pause
  /// `/quit`: end now and keep what is saved.
  case quit
  /// Ctrl-D, a closed pipe, or Ctrl-C twice.
  case endOfInput
}

/// What the coach waits for next.
public struct Prompt: Sendable, Equatable {
  /// What kind of input is expected.
  public enum Kind: Sendable, Equatable {
    /// An answer to the question.
    case answer
    /// The next item of a lessons or commitments list.
    case item(number: Int)
    /// Keep, edit or drop a proposed lesson (the text to pre-fill).
    case proposal(String)
    /// What became of an earlier commitment.
    case review(OpenCommitment)
  }
  /// The stage being reflected on.
  public var stage: Stage
  /// The question being answered (for a review or proposal, the stage's first question).
  public var question: Question
  /// What is expected.
  public var kind: Kind

  /// A short label for the input line, such as `values` or `lesson 2`.
  public var label: String {
    switch kind {
    case .answer: stage.id
    case .item(let number): stage.kind == .commitments ? "commitment \(number)" : "lesson \(number)"
    case .proposal: "keep, edit or drop"
    case .review: "done, changed or dropped"
    }
  }
}

/// The coach's reply to one input: events to record (in order) and what comes next.
public struct Turn: Sendable, Equatable {
  /// Events to append to the transcript before showing anything.
  public var events: [TranscriptEvent]
  /// The next prompt, or `nil` when the session is over.
  public var prompt: Prompt?
}

/// The conversation engine: a pure value that walks a pack, listens with ELIZA-style rules,
/// and turns the person's input into coach lines and transcript events.
///
/// It does no I/O and uses no clock or randomness of its own: given the same pack, rules,
/// settings (seed included) and inputs, it produces the same turns, so a transcript's coach
/// lines can be re-derived from its answers (`reflect replay --rerun`).
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

  private enum Phase: Sendable, Equatable {
    case review(Int)
    case stage
    case proposals([String], Int)
    case finished
  }

  private struct Position: Sendable, Equatable {
    var stage: Int
    var question: Int
  }

  struct Heard: Sendable, Equatable {
    var stage: String
    var question: String
    var text: String
  }

  /// The pack being walked.
  public let pack: Pack
  /// The general rules (the stages' own rules come from the pack).
  public let rules: CoachRules
  /// The session's settings.
  public let settings: Settings

  private var phase = Phase.stage
  private var position = Position(stage: 0, question: 0)
  private var followUps = 0
  private var asked: [Position] = []
  private var returnTo: Position?
  private var itemNumbers: [String: Int] = [:]
  private var said: Set<String> = []
  private var cursors: [String: Int] = [:]
  private var memory: [(stage: String, phrase: String)] = []
  private var linkedStages: Set<String> = []
  private(set) var heard: [Heard] = []
  private var proposalsOffered = false
  private var summarised = false
  /// The prompt waiting for input, or `nil` before `begin` and after the end.
  public private(set) var prompt: Prompt?

  /// Starts a conversation over `pack`.
  public init(pack: Pack, rules: CoachRules, settings: Settings) {
    self.pack = pack
    self.rules = rules
    self.settings = settings
  }

  /// A plain walk of `pack` with no coaching (for tests and `--questions-only`).
  public init(pack: Pack) {
    self.init(
      pack: pack, rules: .none, settings: Settings(seed: 0, maxFollowUps: 0, coaching: false))
  }

  private var stage: Stage { pack.stages[position.stage] }

  // MARK: - Turns

  /// The opening: a welcome, then earlier commitments or the first stage.
  public mutating func begin(at time: Date) -> Turn {
    var events: [TranscriptEvent] = []
    say(
      .welcome, stage: pack.stages.first?.id ?? "",
      "Welcome. We'll reflect using '\(pack.title)'. Answer in your own words; type /help for"
        + " commands.", at: time, into: &events)
    if settings.coaching, !settings.openCommitments.isEmpty {
      say(
        .review, stage: pack.stages.first?.id ?? "",
        "Before we start, let's look at what you committed to last time.", at: time,
        into: &events)
      askReview(0, at: time, into: &events)
    } else {
      enterStage(0, at: time, into: &events)
    }
    return Turn(events: events, prompt: prompt)
  }

  /// Handles one input at the current prompt.
  public mutating func respond(to input: PersonInput, at time: Date) -> Turn {
    guard let current = prompt else { return Turn(events: [], prompt: nil) }
    var events: [TranscriptEvent] = []
    switch input {
    case .quit: finish(.quit, at: time, into: &events)
    case .endOfInput: finish(.endOfInput, at: time, into: &events)
    case .pause: finish(.paused, at: time, into: &events)
    case .resume: resume(current, at: time, into: &events)
    case .why: explain(current, at: time, into: &events)
    case .summary:
      record("summary", at: time, into: &events)
      if !summarise(at: time, into: &events) {
        say(
          .summary, stage: stage.id,
          ["I have not heard enough yet to summarise.", "Nothing new to add to the summary yet."],
          at: time, into: &events)
      }
    case .lessons:
      record("lessons", at: time, into: &events)
      if let index = pack.stages.firstIndex(where: { $0.kind == .lessons }),
        index != position.stage || phase != .stage
      {
        phase = .stage
        enterStage(index, at: time, into: &events)
      } else {
        say(
          .notice, stage: stage.id,
          ["We are already at the lessons.", "This pack has no lessons stage."],
          at: time, into: &events)
      }
    default:
      switch (phase, current.kind) {
      case (.review(let index), _): respondToReview(input, index, at: time, into: &events)
      case (.proposals(let texts, let index), _):
        respondToProposal(input, texts, index, at: time, into: &events)
      case (_, .item): respondToItem(input, current, at: time, into: &events)
      default: respondToAnswer(input, current, at: time, into: &events)
      }
    }
    return Turn(events: events, prompt: prompt)
  }

  // MARK: - Questions and follow-ups

  private mutating func respondToAnswer(
    _ input: PersonInput, _ current: Prompt, at time: Date, into events: inout [TranscriptEvent]
  ) {
    switch input {
    case .skip:
      events.append(.skip(Skip(stage: stage.id, question: current.question.id, time: time)))
      advanceQuestion(at: time, into: &events)
    case .next:
      record("next", at: time, into: &events)
      advanceQuestion(at: time, into: &events)
    case .back:
      record("back", at: time, into: &events)
      goBack(at: time, into: &events)
    case .text(let raw):
      let text = raw.trimmingCharacters(in: .whitespaces)
      guard !text.isEmpty else { return }
      if let scale = current.question.scale, !(Int(text).map(scale.contains) ?? false) {
        record("rejected", text: text, at: time, into: &events)
        say(
          .notice, stage: stage.id, question: current.question.id,
          "Please answer with a whole number from \(scale.lowerBound) to \(scale.upperBound).",
          at: time, into: &events)
        return
      }
      events.append(
        .answer(Answer(stage: stage.id, question: current.question.id, text: text, time: time)))
      if followUps == 0 { heard.removeAll { $0.question == current.question.id } }
      heard.append(Heard(stage: stage.id, question: current.question.id, text: text))
      guard settings.coaching else {
        advanceQuestion(at: time, into: &events)
        return
      }
      remember(text)
      acknowledgeFeelings(text, at: time, into: &events)
      if followUps < settings.maxFollowUps, let line = followUp(to: text) {
        followUps += 1
        events.append(
          .coach(
            CoachMessage(
              stage: stage.id, kind: .followUp, question: current.question.id, text: line,
              time: time)))
        said.insert(line)
      } else {
        advanceQuestion(at: time, into: &events)
      }
    default:
      break
    }
  }

  /// The follow-up to `text`: a probe for a vague answer, else the best-ranked rule's next
  /// unused reply, else a link back to something said in another stage, else nothing.
  private mutating func followUp(to text: String) -> String? {
    if Words.split(text).count <= rules.shortAnswerWords || saysLittle(text) {
      return next(rules.probes, key: "probes")
    }
    if let reply = ruleReply(to: text) { return reply }
    guard followUps == 0, !linkedStages.contains(stage.id),
      let earlier = memory.last(where: { $0.stage != stage.id })
    else { return nil }
    let lines = rules.memoryLinks.map {
      Template.fill($0, [], named: ["memory": earlier.phrase, "stage": stage.title.lowercased()])
    }
    guard let line = next(lines, key: "links") else { return nil }
    linkedStages.insert(stage.id)
    return line
  }

  /// A short answer that says "not sure", "fine", "I don't know" and the like.
  private func saysLittle(_ text: String) -> Bool {
    let words = Words.split(text)
    return words.count <= 8
      && rules.vagueMarkers.contains { Words.position(of: $0, in: words) != nil }
  }

  private struct Candidate {
    var rule: CoachRule
    var key: String
    var position: Int
    var order: Int
  }

  private func candidates(for words: [String]) -> [Candidate] {
    let all =
      stage.followUps.enumerated().map { ($0.element, "\(stage.id)/\($0.offset)") }
      + rules.rules.enumerated().map { ($0.element, "coach/\($0.offset)") }
    var result: [Candidate] = []
    for (order, (rule, key)) in all.enumerated() {
      if rule.absent.contains(where: { Words.position(of: $0, in: words) != nil }) { continue }
      let positions = rule.keywords.compactMap { Words.position(of: $0, in: words) }
      guard rule.keywords.isEmpty || !positions.isEmpty else { continue }
      result.append(Candidate(rule: rule, key: key, position: positions.min() ?? 0, order: order))
    }
    return result.sorted {
      ($0.rule.rank, -$0.position, -$0.order) > ($1.rule.rank, -$1.position, -$1.order)
    }
  }

  private mutating func ruleReply(to text: String) -> String? {
    for candidate in candidates(for: Words.split(text)) {
      for (index, decomposition) in candidate.rule.decompositions.enumerated() {
        guard let fragments = match(decomposition, in: text) else { continue }
        let lines = decomposition.replies.compactMap { reply -> String? in
          let slots = Template.slots(in: reply)
          if slots.contains(where: { fragments[$0 - 1].isEmpty }) { return nil }
          return Template.fill(reply, fragments)
        }
        if let line = next(lines, key: "\(candidate.key)#\(index)") { return line }
      }
    }
    return nil
  }

  /// The reflected wildcard fragments when `decomposition` matches a clause of `text`.
  private func match(_ decomposition: Decomposition, in text: String) -> [String]? {
    let pieces = decomposition.pattern == ["*"] ? [text] : Words.clauses(text)
    for clause in pieces {
      let lower = Words.split(clause)
      let original = Words.split(clause, lowercase: false)
      guard let parts = Words.match(decomposition.pattern, lower) else { continue }
      var start = 0
      var fragments: [String] = []
      var cursor = 0
      for token in decomposition.pattern {
        if token == "*" {
          let part = parts[start]
          var words = Array(original[cursor..<(cursor + part.count)].prefix(10))
          if cursor == 0, let firstWord = words.first, firstWord != "I" {
            words[0] = firstWord.lowercased()
          }
          fragments.append(rules.reflect(words))
          cursor += part.count
          start += 1
        } else {
          cursor += 1
        }
      }
      return fragments
    }
    return nil
  }

  /// Keeps notable phrases (from decompositions marked `remember`) for linking back later:
  /// the clause from the pattern's first word on, in the second person.
  private mutating func remember(_ text: String) {
    for rule in stage.followUps + rules.rules {
      for decomposition in rule.decompositions where decomposition.remember != nil {
        guard let first = decomposition.pattern.first(where: { $0 != "*" }) else { continue }
        for clause in Words.clauses(text) {
          let lower = Words.split(clause)
          guard Words.match(decomposition.pattern, lower) != nil,
            let start = lower.firstIndex(of: first)
          else { continue }
          let original = Words.split(clause, lowercase: false)
          // A phrase remembered from before the keyword keeps a few words of lead-in
          // ("trust takes time"), one from after it starts at the keyword ("I learned …").
          let leadIn = decomposition.pattern.first == "*" && decomposition.remember == 1 ? 1 : 0
          let phrase = rules.reflect(Array(original[max(0, start - leadIn)...].prefix(12)))
          if !memory.contains(where: { $0.phrase == phrase }) { memory.append((stage.id, phrase)) }
        }
      }
    }
  }

  private mutating func acknowledgeFeelings(
    _ text: String, at time: Date, into events: inout [TranscriptEvent]
  ) {
    let words = Words.split(text)
    guard rules.negativeMarkers.contains(where: { Words.position(of: $0, in: words) != nil }),
      let line = next(rules.acknowledgements, key: "acknowledgements")
    else { return }
    say(.acknowledgement, stage: stage.id, line, at: time, into: &events)
  }

  /// The first of `lines`, starting at this key's turn, that has not been said yet.
  private mutating func next(_ lines: [String], key: String) -> String? {
    guard !lines.isEmpty else { return nil }
    let start = cursors[key] ?? Int(Self.mix(settings.seed, key) % UInt64(lines.count))
    for offset in 0..<lines.count {
      let index = (start + offset) % lines.count
      if !said.contains(lines[index]) {
        cursors[key] = index + 1
        return lines[index]
      }
    }
    return nil
  }

  /// A stable hash of the seed and a key (FNV-1a), so reply order varies by session only.
  private static func mix(_ seed: UInt64, _ key: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
    for byte in key.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    return hash
  }

  // MARK: - Moving through the pack

  private mutating func enterStage(
    _ index: Int, at time: Date, into events: inout [TranscriptEvent]
  ) {
    guard index < pack.stages.count else {
      finish(.completed, at: time, into: &events)
      return
    }
    position = Position(stage: index, question: 0)
    phase = .stage
    say(.intro, stage: stage.id, [stage.intro, "Next: " + stage.intro], at: time, into: &events)
    if stage.kind != .questions, settings.coaching {
      if !summarised { summarised = summarise(at: time, into: &events) }
      if stage.kind == .lessons, !proposalsOffered {
        proposalsOffered = true
        let texts = LessonCandidates(markers: rules.lessonMarkers, most: rules.mostCandidates)
          .propose(from: heard.map(\.text))
        if !texts.isEmpty {
          say(
            .proposal, stage: stage.id,
            "From what you said, here are some possible lessons. For each, press Enter to keep"
              + " it, edit it first, or clear the line (or type /drop) to drop it.",
            at: time, into: &events)
          askProposal(texts, 0, at: time, into: &events)
          return
        }
      }
    }
    ask(at: time, into: &events)
  }

  private mutating func ask(
    at time: Date, into events: inout [TranscriptEvent], variants: [String] = []
  ) {
    followUps = 0
    let question = stage.questions[position.question]
    say(
      .question, stage: stage.id, question: question.id,
      [question.text] + variants.map { $0 + question.text }, orNumbered: true,
      at: time, into: &events)
    if stage.kind == .questions {
      asked.removeAll { $0 == position }
      asked.append(position)
      prompt = Prompt(stage: stage, question: question, kind: .answer)
    } else {
      prompt = Prompt(
        stage: stage, question: question, kind: .item(number: (itemNumbers[stage.id] ?? 0) + 1))
    }
  }

  private mutating func advanceQuestion(at time: Date, into events: inout [TranscriptEvent]) {
    if let target = returnTo {
      returnTo = nil
      position = target
      ask(at: time, into: &events, variants: ["Back to where we were: ", "Where we were: "])
      return
    }
    if position.question + 1 < stage.questions.count {
      position.question += 1
      ask(at: time, into: &events)
    } else {
      enterStage(position.stage + 1, at: time, into: &events)
    }
  }

  private mutating func goBack(at time: Date, into events: inout [TranscriptEvent]) {
    guard let index = asked.firstIndex(of: position), index > 0 else {
      say(
        .notice, stage: stage.id,
        ["There is no earlier question to go back to.", "This is the first question."],
        at: time, into: &events)
      return
    }
    if returnTo == nil { returnTo = position }
    position = asked[index - 1]
    ask(at: time, into: &events, variants: ["Back to an earlier question: ", "Once more: "])
  }

  private mutating func respondToItem(
    _ input: PersonInput, _ current: Prompt, at time: Date, into events: inout [TranscriptEvent]
  ) {
    switch input {
    case .text(let raw):
      let text = raw.trimmingCharacters(in: .whitespaces)
      guard !text.isEmpty else {
        record("done", at: time, into: &events)
        finishList(at: time, into: &events)
        return
      }
      let number = nextItem(stage.id)
      if stage.kind == .lessons {
        events.append(.lesson(Lesson(stage: stage.id, number: number, text: text, time: time)))
      } else {
        let parsed = CommitmentText(text)
        events.append(
          .commitment(
            Commitment(
              stage: stage.id, number: number, text: parsed.action, due: parsed.due, time: time)))
      }
      prompt = Prompt(
        stage: stage, question: current.question, kind: .item(number: number + 1))
    case .skip, .next:
      record("done", at: time, into: &events)
      finishList(at: time, into: &events)
    case .back:
      record("back", at: time, into: &events)
      goBack(at: time, into: &events)
    default:
      break
    }
  }

  private mutating func finishList(at time: Date, into events: inout [TranscriptEvent]) {
    // A list stage asks each of its questions in turn before moving on.
    if position.question + 1 < stage.questions.count {
      position.question += 1
      ask(at: time, into: &events)
    } else {
      enterStage(position.stage + 1, at: time, into: &events)
    }
  }

  private mutating func nextItem(_ stage: String) -> Int {
    let number = (itemNumbers[stage] ?? 0) + 1
    itemNumbers[stage] = number
    return number
  }

  // MARK: - Proposed lessons

  private mutating func askProposal(
    _ texts: [String], _ index: Int, at time: Date, into events: inout [TranscriptEvent]
  ) {
    guard index < texts.count else {
      phase = .stage
      ask(at: time, into: &events)
      return
    }
    phase = .proposals(texts, index)
    say(
      .proposal, stage: stage.id, "Possible lesson: \(texts[index])", at: time,
      into: &events)
    prompt = Prompt(stage: stage, question: stage.questions[0], kind: .proposal(texts[index]))
  }

  private mutating func respondToProposal(
    _ input: PersonInput, _ texts: [String], _ index: Int, at time: Date,
    into events: inout [TranscriptEvent]
  ) {
    var kept: String?
    switch input {
    case .keep: kept = texts[index]
    case .text(let raw):
      let text = raw.trimmingCharacters(in: .whitespaces)
      if text.isEmpty { record("drop", text: texts[index], at: time, into: &events) }
      kept = text.isEmpty ? nil : text
    case .drop: record("drop", text: texts[index], at: time, into: &events)
    case .skip, .next:
      record("done", at: time, into: &events)
      askProposal(texts, texts.count, at: time, into: &events)
      return
    default: return
    }
    if let kept {
      events.append(
        .lesson(
          Lesson(
            stage: stage.id, number: nextItem(stage.id), text: kept, origin: .proposed, time: time))
      )
    }
    askProposal(texts, index + 1, at: time, into: &events)
  }

  // MARK: - Earlier commitments

  private mutating func askReview(_ index: Int, at time: Date, into events: inout [TranscriptEvent])
  {
    let open = settings.openCommitments
    guard index < open.count else {
      enterStage(0, at: time, into: &events)
      return
    }
    phase = .review(index)
    let due = open[index].due.map { " (by \($0))" } ?? ""
    say(
      .review, stage: pack.stages[0].id,
      "You committed to: \(open[index].text)\(due). Is it done, changed or dropped, and what"
        + " happened?", at: time, into: &events)
    prompt = Prompt(
      stage: pack.stages[0], question: pack.stages[0].questions[0], kind: .review(open[index]))
  }

  private mutating func respondToReview(
    _ input: PersonInput, _ index: Int, at time: Date, into events: inout [TranscriptEvent]
  ) {
    let commitment = settings.openCommitments[index]
    switch input {
    case .skip, .next:
      record("skip", text: commitment.text, at: time, into: &events)
      askReview(index + 1, at: time, into: &events)
    case .text(let raw):
      let text = raw.trimmingCharacters(in: .whitespaces)
      guard !text.isEmpty else { return }
      guard let (status, outcome) = Self.parseReview(text) else {
        record("rejected", text: text, at: time, into: &events)
        say(
          .notice, stage: pack.stages[0].id,
          "Please start with done, changed or dropped, then say what happened (or /skip).",
          at: time, into: &events)
        return
      }
      events.append(
        .review(
          Review(
            session: commitment.session, number: commitment.number, text: commitment.text,
            status: status, outcome: outcome, time: time)))
      askReview(index + 1, at: time, into: &events)
    default:
      break
    }
  }

  /// Reads "done: we met on the 10th" as (.done, "we met on the 10th").
  static func parseReview(_ text: String) -> (Review.Status, String)? {
    let words = text.split(separator: " ", maxSplits: 1)
    guard let first = words.first else { return nil }
    let word = first.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ":,.;-!"))
    let synonyms: [String: Review.Status] = [
      "done": .done, "did": .done, "completed": .done, "finished": .done, "yes": .done,
      "changed": .changed, "change": .changed, "partly": .changed,
      "dropped": .dropped, "drop": .dropped, "no": .dropped, "abandoned": .dropped,
    ]
    guard let status = synonyms[word] else { return nil }
    let rest = words.count > 1 ? String(words[1]) : ""
    return (status, rest.trimmingCharacters(in: CharacterSet(charactersIn: " :,-")))
  }

  // MARK: - Summaries, /why, resume, end

  /// Says a short summary per stage from the person's own key phrases; false if nothing heard.
  @discardableResult
  private mutating func summarise(at time: Date, into events: inout [TranscriptEvent]) -> Bool {
    var lines: [String] = []
    for stage in pack.stages where stage.kind == .questions {
      let phrases = heard.filter { $0.stage == stage.id && !saysLittle($0.text) }
        .compactMap { keyPhrase($0.text) }
      guard !phrases.isEmpty else { continue }
      lines.append("\(stage.title): \(phrases.joined(separator: "; ")).")
    }
    let fresh = lines.filter { !said.contains($0) }
    guard !fresh.isEmpty else { return false }
    say(
      .summary, stage: stage.id,
      ["Let me check I have this right.", "Here is what I have heard so far.", "So, in short."],
      at: time, into: &events)
    for line in fresh { say(.summary, stage: stage.id, line, at: time, into: &events) }
    return true
  }

  /// The first clause of an answer, at most 12 words, in the second person.
  private func keyPhrase(_ text: String) -> String? {
    guard let clause = Words.clauses(text).first else { return nil }
    let words = clause.split(separator: " ").prefix(12).map { token -> String in
      let bare = token.trimmingCharacters(in: .punctuationCharacters)
      guard let swapped = rules.reflections[bare.lowercased()] else { return String(token) }
      return token.replacingOccurrences(of: bare, with: swapped)
    }
    guard var phrase = words.first.map({ _ in words.joined(separator: " ") }) else { return nil }
    if let first = phrase.first, first.isUppercase, !phrase.hasPrefix("I ") {
      let firstWord = phrase.prefix { $0 != " " }
      if firstWord.dropFirst().allSatisfy(\.isLowercase) {
        phrase = first.lowercased() + phrase.dropFirst()
      }
    }
    return phrase
  }

  private mutating func explain(
    _ current: Prompt, at time: Date, into events: inout [TranscriptEvent]
  ) {
    record("why", at: time, into: &events)
    let why = current.question.why.map { ["Why this question: " + $0] } ?? []
    say(
      .notice, stage: stage.id, question: current.question.id,
      why + ["This question has no note on why it is asked; answer it as it speaks to you."]
        + ["You asked why before: " + (current.question.why ?? "no note")], orNumbered: true,
      at: time, into: &events)
  }

  private mutating func resume(
    _ current: Prompt, at time: Date, into events: inout [TranscriptEvent]
  ) {
    record("resume", at: time, into: &events)
    say(
      .notice, stage: current.stage.id,
      "Welcome back. Let's carry on where you paused.", at: time, into: &events)
    let text: String
    switch current.kind {
    case .answer, .item: text = current.question.text
    case .proposal(let lesson): text = "Possible lesson: " + lesson
    case .review(let item): text = "You committed to: " + item.text + ". Done, changed or dropped?"
    }
    say(
      .question, stage: current.stage.id, question: current.question.id,
      "Where we were: " + text, at: time, into: &events)
  }

  private mutating func finish(
    _ reason: SessionEnd.Reason, at time: Date, into events: inout [TranscriptEvent]
  ) {
    if reason == .completed {
      if settings.coaching, !summarised { summarised = summarise(at: time, into: &events) }
      say(
        .closing, stage: pack.stages.last?.id ?? "",
        "Thank you for taking the time to reflect. Your words are saved.", at: time,
        into: &events)
    }
    events.append(.end(SessionEnd(reason: reason, time: time)))
    phase = .finished
    prompt = nil
  }

  private func record(
    _ name: String, text: String? = nil, at time: Date, into events: inout [TranscriptEvent]
  ) {
    let stageID = pack.stages.indices.contains(position.stage) ? stage.id : ""
    events.append(.command(Command(name: name, stage: stageID, text: text, time: time)))
  }

  /// Says `line`; if it was said before, a numbered variant ("… (2)"), so a line that must be
  /// said again is never word-for-word the same.
  private mutating func say(
    _ kind: CoachMessage.Kind, stage: String, question: String? = nil, _ line: String,
    at time: Date, into events: inout [TranscriptEvent]
  ) {
    say(kind, stage: stage, question: question, [line], orNumbered: true, at: time, into: &events)
  }

  /// Says the first of `options` not yet said in this session.
  ///
  /// When all were said: nothing,
  /// or with `orNumbered` the last option numbered ("… (2)", "… (3)") until one is new.
  private mutating func say(
    _ kind: CoachMessage.Kind, stage: String, question: String? = nil, _ options: [String],
    orNumbered: Bool = false, at time: Date, into events: inout [TranscriptEvent]
  ) {
    var line = options.first { !said.contains($0) }
    if line == nil, orNumbered, let last = options.last {
      line = (2...).lazy.map { "\(last) (\($0))" }.first { !said.contains($0) }
    }
    guard let line else { return }
    said.insert(line)
    events.append(
      .coach(CoachMessage(stage: stage, kind: kind, question: question, text: line, time: time)))
  }
}
