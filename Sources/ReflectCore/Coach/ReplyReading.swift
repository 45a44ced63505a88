import Foundation

/// How the coach read one reply: what kind of reply it is, and whose feeling it carries.
///
/// Recorded on the answer event (`heard`), so a rerun reads the reply the same way whatever
/// model is installed that day (docs/transcript-format.md, docs/coach-rules.md).
public struct ReplyReading: Codable, Sendable, Equatable, Hashable {
  /// The kind of reply.
  public enum Kind: String, Codable, Sendable, CaseIterable, Hashable {
    case answer
    case nonAnswer = "non-answer"
    case skip, question, complaint
    case alreadySaid = "already-said"
    case correction, refusal
  }

  /// Whose feeling the reply carries.
  public enum Owner: String, Codable, Sendable, CaseIterable, Hashable {
    case none
    case `self`
    case other
  }

  /// What read it: the rules alone, or the sentence model (gated by the rules).
  public enum Reader: String, Codable, Sendable, Hashable {
    case rules, meaning
  }

  public var kind: Kind
  public var feeling: Owner
  /// A hard feeling (upset, tired) rather than a good one (proud, relieved).
  public var hard: Bool?
  /// Someone else's feeling, and the person's own after it ("our head was upset, which
  /// still hurts").
  public var alsoOwn: Bool?
  /// Someone else's feeling read from an earlier clause or from no subject at all ("there
  /// was one woman, she must have been eighty, who cried…"): whose it is cannot be told
  /// for sure, so the coach says nothing to it (listener revision 2).
  public var ownerUnclear: Bool?
  /// For a refusal, what is not to be talked about, in the person's words.
  public var about: String?
  /// For an answer with talk aimed at the coach beside it, that talk's kind.
  ///
  /// "that's an odd question. it was for …": the coach answers the aside briefly and keeps
  /// only ``answerPart``.
  public var aside: Kind?
  /// With an ``aside``, the answer's own sentences, without the talk aimed at the coach.
  public var answerPart: String?
  /// Whether a hard feeling was said lightly ("i was a bit wary of them at first"): the
  /// coach says nothing to it rather than make much of it.
  public var mild: Bool?
  /// Whether the only hard feeling is tears ("honestly i cried", "his mum cried"), which
  /// come of joy as often as of grief: the coach says it moved them, never that it was hard.
  public var moved: Bool?
  /// Whether the question aside asks if the answer is the kind wanted.
  ///
  /// "the numbers mostly. is that what you mean?": the coach says yes rather than explain
  /// its question.
  public var checks: Bool?
  public var by: Reader

  enum CodingKeys: String, CodingKey {
    case kind = "class"
    case feeling, hard, about, by, aside, checks, mild, moved
    case alsoOwn = "also_own"
    case ownerUnclear = "owner_unclear"
    case answerPart = "answer_part"
  }

  public init(
    kind: Kind, feeling: Owner = .none, hard: Bool? = nil, alsoOwn: Bool? = nil,
    about: String? = nil, aside: Kind? = nil, answerPart: String? = nil, by: Reader = .rules,
    ownerUnclear: Bool? = nil, checks: Bool? = nil, mild: Bool? = nil, moved: Bool? = nil
  ) {
    self.kind = kind
    self.moved = moved
    self.checks = checks
    self.mild = mild
    self.ownerUnclear = ownerUnclear
    self.aside = aside
    self.answerPart = answerPart
    self.feeling = feeling
    self.hard = hard
    self.alsoOwn = alsoOwn
    self.about = about
    self.by = by
  }

