import Foundation

/// What became of an earlier commitment, as read from the person's reply.
public enum ReviewOutcome: String, Sendable, Equatable, Hashable, CaseIterable, Encodable {
  case done, partly, changed
  case notYet = "not-yet"
  case dropped, unclear

  /// The closing status recorded in a `review` event, or `nil` when the commitment stays open.
  public var closingStatus: Review.Status? {
    switch self {
    case .done: .done
    case .changed: .changed
    case .dropped: .dropped
    case .partly, .notYet, .unclear: nil
    }
  }
}

/// Where a commitment stands in a report: still open, or closed by a review.
public enum CommitmentStatus: String, Sendable, Equatable, Encodable {
  case open, done, changed, dropped

  /// The status a review closed it with.
  public init(_ status: Review.Status) {
    switch status {
    case .done: self = .done
    case .changed: self = .changed
    case .dropped: self = .dropped
    }
  }
}

extension ReviewLines {
  /// Reads a free reply: the cue said first wins, weak words only when nothing else is said,
  /// and a negated `done` cue ("not finished") means not yet.
  public func outcome(of reply: String, listening: Listening) -> ReviewOutcome {
    let hearing = Hearing(reply, listening: listening)
    var best: (position: Int, outcome: ReviewOutcome)?
    var remaining: Int?
    for outcome in ReviewOutcome.allCases {
      for cue in cues[outcome] ?? [] {
        guard let position = hearing.position(of: cue) else { continue }
        if best.map({ position < $0.position }) ?? true { best = (position, outcome) }
        if outcome == .partly || outcome == .notYet {
          remaining = min(remaining ?? position, position)
        }
      }
    }
    // Done, then what is still to do: partly ("sent eleven so far, the rest drafted").
    if let best, best.outcome == .done, let remaining, remaining > best.position {
      return .partly
    }
    if let best { return best.outcome }
    let plain = Hearing(reply, listening: .none)
    if (cues[.done] ?? []).contains(where: { plain.position(of: $0) != nil }) { return .notYet }
    if hearing.says(any: weak) { return .done }
    return .unclear
  }
}
