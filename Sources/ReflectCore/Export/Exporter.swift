import Foundation

/// The document formats Core renders (the terminal's text report is drawn by
/// ReflectTerminal's `TextReport`).
public enum ExportFormat: String, Sendable, CaseIterable {
  case markdown, json, html
}

/// Renders a ``LessonsSummary`` as Markdown, JSON or HTML (text is the terminal layer's).
public struct Exporter: Sendable {
  /// The version of the JSON export schema (docs/export-format.md).
  public static let jsonVersion = 2

  /// The time zone dates are shown in.
  public var timeZone: TimeZone
  /// Pseudonyms for names, when the export is redacted.
  public var redactor: Redactor?

  /// Creates an exporter showing dates in `timeZone`.
  public init(timeZone: TimeZone = .current, redactor: Redactor? = nil) {
    self.timeZone = timeZone
    self.redactor = redactor
  }

  /// A redactor that has learned every name in `summary`, in document order.
  public static func redactor(for summary: LessonsSummary, list: String) -> Redactor {
    var redactor = Redactor(list: list)
    for lesson in summary.lessons { redactor.learn(lesson.text) }
    for item in summary.reviewedCommitments {
      redactor.learn(item.text)
      if let outcome = item.outcome { redactor.learn(outcome) }
    }
    return redactor
  }

  /// The summary as a document in `format`.
  public func render(_ summary: LessonsSummary, as format: ExportFormat) -> String {
    let report = Report(summary, exporter: self)
    switch format {
    case .markdown: return markdown(report)
    case .json: return json(report)
    case .html: return html(report)
    }
  }

  func day(_ date: Date) -> String {
    var style = Date.ISO8601FormatStyle(timeZone: timeZone)
    style = style.year().month().day()
    return style.format(date)
  }

  // MARK: - Markdown

  private func markdown(_ report: Report) -> String {
    let md = MarkdownText.escape
    var lines = ["# Key lessons and learning", ""]
    lines.append(report.header)
    lines.append("")
    lines += ["## Key lessons", ""]
    if report.groups.isEmpty { lines += ["No lessons yet.", ""] }
    for group in report.groups {
      lines += ["### \(md(group.title))", ""]
      for lesson in group.lessons {
        lines.append(
          "\(lesson.number). \(md(lesson.text)) — \(lesson.date), session `\(lesson.session)`"
            + " line \(lesson.line)\(lesson.proposed ? " (kept from a coach proposal)" : "")")
      }
      lines.append("")
    }
    lines += ["## Recurring lessons", ""]
    if report.recurring.isEmpty { lines += ["Nothing has come back yet.", ""] }
    for cluster in report.recurring {
      lines.append(
        "- **\(md(cluster.text))** — \(cluster.count) times: \(cluster.dates.joined(separator: ", "))"
      )
    }
    if !report.recurring.isEmpty { lines.append("") }
    lines += ["## Themes over time", ""]
    if !report.months.isEmpty {
      lines.append(
        "| Month | " + report.themes.map { md($0.title) }.joined(separator: " | ") + " |")
      lines.append("| --- |" + String(repeating: " --- |", count: report.themes.count))
      for month in report.months {
        lines.append(
          "| \(month.month) | " + month.counts.map(String.init).joined(separator: " | ") + " |")
      }
      lines.append("")
    }
    for theme in report.themes where !theme.note(escape: md).isEmpty {
      lines.append("- \(md(theme.title)): " + theme.note(escape: md))
    }
    lines += ["", "## Commitments", ""]
    if report.commitments.isEmpty { lines.append("None yet.") }
    for item in report.commitments { lines.append("- " + item.line(escape: md)) }
    lines.append("")
    return lines.joined(separator: "\n")
  }

  // MARK: - JSON