  /// Any other class name or owner read back is an answer without a feeling (a newer
  /// reflect's class), never an unreadable transcript.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    kind = Kind(rawValue: (try? container.decode(String.self, forKey: .kind)) ?? "") ?? .answer
    feeling =
      Owner(rawValue: (try? container.decode(String.self, forKey: .feeling)) ?? "") ?? .none
    hard = try? container.decodeIfPresent(Bool.self, forKey: .hard)
    alsoOwn = try? container.decodeIfPresent(Bool.self, forKey: .alsoOwn)
    ownerUnclear = try? container.decodeIfPresent(Bool.self, forKey: .ownerUnclear)
    about = try? container.decodeIfPresent(String.self, forKey: .about)
    aside = (try? container.decodeIfPresent(String.self, forKey: .aside)).flatMap {
      Kind(rawValue: $0)
    }
    answerPart = try? container.decodeIfPresent(String.self, forKey: .answerPart)
    checks = try? container.decodeIfPresent(Bool.self, forKey: .checks)
    mild = try? container.decodeIfPresent(Bool.self, forKey: .mild)
    moved = try? container.decodeIfPresent(Bool.self, forKey: .moved)
    by = Reader(rawValue: (try? container.decode(String.self, forKey: .by)) ?? "") ?? .rules
  }
}

/// The reply rules of `Prompts/replies.yaml`: patterns per kind, feeling words, examples
/// for the encoder, and the coach's lines for each kind.
public struct ReplyRules: Sendable {
  /// One kind's rule.
  public struct KindRule: Sendable {
    public var kind: ReplyReading.Kind
    public var maxWords: Int
    /// Only right after a line of the coach's own (a reflection, a follow-up).
    public var afterCoach: Bool
    var patterns: [Regex]
  }

  /// A compiled pattern (`NSRegularExpression` is thread-safe for matching).
  struct Regex: @unchecked Sendable {
    let expression: NSRegularExpression
    func matches(_ text: String) -> Bool { range(in: text) != nil }
    func range(in text: String) -> Range<String.Index>? {
      let whole = NSRange(text.startIndex..., in: text)
      guard let found = expression.firstMatch(in: text, range: whole) else { return nil }
      return Range(found.range, in: text)
    }
  }

  public var kinds: [KindRule]
  /// Questions to the coach that ask what a question means ("what do you mean by values?"),
  /// not why it is asked: answered from the question's `means:` note.
  var asksMeaning: [Regex] = []
  /// Replies to a proposed lesson that say it is none ("that's a moan"): it is dropped.
  var notALesson: [Regex] = []
  /// Sentences of a list line that ask the coach ("why do you need a date"): the rest of the
  /// line is the item.
  var asksAtList: [Regex] = []
  /// A question after an answer that asks whether it is the kind wanted ("is that what you
  /// mean?", "does that count?").
  var checks: [Regex] = []
  var hardFeelings: [String]
  var goodFeelings: [String]
  var selfWords: Set<String>
  var otherWords: Set<String>
  /// Feeling words whose owner is the one named after them ("stings me").
  var experiencers: [String]
  /// Words after another's feeling that make it the person's too ("Carol was livid and so
  /// was i").
  var shared: [String] = []
  /// Feeling words that describe a situation ("which was embarrassing", "it was so
  /// frustrating"): with no one named in their clause, the person's own feeling.
  var situation: [String] = []
  /// Words before a feeling word that make it a wish, not a feeling ("can be proud").
  var unreal: [String]
  /// Words that make a hard feeling just after them a light one ("a bit", "slightly").
  var mild: [String] = []
  /// Hard feeling words that are tears (``ReplyReading/moved``).
  var tears: [String] = []
  /// Lead-ins that name no subject ("I think").
  var hedges: [String]
  /// Questions about the person's own feelings, and about another's.
  var asksSelf: [Regex]
  var asksOther: [Regex]
  /// The encoder's gate: only replies of at most this many words.
  public var meaningMaxWords: Int
  /// The nearest example's cosine must reach this (hundredths).
  public var minSimilarity: Int
  /// …and beat the nearest answer example by this (hundredths).
  public var margin: Int
  var hints: [ReplyReading.Kind: Regex]
  /// Example replies per kind, for the encoder.
  public var examples: [(kind: ReplyReading.Kind, text: String)]
  /// The coach's lines, by name.
  public var lines: [String: [String]]

