import Foundation

/// Replies that are not answers: the coach reads each reply first (``ReplyClassifier``) and
/// answers a question to it, a complaint, a correction or a refusal as a person would.
extension Conversation {
  /// How the coach reads `input` at the current prompt: `nil` when it is not an answer to a
  /// question, or the session has no coaching or no reply rules.
  public func reading(of input: PersonInput) -> ReplyReading? {
    guard case .text(let raw) = input, settings.coaching, let replies, step == .answer,
      let current = prompt, current.question.scale == nil
    else { return nil }
    let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !text.isEmpty else { return nil }
    let question = followUps > 0 ? (lastFollowUp ?? current.question.text) : current.question.text
    return replies.read(
      text, question: question, afterCoach: followUps > 0 || reflectedLast || lastFelt != nil)
  }

  /// Acts on a reply read as something other than an answer; `false` when it is an answer
  /// (the coach listens to it as before).
  mutating func respondToReading(
    _ reading: ReplyReading, _ text: String, _ current: Prompt, at time: Date,
    into events: inout [TranscriptEvent]
  ) -> Bool {
    guard let rules = replies?.rules else { return false }
    switch reading.kind {
    case .answer:
      return false
    case .skip:
      advanceQuestion(at: time, into: &events)
    case .nonAnswer:
      // Probed once at a question; then on, without pressing.
      if !probed, followUps < settings.maxFollowUps,
        let line = lines.next(self.rules.probes, key: "probes", seed: settings.seed)
      {
        probed = true
        followUps += 1
        lastFollowUp = line
        events.append(coachLine(.followUp, line, at: time))
      } else {
        advanceQuestion(at: time, into: &events)
      }
    case .question:
      if let felt = lastFelt, Self.asksAbout(text, felt) {
        // "what was difficult?" to "That must have been difficult": the coach misread.
        lastFelt = nil
        if let line = lines.next(rules.lines("misread"), key: "misread", seed: settings.seed) {
          events.append(coachLine(.acknowledgement, line, at: time))
        }
        // At a follow-up, on to the next question; at a question not yet answered, it again.
        if followUps > 0 {
          advanceQuestion(at: time, into: &events)
        } else {
          ask(at: time, into: &events, again: rules.lines("question-again"), lowercased: true)
        }
      } else if let line = followUpWhy(rules) {
        // At a follow-up of the coach's own: answered, then on; never the follow-up again.
        events.append(coachLine(.notice, line, at: time))
        advanceQuestion(at: time, into: &events)
      } else {
        clarify(current, text, rules: rules, at: time, into: &events)
      }
    case .complaint:
      if let line = lines.next(rules.lines("complaint"), key: "complaint", seed: settings.seed) {
        events.append(coachLine(.acknowledgement, line, at: time))
      }
      advanceQuestion(at: time, into: &events)
    case .alreadySaid:
      repairAlreadySaid(text, at: time, into: &events)
      advanceQuestion(at: time, into: &events)
    case .correction:
      applyCorrection(text, question: current.question.id)
      if let line = lines.next(rules.lines("correction"), key: "correction", seed: settings.seed) {
        events.append(coachLine(.acknowledgement, line, at: time))
      }
      advanceQuestion(at: time, into: &events)
    case .refusal:
      refuse(reading.about, question: current.question, rules: rules, at: time, into: &events)
      advanceQuestion(at: time, into: &events)
    }
    return true
  }

