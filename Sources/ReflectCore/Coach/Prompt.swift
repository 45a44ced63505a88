import Foundation

/// What the coach waits for next.
public struct Prompt: Sendable, Equatable {
  /// What kind of input is expected.
  public enum Kind: Sendable, Equatable {
    /// An answer to the question.
    case answer
    /// The next item of a lessons or commitments list.
    case item(number: Int)
    /// Keep, edit or drop a proposed lesson (the text to pre-fill).
    case proposal(String)
    /// What became of an earlier commitment.
    case review(OpenCommitment)
    /// What got in the way of an earlier commitment not done.
    case obstacle(OpenCommitment)
    /// Whether the summary just given is right (Enter) or what it missed.
    case confirmSummary
    /// A new date for a commitment whose date has passed (Enter keeps it).
    case dueDate(String)
  }
  /// The stage being reflected on.
  public var stage: Stage
  /// The question being answered (for a review or proposal, the stage's first question).
  public var question: Question
  /// What is expected.
  public var kind: Kind

  /// A short label for the input line, such as `values` or `lesson 2`.
  public var label: String {
    switch kind {
    case .answer: stage.id
    case .item(let number): stage.kind == .commitments ? "commitment \(number)" : "lesson \(number)"
    case .proposal: "keep, edit or drop"
    case .review: "what happened"
    case .obstacle: "what got in the way"
    case .confirmSummary: "right?"
    case .dueDate: "new date"
    }
  }
}

/// The coach's reply to one input: events to record (in order) and what comes next.
public struct Turn: Sendable, Equatable {
  /// Events to append to the transcript before showing anything.
  public var events: [TranscriptEvent]
  /// The next prompt, or `nil` when the session is over.
  public var prompt: Prompt?
}
