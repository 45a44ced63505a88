import Foundation
import PropertyBased
import ReflectTestSupport
import Testing

@testable import ReflectCore

@Suite struct SearchQueryTests {
  let text = "Our partners agreed in the budget meeting; the partnership held. Café first."

  func matches(_ query: String, _ text: String? = nil) throws -> Bool {
    try TranscriptSearch(query).matches(text ?? self.text)
  }

  @Test func wordsMatchWholeWordsOnly() throws {
    #expect(try matches("partners"))
    #expect(try !matches("art"))
    #expect(try !matches("partner"))
    #expect(try matches("PARTNERS cafe"))
    #expect(try !matches("partners zebra"))
  }

  @Test func aStarMatchesTheStartOfAWord() throws {
    #expect(try matches("partner*"))
    #expect(try matches("bud*"))
    #expect(try !matches("art*"))
    let search = try TranscriptSearch("part*")
    #expect(search.score(text) == 2)
    let lit = search.matchRanges(in: text).map { String(text[$0]) }
    #expect(lit == ["partners", "partnership"])
  }

  @Test func quotesMatchWordsInARow() throws {
    #expect(try matches("\"agreed in the budget\""))
    #expect(try !matches("\"agreed the budget\""))
    #expect(try !matches("\"budget agreed\""))
    let search = try TranscriptSearch("\"in the budget\"")
    #expect(search.matchRanges(in: text).map { String(text[$0]) } == ["in the budget"])
  }

  @Test func orAcceptsEitherAndOtherTermsStayRequired() throws {
    #expect(try matches("zebra OR budget"))
    #expect(try matches("budget OR zebra partners"))
    #expect(try !matches("zebra OR giraffe"))
    #expect(try !matches("zebra OR budget giraffe"))
    // Lower-case "or" is an ordinary word.
    #expect(try !matches("zebra or budget"))
  }

  @Test func notAndMinusLeaveOut() throws {
    #expect(try !matches("budget NOT partnership"))
    #expect(try !matches("budget -cafe"))
    #expect(try matches("budget -zebra"))
    #expect(try !matches("budget -\"the partnership\""))
    #expect(try matches("budget NOT \"partnership failed\""))
  }

  @Test func rankCountsTheTermsFound() throws {
    let search = try TranscriptSearch("trust")
    #expect(search.score("Trust, trust and more trust.") == 3)
    #expect(search.score("Some trust.") == 1)
    #expect(search.score("Trusted.") == 0)
  }

  @Test func queriesThatCannotBeSearchedSayWhy() {
    #expect(throws: SearchQuery.Problem.self) { try SearchQuery("\"agreed in") }
    #expect(throws: SearchQuery.Problem.self) { try SearchQuery("-budget") }
    #expect(throws: SearchQuery.Problem.self) { try SearchQuery("NOT budget") }
    #expect(throws: SearchQuery.Problem.self) { try SearchQuery("  ** ,, ") }
    do {
      _ = try SearchQuery("trust \"agreed in")
      Issue.record("an open quote was accepted")
    } catch {
      #expect(error.message.contains("\"agreed in"))
    }
  }

  /// The quick check that skips most answers never skips one that matches.
  @Test func theQuickCheckNeverHidesAMatch() async throws {
    let words = [
      "trust", "Trusted", "partner", "part", "co-op", "it's", "it’s", "IN", "the", "a", "café",
      "cafe\u{301}", "“quoted”", "–", "🙂", "ｔrust",
    ]
    let queries = try [
      "trust", "part*", "\"in the\"", "co-op", "it's", "zebra OR trust", "a -the", "cafe",
    ]
    .map { try SearchQuery($0) }
    await propertyCheck(
      count: 300, input: Gen.int(in: 0...(words.count - 1)).array(of: 0...10)
    ) { picks in
      let text = picks.map { words[$0] }.joined(separator: ", ")
      for query in queries where query.cannotMatch(text) {
        #expect(query.score(Words.split(SearchQuery.fold(text))) == 0, "\(query) in \(text)")
      }
    }
    // It does skip what cannot match, and leaves accented text to the full check.
    #expect(try SearchQuery("trust").cannotMatch("Partners kept faith."))
    #expect(try !SearchQuery("trust").cannotMatch("Partners kept TRUSTED faith."))
    #expect(try SearchQuery("trust").cannotMatch("“Partners” kept faith – mostly."))
    #expect(try !SearchQuery("cafe").cannotMatch("The café."))
    #expect(try !SearchQuery("it's").cannotMatch("It’s fine."))
  }

  /// Any query either parses or gives a reason; none crashes, and highlighting stays inside
  /// the text.
  @Test func randomQueriesNeverCrash() async {
    let pieces = [
      "trust", "part", "*", "\"", "-", "OR", "NOT", " ", "café", "é", "'", "’", "--", "\u{0}",
      "🙂", "\u{301}", "in the", "(", ")", ":",
    ]
    await propertyCheck(
      count: 500, input: Gen.int(in: 0...(pieces.count - 1)).array(of: 0...12)
    ) { picks in
      let query = picks.map { pieces[$0] }.joined()
      let search: TranscriptSearch
      do throws(SearchQuery.Problem) {
        search = try TranscriptSearch(query)
      } catch {
        #expect(!error.message.isEmpty)
        return
      }
      let sample = "Trust in the café, partners’ trust – ‘part’ of it 🙂 e\u{301}"
      _ = search.score(sample)
      for range in search.matchRanges(in: sample) {
        #expect(range.lowerBound >= sample.startIndex && range.upperBound <= sample.endIndex)
      }
    }
  }
}

/// Folding word by word gives exactly the words of folding the whole text.
@Suite struct FoldedWordsTests {
  @Test func foldingWordsMatchesFoldingTheText() async {
    let pieces = [
      "Trust", "café", "e\u{301}", "Straße", "İ", "Ｔｒｕｓｔ", "＇", "－", "ﬁ", "naïve", " ", "-",
      "'", "’", "🙂", "ΣΟΦΊΑ", "Ǆ", "١٢", "\u{301}", ".", "co-op", "ＩＮ", "Æ", "ø",
    ]
    await propertyCheck(
      count: 1_000, input: Gen.int(in: 0...(pieces.count - 1)).array(of: 0...10)
    ) { picks in
      let text = picks.map { pieces[$0] }.joined()
      #expect(
        SearchQuery.foldedWords(text) == Words.split(SearchQuery.fold(text)),
        "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
    }
  }
}
