import Foundation

/// Lists, proposed lessons, earlier commitments and summaries.
extension Conversation {
  // MARK: - List stages

  mutating func respondToItem(
    _ input: PersonInput, _ current: Prompt, heard reading: ReplyReading? = nil, at time: Date,
    into events: inout [TranscriptEvent]
  ) {
    switch input {
    case .text(let raw):
      var text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
      let previous = lastItem
      lastItem = nil
      // "no, that's not a lesson, take that out": the line just kept is taken back (listener
      // revision 4).
      if reading == nil, listener >= 4, settings.coaching, Self.takesBack(text) {
        takeBack(previous, text, current, at: time, into: &events)
        return
      }
      guard !text.isEmpty else {
        record(.done, at: time, into: &events)
        finishList(at: time, into: &events)
        return
      }
      // A line read before (a transcript's lesson or commitment is an item) is taken as it
      // was; a new one is read here.
      var kind = reading?.kind ?? listLineKind(text, current)
      // "what else would you say? you've heard it all": every sentence a question or talk
      // about the coach, so a line to the coach (listener revision 3).
      if reading == nil, listener >= 3, kind == .answer, settings.coaching,
        Summariser.wholeSentences(text).allSatisfy({
          $0.hasSuffix("?") || Self.toTheListener(ReplyClassifier.normalised($0))
            || (listener >= 4
              && ReplyClassifier.normalised($0).range(
                of: #"^\W*(what|how) about\b"#, options: .regularExpression) != nil)
        })
      {
        kind = .question
      }
      // "why only one? what about the slot length": how many were offered, a complaint
      // (listener revision 4).
      if reading == nil, listener >= 4, kind == .question,
        ReplyClassifier.normalised(text).range(
          of: #"^\W*why (only|just) (one|two|three|four|\d+|that|those)\b"#,
          options: .regularExpression) != nil
      {
        kind = .complaint
      }
      if reading == nil, [.answer, .question, .complaint, .alreadySaid].contains(kind),
        let (aside, said, item) = listAside(text, current)
      {
        // Talk aimed at the coach beside an item: the talk is kept as an answer read as
        // what it is and answered, and only the item's own sentences are the item (so a
        // rerun reads the two apart again).
        events.append(
          .answer(
            Answer(
              stage: stage.id, question: current.question.id, text: said,
              heard: ReplyReading(kind: aside, aside: aside, answerPart: item), time: time)))
        answerAside(aside, current, said, item: item, at: time, into: &events)
        text = item
        kind = .answer
      }
      if let aside = reading?.aside, reading?.kind == aside {
        events.append(
          .answer(
            Answer(
              stage: stage.id, question: current.question.id, text: text, heard: reading,
              time: time)))
        answerAside(aside, current, text, item: reading?.answerPart, at: time, into: &events)
        return
      }
      if kind == .skip || kind == .nonAnswer {
        // "that's all", "none", "skip": the list is done, as with an empty line.
        record(.done, text: text, at: time, into: &events)
        finishList(at: time, into: &events)
        return
      }
      if kind == .refusal, let rules = replies?.rules {
        // "im not talking about the landlords": acknowledged, never kept as an item, and
        // not raised again; the list goes on.
        let about = reading?.about ?? ReplyClassifier.refused(in: text)
        events.append(
          .answer(
            Answer(
              stage: stage.id, question: current.question.id, text: text,
              heard: ReplyReading(kind: .refusal, about: about), time: time)))
        refuse(about, question: current.question, rules: rules, at: time, into: &events)
        return
      }
      if kind == .question || kind == .complaint || kind == .alreadySaid {
        // Kept as what it is, a line to the coach, not as a lesson or commitment.
        events.append(
          .answer(
            Answer(
              stage: stage.id, question: current.question.id, text: text,
              heard: ReplyReading(kind: kind), time: time)))
        if kind == .question {
          clarifyItem(current, text, at: time, into: &events)
        } else {
          repairItem(at: time, into: &events)
        }
        return
      }
      // "I don't know. Send Leanne a card maybe.": the shrug before the item is no part of
      // it (listener revision 4).
      if listener >= 4, settings.coaching, let replies {
        let sentences = Summariser.wholeSentences(text)
        if sentences.count > 1,
          replies.rulesKind(of: sentences[0], afterCoach: false) == .nonAnswer,
          Words.split(sentences.dropFirst().joined(separator: " ")).count
            >= ReplyClassifier.minAnswerWords
        {
          text = sentences.dropFirst().joined(separator: " ")
        }
      }
      guard stage.kind == .commitments else {
        let lesson = Lesson(stage: stage.id, number: nextItem(), text: text, time: time)
        events.append(.lesson(lesson))
        lastItem = Item(stage: stage.id, number: lesson.number, text: text)
        return
      }
      let parsed = CommitmentText(text, today: readsDueWords ? time : nil)
      let said = readsDueWords ? text : nil
      if let due = parsed.due, settings.coaching, due < DueDate.format(time),
        let line = lines.first(
          of: rules.review.pastDue.map {
            Template.fill(
              $0, [], named: ["date": readsDueWords ? DueDate.spoken(due) ?? due : due])
          },
          repeatable: true)
      {
        record(.pastDue, text: text, at: time, into: &events)
        events.append(coachLine(.notice, line, at: time))
        step = .dueDate(action: parsed.action, due: due, said: said)
        return
      }
      addCommitment(parsed.action, due: parsed.due, said: said, at: time, into: &events)
    case .skip, .next:
      record(.done, at: time, into: &events)
      finishList(at: time, into: &events)
    case .back:
      record(.back, at: time, into: &events)
      // Since listener revision 4, /back at a list takes back the line just kept, to type
      // again.
      if listener >= 4, settings.coaching, let item = lastItem, item.stage == stage.id {
        lastItem = nil
        withdraw(item, at: time, into: &events)
        let line = "I've taken out “\(Self.quoted(item.text))”; type it again as you want it."
        say(
          .acknowledgement,
          [
            LineLint.problem(in: line) == nil
              ? line : "I've taken that out; type it again as you want it."
          ],
          repeatable: true, at: time, into: &events)
        return
      }
      goBack(at: time, into: &events)
    case .keep, .drop:
      nothingToKeep(input, at: time, into: &events)
    default:
      break
    }
  }

  /// Whether a list line is a question to the coach ("why does it need a date?") rather
  /// than a lesson or commitment: it ends with a question mark and the reply rules read it
  /// as a question, or it is short and opens on a question word.
  func asksTheCoach(_ text: String, _ current: Prompt) -> Bool {
    guard settings.coaching, text.hasSuffix("?"), let replies else { return false }
    let words = Words.split(text)
    if let first = words.first, Self.askingWords.contains(first), words.count <= 12 {
      return true
    }
    return replies.read(text, question: current.question.text, afterCoach: false).kind
      == .question
  }

  /// How a list line is read: `.answer` for a lesson or commitment; `.question` for a
  /// question to the coach (``asksTheCoach(_:_:)``, or "do i have to", "what counts as a
  /// lesson" without the mark); `.complaint` for one that says the person has given enough
  /// ("why are you asking, i just kept two") or that the reply rules read as a complaint
  /// or "already said"; `.skip` for a line that ends the list ("that's all", "none").
  ///
  /// Only short lines (``aimedMaxWords``) are read as aimed at the coach without a "?": a
  /// lesson may well hold "the question is…".
  func listLineKind(_ text: String, _ current: Prompt) -> ReplyReading.Kind {
    guard settings.coaching, let replies else { return .answer }
    let lower = ReplyClassifier.normalised(text)
    let count = Words.split(lower).count
    if lower.range(of: Self.endsList, options: .regularExpression) != nil { return .skip }
    if count <= Self.aimedMaxWords,
      lower.range(of: Self.givenEnough, options: .regularExpression) != nil
    {
      return .complaint
    }
    if asksTheCoach(text, current) { return .question }
    // "why by when? I'm retired": a question to the coach and a remark too short to be an
    // item (listener revision 4).
    let sentences = Summariser.wholeSentences(text)
    if listener >= 4, sentences.count > 1, let first = sentences.first,
      asksTheCoach(first, current),
      Words.split(sentences.dropFirst().joined(separator: " ")).count
        < ReplyClassifier.minAnswerWords
    {
      return .question
    }
    if count <= 10, lower.range(of: Self.asksIfNeeded, options: .regularExpression) != nil {
      return .question
    }
    guard count <= Self.aimedMaxWords else { return .answer }
    let kind = ReplyClassifier(rules: replies.rules).read(
      text, question: current.question.text, afterCoach: false
    ).kind
    switch kind {
    case .question, .complaint, .alreadySaid, .refusal: return kind
    case .skip, .nonAnswer: return count <= 4 ? .skip : .answer
    default: return .answer
    }
  }

  /// Talk aimed at the coach beside a lesson or commitment, sentence by sentence: the
  /// talk's kind (a question, complaint or already-said, by ``listLineKind(_:_:)`` or the
  /// reply rules' `asks_at_list`), what was said to the coach (with any "fine." or "ok"
  /// after it), and the item's own sentences without those fillers; `nil` unless both are
  /// there and the item has ``ReplyClassifier/minAnswerWords`` words.
  func listAside(_ text: String, _ current: Prompt) -> (
    kind: ReplyReading.Kind, said: String, item: String
  )? {
    guard settings.coaching, let rules = replies?.rules else { return nil }
    let sentences = Summariser.wholeSentences(text)
    guard sentences.count > 1 else { return nil }
    var kinds: [ReplyReading.Kind] = []
    var said: [String] = []
    var item: [String] = []
    for sentence in sentences {
      let lower = ReplyClassifier.normalised(sentence)
      var kind = listLineKind(sentence, current)
      if kind == .answer, rules.asksAtList.contains(where: { $0.matches(lower) }) {
        kind = .question
      }
      // "why only one? what about the slot length": a question without its mark (listener
      // revision 4).
      if kind == .answer, listener >= 4,
        lower.range(of: #"^\W*(what|how) about\b"#, options: .regularExpression) != nil
      {
        kind = .question
      }
      if [.question, .complaint, .alreadySaid].contains(kind) {
        kinds.append(kind)
        said.append(sentence)
      } else if listener >= 3, Self.toTheListener(lower) {
        // "what else would you say? you've heard it all": talk to the coach, never kept
        // (listener revision 3).
        said.append(sentence)
      } else if item.isEmpty,
        lower.replacingOccurrences(of: Self.fillers, with: "", options: .regularExpression)
          .isEmpty
      {
        said.append(sentence)
      } else {
        item.append(sentence)
      }
    }
    var own = item.joined(separator: " ")
    if let range = own.range(of: Self.fillers, options: [.regularExpression, .caseInsensitive]) {
      own.removeSubrange(range)
    }
    guard let first = kinds.first, Words.split(own).count >= ReplyClassifier.minAnswerWords
    else { return nil }
    let kind = kinds.contains(.question) ? .question : first
    return (kind, said.joined(separator: " "), own)
  }

  /// Whether a sentence at a list talks to the coach about the coach ("you've heard it all",
  /// "you know the rest").
  static func toTheListener(_ lower: String) -> Bool {
    Summariser.addressesTheCoach(lower)
      || lower.range(
        of: #"^\W*(you('ve| have)?|youve|you'd|youd) (heard|got|know|had|seen|read)\b"#,
        options: .regularExpression) != nil
      || lower.range(
        of:
          #"^\W*(that|this|it)('s| is| was) the (actual|real|main|only|proper) (lesson|point|one)\W*$"#,
        options: .regularExpression) != nil
  }

  /// Fillers before an item: "fine.", "ok then,", "alright".
  static let fillers =
    #"^\W*((fine|ok|okay|alright|all right|right|sure|whatever|anyway|then|so)\b[\s,.;:!—–-]*)+"#

  /// Answers the talk aimed at the coach beside an item (`item`, kept next): a question with
  /// the list's `aside-list-question-…` line naming the item kept (else as any question at
  /// a list), a complaint or "already said" with its `aside-…` line.
  mutating func answerAside(
    _ kind: ReplyReading.Kind, _ current: Prompt, _ said: String, item: String?, at time: Date,
    into events: inout [TranscriptEvent]
  ) {
    let kept = item.map {
      $0.trimmingCharacters(in: CharacterSet(charactersIn: ".!;:, "))
    }
    // "do i have to? fine. hand the kit over…": since listener revision 4, that it is up to
    // them, never why a date helps.
    let optional =
      listener >= 4
      && Summariser.wholeSentences(said).contains {
        ReplyClassifier.normalised($0).range(of: Self.asksIfNeeded, options: .regularExpression)
          != nil
      }
    let name = optional ? "aside-list-optional" : "aside-list-question-\(stage.kind.rawValue)"
    let named = (replies?.rules.lines(name) ?? []).map {
      Template.fill($0, [], named: ["item": kept ?? ""])
    }
    if kind == .question, let kept, !kept.isEmpty,
      let line = lines.first(of: named, repeatable: true), LineLint.problem(in: line) == nil
    {
      events.append(coachLine(.notice, line, at: time))
    } else if kind == .question {
      clarifyItem(current, said, at: time, into: &events)
    } else if let line = lines.first(
      of: replies?.rules.lines("aside-\(kind.rawValue)") ?? [], repeatable: false)
    {
      events.append(coachLine(.acknowledgement, line, at: time))
    }
  }

  /// Lines longer than this are lessons or commitments whatever they hold, unless they end
  /// with "?".
  static let aimedMaxWords = 16

  /// A line that ends the list.
  static let endsList =
    #"^\W*(that'?s (all|it|everything|enough)( for now| from me)?|that is all|i'?m done|i am done|all done|done|finished|no more|nothing (else|more)|none|nope|no|not really|that'?ll do)\W*$"#

  /// A line that says the person has given enough already: "i just kept two", "i've already
  /// given you three".
  static let givenEnough =
    #"\b(already|just)\s+(kept|gave you|given you|written|typed|listed|added|put down)\s+(one|two|three|four|five|six|a few|some|them|those|these|mine|enough|plenty|\d+)\b|\b(kept|gave you|given you|written|typed|listed|added)\s+(one|two|three|four|five|six|a few|some|them|\d+)\s+already\b"#

  /// A question whether more is needed: "do i have to", "is that enough", "how many".
  static let asksIfNeeded =
    #"^\W*((do|must|should) (i|we)( really)? (have to|need to|got to)|(do|must) (i|we)\W*$|(is|was) (that|this) (enough|ok|okay|all|it)\b|how many\b|(can|may|could) (i|we) (stop|finish|leave it|be done)|what if (i|we)('m| am|'re| are) not (doing|making|planning|going)\b|what if (i|we) (don'?t|haven'?t) (got |have )?(any|anything|one|nothing)\b|what if there'?s nothing\b)"#

  /// Words a short question to the coach opens on.
  static let askingWords: Set<String> = [
    "why", "what", "how", "do", "does", "is", "can", "must", "should", "who", "which",
  ]

  /// Answers a question to the coach at a list.
  ///
  /// Whether more is needed ("do i have to?":
  /// it is up to them), why it is asked ("why?": the question's own note; "why does it
  /// need a date?" at commitments: what a date is for), or what kind of line helps ("what
  /// counts as a lesson?"); then the other answers in turn, then quietly.
  /// The list goes on where it was.
  mutating func clarifyItem(
    _ current: Prompt, _ text: String, at time: Date, into events: inout [TranscriptEvent]
  ) {
    guard let rules = replies?.rules else { return }
    let why =
      current.question.why.map { note in
        rules.lines("question-why").map { Template.fill($0, [], named: ["why": note]) }
      } ?? []
    let kind = rules.lines("list-question-\(stage.kind.rawValue)")
    let lower = ReplyClassifier.normalised(text)
    let options: [String]
    if lower.range(of: Self.asksIfNeeded, options: .regularExpression) != nil {
      options = rules.lines("list-optional") + kind
    } else if lower.range(of: #"^\W*why\b"#, options: .regularExpression) != nil,
      stage.kind != .commitments
        || lower.range(of: #"\b(date|dates|deadline)\b"#, options: .regularExpression) == nil
    {
      options = why + kind
    } else {
      options = kind + why
    }
    if let line = lines.first(of: options, repeatable: false) {
      events.append(coachLine(.notice, line, at: time))
    }
  }

  /// A complaint at a list ("why are you asking, i just kept two"): a short repair that says
  /// how many it really has, and the list goes on.
  mutating func repairItem(at time: Date, into events: inout [TranscriptEvent]) {
    guard let rules = replies?.rules else { return }
    let count = itemNumbers[stage.id] ?? 0
    let name = "list-complaint-\(stage.kind.rawValue)" + (count == 0 ? "-none" : "")
    let filled = rules.lines(name).map {
      Template.fill($0, [], named: ["count": Self.spelled(count)])
    }
    if let line = lines.first(of: filled + rules.lines("list-complaint-again"), repeatable: false) {
      events.append(coachLine(.acknowledgement, line, at: time))
    }
  }

  /// `number` in words up to ten.
  static func spelled(_ number: Int) -> String {
    let words = [
      "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ]
    return words.indices.contains(number) ? words[number] : String(number)
  }

  mutating func addCommitment(
    _ action: String, due: String?, said: String? = nil, at time: Date,
    into events: inout [TranscriptEvent]
  ) {
    let commitment = Commitment(
      stage: stage.id, number: nextItem(), text: action, due: due, said: said, time: time)
    committed.append(commitment)
    events.append(.commitment(commitment))
    lastItem = Item(stage: stage.id, number: commitment.number, text: action)
    step = .item
  }

  /// A reply to "that date has passed": Enter keeps it; a date alone replaces it; a whole
  /// line is the commitment as rewritten.
  mutating func respondToDueDate(
    _ input: PersonInput, action: String, due: String, said: String? = nil, at time: Date,
    into events: inout [TranscriptEvent]
  ) {
    guard case .text(let raw) = input else {
      addCommitment(action, due: due, said: said, at: time, into: &events)
      if input == .skip || input == .next {
        record(.done, at: time, into: &events)
        finishList(at: time, into: &events)
      }
      return
    }
    let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
    if text.isEmpty {
      addCommitment(action, due: due, said: said, at: time, into: &events)
    } else if DueDate.isDate(text) {
      addCommitment(action, due: text, said: said, at: time, into: &events)
    } else if readsDueWords, let new = DueWords.date(alone: text, today: time) {
      // "next friday" alone: the new date in words.
      addCommitment(action, due: new, said: said, at: time, into: &events)
    } else {
      let parsed = CommitmentText(text, today: readsDueWords ? time : nil)
      addCommitment(
        parsed.action, due: parsed.due, said: readsDueWords ? text : nil, at: time,
        into: &events)
    }
  }

  mutating func finishList(at time: Date, into events: inout [TranscriptEvent]) {
    // A list stage asks each of its questions in turn before moving on.
    if position.question + 1 < stage.questions.count {
      position.question += 1
      ask(at: time, into: &events)
    } else {
      if stage.kind == .commitments { sayCommitmentsBack(at: time, into: &events) }
      enterStage(position.stage + 1, at: time, into: &events)
    }
  }

  /// After the commitments: each said back in the person's words, with its date, and that
  /// the next session asks about them (it reviews the newest ``OpenCommitments/limit``).
  mutating func sayCommitmentsBack(at time: Date, into events: inout [TranscriptEvent]) {
    guard settings.coaching, recapsCommitments else { return }
    let made = committed.filter { $0.stage == stage.id }
    guard !made.isEmpty else { return }
    let items = made.map { item in
      let text = item.text.trimmingCharacters(in: CharacterSet(charactersIn: ".!;:, "))
      return "“\(text)”" + (item.due.flatMap(DueDate.spoken).map { " — by \($0)" } ?? "")
    }
    let list =
      items.count == 1
      ? items[0]
      : items.dropLast().joined(separator: "; ") + "; and " + (items.last ?? "")
    let next =
      made.count > OpenCommitments.limit
      ? " Next time, I'll ask how the last \(Self.spelled(OpenCommitments.limit)) went."
      : made.count == 1
        ? " Next time, I'll ask how it went." : " Next time, I'll ask how each one went."
    say(.closing, "So you're committing to " + list + "." + next, at: time, into: &events)
  }

  /// A lesson or commitment just kept at a list: what "take that out" takes back.
  struct Item: Sendable, Equatable {
    var stage: String
    var number: Int
    var text: String
  }

  /// Whether a list line takes back the line before it ("that's not a lesson, take that
  /// out", "scratch that", "don't keep that").
  static func takesBack(_ text: String) -> Bool {
    let lower = ReplyClassifier.normalised(text)
    guard Words.split(lower).count <= 14 else { return false }
    return takeBackPatterns.contains {
      lower.range(of: $0, options: .regularExpression) != nil
    }
  }

  static let takeBackPatterns = [
    #"^\W*((no|oh|sorry|oops|wait|hang on|actually)\W+)*(that'?s|thats|that is|that was|it'?s|its) not (a |really a |meant to be a |one of my |an actual )?(lesson|commitment)s?\b"#,
    #"\b(take|cross|strike|scratch|rub) (that|it|this)( one| last one| line| bit)? (out|off)\b"#,
    #"^\W*((no|oh|sorry|oops|wait|actually)\W+)*(scratch|ignore|forget|delete|remove|undo|strike|bin) (that|this|it|the last one|my last one|that last one|that one)\W*$"#,
    #"\bdon'?t (keep|save|count|put down|write down) (that|it|this)( one| last one)?\b"#,
  ]

  /// Takes back `item`, the line kept just before, and says so.
  ///
  /// A `withdraw` command names its number; with none, the coach says nothing was kept.
  /// The list goes on.
  mutating func takeBack(
    _ item: Item?, _ text: String, _ current: Prompt, at time: Date,
    into events: inout [TranscriptEvent]
  ) {
    events.append(
      .answer(
        Answer(
          stage: stage.id, question: current.question.id, text: text,
          heard: ReplyReading(kind: .correction), time: time)))
    guard let item, item.stage == stage.id else {
      say(
        .acknowledgement, ["That's fine; I haven't kept anything from that line."],
        repeatable: true, at: time, into: &events)
      return
    }
    withdraw(item, at: time, into: &events)
    let quoted = Self.quoted(item.text)
    let options = [
      "Done; I've taken out “\(quoted)”.", "Of course; “\(quoted)” is out.",
    ].filter { LineLint.problem(in: $0) == nil }
    say(
      .acknowledgement, options.isEmpty ? ["Done; I've taken that out."] : options,
      repeatable: true, at: time, into: &events)
  }

  /// A `withdraw` command for `item`, and it out of what the session holds.
  mutating func withdraw(_ item: Item, at time: Date, into events: inout [TranscriptEvent]) {
    events.append(
      .command(
        Command(
          name: .withdraw, stage: stage.id,
          text: stage.kind == .commitments ? "commitment" : "lesson",
          number: item.number, time: time)))
    committed.removeAll { $0.stage == item.stage && $0.number == item.number }
  }

  /// An item's words as the coach quotes them.
  static func quoted(_ text: String) -> String {
    text.trimmingCharacters(in: CharacterSet(charactersIn: ".!?\"“” "))
  }

  mutating func nextItem() -> Int {
    let number = (itemNumbers[stage.id] ?? 0) + 1
    itemNumbers[stage.id] = number
    return number
  }

  // MARK: - Proposed lessons

  mutating func askProposal(
    _ texts: [String], _ index: Int, at time: Date, into events: inout [TranscriptEvent]
  ) {
    guard index < texts.count else {
      ask(at: time, into: &events)
      return
    }
    step = .proposal(texts, index)
    say(.proposal, "Possible lesson: \(texts[index])", at: time, into: &events)
  }

  /// A reply to "Possible lesson: …": keep, drop, or the lesson as edited; a line aimed at
  /// the coach ("that's not a lesson", "nah, that's a moan") drops it, is kept as an answer
  /// read as a complaint (so a rerun drops it again), and the coach says so.
  mutating func respondToProposal(
    _ input: PersonInput, _ texts: [String], _ index: Int, heard reading: ReplyReading? = nil,
    at time: Date, into events: inout [TranscriptEvent]
  ) {
    var kept: String?
    switch input {
    case .keep: kept = texts[index]
    case .text(let raw):
      let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
      if !text.isEmpty, let kind = reading?.kind ?? notALesson(text), kind != .answer {
        events.append(
          .answer(
            Answer(
              stage: stage.id, question: stage.questions[position.question].id, text: text,
              heard: ReplyReading(kind: kind), time: time)))
        if let line = lines.first(
          of: replies?.rules.lines("proposal-dropped") ?? [], repeatable: true)
        {
          events.append(coachLine(.acknowledgement, line, at: time))
        }
        askProposal(texts, index + 1, at: time, into: &events)
        return
      }
      if text.isEmpty { record(.drop, text: texts[index], at: time, into: &events) }
      kept = text.isEmpty ? nil : text
    case .drop: record(.drop, text: texts[index], at: time, into: &events)
    case .skip, .next:
      record(.done, at: time, into: &events)
      askProposal(texts, texts.count, at: time, into: &events)
      return
    default: return
    }
    if let kept {
      let lesson = Lesson(
        stage: stage.id, number: nextItem(), text: kept, origin: .proposed, time: time)
      events.append(.lesson(lesson))
      lastItem = Item(stage: stage.id, number: lesson.number, text: kept)
    }
    askProposal(texts, index + 1, at: time, into: &events)
  }

  /// How a reply to a proposed lesson is read when it is not the lesson edited: `.complaint`
  /// for a line that says it is no lesson ("that's not a lesson", "no that's a moan",
  /// "that's just a fact", the reply rules' `not_a_lesson`) or that the reply rules read as
  /// a complaint; `.correction` for a bare "nah" or "not really"; `nil` for an edit.
  func notALesson(_ text: String) -> ReplyReading.Kind? {
    guard settings.coaching, let rules = replies?.rules else { return nil }
    let lower = ReplyClassifier.normalised(text)
    let count = Words.split(lower).count
    // "not that, the real lesson is…" is an edit.
    guard count <= Self.aimedMaxWords,
      lower.range(
        of: #"\b(lesson|takeaway|point) (is|was|would be|should be)\b"#, options: .regularExpression
      )
        == nil
    else { return nil }
    if rules.notALesson.contains(where: { $0.matches(lower) }) { return .complaint }
    let kind = ReplyClassifier(rules: rules).rulesKind(of: text, afterCoach: true)
    if kind == .complaint, count <= 12 { return .complaint }
    if kind == .correction, count <= 2 { return .correction }
    return nil
  }

  // MARK: - Earlier commitments

  mutating func askReview(_ index: Int, at time: Date, into events: inout [TranscriptEvent]) {
    let open = settings.openCommitments
    guard index < open.count else {
      // Since listener revision 4, someone back for a second session is told they need
      // not go through every question again.
      if listener >= 4, index > 0,
        pack.stages.dropFirst().contains(where: { $0.kind == .lessons }),
        pack.stages.first?.kind == .questions
      {
        say(
          .notice,
          "We'll go through the questions again; if you'd rather go straight to your lessons"
            + " this time, type /lessons or just say so.", at: time, into: &events)
      }
      enterStage(0, at: time, into: &events)
      return
    }
    step = .review(index)
    // Since listener revision 4 the date in words, as the commitment was said back.
    let due =
      open[index].due.map { " (by \(listener >= 4 ? DueDate.spoken($0) ?? $0 : $0))" } ?? ""
    // "…Not pushing her.. What became of it?": one full stop (listener revision 4).
    let text =
      listener >= 4
      ? open[index].text.trimmingCharacters(in: CharacterSet(charactersIn: ". ")) : open[index].text
    say(
      .review,
      [
        "You committed to: \(text)\(due). What became of it?",
        "And: \(text)\(due). How did that go?",
        "Next: \(text)\(due). What happened with it?",
      ], repeatable: true, at: time, into: &events)
  }

  mutating func respondToReview(
    _ input: PersonInput, _ index: Int, at time: Date, into events: inout [TranscriptEvent]
  ) {
    let commitment = settings.openCommitments[index]
    switch input {
    case .skip, .next:
      record(.skip, text: commitment.text, at: time, into: &events)
      askReview(index + 1, at: time, into: &events)
    case .keep, .drop:
      nothingToKeep(input, at: time, into: &events)
    case .text(let raw):
      let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
      guard !text.isEmpty else { return }
      let outcome = rules.review.outcome(of: text, listening: rules.listening)
      if let status = outcome.closingStatus {
        events.append(
          .review(
            Review(
              session: commitment.session, number: commitment.number, text: commitment.text,
              status: status, outcome: Self.outcomeText(text), reply: text, time: time)))
        // What was done is affirmed; thanks in the reply are heard.
        if outcome == .done {
          let thanked =
            text.range(of: Self.thankedPattern, options: [.regularExpression, .caseInsensitive])
            != nil
          // Since listener revision 3, a hard feeling or tears in the reply are heard.
          let felt =
            listener >= 3
            ? replies?.read(text, question: nil, afterCoach: false) : nil
          var options = thanked ? rules.review.thanked : []
          if let felt, felt.feeling != .none, felt.mild != true {
            if felt.moved == true {
              options = rules.review.doneMoved
            } else if felt.hard == true {
              options = rules.review.doneHard
            }
          }
          let line =
            lines.next(
              options.isEmpty ? rules.review.replies[.done] ?? [] : options,
              key: options.isEmpty
                ? "review-done"
                : options == rules.review.thanked ? "review-thanked" : "review-felt",
              seed: settings.seed)
            ?? lines.next(
              rules.review.replies[.done] ?? [], key: "review-done", seed: settings.seed)
          events.append(
            coachLine(.review, line ?? "Done: “\(commitment.text)”. Good.", at: time))
        } else {
          // A closed commitment always gets a reply, however many came before it.
          let line = lines.next(
            rules.review.replies[outcome] ?? [], key: "review-\(outcome.rawValue)",
            seed: settings.seed)
          let plain =
            outcome == .dropped
            ? "Dropped: “\(commitment.text)”. That is a decision too."
            : "Changed: “\(commitment.text)”. Noted."
          events.append(coachLine(.review, line ?? plain, at: time))
        }
      } else {
        events.append(
          .command(
            Command(
              name: .progress, stage: stage.id, text: text, session: commitment.session,
              number: commitment.number, status: outcome.rawValue, time: time)))
        // Not done, and no reason given: asked once what got in the way.
        if outcome == .partly || outcome == .notYet, Self.givesNoReason(text),
          let question = lines.next(
            rules.review.obstacle, key: "review-obstacle", seed: settings.seed)
        {
          events.append(coachLine(.review, question, at: time))
          step = .obstacle(index)
          return
        }
        if let line = lines.next(
          rules.review.replies[outcome] ?? [], key: "review-\(outcome.rawValue)",
          seed: settings.seed)
        {
          events.append(coachLine(.review, line, at: time))
        }
      }
      askReview(index + 1, at: time, into: &events)
    default:
      break
    }
  }

  /// The answer to "What got in the way?": kept as an answer (`review-obstacle`), heard
  /// with a short line; Enter, `/skip` or `/next` go on without it.
  mutating func respondToObstacle(
    _ input: PersonInput, _ index: Int, at time: Date, into events: inout [TranscriptEvent]
  ) {
    if case .text(let raw) = input,
      case let text = raw.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty
    {
      events.append(
        .answer(Answer(stage: stage.id, question: "review-obstacle", text: text, time: time)))
      if let line = lines.next(
        rules.review.obstacleHeard, key: "review-obstacle-heard", seed: settings.seed)
      {
        events.append(coachLine(.review, line, at: time))
      }
    } else {
      record(.skip, text: settings.openCommitments[index].text, at: time, into: &events)
    }
    askReview(index + 1, at: time, into: &events)
  }

  /// Someone thanked them, or was pleased, in a reply about a commitment done.
  static let thankedPattern = #"\b(thank(ed|s)?|grateful|pleased|delighted|loved it|chuffed)\b"#

  /// A short reply that says nothing of why ("Not yet.", "Half done").
  static func givesNoReason(_ reply: String) -> Bool {
    let words = Words.split(reply)
    let reasons: Set<String> = [
      "because", "as", "since", "cancelled", "waiting", "awaiting", "with", "until", "after",
      "when", "but", "keep", "kept", "no", "time", "busy", "still",
    ]
    return words.count <= 6 && !words.dropFirst().contains(where: reasons.contains)
  }

  /// The reply without a leading status word ("Done: we met" → "we met").
  static func outcomeText(_ reply: String) -> String {
    let words = reply.split(separator: " ", maxSplits: 1)
    guard let first = words.first,
      ["done", "changed", "dropped", "partly"].contains(
        first.lowercased().trimmingCharacters(in: .punctuationCharacters))
    else { return reply }
    return words.count > 1
      ? String(words[1]).trimmingCharacters(in: CharacterSet(charactersIn: " :,-")) : ""
  }

  // MARK: - Summaries

  /// The summariser of this session: the sentence model unless the session was summarised
  /// without one, the old picking for a session held before (``legacySummary``).
  var summariser: Summariser {
    var summariser = Summariser(reflector: rules.reflector)
    summariser.legacy = legacySummary
    summariser.revision = summaryRevision
    summariser.embedder = summaryWordsOnly ? nil : embedder
    for question in pack.stages.flatMap(\.questions)
    where summariser.questions[question.id] == nil {
      summariser.questions[question.id] = question.text
    }
    return summariser
  }

  /// Whether `text` (an answer, or one sentence of it) is left out of a summary: vague or
  /// meta; and, since summaries answer the questions, not an answer by the reply rules
  /// ("Why does that matter.", "dunno"), or naming what the person would not talk about.
  ///
  /// The reply rules alone read each sentence (never the model), so a rerun reads it alike.
  func leftOutOfSummary() -> (String) -> Bool {
    let rulesOnly = legacySummary ? nil : replies.map { ReplyClassifier(rules: $0.rules) }
    return { [self] text in
      if summaryLeftOut.contains(text) { return true }
      if isVague(text) || Hearing(text, listening: rules.listening).says(any: rules.listening.meta)
      {
        return true
      }
      guard !legacySummary else { return false }
      if let rulesOnly, rulesOnly.read(text, question: nil, afterCoach: false).kind != .answer {
        return true
      }
      return raisesRefused(text)
    }
  }

  /// One line per stage of what was heard.
  func summaryLines() -> [String] {
    summariser.lines(stages: pack.stages, heard: heardForSummary, skip: leftOutOfSummary())
  }

  /// Names the summariser on the first summary line from `start` on (for `replay --rerun`).
  func markSummariser(in events: inout [TranscriptEvent], from start: Int) {
    guard !legacySummary else { return }
    for index in events.indices.dropFirst(start) {
      guard case .coach(var message) = events[index], message.kind == .summary else { continue }
      message.summariser = summariser.identity
      events[index] = .coach(message)
      return
    }
  }

  /// Says the summary and asks whether it is right; `false` when there is nothing to say.
  mutating func summarise(
    at time: Date, into events: inout [TranscriptEvent], then: AfterSummary
  ) -> Bool {
    let summary = summaryLines()
    guard !summary.isEmpty else { return false }
    let first = events.count
    defer { markSummariser(in: &events, from: first) }
    say(
      .summary,
      [
        "Let me check I have this right.", "Here is what I have heard so far.",
        "So, in short, this is what I have.", "Here is how it sounds to me now.",
      ], repeatable: true, at: time, into: &events)
    for line in summary { say(.summary, line, at: time, into: &events) }
    say(
      .summary,
      [
        "Did I get that right? Press Enter if so, or tell me what I missed.",
        "Is that right? Press Enter if it is, or add what is missing.",
        "Does that sound right? Enter if so, or say what I have wrong.",
      ], repeatable: true, at: time, into: &events)
    step = .confirmSummary(then: then)
    return true
  }

  mutating func respondToSummaryCheck(
    _ input: PersonInput, _ then: AfterSummary, at time: Date,
    into events: inout [TranscriptEvent]
  ) {
    switch input {
    case .text(let raw):
      let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
      if text.isEmpty || (!legacySummary && summaryRevision >= 3 && Self.agrees(text)) {
        // "pretty much" says yes; the words are kept on the record.
        record(.confirmed, text: text.isEmpty ? nil : text, at: time, into: &events)
      } else if !legacySummary {
        guard checkSummary(text, at: time, into: &events) else { return }
      } else {
        events.append(
          .answer(Answer(stage: stage.id, question: "summary-check", text: text, time: time)))
        heard.append(Summariser.Said(stage: stage.id, question: "summary-check", text: text))
        say(
          .acknowledgement,
          [
            "Thank you; I have added that.", "Thanks, that is noted.", "Got it; I'll keep that in.",
          ],
          repeatable: true, at: time, into: &events)
      }
    case .skip, .next:
      record(.confirmed, at: time, into: &events)
    case .keep, .drop:
      nothingToKeep(input, at: time, into: &events)
      return
    default:
      return
    }
    switch then {
    case .listStage:
      step = .item
      if summaryRevision >= 3, !legacySummary { sayIntro(at: time, into: &events) }
      startListStage(at: time, into: &events)
    case .current(let previous):
      step = previous
      guard let prompt else { return }
      let text: String
      switch prompt.kind {
      case .proposal(let lesson): text = "Possible lesson: " + lesson
      case .review(let item): text = "You committed to: " + item.text + ". What became of it?"
      default: text = Template.fill(prompt.question.text, [], named: ["example date": exampleDate])
      }
      say(
        .question, question: prompt.question.id,
        ["Back to where we were: ", "Where we were: ", "Picking up where we were: "].map {
          $0 + text
        }, repeatable: true, at: time, into: &events)
    }
  }
}

extension Conversation {
  /// A reply to "Did I get that right?" other than Enter; `false` when the check is to be
  /// asked again (a question about it).
  ///
  /// Read by the reply rules (recorded on its answer): a correction ("no — skipping wasn't
  /// an option", "that's not what I meant, it was the board…") replaces the summary
  /// sentence it corrects (the nearest by meaning, or by words without a model) in what the
  /// coach holds, so the summary and the lessons found later go by it, and the coach says
  /// what it changed; anything else said is added, as before; a reply that is not an answer
  /// changes nothing.
  /// Whether a reply to "Did I get that right?" only says yes ("pretty much", "spot on").
  static func agrees(_ text: String) -> Bool {
    let words = Words.split(ReplyClassifier.normalised(text)).joined(separator: " ")
    return agreements.contains(words)
  }

  static let agreements: Set<String> = [
    "yes", "yeah", "yep", "yup", "yes thanks", "yes thank you", "pretty much", "yes pretty much",
    "yeah pretty much", "more or less", "near enough", "close enough", "spot on", "that's right",
    "thats right", "that's it", "thats it", "about right", "looks right", "sounds right",
    "right", "correct", "all good", "fine", "ok", "okay", "mostly yes", "yes mostly", "good",
    "bang on", "you got it", "that's fair", "thats fair",
  ]

  mutating func checkSummary(
    _ text: String, at time: Date, into events: inout [TranscriptEvent]
  ) -> Bool {
    let reading = replies.map {
      ReplyClassifier(rules: $0.rules).read(text, question: nil, afterCoach: true)
    }
    events.append(
      .answer(
        Answer(stage: stage.id, question: "summary-check", text: text, heard: reading, time: time)
      ))
    if summaryRevision >= 4, reading?.kind != .question,
      let handled = applyCheckCorrections(
        text, correcting: reading?.kind == .correction || Self.denies(text), at: time, into: &events
      )
    {
      return handled
    }
    switch reading?.kind ?? .answer {
    case .question:
      say(
        .notice,
        [
          "That is what I took from your answers. If any of it is wrong, say how; if it is"
            + " right, press Enter."
        ], repeatable: true, at: time, into: &events)
      return false
    case .nonAnswer, .skip, .complaint, .alreadySaid, .refusal:
      if let about = reading?.about { refused.append(about) }
      say(
        .acknowledgement, ["All right; I'll leave it as it is.", "All right; I'll leave that."],
        repeatable: true, at: time, into: &events)
      return true
    case .answer, .correction:
      break
    }
    let correcting = reading?.kind == .correction || Self.denies(text)
    var fact = correcting ? Self.withoutDenial(text) : text
    let summariser = summariser
    if summaryRevision >= 3 {
      if let line = correctNamedStage(fact, correcting: correcting) {
        let clean = LineLint.problem(in: line) == nil ? line : "Thanks — I've changed that."
        events.append(coachLine(.acknowledgement, clean, at: time))
        return true
      }
      // What is aimed at the coach ("i told you that") is never taken as what was meant.
      // Since revision 8 an exclamation on its own ("god.", "ugh.") is no part of it.
      let own = Summariser.wholeSentences(fact).map(Summariser.beforeTalkToCoach)
        .filter { !Words.split($0).isEmpty }
        .filter { summaryRevision < 8 || !Self.isExclamation($0) }
      if correcting, !own.isEmpty {
        fact = own.map(Summariser.closed).joined(separator: " ")
      }
    }
    if correcting, Words.split(fact).count > 0,
      let target = summariser.corrected(
        by: fact, stages: pack.stages, heard: heard, skip: leftOutOfSummary()),
      let range = heard[target.said].text.range(of: target.sentence)
    {
      let replacement = Summariser.capitalised(Summariser.closed(fact))
      heard[target.said].text.replaceSubrange(range, with: replacement)
      let names = heard.reduce(into: Set<String>()) {
        $0.formUnion(Reflector.names(in: $1.text))
      }
      let quoted = fact.trimmingCharacters(in: CharacterSet(charactersIn: ".!?\"“”,;: "))
      let options: [String]
      // One sentence of fact is given back in the coach's words; more, or one that talks
      // to the coach ("I told you that"), is quoted as typed.
      let talksToCoach = Words.position(of: "told you", in: Words.split(quoted)) != nil
      if Words.sentences(quoted).count == 1, !talksToCoach,
        let mine = rules.reflector.reflect(
          quoted, limit: summariser.maxWords, names: names, wholeSentence: true)
      {
        options = [
          "Thanks — I've changed that to: \(mine).",
          "Thank you; I had that wrong. It now reads: \(mine).",
        ]
      } else {
        options = ["Thanks — I've changed that to your words: “\(Summariser.closed(quoted))”"]
      }
      if let line = lines.first(of: options, repeatable: true), LineLint.problem(in: line) == nil {
        events.append(coachLine(.acknowledgement, line, at: time))
      } else {
        say(.acknowledgement, ["Thanks — I've changed that."], at: time, into: &events)
      }
      return true
    }
    heard.append(Summariser.Said(stage: stage.id, question: "summary-check", text: fact))
    if let reading, let line = feelingLine(reading) {
      events.append(coachLine(.acknowledgement, line, at: time))
    }
    // What was added is said back (its opening clauses, in the person's words), so they
    // can see it was taken in.
    let missed = Self.missedPart(fact)
    // Since revision 7 a reply is quoted back only when it reads as a statement of the
    // work: not "near enough. Bolton Road might be, that's all", nor one that talks to
    // the coach ("You've left Winston out…").
    // Since revision 8 never a reply that denies ("no, that's not a value…"): what it
    // added is not the person's point.
    let quotable =
      (summaryRevision < 8 || !correcting)
      && (summaryRevision < 7
        || (!Summariser.addressesTheCoach(missed)
          && !Words.split(missed).contains(where: {
            ["you", "you've", "youve", "your"].contains($0)
          })
          && missed.range(
            of:
              #"^\W*(near enough|more or less|mostly|pretty much|sort of|kind of|roughly|almost|nearly)\b|that'?s all\W*$"#,
            options: [.regularExpression, .caseInsensitive]) == nil))
    if quotable, let (part, _) = summariser.givenBack(missed),
      let line = lines.first(
        of: [
          "Thank you; I have added “\(Summariser.closed(part))”",
          "Thanks, I have that now: “\(Summariser.closed(part))”",
        ], repeatable: true),
      LineLint.problem(in: line) == nil
    {
      events.append(coachLine(.acknowledgement, line, at: time))
    } else {
      say(
        .acknowledgement,
        ["Thank you; I have added that.", "Thanks, that is noted.", "Got it; I'll keep that in."],
        repeatable: true, at: time, into: &events)
    }
    return true
  }

  /// Whether `sentence` is only an exclamation ("god.", "ugh!", "for god's sake").
  static func isExclamation(_ sentence: String) -> Bool {
    let words = Words.split(ReplyClassifier.normalised(sentence)).joined(separator: " ")
    return [
      "god", "oh god", "my god", "ugh", "urgh", "jeez", "ffs", "for god's sake", "honestly",
      "sigh", "god honestly", "christ", "blimey", "argh", "lol", "ha", "haha",
    ].contains(words)
  }

  /// A correction at the check that names a stage, or a repeat, applied (revision 3).
  ///
  /// Since summariser revision 3, a reply to "Did I get that right?" that names a stage
  /// ("purpose was keeping the parser alive", "the values bit should say…", "trust: …")
  /// makes that stage's line the person's words for it, and one that says a line repeats
  /// something ("you wrote weekend contributors twice") takes the repeat out; the coach's
  /// line saying so, or `nil` when the reply does neither (then it is read as before).
  /// The named stage's sentence nearest the correction is replaced in what the coach holds,
  /// so the lessons found later go by it too.
  mutating func correctNamedStage(_ fact: String, correcting: Bool) -> String? {
    let summariser = summariser
    let skip = leftOutOfSummary()
    let stages = pack.stages.filter { $0.kind == .questions }
    var repeated: String?
    var named: String?
    if let phrase = Self.repeatComplaint(in: fact) {
      let wanted = Words.split(phrase)
      for stage in stages {
        let chosen = summariser.best(in: stage, heard: heard, skip: skip)
        let holding = chosen.filter { Words.position(of: phrase, in: Words.split($0.text)) != nil }
        guard !wanted.isEmpty, holding.count >= 2, let last = holding.last,
          chosen.count > 1
        else { continue }
        summaryLeftOut.append(last.text)
        repeated = phrase
        break
      }
    }
    if let (stage, words) = Self.namedStage(in: fact, stages: stages, correcting: correcting) {
      let line = Summariser.capitalised(Summariser.closed(words))
      let chosen = summariser.best(in: stage, heard: heard, skip: skip)
      let target =
        summariser.corrected(by: words, stages: [stage], heard: heard, skip: skip)
        ?? chosen.first
      if let target, let range = heard[target.said].text.range(of: target.sentence) {
        heard[target.said].text.replaceSubrange(range, with: line)
      }
      heard.append(
        Summariser.Said(
          stage: stage.id, question: "summary-check", text: line, kind: .correction,
          wholeLine: true))
      named = "\(stage.title) now reads: “\(line)”"
    }
    switch (named, repeated) {
    case (let named?, let repeated?):
      return "Thanks — \(named) I've also taken out the repeated “\(repeated)”."
    case (let named?, nil): return "Thanks — \(named)"
    case (nil, let repeated?): return "Thanks — I've taken out the repeated “\(repeated)”."
    case (nil, nil): return nil
    }
  }

  /// A stage named at the start of a correction and the person's words for it, up to where
  /// they talk to the coach: "<stage>: …", "the <stage> bit should say …", "the <stage>
  /// bit is wrong, …", "<stage> was wrong, …", "(mostly yes, though) on <stage> …" or "for
  /// <stage> …" when what follows says what it should be (after a pause, or with a verb),
  /// and when the reply corrects (`correcting`) "<stage> was …".
  static func namedStage(
    in fact: String, stages: [Stage], correcting: Bool
  ) -> (Stage, String)? {
    let text = fact.replacingOccurrences(of: "’", with: "'")
    for stage in stages {
      let names = Set([stage.title.lowercased(), stage.id.replacingOccurrences(of: "-", with: " ")])
      for name in names {
        let escaped = NSRegularExpression.escapedPattern(for: name)
        let verbs =
          Self.saysWrong + "|\\s*[:—–]|\\s+-|\\s+(should|ought to|needs to) (say|read|be)|"
          + (correcting ? "\\s+(was|were|is|are)" : "\\s+should")
        let pattern =
          "^\\W*(the )?\(escaped)( bit| part| line| one| section| stage)?(\(verbs))\\s+"
        // "mostly yes. though on values the thing i landed on was…": what it should be, said
        // after the stage's name with a pause or a verb.
        let about =
          "^\\W*((\(Self.onOpeners))\\W+)*(on|for|about|re) (the )?\(escaped)"
          + "( bit| part| line| one| section| stage)?(\\s*[,:;—–]|\\s+-)?\\s+"
        var found = text.range(of: pattern, options: [.regularExpression, .caseInsensitive])
        if found == nil,
          let range = text.range(of: about, options: [.regularExpression, .caseInsensitive])
        {
          let paused = text[range].range(of: #"[,:;—–-]\s*$"#, options: .regularExpression) != nil
          let says = Summariser.wholeSentences(String(text[range.upperBound...])).first ?? ""
          let verb =
            says.range(
              of: #"\b(was|is|were|are|should|'s|it's|its)\b"#,
              options: [.regularExpression, .caseInsensitive]) != nil
          if paused || verb { found = range }
        }
        guard let range = found else { continue }
        let rest = String(text[range.upperBound...])
        let words = Summariser.beforeTalkToCoach(Summariser.wholeSentences(rest).first ?? rest)
        guard !Words.split(words).isEmpty, !Summariser.addressesTheCoach(words) else { continue }
        return (stage, words)
      }
    }
    return nil
  }

  /// "<stage> is wrong, …", "the <stage> bit was off: …": the words after it are the line.
  static let saysWrong =
    #"\s+(is|was|are|were|'s|s)( all| a bit| slightly| also| just| totally| completely)?"#
    + #" (wrong|off|incorrect|not right|not quite right|not it|not accurate|not true|not correct)"#
    + #"( too| as well| though)?\s*([,:;.—–]|\s-)"#

  /// Openings before "on <stage> …" at the summary check ("mostly yes, though on values…").
  static let onOpeners =
    "mostly|mainly|largely|nearly|almost|yes|yeah|yep|ok|okay|fine|good|right|though|but|although"
    + "|and|also|except|just|only|one thing|oh|well|sort of|kind of|pretty much"

  /// What a reply says the summary repeated ("you wrote weekend contributors twice" →
  /// "weekend contributors"), or `nil`.
  static func repeatComplaint(in fact: String) -> String? {
    let text = fact.lowercased().replacingOccurrences(of: "’", with: "'")
    let patterns = [
      #"\byou (?:wrote|said|put|have|had|listed|mentioned|gave|used|got)(?: me)? (?:the )?([a-z' -]{2,60}?) (?:twice|two times|again)\b"#,
      #"\byou repeated (?:the )?([a-z' -]{2,60}?)(?:[.,;!?]|$)"#,
    ]
    for pattern in patterns {
      guard let regex = try? NSRegularExpression(pattern: pattern),
        let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
        let range = Range(match.range(at: 1), in: text)
      else { continue }
      let phrase = String(text[range]).trimmingCharacters(in: .whitespaces)
      if !Words.split(phrase).isEmpty { return phrase }
    }
    return nil
  }

  /// Openings of a reply to "Did I get that right?" that say something was missed, not
  /// what: "mostly, but you missed that access was the main value" adds "access was the
  /// main value".
  static let missedOpeners = [
    "mostly", "nearly", "almost", "yes", "yeah", "yep", "partly", "sort of", "kind of", "but",
    "though", "although", "except", "you missed out", "you missed", "you forgot", "you left out",
    "you didn't mention", "you did not mention", "you didnt mention", "what's missing is",
    "what is missing is", "missing", "also", "and", "one thing", "that",
  ]

  /// `text` without its ``missedOpeners`` (as many as open it).
  static func missedPart(_ text: String) -> String {
    var rest = Substring(text)
    while true {
      rest = rest.drop { " ,;:.-—–".contains($0) }
      let lower = rest.lowercased()
      guard
        let opener = missedOpeners.first(where: { opener in
          lower.hasPrefix(opener)
            && (lower.count == opener.count
              || !lower[lower.index(lower.startIndex, offsetBy: opener.count)].isLetter)
        })
      else { break }
      rest = rest.dropFirst(opener.count)
    }
    let result = String(rest)
    return Words.split(result).count >= 3 ? result : text
  }
}

/// Due dates as `yyyy-mm-dd` in UTC.
enum DueDate {
  /// `date` as `yyyy-mm-dd` (UTC).
  static func format(_ date: Date) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    let parts = calendar.dateComponents([.year, .month, .day], from: date)
    return String(
      format: "%04d-%02d-%02d", parts.year ?? 1970, parts.month ?? 1, parts.day ?? 1)
  }

  /// `due` (`yyyy-mm-dd`) as a coach says it: "4 January 2027".
  static func spoken(_ due: String) -> String? {
    let parts = due.split(separator: "-").compactMap { Int($0) }
    guard DueDate.isDate(due), parts.count == 3 else { return nil }
    let months = [
      "January", "February", "March", "April", "May", "June", "July", "August", "September",
      "October", "November", "December",
    ]
    return "\(parts[2]) \(months[parts[1] - 1]) \(parts[0])"
  }

  /// Whether `text` is a date such as `2026-01-31`.
  static func isDate(_ text: String) -> Bool { CommitmentText.isDate(Substring(text)) }
}