  private struct JSONDocument: Encodable {
    struct Period: Encodable {
      var from: String?
      var to: String?
    }
    struct JSONLesson: Encodable {
      var number: Int
      var text: String
      var theme: String
      var themeTitle: String
      var date: String
      var session: String
      var line: Int
      var origin: String
    }
    struct JSONCluster: Encodable {
      var text: String
      var count: Int
      var texts: [String]
      var dates: [String]
      var sessions: [String]
    }
    struct Month: Encodable {
      var month: String
      var stages: [String: Int]
    }
    struct Theme: Encodable {
      var stage: String
      var title: String
      var keyTerms: [String]
      var skipped: Int
    }
    struct JSONCommitment: Encodable {
      var session: String
      var number: Int
      var text: String
      var due: String?
      var date: String
      var status: String
      var outcome: String?
      var reviewed: String?
    }
    var version: Int
    var period: Period
    var sessions: Int
    var packs: [String]
    var lessons: [JSONLesson]
    var recurring: [JSONCluster]
    var months: [Month]
    var themes: [Theme]
    var commitments: [JSONCommitment]
  }

  private func json(_ report: Report) -> String {
    let document = JSONDocument(
      version: Self.jsonVersion, period: .init(from: report.from, to: report.to),
      sessions: report.sessions, packs: report.packs,
      lessons: report.groups.flatMap { group in
        group.lessons.map {
          .init(
            number: $0.number, text: $0.text, theme: group.stage, themeTitle: group.title,
            date: $0.date, session: $0.session, line: $0.line,
            origin: $0.proposed ? "proposed" : "typed")
        }
      },
      recurring: report.recurring.map {
        .init(
          text: $0.text, count: $0.count, texts: $0.texts, dates: $0.dates, sessions: $0.sessions)
      },
      months: report.months.map { month in
        .init(
          month: month.month,
          stages: Dictionary(
            uniqueKeysWithValues: zip(report.themes.map(\.stage), month.counts).filter { $0.1 > 0 })
        )
      },
      themes: report.themes.map {
        .init(stage: $0.stage, title: $0.title, keyTerms: $0.terms, skipped: $0.skipped)
      },
      commitments: report.commitments.map {
        .init(
          session: $0.session, number: $0.number, text: $0.text, due: $0.due, date: $0.date,
          status: $0.status, outcome: $0.outcome, reviewed: $0.reviewed)
      })
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = (try? encoder.encode(document)) ?? Data("{}".utf8)
    return (String(data: data, encoding: .utf8) ?? "{}") + "\n"
  }

  // MARK: - HTML

