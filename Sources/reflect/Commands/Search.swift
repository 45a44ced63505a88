import ArgumentParser
import Foundation
import ReflectCore
import ReflectMeaning
import ReflectTerminal

extension Reflect {
  struct Search: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Find words in your answers, lessons and commitments.",
      discussion: """
        Case and accents are ignored and words match whole words; every term must appear in \
        the same answer. `part*` matches words starting with "part", "two words" in quotes \
        match in a row, `OR` between two terms accepts either, and `NOT term` or `-term` \
        leaves out answers with it. The best matches come first: the best \(Search.shown) on a \
        terminal and in text, with a count of the rest (-n N or --all shows more); --json \
        prints every hit unless -n is given. With --meaning, answers and lessons are also \
        ranked by meaning (the local sentence model, docs/meaning.md) and the two rankings \
        fused, so "trust can't be rushed" finds "building trust is slow"; without the \
        model it says so and searches the words.
        """)

    /// Hits printed as text when neither -n nor --all is given.
    static let shown = 20

    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var filterOptions: FilterOptions

    @Argument(
      parsing: .allUnrecognized,
      help: ArgumentHelp("The words to find (a -word is left out of the results)."))
    var words: [String]

    @Flag(name: .long, help: "Print a JSON array of hits.")
    var json = false

    @Option(name: .customShort("n"), help: "Only the best N hits.")
    var count: Int?

    @Flag(name: .long, help: "Every hit (text output shows the best \(Search.shown) otherwise).")
    var all = false

    @Flag(
      name: .long,
      help: "Rank answers and lessons by meaning too, fused with the words (docs/meaning.md).")
    var meaning = false

    @Option(
      name: .long,
      help: ArgumentHelp("The sentence model's folder (with --meaning).", valueName: "dir"),
      completion: .directory)
    var model: String?

    func validate() throws {
      if let count, count < 1 { throw ValidationError("-n takes a number of hits, 1 or more.") }
      if count != nil, all { throw ValidationError("-n and --all cannot be used together.") }
      if model != nil, !meaning { throw ValidationError("--model goes with --meaning.") }
      if meaning, words.allSatisfy({ $0.allSatisfy(\.isWhitespace) }) {
        throw ValidationError("--meaning needs the words to search for.")
      }
      if let option = words.first(where: { $0.hasPrefix("--") && $0.count > 2 }) {
        throw ValidationError("Unknown option '\(option)'.")
      }
    }

    func run() throws {
      let console = Console()
      let filter = try filterOptions.filter()
      if meaning {
        switch Meaning.mode(explicit: model) {
        case .on(let encoder): return try searchByMeaning(encoder, filter, console)
        case let mode:
          console.warn(
            "search --meaning fell back to words: \(mode.line); 'make setup' installs the model,"
              + " or --model DIR, REFLECT_MODEL or 'model:' in the settings names its folder")
        }
      }
      let search: TranscriptSearch
      do {
        search = try TranscriptSearch(words.joined(separator: " "), stage: filter.stage)
      } catch {
        throw ValidationError("That search cannot be read: \(error.message).")
      }
      let archive = Archive(store: homeOptions.store, console: console)
      // Best first; equal ranks keep the archive's order (oldest first).
      let limit = count ?? (all || json ? nil : Self.shown)
      // Hits are written a few hundred at a time as they are read: a common word has
      // tens of thousands in a large archive.
      var shown = 0
      var list = JSONOutput.List()
      let total = try archive.search(search, filter, limit: limit) { hits in
        shown += hits.count
        if json {
          list.add(hits) { console.document($0) }
          return
        }
        for hit in hits {
          console.line(
            console.styled(hit.session, .heading) + "  " + DisplayDate.minute(hit.date) + "  "
              + console.styled(hit.stage, .plain) + "  "
              + highlighted(hit.snippet, search, console))
        }
      }
      if json {
        list.finish { console.document($0) }
        return
      }
      if shown == 0 { console.line("No matches.") }
      if total > shown {
        let more = total - shown
        console.line(
          console.styled(
            "\(more) more match\(more == 1 ? "" : "es") (-n N or --all shows more)", .dim))
      }
    }

    /// The hits fused from the words and their meaning, with the vectors of sentences new
    /// since the last run worked out first (with a progress line).
    private func searchByMeaning(
      _ encoder: ReflectMeaning.Encoder, _ filter: SessionFilter, _ console: Console
    )
      throws
    {
      let text = words.joined(separator: " ")
      // A query the full-text syntax cannot read is searched by meaning alone.
      let search = try? TranscriptSearch(text, stage: filter.stage)
      let query = encoder.embed([text])[0]
      let archive = Archive(store: homeOptions.store, console: console)
      let limit = count ?? (all || json ? nil : Self.shown)
      let (hits, total) = try Meaning.withVectors(archive, encoder, console) { index, model in
        for problem in try index.problems() { console.warn(problem) }
        return try index.meaningSearch(search, query, model: model, filter, limit: limit)
      }
      if json { return console.document(JSONOutput.encode(hits)) }
      for hit in hits {
        let line =
          console.styled(hit.session, .heading) + "  " + DisplayDate.minute(hit.date) + "  "
          + console.styled(hit.stage, .plain) + "  "
        console.line(
          line
            + (search.map { highlighted(hit.snippet, $0, console) }
              ?? console.styled(VisibleText.oneLine(hit.snippet), .plain, keepNewlines: false)))
      }
      if hits.isEmpty { console.line("No matches.") }
      if total > hits.count {
        let more = total - hits.count
        console.line(
          console.styled(
            "\(more) more match\(more == 1 ? "" : "es") (-n N or --all shows more)", .dim))
      }
    }

    /// The snippet, sanitised piece by piece, with the matches highlighted on a terminal.
    private func highlighted(_ text: String, _ search: TranscriptSearch, _ console: Console)
      -> String
    {
      // A line break shows as one mark, however many blank lines the person left.
      let text = VisibleText.oneLine(text)
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
