import Foundation
import ReflectCore
import ReflectTerminal

/// Renders a transcript for the terminal, coach and person clearly apart.
struct TranscriptView {
  let console: Console

  private func coach(_ text: String) {
    console.line(console.decorated("coach │ ", .coach) + console.styled(text, .coach))
  }

  /// The person's words, each line behind the gutter (paragraphs kept, blank lines shown
  /// as an empty quoted line).
  private func person(_ text: String, _ style: Style = .person) {
    let lines = PlainText.lines(text)
    for (index, line) in (lines.isEmpty ? [""] : lines).enumerated() {
      console.line(
        console.decorated(index == 0 ? "  you │ " : "      │ ", .person)
          + console.styled(line, style))
    }
  }

  /// Each correction made with `reflect amend`, dated, under the words it corrects.
  private func revisions(_ revisions: [Command]) {
    for revision in revisions {
      let text = revision.text ?? ""
      console.line(
        console.decorated("      │ ", .person)
          + console.decorated(
            "amended \(DisplayDate.minute(revision.time))" + (text.isEmpty ? ": withdrawn" : ":"),
            .dim))
      if !text.isEmpty { person(text) }
    }
  }

  /// Prints `transcript` for the terminal.
  ///
  /// `brief` leaves out the header and the closing line. `pace` is
  /// called with the time that passed before each event, to wait before showing it.
  func show(
    _ transcript: Transcript, brief: Bool = false, pace: ((TimeInterval) -> Void)? = nil
  ) {
    var previous: Date?
    let corrections = transcript.revisionsByLine
    for (event, line) in zip(transcript.events, transcript.lines) {
      // Corrections are shown under what they correct, not where they were written.
      if case .command(let command) = event, command.name == .revise { continue }
      defer { revisions(corrections[line] ?? []) }
      if let pace, let previous { pace(event.time.timeIntervalSince(previous)) }
      previous = event.time
      switch event {
      case .start(let start):
        console.line(
          console.decorated("Session ", .heading) + console.styled(start.id.rawValue, .heading)
            + "  "
            + DisplayDate.minute(start.date) + "  " + console.styled(start.packTitle, .plain))
      case .coach(let message):
        if message.kind == .intro, !brief { console.line() }
        coach(message.text)
      case .answer(let answer):
        person(answer.text)
      case .skip:
        console.line(console.decorated("  you │ ", .person) + console.decorated("(skipped)", .dim))
      case .lesson(let lesson):
        let kept = lesson.origin == .proposed ? " (kept from a proposal)" : ""
        person("\(lesson.number). \(lesson.text)\(kept)")
      case .commitment(let commitment):
        let due = commitment.due.map { " (by \($0))" } ?? ""
        person("\(commitment.number). \(commitment.text)\(due)")
      case .review(let review):
        person("\(review.status.rawValue): \(review.outcome)")
      case .command(let command) where command.name == .about:
        console.line(
          console.decorated("about │ ", .dim) + console.styled(command.text ?? "", .plain))
      case .command(let command) where command.name == .suggest:
        // The finder's, not the person's: a suggestion waiting for `reflect lessons review`
        // until a lesson or a drop below it names its number.
        console.line(
          console.decorated("suggested │ ", .dim)
            + console.styled(command.text ?? "", .dim, keepNewlines: false))
      case .command(let command) where command.name.isAnnotation:
        console.line(
          console.decorated("  you │ ", .person)
            + console.styled("/\(command.name) \(command.text ?? "")", .dim))
      case .command(let command) where command.name == .withdraw:
        // The coach's, after "take that out": its own line says what was taken back.
        continue
      case .command(let command):
        guard ![.rejected, .done].contains(command.name) else {
          if let text = command.text { person(text, .dim) }
          continue
        }
        console.line(
          console.decorated("  you │ ", .person)
            + console.styled("/\(command.name)", .dim))
      case .end(let end):
        guard !brief else { continue }
        console.line()
        console.line(console.decorated("— session \(end.reason.rawValue) —", .dim))
      }
    }
    if transcript.end == nil, !brief {
      console.line()
      console.line(console.decorated("— session interrupted (no end recorded) —", .dim))
    }
  }
}
