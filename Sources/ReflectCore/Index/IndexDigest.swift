import Foundation

/// A ``SessionDigest`` as the index keeps it: compact bytes, quick to read back.
///
/// The layout is private to the index: a change to it bumps ``ArchiveIndex/format``.
enum IndexDigest {
  /// The bytes of `digest`: its phrases apart (``encode(_:)-(PhraseTally.Counted)``), as a
  /// report that takes its phrases from elsewhere reads the rest only.
  static func encode(_ digest: SessionDigest) -> [UInt8] {
    var writer = ByteWriter()
    writer.id(digest.id)
    writer.date(digest.time)
    writer.string(digest.pack)
    writer.string(digest.packTitle)
    writer.strings(digest.stages)
    writer.strings(digest.answered)
    writer.int(digest.skipped.count)
    for item in digest.skipped {
      writer.string(item.stage)
      writer.int(item.count)
    }
    writer.int(digest.lessons.count)
    for lesson in digest.lessons {
      writer.int(lesson.line)
      writer.date(lesson.date)
      writer.int(lesson.number)
      writer.string(lesson.text)
      writer.int(lesson.origin == .typed ? 0 : 1)
      writer.string(lesson.theme)
      writer.optionalString(lesson.question)
      writer.optionalString(lesson.answer)
      writer.strings(lesson.terms)
    }
    writer.int(digest.commitments.count)
    for item in digest.commitments {
      writer.int(item.number)
      writer.string(item.text)
      writer.optionalString(item.due)
      writer.date(item.date)
    }
    writer.int(digest.reviews.count)
    for review in digest.reviews {
      writer.id(review.session)
      writer.int(review.number)
      writer.string(review.text)
      writer.string(review.status.rawValue)
      writer.string(review.outcome)
      writer.optionalString(review.reply)
      writer.date(review.time)
    }
    writer.int(digest.progress.count)
    for command in digest.progress {
      writer.string(command.name.rawValue)
      writer.string(command.stage)
      writer.optionalString(command.text)
      writer.optionalID(command.session)
      writer.optionalInt(command.number)
      writer.optionalString(command.status)
      writer.date(command.time)
    }
    writer.int(digest.suggestionsWaiting)
    return writer.bytes
  }

  /// The bytes of a session's counted phrases.
  static func encode(_ phrases: PhraseTally.Counted) -> [UInt8] {
    var writer = ByteWriter()
    writer.int(phrases.answers)
    writer.strings(phrases.words)
    for key in phrases.keyOf { writer.int(Int(key)) }
    writer.strings(phrases.stages)
    writer.int(phrases.stream.count)
    for number in phrases.stream { writer.int(Int(number)) }
    return writer.bytes
  }