  /// An answer with talk aimed at the coach beside it: a short line for that talk (none for
  /// a question they answered themselves), a feeling's line, then the next question: no
  /// follow-up presses someone who has just pushed back.
  mutating func respondToAside(
    _ aside: ReplyReading.Kind, _ reading: ReplyReading, _ text: String, _ current: Prompt,
    at time: Date, into events: inout [TranscriptEvent]
  ) {
    let answer = reading.answerPart ?? ""
    lastFelt = nil
    remember(answer)
    if let rules = replies?.rules {
      var line: String?
      switch aside {
      case .question where reading.checks == true:
        line = lines.next(rules.lines("aside-check"), key: "aside-check", seed: settings.seed)
      case .question where listener >= 4 && followUps > 0 && lastFollowUp != nil:
        line = followUpWhy(rules)
      case .question where !clarified.contains(current.question.id):
        // Answered once, briefly, from the question's notes; they answered it already.
        clarified.insert(current.question.id)
        let means = current.question.means.flatMap { note in
          rules.asksWhatItMeans(text)
            ? rules.lines("question-means").map { Template.fill($0, [], named: ["means": note]) }
            : nil
        }
        let why = current.question.why.map { note in
          rules.lines("question-why").map { Template.fill($0, [], named: ["why": note]) }
        }
        line = (means ?? why).flatMap {
          lines.next($0, key: "clarify", seed: settings.seed) { LineLint.problem(in: $0) == nil }
        }
      case .refusal:
        refusedQuestions.insert(current.question.id)
        if let about = reading.about {
          refused.append(about)
          memory.removeAll { Self.mentions($0.phrase, about) }
          let filled = rules.lines("aside-refusal").map {
            Template.fill($0, [], named: ["about": about])
          }
          line = lines.next(filled, key: "aside-refusal", seed: settings.seed) {
            LineLint.problem(in: $0) == nil
          }
        }
      case .complaint, .alreadySaid, .correction:
        let name = "aside-\(aside.rawValue)"
        line = lines.next(rules.lines(name), key: name, seed: settings.seed)
      default:
        line = nil
      }
      if let line { events.append(coachLine(.acknowledgement, line, at: time)) }
    }
    if reading.feeling != .none, let line = feelingLine(reading) {
      events.append(coachLine(.acknowledgement, line, at: time))
      lastFelt = line
    }
    advanceQuestion(at: time, into: &events)
  }

  /// Since listener revision 4, the coach's answer to a question put back at one of its
  /// own follow-ups ("why does that matter?" to "If it came to a hard choice, which one
  /// value would you hold on to?"): the rule's `why:` note, else that it was only a
  /// thought (`follow-up-why`); `nil` when the last line was a pack question.
  mutating func followUpWhy(_ rules: ReplyRules) -> String? {
    guard listener >= 4, followUps > 0, lastFollowUp != nil else { return nil }
    let options =
      lastFollowUpWhy.map { note in
        rules.lines("question-why").map { Template.fill($0, [], named: ["why": note]) }
      } ?? rules.lines("follow-up-why")
    return lines.next(options, key: "follow-up-why", seed: settings.seed) {
      LineLint.problem(in: $0) == nil
    }
  }

  /// Whether a short question asks about a word of the coach's `line` ("what was
  /// difficult?" to "That must have been difficult for them.").
  static func asksAbout(_ question: String, _ line: String) -> Bool {
    let asked = Set(TextSimilarity.terms(question))
    return Words.split(question).count <= 8
      && (!asked.isDisjoint(with: TextSimilarity.terms(line)) || !asked.isDisjoint(with: hardness))
  }

  /// Words that ask what was hard about something, whichever words the feeling's line used
  /// ("what was so hard?" to "That can't have been easy.").
  static let hardness = Set(
    ["hard", "difficult", "easy", "painful", "tough", "toll", "heavy", "upsetting"].map(
      TextSimilarity.stem))

  /// A question to the coach, answered; then the question once more.
  ///
  /// The answer is the question's own note on why it is asked, else what kind of answer
  /// helps. Asked twice at one question, the coach moves on.
  mutating func clarify(
    _ current: Prompt, _ text: String, rules: ReplyRules, at time: Date,
    into events: inout [TranscriptEvent]
  ) {
    guard !clarified.contains(current.question.id) else {
      advanceQuestion(at: time, into: &events)
      return
    }
    clarified.insert(current.question.id)
    let means = current.question.means.flatMap { note in
      rules.asksWhatItMeans(text)
        ? rules.lines("question-means").map { Template.fill($0, [], named: ["means": note]) }
        : nil
    }
    let why = current.question.why.map { note in
      rules.lines("question-why").map { Template.fill($0, [], named: ["why": note]) }
    }
    let options = means ?? why ?? rules.lines("question-example")
    if let line = lines.next(options, key: "clarify", seed: settings.seed) {
      events.append(coachLine(.notice, line, at: time))
    }
    ask(at: time, into: &events, again: rules.lines("question-again"), lowercased: true)
  }

