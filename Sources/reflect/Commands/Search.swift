import ArgumentParser
import Foundation
import ReflectCore
import ReflectTerminal

extension Reflect {
  struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Find words in your answers, lessons and commitments.",
      discussion: """
        Case and accents are ignored and words match whole words; every term must appear in \
        the same answer. `part*` matches words starting with "part", "two words" in quotes \
        match in a row, `OR` between two terms accepts either, and `NOT term` or `-term` \
        leaves out answers with it. The best matches come first.
        """)

    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var filterOptions: FilterOptions

    @Argument(
      parsing: .allUnrecognized,
      help: ArgumentHelp("The words to find (a -word is left out of the results)."))
    var words: [String]

    @Flag(name: .long, help: "Print a JSON array of hits.")
    var json = false

    func validate() throws {
      if let option = words.first(where: { $0.hasPrefix("--") && $0.count > 2 }) {
        throw ValidationError("Unknown option '\(option)'.")
      }
    }

    func run() throws {
      let console = Console()
      let filter = try filterOptions.filter()
      let search: TranscriptSearch
      do {
        search = try TranscriptSearch(words.joined(separator: " "), stage: filter.stage)
      } catch {
        throw ValidationError("That search cannot be read: \(error.message).")
      }
      let archive = Archive(store: homeOptions.store, console: console)
      // Best first; equal ranks keep the archive's order (oldest first).
      let hits = try archive.reading { index in
        try index.hits(search, in: archive.sessions(index, filter))
      }
      if json {
        console.document(JSONOutput.encode(hits))
        return
      }
      if hits.isEmpty { console.line("No matches.") }
      for hit in hits {
        console.line(
          console.styled(hit.session, .heading) + "  " + DisplayDate.minute(hit.date) + "  "
            + console.styled(hit.stage, .plain) + "  " + highlighted(hit.snippet, search, console))
      }
    }

    /// The snippet, sanitised piece by piece, with the matches highlighted on a terminal.
    private func highlighted(_ text: String, _ search: TranscriptSearch, _ console: Console)
      -> String
    {
      var result = ""
      var position = text.startIndex
      for range in search.matchRanges(in: text) where range.lowerBound >= position {
        result += console.styled(
          String(text[position..<range.lowerBound]), .plain, keepNewlines: false)
        result += console.styled(String(text[range]), .highlight, keepNewlines: false)
        position = range.upperBound
      }
      return result + console.styled(String(text[position...]), .plain, keepNewlines: false)
    }
  }
}
