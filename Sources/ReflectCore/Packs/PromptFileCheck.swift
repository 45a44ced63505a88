import Foundation
import Yams

/// Checks one file of the `Prompts/` kind: a pack, the coach rules, or the lesson cues.
///
/// Errors stop the file (file:line:column); warnings point at things that load but would make
/// the coach repeat itself: a follow-up that asks nearly what a question of its own stage asks
/// (``QuestionSimilarity``).
public enum PromptFileCheck {
  /// What a valid file is and what to look at.
  public struct Result: Sendable, Equatable {
    /// A short description, such as "pack 'grow', 5 stages".
    public var summary: String
    /// `file:line: warning: …` lines.
    public var warnings: [String]
  }

  /// Checks the file at `path`.
  public static func check(path: String) throws(PackError) -> Result {
    try check(try PackLibrary.readText(path), file: path)
  }

  /// Checks `text`, naming `file` in messages.
  public static func check(_ text: String, file: String) throws(PackError) -> Result {
    switch kind(of: text) {
    case .coachRules:
      let rules = try CoachRulesLoader().load(text, file: file)
      return Result(summary: "coach rules, \(rules.rules.count) rules", warnings: [])
    case .lessonCues:
      let cues = try LessonCuesLoader().load(text, file: file)
      return Result(summary: "lesson cues, \(cues.cues.count) kinds", warnings: [])
    case .replyRules:
      let replies = try ReplyRulesLoader().load(text, file: file)
      return Result(
        summary: "reply rules, \(replies.kinds.count) classes, \(replies.examples.count) examples",
        warnings: [])
    case .pack:
      let pack = try PackLoader().load(text, file: file)
      return Result(
        summary: "pack '\(pack.id)', \(pack.stages.count) stages",
        warnings: warnings(for: pack, text: text, file: file))
    }
  }

  /// Every error in the file at `path` (a pack's stages and questions each checked on their
  /// own), in file order; empty when it is valid.
  public static func allErrors(path: String) -> [PackError] {
    let text: String
    do {
      text = try PackLibrary.readText(path)
    } catch {
      return [error]
    }
    guard kind(of: text) == .pack else {
      do {
        _ = try check(text, file: path)
        return []
      } catch {
        return [error]
      }
    }
    return PackLoader().errors(in: text, file: path).sorted { $0.position < $1.position }
  }

  enum Kind { case pack, coachRules, lessonCues, replyRules }

  /// A file with top-level `rules` is coach rules, one with `cues` lesson cues, one with
  /// `kinds` and `examples` reply rules; anything
  /// else is read as a pack (whose loader names what is missing).
  static func kind(of text: String) -> Kind {
    guard let node = try? Yams.compose(yaml: text), case .mapping(let mapping) = node else {
      return .pack
    }
    let keys = Set(mapping.keys.compactMap(\.string))
    if keys.contains("stages") { return .pack }
    if keys.contains("rules") { return .coachRules }
    if keys.contains("cues") { return .lessonCues }
    if keys.contains("kinds"), keys.contains("examples") { return .replyRules }
    return .pack
  }

  /// Follow-ups that ask nearly what a question of their stage asks.
  static func warnings(for pack: Pack, text: String, file: String) -> [String] {
    var result: [String] = []
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    for stage in pack.stages {
      for reply in stage.followUps.flatMap({ $0.decompositions.flatMap(\.replies) }) {
        for question in stage.questions where QuestionSimilarity.isClose(reply, question.text) {
          let line = (lines.firstIndex { $0.contains(reply) } ?? 0) + 1
          let shared = QuestionSimilarity.terms(reply).intersection(
            QuestionSimilarity.terms(question.text)
          ).sorted()
          result.append(
            "\(file):\(line): warning: the follow-up '\(reply)' asks nearly what question"
              + " '\(question.id)' of stage '\(stage.id)' asks (shared terms: "
              + shared.joined(separator: ", ") + ")")
        }
      }
    }
    return result
  }
}
