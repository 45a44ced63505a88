import ArgumentParser
import Foundation
import ReflectCore
import ReflectTerminal

extension Reflect {
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List sessions, oldest first: id, start, pack, answers, first lesson.")

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
      let overviews = try archive.reading { try archive.sessions($0, filter, last: n) }
        .compactMap(\.overview)
      if json {
        console.document(JSONOutput.encode(overviews))
        return
      }
      if overviews.isEmpty {
        console.line("No sessions match. Run 'reflect session' to start one.")
      }
      for overview in overviews {
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
            + console.styled(overview.title, .plain, keepNewlines: false) + status)
      }
    }
  }
}
