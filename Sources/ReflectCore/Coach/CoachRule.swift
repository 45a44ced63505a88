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
  /// Tried in order; the first that matches and still has an unused reply is used.
  public var decompositions: [Decomposition]

  /// Creates a rule.
  public init(keywords: [String], absent: [String] = [], rank: Int, decompositions: [Decomposition])
  {
    self.keywords = keywords
    self.absent = absent
    self.rank = rank
    self.decompositions = decompositions
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
}

/// The general coaching data: rules, probes for vague answers, acknowledgements for hard
/// feelings, memory links and the pronoun table.
public struct CoachRules: Sendable, Equatable {
  public var rules: [CoachRule]
  /// Words and phrases that mark an answer as vague when it is short.
  public var vagueMarkers: [String]
  /// An answer of at most this many words is vague.
  public var shortAnswerWords: Int
  /// Gentle, specific probes for a vague answer, used in turn.
  public var probes: [String]
  /// Words that mark a clearly negative feeling.
  public var negativeMarkers: [String]
  /// Brief acknowledgements said before moving on, used in turn.
  public var acknowledgements: [String]
  /// Templates that link back to a remembered phrase: `(memory)` and `(stage)`.
  public var memoryLinks: [String]
  /// First/second person swaps applied to echoed words (`i` → `you`, `you` → `I`).
  public var reflections: [String: String]
  /// Phrases that mark a sentence as carrying learning (a candidate lesson).
  public var lessonMarkers: [String]
  /// At most this many candidate lessons are proposed.
  public var mostCandidates: Int

  /// Creates the data set.
  public init(
    rules: [CoachRule], vagueMarkers: [String], shortAnswerWords: Int, probes: [String],
    negativeMarkers: [String], acknowledgements: [String], memoryLinks: [String],
    reflections: [String: String], lessonMarkers: [String] = [], mostCandidates: Int = 5
  ) {
    self.lessonMarkers = lessonMarkers
    self.mostCandidates = mostCandidates
    self.rules = rules
    self.vagueMarkers = vagueMarkers
    self.shortAnswerWords = shortAnswerWords
    self.probes = probes
    self.negativeMarkers = negativeMarkers
    self.acknowledgements = acknowledgements
    self.memoryLinks = memoryLinks
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
}
