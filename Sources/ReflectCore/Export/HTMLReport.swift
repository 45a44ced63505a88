/// The lessons report as one self-contained HTML page, and its sources as a second one.
///
/// No scripts, no outside resources, a Content-Security-Policy that allows neither, every
/// person's word escaped with ``HTMLText``. The page opens with the four questions the report
/// answers, each in a line (``glance(_:)``) and then in a section of its own (a ``Panel``:
/// ``learning()``, ``movement()``, ``commitmentsKept()``, ``neglected()``), then the weeks
/// with a session (``activity()``), then the rest folded. Its size grows with what there is to
/// say, not with the sessions: the quoted answers, every lesson and every commitment are in
/// the sources page (``renderSources(_:)``, written beside it by `--with-sources`), which the
/// report links to when there is one.
struct HTMLReport {
  let report: Report
  /// Sessions written per piece of the sources page (see ``renderSources(_:)``).
  var sessionsPerPiece = 256
  /// The sources page's address from the report (``HTMLText/fileReference(_:)``), when one
  /// is written beside it: lessons' dates link to their sessions there.
  var sourcesLink: String?
  /// The report's address from the sources page.
  var reportLink: String?

  private func h(_ text: String) -> String { HTMLText.escape(text) }

  /// One of the four questions the first screen answers: its answer in a line (at the top
  /// of the page) and its section.
  struct Panel {
    /// The section's id (the line links to it).
    var id: String
    var question: String
    /// The answer in one line, as HTML.
    var answer: String
    /// The section's content, as HTML.
    var body: String

    var section: String {
      "<section id=\"\(id)\" class=\"question\">\n<h2>\(question)</h2>\n\(body)</section>\n"
    }
  }

  func render() -> String {
    var document = ""
    render { document += $0 }
    return document
  }

  /// The page, whole: its size does not depend on the number of sessions.
  func render(_ emit: (String) -> Void) {
    var out = Self.head(title: "Key lessons and learning")
    out += "<h1>Key lessons and learning</h1>\n"
    out += "<p class=\"meta\">\(report.header(escape: h))</p>\n"
    // The four questions, in this order: the ideas, the movement from the earliest to the
    // latest wording, the commitments scorecard and the topics.
    let panels = [learning(), movement(), commitmentsKept(), neglected()]
    out += glance(panels)
    out += "<div class=\"questions\">\n" + panels.map(\.section).joined() + "</div>\n"
    out += activity()
    out += more()
    out += "<p class=\"meta\">\(report.footer(escape: h))</p>\n</body>\n</html>\n"
    emit(out)
  }

  /// Each question and its answer in a line, linked to its section.
  private func glance(_ panels: [Panel]) -> String {
    "<dl class=\"glance\">\n"
      + panels.map {
        "<dt><a href=\"#\($0.id)\">\($0.question)</a></dt><dd>\($0.answer)</dd>\n"
      }.joined() + "</dl>\n"
  }

  // MARK: The four questions

  /// What I keep learning: the ideas (lessons grouped by meaning, or by words without the
  /// model), each with when it came back along the whole range, its latest wording and the
  /// others folded.
  private func learning() -> Panel {
    var panel = Panel(id: "learning", question: "What I keep learning", answer: "", body: "")
    let ideas = report.ideas
    guard let top = ideas.first, let from = report.from, let to = report.to else {
      panel.answer = "No lesson has come back in a second session yet."
      panel.body = "<p>\(panel.answer)</p>\n"
      return panel
    }
    panel.answer =
      "<span class=\"lesson\">\(h(top.label))</span> — \(top.sessions) sessions since"
      + " \(top.first.day.prefix(7))"
      + (ideas.count > 1 ? "; \(ideas.count - 1) more below" : "")
    let by = report.meaning.recurringMatchedBy == "meaning" ? "by meaning" : "by their words"
    var body = "<p class=\"about\">Lessons written in more than one session, grouped \(by),"
    body += " most sessions first; each dot a session it came back in, from \(from) to \(to).</p>\n"
    body += "<ol class=\"ideas\">\n"
    // `recurring` holds the same lessons in the same order: its sources link the sessions.
    let items = Array(report.recurring)
    for (index, idea) in ideas.enumerated() {
      let latest =
        index < items.count ? items[index].sources.max { $0.date.day < $1.date.day } : nil
      let span = "\(idea.sessions) sessions, \(idea.first) to \(idea.last)"
      body +=
        "<li><span class=\"lesson\">\(h(idea.label))</span> <span class=\"source\">— \(span)"
        + (latest.flatMap { source in sourcesLink.map { _ in "; latest \(link(source))" } } ?? "")
        + "</span>\n" + dotStrip(days: idea.dates, from: from, to: to, label: span)
      if idea.latest != idea.label {
        body += "<div class=\"source\">Latest: \(h(idea.latest))</div>\n"
      }
      body += otherWordings(idea)
      body += "</li>\n"
    }
    panel.body = body + "</ol>\n"
    return panel
  }