  /// The built-in rules from `Prompts/replies.yaml`.
  public static func builtIn() throws(PackError) -> ReplyRules {
    try ReplyRulesLoader().load(
      embeddedPromptFiles["replies.yaml"] ?? "", file: "Prompts/replies.yaml")
  }

  func lines(_ name: String) -> [String] { lines[name] ?? [] }

  /// Whether `reply` asks what the question means rather than why it is asked.
  func asksWhatItMeans(_ reply: String) -> Bool {
    let text = ReplyClassifier.normalised(reply)
    return asksMeaning.contains { $0.matches(text) }
  }
}

/// Reads replies: the rules, then (when a model is given) the encoder on short replies the
/// rules take for answers, gated by the kind's hint.
public struct ReplyClassifier: Sendable {
  public let rules: ReplyRules
  public let embedder: (any SentenceEmbedder)?
  /// The examples' vectors, worked out once on first use.
  private let exampleVectors: ExampleVectors

  public init(rules: ReplyRules, embedder: (any SentenceEmbedder)? = nil) {
    self.rules = rules
    self.embedder = embedder
    exampleVectors = ExampleVectors()
  }

  /// Whether a model takes part.
  public var usesMeaning: Bool { embedder != nil }

  /// Reads `reply`, given to `question` (the coach's question, if any); `afterCoach` when
  /// the coach's last line was its own (a reflection or follow-up), not a pack question.
  public func read(_ reply: String, question: String?, afterCoach: Bool) -> ReplyReading {
    // "sooner? the budget talk": a question that muses on the coach's own is the person
    // thinking aloud, not a question put to the coach.
    let heard = withoutEchoes(of: question, in: reply)
    var reading = ReplyReading(kind: rulesKind(of: heard, afterCoach: afterCoach) ?? .answer)
    if reading.kind == .answer, let embedder, Words.split(heard).count <= rules.meaningMaxWords,
      let kind = nearestKind(heard, embedder: embedder)
    {
      reading.kind = kind
      reading.by = .meaning
    }
    var felt = heard
    if reading.kind != .correction, let (aside, said, part) = aside(in: heard, afterCoach) {
      reading = ReplyReading(
        kind: .answer, aside: aside == .answer ? nil : aside,
        answerPart: aside == .answer ? nil : part)
      if aside == .refusal { reading.about = Self.refused(in: said) }
      if aside == .question, rules.checks.contains(where: { $0.matches(Self.normalised(said)) }) {
        reading.checks = true
      }
      felt = part
    } else if reading.kind == .refusal {
      reading.about = Self.refused(in: reply)
    }
    let (owner, hard, sure) = feelingAndCertainty(
      in: felt, question: question, answer: reading.kind == .answer)
    reading.feeling = owner
    reading.hard = owner == .none ? nil : hard
    if owner == .other, ownFeelingAfterAnother(in: felt) { reading.alsoOwn = true }
    if owner == .other, !sure, reading.alsoOwn != true { reading.ownerUnclear = true }
    if owner != .none, hard, saysLightly(felt) { reading.mild = true }
    if owner != .none, hard, onlyTears(felt) { reading.moved = true }
    return reading
  }

  /// Whether every hard feeling in `reply` that is not a wish or a denial is tears (the
  /// rules' `tears`).
  func onlyTears(_ reply: String) -> Bool {
    guard !rules.tears.isEmpty else { return false }
    let words = Words.split(Self.normalised(reply))
    var any = false
    for index in words.indices {
      guard let (hard, length) = feelingWord(at: index, in: words), hard, !isUnreal(index, words)
      else { continue }
      let phrase = words[index..<(index + length)].joined(separator: " ")
      guard rules.tears.contains(phrase) else { return false }
      any = true
    }
    return any
  }

