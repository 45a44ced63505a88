import Foundation
import ReflectTestSupport
import Testing

@testable import ReflectCore

@Suite struct BuiltInPackTests {
  static let ids = [
    "collaboration", "gibbs", "what-so-what-now-what", "after-action-review", "grow", "4ls",
  ]

  @Test func theSixBuiltInPacksLoadInOrderWithoutNotices() {
    let library = PackLibrary()
    #expect(library.packs.map(\.id) == Self.ids)
    #expect(library.notices.isEmpty)
  }

  @Test(arguments: ids)
  func builtInPackIsCompleteAndConsistent(id: String) throws {
    let pack = try PackLibrary().pack(id)
    #expect(!pack.source.isEmpty)
    let stageIDs = pack.stages.map(\.id)
    #expect(Set(stageIDs).count == stageIDs.count)
    let questions = pack.stages.flatMap(\.questions)
    #expect(Set(questions.map(\.id)).count == questions.count)
    for stage in pack.stages {
      #expect(!stage.questions.isEmpty, "\(id)/\(stage.id)")
    }
    for question in questions {
      #expect(question.why?.isEmpty == false, "\(id)/\(question.id) needs a why")
    }
    #expect(
      pack.stages.contains { $0.kind != .questions }, "\(id) should collect lessons or actions")
  }

  @Test func growAsksForACommitmentRatingFromOneToTen() throws {
    let pack = try PackLibrary().pack("grow")
    let rating = pack.stage("will")?.questions.first { $0.scale != nil }
    #expect(rating?.scale == 1...10)
  }

  @Test(arguments: [
    ("7", 7), ("7/10", 7), ("about 7 out of 10", 7), ("seven", 7), ("10.", 10), ("1", 1),
  ])
  func ratingsAreReadFromOrdinaryReplies(reply: String, number: Int) {
    #expect(Rating.number(in: reply, scale: 1...10) == number)
  }

  @Test(arguments: ["eleven", "0", "11", "7.5", "+5", "-3", "quite committed", "x7"])
  func theseAreNotRatings(reply: String) {
    #expect(Rating.number(in: reply, scale: 1...10) == nil)
  }

  @Test func aRatingIsAFullAnswerAndGetsAScalingQuestion() throws {
    let pack = try PackLibrary().pack("grow").restricted(to: ["will"])
    let (events, conversation) = try drive(pack, [.text("Call the chair"), .next, .text("7")])
    #expect(conversation.prompt?.question.id == "will-rating")
    let answers = events.compactMap { event -> String? in
      guard case .answer(let answer) = event else { return nil }
      return answer.text
    }
    #expect(answers == ["Call the chair", "7"])
    #expect(
      coachLines(events, kind: .followUp).last.map {
        $0.contains("7") && $0.contains("8") && !$0.contains("(")
      } == true)
  }

  @Test func wordsAtARatingAreKeptAndANumberIsAskedForOnce() throws {
    let pack = try PackLibrary().pack("grow").restricted(to: ["will"])
    let (events, conversation) = try drive(
      pack, [.text("Call the chair"), .next, .text("Pretty committed"), .text("Very, honestly")])
    let answers = events.compactMap { event -> String? in
      guard case .answer(let answer) = event else { return nil }
      return answer.text
    }
    #expect(answers == ["Call the chair", "Pretty committed", "Very, honestly"])
    let asks = try CoachRules.builtIn().scale.ask
    #expect(coachLines(events).filter(asks.contains).count == 1)
    #expect(conversation.prompt?.question.id != "will-rating" || conversation.prompt == nil)
  }

  @Test func restrictingToUnknownStagesNamesThem() throws {
    let pack = try PackLibrary().pack("gibbs")
    #expect(
      throws: PackError.unknownStages(
        pack: "gibbs", unknown: ["nope"], available: pack.stages.map(\.id))
    ) {
      try pack.restricted(to: ["feelings", "nope"])
    }
    #expect(
      try pack.restricted(to: ["analysis", "feelings"]).stages.map(\.id) == [
        "feelings", "analysis",
      ])
  }

  @Test func starterPackIsValid() throws {
    let pack = try PackLoader().load(StarterPack.text(id: "mine"), file: "mine.yaml")
    #expect(pack.id == "mine")
  }
}

@Suite struct BrokenPackTests {
  static let folder = TestSupport.packageRoot.appendingPathComponent("Tests/Fixtures/BrokenPacks")
    .path

  static let expectations: [(file: String, error: String)] = {
    let text = (try? String(contentsOfFile: folder + "/expected-errors.txt", encoding: .utf8)) ?? ""
    return text.split(separator: "\n").map { line in
      let file = String(line.prefix { $0 != ":" })
      return (file, String(line))
    }
  }()

  @Test func everyBrokenPackHasAnExpectation() throws {
    let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder).filter {
      $0.hasSuffix(".yaml")
    }
    #expect(Set(files) == Set(Self.expectations.map(\.file)))
    #expect(files.count >= 15)
  }

  @Test(arguments: expectations)
  func brokenPackGivesItsExactError(file: String, error expected: String) throws {
    let text = try String(contentsOfFile: Self.folder + "/" + file, encoding: .utf8)
    do {
      _ = try PackLoader().load(text, file: file)
      Issue.record("\(file) loaded but should not")
    } catch {
      #expect(error.localizedDescription == expected)
    }
  }

  @Test func invalidUTF8NamesTheLine() throws {
    let path = TestSupport.temporaryDirectory() + "/latin1.yaml"
    try Data([0x69, 0x64, 0x3A, 0x20, 0x78, 0x0A, 0x74, 0x3A, 0x20, 0xE9, 0x0A]).write(
      to: URL(fileURLWithPath: path))
    #expect(
      throws: PackError.invalid(file: path, line: 2, column: 1, message: "not valid UTF-8 text")
    ) {
      try PackLibrary.load(file: path)
    }
  }
}

@Suite struct PackFormatDocTests {
  @Test func theCompleteExampleInTheDocsIsAValidPack() throws {
    let doc = try String(
      contentsOfFile: TestSupport.packageRoot.appendingPathComponent("docs/pack-format.md").path,
      encoding: .utf8)
    let example = try #require(
      doc.components(separatedBy: "## A complete example").last?
        .components(separatedBy: "```yaml\n").dropFirst().first?
        .components(separatedBy: "```").first)
    let pack = try PackLoader().load(example, file: "docs/pack-format.md")
    #expect(pack.id == "team-retro")
    #expect(pack.stages.map(\.kind) == [.questions, .lessons, .commitments])
  }
}
