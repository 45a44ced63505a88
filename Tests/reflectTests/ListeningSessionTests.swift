import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

/// The coach's listening, through the built binary with piped answers: every line it says is
/// checked with ``LineLint`` as well as for the behaviour named.
@Suite struct ListeningSessionTests {
  /// Runs a piped session and returns the transcript and every coach line.
  func session(
    _ arguments: [String], _ lines: [String], home: String? = nil
  ) throws -> (transcript: Transcript, coach: [CoachMessage], stdout: String) {
    let home = home ?? TestSupport.temporaryDirectory() + "/home"
    let before = Set(TestSupport.transcripts(home: home))
    let run = try TestSupport.reflect(
      ["session", "--home", home, "--seed", "5"] + arguments,
      input: lines.joined(separator: "\n") + "\n")
    #expect(run.status == 0, "\(run.stderr)")
    let path = try #require(TestSupport.transcripts(home: home).first { !before.contains($0) })
    let transcript = try TranscriptReader().read(path: path)
    let coach = transcript.events.compactMap { event -> CoachMessage? in
      if case .coach(let message) = event { message } else { nil }
    }
    for message in coach {
      #expect(LineLint.problem(in: message.text) == nil, "broken: \(message.text)")
    }
    return (transcript, coach, run.stdout)
  }

