import Foundation
import Yams

/// Reads a pack from YAML text, validating everything and reporting the first mistake
/// with its file, line and column.
public struct PackLoader: Sendable {
  /// Creates a loader.
  public init() {}

  /// Whether `text` can be a pack, stage or question id: 1 to 40 of lower-case letters,
  /// digits, `-` and `_`, starting with a letter or digit.
  public static func isValidIdentifier(_ text: String) -> Bool {
    let allowed = text.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
    }
    guard allowed, let first = text.unicodeScalars.first else { return false }
    return first != "-" && first != "_" && text.count <= 40
  }

  /// Loads the pack in `text`; `file` names it in error messages.
  public func load(_ text: String, file: String) throws(PackError) -> Pack {
    let reader = YAMLReader(file: file)
    let root = try reader.compose(text)
    let fields = try reader.fields(
      of: root, what: "the pack", required: ["id", "title", "description", "source", "stages"],
      optional: ["max_follow_ups"])
    let id = try fields.identifier("id")
    var maxFollowUps = 2
    if let node = fields["max_follow_ups"] {
      maxFollowUps = try reader.integer(node, "'max_follow_ups' of the pack", in: 0...5)
    }
    let stageNodes = try fields.list("stages")
    guard !stageNodes.isEmpty else {
      throw reader.error("the pack has no stages", at: fields["stages"] ?? root)
    }
    var stages: [Stage] = []
    var seenStages: Set<String> = []
    var seenQuestions: Set<String> = []
    for (index, node) in stageNodes.enumerated() {
      let stage = try loadStage(node, number: index + 1, reader: reader, seen: &seenQuestions)
      guard seenStages.insert(stage.id).inserted else {
        throw reader.error("duplicate stage id '\(stage.id)'", at: node)
      }
      stages.append(stage)
    }
    return Pack(
      id: id, title: try fields.string("title"), description: try fields.string("description"),
      source: try fields.string("source"), maxFollowUps: maxFollowUps, stages: stages,
      origin: file)
  }

  /// Every error in a pack file, not only the first: the pack's own keys, then each stage
  /// and each question checked on its own (`prompts validate` lists them all).
  public func errors(in text: String, file: String) -> [PackError] {
    do {
      _ = try load(text, file: file)
      return []
    } catch {
      let reader = YAMLReader(file: file)
      guard let root = try? reader.compose(text), case .mapping(let mapping) = root else {
        return [error]
      }
      var found: [PackError] = []
      do {
        let fields = try reader.fields(
          of: root, what: "the pack", required: ["id", "title", "description", "source", "stages"],
          optional: ["max_follow_ups"])
        _ = try fields.identifier("id")
        _ = try fields.string("title")
        _ = try fields.string("description")
        _ = try fields.string("source")
      } catch let problem {
        found.append(problem)
      }
      let stageNode = mapping.first { $0.key.string == "stages" }?.value
      if case .sequence(let stages) = stageNode {
        var seen: Set<String> = []
        for (index, node) in stages.enumerated() {
          do {
            _ = try loadStage(node, number: index + 1, reader: reader, seen: &seen)
          } catch let problem {
            found.append(problem)
            // The stage's questions, each on its own, for errors after the first.
            if case .mapping(let stage) = node,
              case .sequence(let questions) = stage.first(where: { $0.key.string == "questions" })?
                .value
            {
              let id = stage.first { $0.key.string == "id" }?.value.string ?? "\(index + 1)"
              for question in questions {
                do { _ = try loadQuestion(question, stage: id, reader: reader) } catch let other {
                  found.append(other)
                }
              }
            }
          }
        }
      }
      var unique: [PackError] = []
      for problem in found + [error] where !unique.contains(problem) { unique.append(problem) }
      return unique
    }
  }

  private func loadStage(
    _ node: Node, number: Int, reader: YAMLReader, seen: inout Set<String>
  ) throws(PackError) -> Stage {
    let fields = try reader.fields(
      of: node, what: "stage \(number)", required: ["id", "title", "intro"],
      optional: ["kind", "questions", "follow_ups"])
    let id = try fields.identifier("id")
    let what = "stage '\(id)'"
    var kind = StageKind.questions
    if let kindNode = fields["kind"] {
      let name = try reader.string(kindNode, "'kind' of \(what)")
      guard let parsed = StageKind(rawValue: name) else {
        throw reader.error(
          "unknown kind '\(name)' in \(what); expected one of: "
            + StageKind.allCases.map(\.rawValue).joined(separator: ", "), at: kindNode)
      }
      kind = parsed
    }
    var followUps: [CoachRule] = []
    if let node = fields["follow_ups"] {
      followUps = try CoachRulesLoader().rules(
        try reader.sequence(node, "'follow_ups' of \(what)"), reader: reader)
    }
    let questionNodes = try fields.list("questions")
    guard !questionNodes.isEmpty else {
      throw reader.error("\(what) has no questions", at: fields["questions"] ?? node)
    }
    var questions: [Question] = []
    for questionNode in questionNodes {
      let question = try loadQuestion(questionNode, stage: id, reader: reader)
      guard seen.insert(question.id).inserted else {
        throw reader.error("duplicate question id '\(question.id)'", at: questionNode)
      }
      questions.append(question)
    }
    return Stage(
      id: id, title: try fields.string("title"), intro: try fields.string("intro"), kind: kind,
      questions: questions, followUps: followUps)
  }

  private func loadQuestion(
    _ node: Node, stage: String, reader: YAMLReader
  ) throws(PackError) -> Question {
    let fields = try reader.fields(
      of: node, what: "a question of stage '\(stage)'", required: ["id", "text"],
      optional: ["why", "means", "scale", "known_when", "if_known"])
    let id = try fields.identifier("id")
    var scale: ClosedRange<Int>?
    if let scaleNode = fields["scale"] {
      let text = try reader.string(scaleNode, "'scale' of question '\(id)'")
      let bounds = text.split(separator: "-").compactMap {
        Int($0.trimmingCharacters(in: .whitespaces))
      }
      guard bounds.count == 2, bounds[0] >= 0, bounds[0] < bounds[1], bounds[1] <= 100 else {
        throw reader.error(
          "'scale' of question '\(id)' is '\(text)'; expected two whole numbers like 1-10",
          at: scaleNode)
      }
      scale = bounds[0]...bounds[1]
    }
    if fields["if_known"] != nil, fields["known_when"] == nil {
      throw reader.error(
        "question '\(id)' has 'if_known' but no 'known_when' to say when it applies", at: node)
    }
    return Question(
      id: id, text: try fields.string("text"), why: try fields.optionalString("why"),
      means: try fields.optionalString("means"), scale: scale,
      knownWhen: fields["known_when"] == nil ? [] : try reader.phrases(fields, "known_when"),
      ifKnown: try fields.optionalString("if_known"))
  }
}
