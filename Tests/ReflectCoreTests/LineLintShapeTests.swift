import Foundation
import Testing

@testable import ReflectCore

/// The lint that holds the corpus to 0 broken lines knows the shapes fresh sessions showed
/// (#28): summaries that start mid-sentence or give back a question, candidates that are
/// questions, complaints or fragments, follow-ups that echo a word of an idiom.
@Suite struct LineLintShapeTests {
  @Test(arguments: [
    "Values: here in the county and through the network, collaboration was the norm.",
    "Purpose: which meant nobody owned the referrals.",
    "Trust: and then the head left.",
    "Trust: in your words, “which is why nobody signed it.”",
    "Partners: “What do you mean by values exactly?”",
  ])
  func aSummaryCutMidSentenceOrGivingBackAQuestionIsBroken(line: String) {
    #expect(LineLint.summaryProblem(in: line) != nil, "\(line)")
  }

  @Test(arguments: [
    "Values: you would not trade away honesty with the families.",
    "Purpose: to get people home from hospital sooner.",
    "Trust: there was trust between the two heads from the start.",
    "Partners: in your words, “we shared the same core values.”",
  ])
  func aWholeSummaryIsNot(line: String) {
    #expect(LineLint.summaryProblem(in: line) == nil, "\(line)")
  }

  @Test func aSummaryThatStartsWhereTheAnswerStartedIsWhole() {
    let line = "Trust: with the contractor's head office, not really."
    #expect(LineLint.summaryProblem(in: line) != nil)
    let answers = ["with the contractor's head office, not really. the tenants trusted us"]
    #expect(LineLint.summaryProblem(in: line, answers: answers) == nil)
  }

  @Test func aFollowUpThatEchoesAnIdiomIsBrokenOneThatEchoesTheWordItselfIsNot() throws {
    let listening = try CoachRules.builtIn().listening
    let idiomatic = "the board never read the plan, if i'm honest"
    #expect(
      LineLint.idiomEcho(
        in: "How long have you been honest?", after: idiomatic, listening: listening) != nil)
    let plain = "being honest with the parents was the hardest part"
    #expect(
      LineLint.idiomEcho(
        in: "What did being honest cost you?", after: plain, listening: listening) == nil)
  }

  @Test(arguments: [
    ("What do you mean by values exactly?", "question"),
    ("this is a pointless question", "complaint"),
    ("Already has four schools nearby", "fragment"),
  ])
  func aCandidateThatIsNotALessonIsRejected(text: String, why: String) throws {
    let finder = LessonFinder(cues: try LessonCues.builtIn())
    #expect(finder.rejection(of: text) != nil, "\(text) should be rejected as \(why)")
  }

  @Test func aRealLessonIsNotRejected() throws {
    let finder = LessonFinder(cues: try LessonCues.builtIn())
    let lesson = "trust between partners has to be earned before it can be spent"
    #expect(finder.rejection(of: lesson) == nil)
  }
}
