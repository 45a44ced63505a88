import Foundation
import ReflectTestSupport
import Testing

@testable import ReflectCore

@Suite struct TranscriptCodecTests {
  static let time = Date(timeIntervalSince1970: 1_795_000_000.125)

  static let events: [TranscriptEvent] = [
    .start(
      SessionStart(
        id: "20261129-071203-k3q9", pack: "collaboration", packTitle: "Collab",
        stages: ["values"], seed: 42, version: "0.1.0", time: time)),
    .coach(
      CoachMessage(stage: "values", kind: .question, question: "q1", text: "Why?", time: time)),
    .answer(
      Answer(stage: "values", question: "q1", text: "Because \"quotes\", \n and ✓ 🙂", time: time)),
    .skip(Skip(stage: "values", question: "q2", time: time)),
    .lesson(
      Lesson(stage: "lessons", number: 1, text: "Trust takes time", origin: .proposed, time: time)),
    .commitment(Commitment(stage: "c", number: 1, text: "Call Sam", due: "2026-12-01", time: time)),
    .end(SessionEnd(reason: .endOfInput, time: time)),
  ]

  @Test(arguments: events)
  func everyEventSurvivesARoundTrip(event: TranscriptEvent) throws {
    let codec = TranscriptCodec()
    let line = codec.encode(event)
    #expect(line.last == 0x0A)
    #expect(line.dropLast().contains(0x0A) == false, "one event must be one line")
    #expect(try codec.decode(line.dropLast()) == event)
  }

  @Test func encodingIsDeterministic() {
    let codec = TranscriptCodec()
    #expect(Self.events.map(codec.encode) == Self.events.map(codec.encode))
    let text = String(decoding: codec.encode(Self.events[2]), as: UTF8.self)
    #expect(text.hasPrefix(#"{"question":"q1","stage":"values","text":"#))
    #expect(text.contains(#""time":"2026-11-18T"#))
  }

  /// A command name or progress status a newer reflect may write is read and kept, never
  /// refused (names are an open set), and a report shows such progress as "asked".
  @Test func unknownCommandNamesAndStatusesAreKept() throws {
    let line =
      #"{"name":"retag","number":1,"session":"20261101-090000-abcd","stage":"values","status":"half-way","text":"Met once","time":"2026-11-18T09:00:00.000Z","type":"command"}"#
    let event = try TranscriptCodec().decode(Data(line.utf8))
    guard case .command(let command) = event else {
      Issue.record("not a command: \(event)")
      return
    }
    #expect(command.name == Command.Name(rawValue: "retag"))
    #expect(command.name != .progress)
    #expect(String(decoding: TranscriptCodec().encode(event).dropLast(), as: UTF8.self) == line)
    // As progress on a commitment, an unknown status is not shown as if it were known.
    var progress = command
    progress.name = .progress
    let time = Date(timeIntervalSince1970: 1_795_000_000)
    let start = SessionStart(
      id: "20261101-090000-abcd", pack: "p", packTitle: "P", stages: ["values"], seed: 1,
      version: "t", time: time)
    var summary = LessonsSummary(timeZone: TimeZone(identifier: "UTC") ?? .current)
    summary.add(
      Transcript(
        path: "a",
        events: [
          .start(start),
          .commitment(Commitment(stage: "c", number: 1, text: "Call Sam", due: nil, time: time)),
          .command(progress),
        ]))
    let item = try #require(Report(summary).commitments.first)
    #expect(item.status == .open && item.progress == nil && item.label == "open")
    #expect(item.line(escape: { $0 }).contains("; asked 2026-11-18: Met once"), "\(item)")
  }

  @Test func newerSchemaIsRefusedNotMisread() {
    let line = Data(
      #"{"type":"start","schema":9,"id":"x","pack":"p","packTitle":"t","stages":[],"seed":1,"version":"9","time":"2026-01-01T00:00:00.000Z"}"#
        .utf8)
    #expect(throws: TranscriptLineError("written by a newer reflect (schema 9)", newerSchema: 9)) {
      try TranscriptCodec().decode(line)
    }
  }

  @Test(arguments: [
    ("not json", "not valid JSON"),
    (
      #"{"type":"answer","stage":"s","text":"x","time":"2026-01-01T00:00:00Z"}"#,
      "missing field 'question'"
    ),
    (
      #"{"type":"lesson","stage":"s","number":"one","text":"x","origin":"typed","time":"2026-01-01T00:00:00Z"}"#,
      "field 'number' has the wrong type"
    ),
    (#"{"type":"dance"}"#, "unknown event type 'dance'"),
  ])
  func badLinesSayWhatIsWrong(line: String, reason: String) {
    #expect(throws: TranscriptLineError(reason)) { try TranscriptCodec().decode(Data(line.utf8)) }
  }

  @Test func invalidUTF8AndNULAreNamed() {
    #expect(throws: TranscriptLineError("invalid UTF-8")) {
      try TranscriptCodec().decode(Data([0x7B, 0xFF, 0x7D]))
    }
    #expect(throws: TranscriptLineError("contains a NUL byte")) {
      try TranscriptCodec().decode(Data([0x7B, 0x00, 0x7D]))
    }
  }

  @Test func readerKeepsGoodLinesAndNamesBadOnes() {
    let codec = TranscriptCodec()
    var data = Data()
    data.append(codec.encode(Self.events[0]))
    data.append(Data("garbage\n".utf8))
    data.append(codec.encode(Self.events[2]))
    data.append(codec.encode(Self.events[4]).dropLast(5))
    let transcript = TranscriptReader().parse(data, path: "t.jsonl")
    #expect(transcript.events == [Self.events[0], Self.events[2]])
    #expect(
      transcript.problems.map(\.localizedDescription) == [
        "t.jsonl:2: not valid JSON",
        "t.jsonl:4: unterminated last line (an interrupted write); ignored",
      ])
  }
}

extension TranscriptEvent: CustomTestStringConvertible {
  public var testDescription: String { String(describing: self).prefix(40).description }
}
