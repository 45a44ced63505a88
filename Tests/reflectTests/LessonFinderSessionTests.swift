import Foundation
import ReflectCore
import ReflectTestSupport
import Testing
import Yams

/// The trained lesson finder through the binary (#28): messy writing (lessons mid-paragraph
/// behind frames, lowercase "i", typos, run-ons), with the sentence model and without, and
/// `replay --rerun` finding the same lessons either way.
@Suite struct LessonFinderSessionTests {
  static let scenario = """
    title: Messy writing
    person: a council lead who writes long run-on paragraphs
    pack: collaboration
    stages: [trust, lessons]
    seed: 28
    answers:
      trust-where:
        - "we had three suppliers and a steering group that met monthly, honestly it was mostly \\
    status updates and nobody read the minutes. What the project taught me is that knowledge \\
    walks out of the door with contracts, so the writing-down has to happen while people are \\
    still here. Is that normal for a council?"
      trust-earned:
        - "The Y Trust is a charity run by two retired teachers in Market Stoke. not every \\
    supplier is the same, but the ones worth keeping are the ones who turn up to the bit of the \\
    week that is going wrong. That was the turning point for us."
      trust-time:
        - "It took about a year, give or take. Trust comes from small promises kept on time, not \\
    from the big ones in the protocol, i learnt that the hard way."
    gold: []
    """

  /// Runs the scenario through the binary; returns its transcript and the home.
  func session(environment: [String: String], embedder: (any SentenceEmbedder)?) throws
    -> (transcript: Transcript, home: String, expected: CoachEvaluation)
  {
    let scenario = try YAMLDecoder().decode(CoachScenario.self, from: Self.scenario)
    let expected = try CoachEvaluation.run(scenario, embedder: embedder)
    let home = TestSupport.temporaryDirectory() + "/home"
    let run = try TestSupport.reflect(
      [
        "session", "--home", home, "--pack", "collaboration", "--stages", "trust,lessons",
        "--seed", "28",
      ], input: expected.inputs.joined(separator: "\n") + "\n", environment: environment)
    #expect(run.status == 0, "\(run.stderr)")
    let transcript = try TranscriptReader().read(path: TestSupport.transcripts(home: home)[0])
    return (transcript, home, expected)
  }

  func proposals(_ transcript: Transcript) -> [String] {
    transcript.events.compactMap { event -> String? in
      guard case .coach(let message) = event, message.kind == .proposal,
        message.text.hasPrefix("Possible lesson: ")
      else { return nil }
      return String(message.text.dropFirst("Possible lesson: ".count))
    }
  }

  func finder(_ transcript: Transcript) -> String? {
    transcript.events.lazy.compactMap { event -> String? in
      if case .coach(let message) = event { message.finder } else { nil }
    }.first
  }

  /// Whole sentences only: never a question, an unresolved opening or a named-entity story.
  func expectWholeLessons(_ proposals: [String]) {
    for proposal in proposals {
      #expect(!proposal.hasSuffix("?"), "\(proposal)")
      #expect(
        !["That ", "This ", "It ", "What the project"].contains(where: proposal.hasPrefix),
        "\(proposal)")
      #expect(!proposal.contains("Y Trust"), "\(proposal)")
    }
  }

  @Test(.enabled(if: RealModel.isInstalled, "the model is not installed: make setup"))
  func withTheModelTheLessonsBehindFramesAreFoundAndRerunMatches() throws {
    let embedder = try #require(EncoderEmbedder.build())
    let (transcript, home, expected) = try session(environment: [:], embedder: embedder)
    let found = proposals(transcript)
    #expect(found == expected.proposals)
    #expect(
      found.contains {
        $0.hasPrefix("Knowledge walks out of the door with contracts")
      }, "\(found)")
    #expect(found.contains { $0.hasPrefix("The ones worth keeping are the ones who turn up") })
    #expect(found.contains { $0.hasPrefix("Trust comes from small promises kept on time") })
    expectWholeLessons(found)
    #expect(finder(transcript)?.hasSuffix(embedder.modelID) == true, "\(finder(transcript) ?? "")")
    let rerun = try TestSupport.reflect(["replay", "latest", "--rerun", "--home", home])
    #expect(rerun.status == 0, "\(rerun.stdout)")
    #expect(rerun.stdout.contains("Rerun matches"))
  }

  @Test func withoutTheModelTheWordsOnlyWeightsFindThemAndRerunStaysWordsOnly() throws {
    let (transcript, home, expected) = try session(
      environment: ["REFLECT_MODEL": TestSupport.temporaryDirectory() + "/no-model"],
      embedder: nil)
    let found = proposals(transcript)
    #expect(found == expected.proposals)
    #expect(found.contains { $0.hasPrefix("Knowledge walks out of the door with contracts") })
    #expect(found.contains { $0.hasPrefix("Trust comes from small promises kept on time") })
    expectWholeLessons(found)
    #expect(finder(transcript)?.hasSuffix(" words-only") == true)
    // Rerun where the model is (the build's): the session was words only, so it stays so.
    let rerun = try TestSupport.reflect(["replay", "latest", "--rerun", "--home", home])
    #expect(rerun.status == 0, "\(rerun.stdout)")
    #expect(rerun.stdout.contains("Rerun matches"))
  }
}

/// `reflect lessons-features --json`, which `make train-lessons` trains on, gives the
/// finder's own features: the trainer and the finder cannot disagree.
@Suite struct LessonsFeaturesCommandTests {
  struct Output: Decodable {
    struct Row: Decodable {
      var features: [Double]
      var vector: [Float]?
    }
    var names: [String]
    var encoder: String?
    var rows: [Row]
  }

  @Test func theCommandGivesTheFindersFeatures() throws {
    let sentences = [
      ("What the project taught me is that knowledge walks out with contracts.", nil),
      ("Is that normal?", "What would you do differently next time?"),
    ]
    let input = try JSONSerialization.data(
      withJSONObject: sentences.map { ["text": $0.0, "question": $0.1 as Any] })
    let run = try TestSupport.reflect(
      ["lessons-features", "--json"], input: String(decoding: input, as: UTF8.self),
      environment: ["REFLECT_MODEL": TestSupport.temporaryDirectory() + "/no-model"])
    #expect(run.status == 0, "\(run.stderr)")
    let output = try JSONDecoder().decode(Output.self, from: Data(run.stdout.utf8))
    #expect(output.names == LessonFeatures.names)
    #expect(output.encoder == nil, "no model: no vectors")
    let cues = try LessonCues.builtIn()
    for (row, sentence) in zip(output.rows, sentences) {
      #expect(
        row.features == LessonFeatures.values(of: sentence.0, question: sentence.1, cues: cues))
      #expect(row.vector == nil)
    }
    #expect(output.rows.count == 2)
    let bad = try TestSupport.reflect(["lessons-features", "--json"], input: "not json")
    #expect(bad.status != 0)
    #expect(bad.stderr.contains("JSON array"))
  }
}
