import ArgumentParser
import Foundation
import ReflectCore
import ReflectTerminal

extension Reflect {
  struct Session: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Hold a reflection session (the default command).",
      discussion: """
        The coach asks a pack's questions stage by stage; every answer is on disk before the
        next question appears. On a terminal you get line editing, Tab completion of
        /commands and Ctrl-R search; with piped input each line is one answer.
        """)

    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var packOptions: PackOptions

    @Option(name: .long, help: "The pack to use ('reflect prompts list' shows them).")
    var pack: String = PackLibrary.defaultPackID

    @Option(
      name: .long,
      help: ArgumentHelp(
        "Only these stages, comma-separated (e.g. trust,lessons).", valueName: "ids"))
    var stages: String?

    func run() throws {
      let console = Console()
      var chosen = try packOptions.library(console: console).pack(pack)
      if let stages {
        chosen = try chosen.restricted(
          to: stages.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
      }
      var loop = SessionLoop(console: console, store: homeOptions.store, pack: chosen)
      try loop.run()
    }
  }
}
