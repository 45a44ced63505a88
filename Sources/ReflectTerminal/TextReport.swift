import Foundation
import ReflectCore

/// The lessons report on a terminal: the same order and folding as the documents, wrapped to
/// the terminal's width, with bars only where the terminal can draw them.
public struct TextReport {
  /// What to show.
  public struct Layout: Sendable {
    /// Colour from reflect's styles.
    public var color: Bool
    /// Draw bars (off for `TERM=dumb`: numbers only).
    public var bars: Bool
    /// Columns to wrap to.
    public var width: Int
    /// Every lesson, none folded.
    public var all: Bool

    /// Columns a report written to a file wraps to when COLUMNS does not say.
    public static let fileWidth = 80

    /// Creates a layout.
    public init(color: Bool, bars: Bool, width: Int, all: Bool = false) {
      self.color = color
      self.bars = bars
      self.width = width
      self.all = all
    }
  }

  let layout: Layout

  /// A renderer with `layout`.
  public init(layout: Layout) {
    self.layout = layout
  }

  private func paint(_ text: String, _ style: Style) -> String {
    Console.paint(text, style, layout.color)
  }
  private func safe(_ text: String) -> String { VisibleText.oneLine(text) }

  /// A bar of `value` out of `top`, `width` cells wide.
  public static func bar(_ value: Int, of top: Int, width: Int = 20) -> String {
    guard top > 0, value > 0 else { return "" }
    return String(repeating: "█", count: max(1, value * width / top))
  }

  /// `text` wrapped with a hanging indent of `indent` columns.
  private func wrapped(_ text: String, indent: Int) -> String {
    // Continuation lines line up with the text after a "- " or "12. " marker.
    let marker = text.prefix { $0.isNumber }.count
    let hanging =
      marker > 0 && text.dropFirst(marker).hasPrefix(". ")
      ? marker + 2 : text.hasPrefix("- ") ? 2 : 2
    return String(repeating: " ", count: indent)
      + TextWrap.wrap(text, width: layout.width, indent: indent + hanging, first: indent)
  }

  /// " [s1 s4]": the places of the item's sources in the list of sources at the end
  /// ("s12"), the first ``citedSources`` of them and how many more; nothing unless `tagged`
  /// (`stats` lists no sources to cite).
  private func cite(_ item: Report.Item, _ tagged: Bool) -> String {
    guard tagged, !item.sources.isEmpty else { return "" }
    let more = item.count - Self.citedSources
    return " ["
      + item.sources.prefix(Self.citedSources).map { "s\($0.number)" }.joined(separator: " ")
      + (more > 0 ? " +\(more) more" : "") + "]"
  }

  /// Sources cited beside a lesson; the rest are counted.
  static let citedSources = 8

  /// The whole report (`reflect export --format text`).
  public func render(_ report: Report) -> String {
    var document = ""
    render(report) { document += $0 }
    return document
  }

  /// The report in pieces, in order: everything up to the sources at once, then the
  /// sources a few hundred sessions at a time.
  public func render(_ report: Report, _ emit: (String) -> Void) {
    var lines = [
      paint("Key lessons and learning", .heading),
      TextWrap.wrap(report.header(escape: safe), width: layout.width, indent: 2), "",
    ]
    overview(report, true, into: &lines)
    movement(report, into: &lines)
    scorecard(report, into: &lines)
    topics(report, into: &lines)
    themes(report, true, lessons: true, into: &lines)
    overTime(report, into: &lines)
    lines.append(paint("Commitments", .heading))
    if report.commitments.isEmpty { lines.append("  None yet.") }
    for item in report.commitments {
      let status = item.label
      lines.append(wrapped("[\(status)] " + item.line(escape: safe), indent: 2))
    }
    if !report.sessions.isEmpty {
      lines += ["", paint("Sources", .heading)]
      for (index, session) in report.sessions.enumerated() {
        if index > 0, index % 256 == 0 {
          emit(lines.joined(separator: "\n") + "\n")
          lines.removeAll(keepingCapacity: true)
        }
        lines.append(
          wrapped(
            "s\(index + 1) \(session.date) "
              + paint("reflect show \(safe(session.id))", .dim), indent: 2))
      }
    }
    lines += ["", paint(TextWrap.wrap(report.footer(escape: safe), width: layout.width), .dim)]
    emit(lines.joined(separator: "\n") + "\n")
  }