  /// Other wordings of an idea shown on the page, unfolded: the rest are counted (the page
  /// stays within three screens unfolded however many ways an idea was written).
  static let wordingsShown = 3

  /// An idea's other wordings, folded: a few in a line, then how many more.
  private func otherWordings(_ idea: Report.Idea) -> String {
    let others = idea.otherWordings
    guard !others.shown.isEmpty else { return "" }
    let count = others.shown.count + others.more
    let shown = others.shown.prefix(Self.wordingsShown)
    let more = count - shown.count
    return "<details><summary>\(count) other wording\(count == 1 ? "" : "s")</summary>"
      + "<p class=\"wordings\">" + shown.map { h($0) }.joined(separator: " · ")
      + (more > 0 ? " <span class=\"about\">· and \(more) more, in the JSON export</span>" : "")
      + "</p></details>\n"
  }

  /// How my thinking moved: the top ideas' earliest and latest wordings side by side, and
  /// the ideas first written in the last quarter of the range.
  private func movement() -> Panel {
    var panel = Panel(id: "moved", question: "How my thinking moved", answer: "", body: "")
    guard let movement = report.movement else {
      panel.answer = "All on one day: nothing to compare yet."
      panel.body = "<p>\(panel.answer)</p>\n"
      return panel
    }
    if let shift = movement.ideas.first(where: \.moved) {
      panel.answer =
        "<span class=\"lesson\">\(h(shift.earliest.text))</span> (\(shift.earliest.date.day))"
        + " became <span class=\"lesson\">\(h(shift.latest.text))</span>"
        + " (\(shift.latest.date.day))"
    } else if let first = movement.new.first {
      panel.answer =
        "New since \(movement.since.day): <span class=\"lesson\">\(h(first.label))</span>"
        + (movement.new.count > 1 ? " and \(movement.new.count - 1) more" : "")
    } else if let shift = movement.ideas.first {
      panel.answer =
        "<span class=\"lesson\">\(h(shift.label))</span>, in the same words since"
        + " \(shift.earliest.date.day)"
    } else {
      panel.answer = "No idea has come back yet, and nothing is new since \(movement.since.day)."
    }
    var body = ""
    if !movement.ideas.isEmpty {
      body += "<ul>\n"
      for shift in movement.ideas {
        body +=
          "<li><span class=\"lesson\">\(h(shift.label))</span> <span class=\"source\">—"
          + " \(shift.sessions) sessions</span>\n<div><span class=\"source\">First"
          + " \(shift.earliest.date.day):</span> \(h(shift.earliest.text))</div>\n"
          + "<div><span class=\"source\">Latest \(shift.latest.date.day):</span> "
          + (shift.moved ? h(shift.latest.text) : "in the same words") + "</div></li>\n"
      }
      body += "</ul>\n"
    }
    if !movement.new.isEmpty {
      body += "<h3>New since \(movement.since.day)</h3>\n<ul>\n"
      for new in movement.new {
        body +=
          "<li>\(h(new.label)) <span class=\"source\">— first \(new.first.day),"
          + " \(new.sessions) session\(new.sessions == 1 ? "" : "s")</span></li>\n"
      }
      body += "</ul>\n"
    }
    panel.body = body.isEmpty ? "<p>\(panel.answer)</p>\n" : body
    return panel
  }

