import Foundation

/// A transcript's events as the index keeps them: compact bytes, quick to read back.
///
/// Everything but the coach's lines and how each reply was heard (no archive command reads
/// those; `show` and `replay` read the file), each with its file line. The layout is private
/// to the index: a change to it bumps ``ArchiveIndex/format`` and every index is rebuilt.
enum IndexRecord {
  /// The bytes of `transcript`'s events (coach lines left out).
  static func encode(_ transcript: Transcript) -> [UInt8] {
    var writer = ByteWriter()
    for (event, line) in zip(transcript.events, transcript.lines) {
      switch event {
      case .start(let start):
        writer.tag(0, line)
        writer.int(start.schema)
        writer.id(start.id)
        writer.string(start.pack)
        writer.string(start.packTitle)
        writer.int(start.stages.count)
        for stage in start.stages { writer.string(stage) }
        writer.int(Int(bitPattern: UInt(start.seed)))
        writer.string(start.version)
        writer.date(start.time)
        writer.optionalInt(start.maxFollowUps)
        writer.optionalInt(start.coaching.map { $0 ? 1 : 0 })
        writer.optionalInt(start.openCommitments?.count)
        for item in start.openCommitments ?? [] {
          writer.id(item.session)
          writer.int(item.number)
          writer.string(item.text)
          writer.optionalString(item.due)
        }
        writer.optionalDate(start.held)
      case .coach: continue
      case .answer(let answer):
        writer.tag(1, line)
        writer.string(answer.stage)
        writer.string(answer.question)
        writer.string(answer.text)
        writer.date(answer.time)
      case .skip(let skip):
        writer.tag(2, line)
        writer.string(skip.stage)
        writer.string(skip.question)
        writer.date(skip.time)
      case .lesson(let lesson):
        writer.tag(3, line)
        writer.string(lesson.stage)
        writer.int(lesson.number)
        writer.string(lesson.text)
        writer.int(lesson.origin == .typed ? 0 : 1)
        writer.optionalInt(lesson.suggestion)
        writer.date(lesson.time)
      case .commitment(let item):
        writer.tag(4, line)
        writer.string(item.stage)
        writer.int(item.number)
        writer.string(item.text)
        writer.optionalString(item.due)
        writer.optionalString(item.said)
        writer.date(item.time)
      case .command(let command):
        writer.tag(5, line)
        writer.string(command.name.rawValue)
        writer.string(command.stage)
        writer.optionalString(command.text)
        writer.optionalID(command.session)
        writer.optionalInt(command.number)
        writer.optionalString(command.status)
        writer.date(command.time)
      case .review(let review):
        writer.tag(6, line)
        writer.id(review.session)
        writer.int(review.number)
        writer.string(review.text)
        writer.string(review.status.rawValue)
        writer.string(review.outcome)
        writer.optionalString(review.reply)
        writer.date(review.time)
      case .end(let end):
        writer.tag(7, line)
        writer.string(end.reason.rawValue)
        writer.date(end.time)
      }
    }
    return writer.bytes
  }

  /// The events and their lines back from ``encode(_:)``'s bytes, or `nil` when they are not
  /// such bytes.
  static func decode(_ bytes: [UInt8], path: String) -> Transcript? {
    var reader = ByteReader(bytes)
    var events: [TranscriptEvent] = []
    var lines: [Int] = []
    while !reader.atEnd {
      guard let kind = reader.int(), let line = reader.int(), let event = event(kind, &reader)
      else { return nil }
      events.append(event)
      lines.append(line)
    }
    return Transcript(path: path, events: events, lines: lines)
  }

  private static func event(_ kind: Int, _ reader: inout ByteReader) -> TranscriptEvent? {
    switch kind {
    case 0:
      guard let schema = reader.int(), let id = reader.id(), let pack = reader.string(),
        let title = reader.string(), let stageCount = reader.int(), stageCount >= 0
      else { return nil }
      var stages: [String] = []
      for _ in 0..<stageCount {
        guard let stage = reader.string() else { return nil }
        stages.append(stage)
      }
      guard let seed = reader.int(), let version = reader.string(), let time = reader.date(),
        let maxFollowUps = reader.optionalInt(), let coaching = reader.optionalInt(),
        let openCount = reader.optionalInt()
      else { return nil }
      var open: [OpenCommitment]?
      if let count = openCount {
        var items: [OpenCommitment] = []
        for _ in 0..<max(0, count) {
          guard let session = reader.id(), let number = reader.int(),
            let text = reader.string(), let due = reader.optionalString()
          else { return nil }
          items.append(OpenCommitment(session: session, number: number, text: text, due: due))
        }
        open = items
      }
      guard let held = reader.optionalDate() else { return nil }
      return .start(
        SessionStart(
          schema: schema, id: id, pack: pack, packTitle: title, stages: stages,
          seed: UInt64(UInt(bitPattern: seed)), version: version, time: time,
          maxFollowUps: maxFollowUps, coaching: coaching.map { $0 != 0 }, openCommitments: open,
          held: held))
    case 1:
      guard let stage = reader.string(), let question = reader.string(),
        let text = reader.string(), let time = reader.date()
      else { return nil }
      return .answer(Answer(stage: stage, question: question, text: text, time: time))
    case 2:
      guard let stage = reader.string(), let question = reader.string(), let time = reader.date()
      else { return nil }
      return .skip(Skip(stage: stage, question: question, time: time))
    case 3:
      guard let stage = reader.string(), let number = reader.int(), let text = reader.string(),
        let origin = reader.int(), let suggestion = reader.optionalInt(), let time = reader.date()
      else { return nil }
      return .lesson(
        Lesson(
          stage: stage, number: number, text: text, origin: origin == 0 ? .typed : .proposed,
          suggestion: suggestion, time: time))
    case 4:
      guard let stage = reader.string(), let number = reader.int(), let text = reader.string(),
        let due = reader.optionalString(), let said = reader.optionalString(),
        let time = reader.date()
      else { return nil }
      return .commitment(
        Commitment(stage: stage, number: number, text: text, due: due, said: said, time: time))
    case 5:
      guard let name = reader.string(), let stage = reader.string(),
        let text = reader.optionalString(), let session = reader.optionalID(),
        let number = reader.optionalInt(), let status = reader.optionalString(),
        let time = reader.date()
      else { return nil }
      return .command(
        Command(
          name: Command.Name(rawValue: name), stage: stage, text: text, session: session,
          number: number, status: status,
          time: time))
    case 6:
      guard let session = reader.id(), let number = reader.int(), let text = reader.string(),
        let status = reader.string().flatMap(Review.Status.init(rawValue:)),
        let outcome = reader.string(), let reply = reader.optionalString(),
        let time = reader.date()
      else { return nil }
      return .review(
        Review(
          session: session, number: number, text: text, status: status, outcome: outcome,
          reply: reply, time: time))
    case 7:
      guard let reason = reader.string().flatMap(SessionEnd.Reason.init(rawValue:)),
        let time = reader.date()
      else { return nil }
      return .end(SessionEnd(reason: reason, time: time))
    default:
      return nil
    }
  }
}