  private func html(_ report: Report) -> String {
    let h = HTMLText.escape
    var out = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>Key lessons and learning</title>
      <style>
      body { font-family: Georgia, 'Times New Roman', serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.55; color: #222; background: #fdfdfb; }
      h1, h2, h3 { font-family: system-ui, sans-serif; line-height: 1.2; }
      h2 { border-bottom: 1px solid #ddd; padding-bottom: .2rem; margin-top: 2.2rem; }
      .meta, .source { color: #666; font-size: .9rem; }
      table { border-collapse: collapse; } td, th { padding: .2rem .6rem; border-bottom: 1px solid #eee; text-align: left; }
      svg text { font-family: system-ui, sans-serif; font-size: 11px; fill: #333; }
      </style>
      </head>
      <body>
      <h1>Key lessons and learning</h1>

      """
    out += "<p class=\"meta\">\(h(report.header))</p>\n<h2>Key lessons</h2>\n"
    if report.groups.isEmpty { out += "<p>No lessons yet.</p>\n" }
    for group in report.groups {
      out += "<h3>\(h(group.title))</h3>\n<ol>\n"
      for lesson in group.lessons {
        out +=
          "<li value=\"\(lesson.number)\">\(h(lesson.text)) <span class=\"source\">— \(lesson.date),"
          + " session \(h(lesson.session)) line \(lesson.line)"
          + "\(lesson.proposed ? " (kept from a coach proposal)" : "")</span></li>\n"
      }
      out += "</ol>\n"
    }
    out += "<h2>Recurring lessons</h2>\n"
    if report.recurring.isEmpty {
      out += "<p>Nothing has come back yet.</p>\n"
    } else {
      out += recurringChart(report.recurring)
      out += "<ul>\n"
      for cluster in report.recurring {
        out +=
          "<li><strong>\(h(cluster.text))</strong> — \(cluster.count) times: \(h(cluster.dates.joined(separator: ", ")))</li>\n"
      }
      out += "</ul>\n"
    }
    out += "<h2>Themes over time</h2>\n"
    out += themesChart(report)
    out += "<ul>\n"
    for theme in report.themes where !theme.note(escape: h).isEmpty {
      out += "<li><strong>\(h(theme.title))</strong>: \(theme.note(escape: h))</li>\n"
    }
    out += "</ul>\n<h2>Commitments</h2>\n<ul>\n"
    if report.commitments.isEmpty { out += "<li>None yet.</li>\n" }
    for item in report.commitments { out += "<li>\(item.line(escape: h))</li>\n" }
    out += "</ul>\n</body>\n</html>\n"
    return out
  }

  private static let palette = [
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f",
  ]

  /// Grouped bars: one group per month, one bar per theme, height by sessions.
  private func themesChart(_ report: Report) -> String {
    guard !report.months.isEmpty, !report.themes.isEmpty else { return "<p>No answers yet.</p>\n" }
    let h = HTMLText.escape
    let bar = 10
    let groupWidth = report.themes.count * bar + 16
    let width = max(300, report.months.count * groupWidth + 40)
    let top = max(1, report.months.flatMap(\.counts).max() ?? 1)
    let chartHeight = 120
    let legendHeight = 16 * report.themes.count
    var svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(width)\" height=\"\(chartHeight + 30 + legendHeight)\">\n"
      + "<title>Sessions per month, by theme</title>\n"
      + "<text x=\"2\" y=\"14\">\(top)</text><text x=\"2\" y=\"\(chartHeight + 5)\">0</text>\n"
    for (m, month) in report.months.enumerated() {
      let x0 = 30 + m * groupWidth
      for (t, count) in month.counts.enumerated() where count > 0 {
        let height = count * chartHeight / top
        svg +=
          "<rect x=\"\(x0 + t * bar)\" y=\"\(chartHeight - height + 5)\" width=\"\(bar - 1)\" height=\"\(height)\" fill=\"\(Self.palette[t % Self.palette.count])\"><title>\(h(report.themes[t].title)): \(count)</title></rect>\n"
      }
      svg += "<text x=\"\(x0)\" y=\"\(chartHeight + 20)\">\(h(month.month))</text>\n"
    }
    for (t, theme) in report.themes.enumerated() {
      let y = chartHeight + 30 + t * 16
      svg +=
        "<rect x=\"30\" y=\"\(y)\" width=\"10\" height=\"10\" fill=\"\(Self.palette[t % Self.palette.count])\"></rect>"
      svg += "<text x=\"46\" y=\"\(y + 9)\">\(h(theme.title))</text>\n"
    }
    return svg + "</svg>\n"
  }

  /// Horizontal bars: how often each recurring lesson came back.
  private func recurringChart(_ clusters: [Report.RecurringLesson]) -> String {
    let top = max(1, clusters.map(\.count).max() ?? 1)
    let shown = Array(clusters.prefix(10))
    var svg =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"640\" height=\"\(shown.count * 22 + 10)\">\n"
      + "<title>Recurring lessons</title>\n"
    for (index, cluster) in shown.enumerated() {
      let y = 5 + index * 22
      let width = cluster.count * 200 / top
      svg += "<rect x=\"0\" y=\"\(y)\" width=\"\(width)\" height=\"16\" fill=\"#4e79a7\"></rect>"
      svg +=
        "<text x=\"\(width + 6)\" y=\"\(y + 12)\">\(cluster.count)× \(HTMLText.escape(String(cluster.text.prefix(60))))</text>\n"
    }
    return svg + "</svg>\n"
  }
}
