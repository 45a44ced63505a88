import ArgumentParser
import Foundation
import ReflectCore
import ReflectTerminal

extension Reflect {
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "List sessions, oldest first: id, start, pack, answers, subject (or first lesson), tags.")

    @OptionGroup var homeOptions: HomeOptions

    @OptionGroup var filterOptions: FilterOptions

    @Option(name: .short, help: "Only the last N sessions.")
    var n: Int?

    @Flag(name: .long, help: "Print a JSON array, one object per session.")
    var json = false

    func run() throws {
      let console = Console()
      let archive = Archive(store: homeOptions.store, console: console)
      let filter = try filterOptions.filter()
      if json {
        let overviews = try archive.reading { try archive.sessions($0, filter, last: n) }
          .compactMap(\.overview)
        console.document(JSONOutput.encode(overviews))
        return
      }
      // Printed as read: a long archive is never held in memory. Should the index turn out
      // damaged partway, the rebuilt one lists the same sessions: those printed are skipped.
      var printed = 0
      try archive.reading { index in
        if printed == 0 { for problem in try index.problems() { console.warn(problem) } }
        var seen = 0
        try index.sessions(filter, last: n) { entry in
          guard let overview = entry.overview else { return }
          seen += 1
          guard seen > printed else { return }
          printed += 1
          line(overview, console)
        }
      }
      if printed == 0 {
        console.line("No sessions match. Run 'reflect session' to start one.")
      }
    }

    private func line(_ overview: SessionOverview, _ console: Console) {
      let when = DisplayDate.minute(overview.start)
      // No end yet and locked: a session running right now, not an interrupted one.
      let state =
        overview.status == .interrupted && TranscriptStore.isInUse(overview.path)
        ? "in progress" : overview.status.rawValue
      let status = overview.status == .completed ? "" : " [\(state)]"
      console.line(
        console.styled(overview.id, .heading) + "  \(when)  "
          + console.styled(overview.pack, .plain) + "  \(overview.answers) answer"
          + (overview.answers == 1 ? "  " : "s  ")
          + console.styled(overview.subject ?? overview.title, .plain, keepNewlines: false)
          + overview.tags.map { "  " + console.styled("#" + $0, .dim) }.joined() + status)
    }
  }
}
