import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

/// The examples in Transcripts/ use only what docs/transcript-format.md documents.
@Suite struct TranscriptFormatDocTests {
  static let doc =
    (try? String(
      contentsOfFile: TestSupport.packageRoot.appendingPathComponent("docs/transcript-format.md")
        .path, encoding: .utf8)) ?? ""

  /// Field names per event type, from the table's rows: | `type` | fields | meaning |.
  static var documented: [String: Set<String>] {
    var result: [String: Set<String>] = [:]
    for line in doc.split(separator: "\n") where line.hasPrefix("| `") {
      let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      guard cells.count >= 2 else { continue }
      let type = cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`"))
      let names = cells[1].components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }
        .map(\.element)
      result[type] = Set(names)
    }
    return result
  }

  @Test func theDocumentNamesTheCurrentSchema() {
    #expect(Self.doc.hasPrefix("# Transcript format (schema \(transcriptSchemaVersion))"))
    #expect(
      Set(Self.documented.keys)
        == ["start", "coach", "answer", "skip", "command", "lesson", "commitment", "review", "end"])
  }

  @Test(arguments: ExampleTranscriptTests.examples)
  func exampleEventsUseOnlyDocumentedFields(path: String) throws {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let documented = Self.documented
    for (number, line) in text.split(separator: "\n").enumerated() {
      let object = try #require(
        try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      let type = try #require(object["type"] as? String)
      let allowed = try #require(
        documented[type], "line \(number + 1): type '\(type)' is not documented")
      let extra = Set(object.keys).subtracting(allowed.union(["type", "time"]))
      #expect(extra.isEmpty, "line \(number + 1): undocumented \(extra)")
    }
  }
}
