import Foundation

/// The formats `reflect export` writes.
public enum ExportFormat: String, Sendable, CaseIterable {
  case markdown, json
}

/// Renders a ``LessonsSummary`` in one format.
public struct Exporter: Sendable {
  /// The version of the JSON export schema (docs/export-format.md).
  public static let jsonVersion = 1

  /// The time zone dates are shown in.
  public var timeZone: TimeZone

  /// Creates an exporter showing dates in `timeZone`.
  public init(timeZone: TimeZone = .current) { self.timeZone = timeZone }

  /// The summary as a document in `format`.
  public func render(_ summary: LessonsSummary, as format: ExportFormat) -> String {
    switch format {
    case .markdown: markdown(summary)
    case .json: json(summary)
    }
  }

  private func day(_ date: Date) -> String {
    var style = Date.ISO8601FormatStyle(timeZone: timeZone)
    style = style.year().month().day()
    return style.format(date)
  }

  private func markdown(_ summary: LessonsSummary) -> String {
    var lines = ["# Key lessons and learning", ""]
    if summary.sessions.isEmpty {
      lines.append("No sessions yet.")
    }
    for session in summary.sessions {
      lines.append("## \(day(session.start)) — \(MarkdownText.escape(session.packTitle))")
      lines.append("")
      lines.append("Session `\(session.id)`, pack `\(session.pack)`.")
      lines.append("")
      if session.lessons.isEmpty {
        lines.append("_No lessons written._")
      }
      for lesson in session.lessons {
        lines.append("\(lesson.number). \(MarkdownText.escape(lesson.text))")
      }
      if !session.commitments.isEmpty {
        lines.append("")
        lines.append("Commitments:")
        lines.append("")
        for commitment in session.commitments {
          let due = commitment.due.map { " (by \($0))" } ?? ""
          lines.append("- \(MarkdownText.escape(commitment.text))\(due)")
        }
      }
      lines.append("")
    }
    return lines.joined(separator: "\n")
  }

  private struct JSONDocument: Encodable {
    struct Session: Encodable {
      var id: String
      var date: String
      var start: String
      var pack: String
      var packTitle: String
      var lessons: [JSONLesson]
      var commitments: [JSONCommitment]
    }
    struct JSONLesson: Encodable {
      var number: Int
      var text: String
      var origin: String
      var stage: String
    }
    struct JSONCommitment: Encodable {
      var number: Int
      var text: String
      var due: String?
    }
    var version: Int
    var sessions: [Session]
  }

  private func json(_ summary: LessonsSummary) -> String {
    let document = JSONDocument(
      version: Self.jsonVersion,
      sessions: summary.sessions.map { session in
        JSONDocument.Session(
          id: session.id, date: day(session.start), start: Timestamp.format(session.start),
          pack: session.pack, packTitle: session.packTitle,
          lessons: session.lessons.map {
            .init(number: $0.number, text: $0.text, origin: $0.origin.rawValue, stage: $0.stage)
          },
          commitments: session.commitments.map {
            .init(number: $0.number, text: $0.text, due: $0.due)
          })
      })
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
    return (String(data: data, encoding: .utf8) ?? "{}") + "\n"
  }
}