  /// Which commitments I kept: the scorecard (totals, kept rate, overdue), the open ones due
  /// soonest, those made again and again, and the latest reviewed.
  private func commitmentsKept() -> Panel {
    var panel = Panel(
      id: "kept", question: "Which commitments I kept", answer: "", body: "")
    let card = report.scorecard
    guard card.made > 0 else {
      panel.answer = "No commitments yet."
      panel.body = "<p>\(panel.answer)</p>\n"
      return panel
    }
    // "12 made; kept rate: 73 % (8 done of 11 reviewed) · 2 overdue."
    panel.answer =
      "\(card.made) made; " + h(card.kept.prefix(1).lowercased() + card.kept.dropFirst())
    var body = "<p>\(h(card.totals)).</p>\n<p>\(h(card.kept))</p>\n"
    if !report.openCommitments.isEmpty {
      body += "<h3>Still open, due soonest first</h3>\n<ul>\n"
      for item in report.openCommitments.prefix(report.openShown) {
        body += "<li>\(item.line(escape: h))</li>\n"
      }
      let more = report.openCommitments.count - report.openShown
      if more > 0 { body += "<li>And \(more) more.</li>\n" }
      body += "</ul>\n"
    }
    if !card.repeated.isEmpty {
      body += "<h3>Made more than once</h3>\n<ul>\n"
      for group in card.repeated.prefix(5) {
        body += "<li><span class=\"lesson\">\(h(group.text))</span> — \(h(group.tally))</li>\n"
      }
      body += "</ul>\n"
    }
    let closed = report.commitments.filter { $0.status != .open && $0.reviewed != nil }
      .sorted { ($0.reviewed?.day ?? "", $0.date.day) > ($1.reviewed?.day ?? "", $1.date.day) }
    if !closed.isEmpty {
      body += "<h3>Lately reviewed</h3>\n<ul>\n"
      for item in closed.prefix(3) {
        body +=
          "<li><span class=\"status\">\(h(item.label))</span> \(item.line(escape: h))</li>\n"
      }
      body += "</ul>\n"
    }
    body += "<p class=\"about\">Every commitment and what became of it: \(inSources).</p>\n"
    panel.body = body
    return panel
  }

  /// What I neglect: the topics (tags, subjects, the person's words), the longest unwritten
  /// about first, with when each was last written about; the longest stretch without a
  /// session and the stages skipped most.
  private func neglected() -> Panel {
    var panel = Panel(id: "neglect", question: "What I neglect", answer: "", body: "")
    let topics = report.topics.enumerated().sorted {
      ($1.element.daysSinceLast, $0.offset) < ($0.element.daysSinceLast, $1.offset)
    }.map(\.element)
    let gap = report.longestGap
    var answers: [String] = []
    if let first = topics.first {
      answers.append("<strong>\(h(first.name))</strong>, \(first.lastWritten)")
    }
    if let gap { answers.append("longest gap \(weeks(gap.weeks)), after \(gap.after.week)") }
    panel.answer = answers.isEmpty ? "Nothing yet." : answers.joined(separator: "; ")
    var body = ""
    if topics.isEmpty {
      body += "<p>No topic yet: tags, subjects and words that come back make them.</p>\n"
    } else {
      body += "<p class=\"about\">Topics, the longest unwritten about first.</p>\n<ul>\n"
      for topic in topics {
        body += "<li><strong>\(h(topic.name))</strong> \(h(topic.about))</li>\n"
      }
      body += "</ul>\n"
    }
    var items: [String] = []
    if let gap {
      items.append(
        "The longest stretch without a session: \(weeks(gap.weeks)), from the week of"
          + " \(gap.after.week) to that of \(gap.before.week)")
    }
    let skipped = report.themes.filter { $0.stage != LessonsSummary.general && $0.skipped > 0 }
      .sorted { ($1.skipped, $0.title) < ($0.skipped, $1.title) }.prefix(3)
    if !skipped.isEmpty {
      items.append(
        "Questions skipped most: "
          + skipped.map { "\(h($0.title)) (\($0.skipped) time\($0.skipped == 1 ? "" : "s"))" }
          .joined(separator: ", "))
    }
    if !items.isEmpty { body += "<ul>\n" + items.map { "<li>\($0)</li>\n" }.joined() + "</ul>\n" }
    panel.body = body
    return panel
  }

  private func weeks(_ count: Int) -> String { count == 1 ? "1 week" : "\(count) weeks" }

  // MARK: Charts

  /// A strip of dots along the whole range `from`…`to`: when an idea came back.
  ///
  /// A dot where each of `dates` falls (dates less than a dot apart share it: at most
  /// ``stripDots``), labelled `label` for readers that do not see it. Scales to the width
  /// of its box.
  func dotStrip(_ dates: [ReportDate], from: ReportDate, to: ReportDate, label: String)
    -> String
  {
    dotStrip(days: dates.map(\.day), from: from, to: to, label: label)
  }

