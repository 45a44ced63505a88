import Foundation

/// The document formats Core renders (the terminal's text report is drawn by
/// ReflectTerminal's `TextReport`).
public enum ExportFormat: String, Sendable, CaseIterable {
  case markdown, json, html
}

/// Renders a ``LessonsReport`` as Markdown, JSON or HTML; it only renders: what to show and in
/// which order is the report's.
public struct Exporter: Sendable {
  /// Every lesson of every theme, none folded (Markdown; HTML folds into `<details>`).
  public var all: Bool

  /// Creates an exporter.
  public init(all: Bool = false) {
    self.all = all
  }

  /// A redactor that has learned every name in `summary`, in document order.
  public static func redactor(for summary: LessonsSummary, list: String) -> Redactor {
    var redactor = Redactor(list: list)
    for lesson in summary.lessons {
      redactor.learn(lesson.text)
      if let answer = lesson.answer { redactor.learn(answer) }
    }
    for item in summary.reviewedCommitments {
      redactor.learn(item.text)
      if let outcome = item.outcome { redactor.learn(outcome) }
    }
    return redactor
  }

  /// The report as a document in `format`.
  public func render(_ report: LessonsReport, as format: ExportFormat) -> String {
    switch format {
    case .markdown: MarkdownReport(report: report, all: all).render()
    case .json: Self.json(report)
    case .html: HTMLReport(report: report).render()
    }
  }

  /// The report itself, encoded: nothing is folded or dropped.
  static func json(_ report: LessonsReport) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = (try? encoder.encode(report)) ?? Data("{}".utf8)
    return (String(data: data, encoding: .utf8) ?? "{}") + "\n"
  }
}

extension LessonsReport.Commitment {
  /// "Call Sam (by 2026-10-20) — made 2026-10-05; done 2026-11-10: we met", the person's
  /// words passed through `escape`.
  public func line(escape: (String) -> String) -> String {
    var line = escape(text)
    // The due date is read from a file like any other text: shown as is only when it is
    // a well-formed date.
    if let due { line += " (by \(DueDate.isDate(due) ? due : escape(due)))" }
    line += " — made \(date)"
    if let reviewed {
      let what =
        status == .open ? progress.flatMap { Self.progressWords[$0] } ?? "asked" : status.rawValue
      line += "; \(what) \(reviewed)"
    }
    if let outcome, !outcome.isEmpty { line += ": \(escape(outcome))" }
    return line
  }

  /// How an open commitment's last review reads.
  static let progressWords: [ReviewOutcome: String] = [
    .partly: "partly done", .notYet: "not yet done", .unclear: "asked about",
  ]
}

extension LessonsReport.Item {
  /// "3 times, 2026-10-05 to 2026-11-24" or "2026-11-24".
  public var when: String {
    count > 1
      ? "\(count) times, \(firstDate) to \(lastDate)"
      : lastDate
  }
}

extension LessonsReport.Theme {
  /// "in 4 of 5 sessions" and the like.
  public func coverage(of total: Int) -> String {
    "in \(sessions) of \(total) session\(total == 1 ? "" : "s")"
  }
}
