import Foundation

/// Answers to questions: listening, follow-ups, scales and repairs.
extension Conversation {
  mutating func respondToAnswer(
    _ input: PersonInput, _ current: Prompt, heard reading: ReplyReading?, at time: Date,
    into events: inout [TranscriptEvent]
  ) {
    reflectedLast = false
    switch input {
    case .skip:
      events.append(.skip(Skip(stage: stage.id, question: current.question.id, time: time)))
      advanceQuestion(at: time, into: &events)
    case .next:
      record(.next, at: time, into: &events)
      advanceQuestion(at: time, into: &events)
    case .back:
      record(.back, at: time, into: &events)
      goBack(at: time, into: &events)
    case .keep, .drop:
      nothingToKeep(input, at: time, into: &events)
    case .text(let raw):
      let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
      guard !text.isEmpty else { return }
      events.append(
        .answer(
          Answer(
            stage: stage.id, question: current.question.id, text: text, heard: reading,
            time: time)))
      // "can we just skip to the lessons bit", "can we get to the end?": since listener
      // revision 3, as /lessons, said so (the line is kept as typed).
      if listener >= 3, settings.coaching, Words.split(text).count <= 24,
        text.range(
          of: listener >= 4 ? Self.toTheLessons + "|" + Self.toTheLessons4 : Self.toTheLessons,
          options: [.regularExpression, .caseInsensitive]) != nil,
        let index = pack.stages.firstIndex(where: { $0.kind == .lessons }),
        index > position.stage
      {
        say(
          .acknowledgement, ["Of course; let's go to your lessons. Everything so far is kept."],
          at: time, into: &events)
        enterStage(index, at: time, into: &events)
        return
      }
      if summaryRevision >= 4, let reading, reading.kind == .nonAnswer {
        // "dunno. looking after the canal i guess": said with a shrug, but it names
        // something; heard for the summary (revision 4), never for follow-ups.
        shrugs.append(
          (
            heard.count,
            Summariser.Said(
              stage: stage.id, question: current.question.id, text: text, kind: .nonAnswer)
          ))
      }
      if let reading, respondToReading(reading, text, current, at: time, into: &events) {
        return
      }
      hear(reading?.answerPart ?? text, question: current.question.id)
      if let reading, let aside = reading.aside, settings.coaching {
        respondToAside(aside, reading, text, current, at: time, into: &events)
        return
      }
      if let scale = current.question.scale {
        respondToRating(text, scale: scale, at: time, into: &events)
      } else if settings.coaching {
        listen(to: text, reading: reading, at: time, into: &events)
      } else {
        advanceQuestion(at: time, into: &events)
      }
    default:
      break
    }
  }

  /// A request to go on to the lessons or the end (listener revision 3).
  static let toTheLessons =
    #"\b(skip|jump|go|get|move|cut|head)( straight| right| on)?( ahead)? to (the )?"#
    + #"(lessons?( bit| part| stage)?|end|last bit|learning bit)\b"#
    + #"|\bcan (we|i) (just )?(finish|wrap (this |it )?up|stop the questions)\b"#

  /// Since listener revision 4 also "just the lessons please", "lessons only", "I said
  /// just the lessons" (the coach invites it after a review).
  static let toTheLessons4 =
    #"\b(just|only|straight to|right to) (the )?(lessons?|learning)( bit| part)?\b"#
    + #"|\blessons? (please|only|now)\b|\bskip (the rest|everything else|all th(is|at|ese))\b"#

  /// Keeps `text`; a first answer to a question marks earlier answers to it as replaced.
  mutating func hear(_ text: String, question: String) {
    if followUps == 0 {
      for index in heard.indices where heard[index].question == question {
        heard[index].superseded = true
      }
    }
    heard.append(Summariser.Said(stage: stage.id, question: question, text: text))
  }

  /// What the coach does with an answer: repair a missed point, acknowledge a hard feeling,
  /// then follow up or move on.
  mutating func listen(
    to text: String, reading: ReplyReading? = nil, at time: Date,
    into events: inout [TranscriptEvent]
  ) {
    let hearing = Hearing(text, listening: rules.listening)
    if replies == nil, let meta = hearing.firstSaid(of: rules.listening.meta) {
      repair(text, meta: meta, at: time, into: &events)
      advanceQuestion(at: time, into: &events)
      return
    }
    let remembered = memory.count
    lastFelt = nil
    remember(text)
    memory.removeAll { phrase in refused.contains { Self.mentions(phrase.phrase, $0) } }
    if let reading, reading.feeling != .none {
      // Read with the reply rules: a feeling gets a line that fits whose it is. When they
      // read none, the older marker words are not asked again ("before anyone is hurt by
      // it" is no one's feeling).
      if let line = feelingLine(reading) {
        events.append(coachLine(.acknowledgement, line, at: time))
        lastFelt = line
      }
    } else if reading == nil, hearing.says(any: rules.negativeMarkers),
      let line = lines.next(rules.acknowledgements, key: "acknowledgements", seed: settings.seed)
    {
      events.append(coachLine(.acknowledgement, line, at: time))
    }
    guard followUps < settings.maxFollowUps, !refusedQuestions.contains(prompt?.question.id ?? ""),
      let line = followUp(to: hearing)
    else {
      advanceQuestion(at: time, into: &events)
      return
    }
    events.append(coachLine(.followUp, line, at: time))
    lastFollowUp = line
    lastOwnLine = line
    // A phrase this line already gives back is not linked back to later.
    for index in remembered..<memory.count
    where TextSimilarity.similarity(line, memory[index].phrase) >= 0.5 {
      memory[index].linked = true
    }
    if line.hasSuffix("?") {
      followUps += 1
    } else {
      // A reflection that asks nothing: said, then on to the next question.
      advanceQuestion(at: time, into: &events)
      reflectedLast = true
    }
  }

  func coachLine(_ kind: CoachMessage.Kind, _ line: String, at time: Date) -> TranscriptEvent {
    .coach(
      CoachMessage(
        stage: stage.id, kind: kind, question: prompt?.question.id, text: line, time: time))
  }

  /// "I already said: nobody." A short apology that gives back what they had said.
  mutating func repair(
    _ text: String, meta: String, at time: Date, into events: inout [TranscriptEvent]
  ) {
    var said: String?
    if let range = text.range(of: meta, options: [.caseInsensitive, .diacriticInsensitive]) {
      let rest = text[range.upperBound...].trimmingCharacters(
        in: .whitespacesAndNewlines.union(.punctuationCharacters))
      if !TextSimilarity.terms(rest).isEmpty || Words.split(rest).count >= 1 { said = rest }
    }
    if said?.isEmpty ?? true {
      // Nothing after the phrase: what they said last, in this stage.
      said = heard.dropLast().last { $0.stage == stage.id }.flatMap {
        Words.sentences($0.text).first.flatMap { Words.split($0).count <= 20 ? $0 : nil }
      }
    }
    let line: String?
    if let said, !said.isEmpty {
      let quoted = said.trimmingCharacters(in: CharacterSet(charactersIn: ".!?\"“”"))
      line = lines.next(
        rules.listening.repairs.map { Template.fill($0, [], named: ["said": quoted]) },
        key: "repairs", seed: settings.seed)
    } else {
      line = nil
    }
    if let line = line
      ?? lines.next(rules.listening.plainRepairs, key: "plain-repairs", seed: settings.seed)
    {
      events.append(coachLine(.acknowledgement, line, at: time))
    }
  }

