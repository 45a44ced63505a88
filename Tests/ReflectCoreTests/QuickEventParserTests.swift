import Foundation
import PropertyBased
import ReflectTestSupport
import Testing

@testable import ReflectCore

/// The quick line reader never changes what a line means: it agrees with `JSONDecoder` or
/// leaves the line to it.
@Suite struct QuickEventParserTests {
  private let codec = TranscriptCodec()

  private func quick(_ line: String) -> TranscriptEvent? {
    Data(line.utf8).withUnsafeBytes { QuickEventParser.event($0) }
  }

  /// Every line of the example transcripts and fixtures is read quickly, and the same.
  @Test func everyStoredLineReadsTheSameBothWays() throws {
    let root = TestSupport.packageRoot.path
    let enumerator = FileManager.default.enumerator(atPath: root + "/Tests/Fixtures")
    var files = (try FileManager.default.contentsOfDirectory(atPath: root + "/Transcripts"))
      .filter { $0.hasSuffix(".jsonl") }.map { root + "/Transcripts/" + $0 }
    while let name = enumerator?.nextObject() as? String {
      if name.hasSuffix(".jsonl") { files.append(root + "/Tests/Fixtures/" + name) }
    }
    var quickLines = 0
    for file in files {
      let text = try String(contentsOfFile: file, encoding: .utf8)
      for line in text.split(separator: "\n") {
        guard let standard = try? codec.standardDecode(Data(line.utf8)) else {
          #expect(quick(String(line)) == nil, "\(file): a bad line read quickly: \(line)")
          continue
        }
        if let fast = quick(String(line)) {
          #expect(fast == standard, "\(file): \(line)")
          quickLines += 1
        }
      }
    }
    #expect(quickLines > 100, "the quick reader takes the common lines (\(quickLines))")
  }

