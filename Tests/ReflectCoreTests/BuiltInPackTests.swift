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

  @Test func ratingQuestionsOnlyAcceptNumbersInRange() throws {
    var conversation = Conversation(pack: try PackLibrary().pack("grow").restricted(to: ["will"]))
    let time = Date(timeIntervalSince1970: 0)
    _ = conversation.begin(at: time)
    _ = conversation.respond(to: .text("Call the chair"), at: time)
    #expect(conversation.prompt?.question.id == "will-rating")
    var notices: [String] = []
    for bad in ["eleven", "0", "11", "7.5"] {
      let turn = conversation.respond(to: .text(bad), at: time)
      if case .coach(let notice) = turn.events.last { notices.append(notice.text) }
      #expect(turn.events.count == 2)
      guard case .coach(let notice) = turn.events.last else {
        Issue.record("no notice for \(bad)")
        continue
      }
      #expect(notice.text.hasPrefix("Please answer with a whole number from 1 to 10."))
      #expect(conversation.prompt?.question.id == "will-rating")
    }
    #expect(notices[1] == "Please answer with a whole number from 1 to 10. (2)")
    #expect(Set(notices).count == 4, "a repeated notice is never word-for-word the same")
    let turn = conversation.respond(to: .text("8"), at: time)
    #expect(
      turn.events.first
        == .answer(Answer(stage: "will", question: "will-rating", text: "8", time: time)))
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