  // MARK: - Rating questions

  mutating func respondToRating(
    _ text: String, scale: ClosedRange<Int>, at time: Date, into events: inout [TranscriptEvent]
  ) {
    if let number = Rating.number(in: text, scale: scale) {
      askedForNumber = true
      guard settings.coaching, followUps == 0, followUps < settings.maxFollowUps else {
        advanceQuestion(at: time, into: &events)
        return
      }
      let options =
        number == scale.upperBound
        ? rules.scale.top : number == scale.lowerBound ? rules.scale.bottom : rules.scale.middle
      let filled = options.map {
        Template.fill($0, [], named: ["number": "\(number)", "higher": "\(number + 1)"])
      }
      if let line = lines.next(filled, key: "scale", seed: settings.seed) {
        followUps += 1
        events.append(coachLine(.followUp, line, at: time))
      } else {
        advanceQuestion(at: time, into: &events)
      }
      return
    }
    // Words without a number: kept as said; asked once for a number, then on.
    if !askedForNumber, followUps == 0 {
      askedForNumber = true
      if let line = lines.next(rules.scale.ask, key: "scale-ask", seed: settings.seed) {
        events.append(coachLine(.followUp, line, at: time))
        return
      }
    }
    if settings.coaching, followUps > 0 || askedForNumber {
      listen(to: text, at: time, into: &events)
    } else {
      advanceQuestion(at: time, into: &events)
    }
  }

  // MARK: - Follow-ups

  /// The follow-up to an answer: a probe for a vague one, else the best-ranked rule's next
  /// clean, unused reply that does not ask what a question of this stage asks, else a link
  /// back to something said in another stage, else nothing (the coach moves on).
  mutating func followUp(to hearing: Hearing) -> String? {
    lastFollowUpWhy = nil
    if isVague(hearing.text) {
      guard !probed else { return nil }
      probed = true
      return lines.next(rules.probes, key: "probes", seed: settings.seed)
    }
    if let reply = ruleReply(to: hearing) { return reply }
    if followUps == 0, !probed, !shortProbedStages.contains(stage.id),
      Words.split(hearing.text).count <= rules.shortAnswerWords
    {
      probed = true
      shortProbedStages.insert(stage.id)
      return lines.next(rules.shortProbes, key: "short-probes", seed: settings.seed)
    }
    guard followUps == 0, !linkedStages.contains(stage.id),
      let index = memory.lastIndex(where: { $0.stage != stage.id && !$0.linked })
    else { return nil }
    let earlier = memory[index]
    let filled = rules.memoryLinks.map {
      Template.fill($0, [], named: ["memory": earlier.phrase, "stage": stage.title.lowercased()])
    }
    guard let line = lines.next(filled, key: "links", seed: settings.seed, accept: acceptable)
    else { return nil }
    linkedStages.insert(stage.id)
    memory[index].linked = true
    return line
  }

  /// An answer that says little: short and made only of empty words, or short with a vague
  /// phrase ("not sure", "fine") and at most two words of substance besides.
  func isVague(_ text: String) -> Bool {
    let words = Words.split(text)
    if words.count <= rules.shortAnswerWords, words.allSatisfy(rules.emptyWords.contains) {
      return true
    }
    let markers = rules.vagueMarkers.filter { Words.position(of: $0, in: words) != nil }
    guard words.count <= 8, !markers.isEmpty else { return false }
    let markerWords = Set(markers.flatMap { Words.split($0) })
    let substance = TextSimilarity.terms(
      words.filter { !markerWords.contains($0) }.joined(separator: " "))
    return substance.count <= 2
  }

  /// Whether the coach may say `line` now: it reads cleanly and does not ask what a question
  /// of this stage asks (one still to come, or one already asked).
  func acceptable(_ line: String) -> Bool {
    guard LineLint.problem(in: line) == nil, !raisesRefused(line) else { return false }
    return !stage.questions.contains { QuestionSimilarity.isClose(line, $0.text) }
  }

  /// Whether a question the coach might ask is answered already by something said in this
  /// stage (the answer just given included): a sentence of it that shares at least two of
  /// the question's content words and most of them, or, with a sentence model, one within
  /// cosine ``answeredFloor`` of the question (the model finds answers in other words).
  func alreadyAnswered(_ line: String) -> Bool {
    guard line.hasSuffix("?") else { return false }
    let sentences = heard.filter { $0.stage == stage.id }.flatMap { Words.sentences($0.text) }
    guard !sentences.isEmpty else { return false }
    let asked = QuestionSimilarity.terms(line)
    let inWords = sentences.contains { sentence in
      let shared = asked.intersection(QuestionSimilarity.terms(sentence)).count
      return shared >= 2 && Double(shared) >= 0.6 * Double(asked.count)
    }
    guard !inWords, let embedder else { return inWords }
    let vectors = embedder.embed([line] + sentences)
    guard vectors.count == sentences.count + 1 else { return false }
    return vectors.dropFirst().contains {
      zip(vectors[0], $0).reduce(Float(0)) { $0 + $1.0 * $1.1 } >= Self.answeredFloor
    }
  }

  /// Cosine from which an answer sentence is taken to answer a follow-up question.
  ///
  /// On the question–answer pairs written for it (docs/coach-rules.md), sentences that
  /// answered scored 0.23–0.81 (three of six at 0.5 or more) and ones that did not 0.15–0.47
  /// ("Sharing staff was voluntary and drifted." does not say who was accountable): set
  /// above the second, so the model only adds answers it is sure of.
  static let answeredFloor: Float = 0.5

  private struct Candidate {
    var rule: CoachRule
    var key: String
    var keyworded: Bool
    var position: Int
    var order: Int
  }

  /// Rules that apply, best first: any rule whose keyword was said outranks one that fires
  /// only on missing words; then rank; then the keyword said first; then file order.
  ///
  /// A rule's `absent` words must be missing from every answer of this stage so far, not
  /// only this one: a value named a moment ago has been named.
  private func candidates(for hearing: Hearing) -> [Candidate] {
    let all =
      stage.followUps.enumerated().map { ($0.element, "\(stage.id)/\($0.offset)") }
      + rules.rules.enumerated().map { ($0.element, "coach/\($0.offset)") }
    let stageSoFar = Hearing(
      heard.filter { $0.stage == stage.id }.map(\.text).joined(separator: "\n"),
      listening: rules.listening)
    var result: [Candidate] = []
    for (order, (rule, key)) in all.enumerated() {
      guard let position = rule.heard(in: hearing, soFar: stageSoFar),
        rule.keywords.isEmpty || agrees(hearing.text, with: rule)
      else { continue }
      result.append(
        Candidate(
          rule: rule, key: key, keyworded: !rule.keywords.isEmpty, position: position,
          order: order))
    }
    return result.sorted {
      ($0.keyworded ? 1 : 0, $0.rule.rank, -$0.position, -$0.order)
        > ($1.keyworded ? 1 : 0, $1.rule.rank, -$1.position, -$1.order)
    }
  }

