import Foundation
import Testing

@testable import ReflectCore

/// Candidate lessons made whole, or not offered (issue #28: the blind judges' shapes, in new
/// wording), with the words-only weights.
@Suite struct CandidateShapeTests {
  let finder: LessonFinder

  init() throws { finder = LessonFinder(cues: try LessonCues.builtIn()) }

  func proposals(_ text: String, to question: String) -> [String] {
    finder.propose(from: [LessonFinder.Answered(text, question: question)])
  }

  /// "…earned it", to "What earned trust, and what spent it?", is "…earned trust".
  @Test func anItTheQuestionNamesIsMadeWhole() {
    let said = proposals(
      "going along to every single committee night earned it. the bank pulling our overdraft"
        + " with no warning spent it", to: "What earned trust, and what spent it?")
    #expect(said.contains("Going along to every single committee night earned trust"), "\(said)")
    #expect(!said.contains { $0.hasSuffix(" it") }, "\(said)")
  }

  /// The question's echo at the front goes: "Earned: doing…" is "Doing … earned trust";
  /// "sooner next time i would get…" is "Next time, get…"; "i" reads "I".
  @Test func theQuestionsEchoIsNotTheLessonsStart() {
    #expect(
      CandidateShape.whole(
        "Earned: sweeping up after every single match, the bar especially",
        question: "What earned trust, and what spent it?")
        == "Sweeping up after every single match earned trust")
    #expect(
      CandidateShape.whole(
        "Sooner next time id get the data sharing signed off before the first clinic, and i"
          + " would meet the ward staff not just the leads",
        question: "How long did it take, and what would you do sooner next time?")
        == "Next time, get the data sharing signed off before the first clinic, and meet the ward"
        + " staff not just the leads")
    #expect(
      CandidateShape.whole(
        "Sooner: get the caretaker's number", question: "What would you do sooner next time?")
        == "Get the caretaker's number")
    #expect(
      CandidateShape.whole("I can say no calmly, but only if i've slept on it", question: nil)
        == "I can say no calmly, but only if I've slept on it")
    #expect(
      CandidateShape.whole("Short notes work, i.e. one side, if i keep them", question: nil)
        == "Short notes work, i.e. one side, if I keep them")
    #expect(
      CandidateShape.whole("Im slower to promise now, ive seen it go wrong", question: nil)
        == "I'm slower to promise now, I've seen it go wrong")
    // "Next time I would have…" is a regret, left as said.
    #expect(
      CandidateShape.whole("Next time i would have asked sooner", question: "sooner next time?")
        == "Next time I would have asked sooner")
  }

  /// Never offered: a fragment that refers back, a plain fact about someone else, a moan.
  @Test(arguments: [
    ("The rota one is less clear, the shifts are still a muddle", "refers back"),
    (
      "Hallam Rowing Club at one point floated charging for the taster sessions",
      "fact about others"
    ),
    ("The bank pulled the overdraft with no warning in march", "fact about others"),
    ("The trust people are paid to care, we arent", "moan"),
    ("The clerk only ever cared about the paperwork, typical", "moan"),
    ("The harbour lot definitely share them", "refers to the question"),
    ("Honestly the vicar never got it", "refers to the question"),
  ])
  func notALesson(text: String, why: String) {
    #expect(finder.rejection(of: text) == why)
  }

  /// A claim with a gerund subject, a general statement, and one that says what the person
  /// learned stay lessons.
  @Test(arguments: [
    "Turning up every single week earned more than the funding did",
    "Small charities stayed with us longer than the big ones did",
    "Relationships take longer than plans",
    "Once you have sat with someone who finally gets into their email you keep doing it",
  ])
  func aLessonStays(text: String) {
    #expect(finder.rejection(of: text) == nil)
  }

  /// Since revision 4 the verb after a relative clause is the sentence's own: these are no
  /// fragments, and "the parents who run the stall" still is one.
  @Test func aMainVerbAfterARelativeClauseMakesASentence() {
    for text in [
      "volunteers who are welcomed properly stay for years"
    ] {
      #expect(finder.rejection(of: text) == nil, "\(text)")
      var old = finder
      old.revision = 3
      #expect(old.rejection(of: text) == "fragment", "\(text)")
    }
    #expect(finder.rejection(of: "the parents who run the stall on saturdays") == "fragment")
  }

  /// At "which parts were voluntary, and which were hard-wired…", a sentence that sorts
  /// part of the work into those kinds is the answer, not a lesson; a claim about goodwill
  /// itself still is.
  @Test func sortingTheWorkIntoTheQuestionsKindsIsNoLesson() {
    let question =
      "Which parts of the work were voluntary, and which were hard-wired by contract or duty?"
    for fact in [
      "the hall booking is in the agreement with the parish, sort of",
      "The lunch club is voluntary, a handshake with their organiser Bev",
      "everything else is goodwill, the vets could stop the discount any day",
    ] {
      #expect(
        finder.rejection(of: fact, question: question) == "answers its question", "\(fact)")
    }
    #expect(
      finder.rejection(
        of: "Goodwill gets you started but it wont keep you going when people move on",
        question: question) == nil)
    // The same sentence at another question is judged as before.
    #expect(
      finder.rejection(
        of: "The lunch club is voluntary, a handshake with their organiser Bev",
        question: "What earned trust, and what spent it?") != "answers its question")
  }

  /// A session held before (revision 1) is offered what it was offered then, so that
  /// `replay --rerun` stays exact.
  @Test func anOlderRevisionOffersWhatItDid() {
    var old = finder
    old.revision = 1
    let text = "most of a year. sooner next time id get the forms signed before the first day"
    let question = "How long did it take, and what would you do sooner next time?"
    #expect(
      old.propose(from: [LessonFinder.Answered(text, question: question)])
        == ["Sooner next time id get the forms signed before the first day"])
    #expect(
      finder.propose(from: [LessonFinder.Answered(text, question: question)])
        == ["Next time, get the forms signed before the first day"])
    #expect(LessonFinder.revision(of: finder.identity) == LessonFinder.revision)
    #expect(LessonFinder.revision(of: old.identity) == 1)
    #expect(LessonFinder.isWordsOnly(finder.identity))
  }

  /// Since revision 4, no plan or hope, no talk before an answer, no aside to the listener,
  /// nothing that ends pointing back, and not the purpose given to "what was this work
  /// for?"; revision 3 judged them by their score alone.
  @Test(
    arguments: [
      ("the plan is a litter pick every half term with the cubs, weather permitting", nil, "plan"),
      ("Hoping the parish side has a second name on the form this time", nil, "plan"),
      ("we're going to ask the head for a standing slot in assembly", nil, "plan"),
      (
        "Hmm thats a hard one because some of them arent here to know, which is sort of the point",
        nil, "talk"
      ),
      ("ring the caretaker, he'll tell you it was chaos that first term", nil, "aside"),
      ("the allotment money thing is part of that really", nil, "refers back"),
      ("still missing at the council end, which is what the meeting is for", nil, "fragment"),
      (
        "get hot dinners into kids who would otherwise go without over the holidays",
        "In one or two sentences, what was this work for?", "answers its question"
      ),
    ] as [(String, String?, String)])
  func notALessonSinceRevision4(text: String, question: String?, why: String) {
    #expect(finder.rejection(of: text, question: question) == why)
    var old = finder
    old.revision = 3
    #expect(old.rejection(of: text, question: question) != why)
  }

  /// Since revision 4, "they've already said it" is no complaint, and "…earned it" is
  /// judged as the claim it makes whole ("…earned trust"), so neither is lost.
  @Test func aLessonWithAlreadySaidOrEarnedItIsJudgedWhole() {
    let advice =
      "sooner next time id get our committee to agree what we wont budge on before we sign "
      + "anything, so when the funder pushes they've already said it"
    let question = "How long did it take, and what would you do sooner next time?"
    #expect(finder.rejection(of: advice, question: question) == nil)
    var old = finder
    old.revision = 3
    #expect(old.rejection(of: advice, question: question) == "complaint")
    #expect(
      finder.rejection(
        of: "Showing up earned it", question: "What earned trust, and what spent it?")
        == nil)
    // A lesson that says what it is for stays one at another question.
    #expect(
      finder.rejection(
        of: "you get hot dinners into kids by going through the school, not round it",
        question: "What earned trust, and what spent it?") == nil)
  }
}

extension CandidateShapeTests {
  /// Since finder revision 5, talk to the coach is never a lesson, however it scores.
  @Test(arguments: [
    "No, that's not what I said",
    "no thats not what i meant, the sergeant was the issue",
    "I didn't say that, it was the inspector who wanted names",
    "You've heard it all really, the rest is detail",
  ])
  func talkToTheCoachIsNeverALesson(text: String) {
    #expect(finder.rejection(of: text) == "to the coach", "\(text)")
    var old = finder
    old.revision = 4
    #expect(old.rejection(of: text) != "to the coach")
    #expect(
      proposals(
        text + ". Marking the frames makes them harder to sell on.", to: "What did you learn?"
      )
      .allSatisfy { !$0.lowercased().contains("what i") && !$0.lowercased().contains("say that") })
  }
}
