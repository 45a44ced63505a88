import Foundation
import ReflectCore

/// The lessons summary for the terminal: headings, small bar charts, colour when allowed.
public struct TextReport {
  let console: Console
  let color: Bool

  /// A renderer; `color` adds reflect's own styles (the caller decides it is allowed).
  public init(console: Console, color: Bool) {
    self.console = console
    self.color = color
  }

  private func paint(_ text: String, _ style: Style) -> String { Console.paint(text, style, color) }
  private func safe(_ text: String) -> String { VisibleText.sanitize(text, keepNewlines: false) }

  /// A bar of `value` out of `top`, `width` cells wide.
  public static func bar(_ value: Int, of top: Int, width: Int = 20) -> String {
    guard top > 0, value > 0 else { return "" }
    return String(repeating: "█", count: max(1, value * width / top))
  }

  /// The report as lines of text.
  public func render(_ report: Report) -> String {
    var lines = [paint("Key lessons and learning", .heading), safe(report.header), ""]
    lines.append(paint("Key lessons", .heading))
    if report.groups.isEmpty { lines.append("  No lessons yet.") }
    for group in report.groups {
      lines.append("  " + paint(safe(group.title), .coach))
      for lesson in group.lessons {
        lines.append(
          "    \(lesson.number). \(safe(lesson.text))  "
            + paint(
              "\(lesson.date) \(lesson.session):\(lesson.line)\(lesson.proposed ? " proposed" : "")",
              .dim))
      }
    }
    lines += ["", paint("Recurring lessons", .heading)]
    if report.recurring.isEmpty { lines.append("  Nothing has come back yet.") }
    let top = report.recurring.map(\.count).max() ?? 0
    for cluster in report.recurring {
      lines.append(
        "  \(paint(Self.bar(cluster.count, of: top, width: 10), .coach)) \(cluster.count)× \(safe(cluster.text))"
      )
    }
    lines += ["", paint("Themes", .heading)]
    let totals = report.themes.indices.map { index in
      report.months.reduce(0) { $0 + $1.counts[index] }
    }
    let most = totals.max() ?? 0
    let width = report.themes.map(\.title.count).max() ?? 0
    for (index, theme) in report.themes.enumerated() {
      let name = safe(theme.title).padding(toLength: width, withPad: " ", startingAt: 0)
      var line = "  \(name) \(paint(Self.bar(totals[index], of: most), .coach)) \(totals[index])"
      if theme.skipped > 0 { line += paint("  skipped \(theme.skipped)", .dim) }
      if !theme.terms.isEmpty {
        line += paint("  " + safe(theme.terms.joined(separator: ", ")), .dim)
      }
      lines.append(line)
    }
    lines += ["", paint("Commitments", .heading)]
    if report.commitments.isEmpty { lines.append("  None yet.") }
    for item in report.commitments {
      var line = "  [\(item.status)] \(safe(item.text))"
      if let due = item.due { line += " (by \(due))" }
      if let outcome = item.outcome, !outcome.isEmpty { line += " — \(safe(outcome))" }
      lines.append(line)
    }
    return lines.joined(separator: "\n") + "\n"
  }
}
