import Foundation

/// One line of a transcript file.
///
/// Transcripts are JSON Lines: one event per line, the first a ``SessionStart`` that carries
/// the schema version. docs/transcript-format.md documents every field; the format is stable
/// within a schema version and readers refuse a newer one.
public enum TranscriptEvent: Sendable, Equatable {
  case start(SessionStart)
  case coach(CoachMessage)
  case answer(Answer)
  case skip(Skip)
  case lesson(Lesson)
  case commitment(Commitment)
  case command(Command)
  case review(Review)
  case end(SessionEnd)

  /// Whether the event describes the session (subject, tags) rather than being part of the
  /// conversation.
  ///
  /// Besides the subject, tags and revisions, the decisions on an imported entry's suggested
  /// lessons (`reflect lessons review`): a lesson kept from a suggestion, a suggestion
  /// dropped. They come after the end event, and a session stays as it ended.
  public var isAnnotation: Bool {
    switch self {
    case .command(let command): command.isAnnotation
    case .lesson(let lesson): lesson.suggestion != nil
    default: false
    }
  }

  /// When the event happened.
  public var time: Date {
    switch self {
    case .start(let event): event.time
    case .coach(let event): event.time
    case .answer(let event): event.time
    case .skip(let event): event.time
    case .lesson(let event): event.time
    case .commitment(let event): event.time
    case .command(let event): event.time
    case .review(let event): event.time
    case .end(let event): event.time
    }
  }
}

/// The transcript schema this build writes and the newest it reads.
public let transcriptSchemaVersion = 1

/// The first event of every transcript.
public struct SessionStart: Codable, Sendable, Equatable {
  public var schema: Int
  public var id: SessionID
  public var pack: String
  public var packTitle: String
  public var stages: [String]
  public var seed: UInt64
  public var version: String
  public var time: Date
  /// Follow-ups allowed per question (absent: the pack's setting).
  public var maxFollowUps: Int?
  /// `false` when the session ran with `--questions-only` (no follow-ups or proposals).
  public var coaching: Bool?
  /// Commitments from earlier sessions that this session asks about first.
  public var openCommitments: [OpenCommitment]?
  /// When the reflection was held, when it is recorded later (`session --date`/`--at`: one
  /// held on paper, or yesterday); absent: when it started, ``time``.
  public var held: Date?

  public init(
    schema: Int = transcriptSchemaVersion, id: SessionID, pack: String, packTitle: String,
    stages: [String], seed: UInt64, version: String, time: Date, maxFollowUps: Int? = nil,
    coaching: Bool? = nil, openCommitments: [OpenCommitment]? = nil, held: Date? = nil
  ) {
    self.held = held
    self.maxFollowUps = maxFollowUps
    self.coaching = coaching
    self.openCommitments = openCommitments
    self.schema = schema
    self.id = id
    self.pack = pack
    self.packTitle = packTitle
    self.stages = stages
    self.seed = seed
    self.version = version
    self.time = time
  }
}

extension SessionStart {
  /// The session's date: when it was held (``held``), else when it started.
  public var date: Date { held ?? time }

  /// When something the session recorded at `time` happened: as far after the held moment
  /// as it was after the start (the time itself when the session was not back-dated).
  public func dated(_ time: Date) -> Date {
    guard let held else { return time }
    return held.addingTimeInterval(time.timeIntervalSince(self.time))
  }
}

/// Something the coach said.
public struct CoachMessage: Codable, Sendable, Equatable {
  /// What role the line plays in the conversation.
  public enum Kind: String, Codable, Sendable, Equatable {
    case welcome, intro, question
    case followUp = "follow-up"
    case acknowledgement, summary, proposal, review, notice, closing
  }
  public var stage: String
  public var kind: Kind
  /// The question the line belongs to, when it asks or follows up on one.
  public var question: String?
  public var text: String
  public var time: Date
  /// On the line that offers proposed lessons: the lesson finder that found them (its
  /// weights' id and the sentence model's, or "words-only"), so that `replay --rerun` finds
  /// them again with the same one.
  public var finder: String?
  /// On the first line of a summary: how its sentences were picked ("answers" and the
  /// sentence model's id, or "answers words-only"), so that `replay --rerun` picks them the
  /// same way; absent in sessions held before summaries answered the questions.
  public var summariser: String?
  /// On the welcome line: how the coach listened between the pack's questions ("r2": a
  /// follow-up is never one the session asked already, nor a feeling line to a feeling
  /// whose owner is unclear), so that `replay --rerun` listens the same way; absent in
  /// sessions held before.
  public var listener: String?

