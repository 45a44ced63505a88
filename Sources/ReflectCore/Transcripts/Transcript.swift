import Foundation

/// A transcript as read from disk: the events that decoded, and a note of every line that
/// did not.
public struct Transcript: Sendable {
  /// Where it was read from.
  public var path: String
  /// The events that decoded, in file order.
  public var events: [TranscriptEvent]
  /// Lines that could not be read, as `path:line: reason` errors.
  public var problems: [TranscriptError]
  /// The file line of each event (1-based), parallel to ``events``.
  public var lines: [Int]
  /// The schema of a start line written by a newer reflect, when the first line is one.
  public var newerSchema: Int?

  /// Creates a transcript from events already in memory (lines numbered 1, 2, 3…).
  public init(
    path: String, events: [TranscriptEvent], problems: [TranscriptError] = [], lines: [Int]? = nil
  ) {
    self.path = path
    self.events = events
    self.problems = problems
    self.lines = lines ?? events.indices.map { $0 + 1 }
  }

  /// The session start event, when the first line is one.
  public var start: SessionStart? {
    if case .start(let start) = events.first { return start }
    return nil
  }

  /// The session start, or the error that explains its absence (the first line's problem,
  /// such as a newer schema, or "not a reflect transcript").
  public func requireStart() throws(TranscriptError) -> SessionStart {
    if let start { return start }
    if newerSchema != nil, let problem = problems.first { throw problem }
    // A first line that could not be read says why.
    if let problem = problems.first, case .badLine(_, 1, let reason) = problem {
      throw .notATranscript(path: path, firstLine: reason)
    }
    throw .notATranscript(path: path)
  }

  /// How the session ended, or `nil` when it was interrupted (no end event).
  ///
  /// The subject and tags may be changed after the end (`retag`): those lines are not
  /// looked at.
  public var end: SessionEnd? {
    if case .end(let end) = events.last(where: { !$0.isAnnotation }) { return end }
    return nil
  }

  /// What the session is about, when the person said: the last `about`.
  public var subject: String? {
    for case .command(let command) in events.reversed() where command.name == .about {
      let text = (command.text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
      return text.isEmpty ? nil : text
    }
    return nil
  }

  /// The session's tags, in the order first added (`tag` adds, `untag` removes).
  ///
  /// A tag removed and added again goes to the end. Each tag held is numbered by when it
  /// was added, and they are put in order once at the end: looking through the list for
  /// each `tag` or `untag` grew with the square of their number.
  public var tags: [String] {
    var added: [String: Int] = [:]
    var order = 0
    for case .command(let command) in events where command.name.isAnnotation {
      guard command.name == .tag || command.name == .untag,
        let tag = command.text.flatMap(Tags.normalised)
      else { continue }
      if command.name == .tag, added[tag] == nil {
        added[tag] = order
        order += 1
      }
      if command.name == .untag { added[tag] = nil }
    }
    return added.sorted { $0.value < $1.value }.map(\.key)
  }

  /// The answers, in order.
  public var answers: [Answer] {
    events.compactMap { if case .answer(let answer) = $0 { answer } else { nil } }
  }

  /// The lessons, in order, without those taken back at their list.
  public var lessons: [Lesson] {
    let taken = withdrawn
    return events.compactMap {
      if case .lesson(let lesson) = $0, !Self.isWithdrawn($0, in: taken) { lesson } else { nil }
    }
  }

  /// A lesson the finder suggested from an imported entry, and what became of it.
  public struct Suggestion: Sendable, Equatable {
    /// Whether it waits for `reflect lessons review`, was kept (as a lesson) or dropped.
    public enum Status: String, Sendable, Equatable, Codable {
      case waiting, kept, dropped
    }
    /// Its number in the transcript (the `suggest` command's).
    public var number: Int
    public var stage: String
    public var text: String
    public var status: Status
    /// The file line of its `suggest` command.
    public var line: Int
  }

  /// The suggested lessons (`suggest` commands), in order, each with what became of it: the
  /// first decision naming its number counts (a `lesson` with that `suggestion`, a `drop`
  /// with that `number`).
  public var suggestions: [Suggestion] {
    var found: [Suggestion] = []
    var place: [Int: Int] = [:]
    for (event, line) in zip(events, lines) {
      switch event {
      case .command(let command) where command.name == .suggest:
        guard let number = command.number, place[number] == nil,
          let text = command.text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty
        else { continue }
        place[number] = found.count
        found.append(
          Suggestion(
            number: number, stage: command.stage, text: text, status: .waiting, line: line))
      case .command(let command) where command.name == .drop:
        if let number = command.number, let index = place[number],
          found[index].status == .waiting
        {
          found[index].status = .dropped
        }
      case .lesson(let lesson):
        if let number = lesson.suggestion, let index = place[number],
          found[index].status == .waiting
        {
          found[index].status = .kept
        }
      default: continue
      }
    }
    return found
  }

  /// How many suggested lessons wait for `reflect lessons review`.
  public var waitingSuggestions: Int {
    suggestions.reduce(0) { $0 + ($1.status == .waiting ? 1 : 0) }
  }

  /// The commitments, in order, without those taken back at their list.
  public var commitments: [Commitment] {
    let taken = withdrawn
    return events.compactMap {
      if case .commitment(let commitment) = $0, !Self.isWithdrawn($0, in: taken) {
        commitment
      } else {
        nil
      }
    }
  }

  /// How the session stands, from its last event.
  public var status: SessionStatus {
    switch end?.reason {
    case .completed: .completed
    case .paused: .paused
    case .quit, .endOfInput: .ended
    case nil: .interrupted
    }
  }
}

/// How a session stands (on disk and in JSON as the raw value).
public enum SessionStatus: String, Codable, Sendable, Equatable {
  /// Went through every stage.
  case completed
  /// Paused with `/pause`, to be resumed.
  case paused
  /// Ended early: `/quit` or the end of input.
  case ended
  /// No end event: stopped by a signal or a crash (or still running).
  case interrupted
}

/// Reads transcript files line by line, tolerating damage.
public struct TranscriptReader: Sendable {
  private let codec = TranscriptCodec()

  /// Creates a reader.
  public init() {}

  /// Reads the file at `path`.
  ///
  /// Only a failure to open or read it at all throws; bad lines
  /// become ``Transcript/problems``.
  public func read(path: String, followLinks: Bool = true) throws(TranscriptError) -> Transcript {
    let data = try FileSystem.readRegularFile(path, followLinks: followLinks)
    return parse(data, path: path)
  }

  /// Parses file contents.
  ///
  /// A last line without a newline is a torn write: ignored, noted.
  public func parse(_ data: Data, path: String) -> Transcript {
    var events: [TranscriptEvent] = []
    var lines: [Int] = []
    var problems: [TranscriptError] = []
    var newerSchema: Int?
    for line in TranscriptLines.classify(data, codec: codec) {
      if case .newerSchema(let schema) = line.problem, line.number == 1 { newerSchema = schema }
      if let problem = line.problem {
        problems.append(.badLine(path: path, line: line.number, reason: problem.reason))
      }
      if let event = line.event {
        events.append(event)
        lines.append(line.number)
      }
    }
    var transcript = Transcript(path: path, events: events, problems: problems, lines: lines)
    transcript.newerSchema = newerSchema
    return transcript
  }

  private func isStart(_ event: TranscriptEvent) -> Bool {
    if case .start = event { return true }
    return false
  }
}
