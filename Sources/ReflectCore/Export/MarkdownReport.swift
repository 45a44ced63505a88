/// The lessons report as Markdown: every person's word escaped with ``MarkdownText``, every
/// lesson linked to its session's heading in the same document.
struct MarkdownReport {
  let report: LessonsReport
  let all: Bool
  /// Sessions written per piece of the sources (see ``render(_:)``).
  var sessionsPerPiece = 256

  private func md(_ text: String) -> String { MarkdownText.escape(text) }

  /// `[2026-10-05](#session-…)` for each session a lesson came from, the first
  /// ``LessonsReport/Item/linkedSources`` of them and how many more.
  private func links(_ item: LessonsReport.Item) -> String {
    item.sources.prefix(LessonsReport.Item.linkedSources).map { "[\($0.date)](#\($0.anchor))" }
      .joined(separator: ", ") + LessonsReport.Item.more(item.count)
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
    changes(&lines)
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
    if report.recurring.isEmpty {
      lines += ["No lesson has come back in a second session yet.", ""]
    } else {
      lines += ["Lessons that keep coming back:", ""]
      for (index, item) in report.recurring.cited(LessonsReport.Item.linkedSources).enumerated() {
        lines.append(
          "\(index + 1). **\(md(item.text))** — \(item.count) times since \(item.firstDate)"
            + " (\(links(item)))")
      }
      lines.append("")
    }
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

  private func changes(_ lines: inout [String]) {
    guard let changes = report.changes else { return }
    lines += ["## What changed", ""]
    lines.append(
      "In \(changes.label) (since \(changes.since)): \(changes.recentSessions) session"
        + "\(changes.recentSessions == 1 ? "" : "s"), against \(changes.earlierSessions) before.")
    lines.append("")
    for theme in changes.themes {
      lines.append(
        "- \(md(theme.title)) \(theme.direction): in \(theme.recent)% of sessions, \(theme.direction == "grew" ? "up" : "down") from \(theme.before)%."
      )
    }
    if !changes.newLessons.isEmpty {
      lines.append(
        "- New lessons: " + changes.newLessons.cited(0).map { md($0.text) }.joined(separator: "; ")
          + ".")
    }
    if !changes.stoppedRecurring.isEmpty {
      lines.append(
        "- No longer coming back: "
          + changes.stoppedRecurring.cited(0).map { "\(md($0.text)) (last \($0.lastDate))" }.joined(
            separator: "; ") + ".")
    }
    if changes.themes.isEmpty, changes.newLessons.isEmpty, changes.stoppedRecurring.isEmpty {
      lines.append("Nothing stands out.")
    }
    lines.append("")
  }

  private func themes(_ lines: inout [String]) {
    lines += ["## Themes", ""]
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
      let shown = theme.lessons.cited(LessonsReport.Item.linkedSources).prefix(
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
    lines += ["## Themes over time", "", "Sessions that reflected on each theme, per month.", ""]
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
