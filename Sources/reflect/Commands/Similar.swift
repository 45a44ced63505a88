import ArgumentParser
import Foundation
import ReflectCore
import ReflectMeaning
import ReflectTerminal

extension Reflect {
  struct Similar: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "The lessons and answers nearest in meaning to a text, with their scores.",
      discussion: """
        Each answer's sentences and each lesson have a meaning vector from the local \
        sentence model (docs/meaning.md), kept in the index; the score is the cosine of the \
        closest one with the text (1: the same direction). Without the model, the answers \
        that share the most words with the text are shown instead, and a line on stderr \
        says so.
        """)

    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var filterOptions: FilterOptions

    @Argument(help: "The text to compare with.")
    var text: String

    @Flag(name: .long, help: "Print a JSON array of hits (with `similarity`).")
    var json = false

    @Option(name: .customShort("n"), help: "How many (10 unless given).")
    var count: Int = 10

    @Option(
      name: .long, help: ArgumentHelp("The sentence model's folder.", valueName: "dir"),
      completion: .directory)
    var model: String?

    func validate() throws {
      if count < 1 { throw ValidationError("-n takes a number of hits, 1 or more.") }
    }

    func run() throws {
      let console = Console()
      let filter = try filterOptions.filter()
      let archive = Archive(store: homeOptions.store, console: console)
      let hits: [SearchHit]
      switch Meaning.mode(explicit: model) {
      case .on(let encoder):
        let query = encoder.embed([text])[0]
        hits = try Meaning.withVectors(archive, encoder, console) { index, model in
          for problem in try index.problems() { console.warn(problem) }
          return try index.similar(query, model: model, filter, limit: count)
        }
      case let mode:
        console.warn(
          "similar fell back to words: \(mode.line); 'make setup' installs the model,"
            + " or --model DIR, REFLECT_MODEL or 'model:' in the settings names its folder")
        hits = try wordOverlap(archive, filter)
      }
      if json { return console.document(JSONOutput.encode(hits)) }
      if hits.isEmpty { console.line("Nothing similar.") }
      for hit in hits {
        let score = hit.similarity.map { String(format: "%.3f", $0) } ?? "words"
        console.line(
          score + "  " + console.styled(hit.session, .heading) + "  "
            + DisplayDate.minute(hit.date) + "  " + console.styled(hit.stage, .plain) + "  "
            + console.styled(hit.kind, .dim) + "  "
            + console.styled(VisibleText.oneLine(hit.snippet), .plain, keepNewlines: false))
      }
    }

    /// Without the model: the texts sharing any of the text's words, most first (bm25).
    private func wordOverlap(_ archive: Archive, _ filter: SessionFilter) throws -> [SearchHit] {
      let words = text.split(whereSeparator: { !($0.isLetter || $0.isNumber) })
      guard !words.isEmpty,
        let search = try? TranscriptSearch(
          words.map { "\"\($0)\"" }.joined(separator: " OR "), stage: filter.stage)
      else { return [] }
      return try archive.reading { index in
        try index.search(search, filter, limit: count).hits
      }
    }
  }
}