  /// With a sentence model, whether `text` is near enough in meaning to what `rule` is
  /// `about` (cosine at least ``aboutFloor``); without a model or an `about`, it is.
  func agrees(_ text: String, with rule: CoachRule) -> Bool {
    guard let about = rule.about, let embedder else { return true }
    let vectors = embedder.embed([text, about])
    guard vectors.count == 2 else { return true }
    return zip(vectors[0], vectors[1]).reduce(Float(0)) { $0 + $1.0 * $1.1 } >= Self.aboutFloor
  }

  /// The cosine under which an answer is about something else than a rule's `about`.
  ///
  /// Low on purpose: measured on the rules' own examples with all-MiniLM-L6-v2, a one-line
  /// description does not separate an answer in the rule's sense from one in another sense
  /// (fires 0.08–0.64, quiet −0.00–0.46; docs/coach-rules.md), so the senses are decided by
  /// the words and the model only vetoes an answer plainly about something else.
  static let aboutFloor: Float = 0.05

  private mutating func ruleReply(to hearing: Hearing) -> String? {
    let names = heard.reduce(into: Set<String>()) { $0.formUnion(Reflector.names(in: $1.text)) }
    for candidate in candidates(for: hearing) {
      for (index, decomposition) in candidate.rule.decompositions.enumerated() {
        guard let fragments = match(decomposition, in: hearing.text, names: names) else {
          continue
        }
        let keyword =
          candidate.rule.keywords.isEmpty ? nil : hearing.firstSaid(of: candidate.rule.keywords)
        let filled = decomposition.replies.compactMap {
          reply -> (template: String, line: String)? in
          // A template is used once, whatever words filled it.
          if usedTemplates.contains(reply) { return nil }
          // A question of the rule's own words that is answered already is not asked (one
          // that gives back the person's words asks about them, so it is not checked).
          if Template.slots(in: reply).isEmpty, !reply.contains("("),
            alreadyAnswered(reply) || answeredEarlier(reply)
          {
            return nil
          }
          // Nor one the session has asked already (its own words, not the person's).
          if askedBefore(reply) { return nil }
          if Template.slots(in: reply).contains(where: { fragments[$0 - 1] == nil }) { return nil }
          if reply.contains("(keyword)"), keyword == nil { return nil }
          let line = Template.fill(
            reply, fragments.map { $0 ?? "" },
            named: keyword.map { ["keyword": $0.lowercased()] } ?? [:])
          return (reply, line)
        }
        if let line = lines.next(
          filled.map(\.line), key: "\(candidate.key)#\(index)", seed: settings.seed,
          accept: acceptable)
        {
          if let template = filled.first(where: { $0.line == line })?.template {
            usedTemplates.insert(template)
          }
          lastFollowUpWhy = candidate.rule.why
          return line
        }
      }
    }
    return nil
  }

  /// The wildcard parts of the first sentence of `text` that `decomposition` matches, each
  /// reflected into the second person (`nil` for a part with no clean reflection).
  func match(_ decomposition: Decomposition, in text: String, names: Set<String>) -> [String?]? {
    guard let (sentence, parts) = decomposition.match(text, listening: rules.listening) else {
      return nil
    }
    let spans = SpokenWords(sentence)
    return parts.map { part in
      spans.text(of: part).flatMap {
        rules.reflector.reflect($0, startsSentence: part.lowerBound == 0, names: names)
      }
    }
  }

  /// Keeps notable phrases (from decompositions marked `remember`) for linking back later:
  /// the sentence from the phrase on, in the second person, when it reads cleanly.
  mutating func remember(_ text: String) {
    for rule in stage.followUps + rules.rules {
      for decomposition in rule.decompositions where decomposition.remember != nil {
        guard let first = decomposition.pattern.first(where: { $0 != "*" }) else { continue }
        for sentence in Words.sentences(text) {
          let lower = Words.split(sentence)
          guard Words.match(decomposition.pattern, lower) != nil,
            let start = lower.firstIndex(of: first)
          else { continue }
          // A phrase remembered from before the keyword keeps one word of lead-in ("trust
          // takes time"); one from after it starts at the keyword ("I learned …").
          let leadIn = decomposition.pattern.first == "*" && decomposition.remember == 1 ? 1 : 0
          let from = max(0, start - leadIn)
          guard let words = SpokenWords(sentence).text(of: from..<lower.count),
            let phrase = rules.reflector.reflect(words, startsSentence: from == 0, limit: 14),
            !memory.contains(where: { $0.phrase == phrase })
          else { continue }
          memory.append((stage.id, phrase, false))
        }
      }
    }
  }
}

/// A sentence's words mapped back to the text as typed, so an echo keeps its punctuation
/// ("write down, early, which…") and never splits a word.
struct SpokenWords {
  private let tokens: [Substring]
  /// For each word (as ``Words/split(_:keepWildcards:lowercase:)`` counts them), its token.
  private let tokenOfWord: [Int]

  init(_ sentence: String) {
    tokens = sentence.split(whereSeparator: \.isWhitespace)
    var map: [Int] = []
    for (index, token) in tokens.enumerated() {
      map += Array(repeating: index, count: Words.split(String(token)).count)
    }
    tokenOfWord = map
  }

  /// The typed text of `words`, or `nil` when the range starts or ends inside a token.
  func text(of words: Range<Int>) -> String? {
    guard !words.isEmpty, words.upperBound <= tokenOfWord.count else { return nil }
    let first = tokenOfWord[words.lowerBound]
    let last = tokenOfWord[words.upperBound - 1]
    guard words.lowerBound == 0 || tokenOfWord[words.lowerBound - 1] != first,
      words.upperBound == tokenOfWord.count || tokenOfWord[words.upperBound] != last
    else { return nil }
    let text = tokens[first...last].joined(separator: " ")
    return text.trimmingCharacters(in: CharacterSet(charactersIn: ".,;:!?\"“”'’)(—–- "))
  }
}

/// Reads a rating from an answer: a whole number in the scale, as digits ("7", "7/10",
/// "7 out of 10") or a word ("seven"); signs and decimals are not ratings.
enum Rating {
  static let wordNumbers = [
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10,
  ]

  /// The first whole number in `text` that lies in `scale`.
  static func number(in text: String, scale: ClosedRange<Int>) -> Int? {
    let tokens = text.lowercased().split(whereSeparator: { $0.isWhitespace || ",;!?".contains($0) })
    for token in tokens {
      var word = Substring(token)
      if let slash = word.firstIndex(of: "/") { word = word[..<slash] }
      while let last = word.last, last == "." || last == ")" { word = word.dropLast() }
      let value: Int?
      if !word.isEmpty, word.allSatisfy(\.isASCIIDigit) {
        value = Int(word)
      } else {
        value = wordNumbers[String(word)]
      }
      if let value, scale.contains(value) { return value }
    }
    return nil
  }
}

