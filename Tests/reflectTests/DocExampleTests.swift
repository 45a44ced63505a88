import Foundation
import ReflectTestSupport
import Testing

/// The examples in docs/*.md are what they claim to be: every ```json block one JSON value,
/// every ```jsonl block one JSON object a line.
@Suite struct DocExampleTests {
  static let folder = TestSupport.packageRoot.appendingPathComponent("docs").path

  /// Each fenced block of `text` whose fence names `language`, with the line it starts on.
  static func blocks(_ text: String, language: String) -> [(line: Int, body: String)] {
    var result: [(line: Int, body: String)] = []
    var open: (line: Int, lines: [Substring])?
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      if var block = open {
        if line.hasPrefix("```") {
          result.append((block.line, block.lines.joined(separator: "\n")))
          open = nil
        } else {
          block.lines.append(line)
          open = block
        }
      } else if line == "```" + language {
        open = (number + 1, [])
      }
    }
    return result
  }

  static var documents: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
      .filter { $0.hasSuffix(".md") }.sorted()
  }

  @Test func everyJSONExampleInTheDocsParses() throws {
    var checked = 0
    for name in Self.documents {
      let text = try String(contentsOfFile: Self.folder + "/" + name, encoding: .utf8)
      for block in Self.blocks(text, language: "json") {
        checked += 1
        #expect(
          (try? JSONSerialization.jsonObject(with: Data(block.body.utf8))) != nil,
          "docs/\(name), the ```json block at line \(block.line) is not valid JSON")
      }
      for block in Self.blocks(text, language: "jsonl") {
        for (offset, line) in block.body.split(separator: "\n").enumerated() {
          checked += 1
          #expect(
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any],
            "docs/\(name), line \(block.line + offset + 1) is not a JSON object")
        }
      }
    }
    // The export format's example and the transcript format's lines at least.
    #expect(checked >= 4)
  }
}
