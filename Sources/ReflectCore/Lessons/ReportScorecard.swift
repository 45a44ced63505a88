import Foundation

extension Report {
  /// Which commitments were kept: how many stand each way, the kept rate, and the ones made
  /// again and again, grouped (docs/export-format.md).
  ///
  /// Each commitment stands one way: `done`, `changed` or `dropped` (a review closed it),
  /// `partly` (asked about again and partly done), `open` (asked about again, not yet done or
  /// unclear) or `never-reviewed` (never asked about). The kept rate is done out of those
  /// reviewed (every one but the never reviewed), in percent.
  public struct Scorecard: Sendable, Encodable, Equatable {
    /// The day due dates are compared with (`2026-12-07`, in the report's zone): the
    /// export's.
    public var asOf: String
    public var made: Int
    public var done: Int
    public var partly: Int
    public var changed: Int
    public var dropped: Int
    /// Asked about again and still open (not yet, or unclear).
    public var open: Int
    public var neverReviewed: Int
    /// Made and asked about at least once since (``made`` but the never reviewed).
    public var reviewed: Int
    /// ``done`` out of ``reviewed``, in percent (rounded down); `nil` when none was reviewed.
    public var keptRate: Int?
    /// Still open (open, partly or never reviewed) with a due date before ``asOf``.
    public var overdue: Int
    /// Commitments made more than once, grouped: the most often made first.
    public var repeated: [Repeated]
    /// What groups them: `words` (shared words, as lessons are matched without a model).
    public var groupedBy = "words"

    /// "12 made · 8 done, 1 partly, 1 changed, 0 dropped, 1 open, 1 never reviewed".
    public var totals: String {
      "\(made) made · \(done) done, \(partly) partly, \(changed) changed, \(dropped) dropped,"
        + " \(open) open, \(neverReviewed) never reviewed"
    }

    /// "Kept rate: 73 % (8 done of 11 reviewed)", or that none was reviewed yet.
    public var kept: String {
      guard let keptRate else { return "Kept rate: none reviewed yet." }
      return "Kept rate: \(keptRate) % (\(done) done of \(reviewed) reviewed)"
        + (overdue > 0 ? " · \(overdue) overdue" : "") + "."
    }
  }

  /// A commitment made more than once (in nearly the same words), and how each time stood.
  public struct Repeated: Sendable, Encodable, Equatable {
    /// Its latest wording.
    public var text: String
    /// Its distinct wordings, oldest first (at most ``Scorecard/wordingsKept``).
    public var wordings: [String]
    public var made: Int
    public var done: Int
    public var partly: Int
    public var changed: Int
    public var dropped: Int
    public var open: Int
    public var neverReviewed: Int
    public var first: ReportDate
    public var last: ReportDate

    /// "made 12 times, done 8, 2 open".
    public var tally: String {
      var parts = ["made \(made) times", "done \(done)"]
      for (count, word) in [
        (partly, "partly"), (changed, "changed"), (dropped, "dropped"), (open, "open"),
        (neverReviewed, "never reviewed"),
      ] where count > 0 {
        parts.append("\(count) \(word)")
      }
      return parts.joined(separator: ", ")
    }
  }

  /// Groups of repeated commitments a report keeps, and wordings per group.
  static let repeatedKept = 20
  static let wordingsKept = 20

  /// The scorecard of `commitments` (in the order made), on `asOf`.
  static func scorecard(_ commitments: [Commitment], asOf: String) -> Scorecard {
    var card = Scorecard(
      asOf: asOf, made: commitments.count, done: 0, partly: 0, changed: 0, dropped: 0,
      open: 0, neverReviewed: 0, reviewed: 0, keptRate: nil, overdue: 0, repeated: [])
    for item in commitments {
      switch item.standing {
      case .done: card.done += 1
      case .partly: card.partly += 1
      case .changed: card.changed += 1
      case .dropped: card.dropped += 1
      case .open: card.open += 1
      case .neverReviewed: card.neverReviewed += 1
      }
      if item.overdue { card.overdue += 1 }
    }
    card.reviewed = card.made - card.neverReviewed
    card.keptRate = card.reviewed > 0 ? card.done * 100 / card.reviewed : nil
    card.repeated = repeated(commitments)
    return card
  }