  /// The digest back from ``encode(_:)``'s bytes and its phrases' (none when `phrases` is
  /// `nil`), or `nil` when they are not such bytes; without the answer each lesson echoes
  /// unless `answers`.
  static func decode(
    _ bytes: [UInt8], phrases phraseBytes: [UInt8]? = nil, answers: Bool = true
  ) -> SessionDigest? {
    var reader = ByteReader(bytes)
    guard let id = reader.id(), let time = reader.date(), let pack = reader.string(),
      let packTitle = reader.string(), let stages = reader.strings(),
      let answered = reader.strings(), let skippedCount = reader.count()
    else { return nil }
    var skipped: [SessionDigest.Skipped] = []
    for _ in 0..<skippedCount {
      guard let stage = reader.string(), let count = reader.int() else { return nil }
      skipped.append(.init(stage: stage, count: count))
    }
    guard let lessonCount = reader.count() else { return nil }
    var lessons: [SessionDigest.Lesson] = []
    for _ in 0..<lessonCount {
      guard let line = reader.int(), let date = reader.date(), let number = reader.int(),
        let text = reader.string(), let origin = reader.int(), let theme = reader.string()
      else { return nil }
      guard let question = reader.optionalString() else { return nil }
      var answer: String?
      if answers {
        guard let echoed = reader.optionalString() else { return nil }
        answer = echoed
      } else {
        guard reader.skipOptionalString() else { return nil }
      }
      guard let terms = reader.strings() else { return nil }
      lessons.append(
        .init(
          line: line, date: date, number: number, text: text,
          origin: origin == 0 ? .typed : .proposed, theme: theme, question: question,
          answer: answer, terms: terms))
    }
    guard let commitmentCount = reader.count() else { return nil }
    var commitments: [SessionDigest.Commitment] = []
    for _ in 0..<commitmentCount {
      guard let number = reader.int(), let text = reader.string(),
        let due = reader.optionalString(), let date = reader.date()
      else { return nil }
      commitments.append(.init(number: number, text: text, due: due, date: date))
    }
    guard let reviewCount = reader.count() else { return nil }
    var reviews: [Review] = []
    for _ in 0..<reviewCount {
      guard let session = reader.id(), let number = reader.int(), let text = reader.string(),
        let status = reader.string().flatMap(Review.Status.init(rawValue:)),
        let outcome = reader.string(), let reply = reader.optionalString(),
        let time = reader.date()
      else { return nil }
      reviews.append(
        Review(
          session: session, number: number, text: text, status: status, outcome: outcome,
          reply: reply, time: time))
    }
    guard let progressCount = reader.count() else { return nil }
    var progress: [Command] = []
    for _ in 0..<progressCount {
      guard let name = reader.string(), let stage = reader.string(),
        let text = reader.optionalString(), let session = reader.optionalID(),
        let number = reader.optionalInt(), let status = reader.optionalString(),
        let time = reader.date()
      else { return nil }
      progress.append(
        Command(
          name: Command.Name(rawValue: name), stage: stage, text: text, session: session,
          number: number, status: status,
          time: time))
    }
    guard let suggestionsWaiting = reader.int(), suggestionsWaiting >= 0 else { return nil }
    var phrases = PhraseTally.Counted()
    if let phraseBytes {
      guard let counted = decode(phrases: phraseBytes) else { return nil }
      phrases = counted
    }
    guard reader.atEnd else { return nil }
    var digest = SessionDigest(
      id: id, time: time, pack: pack, packTitle: packTitle, stages: stages, answered: answered,
      skipped: skipped, lessons: lessons, commitments: commitments, reviews: reviews,
      progress: progress, phrases: phrases)
    digest.suggestionsWaiting = suggestionsWaiting
    return digest
  }

  /// The answer each lesson of ``encode(_:)-(SessionDigest)``'s bytes echoes, in order,
  /// read past everything else; `nil` when they are not such bytes.
  static func answers(_ bytes: [UInt8]) -> [String?]? {
    var reader = ByteReader(bytes)
    guard reader.id() != nil, reader.date() != nil, reader.skipString(), reader.skipString(),
      reader.skipStrings(), reader.skipStrings(), let skippedCount = reader.count()
    else { return nil }
    for _ in 0..<skippedCount {
      guard reader.skipString(), reader.int() != nil else { return nil }
    }
    guard let lessonCount = reader.count() else { return nil }
    var answers: [String?] = []
    answers.reserveCapacity(lessonCount)
    for _ in 0..<lessonCount {
      guard reader.int() != nil, reader.date() != nil, reader.int() != nil, reader.skipString(),
        reader.int() != nil, reader.skipString(), reader.skipOptionalString(),
        let answer = reader.optionalString(), reader.skipStrings()
      else { return nil }
      answers.append(answer)
    }
    return answers
  }

  /// A session's counted phrases back from their bytes, or `nil`.
  static func decode(phrases bytes: [UInt8]) -> PhraseTally.Counted? {
    var reader = ByteReader(bytes)
    var phrases = PhraseTally.Counted()
    guard let answers = reader.int(), answers >= 0, let words = reader.strings() else {
      return nil
    }
    phrases.answers = answers
    phrases.words = words
    phrases.keyOf.reserveCapacity(words.count)
    for _ in words.indices {
      guard let key = reader.int(), key >= 0, key < words.count else { return nil }
      phrases.keyOf.append(Int32(key))
    }
    guard let phraseStages = reader.strings(), let streamCount = reader.count() else {
      return nil
    }
    phrases.stages = phraseStages
    phrases.stream.reserveCapacity(streamCount)
    for _ in 0..<streamCount {
      guard let number = reader.int(), let value = Int32(exactly: number) else { return nil }
      phrases.stream.append(value)
    }
    guard reader.atEnd, phrases.isWellFormed else { return nil }
    return phrases
  }
}
