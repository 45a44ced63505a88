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

    @Option(name: .long, help: "The pack to use.")
    var pack: String = PackLibrary.defaultPackID

    func run() throws {
      let console = Console()
      let library = PackLibrary()
      for notice in library.notices { console.warn(notice) }
      let chosen = try library.pack(pack)
      var loop = SessionLoop(console: console, store: homeOptions.store, pack: chosen)
      try loop.run()
    }
  }
}
