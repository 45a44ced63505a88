import Testing

@testable import ReflectTerminal

@Suite struct CompletionTests {
  let commands = ["/help", "/skip", "/quit", "/summary"]

  @Test func uniquePrefixCompletes() {
    #expect(LineEditor.completions(of: "/he", among: commands) == ["/help"])
  }

  @Test func ambiguousPrefixListsAllSorted() {
    #expect(LineEditor.completions(of: "/s", among: commands) == ["/skip", "/summary"])
  }

  @Test func nonMatchingGivesNothing() {
    #expect(LineEditor.completions(of: "/x", among: commands).isEmpty)
  }
}
