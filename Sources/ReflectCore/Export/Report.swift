import Foundation

/// A summary laid out for reading: the same content every format shows, redacted if asked.
public struct Report: Sendable {
  public struct LessonLine: Sendable {
    public var number: Int
    public var text: String
    public var date: String
    public var session: String
    public var line: Int
    public var proposed: Bool
  }
  public struct Group: Sendable {
    public var stage: String
    public var title: String
    public var lessons: [LessonLine]
  }
  public struct RecurringLesson: Sendable {
    public var text: String
    public var count: Int
    public var texts: [String]
    public var dates: [String]
    public var sessions: [String]
  }
  public struct MonthRow: Sendable {
    public var month: String
    /// Sessions per theme, in ``themes`` order.
    public var counts: [Int]
  }
  public struct Theme: Sendable {
    public var stage: String
    public var title: String
    public var terms: [String]
    public var skipped: Int

    /// "key terms: a, b; skipped 2 times" (empty when there is nothing to say).
    public func note(escape: (String) -> String) -> String {
      var parts: [String] = []
      if !terms.isEmpty { parts.append("key terms: " + terms.map(escape).joined(separator: ", ")) }
      if skipped > 0 { parts.append("skipped \(skipped) time\(skipped == 1 ? "" : "s")") }
      return parts.joined(separator: "; ")
    }
  }
  public struct CommitmentLine: Sendable {
    public var session: String
    public var number: Int
    public var text: String
    public var due: String?
    public var date: String
    public var status: String
    public var outcome: String?
    public var reviewed: String?

    /// "[done] Call Sam (by 2026-10-20) — made 2026-10-05; done 2026-11-10: we met", with the
    /// person's words passed through `escape`.
    public func line(escape: (String) -> String) -> String {
      var line = "[\(status)] \(escape(text))"
      if let due { line += " (by \(due))" }
      line += " — made \(date)"
      if let reviewed { line += "; \(status) \(reviewed)" }
      if let outcome, !outcome.isEmpty { line += ": \(escape(outcome))" }
      return line
    }
  }

  public var header: String
  public var from: String?
  public var to: String?
  public var sessions: Int
  public var packs: [String]
  public var groups: [Group]
  public var recurring: [RecurringLesson]
  public var months: [MonthRow]
  public var themes: [Theme]
  public var commitments: [CommitmentLine]

  /// Lays out `summary` with `exporter`'s time zone and redaction.
  public init(_ summary: LessonsSummary, exporter: Exporter) {
    let redact = { (text: String) in exporter.redactor?.redact(text) ?? text }
    let from = summary.first.map(exporter.day)
    let to = summary.last.map(exporter.day)
    let count = summary.sessionCount
    let period = from.map { "\($0) to \(to ?? $0)" } ?? "no sessions"
    self.from = from
    self.to = to
    sessions = count
    packs = summary.packs
    header =
      "\(period) · \(count) session\(count == 1 ? "" : "s")"
      + (summary.packs.isEmpty ? "" : " · packs: " + summary.packs.joined(separator: ", "))
    var number = 0
    let order =
      summary.stages + summary.lessons.map(\.theme).filter { !summary.stages.contains($0) }
    var seen: Set<String> = []
    groups = order.filter { seen.insert($0).inserted }.compactMap { stage in
      let lessons = summary.lessons.filter { $0.theme == stage }
      guard !lessons.isEmpty else { return nil }
      return Group(
        stage: stage, title: summary.title(stage),
        lessons: lessons.map {
          number += 1
          return LessonLine(
            number: number, text: redact($0.text), date: exporter.day($0.date), session: $0.session,
            line: $0.line, proposed: $0.origin == .proposed)
        })
    }
    recurring = summary.recurring.map {
      RecurringLesson(
        text: redact($0.text), count: $0.texts.count, texts: $0.texts.map(redact),
        dates: $0.dates.map(exporter.day), sessions: $0.sessions)
    }
    let stages = summary.stages
    months = summary.monthly.keys.sorted().map { month in
      MonthRow(month: month, counts: stages.map { summary.monthly[month]?[$0] ?? 0 })
    }
    themes = stages.map { stage in
      let terms = summary.keyTerms(stage).filter { exporter.redactor?.isNamePart($0) != true }
      return Theme(
        stage: stage, title: summary.title(stage), terms: terms,
        skipped: summary.skipped[stage] ?? 0)
    }
    commitments = summary.reviewedCommitments.map {
      CommitmentLine(
        session: $0.session, number: $0.number, text: redact($0.text), due: $0.due,
        date: exporter.day($0.date), status: $0.status, outcome: $0.outcome.map(redact),
        reviewed: $0.reviewed.map(exporter.day))
    }
  }
}
