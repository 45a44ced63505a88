/// One ELIZA-style rule: keywords with a rank, and decomposition patterns whose matched
/// parts are reused in reassembly templates.
///
/// Rules are data: the general ones in `Prompts/coach.yaml`, stage-specific ones under a
/// stage's `follow_ups` in a pack. docs/coach-rules.md documents the format.
public struct CoachRule: Sendable, Equatable {
  /// Words or phrases, any of which makes the rule a candidate (lower case).
  public var keywords: [String]
  /// Words or phrases none of which may appear for the rule to apply.
  ///
  /// For example, a purpose answer that never says whom it serves. A rule may have keywords, absent words, or both.
  public var absent: [String]
  /// Higher ranks win; ties go to the keyword seen first in the answer.
  public var rank: Int
  /// The rule applies only to answers of at most this many words (`max_words`).
  public var maxWords: Int?
  /// Tried in order; the first that matches and still has an unused reply is used.
  public var decompositions: [Decomposition]
  /// What the rule is about, in a sentence (`about`): with a sentence model, the answer
  /// must be near it in meaning as well as say the keyword.
  public var about: String?
  /// Why the rule's question is worth asking, in a sentence (`why`): the coach's answer
  /// when the person asks it back ("why does that matter?").
  public var why: String?
  /// Answers the rule must fire on (`examples.fires`) and must stay quiet on
  /// (`examples.quiet`), checked when the rules load.
  public var fires: [String]
  public var quiet: [String]

  /// Creates a rule.
  public init(
    keywords: [String], absent: [String] = [], rank: Int, maxWords: Int? = nil,
    decompositions: [Decomposition], about: String? = nil, why: String? = nil,
    fires: [String] = [], quiet: [String] = []
  ) {
    self.keywords = keywords
    self.absent = absent
    self.rank = rank
    self.maxWords = maxWords
    self.decompositions = decompositions
    self.about = about
    self.why = why
    self.fires = fires
    self.quiet = quiet
  }

  /// Where the rule's keyword is said in its sense in `hearing` (0 for a rule of absent
  /// words only), or `nil` when the rule does not apply: the answer is too long, an
  /// `absent` word was said in `soFar`, or no decomposition matches a sentence.
  func heard(in hearing: Hearing, soFar: Hearing) -> Int? {
    if maxWords.map({ Words.split(hearing.text).count > $0 }) ?? false { return nil }
    if absent.contains(where: soFar.mentions) { return nil }
    let positions = keywords.compactMap { hearing.position(of: $0) }
    guard keywords.isEmpty || !positions.isEmpty else { return nil }
    return positions.min() ?? 0
  }

  /// Whether the rule fires on `answer` said on its own, words only: its keyword in sense
  /// and a decomposition that matches (what `examples` are checked against).
  func fires(on answer: String, listening: Listening) -> Bool {
    let hearing = Hearing(answer, listening: listening)
    guard heard(in: hearing, soFar: hearing) != nil else { return false }
    return decompositions.contains { $0.matches(answer, listening: listening) }
  }
}

/// A pattern such as `* i feel *` and the replies that reuse its parts as `(1)`, `(2)`.
public struct Decomposition: Sendable, Equatable {
  /// Words and `*` wildcards, matched against the answer's words.
  public var pattern: [String]
  /// Templates used in turn; `(n)` is the n-th wildcard's words, pronouns swapped.
  public var replies: [String]
  /// When set, the `(n)` fragment is remembered so the coach can link back to it later.
  public var remember: Int?

  /// Creates a decomposition.
  public init(pattern: [String], replies: [String], remember: Int? = nil) {
    self.pattern = pattern
    self.replies = replies
    self.remember = remember
  }

  /// The sentence of `text` the pattern matches, and its wildcard word ranges: the whole
  /// text for `*`, else the first sentence that matches, with masked, negated and named
  /// words unable to stand for a literal.
  func match(_ text: String, listening: Listening) -> (sentence: String, parts: [Range<Int>])? {
    let pieces = pattern == ["*"] ? [text] : Words.sentences(text)
    for sentence in pieces {
      let heard = Hearing(sentence, listening: listening)
      let words = heard.words.enumerated().map {
        heard.negated.contains($0.offset) || heard.named.contains($0.offset) ? "" : $0.element
      }
      if let parts = Words.match(pattern, words) { return (sentence, parts) }
    }
    return nil
  }

  func matches(_ text: String, listening: Listening) -> Bool {
    match(text, listening: listening) != nil
  }
}

