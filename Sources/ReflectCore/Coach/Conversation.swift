import Foundation

/// What the person did at a prompt.
public enum PersonInput: Sendable, Equatable {
  /// A line of text (may be empty).
  case text(String)
  /// `/skip`: leave this question (or, in a list stage, the rest of the list).
  case skip
  /// `/quit`: end now and keep what is saved.
  case quit
  /// Ctrl-D, a closed pipe, or Ctrl-C twice.
  case endOfInput
}

/// What the coach waits for next.
public struct Prompt: Sendable, Equatable {
  /// The stage being reflected on.
  public var stage: Stage
  /// The question being answered.
  public var question: Question
  /// In a lessons or commitments stage, the number the next item will get.
  public var itemNumber: Int?

  /// A short label for the input line, such as `values` or `lesson 2`.
  public var label: String {
    switch stage.kind {
    case .questions: stage.id
    case .lessons: "lesson \(itemNumber ?? 1)"
    case .commitments: "commitment \(itemNumber ?? 1)"
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

/// The conversation engine: a pure value that walks a pack and turns the person's input
/// into coach lines and transcript events.
///
/// It does no I/O. Given the same pack and the same inputs it produces the same turns, so
/// a transcript's coach lines can be re-derived from its answers.
public struct Conversation: Sendable {
  /// The pack being walked.
  public let pack: Pack
  private var stageIndex = 0
  private var questionIndex = 0
  private var itemNumbers: [String: Int] = [:]
  /// The prompt waiting for input, or `nil` before `begin` and after the end.
  public private(set) var prompt: Prompt?

  /// Starts a conversation over `pack`.
  public init(pack: Pack) { self.pack = pack }

  /// The opening: a welcome, the first stage's intro and its first question.
  public mutating func begin(at time: Date) -> Turn {
    var events: [TranscriptEvent] = [
      coach(
        .welcome, stage: pack.stages.first?.id ?? "",
        text: "Welcome. We'll reflect using '\(pack.title)'. Answer in your own words;"
          + " type /help for commands.", at: time)
    ]
    enterStage(at: time, into: &events)
    return Turn(events: events, prompt: prompt)
  }

  /// Handles one input at the current prompt.
  public mutating func respond(to input: PersonInput, at time: Date) -> Turn {
    guard let current = prompt else { return Turn(events: [], prompt: nil) }
    var events: [TranscriptEvent] = []
    switch input {
    case .quit:
      finish(.quit, at: time, into: &events)
    case .endOfInput:
      finish(.endOfInput, at: time, into: &events)
    case .skip:
      if current.stage.kind == .questions {
        events.append(
          .skip(Skip(stage: current.stage.id, question: current.question.id, time: time)))
        advanceQuestion(at: time, into: &events)
      } else {
        advanceStage(at: time, into: &events)
      }
    case .text(let raw):
      let text = raw.trimmingCharacters(in: .whitespaces)
      switch current.stage.kind {
      case .questions:
        guard !text.isEmpty else { break }
        if let scale = current.question.scale, !(Int(text).map(scale.contains) ?? false) {
          events.append(
            coach(
              .notice, stage: current.stage.id, question: current.question.id,
              text: "Please answer with a whole number from \(scale.lowerBound) to"
                + " \(scale.upperBound).", at: time))
          break
        }
        events.append(
          .answer(
            Answer(stage: current.stage.id, question: current.question.id, text: text, time: time)))
        advanceQuestion(at: time, into: &events)
      case .lessons:
        guard !text.isEmpty else {
          advanceStage(at: time, into: &events)
          break
        }
        let number = nextItem(current.stage.id)
        events.append(
          .lesson(Lesson(stage: current.stage.id, number: number, text: text, time: time)))
      case .commitments:
        guard !text.isEmpty else {
          advanceStage(at: time, into: &events)
          break
        }
        let number = nextItem(current.stage.id)
        let parsed = CommitmentText(text)
        events.append(
          .commitment(
            Commitment(
              stage: current.stage.id, number: number, text: parsed.action, due: parsed.due,
              time: time)))
      }
      refreshItemNumber()
    }
    return Turn(events: events, prompt: prompt)
  }

  private mutating func nextItem(_ stage: String) -> Int {
    let number = (itemNumbers[stage] ?? 0) + 1
    itemNumbers[stage] = number
    return number
  }

  private mutating func refreshItemNumber() {
    guard var current = prompt, current.stage.kind != .questions else { return }
    current.itemNumber = (itemNumbers[current.stage.id] ?? 0) + 1
    prompt = current
  }

  private mutating func enterStage(at time: Date, into events: inout [TranscriptEvent]) {
    guard stageIndex < pack.stages.count else {
      finish(.completed, at: time, into: &events)
      return
    }
    let stage = pack.stages[stageIndex]
    questionIndex = 0
    events.append(coach(.intro, stage: stage.id, text: stage.intro, at: time))
    ask(at: time, into: &events)
  }

  private mutating func ask(at time: Date, into events: inout [TranscriptEvent]) {
    let stage = pack.stages[stageIndex]
    let question = stage.questions[questionIndex]
    events.append(
      coach(.question, stage: stage.id, question: question.id, text: question.text, at: time))
    let number = stage.kind == .questions ? nil : (itemNumbers[stage.id] ?? 0) + 1
    prompt = Prompt(stage: stage, question: question, itemNumber: number)
  }

  private mutating func advanceQuestion(at time: Date, into events: inout [TranscriptEvent]) {
    questionIndex += 1
    if questionIndex < pack.stages[stageIndex].questions.count {
      ask(at: time, into: &events)
    } else {
      advanceStage(at: time, into: &events)
    }
  }

  private mutating func advanceStage(at time: Date, into events: inout [TranscriptEvent]) {
    // A list stage asks each of its questions in turn before moving on.
    let stage = pack.stages[stageIndex]
    if stage.kind != .questions, questionIndex + 1 < stage.questions.count {
      questionIndex += 1
      ask(at: time, into: &events)
      return
    }
    stageIndex += 1
    enterStage(at: time, into: &events)
  }

  private mutating func finish(
    _ reason: SessionEnd.Reason, at time: Date, into events: inout [TranscriptEvent]
  ) {
    if reason == .completed {
      events.append(
        coach(
          .closing, stage: pack.stages.last?.id ?? "",
          text: "Thank you for taking the time to reflect. Your words are saved.", at: time))
    }
    events.append(.end(SessionEnd(reason: reason, time: time)))
    prompt = nil
  }

  private func coach(
    _ kind: CoachMessage.Kind, stage: String, question: String? = nil, text: String, at time: Date
  ) -> TranscriptEvent {
    .coach(CoachMessage(stage: stage, kind: kind, question: question, text: text, time: time))
  }
}