  /// The same, from days (`2026-11-29`).
  func dotStrip(days: [String], from: ReportDate, to: ReportDate, label: String) -> String {
    let first = CivilDate.days(from.day) ?? 0
    let span = max(1, (CivilDate.days(to.day) ?? first) - first)
    var places: Set<Int> = []
    for date in days {
      guard let day = CivilDate.days(date) else { continue }
      places.insert(min(Self.stripDots - 1, max(0, (day - first) * Self.stripDots / span)))
    }
    let step = 8
    let width = Self.stripDots * step
    return "<svg class=\"strip\" viewBox=\"0 0 \(width) 10\" role=\"img\">"
      + "<title>\(h(label))</title>"
      + "<line x1=\"0\" y1=\"5\" x2=\"\(width)\" y2=\"5\"></line>"
      + places.sorted().map { "<circle cx=\"\($0 * step + step / 2)\" cy=\"5\" r=\"3\"></circle>" }
      .joined() + "</svg>\n"
  }

  /// Dots a ``dotStrip(_:from:to:label:)`` holds at most: its range in as many parts.
  static let stripDots = 48

  /// Sessions per week over the whole range, a row of 53 weeks per year (a stretch of empty
  /// years as one line), each row an SVG that scales to the width with its year and total
  /// beside it as text; then the same in words.
  private func activity() -> String {
    let weeks = report.activity
    guard let first = weeks.first, let last = weeks.last else { return "" }
    var out = "<section id=\"activity\">\n<h2>When I reflected</h2>\n"
    out += "<div class=\"heatmap\">\n<div class=\"months\"><span></span><span class=\"strip\">"
    out += Self.monthNames.map { "<span>\($0)</span>" }.joined()
    out += "</span><span></span></div>\n"
    let top = weeks.map(\.sessions).max() ?? 1
    // Four shades from one session to the busiest week's.
    func level(_ count: Int) -> Int {
      top <= 4 ? min(count, 4) : min(4, 1 + (count - 1) * 4 / top)
    }
    // The weeks of each year, by the year their first day is in.
    var byYear: [Int: [(column: Int, week: Report.Week)]] = [:]
    for week in weeks {
      let parts = CivilDate.parts(week.day)
      let column = (week.day - CivilDate.days(parts.year, 1, 1)) / 7
      byYear[parts.year, default: []].append((column, week))
    }
    let firstYear = CivilDate.parts(first.day).year
    let lastYear = CivilDate.parts(last.day).year
    var year = firstYear
    while year <= lastYear {
      guard let row = byYear[year] else {
        // A run of empty years: one line when it is more than one.
        var end = year
        while end + 1 <= lastYear, byYear[end + 1] == nil { end += 1 }
        if end > year {
          out +=
            "<div class=\"year gap\"><span class=\"label\">\(year)–\(end)</span>"
            + "<span class=\"none\">no sessions</span><span></span></div>\n"
          year = end + 1
          continue
        }
        out += yearRow(year, [], band: 0...52, level: level)
        year += 1
        continue
      }
      let start = year == firstYear ? row[0].column : 0
      let end = year == lastYear ? row[row.count - 1].column : 52
      out += yearRow(year, row, band: start...end, level: level)
      year += 1
    }
    out += "</div>\n"
    let total = weeks.reduce(0) { $0 + $1.sessions }
    let span = (last.day - first.day) / 7 + 1
    let busiest = weeks.max { $0.sessions < $1.sessions } ?? first
    var summary =
      "\(total) session\(total == 1 ? "" : "s") in \(weeks.count) of the \(span) week"
      + "\(span == 1 ? "" : "s") from \(first.week) to \(last.week); the busiest, the week of"
      + " \(busiest.week), had \(busiest.sessions)"
    if let gap = report.longestGap {
      summary +=
        "; the longest gap was \(self.weeks(gap.weeks)), after the week of \(gap.after.week)"
    }
    out += "<p class=\"about\">\(summary). Darker squares: more sessions that week.</p>\n"
    return out + "</section>\n"
  }

