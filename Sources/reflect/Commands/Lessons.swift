import ArgumentParser
import Foundation
import ReflectCore
import ReflectTerminal

extension Reflect {
  struct Lessons: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Your lessons: review those suggested from imported notes.",
      subcommands: [Review.self])

    struct Review: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Keep, edit or drop the lessons suggested from imported notes.",
        discussion: """
          The lessons the coach found in notes brought in with 'reflect import' wait here, \
          oldest note first, until you decide: Enter keeps one as it is, changing the words \
          first keeps it as you wrote it, clearing the line (or /drop) drops it, /skip leaves \
          it for later, /quit stops (piped, an empty line drops and /keep keeps). Each \
          decision is saved before the next is shown; what \
          you decided stays decided. Only kept lessons count as lessons (list, stats, \
          export). --list (or --json) shows what waits and changes nothing.
          """)

      @OptionGroup var homeOptions: HomeOptions

      @Flag(name: .long, help: "List the suggestions that wait; change nothing.")
      var list = false

      @Flag(name: .long, help: "With --list (implied): a JSON array of what waits.")
      var json = false

      /// An imported session with suggestions waiting.
      struct Waiting {
        var path: String
        var id: SessionID
        var time: Date
        var subject: String?
        var suggestions: [Transcript.Suggestion]
      }

      /// One waiting suggestion, as `--json` lists it.
      struct Listed: Encodable {
        var session: String
        var date: String
        var subject: String?
        var number: Int
        var text: String
      }

      func run() throws {
        let console = Console()
        let store = homeOptions.store
        let waiting = try Self.waiting(in: store, console: console)
        let count = waiting.reduce(0) { $0 + $1.suggestions.count }
        if json {
          let listed = waiting.flatMap { session in
            session.suggestions.map {
              Listed(
                session: session.id.rawValue, date: DisplayDate.minute(session.time),
                subject: session.subject, number: $0.number, text: $0.text)
            }
          }
          console.document(JSONOutput.encode(listed))
          return
        }
        guard count > 0 else {
          console.line("No suggested lessons wait for review.")
          return
        }
        if list {
          for session in waiting {
            console.line(heading(session, console))
            for suggestion in session.suggestions {
              console.line("  " + console.styled(suggestion.text, .plain, keepNewlines: false))
            }
          }
          console.line()
          console.line(Self.waitingLine(count) + ": reflect lessons review")
          return
        }
        try review(waiting, count: count, store: store, console: console)
      }

      /// "3 suggested lessons wait" and the like.
      static func waitingLine(_ count: Int) -> String {
        count == 1 ? "1 suggested lesson waits" : "\(count) suggested lessons wait"
      }

      /// The note's date and subject, as each of its suggestions is shown under it.
      func heading(_ session: Waiting, _ console: Console) -> String {
        console.decorated(DisplayDate.minute(session.time), .heading)
          + (session.subject.map { "  " + console.styled($0, .heading, keepNewlines: false) }
            ?? "")
          + console.decorated("  (\(session.id))", .dim)
      }

      /// The imported sessions with suggestions waiting, oldest first.
      static func waiting(in store: TranscriptStore, console: Console) throws -> [Waiting] {
        let archive = Archive(store: store, console: console)
        let entries = try archive.reading { index in
          try archive.sessions(index, SessionFilter(pack: ImportedEntry.pack))
        }
        var result: [Waiting] = []
        let reader = TranscriptReader()
        for entry in entries {
          guard let overview = entry.overview, let id = SessionID(overview.id) else { continue }
          guard let transcript = try? reader.read(path: entry.path, followLinks: false) else {
            continue
          }
          let open = transcript.suggestions.filter { $0.status == .waiting }
          guard !open.isEmpty else { continue }
          result.append(
            Waiting(
              path: entry.path, id: id, time: overview.start, subject: transcript.subject,
              suggestions: open))
        }
        return result
      }

      /// What the person decided about one suggestion.
      enum Decision {
        case keep(String)
        case drop
        case later
        case stop
      }

      /// Goes through `waiting`, saving each decision (under the session's lock, synced)
      /// before showing the next.
      func review(
        _ waiting: [Waiting], count: Int, store: TranscriptStore, console: Console
      ) throws {
        let editor = LineEditor(interactive: console.interactive, commands: Self.commands)
        // With piped input the line does not start with the suggestion: an empty line drops.
        let how =
          (editor.interactive
            ? "Enter keeps it, change the words first to keep your own, clear the line (or"
              + " /drop) to drop it"
            : "/keep keeps it, a line of your own words keeps those, an empty line (or /drop)"
              + " drops it") + "; /skip leaves it for later, /quit stops."
        console.line(
          console.decorated(
            wrapped(
              Self.waitingLine(count) + " for review, from your imported notes. For each: "
                + how, console), .dim))
        var kept = 0
        var dropped = 0
        sessions: for session in waiting {
          // Held like `amend` holds it while the person decides; read again under the lock,
          // so a decision made elsewhere meanwhile is not asked again.
          let writer: TranscriptWriter
          do {
            writer = try TranscriptWriter.reopen(at: session.path)
          } catch {
            guard case .locked = error else { throw error }
            console.warn("\(session.id) is in use by another reflect; left for later")
            continue
          }
          let transcript = try TranscriptReader().read(path: session.path, followLinks: false)
          var number = transcript.lessons.map(\.number).max() ?? 0
          let open = transcript.suggestions.filter { $0.status == .waiting }
          guard !open.isEmpty else { continue }
          console.line()
          console.line(heading(session, console))
          for suggestion in open {
            // A note's words, sanitised before they are wrapped, as a session's coach lines are.
            let line = VisibleText.sanitize(
              "Possible lesson: " + suggestion.text, keepNewlines: false)
            console.line(
              console.decorated("coach: ", .coach)
                + console.styled(wrapped(line, console, indent: 7), .coach))
            let time = Date()
            switch decide(suggestion.text, how: how, editor: editor, console: console) {
            case .keep(let text):
              number += 1
              try writer.append(
                .lesson(
                  Lesson(
                    stage: suggestion.stage, number: number, text: text, origin: .proposed,
                    suggestion: suggestion.number, time: time)))
              kept += 1
              console.line(
                console.decorated(
                  "Kept as lesson \(number)" + (text == suggestion.text ? "." : ", in your words."),
                  .dim))
            case .drop:
              try writer.append(
                .command(
                  Command(
                    name: .drop, stage: suggestion.stage, text: suggestion.text,
                    number: suggestion.number, time: time)))
              dropped += 1
              console.line(console.decorated("Dropped.", .dim))
            case .later:
              console.line(console.decorated("Left for later.", .dim))
            case .stop:
              break sessions
            }
          }
        }
        let left = count - kept - dropped
        console.line()
        console.line(
          wrapped(
            "Kept \(kept), dropped \(dropped)."
              + (left > 0
                ? " \(left) still wait\(left == 1 ? "s" : ""): run 'reflect lessons review'"
                  + " again to go on."
                : " Nothing waits for review."),
            console))
        // The index takes the decisions in now, not at the next command.
        if kept + dropped > 0 { _ = try? Archive(store: store, console: console).index() }
      }

      /// The commands a review answers to (for completion).
      static let commands = ["/keep", "/drop", "/skip", "/quit", "/help"]

      /// Reflect's own `text` wrapped at word boundaries to a terminal's width (continuation
      /// lines indented by `indent`, the first line starting there too); a script gets it whole.
      func wrapped(_ text: String, _ console: Console, indent: Int = 0) -> String {
        guard console.isTerminal else { return text }
        return TextWrap.wrap(text, width: Console.columns(), indent: indent, first: indent)
      }

      /// Reads one decision about `text`: on a terminal the line starts with it, to keep
      /// (Enter), change or clear.
      ///
      /// `how` is what /help (or a command that does not apply here) says.
      func decide(_ text: String, how: String, editor: LineEditor, console: Console)
        -> Decision
      {
        // A note's words are shown, never obeyed: nothing of them reaches the terminal raw.
        let shown = VisibleText.sanitize(text, keepNewlines: false)
        while true {
          guard
            case .line(var line) = editor.read(
              prompt: console.promptLabel("keep, edit or drop"),
              prefill: editor.interactive ? shown : nil)
          else { return .stop }
          // A command typed after the words on the line ("…text/drop") is the command.
          if editor.interactive, line.hasPrefix(shown) {
            let typed = line.dropFirst(shown.count).trimmingCharacters(in: .whitespaces)
            if typed.hasPrefix("/") { line = typed }
            if typed.isEmpty { return .keep(text) }
          }
          switch SessionCommand.parse(line) {
          case .input(.keep): return .keep(text)
          case .input(.drop): return .drop
          case .input(.skip), .input(.next): return .later
          case .input(.quit), .input(.pause), .input(.endOfInput): return .stop
          case .input(.text(let typed)):
            let words = typed.trimmingCharacters(in: .whitespacesAndNewlines)
            return words.isEmpty ? .drop : .keep(words)
          default:
            console.line(wrapped("Here: " + how, console))
          }
        }
      }
    }
  }
}
