import Foundation
import ReflectTestSupport
import Testing

@testable import ReflectCore

@Suite struct CorruptionTests {
  static let example: Data = {
    let path = TestSupport.packageRoot.appendingPathComponent(
      "Transcripts/collaboration-village-school.jsonl"
    ).path
    return FileManager.default.contents(atPath: path) ?? Data()
  }()

  @Test func everyTruncationReadsBackAsAPrefixWithAtMostOneTornLine() {
    let whole = TranscriptReader().parse(Self.example, path: "t").events
    #expect(whole.count > 30)
    for length in stride(from: 0, through: Self.example.count, by: 5) {
      let transcript = TranscriptReader().parse(Self.example.prefix(length), path: "t")
      #expect(Array(whole.prefix(transcript.events.count)) == transcript.events)
      #expect(transcript.problems.count <= 1, "length \(length)")
    }
  }

  @Test func bitFlipsNeverCrashAndNameALine() {
    var generator = SeededGenerator(seed: 2026)
    let lineCount = Self.example.filter { $0 == 0x0A }.count
    for _ in 0..<300 {
      var data = Self.example
      let index = Int.random(in: 0..<data.count, using: &generator)
      data[index] ^= UInt8(1 << Int.random(in: 0..<8, using: &generator))
      let transcript = TranscriptReader().parse(data, path: "t")
      for case .badLine(_, let line, _) in transcript.problems {
        #expect((1...lineCount + 1).contains(line))
      }
    }
  }

  @Test(arguments: [
    ([0xEF, 0xBB, 0xBF] as [UInt8], "BOM is tolerated"),
    (Array("\r\n".utf8), "CRLF is tolerated"),
  ])
  func harmlessVariationsStillRead(prefixOrEnding: [UInt8], label: String) {
    var data = Self.example
    if prefixOrEnding.count == 3 {
      data = Data(prefixOrEnding) + data
    } else {
      data = Data(
        String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8)
    }
    let transcript = TranscriptReader().parse(data, path: "t")
    #expect(transcript.problems.isEmpty, "\(label)")
    #expect(transcript.start != nil)
  }

  @Test func damagedLinesAreNamedAndTheRestIsKept() {
    var lines = String(decoding: Self.example, as: UTF8.self).split(separator: "\n").map(
      String.init)
    lines[3] = "{\"type\":\"answer\"}"
    lines[5] = "not json"
    var data = Data(lines.joined(separator: "\n").utf8) + Data([0x0A])
    data.append(contentsOf: [0x7B, 0xFF, 0xFE, 0x7D, 0x0A, 0x7B, 0x00, 0x7D, 0x0A])
    let transcript = TranscriptReader().parse(data, path: "t.jsonl")
    #expect(transcript.events.count == lines.count - 2)
    #expect(
      transcript.problems.map(\.localizedDescription) == [
        "t.jsonl:4: missing field 'stage'", "t.jsonl:6: not valid JSON",
        "t.jsonl:\(lines.count + 1): invalid UTF-8",
        "t.jsonl:\(lines.count + 2): contains a NUL byte",
      ])
  }

  @Test func unknownFieldsAreToleratedSoOlderReadersKeepWorking() {
    let text = String(decoding: Self.example, as: UTF8.self).replacingOccurrences(
      of: "\"type\":\"answer\"", with: "\"type\":\"answer\",\"mood\":\"calm\"")
    let transcript = TranscriptReader().parse(Data(text.utf8), path: "t")
    #expect(transcript.problems.isEmpty)
    #expect(
      transcript.answers.count == TranscriptReader().parse(Self.example, path: "t").answers.count)
  }

  @Test func emptyFileHasNoStart() {
    let transcript = TranscriptReader().parse(Data(), path: "t")
    #expect(transcript.start == nil)
    #expect(transcript.events.isEmpty)
  }
}