  /// Commitments grouped by their words, the groups made more than once kept.
  ///
  /// One joins the earliest group whose first wording shares at least
  /// ``TextSimilarity/threshold`` of their terms (a Jaccard index), as lessons are matched
  /// without a model. Only groups sharing one of a commitment's rarest
  /// terms are looked at (prefix filtering, as ``LessonsSummary/clusters``): the work grows
  /// with the commitments, not their square.
  static func repeated(_ commitments: [Commitment]) -> [Repeated] {
    let termLists = commitments.map { Set(TextSimilarity.terms($0.text)) }
    var frequency: [String: Int] = [:]
    for terms in termLists { for term in terms { frequency[term, default: 0] += 1 } }
    var groups: [(terms: Set<String>, members: [Int])] = []
    var byTerm: [String: [Int]] = [:]
    let threshold = TextSimilarity.threshold
    func prefix(_ terms: Set<String>) -> [String] {
      let ordered = terms.sorted { (frequency[$0] ?? 0, $0) < (frequency[$1] ?? 0, $1) }
      return Array(
        ordered.prefix(ordered.count - Int((threshold * Double(ordered.count)).rounded(.up)) + 1))
    }
    for (index, terms) in termLists.enumerated() {
      guard !terms.isEmpty else { continue }
      let wanted = prefix(terms)
      var best: Int?
      for term in wanted {
        for group in byTerm[term] ?? [] where best.map({ group < $0 }) ?? true {
          if TextSimilarity.similarity(groups[group].terms, terms) >= threshold { best = group }
        }
      }
      if let best {
        groups[best].members.append(index)
      } else {
        for term in wanted { byTerm[term, default: []].append(groups.count) }
        groups.append((terms, [index]))
      }
    }
    var result: [Repeated] = []
    for group in groups where group.members.count >= 2 {
      let members = group.members.map { commitments[$0] }
      var wordings: [String] = []
      var seen: Set<String> = []
      for item in members where seen.insert(LessonsSummary.normalised(item.text)).inserted {
        if wordings.count < wordingsKept { wordings.append(item.text) }
      }
      let latest = members.max { $0.date.day < $1.date.day } ?? members[0]
      var repeated = Repeated(
        text: latest.text, wordings: wordings, made: members.count, done: 0, partly: 0,
        changed: 0, dropped: 0, open: 0, neverReviewed: 0,
        first: members.min { $0.date.day < $1.date.day }?.date ?? latest.date,
        last: latest.date)
      for item in members {
        switch item.standing {
        case .done: repeated.done += 1
        case .partly: repeated.partly += 1
        case .changed: repeated.changed += 1
        case .dropped: repeated.dropped += 1
        case .open: repeated.open += 1
        case .neverReviewed: repeated.neverReviewed += 1
        }
      }
      result.append(repeated)
    }
    return Array(
      result.sorted { left, right in
        if left.made != right.made { return left.made > right.made }
        if left.last.day != right.last.day { return left.last.day > right.last.day }
        return left.text < right.text
      }.prefix(repeatedKept))
  }
}

extension Report.Commitment {
  /// How a commitment stands on a scorecard.
  public enum Standing: String, Sendable, Encodable {
    case done, partly, changed, dropped, open
    case neverReviewed = "never-reviewed"
  }

  /// How it stands: closed by a review, or open and how it was last asked about (never,
  /// partly done, or not yet / unclear).
  public var standing: Standing {
    switch status {
    case .done: .done
    case .changed: .changed
    case .dropped: .dropped
    case .open:
      reviewed == nil ? .neverReviewed : progress == .partly ? .partly : .open
    }
  }
}