// MARK: - Corrections at the summary check (summariser revision 4)

extension Conversation {
  /// One thing a reply at the summary check says of the summary.
  struct CheckCorrection: Equatable {
    enum Change: Equatable {
      /// Something left out ("you missed the funders"): added to the stage.
      case missed(String)
      /// What the stage should say besides ("me and Dionne were solid" after "the trust bit
      /// sounds gloomier than it was"): added to the stage.
      case also(String)
      /// What the stage should say instead ("it was the council not the school").
      case instead(String)
      /// Words to take out of the stage ("'the end' isn't part of the purpose"), since
      /// revision 7.
      case removed(String)
    }
    var stage: Stage?
    var change: Change
    var isMissed: Bool { if case .missed = change { true } else { false } }
  }

  /// A stage's title said anywhere in `clause` as a word ("that trust existed"), since
  /// revision 7 for "it's not that …, it's that …".
  static func anyStageWord(in clause: String, stages: [Stage]) -> (Stage, Range<String.Index>)? {
    for stage in stages {
      let name = NSRegularExpression.escapedPattern(for: stage.title.lowercased())
      if let range = clause.range(
        of: "\\b" + name + "\\b", options: [.regularExpression, .caseInsensitive])
      {
        return (stage, range)
      }
    }
    return nil
  }

  /// "values should also have being straight with people", "the trust bit should include
  /// the kids": the stage and what it should have (revision 8).
  static func shouldAlsoHave(_ clause: String, stages: [Stage]) -> (Stage, String)? {
    for stage in stages {
      let name = NSRegularExpression.escapedPattern(for: stage.title.lowercased())
      let pattern =
        #"^\W*(?:(?:and|also|oh and|plus)\s+)?(?:the\s+)?(?:"# + name
        + #")s?(?:\s+(?:bit|part|line|one))?"#
        + #"\s+(?:should|needs to|ought to)\s+(?:also\s+)?(?:have|include|say|mention|cover|get)\s+(?:in\s+)?"#
      if let range = clause.range(of: pattern, options: [.regularExpression, .caseInsensitive]) {
        let item = clause[range.upperBound...].trimmingCharacters(
          in: CharacterSet(charactersIn: " .,;:!"))
        if Words.split(item).count >= 1 { return (stage, item) }
      }
    }
    return nil
  }

