import Foundation
import PropertyBased
import ReflectTestSupport
import Testing

@testable import ReflectCore

/// A file that can lose power: what was written but not yet synced may survive whole, be
/// lost, survive in part, or come back garbled (as SQLite's crash tests model a disk).
final class CrashingFile: AppendOnlyFile {
  /// On disk for certain.
  private(set) var durable = Data()
  /// Written, not yet synced.
  private(set) var pending = Data()

  func size() -> Result<Int64, TranscriptError> { .success(Int64(durable.count + pending.count)) }

  func write(_ data: Data) -> (written: Int, errno: Int32) {
    pending.append(data)
    return (data.count, 0)
  }

  func sync() -> Int32 {
    durable.append(pending)
    pending = Data()
    return 0
  }

  func truncate(to size: Int64) -> Int32 {
    var all = durable + pending
    all = all.prefix(Int(size))
    durable = all
    pending = Data()
    return 0
  }

  func readAll() throws(TranscriptError) -> Data { durable + pending }

  /// How unsynced bytes fare when the power goes.
  enum Loss: Int, CaseIterable { case keep, drop, prefix, garble }

  /// The file as it would be read after a power loss.
  func afterPowerLoss(_ loss: Loss, using generator: inout some RandomNumberGenerator) -> Data {
    switch loss {
    case .keep: return durable + pending
    case .drop: return durable
    case .prefix:
      return durable + pending.prefix(Int.random(in: 0...pending.count, using: &generator))
    case .garble:
      var tail = Array(pending.prefix(Int.random(in: 0...pending.count, using: &generator)))
      for index in tail.indices where Bool.random(using: &generator) {
        tail[index] = UInt8.random(in: 0...255, using: &generator)
      }
      return durable + Data(tail)
    }
  }
}

/// Random sessions that lose power at random points (500 cases; the failing seed is printed
/// by swift-property-based, and `--fixed-seed` replays it).
@Suite struct PowerLossTests {
  static let time = Date(timeIntervalSince1970: 1_795_000_000)

  /// A random answer: words, accents, quotes, a line break, an emoji.
  static func answer(_ number: Int, using generator: inout some RandomNumberGenerator) -> String {
    let pieces = ["trust", "café", "\"quoted\"", "line\nbreak", "🙂", "\\", "{json}", "naïve", "—"]
    let count = Int.random(in: 1...30, using: &generator)
    return "answer \(number) "
      + (0..<count).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined(
        separator: " ")
  }

  /// 500 cases in `make test`; `make soak` sets REFLECT_POWER_LOSS_CASES=10000.
  static let cases =
    ProcessInfo.processInfo.environment["REFLECT_POWER_LOSS_CASES"].flatMap(Int.init) ?? 500

  @Test func aPowerLossKeepsEveryAcknowledgedAnswer() async {
    await propertyCheck(
      count: Self.cases, input: Gen.int(in: 0...25), Gen<CrashingFile.Loss>.case,
      Gen.int(in: 0...Int.max)
    ) { acknowledged, loss, seed in
      var generator = SeededGenerator(seed: UInt64(seed))
      let file = CrashingFile()
      let writer = TranscriptWriter(path: "t.jsonl", file: file)
      let start = SessionStart(
        id: "20261118-082640-loss", pack: "p", packTitle: "P", stages: [], seed: 1,
        version: "t", time: Self.time)
      #expect(throws: Never.self) { try writer.append(.start(start)) }
      var answers: [String] = []
      for number in 0..<acknowledged {
        let text = Self.answer(number, using: &generator)
        #expect(throws: Never.self) {
          try writer.append(
            .answer(Answer(stage: "s", question: "q", text: text, time: Self.time)))
        }
        answers.append(text)
      }
      // One more answer is written but the power goes before its sync.
      let unacknowledged = Self.answer(acknowledged, using: &generator)
      _ = file.write(
        TranscriptCodec().encode(
          .answer(Answer(stage: "s", question: "q", text: unacknowledged, time: Self.time))))
      let recovered = file.afterPowerLoss(loss, using: &generator)
      let lines = TranscriptLines.classify(recovered)
      let read = lines.compactMap(\.event).compactMap { event -> String? in
        if case .answer(let answer) = event { answer.text } else { nil }
      }
      // Every acknowledged answer is there, in order; at most the unsynced one follows.
      #expect(Array(read.prefix(answers.count)) == answers, "loss \(loss)")
      #expect(read.count <= answers.count + 1)
      if read.count == answers.count + 1 { #expect(read.last == unacknowledged) }
      // Damage can only be in the unsynced tail: no problem before the last good line.
      let lastGood = lines.lastIndex { $0.event != nil } ?? 0
      #expect(lines.prefix(lastGood).allSatisfy { $0.problem == nil })
      // Resuming sets a torn tail aside and appends cleanly after the acknowledged lines.
      let resumed = CrashingFile()
      _ = resumed.write(recovered)
      _ = resumed.sync()
      let again = TranscriptWriter(path: "t.jsonl", file: resumed)
      #expect(throws: Never.self) { try again.setAsideTornTail { _ in } }
      #expect(throws: Never.self) {
        try again.append(.answer(Answer(stage: "s", question: "q", text: "after", time: Self.time)))
      }
      let after = TranscriptLines.classify(try resumed.readAll()).compactMap(\.event).compactMap {
        event -> String? in
        if case .answer(let answer) = event { answer.text } else { nil }
      }
      #expect(Array(after.prefix(answers.count)) == answers)
      #expect(after.last == "after")
    }
  }
}
