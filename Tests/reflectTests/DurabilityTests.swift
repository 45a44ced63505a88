import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

@Suite struct DurabilityTests {
  /// After each answer the next question appears only once the answer is on disk, so a
  /// kill -9 right after seeing a question loses nothing typed before it.
  @Test(arguments: [1, 4, 9])
  func killNineLosesNoAnswerAlreadyFollowedByAQuestion(answers: Int) throws {
    let home = TestSupport.temporaryDirectory() + "/home"
    let questions = try PackLibrary().pack("collaboration").stages.flatMap(\.questions)
    let process = try PipedProcess(
      TestSupport.reflectBinary, ["session", "--questions-only", "--home", home])
    try process.waitFor(questions[0].text, count: 1)
    for number in 1...answers {
      try process.send("Answer number \(number)")
      try process.waitFor(questions[number].text, count: 1)
    }
    process.kill9()
    let transcript = try TranscriptReader().read(path: TestSupport.transcripts(home: home)[0])
    #expect(transcript.answers.map(\.text) == (1...answers).map { "Answer number \($0)" })
    #expect(transcript.problems.isEmpty)
    #expect(transcript.end == nil)
    let list = try TestSupport.reflect(["list", "--home", home])
    #expect(list.stdout.contains("[interrupted]"))
  }
}