  /// "I already said": a short apology that gives back what they had said, never the
  /// question again.
  mutating func repairAlreadySaid(
    _ text: String, at time: Date, into events: inout [TranscriptEvent]
  ) {
    // What they said now after the pointer ("Covered that. The handover."), else their
    // last answer in this stage.
    let sentences = Words.sentences(text)
    var said: String?
    let rest = sentences.dropFirst().joined(separator: " ")
    if sentences.count > 1, replies?.rulesKind(of: rest, afterCoach: false) == nil {
      said = rest
    } else if sentences.count == 1,
      let range = text.range(
        of:
          #"^.*?\b(said|told you|mentioned|covered|answered)( that| it| this| her| him| them)?( already| earlier| before| above| a moment ago| just now)?\s*[,:;—–-]+\s*"#,
        options: [.regularExpression, .caseInsensitive])
    {
      let rest = String(text[range.upperBound...])
      if !Words.split(rest).isEmpty { said = rest }
    }
    if said == nil {
      // The reply itself is not kept as said: of this stage's earlier answers, the sentence
      // of substance (not "ok.") nearest the question; on a tie the earliest, the answer to
      // the stage's opening question.
      // Since listener revision 4, from the stage the reply names ("you asked that already,
      // the values thing" at partners), if it names another.
      let words = Words.split(text.lowercased())
      let named =
        listener >= 4
        ? pack.stages.first { other in
          other.kind == .questions && other.id != stage.id
            && (words.contains(other.title.lowercased()) || words.contains(other.id))
        } : nil
      let from = named?.id ?? stage.id
      let question = lastFollowUp ?? prompt?.question.text ?? ""
      let candidates = heard.filter { $0.stage == from && !$0.superseded }
        .flatMap { Words.sentences($0.text) }
        .filter { (3...20).contains(Words.split($0).count) }
      said = candidates.indices.max {
        (TextSimilarity.similarity(question, candidates[$0]), -$0)
          < (TextSimilarity.similarity(question, candidates[$1]), -$1)
      }.map { candidates[$0] }
    }
    let line: String?
    if let said, !said.isEmpty {
      let quoted = said.trimmingCharacters(in: CharacterSet(charactersIn: ".!?\"“”,;: "))
      line = lines.next(
        self.rules.listening.repairs.map { Template.fill($0, [], named: ["said": quoted]) },
        key: "repairs", seed: settings.seed)
    } else {
      line = nil
    }
    if let line = line
      ?? lines.next(self.rules.listening.plainRepairs, key: "plain-repairs", seed: settings.seed)
    {
      events.append(coachLine(.acknowledgement, line, at: time))
    }
  }

  /// A correction replaces what the coach had taken from the earlier answer: the sentence
  /// its own last line was drawn from goes, the correction stays (summary and candidates).
  mutating func applyCorrection(_ text: String, question: String) {
    if let own = lastOwnLine,
      let index = heard.lastIndex(where: { $0.stage == stage.id && !$0.superseded })
    {
      let sentences = Words.sentences(heard[index].text)
      let scores = sentences.map { TextSimilarity.similarity(own, $0) }
      if let best = scores.indices.max(by: { scores[$0] < scores[$1] }), scores[best] > 0 {
        let kept = sentences.enumerated().filter { $0.offset != best }.map(\.element)
        if kept.isEmpty {
          heard.remove(at: index)
        } else {
          heard[index].text = kept.joined(separator: " ")
        }
      }
    }
    heard.append(
      Summariser.Said(
        stage: stage.id, question: question, text: Self.withoutDenial(text), kind: .correction))
  }

