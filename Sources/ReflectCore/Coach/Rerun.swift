import Foundation

/// Re-derives a conversation from a transcript: the person's inputs are read back out of the
/// events and fed through the engine again.
///
/// Used to resume a paused session at the exact question, and by `reflect replay --rerun` to
/// show where today's rules would ask differently.
public enum Rerun {
  /// The engine settings a transcript's session ran with.
  public static func settings(of start: SessionStart, pack: Pack) -> Conversation.Settings {
    Conversation.Settings(
      seed: start.seed, maxFollowUps: start.maxFollowUps ?? pack.maxFollowUps,
      coaching: start.coaching ?? true, openCommitments: start.openCommitments ?? [])
  }

  /// The person's inputs in `events`, with their times.
  ///
  /// A `paused` or `end-of-input` end that
  /// later events follow (the session was resumed) is not an input.
  public static func inputs(from events: [TranscriptEvent]) -> [(PersonInput, Date)] {
    readInputs(from: events).map { ($0.input, $0.time) }
  }

  /// The inputs with how each answer was read when it was given (a transcript without
  /// readings is read again by today's rules).
  static func readInputs(
    from events: [TranscriptEvent]
  ) -> [(input: PersonInput, time: Date, heard: ReplyReading?)] {
    var result: [(input: PersonInput, time: Date, heard: ReplyReading?)] = []
    func append(_ input: PersonInput, _ time: Date) { result.append((input, time, nil)) }
    // The subject and tags may follow the end: the end is last when they are left aside.
    let last = events.lastIndex(where: { !$0.isAnnotation }) ?? events.count - 1
    for (index, event) in events.enumerated() {
      switch event {
      case .answer(let answer): result.append((.text(answer.text), answer.time, answer.heard))
      case .skip(let skip): append(.skip, skip.time)
      // A lesson or commitment was heard as one: so it is again, whatever today's rules read.
      case .lesson(let lesson):
        result.append((.text(lesson.text), lesson.time, ReplyReading(kind: .answer)))
      case .commitment(let item):
        result.append(
          (
            .text(item.text + (item.due.map { " by \($0)" } ?? "")), item.time,
            ReplyReading(kind: .answer)
          ))
      case .review(let review):
        let reply = review.reply ?? "\(review.status.rawValue): \(review.outcome)"
        append(.text(reply), review.time)
      case .command(let command):
        let input: PersonInput? =
          switch command.name {
          case .next: .next
          case .back: .back
          case .why: .why
          case .summary: .summary
          case .lessons: .lessons
          case .resume: .resume
          case .drop: .drop
          case .keep: .keep
          case .skip: .skip
          case .done, .confirmed: .text("")
          case .rejected, .pastDue, .progress: .text(command.text ?? "")
          default: nil
          }
        if let input { append(input, command.time) }
      case .end(let end):
        guard index == last else { continue }
        switch end.reason {
        case .quit: append(.quit, end.time)
        case .endOfInput: append(.endOfInput, end.time)
        case .paused: append(.pause, end.time)
        case .completed: break
        }
      case .start, .coach: break
      }
    }
    return result
  }

  /// Runs a transcript's inputs through a fresh engine; returns it and every line it said.
  ///
  /// With `stopBeforeEnd`, a final end event is left out (to resume).
  ///
  /// `embedder` is the sentence model at hand for the lesson finder; a session whose
  /// lessons were found words only is rerun words only, so that it finds the same.
  public static func replay(
    _ transcript: Transcript, pack: Pack, rules: CoachRules,
    replies: ReplyClassifier? = (try? ReplyRules.builtIn()).map { ReplyClassifier(rules: $0) },
    stopBeforeEnd: Bool = false, embedder: (any SentenceEmbedder)? = nil
  ) -> (conversation: Conversation, coach: [CoachMessage]) {
    guard let start = transcript.start else {
      return (Conversation(pack: pack), [])
    }
    let finder = transcript.events.lazy.compactMap { event -> String? in
      if case .coach(let message) = event { message.finder } else { nil }
    }.first
    let wordsOnly = finder.map(LessonFinder.isWordsOnly) == true
    var conversation = Conversation(
      pack: pack, rules: rules, replies: replies, settings: settings(of: start, pack: pack),
      embedder: wordsOnly ? nil : embedder)
    // How the coach listened between questions: the welcome line says, from revision 2.
    let welcome = transcript.events.lazy.compactMap { event -> CoachMessage? in
      if case .coach(let message) = event, message.kind == .welcome { message } else { nil }
    }.first
    conversation.listener = Conversation.listenerRevision(of: welcome?.listener)
    // The finder's revision: how its candidates were made whole then.
    conversation.lessonRevision = finder.map(LessonFinder.revision(of:)) ?? LessonFinder.revision
    // Lessons proposed with no finder named: a session held before the trained finder.
    conversation.legacyLessons =
      finder == nil
      && transcript.events.contains {
        if case .coach(let message) = $0 { message.kind == .proposal } else { false }
      }
    // Summaries picked with no summariser named: a session held before summaries answered
    // the questions (and corrections replaced what they correct).
    let summariser = transcript.events.lazy.compactMap { event -> String? in
      if case .coach(let message) = event { message.summariser } else { nil }
    }.first
    conversation.legacySummary =
      summariser == nil
      && transcript.events.contains {
        if case .coach(let message) = $0 { message.kind == .summary } else { false }
      }
    conversation.summaryWordsOnly = summariser?.hasSuffix(" words-only") == true
    conversation.summaryRevision = summariser.map(Summariser.revision(of:)) ?? 1
    // A session completed with commitments and one closing line was held before the coach
    // said commitments back.
    let closings = transcript.events.filter {
      if case .coach(let message) = $0 { message.kind == .closing } else { false }
    }.count
    conversation.recapsCommitments = !(closings == 1 && !transcript.commitments.isEmpty)
    // Commitments kept with no line as typed were read before dates in words were.
    conversation.readsDueWords =
      transcript.commitments.isEmpty || transcript.commitments.contains { $0.said != nil }
    var lines: [CoachMessage] = []
    func collect(_ turn: Turn) {
      for case .coach(let message) in turn.events { lines.append(message) }
    }
    collect(conversation.begin(at: start.time))
    var inputs = readInputs(from: transcript.events)
    if stopBeforeEnd, let last = inputs.last,
      [.pause, .quit, .endOfInput].contains(last.input)
    {
      inputs.removeLast()
    }
    for (input, time, heard) in inputs {
      collect(conversation.respond(to: input, at: time, heard: heard))
    }
    return (conversation, lines)
  }
}

/// Commitments from earlier sessions that no later session has reviewed.
public enum OpenCommitments {
  /// How many a session asks about, newest first.
  public static let limit = 5

  /// The open commitments in `transcripts`, newest first, at most `limit`.
  public static func find(in transcripts: [Transcript], limit: Int = limit) -> [OpenCommitment] {
    var reviewed: Set<String> = []
    var open: [OpenCommitment] = []
    for transcript in transcripts {
      for case .review(let review) in transcript.events {
        reviewed.insert("\(review.session)#\(review.number)")
      }
      guard let id = transcript.start?.id else { continue }
      for commitment in transcript.commitments {
        open.append(
          OpenCommitment(
            session: id, number: commitment.number, text: commitment.text, due: commitment.due))
      }
    }
    return Array(
      open.filter { !reviewed.contains("\($0.session)#\($0.number)") }.reversed().prefix(limit))
  }
}
