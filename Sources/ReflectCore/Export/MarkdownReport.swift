/// The lessons report as Markdown: every person's word escaped with ``MarkdownText``, every
/// lesson linked to its session's heading in the same document.
struct MarkdownReport {
  let report: Report
  let all: Bool
  /// Sessions written per piece of the sources (see ``render(_:)``).
  var sessionsPerPiece = 256

  private func md(_ text: String) -> String { MarkdownText.escape(text) }

  /// `[2026-10-05](#session-…)` for each session a lesson came from, the first
  /// ``Report/Item/linkedSources`` of them and how many more.
  private func links(_ item: Report.Item) -> String {
    item.sources.prefix(Report.Item.linkedSources).map { "[\($0.date)](#\($0.anchor))" }
      .joined(separator: ", ") + Report.Item.more(item.count)
  }

  func render() -> String {
    var document = ""
    render { document += $0 }
    return document
  }

  /// The document in pieces, in order: everything up to the sources at once, then the
  /// sources a few hundred sessions at a time (a large archive's export is never whole in
  /// memory).
  func render(_ emit: (String) -> Void) {
    var lines = ["# Key lessons and learning", "", report.header(escape: md), ""]
    overview(&lines)
    movement(&lines)
    scorecard(&lines)
    topics(&lines)
    themes(&lines)
    overTime(&lines)
    lines += ["## Commitments", ""]
    if report.commitments.isEmpty { lines.append("None yet.") }
    for item in report.commitments {
      let status = item.label
      lines.append("- [\(status)] " + item.line(escape: md))
    }
    lines.append("")
    emit(lines.joined(separator: "\n"))
    sources(emit)
    emit("\n---\n\n" + report.footer(escape: md) + "\n")
  }

  private func overview(_ lines: inout [String]) {
    lines += ["## At a glance", ""]
    ideas(&lines)
    if report.openCommitments.isEmpty {
      lines += ["No commitments are open.", ""]
    } else {
      lines += ["Commitments still open, due soonest first:", ""]
      for item in report.openCommitments.prefix(report.openShown) {
        lines.append("- " + item.line(escape: md))
      }
      let more = report.openCommitments.count - report.openShown
      if more > 0 { lines.append("- And \(more) more, under [Commitments](#commitments).") }
      lines.append("")
    }
  }

  /// What the person writes about: each topic with its sessions and when it was last
  /// written about.
  private func topics(_ lines: inout [String]) {
    lines += ["## Topics", ""]
    if report.topics.isEmpty {
      lines += ["No topic yet: tags, subjects and words that come back make them.", ""]
      return
    }
    for topic in report.topics {
      lines.append("- **\(md(topic.name))** " + topic.about)
    }
    lines.append("")
  }

  /// Which commitments were kept: the totals, the kept rate, and those made again and again.
  private func scorecard(_ lines: inout [String]) {
    let card = report.scorecard
    lines += ["## Commitments kept", ""]
    guard card.made > 0 else {
      lines += ["No commitments yet.", ""]
      return
    }
    lines += [card.totals + ".", "", card.kept, ""]
    guard !card.repeated.isEmpty else { return }
    lines += ["Made more than once:", ""]
    for group in card.repeated.prefix(5) {
      lines.append("- **\(md(group.text))** — \(group.tally)")
    }
    lines.append("")
  }

  /// The ideas that keep coming back: each labelled by its most central wording, with its
  /// sessions, span, the days it came back, its latest wording and the others.
  private func ideas(_ lines: inout [String]) {
    guard !report.ideas.isEmpty else {
      lines += ["No lesson has come back in a second session yet.", ""]
      return
    }
    lines += ["Ideas that keep coming back:", ""]
    let cited = Array(report.recurring.cited(Report.Item.linkedSources))
    for (index, idea) in report.ideas.enumerated() {
      let sources = index < cited.count ? " (\(links(cited[index])))" : ""
      lines.append(
        "\(index + 1). **\(md(idea.label))** — in \(idea.sessions) sessions, \(idea.first)"
          + " to \(idea.last)\(sources)")
      let dates = idea.recentDates
      lines.append(
        "   - Came back: " + (dates.earlier > 0 ? "on \(idea.dates.count) days, the latest " : "")
          + dates.shown.joined(separator: ", "))
      if idea.latest != idea.label { lines.append("   - Latest: " + md(idea.latest)) }
      let others = idea.otherWordings
      if !others.shown.isEmpty {
        lines.append(
          "   - Also written as: " + others.shown.map(md).joined(separator: "; ")
            + (others.more > 0 ? "; and \(others.more) more" : ""))
      }
    }
    lines.append("")
  }