  /// Whether the first hard feeling in `reply` is said lightly: one of the rules' `mild`
  /// words just before it ("a bit wary", "slightly put out").
  func saysLightly(_ reply: String) -> Bool {
    let words = Words.split(Self.normalised(reply))
    for index in words.indices {
      guard let (hard, _) = feelingWord(at: index, in: words), hard, !isUnreal(index, words)
      else { continue }
      return rules.mild.contains { phrase in
        let needle = Words.split(phrase)
        return (0...1).contains { gap in
          let end = index - gap
          return end >= needle.count && Array(words[(end - needle.count)..<end]) == needle
        }
      }
    }
    return false
  }

  /// The first kind whose patterns match `reply` (of at most its word count), by the rules
  /// alone; `nil` for an answer.
  func rulesKind(of reply: String, afterCoach: Bool) -> ReplyReading.Kind? {
    let text = Self.normalised(reply)
    let count = Words.split(text).count
    return rules.kinds.first { rule in
      count <= rule.maxWords && (afterCoach || !rule.afterCoach)
        && rule.patterns.contains { $0.matches(text) }
    }?.kind
  }

  /// Talk aimed at the coach beside a real answer, sentence by sentence (by the rules): of
  /// those sentences' kinds the one first in the rules' order, those sentences, and the
  /// answer's own; `nil` unless both are there and the answer has ``minAnswerWords`` words.
  func aside(in reply: String, _ afterCoach: Bool) -> (
    kind: ReplyReading.Kind, said: String, answer: String
  )? {
    let sentences = Summariser.wholeSentences(reply)
    guard sentences.count > 1 else { return nil }
    let aimed: Set<ReplyReading.Kind> = [
      .question, .complaint, .alreadySaid, .correction, .refusal,
    ]
    var asides: [(kind: ReplyReading.Kind, text: String)] = []
    var answer: [String] = []
    // Sentences that end on "?" but match no rule ("the hospice as an organisation,
    // mostly?", "is that a trick question?"), kept in their place in the answer.
    var musing: [(index: Int, text: String)] = []
    // Questions to the coach, where they were said: one the person goes on to answer at
    // length ("see what, that they were unpaid? their coordinator mentioned…", "How long
    // did WHAT take? … About one season.") was answered by them, so it is part of the answer.
    var asked: [(index: Int, text: String, meaning: Bool)] = []
    for sentence in sentences {
      // A sentence of its own that asks something is put to the coach.
      let byRule = rulesKind(of: sentence, afterCoach: afterCoach)
      let kind = byRule ?? (sentence.hasSuffix("?") ? .question : nil)
      if let kind, aimed.contains(kind) {
        asides.append((kind, sentence))
        if byRule == nil, Self.isThinkingAloud(sentence),
          !rules.checks.contains(where: { $0.matches(Self.normalised(sentence)) })
        {
          musing.append((answer.count, sentence))
        } else if kind == .question {
          // "what do you mean by values? … i suppose being fair" still gets its meaning;
          // "You mean trust between people or in the kit? Both were shaky. Between me and
          // Fiona, solid…" (``answeredMeaningWords`` or more) was answered.
          asked.append((answer.count, sentence, rules.asksWhatItMeans(sentence)))
        }
      } else {
        answer.append(sentence)
      }
    }
    // Beside a long answer, such a question is the person thinking aloud or asking it of
    // themselves, not a question for the coach to answer.
    // "What does 'only the words' mean? CA cared about the clients…": a question that asks
    // outright what the coach's words mean is answered, however much follows.
    let answeredAfter = asked.filter { item in
      !(item.meaning && Self.asksOutright(item.text))
        && Words.split(answer[item.index...].joined(separator: " ")).count
          >= (item.meaning ? Self.answeredMeaningWords : Self.thinkingAloudWords)
    }.map { (index: $0.index, text: $0.text) }
    musing = (musing + answeredAfter).sorted { $0.index < $1.index }
    if !musing.isEmpty,
      Words.split(answer.joined(separator: " ")).count >= Self.thinkingAloudWords
    {
      for (offset, item) in musing.enumerated() {
        answer.insert(item.text, at: item.index + offset)
      }
      asides.removeAll { aside in musing.contains { $0.text == aside.text } }
      // Nothing left aimed at the coach: the whole reply is an answer.
      guard !asides.isEmpty else { return (.answer, "", answer.joined(separator: " ")) }
    }
    let part = answer.joined(separator: " ")
    // "the numbers mostly. is that what you mean?": a short answer is one when the only
    // talk beside it asks whether it is.
    let checking = asides.allSatisfy { aside in
      aside.kind == .question
        && rules.checks.contains { $0.matches(Self.normalised(aside.text)) }
    }
    guard let first = asides.first,
      Words.split(part).count >= (checking ? 1 : Self.minAnswerWords)
    else {
      return nil
    }
    // "What do you mean by values exactly? I'm an accountant, not a philosopher.": a
    // remark about themselves beside a question about the question is no answer.
    if asides.contains(where: { $0.kind == .question && rules.asksWhatItMeans($0.text) }),
      Self.isRemarkAboutSelf(part)
    {
      return nil
    }
    let order = rules.kinds.map(\.kind)
    let kind =
      asides.map(\.kind).min {
        (order.firstIndex(of: $0) ?? order.count) < (order.firstIndex(of: $1) ?? order.count)
      } ?? first.kind
    return (kind, asides.map(\.text).joined(separator: " "), part)
  }

