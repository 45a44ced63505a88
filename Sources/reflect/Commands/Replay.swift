import ArgumentParser
import Foundation
import ReflectCore
import ReflectTerminal

extension Reflect {
  struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show a past session: the coach's lines and your answers.")

    @OptionGroup var homeOptions: HomeOptions

    @Argument(help: "A session id, 'latest', or the path of a transcript file.")
    var session: String

    func run() throws {
      let console = Console()
      let path = try homeOptions.store.resolve(session)
      let transcript = try TranscriptReader().read(path: path)
      guard transcript.start != nil else { throw TranscriptError.notATranscript(path: path) }
      Archive(store: homeOptions.store, console: console).report(transcript)
      TranscriptView(console: console).show(transcript)
    }
  }
}
