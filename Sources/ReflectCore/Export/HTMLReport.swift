/// The lessons report as one self-contained HTML page.
///
/// No scripts, no outside resources, a Content-Security-Policy that allows neither, every
/// person's word escaped with ``HTMLText``. Lessons link to their session's entry further
/// down the same page.
struct HTMLReport {
  let report: LessonsReport
  /// Sessions written per piece of the sources (see ``render(_:)``).
  var sessionsPerPiece = 256

  private func h(_ text: String) -> String { HTMLText.escape(text) }

  private func links(_ item: LessonsReport.Item) -> String {
    item.sources.prefix(LessonsReport.Item.linkedSources)
      .map { "<a href=\"#\(h($0.anchor))\">\($0.date)</a>" }.joined(separator: ", ")
      + LessonsReport.Item.more(item.count)
  }

  func render() -> String {
    var document = ""
    render { document += $0 }
    return document
  }

  /// The page in pieces, in order: everything up to the sources at once, then the sources a
  /// few hundred sessions at a time.
  func render(_ emit: (String) -> Void) {
    var out = Self.head
    out += "<p class=\"meta\">\(report.header(escape: h))</p>\n"
    out += overview()
    out += movement()
    out += scorecard()
    out += topics()
    out += themes()
    out += overTime()
    out += "<h2 id=\"commitments\">Commitments</h2>\n<ul>\n"
    if report.commitments.isEmpty { out += "<li>None yet.</li>\n" }
    for item in report.commitments {
      let status = item.label
      out += "<li><span class=\"status\">\(h(status))</span> \(item.line(escape: h))</li>\n"
    }
    out += "</ul>\n"
    emit(out)
    sources(emit)
    emit("<p class=\"meta\">\(report.footer(escape: h))</p>\n</body>\n</html>\n")
  }

  private func overview() -> String {
    var out = "<h2 id=\"glance\">At a glance</h2>\n"
    out += ideas()
    if !report.openCommitments.isEmpty {
      out += "<h3>Commitments still open, due soonest first</h3>\n<ul>\n"
      for item in report.openCommitments.prefix(report.openShown) {
        out += "<li>\(item.line(escape: h))</li>\n"
      }
      let more = report.openCommitments.count - report.openShown
      if more > 0 {
        out += "<li>And \(more) more, under <a href=\"#commitments\">Commitments</a>.</li>\n"
      }
      out += "</ul>\n"
    }
    return out
  }

  /// What the person writes about: each topic with its sessions and when it was last
  /// written about.
  private func topics() -> String {
    var out = "<h2 id=\"topics\">Topics</h2>\n"
    guard !report.topics.isEmpty else {
      return out + "<p>No topic yet: tags, subjects and words that come back make them.</p>\n"
    }
    out += "<ul>\n"
    for topic in report.topics {
      out += "<li><strong>\(h(topic.name))</strong> \(h(topic.about))</li>\n"
    }
    return out + "</ul>\n"
  }

  /// Which commitments were kept: the totals, the kept rate, and those made again and again.
  private func scorecard() -> String {
    let card = report.scorecard
    var out = "<h2 id=\"scorecard\">Commitments kept</h2>\n"
    guard card.made > 0 else { return out + "<p>No commitments yet.</p>\n" }
    out += "<p>\(h(card.totals)).</p>\n<p>\(h(card.kept))</p>\n"
    guard !card.repeated.isEmpty else { return out }
    out += "<h3>Made more than once</h3>\n<ul>\n"
    for group in card.repeated.prefix(5) {
      out += "<li><strong>\(h(group.text))</strong> — \(h(group.tally))</li>\n"
    }
    return out + "</ul>\n"
  }

  /// The ideas that keep coming back, each with its sessions, span, the days it came back,
  /// its latest wording and the others folded.
  private func ideas() -> String {
    guard !report.ideas.isEmpty else {
      return "<p>No lesson has come back in a second session yet.</p>\n"
    }
    var out = "<h3>Ideas that keep coming back</h3>\n<ol class=\"recurring\">\n"
    let cited = Array(report.recurring.cited(LessonsReport.Item.linkedSources))
    for (index, idea) in report.ideas.enumerated() {
      let sources = index < cited.count ? ": \(links(cited[index]))" : ""
      out +=
        "<li><span class=\"lesson\">\(h(idea.label))</span> <span class=\"source\">— in"
        + " \(idea.sessions) sessions, \(idea.first) to \(idea.last)\(sources)</span>"
        + "<div class=\"source\">Came back: \(idea.dates.joined(separator: ", "))</div>"
      if idea.latest != idea.label { out += "<div>Latest: \(h(idea.latest))</div>" }
      let others = idea.wordings.filter { $0 != idea.label && $0 != idea.latest }
      if !others.isEmpty {
        out +=
          "<details><summary>\(others.count) other wording\(others.count == 1 ? "" : "s")"
          + "</summary><ul>" + others.map { "<li>\(h($0))</li>" }.joined() + "</ul></details>"
      }
      out += "</li>\n"
    }
    return out + "</ol>\n"
  }