  /// Whether a question reads as asked of no one in particular: it opens on no question
  /// word and says "you" only in "you mean" ("the hospice as an organisation, mostly?",
  /// "asking them you mean?", "is that a trick question?"), unlike "what do you want
  /// here?" or "do you mean the board?".
  static func isThinkingAloud(_ sentence: String) -> Bool {
    let words = Words.split(normalised(sentence))
    let asking: Set<String> = [
      "what", "why", "how", "who", "whom", "which", "when", "where", "whose", "can", "could",
      "would", "should", "do", "does", "did", "will", "shall", "have", "has",
    ]
    guard let first = words.first, !asking.contains(first) else { return false }
    for (index, word) in words.enumerated() where ["you", "your", "you're", "youre"].contains(word)
    {
      guard word == "you", index + 1 < words.count, words[index + 1] == "mean" else { return false }
    }
    return true
  }

  /// Whether a question asks outright what something means ("What does 'only the words'
  /// mean?", "what do you mean by values?"), rather than checking ("you mean the board?").
  static func asksOutright(_ question: String) -> Bool {
    normalised(question).range(
      of:
        #"^\W*(what (does|do|did) [^?]{1,40} mean|what do you mean|what is meant by|what'?s meant by)\b"#,
      options: .regularExpression) != nil
  }

  /// Whether `text` only says what the person is ("I'm an accountant, not a philosopher",
  /// "im just a volunteer").
  static func isRemarkAboutSelf(_ text: String) -> Bool {
    let lower = normalised(text)
    return Words.split(lower).count <= 8
      && lower.range(
        of:
          #"^\W*(i'?m|im|i am)\s+(just |only |not |no |more of )?(a|an)\s+\w+(\s*,?\s*(not|rather than) (a|an)\s+\w+)?\W*$"#,
        options: .regularExpression) != nil
  }

  /// The fewest words an answer beside talk aimed at the coach needs to be kept as one.
  static let minAnswerWords = 4
  /// The words of answer beside which a question no rule reads as talk to the coach is
  /// the person thinking aloud.
  static let thinkingAloudWords = 12
  /// How many words after a question about what the coach's question means show the person
  /// answered it themselves.
  static let answeredMeaningWords = 20