  /// How my thinking moved: the top ideas' first and latest wordings side by side, and what
  /// is new in the last quarter of the range.
  private func movement(_ lines: inout [String]) {
    guard let movement = report.movement else { return }
    lines += ["## How my thinking moved", ""]
    for shift in movement.ideas where !shift.moved {
      lines.append(
        "- **\(md(shift.label))** (\(shift.sessions) sessions): in the same words from"
          + " \(shift.earliest.date) to \(shift.latest.date)")
    }
    for shift in movement.ideas where shift.moved {
      lines.append(
        "- **\(md(shift.label))** (\(shift.sessions) sessions): \(shift.earliest.date)"
          + " “\(md(shift.earliest.text))” → \(shift.latest.date) “\(md(shift.latest.text))”")
    }
    if !movement.new.isEmpty {
      lines.append(
        "- New since \(movement.since): "
          + movement.new.map { "\(md($0.label)) (\($0.first))" }.joined(separator: "; ") + ".")
    }
    if movement.ideas.isEmpty, movement.new.isEmpty {
      lines.append("No idea has come back yet, and nothing is new since \(movement.since).")
    }
    lines.append("")
  }

  private func themes(_ lines: inout [String]) {
    lines += ["## Lessons by stage", ""]
    let withLessons = report.themes.filter {
      !$0.lessons.isEmpty || !$0.keyPhrases.isEmpty || $0.skipped > 0
    }
    if withLessons.isEmpty { lines += ["No lessons yet.", ""] }
    for theme in withLessons {
      lines += ["### \(md(theme.title))", ""]
      var about =
        theme.stage == LessonsSummary.general
        ? ["Lessons that echo no one stage"]
        : [theme.coverage(of: report.sessionCount).capitalisedFirst]
      if !theme.keyPhrases.isEmpty {
        about.append(
          "key phrases: "
            + theme.keyPhrases.map { "\(md($0.phrase)) (\($0.count))" }.joined(
              separator: ", "))
      }
      if theme.skipped > 0 {
        about.append("skipped \(theme.skipped) time\(theme.skipped == 1 ? "" : "s")")
      }
      lines += [about.joined(separator: " · "), ""]
      let shown = theme.lessons.cited(Report.Item.linkedSources).prefix(
        all ? theme.lessons.count : theme.shown)
      for (index, item) in shown.enumerated() {
        // A lesson written in paragraphs keeps them, as the list item's continuation.
        lines.append(
          MarkdownText.item("\(index + 1). ", item.text) + " — \(item.when)"
            + "\(item.proposed ? ", kept from a coach proposal" : "") (\(links(item)))")
      }
      let folded = theme.lessons.count - shown.count
      if folded > 0 {
        lines.append("")
        lines.append("And \(folded) more; `reflect export --all` lists them.")
      }
      lines.append("")
    }
  }

  private func overTime(_ lines: inout [String]) {
    guard !report.months.isEmpty, !report.monthThemes.isEmpty else { return }
    lines += ["## Stages over time", "", "Sessions that answered in each stage, per month.", ""]
    if let note = report.earlierMonthsNote { lines += [note, ""] }
    lines.append("| Month | " + report.monthTitles.map(md).joined(separator: " | ") + " |")
    lines.append("| --- |" + String(repeating: " ---: |", count: report.monthThemes.count))
    for month in report.recentMonths {
      lines.append(
        "| \(month.month) | " + month.counts.map(String.init).joined(separator: " | ") + " |")
    }
    lines.append("")
  }

  private func sources(_ emit: (String) -> Void) {
    let sessions = report.sessions
    guard !sessions.isEmpty else { return }
    let perPiece = sessionsPerPiece
    InOrder.pieces((sessions.count + perPiece - 1) / perPiece) { piece in
      var out = piece == 0 ? "\n## Sessions\n" : ""
      for session in sessions[piece * perPiece..<min((piece + 1) * perPiece, sessions.count)] {
        // The heading's text makes its anchor: "Session 20261005-…" → #session-20261005-….
        let name =
          session.anchor.hasPrefix("session-") ? String(session.anchor.dropFirst(8)) : ""
        out += "\n### Session \(md(name))\n\n"
        // A code span shows its text as is, so only a well-formed id goes in one.
        let show =
          SessionID(session.id) != nil
          ? "`reflect show \(session.id)`" : "reflect show \(md(session.id))"
        out += "\(session.date) · \(md(session.packTitle)) · \(show)\n\n"
        for lesson in session.lessons {
          out += "- **\(md(lesson.text))**"
          if let question = lesson.question, let answer = lesson.answer {
            out += " — from “\(md(question))”: \(md(answer))"
          }
          out += "\n"
        }
      }
      return out
    } emit: {
      emit($0)
    }
  }
}

extension String {
  /// The string with its first letter in upper case.
  var capitalisedFirst: String { prefix(1).uppercased() + dropFirst() }
}
