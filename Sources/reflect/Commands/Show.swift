import ArgumentParser
import Foundation
import ReflectCore
import ReflectTerminal

extension TranscriptDocument.Format: ExpressibleByArgument {}

extension Reflect {
  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print one session as a readable document.")

    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var packOptions: PackOptions

    @Argument(
      help: "A session id, 'latest', or the path of a transcript file.",
      completion: .custom(DataCompletion.sessions))
    var session: String

    @Option(name: .long, help: "markdown or text.")
    var format: TranscriptDocument.Format = .markdown

    @Flag(name: .long, help: "The session's events as JSON (docs/transcript-format.md).")
    var json = false

    func run() throws {
      let console = Console()
      let (transcript, start) = try Archive(store: homeOptions.store, console: console).open(
        session)
      if json {
        // Each event exactly as stored, one JSON object each.
        let codec = TranscriptCodec()
        let events = transcript.events.compactMap {
          try? JSONSerialization.jsonObject(with: codec.encode($0))
        }
        let object: [String: Any] = [
          "version": JSONOutput.version, "id": start.id.rawValue, "path": transcript.path,
          "events": events,
        ]
        console.document(JSONOutput.encode(any: object))
        return
      }
      let pack =
        start.pack == ImportedEntry.pack
        ? nil : try? packOptions.library(console: console).pack(start.pack)
      var titles = Dictionary(
        (pack?.stages ?? []).map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
      if start.pack == ImportedEntry.pack { titles[ImportedEntry.stage] = ImportedEntry.stageTitle }
      // As last amended (the events as typed are in --json and replay).
      let document = TranscriptDocument().render(
        transcript.revised, stageTitles: titles, as: format)
      console.document(document)
    }
  }
}