  /// How my thinking moved: the top ideas' first and latest wordings side by side, and what
  /// is new in the last quarter of the range.
  private func movement() -> String {
    guard let movement = report.movement else { return "" }
    var out = "<h2 id=\"movement\">How my thinking moved</h2>\n"
    if !movement.ideas.isEmpty {
      out +=
        "<table>\n<thead><tr><th>Idea</th><th>First</th><th>Latest</th></tr></thead>\n<tbody>\n"
      for shift in movement.ideas {
        out +=
          "<tr><td>\(h(shift.label)) (\(shift.sessions) sessions)</td>"
          + "<td>\(shift.earliest.date): \(h(shift.earliest.text))</td>"
          + (shift.moved
            ? "<td>\(shift.latest.date): \(h(shift.latest.text))</td></tr>\n"
            : "<td>\(shift.latest.date): in the same words</td></tr>\n")
      }
      out += "</tbody>\n</table>\n"
    }
    if !movement.new.isEmpty {
      out +=
        "<p>New since \(movement.since): "
        + movement.new.map { "\(h($0.label)) (\($0.first))" }.joined(separator: "; ") + ".</p>\n"
    }
    if movement.ideas.isEmpty, movement.new.isEmpty {
      out +=
        "<p>No idea has come back yet, and nothing is new since"
        + " \(movement.since).</p>\n"
    }
    return out
  }

  private func lessonItem(_ item: LessonsReport.Item) -> String {
    "<li><span class=\"lesson\">\(h(item.text))</span> <span class=\"source\">— \(item.when)"
      + "\(item.proposed ? ", kept from a coach proposal" : ""): \(links(item))</span></li>\n"
  }

  private func themes() -> String {
    var out = "<h2 id=\"themes\">Lessons by stage</h2>\n"
    let withLessons = report.themes.filter {
      !$0.lessons.isEmpty || !$0.keyPhrases.isEmpty || $0.skipped > 0
    }
    if withLessons.isEmpty { out += "<p>No lessons yet.</p>\n" }
    for theme in withLessons {
      let about =
        theme.stage == LessonsSummary.general
        ? "Lessons that echo no one stage"
        : theme.coverage(of: report.sessionCount).capitalisedFirst
      out += "<h3>\(h(theme.title))</h3>\n<p class=\"about\">\(h(about))"
      if !theme.keyPhrases.isEmpty {
        out +=
          " · key phrases: "
          + theme.keyPhrases.map { "<span class=\"phrase\">\(h($0.phrase))</span> (\($0.count))" }
          .joined(separator: ", ")
      }
      if theme.skipped > 0 {
        out += " · skipped \(theme.skipped) time\(theme.skipped == 1 ? "" : "s")"
      }
      out += "</p>\n"
      guard !theme.lessons.isEmpty else { continue }
      let lessons = theme.lessons.cited(LessonsReport.Item.linkedSources)
      out += "<ol>\n" + lessons.prefix(theme.shown).map(lessonItem).joined() + "</ol>\n"
      let rest = lessons.dropFirst(theme.shown)
      if !rest.isEmpty {
        out +=
          "<details><summary>\(rest.count) more</summary>\n<ol start=\"\(theme.shown + 1)\">\n"
          + rest.map(lessonItem).joined() + "</ol>\n</details>\n"
      }
    }
    return out
  }

