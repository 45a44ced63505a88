import Foundation

/// One transcript as a readable document (`reflect show`).
public struct TranscriptDocument: Sendable {
  /// The formats `reflect show` writes.
  public enum Format: String, Sendable, CaseIterable {
    case markdown, text
  }

  /// The time zone dates are shown in.
  public var timeZone: TimeZone

  /// Creates a renderer showing times in `timeZone`.
  public init(timeZone: TimeZone = .current) { self.timeZone = timeZone }

  /// `transcript` as a document; the person's words are escaped for Markdown.
  public func render(
    _ transcript: Transcript, stageTitles: [String: String] = [:], as format: Format
  ) -> String {
    let markdown = format == .markdown
    func text(_ words: String) -> String {
      markdown ? MarkdownText.escape(words) : VisibleText.sanitize(words, keepNewlines: false)
    }
    // A person's words with their paragraphs: after `lead` on the first line, later lines
    // lined up under it (Markdown: a list item's continuation; text: plain indentation).
    func block(_ lead: String, _ words: String) -> String {
      if markdown { return MarkdownText.item(lead, words) }
      return PlainText.item(lead, words)
    }
    func heading(_ title: String, _ level: Int) -> [String] {
      markdown
        ? [String(repeating: "#", count: level) + " " + title, ""]
        : [title, String(repeating: level == 1 ? "=" : "-", count: title.count), ""]
    }
    var lines: [String] = []
    var stage: String?
    var style = Date.ISO8601FormatStyle(timeZone: timeZone)
    style = style.year().month().day().time(includingFractionalSeconds: false)
    if let start = transcript.start {
      lines += heading("\(text(start.packTitle)) — \(style.format(start.date))", 1)
      // A code span shows its text as is: an id (checked when it was read) is safe in one.
      let id = markdown ? "`\(start.id)`" : text(start.id.rawValue)
      lines += ["Session \(id), pack \(text(start.pack)).", ""]
      // What it is about and its tags as they stand now (`replay` shows when they changed).
      if let subject = transcript.subject {
        lines += [(markdown ? "**About:** " : "About: ") + text(subject), ""]
      }
      if !transcript.tags.isEmpty {
        // A tag holds letters, digits, `_`, `-` and `/` only: safe in a code span.
        let tags = transcript.tags.map { markdown ? "`#\($0)`" : "#\($0)" }
        lines += [(markdown ? "**Tags:** " : "Tags: ") + tags.joined(separator: " "), ""]
      }
    }
    func enter(_ id: String) {
      guard id != stage, !id.isEmpty else { return }
      stage = id
      lines += heading(text(stageTitles[id] ?? id), 2)
    }
    for event in transcript.events {
      switch event {
      case .coach(let message) where message.kind != .welcome && message.kind != .closing:
        enter(message.stage)
        lines += [
          markdown ? "**Coach:** \(text(message.text))" : "Coach: \(text(message.text))", "",
        ]
      case .answer(let answer):
        enter(answer.stage)
        lines += [markdown ? MarkdownText.quote(answer.text) : block("You: ", answer.text), ""]
      case .skip(let skip):
        enter(skip.stage)
        lines += [markdown ? "> _(skipped)_" : "You: (skipped)", ""]
      case .lesson(let lesson):
        enter(lesson.stage)
        lines += [block("\(lesson.number). ", lesson.text), ""]
      case .commitment(let item):
        enter(item.stage)
        lines += [
          block("\(item.number). ", item.text)
            + (item.due.map { " (by \(DueDate.isDate($0) ? $0 : text($0)))" } ?? ""), "",
        ]
      case .review(let review):
        lines += [
          "Earlier commitment \"\(text(review.text))\": \(review.status.rawValue). \(text(review.outcome))",
          "",
        ]
      case .end(let end):
        lines += [
          markdown ? "_Session \(end.reason.rawValue)._" : "Session \(end.reason.rawValue).", "",
        ]
      default:
        break
      }
    }
    if transcript.end == nil {
      lines += [markdown ? "_Session interrupted._" : "Session interrupted.", ""]
    }
    return lines.joined(separator: "\n")
  }
}
