import Foundation
import ReflectCore
import ReflectTerminal

/// Renders a transcript for the terminal, coach and person clearly apart.
struct TranscriptView {
  let console: Console

  func show(_ transcript: Transcript) {
    for event in transcript.events {
      switch event {
      case .start(let start):
        console.line(
          console.decorated("Session ", .heading) + console.styled(start.id, .heading) + "  "
            + DisplayDate.minute(start.time) + "  " + console.styled(start.packTitle, .plain))
      case .coach(let message):
        if message.kind == .intro { console.line() }
        console.line(console.decorated("coach │ ", .coach) + console.styled(message.text, .coach))
      case .answer(let answer):
        console.line(console.decorated("  you │ ", .person) + console.styled(answer.text, .person))
      case .skip:
        console.line(console.decorated("  you │ ", .person) + console.decorated("(skipped)", .dim))
      case .lesson(let lesson):
        console.line(
          console.decorated("  you │ ", .person)
            + console.styled("\(lesson.number). \(lesson.text)", .person))
      case .commitment(let commitment):
        let due = commitment.due.map { " (by \($0))" } ?? ""
        console.line(
          console.decorated("  you │ ", .person)
            + console.styled("\(commitment.number). \(commitment.text)\(due)", .person))
      case .end(let end):
        console.line()
        console.line(console.decorated("— session \(end.reason.rawValue) —", .dim))
      }
    }
    if transcript.end == nil {
      console.line()
      console.line(console.decorated("— session interrupted (no end recorded) —", .dim))
    }
  }
}