  /// One year of the heatmap: a band over the weeks in the range, a square per week with a
  /// session.
  private func yearRow(
    _ year: Int, _ weeks: [(column: Int, week: Report.Week)], band: ClosedRange<Int>,
    level: (Int) -> Int
  ) -> String {
    let sessions = weeks.reduce(0) { $0 + $1.week.sessions }
    var out =
      "<div class=\"year\"><span class=\"label\">\(year)</span>"
      + "<svg viewBox=\"0 0 530 10\" role=\"img\"><title>\(year): \(sessions) session"
      + "\(sessions == 1 ? "" : "s") in \(weeks.count) week\(weeks.count == 1 ? "" : "s")</title>"
      + "<rect class=\"l0\" x=\"\(band.lowerBound * 10)\" y=\"0.5\""
      + " width=\"\((band.count) * 10 - 1)\" height=\"9\"></rect>"
    for (column, week) in weeks {
      out +=
        "<rect class=\"l\(level(week.sessions))\" x=\"\(column * 10)\" y=\"0.5\" width=\"9\""
        + " height=\"9\"><title>Week of \(week.week): \(week.sessions)</title></rect>"
    }
    return out + "</svg><span class=\"total\">\(sessions)</span></div>\n"
  }

  static let monthNames = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  ]

  // MARK: Folded, and the sources page

  /// Where every lesson, commitment and quoted answer is: a link to the sources page, or
  /// how to write one.
  private var inSources: String {
    sourcesLink.map { "<a href=\"\($0)\">the sources page</a>" }
      ?? "in the sources page, which reflect export --format html --with-sources --output FILE"
      + " writes beside the report"
  }

  /// A lesson's session: its date, linked to its entry on the sources page when there is
  /// one (`local`: on this page).
  private func link(_ source: Report.Source, local: Bool = false) -> String {
    if local { return "<a href=\"#\(h(source.anchor))\">\(source.date)</a>" }
    guard let sourcesLink else { return source.date.day }
    return "<a href=\"\(sourcesLink)#\(h(source.anchor))\">\(source.date)</a>"
  }

  private func lessonItem(_ item: Report.Item, local: Bool) -> String {
    let links =
      item.sources.prefix(Report.Item.linkedSources).map { link($0, local: local) }
      .joined(separator: ", ") + Report.Item.more(item.count)
    return "<li><span class=\"lesson\">\(h(item.text))</span> <span class=\"source\">—"
      + " \(item.when)\(item.proposed ? ", kept from a coach proposal" : ""): \(links)</span></li>\n"
  }

  /// Where the rest is: every lesson by stage (with each stage's key phrases and coverage),
  /// the quoted answers and every commitment are on the sources page, not on this one.
  private func more() -> String {
    "<section id=\"more\">\n<h2>More</h2>\n<p class=\"about\">Lessons by stage, strongest first,"
      + " with their key phrases, the quoted answers and every commitment: \(inSources).</p>\n"
      + "</section>\n"
  }

  private func themeHeading(_ theme: Report.Theme) -> String {
    let about =
      theme.stage == LessonsSummary.general
      ? "Lessons that echo no one stage"
      : theme.coverage(of: report.sessionCount).capitalisedFirst
    var out = "<h3>\(h(theme.title))</h3>\n<p class=\"about\">\(h(about))"
    if !theme.keyPhrases.isEmpty {
      out +=
        " · key phrases: "
        + theme.keyPhrases.map { "<span class=\"phrase\">\(h($0.phrase))</span> (\($0.count))" }
        .joined(separator: ", ")
    }
    if theme.skipped > 0 {
      out += " · skipped \(theme.skipped) time\(theme.skipped == 1 ? "" : "s")"
    }
    return out + "</p>\n"
  }

  /// The sources page in pieces, in order: every lesson by theme and every commitment at
  /// once, then the sessions with the answers their lessons echo a few hundred at a time.
  func renderSources(_ emit: (String) -> Void) {
    var out = Self.head(title: "Sources: key lessons and learning")
    out += "<h1>Sources</h1>\n<p class=\"meta\">\(report.header(escape: h))"
    if let reportLink { out += " · <a href=\"\(reportLink)\">the report</a>" }
    out += "</p>\n<h2 id=\"lessons\">Every lesson, by stage</h2>\n"
    let withLessons = report.themes.filter { !$0.lessons.isEmpty }
    if withLessons.isEmpty { out += "<p>No lessons yet.</p>\n" }
    for theme in withLessons {
      out += themeHeading(theme) + "<ol>\n"
      out += theme.lessons.cited(Report.Item.linkedSources).map {
        lessonItem($0, local: true)
      }.joined()
      out += "</ol>\n"
    }
    out += "<h2 id=\"commitments\">Every commitment</h2>\n<ul>\n"
    if report.commitments.isEmpty { out += "<li>None yet.</li>\n" }
    for item in report.commitments {
      out +=
        "<li><span class=\"status\">\(h(item.label))</span> \(item.line(escape: h))</li>\n"
    }
    out += "</ul>\n"
    emit(out)
    sessions(emit)
    emit("<p class=\"meta\">\(report.footer(escape: h))</p>\n</body>\n</html>\n")
  }

  private func sessions(_ emit: (String) -> Void) {
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

  /// The start of a page, up to its `<body>`: the policy, the viewport, the style (light and
  /// dark, from `prefers-color-scheme`).
  static func head(title: String) -> String {
    """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="color-scheme" content="light dark">
    <title>\(title)</title>
    <style>
    :root { --text: #222; --muted: #555; --page: #fdfdfb; --rule: #ddd; --link: #2a5d8f; --mark: #fff8d6; --l0: #e4e7eb; --l1: #8fd49a; --l2: #40c463; --l3: #2b9348; --l4: #1b5e30; --dot: #2a5d8f; }
    @media (prefers-color-scheme: dark) { :root { --text: #e4e4e0; --muted: #a8a8a2; --page: #17181a; --rule: #3a3b3e; --link: #8cb8e8; --mark: #4a4320; --l0: #2c2f34; --l1: #226b3b; --l2: #2f974c; --l3: #44c162; --l4: #7be38c; --dot: #8cb8e8; } }
    * { box-sizing: border-box; }
    body { font-family: Georgia, 'Times New Roman', serif; max-width: 64rem; margin: 1.2rem auto; padding: 0 1rem; line-height: 1.45; color: var(--text); background: var(--page); overflow-wrap: anywhere; }
    h1, h2, h3, dt, .glance, .heatmap { font-family: system-ui, sans-serif; line-height: 1.2; }
    h1 { font-size: 1.5rem; margin: 0 0 .2rem; }
    h2 { font-size: 1.15rem; border-bottom: 1px solid var(--rule); padding-bottom: .2rem; margin: 1.2rem 0 .5rem; }
    h3 { font-size: 1rem; margin: .8rem 0 .3rem; }
    p, ul, ol { margin: .3rem 0 .6rem; }
    .meta, .source, .about, .status, .none { color: var(--muted); font-size: .9rem; }
    .glance { display: grid; grid-template-columns: minmax(0, 15rem) minmax(0, 1fr); gap: .35rem 1rem; margin: .8rem 0; padding: .7rem .9rem; border: 1px solid var(--rule); border-radius: .4rem; font-size: .95rem; }
    .glance dt { font-weight: 600; } .glance dd { margin: 0; }
    .questions { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 26rem), 1fr)); gap: 0 2rem; }
    .lesson { font-weight: bold; } .glance .lesson { font-weight: normal; font-style: italic; }
    .ideas li { margin-bottom: .3rem; }
    .phrase { font-style: italic; }
    .status { font-family: system-ui, sans-serif; font-size: .8rem; text-transform: uppercase; }
    a { color: var(--link); }
    details { margin: 0 0 1rem; } summary { cursor: pointer; color: var(--link); } .wordings { margin: .1rem 0 0; font-size: .95rem; }
    blockquote { margin: .2rem 0 .6rem 1rem; padding-left: .6rem; border-left: 3px solid var(--rule); color: var(--muted); font-size: .95rem; }
    svg { display: block; width: 100%; height: auto; }
    svg.strip { max-width: 30rem; margin: .1rem 0 .2rem; } .strip line { stroke: var(--rule); stroke-width: 2; } .strip circle { fill: var(--dot); fill-opacity: .75; }
    .heatmap { max-width: 48rem; font-size: .8rem; color: var(--muted); }
    .year, .months { display: grid; grid-template-columns: 4.5rem minmax(0, 1fr) 2.5rem; gap: .5rem; align-items: center; margin: 1px 0; }
    .months .strip { display: grid; grid-template-columns: repeat(12, minmax(0, 1fr)); font-size: .7rem; }
    .label { text-align: right; } .total { text-align: right; }
    .l0 { fill: var(--l0); } .l1 { fill: var(--l1); } .l2 { fill: var(--l2); } .l3 { fill: var(--l3); } .l4 { fill: var(--l4); }
    :target { background: var(--mark); }
    @media (max-width: 40rem) { .glance { grid-template-columns: minmax(0, 1fr); gap: .1rem; } .glance dd { margin-bottom: .4rem; } .year, .months { grid-template-columns: 2.6rem minmax(0, 1fr) 2rem; gap: .3rem; } .months .strip { font-size: .6rem; } }
    </style>
    </head>
    <body>

    """
  }
}