  /// Whether `text` opens by saying the coach had it wrong ("No —", "Not quite,", "That's
  /// not what I meant,").
  static func denies(_ text: String) -> Bool {
    guard withoutDenial(text) != text,
      let range = text.range(of: denial, options: [.regularExpression, .caseInsensitive])
    else { return false }
    let lead = Words.split(String(text[range]))
    return lead.contains {
      ["no", "nope", "nah", "not", "wrong", "incorrect", "isn't"].contains($0)
    }
      || lead.contains { $0.hasPrefix("that's") || $0 == "isnt" }
  }

  /// The opening of a correction that says the coach had it wrong.
  static let denial =
    #"^\W*((oh|ah|um|er|well|sorry|no|nope|nah|actually|incorrect|wrong|not quite|not really|not exactly|with respect|that'?s not (it|right|correct|quite right|true|what i said|what i meant)|that is not (quite )?(it|right|correct|true|what i meant)|that isn'?t (it|right|true|what i meant)|not what i meant)\b[\s,;:.!—–-]*)+"#

  /// A correction without its "No, that's not it —": the facts it gives.
  static func withoutDenial(_ text: String) -> String {
    guard let range = text.range(of: denial, options: [.regularExpression, .caseInsensitive]),
      range.upperBound < text.endIndex
    else { return text }
    let rest = text[range.upperBound...]
    return rest.prefix(1).uppercased() + rest.dropFirst()
  }

  /// A refusal: acknowledged, and what was refused is not raised again this session.
  mutating func refuse(
    _ about: String?, question: Question, rules: ReplyRules, at time: Date,
    into events: inout [TranscriptEvent]
  ) {
    refusedQuestions.insert(question.id)
    var line: String?
    if let about {
      refused.append(about)
      memory.removeAll { Self.mentions($0.phrase, about) }
      let filled = rules.lines("refusal").map { Template.fill($0, [], named: ["about": about]) }
      line = lines.next(filled, key: "refusal", seed: settings.seed) {
        LineLint.problem(in: $0) == nil
      }
    }
    if let line = line
      ?? lines.next(rules.lines("refusal-plain"), key: "refusal-plain", seed: settings.seed)
    {
      events.append(coachLine(.acknowledgement, line, at: time))
    }
  }

  /// Whether `text` names what `topic` names (its words of substance, all of them).
  static func mentions(_ text: String, _ topic: String) -> Bool {
    let terms = TextSimilarity.terms(topic)
    guard !terms.isEmpty else { return false }
    let said = TextSimilarity.terms(text)
    return terms.allSatisfy(said.contains)
  }

  /// Whether a line would raise something the person refused to talk about.
  func raisesRefused(_ line: String) -> Bool {
    refused.contains { Self.mentions(line, $0) }
  }

  /// The line for a feeling in an answer: whose it is, and whether hard or good.
  mutating func feelingLine(_ reading: ReplyReading) -> String? {
    guard let rules = replies?.rules, reading.feeling != .none else { return nil }
    // Someone else's feeling whose owner could not be told ("there was one woman, she must
    // have been eighty, who cried…"): a line to "them" would guess, so none.
    if listener >= 2, reading.feeling == .other, reading.ownerUnclear == true { return nil }
    // "a bit wary at first": said lightly, so not made much of.
    if reading.mild == true { return nil }
    let hard = reading.hard ?? true
    // "honestly i cried", "his mum cried": tears, of joy as often as grief.
    if reading.moved == true, reading.alsoOwn != true {
      let name = "feeling-\(reading.feeling.rawValue)-moved"
      if !rules.lines(name).isEmpty {
        return lines.next(rules.lines(name), key: name, seed: settings.seed)
      }
    }
    if reading.feeling == .other, reading.alsoOwn == true, hard {
      return lines.next(rules.lines("feeling-both-hard"), key: "feeling-both", seed: settings.seed)
    }
    // The person's own hard feeling gets the coach rules' acknowledgements, as before.
    if reading.feeling == .self, hard {
      return lines.next(self.rules.acknowledgements, key: "acknowledgements", seed: settings.seed)
    }
    let name = "feeling-\(reading.feeling.rawValue)-\(hard ? "hard" : "good")"
    return lines.next(rules.lines(name), key: name, seed: settings.seed)
  }
}
