import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

@Suite struct ExampleTranscriptTests {
  static var examples: [String] {
    let folder = TestSupport.packageRoot.appendingPathComponent("Transcripts").path
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.filter { $0.hasSuffix(".jsonl") }.sorted().map { folder + "/" + $0 }
  }

  @Test func thereIsAtLeastOneExample() {
    #expect(!Self.examples.isEmpty)
  }

  @Test(arguments: examples)
  func exampleParsesCleanlyAndReplays(path: String) throws {
    let transcript = try TranscriptReader().read(path: path)
    #expect(transcript.problems.isEmpty)
    #expect(transcript.start != nil)
    #expect(transcript.end != nil)
    let replay = try TestSupport.reflect([
      "replay", path, "--home", TestSupport.temporaryDirectory(),
    ])
    #expect(replay.status == 0)
    for answer in transcript.answers {
      #expect(replay.stdout.contains("  you │ \(answer.text)"))
    }
  }
}
