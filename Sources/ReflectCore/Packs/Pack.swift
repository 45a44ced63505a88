/// A question pack: a reflection framework as an ordered list of stages.
///
/// Packs are data (YAML files in `Prompts/` or the user's prompts folder) loaded by
/// ``PackLoader``; docs/pack-format.md documents the format.
public struct Pack: Sendable, Equatable {
  /// Short identifier used on the command line, such as `collaboration`.
  public var id: String
  /// Human title, such as "Collaboration in public services".
  public var title: String
  /// One or two sentences on what the pack is for.
  public var description: String
  /// The framework the pack follows, by name and author/year.
  public var source: String
  /// How many follow-ups the coach may ask about one question.
  public var maxFollowUps: Int
  /// The stages, in the order the coach walks them.
  public var stages: [Stage]
  /// Where the pack came from, for messages (`Prompts/grow.yaml` or a user path).
  public var origin: String

  /// Creates a pack; ``PackLoader`` is the usual way to get one.
  public init(
    id: String, title: String, description: String, source: String, maxFollowUps: Int = 2,
    stages: [Stage], origin: String
  ) {
    self.id = id
    self.title = title
    self.description = description
    self.source = source
    self.maxFollowUps = maxFollowUps
    self.stages = stages
    self.origin = origin
  }

  /// The stage with `id`, if any.
  public func stage(_ id: String) -> Stage? { stages.first { $0.id == id } }

  /// A copy that keeps only the named stages, in pack order.
  ///
  /// Throws ``PackError/unknownStages(pack:unknown:available:)`` naming any id the pack lacks.
  public func restricted(to stageIDs: [String]) throws(PackError) -> Pack {
    let known = Set(stages.map(\.id))
    let unknown = stageIDs.filter { !known.contains($0) }
    guard unknown.isEmpty else {
      throw .unknownStages(pack: id, unknown: unknown, available: stages.map(\.id))
    }
    var copy = self
    copy.stages = stages.filter { stageIDs.contains($0.id) }
    return copy
  }
}

/// One stage of a pack, such as `values` or `trust`.
public struct Stage: Sendable, Equatable {
  /// Identifier, unique within the pack.
  public var id: String
  /// Title shown in summaries and exports.
  public var title: String
  /// The line the coach says on entering the stage.
  public var intro: String
  /// What the stage collects.
  public var kind: StageKind
  /// The questions, asked in order.
  public var questions: [Question]
  /// Stage-specific coach rules, ranked together with the general ones.
  public var followUps: [CoachRule]

  /// Creates a stage.
  public init(
    id: String, title: String, intro: String, kind: StageKind = .questions,
    questions: [Question], followUps: [CoachRule] = []
  ) {
    self.id = id
    self.title = title
    self.intro = intro
    self.kind = kind
    self.questions = questions
    self.followUps = followUps
  }
}

/// What a stage collects from the person.
public enum StageKind: String, Sendable, Equatable, CaseIterable {
  /// Open questions, each answered once (plus follow-ups).
  case questions
  /// Numbered lessons, one per line, until an empty line.
  case lessons
  /// Actions with an optional due date, one per line, until an empty line.
  case commitments
}

/// A question the coach asks.
public struct Question: Sendable, Equatable {
  /// Identifier, unique within the pack.
  public var id: String
  /// The words the coach says.
  public var text: String
  /// The principle behind the question, shown by `/why`.
  public var why: String?
  /// What the question asks for, in plain words: said when the person asks what it means
  /// ("what do you mean by values?"), where ``why`` would answer why it is asked.
  public var means: String?
  /// For a rating question, the whole numbers an answer must fall in (`scale: 1-10`).
  public var scale: ClosedRange<Int>?
  /// Words that, said in an earlier answer, mean the person has already told the coach what
  /// this question asks (`known_when`).
  public var knownWhen: [String]
  /// Asked instead of ``text`` when an earlier answer said one of ``knownWhen``: builds on
  /// it, with `(known)` the word as the person wrote it (`if_known`).
  public var ifKnown: String?

  /// Creates a question.
  public init(
    id: String, text: String, why: String? = nil, means: String? = nil,
    scale: ClosedRange<Int>? = nil, knownWhen: [String] = [], ifKnown: String? = nil
  ) {
    self.id = id
    self.text = text
    self.why = why
    self.means = means
    self.scale = scale
    self.knownWhen = knownWhen
    self.ifKnown = ifKnown
  }
}