  @Test func aLongFeelingIsNeverEchoedAsACutFragment() throws {
    let (_, coach, _) = try session(
      ["--stages", "values", "--max-follow-ups", "1"],
      [
        "I feel the board only hears me when I shout in the meeting about the budget for the"
          + " small schools in the north of the county", "/quit",
      ])
    #expect(
      !coach.contains {
        $0.text.contains("when your?")
          || $0.text.contains("the board only hears you when you shout in")
      })
  }

  @Test func aMetaReplyIsRepairedWithoutAnotherProbe() throws {
    let (transcript, coach, _) = try session(
      ["--stages", "trust"],
      ["Between the heads, not with the board.", "/next", "I just told you", "/quit"])
    #expect(
      coach.contains {
        $0.kind == .acknowledgement && $0.text.contains("“Between the heads, not with the board”")
      })
    let afterRepair = coach.drop { !($0.kind == .acknowledgement) }.dropFirst().first
    #expect(afterRepair != nil && afterRepair?.kind != .followUp, "\(coach.map(\.text))")
    #expect(transcript.answers.map(\.text).contains("I just told you"))
  }

  @Test func aPainfulStatementIsAcknowledgedFirst() throws {
    let (_, coach, _) = try session(
      ["--stages", "values"], ["The head never backs me in front of the board.", "/quit"])
    let kinds = coach.map(\.kind)
    let answered = try #require(kinds.firstIndex(of: .acknowledgement))
    #expect(kinds[(answered - 1)] == .question)
    #expect(!coach.contains { $0.text.hasPrefix("Never?") })
  }

  @Test func aRatingTakesANumberAndAsksWhatWouldRaiseIt() throws {
    let (transcript, coach, _) = try session(
      ["--pack", "grow", "--stages", "will"],
      ["Call the chair on Monday", "Pretty committed", "7", "/quit"])
    #expect(
      transcript.answers.map(\.text) == ["Call the chair on Monday", "Pretty committed", "7"])
    #expect(
      coach.contains {
        $0.text == "You said 7. What would it take to make it 8?"
          || $0.text == "What puts it at 7 and not lower, and what would make it 8?"
      }, "\(coach.map(\.text))")
    #expect(!coach.contains { $0.text.hasPrefix("Please answer with a whole number") })
  }

  @Test func anAnswerReplacedWithBackStillReachesTheSummaryAndLessons() throws {
    let (transcript, coach, _) = try session(
      ["--stages", "values,lessons", "--max-follow-ups", "0"],
      [
        "Honesty early is cheaper than honesty late.", "/back", "Honesty.", "/next", "/next", "",
        "/keep", "",
      ])
    #expect(coach.contains { $0.kind == .summary && $0.text.contains("honesty") })
    #expect(transcript.lessons.map(\.text) == ["Honesty early is cheaper than honesty late"])
  }

  @Test func theSummaryCanBeCorrectedAndTheCorrectionIsRecorded() throws {
    let (transcript, coach, _) = try session(
      ["--stages", "values,lessons", "--max-follow-ups", "0"],
      [
        "Fairness for every pupil matters most.", "/summary",
        "You missed that honesty with parents matters as much", "/quit",
      ])
    #expect(coach.contains { $0.text.hasPrefix("Did I get that right?") })
    #expect(
      transcript.answers.contains {
        $0.question == "summary-check" && $0.text.hasPrefix("You missed that honesty")
      })
    #expect(coach.contains { $0.text.hasPrefix("Back to where we were:") })
  }

  /// A correction at the summary check that names a stage changes that stage's line to the
  /// person's words for it, never quoting what they said to the coach; "you wrote X twice"
  /// takes the repeat out (#28: "Thanks — I've changed that to your words: “Purpose was
  /// keeping the parser alive, i said that and you said point taken…”").
  @Test func aCorrectionNamingAStageChangesThatLineAndARepeatIsTakenOut() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let (transcript, coach, _) = try session(
      ["--stages", "values,purpose,lessons", "--max-follow-ups", "0"],
      [
        "fairness for the volunteers matters most to me", "/next",
        "i would not trade fairness for the volunteers, not for any grant",
        "it was for the kids getting breakfast before lessons",
        "mostly the families on the estate, theyd see there kids less hungry in class", "/summary",
        "no. the purpose was getting kids fed before school, i said that and you just moved on."
          + " and you wrote fairness for the volunteers twice", "/summary", "", "/quit",
      ], home: home)
    let said = coach.map(\.text)
    #expect(
      said.contains(
        "Thanks — Purpose now reads: “Getting kids fed before school.” I've also taken out the"
          + " repeated “fairness for the volunteers”."), "\(said)")
    #expect(!said.contains { $0.contains("i said that") || $0.contains("moved on") }, "\(said)")
    let second = coach.filter { $0.kind == .summary }.map(\.text).drop {
      !$0.hasPrefix("Here is what")
    }
    #expect(second.contains("Purpose: getting kids fed before school."), "\(second)")
    #expect(
      second.contains("Values: fairness for the volunteers matters most to you."), "\(second)")
    // The correction is kept as typed, and the session reruns exactly.
    #expect(
      transcript.answers.contains {
        $0.question == "summary-check" && $0.text.hasPrefix("no. the purpose")
      })
    let rerun = try TestSupport.reflect(["replay", "--rerun", "latest", "--home", home])
    #expect(rerun.stdout.contains("Rerun matches"), "\(rerun.stdout)")
  }

  /// A stage said to be wrong, or corrected with "on <stage>", at the summary check.
  ///
  /// "the <stage> bit is all wrong, …" and "mostly yes, though on <stage> …" make that
  /// stage's line the person's words, never "added" verbatim.
  @Test func aStageSaidWrongOrCorrectedWithOnChangesThatLine() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let (_, coach, _) = try session(
      ["--stages", "values,partners,lessons", "--max-follow-ups", "0"],
      [
        "patience with the new volunteers matters most to me", "/next",
        "we ran the reading club alongside the county library service", "/summary",
        "the partners bit is all wrong, the partner was the Fenwick Trust not the library",
        "/summary",
        "mostly yes. though on values what i really landed on was patience with myself, more"
          + " than with the volunteers", "/summary", "", "/quit",
      ], home: home)
    let said = coach.map(\.text)
    // Since summaries r4, a stage named with "bit" is changed and said back in the coach's
    // words; since r8 "…, the partner was…" is what it was.
    #expect(
      said.contains(
        "Thanks — I've changed partners to say it was the Fenwick Trust, not the library."),
      "\(said)")
    #expect(
      said.contains(
        "Thanks — Values now reads: “What i really landed on was patience with myself, more"
          + " than with the volunteers.”"), "\(said)")
    #expect(!said.contains { $0.hasPrefix("Thank you; I have added") }, "\(said)")
    let last = coach.filter { $0.kind == .summary }.map(\.text).suffix(3)
    #expect(last.contains("Partners: the Fenwick Trust, not the library."))
    #expect(
      last.contains(
        "Values: what you really landed on was patience with yourself, more than with the"
          + " volunteers."), "\(last)")
  }

  @Test func lessonsAreFoundInParagraphsWithoutMarkerPhrases() throws {
    let paragraph =
      "Partners who share core values can disagree about everything else and still move"
      + " together. Relationships take longer than plans, and every restructure reset the clock."
      + " A template helps only where it fits the place."
    let (_, coach, _) = try session(
      ["--stages", "partners,lessons", "--max-follow-ups", "0"],
      [paragraph, "/next", "/next", "", "/keep", "/keep", "/keep", "/quit"])
    let proposals = coach.filter { $0.text.hasPrefix("Possible lesson: ") }.map(\.text)
    #expect(
      proposals.contains { $0.hasPrefix("Possible lesson: Relationships take longer than plans") },
      "\(proposals)")
    #expect(proposals.contains("Possible lesson: A template helps only where it fits the place"))
  }

  @Test func reviewRepliesInPlainWordsAndOneUnclearReplyMovesOn() throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    _ = try TestSupport.reflect(
      ["--home", home, "--stages", "commitments", "--questions-only"],
      input: "Call Sam\nDraft the bid\nBook the hall\n\n")
    let (transcript, coach, _) = try session(
      ["--stages", "values"],
      [
        "We met last Tuesday and it went well", "Half of it is written",
        "the schools never sent their figures", "hmm, hard to say", "/quit",
      ],
      home: home)
    let reviews = transcript.events.compactMap {
      if case .review(let review) = $0 { review } else { nil }
    }
    #expect(reviews.map(\.status) == [.done])
    let progress = transcript.events.compactMap { event -> String? in
      guard case .command(let command) = event, command.name == .progress else { return nil }
      return command.status
    }
    #expect(Set(progress) == ["partly", "unclear"])
    // Done is affirmed; part done with no reason given is asked once what got in the way.
    #expect(coach.contains { $0.kind == .review && $0.text.contains("done") })
    #expect(
      coach.filter {
        $0.text == "What got in the way?" || $0.text == "What held it up?"
          || $0.text == "What stood in the way of that one?"
      }.count == 1)
    #expect(transcript.answers.contains { $0.question == "review-obstacle" })
    #expect(coach.contains { $0.kind == .question && $0.question == "values-core" })
    #expect(!coach.contains { $0.text.range(of: #"\(\d+\)"#, options: .regularExpression) != nil })
    // Partly done and unclear stay open: the next session asks about them again.
    let next = try TestSupport.reflect(["--home", home], input: "/quit\n")
    #expect(next.stdout.contains("Draft the bid") || next.stdout.contains("Book the hall"))
    #expect(!next.stdout.contains("Call Sam"))
  }

  @Test func aPastDateGetsOneGentleQuestionAndTheExampleDateIsAhead() throws {
    let (transcript, coach, _) = try session(
      ["--stages", "commitments"], ["meet the chair by 2020-01-31", "2099-02-01", ""])
    #expect(transcript.commitments.map(\.due) == ["2099-02-01"])
    #expect(coach.filter { $0.text.contains("has already passed") }.count == 1)
    let question = try #require(coach.first { $0.kind == .question }?.text)
    let example = try #require(
      question.range(of: #"\d{4}-\d{2}-\d{2}"#, options: .regularExpression).map {
        String(question[$0])
      })
    #expect(example > Timestamp.format(Date()).prefix(10), "the example date is in the future")
  }

  @Test func keepOutsideAProposalIsAnsweredNotIgnored() throws {
    let (_, coach, _) = try session(["--stages", "values"], ["/keep", "Fairness", "/quit"])
    #expect(coach.contains { $0.kind == .notice && $0.text.contains("proposed lesson") })
  }
}