  /// Words that name a stage's part of the summary ("the partners bit", "in the trust
  /// part", "values:"): a stage title or id, with "bit", "part", "line", "section" or a colon.
  static func stageMention(
    in clause: String, stages: [Stage], revision: Int = 6
  ) -> (Stage, Range<String.Index>)? {
    for stage in stages {
      let names = Set(
        [stage.title.lowercased(), stage.id.replacingOccurrences(of: "-", with: " ")]
          .flatMap { [$0, $0.hasSuffix("s") ? String($0.dropLast()) : $0 + "s"] })
      for name in names.sorted(by: { $0.count > $1.count }) {
        let escaped = NSRegularExpression.escapedPattern(for: name)
        let patterns = [
          #"\b((in|on|for|from|about|to|under|with) )?(the )?"# + escaped
            + #"( bit| part| line| section| stage| one| paragraph)\b"#,
          #"^\W*((also|and|but|oh|plus) )?(the )?"# + escaped + #"\s*[:—–]"#,
          // "the value was keeping my word": what the stage is, said at a clause's start.
          // "mostly right but the real purpose was…", "the main value was…", "purpose
          // wrong", "the purpose isn't the pathways thing".
          (revision >= 8
            ? #"^\W*((also|and|but|no|nope|nah|so|oh|plus|actually|mostly|right|yes|yeah|ok|okay|not really|not quite|sort of|kind of|well)\W+)*"#
            : #"^\W*((also|and|but|no|nope|so|oh|plus|actually|mostly|right|yes|yeah|ok|okay)\W+)*"#)
            + #"(the )?((main|real|actual|true|key|big) )?"# + escaped
            + (revision >= 8 ? #"( bit| part| line| point| thing| one)?"# : #"( bit| part| line)?"#)
            + #"(?= (was|were|is|are|should be|isn'?t|wasn'?t|wrong)\b)"#,
        ]
        // Since revision 7 also "my values were…", and "that's not what I said about values"
        // (the stage is wrong; what it should be follows).
        let mine =
          revision < 7
          ? []
          : [
            #"^\W*((also|and|but|no|so|oh|plus|actually)\W+)*(my|our|their) "# + escaped
              + (revision >= 8
                ? #"(?= (was|were|is|are|wasn'?t|isn'?t|weren'?t|aren'?t)\b)"#
                : #"(?= (was|were|is|are)\b)"#),
            #"\bnot what (i|we) (said|meant|wrote) (about|for|on|of) (the |my |our )?"#
              + escaped + #"\b"#,
          ]
        // Since revision 8, "and trust, the real issue was my sergeant": the stage named,
        // then a comma.
        let paused =
          revision < 8
          ? []
          : [
            #"^\W*((also|and|but|plus|as for)\W+)+(the )?"# + escaped + #"\s*,\s*"#,
            #"^\W*(the )?"# + escaped
              + #"\s*,\s*(?=(the (real |main |actual )?(issue|point|thing|problem|story)|it was|it's|what)\b)"#,
          ]
        for pattern in patterns + mine + paused {
          if let range = clause.range(of: pattern, options: [.regularExpression, .caseInsensitive])
          {
            return (stage, range)
          }
        }
      }
    }
    return nil
  }

  /// How a clause says something was missed ("you have left out X completely").
  static let missedPattern =
    #"^(?:you(?:'ve|ve)?\s+)?(?:have\s+)?(?:completely\s+|totally\s+)?"#
    + #"(?:left out|leave out|missed out|missed|forgot about|forgot|forgotten about|forgotten|"#
    + #"didn'?t mention|did not mention|haven'?t mentioned|didn'?t put in|skipped over|skipped|"#
    + #"dropped)\s+(?:the bit about\s+)?(.+?)"#
    + #"(?:\s+(?:completely|totally|entirely|altogether|at all|out|there|too|as well))*$"#

  /// How a clause says a stage's line has the wrong tone, not what it should say ("sounds
  /// gloomier than it was", "reads too negative").
  static let tonePattern =
    #"^(?:it |that |this )?(?:sounds|reads|comes across|seems|looks|feels)\b[^,;.]*(?:[,;.]\s*|$)"#

  /// How a clause says a stage's line is wrong, before what it should be ("is wrong,").
  static let wrongPattern =
    #"^(?:is|was|are|were|'s|s)?\s*(?:all |a bit |slightly |totally |completely )?"#
    + #"(?:wrong|off|incorrect|not right|not quite right)(?: too| as well| though)?\s*(?:[,:;.—–-]\s*|$)"#
    + #"|^(?:should|ought to|needs to) (?:say|read|be)\s+"#

  /// Since revision 7 also wrong: "the trust bit is the wrong way round", "that's not what I
  /// said about values".
  static let wrongSincePattern =
    #"^(?:is|was|are|were|'s|s)?\s*(?:all |totally |completely )?"#
    + #"(?:the wrong way round|the wrong way around|back to front|upside down|backwards)"#
    + #"\s*(?:[,:;.—–-]\s*|$)|^(?:that'?s|thats|that is|it'?s|its) not\s*$"#

  /// Frames before what a stage should say, taken off since revision 7: "the story is that
  /// trust was missing" → "trust was missing".
  static let correctionFrames =
    #"^(?:the (?:story|point|thing|truth|reality|real point|main thing) (?:is|was)(?: that)?|"#
    + #"(?:it'?s|it is|it was) more that|what (?:i|we) meant was(?: that)?)\s+"#

  /// "that mattered was the elders" (after "the trust bit" is taken out): since revision 7,
  /// "what mattered was the elders".
  static let relativeOpening =
    #"^that (?=(mattered|counted|worked|helped|changed) (was|were|is)\b)"#

  /// "wasn't the Bev bit, the point was it was missing…": since revision 7, what follows
  /// the denial is what the stage says.
  static let afterDenial =
    #"^(?:isn'?t|wasn'?t|is not|was not|not)\b[^,;]*[,;]\s*(?:but\s+)?"#
    + #"(?:the (?:point|story|thing) (?:is|was)(?: that)?|it'?s|it is|it was|really)\s+"#

  /// Since revision 8 also with no comma: "wasnt the on paper bit it was for jayden".
  static let afterDenial8 =
    #"^(?:isn'?t|wasn'?t|is not|was not|not)\b[^,;]*?(?:[,;]\s*|\s+(?=(?:but\s+)?(?:it'?s|it is|it was)\b))(?:but\s+)?"#
    + #"(?:the (?:point|story|thing) (?:is|was)(?: that)?|it'?s|it is|it was|really)\s+"#

  /// Since revision 7, "Mine was going through people residents trust" is of the stage
  /// just named.
  ///
  /// "that's not what I said about values. … Mine was …".
  static let mineOpening = #"^(?:mine|ours|my one|our one) (?:was|were|is|are)\s+"#

  /// Openings of a clause at the check that say nothing of the summary.
  static let checkOpeners =
    #"^(?:\W|mostly|mainly|largely|nearly|almost|partly|yes|yeah|yep|ok|okay|fine|good|right|"#
    + #"though|but|although|and|also|plus|except|just|only|oh|well|so|sort of|kind of|no|nope|"#
    + #"pretty much|one thing|that said)+\b"#

  /// The clauses of a reply at the check: its sentences, split again where ", and", ",
  /// but", "; " or "and the … bit" start another thought.
  static func checkClauses(_ text: String, stages: [Stage] = [], revision: Int = 7) -> [String] {
    var marked = text.replacingOccurrences(of: "’", with: "'")
      .replacingOccurrences(
        of:
          #"\s*(?:,|;)\s*(?=(?:and|but|also|plus|though)\b)|;\s*|\s+(?=and (?:also )?(?:in |on )?the \w+ (?:bit|part|line|section)\b)"#,
        with: "\n", options: [.regularExpression, .caseInsensitive])
    // Since revision 8, "the theft was the problem, the purpose was making bikes harder to
    // sell on": a stage said to be something after a comma starts a clause of its own.
    let names = stages.flatMap {
      [$0.title.lowercased(), $0.id.replacingOccurrences(of: "-", with: " ")]
    }.flatMap { [$0, $0.hasSuffix("s") ? String($0.dropLast()) : $0 + "s"] }
    if revision >= 8, !names.isEmpty {
      let alternatives = Set(names).sorted { $0.count > $1.count }
        .map(NSRegularExpression.escapedPattern(for:)).joined(separator: "|")
      marked = marked.replacingOccurrences(
        of: #"(?:,\s*|\s+but\s+|,?\s+and\s+)(?=(?:the )?(?:(?:main|real|actual|true|key) )?(?:"#
          + alternatives
          + #")(?: bit| part| line)? (?:was|were|is|are)\b)"#,
        with: "\n", options: [.regularExpression, .caseInsensitive])
    }
    return Summariser.wholeSentences(marked).map {
      $0.trimmingCharacters(in: CharacterSet(charactersIn: " .!,"))
    }.filter { !$0.isEmpty }
  }

  /// What a reply at the check changes, stage by stage (empty when it names no stage and
  /// says nothing was missed).
  func checkCorrections(_ text: String, stages: [Stage], correcting: Bool = false)
    -> [CheckCorrection]
  {
    var result: [CheckCorrection] = []
    var previous: CheckCorrection?
    // A stage said to be wrong with nothing after it ("purpose wrong."): the next clause
    // says what it should be ("just so nobody grieves alone").
    var pending: Stage?
    // Since revision 7: the stage last named, a clause of it from a pending stage that a
    // "mine was…" clause replaces, and whether a stage was named at all.
    let revision = summaryRevision
    var lastNamed: Stage?
    var fromPending: Int?
    for clause in Self.checkClauses(text, stages: stages, revision: revision) {
      // Since revision 8, "Don't make it sound nice" tells the coach how to say it.
      if revision >= 8, Summariser.tellsTheCoach(clause) { continue }
      // Since revision 8, "values should also have being straight with people": more of
      // that stage.
      if revision >= 8, let (named, item) = Self.shouldAlsoHave(clause, stages: stages) {
        let change = CheckCorrection(stage: named, change: .missed(item))
        result.append(change)
        previous = change
        lastNamed = named
        continue
      }
      var rest = clause
      var stage: Stage?
      var denied = false
      var ownMine = false
      if let (named, range) = Self.stageMention(in: rest, stages: stages, revision: revision) {
        stage = named
        denied = rest[range].lowercased().hasPrefix("not what")
        rest.replaceSubrange(range, with: " ")
      } else if let waiting = pending {
        stage = waiting
      } else if revision >= 7, let lastNamed,
        let opening = rest.range(
          of: Self.mineOpening, options: [.regularExpression, .caseInsensitive])
      {
        // "Mine was going through people residents already trust": of the stage named.
        stage = lastNamed
        ownMine = true
        rest.removeSubrange(opening)
        if let index = fromPending { result.remove(at: index) }
      }
      let wasPending = pending != nil && stage?.id == pending?.id
      pending = nil
      fromPending = nil
      rest = rest.replacingOccurrences(of: #"\s+"#, with: " ", options: .regularExpression)
      rest = rest.replacingOccurrences(
        of: Self.checkOpeners, with: "", options: [.regularExpression, .caseInsensitive])
      rest = rest.trimmingCharacters(in: CharacterSet(charactersIn: " ,;:—–-."))
      if revision >= 7 {
        for pattern in [
          Self.correctionFrames, revision >= 8 ? Self.afterDenial8 : Self.afterDenial,
        ] {
          if let range = rest.range(of: pattern, options: [.regularExpression, .caseInsensitive]) {
            rest.removeSubrange(range)
          }
        }
        rest = rest.replacingOccurrences(
          of: Self.relativeOpening, with: "what ", options: [.regularExpression, .caseInsensitive])
        // "the curriculum was the excuse, the real point was the kids…": what it was.
        if stage != nil,
          let range = rest.range(
            of:
              #"^.*[,;]\s*the (?:real |main |actual )?(?:point|story|thing) (?:is|was)(?: that)?\s+"#,
            options: [.regularExpression, .caseInsensitive])
        {
          rest.removeSubrange(range)
        }
        // "the values one is missing the being taken seriously bit": something missed.
        if stage != nil,
          let range = rest.range(
            of: #"^(?:is|'s|s) (?:still )?missing\s+(?:the\s+)?"#,
            options: [.regularExpression, .caseInsensitive])
        {
          var item = String(rest[range.upperBound...])
          if let comma = item.firstIndex(where: { ",;".contains($0) }) {
            item = String(item[..<comma])
          }
          item = item.replacingOccurrences(
            of: #"\s+(?:bit|part|thing|one)$"#, with: "",
            options: [.regularExpression, .caseInsensitive])
          if Words.split(item).count >= 1 {
            let change = CheckCorrection(stage: stage, change: .missed(item))
            result.append(change)
            previous = change
            lastNamed = stage
          }
          continue
        }
        // "it's not that trust existed, it's that it was broken": of the stage named first.
        if stage == nil,
          let match = rest.firstMatch(
            of: #/^(?:it'?s|it is|it was) not that (.+?),\s*(?:it'?s|it is|it was|but) that (.+)$/#
              .ignoresCase())
        {
          if let (named, _) = Self.stageMention(
            in: String(match.output.1), stages: stages, revision: revision)
            ?? Self.anyStageWord(in: String(match.output.1), stages: stages)
          {
            let change = CheckCorrection(stage: named, change: .instead(String(match.output.2)))
            result.append(change)
            previous = change
            lastNamed = named
            continue
          }
        }
        // "'the end' isn't part of the purpose, I was being short": taken out.
        if let match = rest.firstMatch(
          of:
            #/^['‘"“]?(.{1,40}?)['’"”]?\s+(?:isn'?t|is not|wasn'?t|was not|shouldn'?t be|doesn'?t belong)\s+(?:part of|in)\s+(.+)$/#
            .ignoresCase()),
          let (named, _) = Self.stageMention(
            in: String(match.output.2), stages: stages, revision: revision)
            ?? Self.anyStageWord(in: String(match.output.2), stages: stages)
        {
          let words = String(match.output.1).trimmingCharacters(
            in: CharacterSet(charactersIn: "'‘’\"“” "))
          if !words.isEmpty {
            result.append(CheckCorrection(stage: named, change: .removed(words)))
            lastNamed = named
            continue
          }
        }
        // "You've left Winston out": something missed.
        if let match = rest.firstMatch(
          of: #/^(?:you(?:'ve| have)?\s+)?(?:left|leave)\s+(.{1,60}?)\s+out$/#.ignoresCase())
        {
          rest = "you missed " + String(match.output.1)
        }
        if denied {
          rest = ""
          pending = stage
          lastNamed = stage
          continue
        }
        if stage == nil,
          rest.range(
            of: #"^(you )?(haven'?t|didn'?t|never) (said|say|put|mention(ed)?) anything about\s+"#,
            options: [.regularExpression, .caseInsensitive]) != nil
        {
          rest = rest.replacingOccurrences(
            of: #"^(you )?(haven'?t|didn'?t|never) (said|say|put|mention(ed)?) anything about"#,
            with: "you missed", options: [.regularExpression, .caseInsensitive])
        }
      }
      // "The whole thing is about Winston", after "you've left Winston out": more of it
      // (since revision 7).
      if revision >= 7, stage == nil, let previous, case .missed(let item) = previous.change,
        !item.isEmpty, rest.range(of: item, options: .caseInsensitive) != nil,
        rest.range(of: Self.missedPattern, options: [.regularExpression, .caseInsensitive])
          == nil
      {
        result.append(CheckCorrection(stage: previous.stage, change: .also(rest)))
        continue
      }
      // "they were the ones who changed the most", after something missed: of it.
      if stage == nil, let previous, case .missed(let item) = previous.change,
        let range = rest.range(
          of: #"^(they|he|she|it) (?=(were|was|are|is|did|do|had|have|got|made|changed)\b)"#,
          options: [.regularExpression, .caseInsensitive])
      {
        rest.replaceSubrange(range, with: item + " ")
        result.append(CheckCorrection(stage: previous.stage, change: .also(rest)))
        continue
      }
      if let match = rest.range(
        of: Self.missedPattern, options: [.regularExpression, .caseInsensitive])
      {
        let regex = try? NSRegularExpression(pattern: Self.missedPattern, options: .caseInsensitive)
        let range = NSRange(match, in: rest)
        if let found = regex?.firstMatch(in: rest, range: range),
          let item = Range(found.range(at: 1), in: rest)
        {
          var missed = Summariser.withoutHedges(
            String(rest[item]).trimmingCharacters(in: CharacterSet(charactersIn: " ,."))
          )
          .replacingOccurrences(
            of: #"\s+(a bit|a little|really|totally|completely|entirely)$"#, with: "",
            options: [.regularExpression, .caseInsensitive])
          // "access which was the main value, the estates kids…": up to its first comma.
          if let comma = missed.firstIndex(of: ","),
            Words.split(String(missed[..<comma])).count >= 1
          {
            missed = String(missed[..<comma])
          }
          missed = missed.replacingOccurrences(
            of: #"(\w) (which|who) "#, with: "$1, $2 ", options: .regularExpression)
          if Words.split(missed).count > 12 { missed = Summariser.firstClause(missed) ?? "" }
          // "you missed the point" says nothing of what: not added.
          let vague: Set<String> = [
            "point", "thing", "things", "bit", "stuff", "something", "everything", "lot", "mark",
            "plot", "boat", "it", "that", "this", "what", "loads", "some", "bits",
          ]
          let named = Words.split(missed).filter { !TextSimilarity.stopWords.contains($0) }
          if !named.isEmpty, named.allSatisfy(vague.contains) {
            result.append(CheckCorrection(stage: stage, change: .missed("")))
          } else if !named.isEmpty, Words.split(missed).count <= Summariser.pointWords {
            let change = CheckCorrection(stage: stage, change: .missed(missed))
            result.append(change)
            previous = change
          }
        }
        continue
      }
      guard let stage else {
        // Since revision 7, "and Tom's dignity", "Anita left in the summer" after a clause
        // that named a stage: more of that stage, unless it denies or talks to the coach.
        let fact = Summariser.beforeTalkToCoach(rest)
        let denies =
          fact.range(
            of: #"^(not|isn'?t|wasn'?t|never)\b"#, options: [.regularExpression, .caseInsensitive])
          != nil
        // "Not 'too tired'" beside a stage named: only what it is not, nothing to put in.
        if revision >= 7, denies, result.contains(where: { $0.stage != nil }) || lastNamed != nil {
          continue
        }
        if revision >= 7, let lastNamed, Words.split(fact).count >= 2,
          !TextSimilarity.terms(fact).isEmpty, !Summariser.addressesTheCoach(fact),
          fact.range(
            of: #"^(not|isn'?t|wasn'?t|never)\b"#, options: [.regularExpression, .caseInsensitive])
            == nil
        {
          let change = CheckCorrection(stage: lastNamed, change: .also(fact))
          result.append(change)
          previous = change
          continue
        }
        // "they did ask us, it was the chorus nobody asked us about", in a reply that
        // corrects: the summary's sentence nearest it is changed.
        if correcting, Words.split(fact).count >= 3, !TextSimilarity.terms(fact).isEmpty,
          !Summariser.addressesTheCoach(fact)
        {
          let change = CheckCorrection(stage: nil, change: .instead(fact))
          result.append(change)
          previous = change
        }
        continue
      }
      var tone = false
      if let range = rest.range(
        of: Self.tonePattern, options: [.regularExpression, .caseInsensitive])
      {
        tone = true
        rest.removeSubrange(range)
      }
      var wrong = false
      for pattern in revision >= 7
        ? [Self.wrongPattern, Self.wrongSincePattern] : [Self.wrongPattern]
      where !wrong {
        if let range = rest.range(of: pattern, options: [.regularExpression, .caseInsensitive]) {
          wrong = true
          rest.removeSubrange(range)
        }
      }
      rest = Summariser.beforeTalkToCoach(rest)
      rest = rest.trimmingCharacters(in: CharacterSet(charactersIn: " ,;:—–-."))
      if wrong, rest.isEmpty { pending = stage }
      if revision >= 7 { lastNamed = stage }
      guard Words.split(rest).count >= 2, !Summariser.addressesTheCoach(rest) else {
        // Since revision 7, "Mine was …" after a stage said to be wrong is still to come.
        if revision >= 7, wasPending { pending = stage }
        continue
      }
      let change = CheckCorrection(
        stage: stage, change: tone && !wrong ? .also(rest) : .instead(rest))
      if revision >= 7, wasPending, !ownMine { fromPending = result.count }
      result.append(change)
      previous = change
    }
    // "the purpose isn't the pathways thing … the real purpose was …": what it is, not what
    // it isn't, when both are said.
    let negative = #"^(isn'?t|wasn'?t|is not|was not|not)\b"#
    func isDenial(_ change: CheckCorrection) -> Bool {
      if case .instead(let rest) = change.change {
        return rest.range(of: negative, options: [.regularExpression, .caseInsensitive]) != nil
      }
      return false
    }
    let all = result
    result.removeAll { change in
      guard change.stage != nil, isDenial(change) else { return false }
      return all.contains { other in
        guard other.stage?.id == change.stage?.id, !isDenial(other) else { return false }
        if case .instead = other.change { return true }
        return false
      }
    }
    return result
  }

  /// Since summariser revision 4, a reply at the check applied stage by stage.
  ///
  /// A reply that names stages or says what was missed is applied to each, and the coach
  /// says back what it changed in its own words ("Thanks — I've added Byte Back Norfolk to
  /// the partners, and that you and Dionne were solid."), never quoting the complaint. `nil`
  /// when the reply does neither; `false` when it says something was missed but not what
  /// ("you missed the point"): the coach asks what, and the check stays open.
  mutating func applyCheckCorrections(
    _ text: String, correcting: Bool, at time: Date, into events: inout [TranscriptEvent]
  ) -> Bool? {
    // A repeat taken out ("you wrote … twice") is revision 3's to apply.
    guard Self.repeatComplaint(in: text) == nil else { return nil }
    let stages = pack.stages.filter { $0.kind == .questions }
    let denial = text.range(
      of: #"^\W*(no|nope|not really|not quite|not exactly|that's not|thats not)\b"#,
      options: [.regularExpression, .caseInsensitive])
    var changes = checkCorrections(text, stages: stages, correcting: correcting || denial != nil)
    if changes.contains(where: { $0.stage != nil }) {
      // Beside a stage named, a clause that names none is not guessed at.
      changes.removeAll { change in
        if change.stage == nil, case .instead = change.change { true } else { false }
      }
    }
    // Only what revision 3 did already (one correction, no stage named): as it did.
    guard !changes.isEmpty, changes.contains(where: { $0.stage != nil || $0.isMissed }) else {
      return nil
    }
    if changes.allSatisfy({ $0.change == .missed("") }) {
      say(
        .acknowledgement,
        ["Sorry about that. What did I miss? Say it in a line and I'll put it in."],
        repeatable: true, at: time, into: &events)
      return false
    }
    changes.removeAll { $0.change == .missed("") }
    let names = heard.reduce(into: Set<String>()) { $0.formUnion(Reflector.names(in: $1.text)) }
      .union(Reflector.names(in: text))
    let summariser = summariser
    let skip = leftOutOfSummary()
    var added: [String] = []
    var changed: [String] = []
    var removed: [String] = []
    for change in changes {
      let stage = change.stage ?? stage
      switch change.change {
      case .removed(let words):
        // Each sentence of the stage's answers that holds the words is taken out, unless
        // it is all the answer said.
        for index in heard.indices where heard[index].stage == stage.id {
          let sentences = Summariser.wholeSentences(heard[index].text)
          let kept = sentences.filter { $0.range(of: words, options: .caseInsensitive) == nil }
          if kept.count < sentences.count, !kept.isEmpty {
            heard[index].text = kept.joined(separator: " ")
          }
        }
        removed.append("“\(words)” out of the \(stage.title.lowercased())")
      case .missed(let item):
        // "that honesty matters as much" is heard as what it says.
        let fact = item.replacingOccurrences(
          of: #"^that\s+"#, with: "", options: [.regularExpression, .caseInsensitive])
        heard.append(
          Summariser.Said(
            stage: stage.id, question: "summary-check",
            text: Summariser.capitalised(Summariser.closed(fact)), kind: .correction))
        guard let mine = rules.reflector.reflect(item, startsSentence: false, names: names)
        else { continue }
        added.append(
          change.stage.map { "\(mine) to the \($0.title.lowercased())" } ?? mine)
      case .also(let fact):
        let line = Summariser.capitalised(Summariser.closed(fact))
        if summaryRevision >= 7,
          let index = heard.lastIndex(where: {
            $0.stage == stage.id && $0.question == "summary-check" && $0.wholeLine
          })
        {
          // "My values were independence… and Tom's dignity": more of the line just put
          // in its place, said with it (since revision 7).
          heard[index].text += " " + line
        } else {
          heard.append(
            Summariser.Said(
              stage: stage.id, question: "summary-check", text: line, kind: .correction)
          )
        }
        guard let mine = rules.reflector.reflect(fact, startsSentence: false, names: names)
        else { continue }
        // Of something just added ("Byte Back Norfolk were the ones who…"), said once.
        if case .missed(let item)? = changes.last(where: { $0.stage == change.stage })?.change,
          fact.hasPrefix(item)
        {
          continue
        }
        if changes.contains(where: {
          if case .missed(let item) = $0.change { fact.hasPrefix(item) } else { false }
        }) {
          continue
        }
        // "Tom's dignity" is added as it is; a clause is added as "that …" (since revision 7).
        let fragment = Summariser.isFragment(mine.replacingOccurrences(of: "'s ", with: " "))
        var clause = mine
        // "that the whole thing is about Winston", never "that The whole thing…".
        if summaryRevision >= 7, let first = Words.split(clause).first,
          ["the", "it", "this", "that", "there", "we", "they", "our", "my", "a"].contains(first),
          clause.first?.isUppercase == true
        {
          clause = clause.prefix(1).lowercased() + clause.dropFirst()
        }
        added.append(summaryRevision >= 7 && fragment ? clause : "that \(clause)")
      case .instead(let fact) where change.stage == nil:
        let line = Summariser.capitalised(Summariser.closed(fact))
        let target = summariser.corrected(by: fact, stages: stages, heard: heard, skip: skip)
        if let target, let range = heard[target.said].text.range(of: target.sentence) {
          heard[target.said].text.replaceSubrange(range, with: line)
        } else {
          heard.append(
            Summariser.Said(
              stage: stage.id, question: "summary-check", text: line, kind: .correction))
        }
        guard let mine = rules.reflector.reflect(fact, startsSentence: false, names: names)
        else { continue }
        changed.append("that to: \(mine)")
      case .instead(var fact):
        // "the value was keeping my word": the line is "Keeping my word.", said back as
        // what it was.
        var subject = ""
        if let verb = fact.range(
          of: #"^(was|were|is|are|should be)\s+"#, options: [.regularExpression, .caseInsensitive])
        {
          let said = fact[verb].trimmingCharacters(in: .whitespaces).lowercased()
          subject =
            ["were", "are"].contains(said)
            ? "they \(said) " : "it \(said == "should be" ? "is" : said) "
          fact.removeSubrange(verb)
          // Since revision 8, "the trust point is that CA hid the SLA": the clause after it.
          if summaryRevision >= 8,
            let that = fact.range(
              of: #"^that\s+(?=\S+\s+\S+)"#, options: [.regularExpression, .caseInsensitive])
          {
            fact.removeSubrange(that)
            subject = ""
          }
          // Since revision 8, "trust is the kids stopped trusting us": what follows is a
          // clause of its own, said as it is.
          if summaryRevision >= 8,
            fact.range(
              of:
                #"^(?:the \w+|they|we|he|she|nobody|no one|everyone|people) (?:\w+ )?(?:stopped|started|never|didn'?t|did|were|was|had|lost|got|made|said|wanted|went|kept|left|broke)\b"#,
              options: [.regularExpression, .caseInsensitive]) != nil
          {
            subject = ""
          }
        }
        // Since revision 8, "trust wasnt about money really it was that between me and
        // Martin…": the clause after "that".
        if summaryRevision >= 8,
          let that = fact.range(
            of: #"^that\s+(?=\S+\s+\S+\s+\S+)"#, options: [.regularExpression, .caseInsensitive])
        {
          fact.removeSubrange(that)
        }
        // Since revision 8, "sharon and the jobcentre, the parks team were just the loo":
        // a clause about something else after a comma is no part of what the stage is.
        if summaryRevision >= 8,
          let other = fact.range(
            of: #",\s+the \w+(?: \w+)? (?:was|were|is|are)\b"#,
            options: [.regularExpression, .caseInsensitive])
            ?? fact.range(
              of: #",\s+[A-Z]\w+(?: and [A-Z]\w+)? (?:was|were|is|are)\b"#,
              options: .regularExpression),
          Words.split(String(fact[..<other.lowerBound])).count >= 2
        {
          fact = String(fact[..<other.lowerBound])
        }
        // "the value was dignity really": the hedge after it is no part of it.
        if summaryRevision >= 8 {
          fact = fact.replacingOccurrences(
            of: #"(?:,?\s+(?:really|honestly|to be honest|tbh|i think|i guess|i suppose))+\W*$"#,
            with: "", options: [.regularExpression, .caseInsensitive])
        }
        let line = Summariser.capitalised(Summariser.closed(fact))
        if let target = summariser.corrected(by: fact, stages: [stage], heard: heard, skip: skip)
          ?? summariser.best(in: stage, heard: heard, skip: skip).first,
          let range = heard[target.said].text.range(of: target.sentence)
        {
          heard[target.said].text.replaceSubrange(range, with: line)
        }
        heard.append(
          Summariser.Said(
            stage: stage.id, question: "summary-check", text: line, kind: .correction,
            wholeLine: true))
        guard let mine = rules.reflector.reflect(fact, startsSentence: false, names: names)
        else {
          // Changed all the same: the stage is named, so the person sees it was taken
          // ("I've changed the partners, and trust to say…").
          // Since revision 8 words with no one in them are quoted ("purpose to “making
          // bikes harder to sell on”").
          let bare = fact.trimmingCharacters(in: CharacterSet(charactersIn: " .,;:!?\"“”"))
          if summaryRevision >= 8, Summariser.isImpersonal(bare),
            !Words.split(bare.lowercased()).contains(where: { ["you", "your"].contains($0) }),
            (2...Summariser.pointWords).contains(Words.split(bare).count)
          {
            changed.append("the \(stage.title.lowercased()) to “\(bare)”")
          } else if summaryRevision >= 5 {
            changed.append(
              "the \(stage.title.lowercased())\(summaryRevision >= 8 ? " line" : "")")
          }
          continue
        }
        let clause =
          Words.split(mine).first.map {
            ["it", "they", "we", "you", "he", "she", "there", "that", "this"].contains($0)
          } ?? false
        changed.append(
          subject.isEmpty && !clause
            ? "\(stage.title.lowercased()) to: \(mine)"
            : "\(stage.title.lowercased()) to say \(subject)\(mine)")
      }
    }
    var said: [String] = []
    if !added.isEmpty { said.append("I've added " + Self.andList(added)) }
    if !changed.isEmpty { said.append("I've changed " + Self.andList(changed)) }
    // Since revision 7 what was put right comes first, then what was added to it, then
    // what was taken out.
    if summaryRevision >= 7 { said.reverse() }
    if !removed.isEmpty { said.append("I've taken " + Self.andList(removed)) }
    var line = "Thanks — " + said.joined(separator: ", and ")
    line = Summariser.commaBeforeNot(line)
    line = Summariser.closed(line)
    if said.isEmpty || LineLint.problem(in: line) != nil {
      line = changed.isEmpty ? "Thank you; I have added that." : "Thanks — I've changed that."
    }
    events.append(coachLine(.acknowledgement, line, at: time))
    return true
  }

  /// "a", "a, and b": each item a clause of its own.
  static func andList(_ items: [String]) -> String {
    guard items.count > 1 else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + ", and " + items[items.count - 1]
  }
}
