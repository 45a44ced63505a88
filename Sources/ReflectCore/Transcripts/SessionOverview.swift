import Foundation

/// One line of `reflect list`: what a session was, in brief.
public struct SessionOverview: Codable, Sendable, Equatable {
  public var id: String
  public var start: Date
  public var pack: String
  public var answers: Int
  public var lessons: Int
  /// The first lesson, or the pack title when there are none.
  public var title: String
  public var status: SessionStatus
  public var path: String
  /// What the session is about, when the person said.
  public var subject: String?
  /// Its tags, in the order added.
  public var tags: [String]

  /// An overview from its parts (as the index keeps them).
  public init(
    id: String, start: Date, pack: String, answers: Int, lessons: Int, title: String,
    status: SessionStatus, path: String, subject: String? = nil, tags: [String] = []
  ) {
    self.subject = subject
    self.tags = tags
    self.id = id
    self.start = start
    self.pack = pack
    self.answers = answers
    self.lessons = lessons
    self.title = title
    self.status = status
    self.path = path
  }

  /// The overview of `transcript`, or `nil` when it has no session start.
  public init?(_ transcript: Transcript) {
    guard let start = transcript.start else { return nil }
    id = start.id.rawValue
    self.start = start.date
    pack = start.pack
    answers = transcript.answers.count
    lessons = transcript.lessons.count
    title = transcript.lessons.first?.text ?? start.packTitle
    status = transcript.status
    path = transcript.path
    subject = transcript.subject
    tags = transcript.tags
  }
}