  /// One row of bars per theme (its name at the left: position, not colour, says which),
  /// one bar per month with its number written on it, then the same figures as a table.
  private func overTime() -> String {
    let titles = report.monthTitles
    guard !report.months.isEmpty, !titles.isEmpty else { return "" }
    var out = "<h2 id=\"over-time\">Stages over time</h2>\n"
    out += "<p>Sessions that answered in each stage, per month.</p>\n"
    let label = 160
    let slot = 34
    let rowHeight = 46
    let barMax = 30
    let top = max(1, report.months.flatMap(\.counts).max() ?? 1)
    let width = label + report.months.count * slot + 10
    let height = titles.count * rowHeight + 24
    out +=
      "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"\(width)\" height=\"\(height)\">\n"
      + "<title>Sessions per month for each theme</title>\n"
    for (row, title) in titles.enumerated() {
      let base = row * rowHeight + barMax + 12
      let colour = Self.palette[row % Self.palette.count]
      out +=
        "<text class=\"theme\" x=\"0\" y=\"\(base - 4)\">\(h(title.count > 24 ? title.prefix(23) + "…" : title))</text>\n"
      out +=
        "<line x1=\"\(label)\" y1=\"\(base)\" x2=\"\(width - 10)\" y2=\"\(base)\" stroke=\"#bbb\"></line>\n"
      for (column, month) in report.months.enumerated() {
        let count = month.counts[row]
        let x = label + column * slot + 4
        let barHeight = count == 0 ? 0 : max(2, count * barMax / top)
        if count > 0 {
          out +=
            "<rect class=\"bar\" x=\"\(x)\" y=\"\(base - barHeight)\" width=\"\(slot - 10)\" height=\"\(barHeight)\" fill=\"\(colour)\"></rect>"
            + "<text class=\"value\" x=\"\(x + (slot - 10) / 2)\" y=\"\(base - barHeight - 3)\" text-anchor=\"middle\">\(count)</text>\n"
        }
      }
    }
    let axis = titles.count * rowHeight + 18
    for (column, month) in report.months.enumerated() {
      out +=
        "<text class=\"month\" x=\"\(label + column * slot + 4 + (slot - 10) / 2)\" y=\"\(axis)\" text-anchor=\"middle\">\(h(String(month.month.suffix(5))))</text>\n"
    }
    out += "</svg>\n"
    // The same figures as a table: one row per theme, as in the chart.
    out += "<div class=\"wide\"><table class=\"data\">\n<caption>The same figures</caption>\n"
    out += "<thead><tr><th>Theme</th>"
    out += report.months.map { "<th>\(h($0.month))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
    for (row, title) in titles.enumerated() {
      out +=
        "<tr><td>\(h(title))</td>" + report.months.map { "<td>\($0.counts[row])</td>" }.joined()
        + "</tr>\n"
    }
    return out + "</tbody>\n</table></div>\n"
  }

  private func sources(_ emit: (String) -> Void) {
    let sessions = report.sessions
    guard !sessions.isEmpty else { return }
    let perPiece = sessionsPerPiece
    InOrder.pieces((sessions.count + perPiece - 1) / perPiece) { piece in
      var out = piece == 0 ? "<h2 id=\"sessions\">Sessions</h2>\n" : ""
      for session in sessions[piece * perPiece..<min((piece + 1) * perPiece, sessions.count)] {
        out += "<section id=\"\(h(session.anchor))\" class=\"session\">\n"
        out += "<h3>\(session.date) · \(h(session.packTitle))</h3>\n"
        out += "<p class=\"source\">reflect show \(h(session.id))</p>\n<ul>\n"
        for lesson in session.lessons {
          out += "<li><span class=\"lesson\">\(h(lesson.text))</span>"
          if let question = lesson.question, let answer = lesson.answer {
            out +=
              " <span class=\"source\">— from “\(h(question))”</span><blockquote>\(h(answer))</blockquote>"
          }
          out += "</li>\n"
        }
        out += "</ul>\n</section>\n"
      }
      return out
    } emit: {
      emit($0)
    }
  }

  static let palette = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1"]

  static let head = """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>Key lessons and learning</title>
    <style>
    body { font-family: Georgia, 'Times New Roman', serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.55; color: #222; background: #fdfdfb; }
    h1, h2, h3 { font-family: system-ui, sans-serif; line-height: 1.2; }
    h2 { border-bottom: 1px solid #ddd; padding-bottom: .2rem; margin-top: 2.2rem; }
    h3 { margin-bottom: .3rem; }
    .meta, .source, .about, caption { color: #555; font-size: .9rem; }
    .recurring li { margin-bottom: .4rem; }
    .recurring .lesson { font-weight: bold; }
    .phrase { font-style: italic; }
    .status { font-family: system-ui, sans-serif; font-size: .8rem; text-transform: uppercase; color: #555; }
    a { color: #2a5d8f; white-space: nowrap; }
    details { margin: 0 0 1rem 1rem; } summary { cursor: pointer; color: #2a5d8f; }
    blockquote { margin: .2rem 0 .6rem 1rem; padding-left: .6rem; border-left: 3px solid #ddd; color: #444; font-size: .95rem; }
    .wide { overflow-x: auto; }
    table { border-collapse: collapse; margin-top: .5rem; font-size: .85rem; } td, th { padding: .2rem .6rem; border-bottom: 1px solid #eee; text-align: right; } td:first-child, th:first-child { text-align: left; }
    svg text { font-family: system-ui, sans-serif; font-size: 11px; fill: #333; }
    svg text.theme { font-size: 12px; }
    :target { background: #fff8d6; }
    </style>
    </head>
    <body>
    <h1>Key lessons and learning</h1>

    """
}
