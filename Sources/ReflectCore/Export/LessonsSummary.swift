import Foundation

/// The lessons of many sessions, gathered for export.
public struct LessonsSummary: Sendable, Equatable {
  /// One session's part of the summary.
  public struct Session: Sendable, Equatable {
    public var id: String
    public var start: Date
    public var pack: String
    public var packTitle: String
    public var lessons: [Lesson]
    public var commitments: [Commitment]
  }

  /// Sessions with their lessons, oldest first.
  public var sessions: [Session] = []

  /// An empty summary.
  public init() {}

  /// Adds one transcript (one with no session start is ignored).
  public mutating func add(_ transcript: Transcript) {
    guard let start = transcript.start else { return }
    sessions.append(
      Session(
        id: start.id, start: start.time, pack: start.pack, packTitle: start.packTitle,
        lessons: transcript.lessons, commitments: transcript.commitments))
  }
}