  /// `reply` without its sentences that only muse on the coach's `question`.
  ///
  /// "did they share them?", "sooner?" to "…what would you do sooner next time?": questions
  /// whose every content word is the question's, that no rule takes for talk to the coach,
  /// with an answer after them. The reply itself when there are none, or nothing else.
  func withoutEchoes(of question: String?, in reply: String) -> String {
    guard let question, reply.contains("?") else { return reply }
    let asked = Set(TextSimilarity.terms(question))
    let sentences = Summariser.wholeSentences(reply)
    let fillers: Set<String> = [
      "hmm", "hmmm", "um", "umm", "erm", "er", "uh", "well", "ok", "okay", "so", "honestly",
      "really", "then", "now", "right", "mm",
    ]
    let kept = sentences.filter { sentence in
      let terms = TextSimilarity.terms(
        Words.split(sentence).filter { !fillers.contains($0) }.joined(separator: " "))
      let echo =
        sentence.hasSuffix("?") && Words.split(sentence).count <= 10 && !terms.isEmpty
        && terms.allSatisfy(asked.contains) && !Words.split(sentence).contains("you")
        && rulesKind(of: sentence, afterCoach: false) == nil
      return !echo
    }
    guard kept.count < sentences.count, Words.split(kept.joined(separator: " ")).count >= 2,
      sentences.last.map(kept.contains) == true
    else { return reply }
    return kept.joined(separator: " ")
  }

