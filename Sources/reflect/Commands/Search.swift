import ArgumentParser
import Foundation
import ReflectCore
import ReflectTerminal

extension Reflect {
  struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Find words in your answers, lessons and commitments.",
      discussion: "Case and accents are ignored; every word must appear in the same answer.")

    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var filterOptions: FilterOptions

    @Argument(help: "The words to find.")
    var words: [String]

    @Flag(name: .long, help: "Print a JSON array of hits.")
    var json = false

    func run() throws {
      let console = Console()
      let filter = try filterOptions.filter()
      let search = TranscriptSearch(words.joined(separator: " "), stage: filter.stage)
      var hits: [SearchHit] = []
      for transcript in Archive(store: homeOptions.store, console: console).transcripts()
      where filter.matches(transcript) {
        hits += search.hits(in: transcript)
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