/// The general coaching data from `Prompts/coach.yaml`.
///
/// Rules, probes for vague answers, acknowledgements for hard feelings, memory links,
/// listening lists, scale and review lines, and the pronoun table. docs/coach-rules.md
/// documents every section.
public struct CoachRules: Sendable, Equatable {
  public var rules: [CoachRule]
  /// Words and phrases that mark an answer as vague when it is short.
  public var vagueMarkers: [String]
  /// An answer of at most this many words is vague when every word is an empty one.
  public var shortAnswerWords: Int
  /// Words that carry no substance on their own ("yes", "good", "it was").
  public var emptyWords: Set<String>
  /// Gentle, specific probes for a vague answer, used in turn.
  public var probes: [String]
  /// Probes for a short answer that has substance, used in turn.
  public var shortProbes: [String]
  /// Words and phrases that mark a painful feeling or statement.
  public var negativeMarkers: [String]
  /// Brief acknowledgements said before moving on, used in turn.
  public var acknowledgements: [String]
  /// Templates that link back to a remembered phrase: `(memory)` and `(stage)`.
  public var memoryLinks: [String]
  /// Negations, phrase senses and meta replies.
  public var listening: Listening
  /// Lines for scale questions.
  public var scale: ScaleLines
  /// How commitment reviews are read and answered.
  public var review: ReviewLines
  /// First person → second person swaps applied to echoed words (`i` → `you`).
  public var reflections: [String: String]

  /// Creates the data set.
  public init(
    rules: [CoachRule], vagueMarkers: [String], shortAnswerWords: Int,
    emptyWords: Set<String> = [], probes: [String], shortProbes: [String] = [],
    negativeMarkers: [String],
    acknowledgements: [String], memoryLinks: [String], listening: Listening = .none,
    scale: ScaleLines = .none, review: ReviewLines = .none, reflections: [String: String]
  ) {
    self.rules = rules
    self.vagueMarkers = vagueMarkers
    self.shortAnswerWords = shortAnswerWords
    self.emptyWords = emptyWords
    self.probes = probes
    self.shortProbes = shortProbes
    self.negativeMarkers = negativeMarkers
    self.acknowledgements = acknowledgements
    self.memoryLinks = memoryLinks
    self.listening = listening
    self.scale = scale
    self.review = review
    self.reflections = reflections
  }

  /// The built-in rules from `Prompts/coach.yaml`.
  public static func builtIn() throws(PackError) -> CoachRules {
    try CoachRulesLoader().load(embeddedPromptFiles["coach.yaml"] ?? "", file: "Prompts/coach.yaml")
  }

  /// No rules at all: the coach only asks the pack's questions.
  public static let none = CoachRules(
    rules: [], vagueMarkers: [], shortAnswerWords: 0, probes: [], negativeMarkers: [],
    acknowledgements: [], memoryLinks: [], reflections: [:])

  /// The reflector built from the pronoun table.
  var reflector: Reflector { Reflector(swaps: reflections) }
}

/// What the coach says after a number on a scale question: `(number)` and `(higher)`.
public struct ScaleLines: Sendable, Equatable {
  /// For a number inside the scale.
  public var middle: [String]
  /// For the top of the scale.
  public var top: [String]
  /// For the bottom of the scale.
  public var bottom: [String]
  /// When the answer holds no number.
  public var ask: [String]

  /// Creates the lines.
  public init(middle: [String], top: [String], bottom: [String], ask: [String]) {
    self.middle = middle
    self.top = top
    self.bottom = bottom
    self.ask = ask
  }

  /// No lines: a number is taken and the coach moves on.
  public static let none = ScaleLines(middle: [], top: [], bottom: [], ask: [])
}

/// How a reply about an earlier commitment is read, and what the coach says back.
public struct ReviewLines: Sendable, Equatable {
  /// Cue phrases per outcome.
  public var cues: [ReviewOutcome: [String]]
  /// Words ("yes") that mean done only when no other cue is there.
  public var weak: [String]
  /// What the coach says for outcomes that keep a commitment open.
  public var replies: [ReviewOutcome: [String]]
  /// The gentle question for a due date in the past: `(date)`.
  public var pastDue: [String]
  /// Affirming a commitment done when someone thanked them for it.
  public var thanked: [String]
  /// Asked once about a commitment not done, when the reply gave no reason.
  public var obstacle: [String]
  /// Said after hearing what got in the way.
  public var obstacleHeard: [String]
  /// Affirming a commitment done when the reply tells a hard feeling, or tears (listener
  /// revision 3): never "Well done" after "I cried in the car".
  public var doneHard: [String] = []
  public var doneMoved: [String] = []

  /// Creates the data.
  public init(
    cues: [ReviewOutcome: [String]], weak: [String], replies: [ReviewOutcome: [String]],
    pastDue: [String], thanked: [String] = [], obstacle: [String] = [],
    obstacleHeard: [String] = []
  ) {
    self.cues = cues
    self.weak = weak
    self.replies = replies
    self.pastDue = pastDue
    self.thanked = thanked
    self.obstacle = obstacle
    self.obstacleHeard = obstacleHeard
  }

  /// No cues: every reply is unclear.
  public static let none = ReviewLines(cues: [:], weak: [], replies: [:], pastDue: [])
}
