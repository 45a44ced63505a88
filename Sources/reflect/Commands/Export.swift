import ArgumentParser
import Foundation
import ReflectCore
import ReflectTerminal

extension ExportFormat: ExpressibleByArgument {}

extension Reflect {
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Export the lessons summary of all sessions.")

    @OptionGroup var homeOptions: HomeOptions

    @Option(name: .long, help: "markdown or json.")
    var format: ExportFormat = .markdown

    @Option(name: .long, help: "Write to this file (0600, whole or not at all) instead of stdout.")
    var output: String?

    func run() throws {
      let console = Console()
      var summary = LessonsSummary()
      for transcript in Archive(store: homeOptions.store, console: console).transcripts() {
        summary.add(transcript)
      }
      let document = Exporter().render(summary, as: format)
      guard let output, output != "-" else {
        console.document(document)
        return
      }
      try PrivateFile.write(Data(document.utf8), to: output)
      console.warn("wrote '\(output)'")
    }
  }
}