  /// The overview `reflect stats` shows: the same order, lessons folded to three a theme.
  public func renderStats(_ report: Report, streak: Int, perMonth: [(String, Int)])
    -> String
  {
    var lines = [
      paint("Your reflections", .heading),
      TextWrap.wrap(report.header(escape: safe), width: layout.width, indent: 2),
    ]
    lines.append("Streak: \(streak) week\(streak == 1 ? "" : "s") in a row with a session")
    lines.append("")
    // No list of sources here to cite ("reflect export --format text" has one).
    overview(report, false, into: &lines)
    movement(report, into: &lines)
    themes(report, false, lessons: false, into: &lines)
    lines.append(paint("Sessions per month", .heading))
    let shown = perMonth.suffix(Report.monthsShown)
    let earlier = perMonth.dropLast(shown.count)
    if !earlier.isEmpty {
      let sessions = earlier.reduce(0) { $0 + $1.1 }
      lines.append(
        "  before \(shown.first?.0 ?? ""): \(sessions) session\(sessions == 1 ? "" : "s")")
    }
    let top = shown.map(\.1).max() ?? 0
    for (month, count) in shown {
      lines.append(
        "  \(month) " + (layout.bars ? paint(Self.bar(count, of: top), .coach) + " " : "")
          + "\(count)")
    }
    if let notice = report.waitingNotice {
      lines += ["", paint(TextWrap.wrap(notice, width: layout.width), .dim)]
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private func overview(
    _ report: Report, _ tagged: Bool, into lines: inout [String]
  ) {
    lines.append(paint("At a glance", .heading))
    if tagged {
      ideas(report, into: &lines)
    } else if report.recurring.isEmpty {
      lines.append("  No lesson has come back in a second session yet.")
    } else {
      lines.append("  Lessons that keep coming back:")
      for (index, item) in report.recurring.cited(Self.citedSources).enumerated() {
        lines.append(
          wrapped(
            "\(index + 1). \(safe(item.text)) — \(item.count) times since \(item.firstDate)"
              + cite(item, tagged), indent: 4))
      }
    }
    if !report.openCommitments.isEmpty {
      lines.append("  Commitments still open, due soonest first:")
      for item in report.openCommitments.prefix(report.openShown) {
        lines.append(wrapped("- " + item.line(escape: safe), indent: 4))
      }
      let more = report.openCommitments.count - report.openShown
      if more > 0 { lines.append("    and \(more) more, under Commitments") }
    }
    lines.append("")
  }

  /// What the person writes about: each topic with its sessions and when it was last
  /// written about.
  private func topics(_ report: Report, into lines: inout [String]) {
    lines.append(paint("Topics", .heading))
    if report.topics.isEmpty {
      lines.append(
        wrapped("No topic yet: tags, subjects and words that come back make them.", indent: 2))
    }
    for topic in report.topics {
      lines.append(wrapped("- " + safe(topic.name) + " " + safe(topic.about), indent: 2))
    }
    lines.append("")
  }

  /// Which commitments were kept: the totals, the kept rate, and those made again and again.
  private func scorecard(_ report: Report, into lines: inout [String]) {
    let card = report.scorecard
    lines.append(paint("Commitments kept", .heading))
    guard card.made > 0 else {
      lines += ["  No commitments yet.", ""]
      return
    }
    lines.append(wrapped(card.totals + ".", indent: 2))
    lines.append(wrapped(card.kept, indent: 2))
    if !card.repeated.isEmpty {
      lines.append("  Made more than once:")
      for group in card.repeated.prefix(5) {
        lines.append(wrapped("- " + safe(group.text) + " — " + group.tally, indent: 4))
      }
    }
    lines.append("")
  }

  /// The ideas that keep coming back, each with its sessions, span, the days it came back,
  /// its latest wording and the others.
  private func ideas(_ report: Report, into lines: inout [String]) {
    guard !report.ideas.isEmpty else {
      lines.append("  No lesson has come back in a second session yet.")
      return
    }
    lines.append("  Ideas that keep coming back:")
    let cited = Array(report.recurring.cited(Self.citedSources))
    for (index, idea) in report.ideas.enumerated() {
      lines.append(
        wrapped(
          "\(index + 1). \(safe(idea.label)) — in \(idea.sessions) sessions, \(idea.first) to"
            + " \(idea.last)" + (index < cited.count ? cite(cited[index], true) : ""), indent: 4))
      let dates = idea.recentDates
      lines.append(
        wrapped(
          "Came back: " + (dates.earlier > 0 ? "on \(idea.dates.count) days, the latest " : "")
            + dates.shown.joined(separator: " "), indent: 7))
      if idea.latest != idea.label {
        lines.append(wrapped("Latest: " + safe(idea.latest), indent: 7))
      }
      let others = idea.otherWordings
      if !others.shown.isEmpty {
        lines.append(
          wrapped(
            "Also written as: " + others.shown.map(safe).joined(separator: "; ")
              + (others.more > 0 ? "; and \(others.more) more" : ""), indent: 7))
      }
    }
  }

  /// How my thinking moved: the top ideas' first and latest wordings side by side, and what
  /// is new in the last quarter of the range.
  private func movement(_ report: Report, into lines: inout [String]) {
    guard let movement = report.movement else { return }
    lines.append(paint("How my thinking moved", .heading))
    for shift in movement.ideas {
      lines.append(wrapped("- \(safe(shift.label)) (\(shift.sessions) sessions)", indent: 2))
      lines.append(
        wrapped("first \(shift.earliest.date): \(safe(shift.earliest.text))", indent: 4))
      lines.append(
        wrapped(
          "latest \(shift.latest.date): "
            + (shift.moved ? safe(shift.latest.text) : "in the same words"), indent: 4))
    }
    if !movement.new.isEmpty {
      lines.append(
        wrapped(
          "- New since \(movement.since): "
            + movement.new.map { "\(safe($0.label)) (\($0.first))" }.joined(separator: "; "),
          indent: 2))
    }
    if movement.ideas.isEmpty, movement.new.isEmpty {
      lines.append(
        wrapped(
          "No idea has come back yet, and nothing is new since"
            + " \(movement.since).", indent: 2))
    }
    lines.append("")
  }

  private func themes(
    _ report: Report, _ tagged: Bool, lessons: Bool, into lines: inout [String]
  ) {
    lines.append(paint("Lessons by stage", .heading))
    let widest = report.themes.map { TextWrap.width(safe($0.title)) }.max() ?? 0
    for theme in report.themes {
      let name = safe(theme.title)
      let padded = name + String(repeating: " ", count: max(0, widest - TextWrap.width(name)))
      var line = "  " + paint(padded, .coach)
      if theme.stage != LessonsSummary.general {
        let share = report.sessionCount > 0 ? theme.sessions * 100 / report.sessionCount : 0
        if layout.bars { line += " " + paint(Self.bar(share, of: 100, width: 10), .coach) }
        line += " in \(theme.sessions) of \(report.sessionCount) sessions"
      }
      if theme.skipped > 0 { line += paint(", skipped \(theme.skipped)", .dim) }
      lines.append(TextWrap.wrap(line, width: layout.width, indent: 4, first: 0))
      if !theme.keyPhrases.isEmpty {
        lines.append(
          wrapped(
            "key phrases: "
              + theme.keyPhrases.map { "\(safe($0.phrase)) (\($0.count))" }.joined(
                separator: ", "), indent: 4))
      }
      let shown = theme.lessons.cited(Self.citedSources).prefix(
        layout.all && lessons ? theme.lessons.count : lessons ? theme.shown : 3)
      for (index, item) in shown.enumerated() {
        lines.append(
          wrapped(
            "\(index + 1). \(safe(item.text)) — \(item.when)" + cite(item, tagged),
            indent: 4))
      }
      let folded = theme.lessons.count - shown.count
      if folded > 0 {
        lines.append(
          paint(
            "    and \(folded) more (reflect export --format text --all lists them)", .dim))
      }
    }
    lines.append("")
  }

  private func overTime(_ report: Report, into lines: inout [String]) {
    let titles = report.monthTitles
    guard !report.months.isEmpty, !titles.isEmpty else { return }
    lines.append(paint("Stages over time", .heading) + " (sessions per month)")
    if let note = report.earlierMonthsNote {
      lines.append(TextWrap.wrap(note, width: layout.width, indent: 2))
    }
    let widest = titles.map { TextWrap.width(safe($0)) }.max() ?? 0
    let top = report.recentMonths.flatMap(\.counts).max() ?? 0
    for month in report.recentMonths {
      lines.append("  " + month.month)
      for (index, title) in titles.enumerated() where month.counts[index] > 0 {
        let name = safe(title)
        let padded = name + String(repeating: " ", count: max(0, widest - TextWrap.width(name)))
        let bar =
          layout.bars ? paint(Self.bar(month.counts[index], of: top, width: 12), .coach) + " " : ""
        lines.append("    \(padded) \(bar)\(month.counts[index])")
      }
    }
    lines.append("")
  }
}