  public init(
    stage: String, kind: Kind, question: String? = nil, text: String, time: Date,
    finder: String? = nil, summariser: String? = nil, listener: String? = nil
  ) {
    self.stage = stage
    self.kind = kind
    self.question = question
    self.text = text
    self.time = time
    self.finder = finder
    self.summariser = summariser
    self.listener = listener
  }
}

/// An answer the person typed.
public struct Answer: Codable, Sendable, Equatable {
  public var stage: String
  public var question: String
  public var text: String
  /// How the coach read the reply (optional: absent in older transcripts, and in sessions
  /// without coaching).
  public var heard: ReplyReading?
  public var time: Date

  public init(
    stage: String, question: String, text: String, heard: ReplyReading? = nil, time: Date
  ) {
    self.stage = stage
    self.question = question
    self.text = text
    self.heard = heard
    self.time = time
  }
}

/// A question the person chose to skip.
public struct Skip: Codable, Sendable, Equatable {
  public var stage: String
  public var question: String
  public var time: Date

  public init(stage: String, question: String, time: Date) {
    self.stage = stage
    self.question = question
    self.time = time
  }
}

/// One of the person's numbered lessons.
public struct Lesson: Codable, Sendable, Equatable {
  /// Who wrote the words.
  public enum Origin: String, Codable, Sendable, Equatable {
    /// Typed by the person.
    case typed
    /// Proposed by the coach from the person's answers and kept (possibly edited).
    case proposed
  }
  public var stage: String
  public var number: Int
  public var text: String
  public var origin: Origin
  /// For a lesson kept in `reflect lessons review`: the `number` of the `suggest` command it
  /// was kept from (absent otherwise).
  public var suggestion: Int?
  public var time: Date

  public init(
    stage: String, number: Int, text: String, origin: Origin = .typed, suggestion: Int? = nil,
    time: Date
  ) {
    self.stage = stage
    self.number = number
    self.text = text
    self.origin = origin
    self.suggestion = suggestion
    self.time = time
  }
}

/// Something the person committed to do, with an optional due date (`yyyy-mm-dd`).
public struct Commitment: Codable, Sendable, Equatable {
  public var stage: String
  public var number: Int
  public var text: String
  public var due: String?
  /// The line as typed, when the coach read its date in words too ("… by end of january":
  /// `text` is the action, `due` the date); absent in older transcripts, whose lines
  /// `replay --rerun` reads the way they were read then.
  public var said: String?
  public var time: Date

  public init(
    stage: String, number: Int, text: String, due: String?, said: String? = nil, time: Date
  ) {
    self.stage = stage
    self.number = number
    self.text = text
    self.due = due
    self.said = said
    self.time = time
  }
}

/// The last event of a transcript that ended normally.
public struct SessionEnd: Codable, Sendable, Equatable {
  /// Why the session ended.
  public enum Reason: String, Codable, Sendable, Equatable {
    /// Every stage was done.
    case completed
    /// The person typed `/quit`.
    case quit
    /// End of input: Ctrl-D, a closed pipe, or Ctrl-C twice.
    case endOfInput = "end-of-input"
    /// The person typed `/pause` to continue later.
    case paused
  }
  public var reason: Reason
  public var time: Date

  public init(reason: Reason, time: Date) {
    self.reason = reason
    self.time = time
  }
}

/// A commitment from an earlier session that has no outcome yet.
public struct OpenCommitment: Codable, Sendable, Equatable {
  /// The session it was made in.
  public var session: SessionID
  public var number: Int
  public var text: String
  public var due: String?

  public init(session: SessionID, number: Int, text: String, due: String?) {
    self.session = session
    self.number = number
    self.text = text
    self.due = due
  }
}

