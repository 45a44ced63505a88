import Foundation
import ReflectCore

/// The labelled replies of `Benchmarks/labelled` (issue #28), and how well a classifier reads
/// them: accuracy per class and per feeling owner, on one side of the split.
public enum ReplyEvaluation {
  /// One labelled reply.
  public struct Labelled: Sendable {
    public var writer: String
    public var question: String?
    public var coachSaid: String?
    public var reply: String
    public var kind: ReplyReading.Kind
    public var feeling: ReplyReading.Owner
    public var review: String?
  }

  /// The folder of the labelled data.
  public static var folder: String {
    TestSupport.packageRoot.appendingPathComponent("Benchmarks/labelled").path
  }

  /// The writers on `side` (`train` or `test`) of `split.json`.
  public static func writers(_ side: String, folder: String = folder) throws -> [String] {
    let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/split.json"))
    let split = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    return (split?[side] as? [String]) ?? []
  }

  /// The replies of the writers on `side`.
  public static func replies(_ side: String, folder: String = folder) throws -> [Labelled] {
    var result: [Labelled] = []
    for writer in try writers(side, folder: folder) {
      let path = folder + "/writers/\(writer).json"
      let data = try Data(contentsOf: URL(fileURLWithPath: path))
      guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        continue
      }
      for case let item as [String: Any] in object["replies"] as? [Any] ?? [] {
        guard let reply = item["reply"] as? String,
          let kind = (item["class"] as? String).flatMap(ReplyReading.Kind.init(rawValue:)),
          let feeling = (item["feeling"] as? String).flatMap(ReplyReading.Owner.init(rawValue:))
        else { throw CocoaError(.fileReadCorruptFile, userInfo: [NSFilePathErrorKey: path]) }
        result.append(
          Labelled(
            writer: writer, question: item["question"] as? String,
            coachSaid: item["coach_said"] as? String, reply: reply, kind: kind,
            feeling: feeling, review: item["review"] as? String))
      }
    }
    return result
  }

  /// Correct and total per label.
  public struct Tally: Sendable {
    public var right: [String: Int] = [:]
    public var total: [String: Int] = [:]

    mutating func count(_ label: String, _ correct: Bool) {
      total[label, default: 0] += 1
      if correct { right[label, default: 0] += 1 }
    }

    /// Accuracy of `label` as a fraction (0 when it has no items).
    public func accuracy(_ label: String) -> Double {
      guard let total = total[label], total > 0 else { return 0 }
      return Double(right[label] ?? 0) / Double(total)
    }

    /// Accuracy over every item.
    public var overall: Double {
      let all = total.values.reduce(0, +)
      return all == 0 ? 0 : Double(right.values.reduce(0, +)) / Double(all)
    }
  }

  /// How a classifier reads `replies`: class and feeling tallies, and the misreads.
  public static func evaluate(
    _ replies: [Labelled], with classifier: ReplyClassifier?
  ) -> (kinds: Tally, feelings: Tally, misread: [(Labelled, ReplyReading)]) {
    var kinds = Tally()
    var feelings = Tally()
    var misread: [(Labelled, ReplyReading)] = []
    for item in replies {
      // No classifier: the old behaviour, every reply an answer with no feeling read.
      let reading =
        classifier?.read(item.reply, question: item.question, afterCoach: item.coachSaid != nil)
        ?? ReplyReading(kind: .answer)
      // An answer with an aside ("odd question. it was for…") is read as both: right for a
      // reply labelled answer and for one labelled with the aside's class.
      let right = reading.kind == item.kind || reading.aside == item.kind
      kinds.count(item.kind.rawValue, right)
      feelings.count(item.feeling.rawValue, reading.feeling == item.feeling)
      if !right || reading.feeling != item.feeling {
        misread.append((item, reading))
      }
    }
    return (kinds, feelings, misread)
  }

  /// The table: per class and per owner, the accuracy of each classifier named.
  public static func table(_ rows: [(name: String, kinds: Tally, feelings: Tally)]) -> String {
    func percent(_ value: Double) -> String { "\(Int((value * 100).rounded())) %" }
    var text = "| | " + rows.map(\.name).joined(separator: " | ") + " |\n"
    text += "| --- |" + String(repeating: " --- |", count: rows.count) + "\n"
    guard let first = rows.first else { return text }
    for kind in ReplyReading.Kind.allCases.map(\.rawValue) where first.kinds.total[kind] != nil {
      text += "| \(kind) (\(first.kinds.total[kind] ?? 0)) | "
      text += rows.map { percent($0.kinds.accuracy(kind)) }.joined(separator: " | ") + " |\n"
    }
    text += "| all classes | "
    text += rows.map { percent($0.kinds.overall) }.joined(separator: " | ") + " |\n"
    for owner in ReplyReading.Owner.allCases.map(\.rawValue)
    where first.feelings.total[owner] != nil {
      text += "| feeling: \(owner) (\(first.feelings.total[owner] ?? 0)) | "
      text += rows.map { percent($0.feelings.accuracy(owner)) }.joined(separator: " | ") + " |\n"
    }
    return text
  }
}