@Suite struct PromptsValidateTests {
  @Test func theBuiltInFilesAreValidWithNoWarnings() throws {
    let root = TestSupport.packageRoot.appendingPathComponent("Prompts").path
    let files = try FileManager.default.contentsOfDirectory(atPath: root).filter {
      $0.hasSuffix(".yaml")
    }.sorted().map { root + "/" + $0 }
    let run = try TestSupport.reflect(["prompts", "validate"] + files)
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.isEmpty, "\(run.stderr)")
    #expect(run.stdout.contains("coach.yaml: ok (coach rules"))
    #expect(run.stdout.contains("lessons.yaml: ok (lesson cues"))
  }

  @Test func aFollowUpThatRepeatsAQuestionIsAWarning() throws {
    let folder = TestSupport.temporaryDirectory()
    let file = folder + "/repeats.yaml"
    try """
    id: repeats
    title: Repeats
    description: A pack whose follow-up asks its next question.
    source: Test
    stages:
      - id: purpose
        title: Purpose
        intro: Purpose.
        follow_ups:
          - keywords: [budget]
            rank: 5
            decompositions:
              - pattern: "*"
                replies:
                  - Who benefits from this, and how would they know?
        questions:
          - id: purpose-why
            text: What was this work for?
          - id: purpose-whom
            text: Whom did it serve, and how would they know it had made a difference?
    """.write(toFile: file, atomically: true, encoding: .utf8)
    let run = try TestSupport.reflect(["prompts", "validate", file])
    #expect(run.status == 0)
    #expect(
      run.stderr.contains(
        "\(file):15: warning: the follow-up 'Who benefits from this, and how would they know?'"
          + " asks nearly what question 'purpose-whom' of stage 'purpose' asks"), "\(run.stderr)")
  }

  @Test func everyErrorOfAPackIsListedNotOnlyTheFirst() throws {
    let file = TestSupport.temporaryDirectory() + "/multi.yaml"
    try """
    id: multi
    title: Multi
    description: d
    source: s
    stages:
      - id: a
        title: A
        intro: I
        questions:
          - id: q1
            text: ""
          - id: q2
            text: Fine?
            scale: ten
      - id: b
        title: B
        intro: I
        kind: nonsense
        questions: [{id: q3, text: Q}]
    """.write(toFile: file, atomically: true, encoding: .utf8)
    let run = try TestSupport.reflect(["prompts", "validate", file])
    #expect(run.status == 1)
    let lines = run.stderr.split(separator: "\n")
    #expect(lines.count == 3, "\(run.stderr)")
    #expect(lines.first?.contains("\(file):11:15:") == true)
    #expect(lines.last?.contains("unknown kind 'nonsense'") == true)
  }

  @Test func aBrokenCoachRulesFileNamesTheLine() throws {
    let folder = TestSupport.temporaryDirectory()
    let file = folder + "/coach.yaml"
    let text = try String(
      contentsOfFile: TestSupport.packageRoot.appendingPathComponent("Prompts/coach.yaml").path,
      encoding: .utf8
    ).replacingOccurrences(of: "What makes you feel (2)?", with: "What makes you feel (3)?")
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    let run = try TestSupport.reflect(["prompts", "validate", file])
    #expect(run.status == 1)
    #expect(run.stderr.contains("\(file):"))
    #expect(run.stderr.contains("reply uses (3) but the pattern '* i feel *' has 2 wildcards"))
  }
}
