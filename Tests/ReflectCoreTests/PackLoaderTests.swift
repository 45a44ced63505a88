import Foundation
import ReflectTestSupport
import Testing

@testable import ReflectCore

@Suite struct PackLoaderTests {
  @Test func collaborationPackLoadsWithItsStagesInOrder() throws {
    let pack = try PackLibrary().pack("collaboration")
    #expect(
      pack.stages.map(\.id) == ["values", "purpose", "partners", "trust", "lessons", "commitments"])
    #expect(pack.stages.first { $0.id == "lessons" }?.kind == .lessons)
    for stage in pack.stages where stage.kind == .questions {
      #expect((2...3).contains(stage.questions.count), "stage \(stage.id)")
    }
    #expect(pack.origin == "Prompts/collaboration.yaml")
  }

  @Test func embeddedTextMatchesThePromptsFolder() throws {
    let folder = TestSupportPaths.prompts
    let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter {
      $0.hasSuffix(".yaml") || $0.hasSuffix(".json")
    }
    #expect(Set(names) == Set(PackLibrary.embeddedFiles.keys))
    for name in names {
      let onDisk = try String(contentsOfFile: folder + "/" + name, encoding: .utf8)
      #expect(
        PackLibrary.embeddedFiles[name] == onDisk,
        "\(name) drifted from the binary; run make prompts")
    }
  }

  @Test func theVersionComesFromTheVersionFile() throws {
    let version = try String(
      contentsOfFile: TestSupport.packageRoot.appendingPathComponent("VERSION").path,
      encoding: .utf8)
    #expect(
      reflectVersion == version.trimmingCharacters(in: .whitespacesAndNewlines),
      "VERSION changed; run make prompts")
  }

  @Test func missingQuestionsAreReportedAtTheStage() {
    let yaml = """
      id: tiny
      title: Tiny
      description: A test pack.
      source: nobody
      stages:
        - id: will
          title: Will
          intro: What will you do?
          questions: []
      """
    #expect(
      throws: PackError.invalid(
        file: "t.yaml", line: 9, column: 16, message: "stage 'will' has no questions")
    ) {
      try PackLoader().load(yaml, file: "t.yaml")
    }
  }

  @Test func unknownKeyNamesTheKeyAndItsPosition() {
    let yaml = """
      id: tiny
      title: Tiny
      description: A test pack.
      source: nobody
      colour: blue
      stages: []
      """
    #expect(throws: PackError.self) { try PackLoader().load(yaml, file: "t.yaml") }
    do {
      _ = try PackLoader().load(yaml, file: "t.yaml")
    } catch {
      #expect(error.localizedDescription.hasPrefix("t.yaml:5:1: unknown key 'colour' in the pack"))
    }
  }
}

enum TestSupportPaths {
  static var prompts: String {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.appendingPathComponent("Prompts").path
  }
}