  /// The reply lower-cased, curly apostrophes straight, spaces single.
  static func normalised(_ text: String) -> String {
    text.lowercased().replacingOccurrences(of: "’", with: "'")
      .split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  /// The nearest example's kind when it passes the thresholds and the kind's hint.
  private func nearestKind(_ text: String, embedder: any SentenceEmbedder) -> ReplyReading.Kind? {
    guard let (kind, score, answer) = nearest(text, embedder: embedder),
      score >= Float(rules.minSimilarity) / 100,
      score - answer >= Float(rules.margin) / 100,
      rules.hints[kind]?.matches(text) ?? false
    else { return nil }
    return kind
  }

  /// The kind (not answer) of the example nearest `text`, its cosine, and the nearest answer
  /// example's cosine (for tuning the thresholds on the train writers).
  public func nearest(_ text: String, embedder: any SentenceEmbedder) -> (
    kind: ReplyReading.Kind, score: Float, answer: Float
  )? {
    let examples = rules.examples
    guard !examples.isEmpty else { return nil }
    let vectors = exampleVectors.get { embedder.embed(examples.map(\.text)) }
    guard vectors.count == examples.count,
      let vector = embedder.embed([Self.normalised(text)]).first
    else { return nil }
    var best: [ReplyReading.Kind: Float] = [:]
    for (example, other) in zip(examples, vectors) {
      let cosine = zip(vector, other).reduce(Float(0)) { $0 + $1.0 * $1.1 }
      best[example.kind] = max(best[example.kind] ?? -1, cosine)
    }
    guard
      let (kind, score) = best.filter({ $0.key != .answer }).max(by: {
        ($0.value, $0.key.rawValue) < ($1.value, $1.key.rawValue)
      })
    else { return nil }
    return (kind, score, best[.answer] ?? -1)
  }

  /// Whether the kind's hint (the rules' gate on the encoder) is in `text`.
  public func hinted(_ kind: ReplyReading.Kind, _ text: String) -> Bool {
    rules.hints[kind]?.matches(Self.normalised(text)) ?? false
  }

  /// What a refusal names: the words after "about", "into", "discuss"… up to the first
  /// pause, unless they are only a pronoun ("that one").
  static func refused(in reply: String) -> String? {
    let pattern =
      #"(?i)\b(?:talk about|talking about|go into|get into|getting into|going into|discuss|comment on|say anything about|name or discuss|about)\s+([^,;.!?—–(]+)"#
    guard let expression = try? NSRegularExpression(pattern: pattern),
      let match = expression.firstMatch(in: reply, range: NSRange(reply.startIndex..., in: reply)),
      let range = Range(match.range(at: 1), in: reply)
    else { return nil }
    var found = String(reply[range])
    for tail in ["by the way", "to be honest", "if you don't mind", "if you dont mind", "for now"]
    where found.lowercased().hasSuffix(" " + tail) {
      found = String(found.dropLast(tail.count + 1))
    }
    var words = found.split(separator: " ").map(String.init)
    while let last = words.last,
      [
        "genuinely", "really", "here", "now", "today", "please", "sorry", "stuff", "honestly",
        "either", "though", "anyway", "tbh", "thanks",
      ].contains(last.lowercased())
    {
      words.removeLast()
    }
    let pronouns: Set<String> = [
      "that", "this", "it", "that one", "this one", "them", "her", "him", "those", "these",
      "that case", "the matter", "that matter",
    ]
    let phrase = words.joined(separator: " ")
    guard !phrase.isEmpty, !pronouns.contains(phrase.lowercased()), words.count <= 8 else {
      return nil
    }
    return phrase
  }

  /// Whose feeling the reply carries, and whether it is a hard one.
  ///
  /// The nearest subject before the first feeling word in its clause (or an earlier one);
  /// with none, the question's. An answer to a question about feelings carries
  /// one even without a feeling word.
  func feeling(in reply: String, question: String?, answer: Bool = true) -> (
    ReplyReading.Owner, Bool
  ) {
    let (owner, hard, _) = feelingAndCertainty(in: reply, question: question, answer: answer)
    return (owner, hard)
  }

  /// ``feeling(in:question:answer:)``, and whether its owner is sure: named in the feeling's
  /// own clause, by the feeling word ("stings me"), or by the question ("How did the head
  /// take it?"); not when carried from an earlier clause or guessed with no subject at all.
  ///
  /// A word of ``ReplyRules/situation`` with no one named in its clause ("…for six weeks,
  /// which was embarrassing") is the person's own: they say how it was for them.
  func feelingAndCertainty(in reply: String, question: String?, answer: Bool = true) -> (
    ReplyReading.Owner, Bool, Bool
  ) {
    let asked = question.map(Self.normalised) ?? ""
    let asksSelf = rules.asksSelf.contains { $0.matches(asked) }
    let asksOther = rules.asksOther.contains { $0.matches(asked) }
    let fallback: ReplyReading.Owner =
      asksOther ? .other : asksSelf ? .self : defaultOwner(question)
    let clauses = reply.split(whereSeparator: { ",;:.!?()—–".contains($0) })
    var carried: ReplyReading.Owner?
    for clause in clauses {
      let original = Words.split(String(clause), lowercase: false)
      var words = original.map { $0.lowercased().replacingOccurrences(of: "’", with: "'") }
      for hedge in rules.hedges {
        let needle = Words.split(hedge)
        while let found = Words.position(of: needle, in: words, from: 0) {
          for index in found..<(found + needle.count) { words[index] = "" }
        }
      }
      var subject: ReplyReading.Owner?
      for (index, word) in words.enumerated() where !word.isEmpty {
        if let (hard, length) = feelingWord(at: index, in: words), !isUnreal(index, words) {
          let phrase = words[index..<(index + length)].joined(separator: " ")
          // "terrible sandwiches", "an awful commute": a word of how a thing was, before
          // the thing, judges it; it says no one's feeling.
          let next = words.dropFirst(index + length).first { !$0.isEmpty }
          if rules.situation.contains(phrase), let next, !Self.afterAFeeling.contains(next) {
            continue
          }
          if rules.experiencers.contains(phrase) {
            if phrase.split(separator: " ").contains("me") { return (.self, hard, true) }
            let after = index + length < words.count ? words[index + length] : ""
            if ["me", "us", "myself"].contains(after) { return (.self, hard, true) }
            if ["him", "her", "them"].contains(after) { return (.other, hard, true) }
            return (.self, hard, true)
          }
          if let subject { return (subject, hard, true) }
          if rules.situation.contains(phrase) {
            // "which was embarrassing for them" is theirs; "…, which was embarrassing" ours.
            let after = words.dropFirst(index + length).filter { !$0.isEmpty }
            if after.first == "for", let whom = after.dropFirst().first {
              let own = rules.selfWords.contains(whom)
              return (own ? .self : .other, hard, true)
            }
            return (.self, hard, true)
          }
          return (carried ?? fallback, hard, asksOther || (carried == nil && asksSelf))
        }
        if rules.selfWords.contains(word) {
          subject = .self
        } else if rules.otherWords.contains(word)
          || (index > 0 && original[index].first?.isUppercase == true && word != "i")
        {
          subject = .other
        }
      }
      carried = subject ?? carried
    }
    if answer, asksOther { return (.other, true, true) }
    if answer, asksSelf { return (.self, true, true) }
    return (.none, false, true)
  }

  /// Words that may follow a word of feeling in the same clause ("…terrible for them",
  /// "awful, really"); any other word after one of ``ReplyRules/situation`` is the thing it
  /// describes.
  static let afterAFeeling: Set<String> = [
    "for", "and", "but", "or", "to", "about", "that", "because", "when", "really", "too",
    "though", "tbh", "lol", "honestly", "at", "of", "with", "in", "actually", "frankly", "now",
    "then", "again", "all", "as", "if", "so", "being", "it", "still",
  ]

  /// Whether the reply holds the person's own feeling beside another's: a `shared` phrase
  /// ("so was i"), or in a later clause an `experiencer` word with no one else after it, or
  /// a feeling word after "I" ("…, which still hurts").
  func ownFeelingAfterAnother(in reply: String) -> Bool {
    let all = Words.split(reply).map { $0.replacingOccurrences(of: "’", with: "'") }
    if rules.shared.contains(where: { Words.position(of: $0, in: all) != nil }) {
      return true
    }
    let clauses = reply.split(whereSeparator: { ",;:.!?()—–".contains($0) }).dropFirst()
    for clause in clauses {
      let words = Words.split(String(clause)).map { $0.replacingOccurrences(of: "’", with: "'") }
      var own = false
      for (index, word) in words.enumerated() {
        if rules.otherWords.contains(word) { own = false }
        if ["i", "i'm", "im", "me", "my"].contains(word) { own = true }
        guard let (_, length) = feelingWord(at: index, in: words), !isUnreal(index, words) else {
          continue
        }
        let phrase = words[index..<(index + length)].joined(separator: " ")
        let after = index + length < words.count ? words[index + length] : ""
        if rules.experiencers.contains(phrase), !["him", "her", "them"].contains(after) {
          return true
        }
        if own { return true }
      }
    }
    return false
  }

  /// Whether the words before `index` make its feeling a wish or a maybe.
  private func isUnreal(_ index: Int, _ words: [String]) -> Bool {
    rules.unreal.contains { phrase in
      let needle = Words.split(phrase)
      return index >= needle.count && Array(words[(index - needle.count)..<index]) == needle
    }
  }

  /// Whether a feeling word or phrase starts at `index`: `true` for a hard one, and how
  /// many words it has.
  private func feelingWord(at index: Int, in words: [String]) -> (Bool, Int)? {
    func length(_ phrase: String) -> Int? {
      let needle = Words.split(phrase)
      guard index + needle.count <= words.count,
        Array(words[index..<(index + needle.count)]) == needle
      else { return nil }
      return needle.count
    }
    let hard = rules.hardFeelings.compactMap(length).max()
    let good = rules.goodFeelings.compactMap(length).max()
    if let hard, hard >= (good ?? 0) { return (true, hard) }
    if let good { return (false, good) }
    return nil
  }

  /// With no subject: "you" in the question means the person's own feeling.
  private func defaultOwner(_ question: String?) -> ReplyReading.Owner {
    guard let question else { return .self }
    let words = Set(Words.split(question))
    return words.contains("you") || words.contains("yourself") || words.contains("you're")
      ? .self : .other
  }
}

/// Vectors worked out once and shared by copies of a classifier.
final class ExampleVectors: @unchecked Sendable {
  private let lock = NSLock()
  private var vectors: [[Float]]?

  func get(_ make: () -> [[Float]]) -> [[Float]] {
    lock.lock()
    defer { lock.unlock() }
    if let vectors { return vectors }
    let made = make()
    vectors = made
    return made
  }
}