/// A session command the person typed that changes the conversation (`/next`, `/back`,
/// `/why`, `/summary`, `/lessons`), a list finished with an empty line (`done`), a proposed
/// lesson dropped (`drop`), a summary confirmed with Enter (`confirmed`), a due date in the
/// past queried (`past-due`, with `text`), a commitment reviewed but still open (`progress`,
/// with `text`, `session`, `number` and `status`), an input the coach could not accept
/// (`rejected`, with `text`), or what describes the session: its subject (`about`) and tags
/// (`tag`, `untag`), which may come after the end event, as may a correction made with
/// `reflect amend` (`revise`, with `line` and `text`).
///
/// An imported entry holds the lessons
/// the finder suggested (`suggest`, with `text`, `number` and `finder`) until the person
/// keeps one (a `lesson` with its `suggestion`) or drops it (`drop` with its `number`) in
/// `reflect lessons review`.
public struct Command: Codable, Sendable, Equatable {
  /// A command's name as written in a transcript: the names this version writes are below.
  ///
  /// An open set rather than an enum: a transcript from a newer reflect may hold a name
  /// this version does not know, and reading it must not fail (it is kept and ignored).
  public struct Name: RawRepresentable, Codable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public init(from decoder: any Decoder) throws {
      rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.singleValueContainer()
      try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static let next = Name(rawValue: "next")
    public static let back = Name(rawValue: "back")
    public static let why = Name(rawValue: "why")
    public static let summary = Name(rawValue: "summary")
    public static let lessons = Name(rawValue: "lessons")
    public static let resume = Name(rawValue: "resume")
    public static let skip = Name(rawValue: "skip")
    public static let keep = Name(rawValue: "keep")
    public static let drop = Name(rawValue: "drop")
    public static let done = Name(rawValue: "done")
    public static let confirmed = Name(rawValue: "confirmed")
    public static let rejected = Name(rawValue: "rejected")
    public static let pastDue = Name(rawValue: "past-due")
    public static let progress = Name(rawValue: "progress")
    /// What the session is about (`text`): `session --about`, the opening question, or a
    /// later `retag --about`; the last one counts.
    public static let about = Name(rawValue: "about")
    /// A tag added (`text`): `session --tag`, `/tag`, or `retag --add`.
    public static let tag = Name(rawValue: "tag")
    /// A tag removed (`text`): `retag --remove`.
    public static let untag = Name(rawValue: "untag")

    /// A correction (`reflect amend`): `text` replaces the text of the answer, lesson or
    /// commitment on file line `line`; an empty `text` withdraws a lesson or commitment.
    public static let revise = Name(rawValue: "revise")

    /// A lesson the finder suggested from an imported entry (`text`), numbered from 1 in its
    /// transcript (`number`), with the finder that found it (`finder`): it waits, not yet a
    /// lesson, until `reflect lessons review` keeps or drops it.
    public static let suggest = Name(rawValue: "suggest")

    /// A lesson or commitment of this session taken back at its list.
    ///
    /// After "that's not a lesson, take that out": `text` says which (`lesson` or
    /// `commitment`), `number` its number. Readers leave it out (``Transcript/revised``);
    /// replaying shows the conversation.
    public static let withdraw = Name(rawValue: "withdraw")

    /// Whether the command describes the session rather than taking part in the
    /// conversation: it may follow the end event, and replaying ignores it.
    public var isAnnotation: Bool {
      self == .about || self == .tag || self == .untag || self == .revise || self == .suggest
    }
  }

  public var name: Name
  public var stage: String
  public var text: String?
  /// For `progress`: the session and number of the commitment, and `partly`, `not-yet` or
  /// `unclear`.
  public var session: SessionID?
  public var number: Int?
  public var status: String?
  /// For `revise`: the file line (1-based) of the event it corrects.
  public var line: Int?
  /// For `suggest`: the lesson finder that found it (as a proposal's ``CoachMessage/finder``).
  public var finder: String?
  public var time: Date

  public init(
    name: Name, stage: String, text: String? = nil, session: SessionID? = nil,
    number: Int? = nil, status: String? = nil, line: Int? = nil, finder: String? = nil,
    time: Date
  ) {
    self.name = name
    self.line = line
    self.finder = finder
    self.stage = stage
    self.text = text
    self.session = session
    self.number = number
    self.status = status
    self.time = time
  }
}

extension Command {
  /// Whether the command describes the session rather than taking part in the conversation
  /// (``Name/isAnnotation``), or is the drop of an imported entry's suggested lesson (a
  /// `drop` naming the suggestion's `number`; a session's drops name none).
  public var isAnnotation: Bool { name.isAnnotation || (name == .drop && number != nil) }
}

/// What became of a commitment from an earlier session.
public struct Review: Codable, Sendable, Equatable {
  /// The outcome.
  public enum Status: String, Codable, Sendable, Equatable, CaseIterable {
    case done, changed, dropped
  }
  /// The session the commitment was made in, and its number there.
  public var session: SessionID
  public var number: Int
  public var text: String
  public var status: Status
  /// What happened, in the person's words.
  public var outcome: String
  /// The reply exactly as typed, when the status was read from it (absent before 0.2).
  public var reply: String?
  public var time: Date

  public init(
    session: SessionID, number: Int, text: String, status: Status, outcome: String,
    reply: String? = nil, time: Date
  ) {
    self.session = session
    self.number = number
    self.text = text
    self.status = status
    self.outcome = outcome
    self.reply = reply
    self.time = time
  }
}