  /// Any event reflect writes is read back quickly, as the standard decoder reads it.
  @Test func writtenEventsReadBackQuickly() async {
    let texts = ["Trust", "café “quoted” \\ \"x\"", "line\nbreak\ttab", "🙂 e\u{301}", "", "\u{7}"]
    await propertyCheck(
      count: 300, input: Gen.int(in: 0...4_102_444_799_999), Gen.int(in: 0...(texts.count - 1)),
      Gen.int(in: -3...1_000_000), Gen.bool
    ) { milliseconds, pick, number, flag in
      let time = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
      let text = texts[pick]
      let events: [TranscriptEvent] = [
        .start(
          SessionStart(
            id: "20261129-071203-k3q9", pack: "p", packTitle: text, stages: [text, "b"],
            seed: UInt64(milliseconds) &* 2_654_435_761, version: "1", time: time,
            maxFollowUps: flag ? number : nil, coaching: flag ? nil : true,
            openCommitments: flag
              ? [OpenCommitment(session: "s", number: number, text: text, due: nil)] : nil)),
        .coach(
          CoachMessage(
            stage: "s", kind: .followUp, question: flag ? "q" : nil, text: text, time: time)),
        .answer(Answer(stage: "s", question: "q", text: text, time: time)),
        .answer(
          Answer(
            stage: "s", question: "q", text: text,
            heard: ReplyReading(
              kind: .answer, feeling: flag ? .other : .none, hard: flag ? true : nil,
              alsoOwn: flag ? false : nil, about: flag ? text : nil,
              aside: flag ? .question : nil, answerPart: flag ? text : nil,
              by: flag ? .meaning : .rules, ownerUnclear: flag ? true : nil,
              checks: flag ? true : nil, mild: flag ? true : nil),
            time: time)),
        .lesson(
          Lesson(
            stage: "s", number: number, text: text, origin: flag ? .typed : .proposed, time: time)),
        .commitment(
          Commitment(stage: "s", number: number, text: text, due: flag ? "May" : nil, time: time)),
        .command(
          Command(
            name: .progress, stage: "s", text: text, session: "x", number: number, time: time)),
        .command(Command(name: .revise, stage: "s", text: text, line: number, time: time)),
        .review(
          Review(session: "x", number: number, text: text, status: .done, outcome: text, time: time)
        ),
        .end(SessionEnd(reason: flag ? .completed : .endOfInput, time: time)),
      ]
      for event in events {
        var line = codec.encode(event)
        line.removeLast()
        let fast = line.withUnsafeBytes { QuickEventParser.event($0) }
        // Read quickly, exactly as the standard decoder reads it (times included); times
        // near 2001 are left to the standard decoder.
        let nearReference = abs(time.timeIntervalSinceReferenceDate) < 16_777_216
        #expect((fast != nil) == !nearReference, "\(String(decoding: line, as: UTF8.self))")
        #expect(
          (fast ?? (try? codec.decode(line))) == (try? codec.standardDecode(line)),
          "\(String(decoding: line, as: UTF8.self))")
      }
    }
  }

  /// Times close to 2001-01-01, where Foundation's sum of seconds and fraction can differ
  /// from ours in the last bit, are read by the standard decoder, so both readers agree.
  @Test func timesNearTheReferenceDateAreLeftToFoundation() async {
    // One that differed: Foundation reads -1594014.6469999999, seconds plus fraction -.647.
    #expect(
      quick("{\"type\":\"end\",\"reason\":\"completed\",\"time\":\"2000-12-13T13:13:05.353Z\"}")
        == nil)
    await propertyCheck(
      count: 500, input: Gen.int(in: -17_000_000_000...17_000_000_000)
    ) { milliseconds in
      let time = Date(timeIntervalSinceReferenceDate: Double(milliseconds) / 1000)
      var line = codec.encode(.end(SessionEnd(reason: .completed, time: time)))
      line.removeLast()
      #expect(
        (try? codec.decode(line)) == (try? codec.standardDecode(line)),
        "\(String(decoding: line, as: UTF8.self))")
    }
  }

  /// Lines the quick reader is not sure of go to the standard decoder, which says what is
  /// wrong as before.
  @Test func unusualLinesAreLeftToTheStandardDecoder() throws {
    let time = "\"time\":\"2026-11-29T07:12:03.481Z\""
    for line in [
      "{\"type\":\"lesson\",\"stage\":\"s\",\"number\":1.0,\"text\":\"t\",\"origin\":\"typed\",\(time)}",
      "{\"type\":\"lesson\",\"stage\":\"s\",\"number\":true,\"text\":\"t\",\"origin\":\"typed\",\(time)}",
      "{\"type\":\"answer\",\"stage\":\"s\",\"question\":\"q\",\"text\":\"a\",\"text\":\"b\",\(time)}",
      "{\"type\":\"answer\",\"stage\":\"s\",\"question\":\"q\",\"text\":null,\(time)}",
      "{\"type\":\"answer\",\"stage\":\"s\",\"question\":\"q\",\"text\":\"\\ud800\",\(time)}",
      "{\"type\":\"answer\",\"stage\":\"s\",\"question\":\"q\",\"text\":\"a\",\"time\":\"2026-02-30T07:12:03.481Z\"}",
      "{\"type\":\"answer\",\"stage\":\"s\",\"question\":\"q\",\"text\":\"a\",\"time\":\"2026-11-29T07:12:03Z\"}",
      "{\"type\":\"end\",\"reason\":\"vanished\",\(time)}",
      "{\"type\":\"end\",\"reason\":\"completed\",\(time)} x",
      "[1]",
    ] {
      #expect(quick(line) == nil, "\(line)")
    }
    // The standard decoder still reads what it can (a time without milliseconds).
    let plain = "{\"type\":\"end\",\"reason\":\"completed\",\"time\":\"2026-11-29T07:12:03Z\"}"
    #expect(quick(plain) == nil)
    #expect(throws: Never.self) { try codec.decode(Data(plain.utf8)) }
  }

  /// Strings are scanned eight bytes at a time: a quote, a backslash or a control character
  /// is found wherever it falls in a word, and bytes that only look alike are not stopped at.
  @Test func specialBytesAreFoundAtEveryOffset() throws {
    let time = "\"time\":\"2026-11-29T07:12:03.481Z\""
    func line(_ text: String) -> String {
      "{\"type\":\"answer\",\"stage\":\"s\",\"question\":\"q\",\"text\":\"\(text)\",\(time)}"
    }
    // As JSON text: each escaped or plain, with neighbours that differ from them by one bit.
    let written = [
      "\\\"", "\\\\", "\\n", "\\u001f", "\\u0003", "\u{7F}", "é", "🙂", "!", "#", "[", "]", "<",
      "|", "\u{20}",
    ]
    for offset in 0..<17 {
      for piece in written {
        let text = String(repeating: "a", count: offset) + piece + String(repeating: "b", count: 9)
        let read = try #require(quick(line(text)), "\(offset) \(piece)")
        #expect(read == (try codec.standardDecode(Data(line(text).utf8))), "\(offset) \(piece)")
      }
      // A raw control character is not JSON: never read quickly, and refused.
      for raw in ["\u{1}", "\u{1F}", "\t", "\n"] {
        let text = String(repeating: "a", count: offset) + raw + String(repeating: "b", count: 9)
        #expect(quick(line(text)) == nil, "\(offset)")
        #expect(throws: TranscriptLineError.self) { try codec.decode(Data(line(text).utf8)) }
      }
      // A string cut off before its quote.
      let open = "{\"type\":\"end\",\"reason\":\"" + String(repeating: "c", count: offset)
      #expect(quick(open) == nil)
    }
  }

  /// Keys are compared as the bytes written; a key spelt with escapes (which reflect never
  /// writes) is left to the standard decoder, which reads it as the key it spells.
  @Test func escapedKeysAreLeftToTheStandardDecoder() throws {
    let time = "\"time\":\"2026-11-29T07:12:03.481Z\""
    let escaped = "{\"t\\u0079pe\":\"end\",\"reason\":\"completed\",\(time)}"
    let plain = "{\"type\":\"end\",\"reason\":\"completed\",\(time)}"
    #expect(quick(escaped) == nil)
    #expect(try codec.decode(Data(escaped.utf8)) == quick(plain))
    #expect(quick(plain) != nil)
    // The same key twice, once escaped: not the quick reader's to decide either.
    let twice = "{\"type\":\"end\",\"reason\":\"completed\",\"r\\u0065ason\":\"paused\",\(time)}"
    #expect(quick(twice) == nil)
    // A key holding a raw control character is not JSON at all.
    #expect(quick("{\"ty\u{1}pe\":\"end\",\"reason\":\"completed\",\(time)}") == nil)
  }
}
