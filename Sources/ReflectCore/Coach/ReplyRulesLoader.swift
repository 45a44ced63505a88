import Foundation
import Yams

/// Loads `Prompts/replies.yaml` (how replies are read) with file:line:column errors.
struct ReplyRulesLoader {
  func load(_ text: String, file: String) throws(PackError) -> ReplyRules {
    let reader = YAMLReader(file: file)
    let root = try reader.compose(text)
    let fields = try reader.fields(
      of: root, what: "the reply rules",
      required: ["kinds", "feelings", "meaning", "examples", "lines"],
      optional: ["id", "asks_meaning", "not_a_lesson", "asks_at_list", "checks"])
    func regex(_ node: Node, _ what: String) throws(PackError) -> ReplyRules.Regex {
      let pattern = try reader.string(node, what)
      guard let expression = try? NSRegularExpression(pattern: pattern) else {
        throw reader.error("'\(pattern)' is not a valid regular expression", at: node)
      }
      return ReplyRules.Regex(expression: expression)
    }
    func kind(_ node: Node) throws(PackError) -> ReplyReading.Kind {
      let name = try reader.string(node, "a reply class")
      guard let kind = ReplyReading.Kind(rawValue: name) else {
        throw reader.error(
          "unknown reply class '\(name)'; expected one of: "
            + ReplyReading.Kind.allCases.map(\.rawValue).joined(separator: ", "), at: node)
      }
      return kind
    }
    var kinds: [ReplyRules.KindRule] = []
    for node in try fields.list("kinds") {
      let rule = try reader.fields(
        of: node, what: "a reply class rule", required: ["kind", "max_words", "patterns"],
        optional: ["after_coach"])
      var patterns: [ReplyRules.Regex] = []
      for item in try rule.list("patterns") { patterns.append(try regex(item, "a pattern")) }
      let afterCoach = try rule.optionalString("after_coach")
      guard afterCoach == nil || afterCoach == "true" || afterCoach == "false" else {
        throw reader.error("'after_coach' must be true or false", at: node)
      }
      kinds.append(
        ReplyRules.KindRule(
          kind: try kind(rule["kind"] ?? node),
          maxWords: try reader.integer(rule["max_words"] ?? node, "'max_words'", in: 1...500),
          afterCoach: afterCoach == "true", patterns: patterns))
    }
    let feelings = try reader.fields(
      of: fields["feelings"] ?? root, what: "'feelings'",
      required: [
        "hard", "good", "self", "other", "experiencer", "unreal", "hedges", "asks_self",
        "asks_other",
      ], optional: ["shared", "situation", "mild", "tears"])
    func regexes(_ key: String) throws(PackError) -> [ReplyRules.Regex] {
      var result: [ReplyRules.Regex] = []
      for item in try feelings.list(key) { result.append(try regex(item, "a pattern")) }
      return result
    }
    let meaning = try reader.fields(
      of: fields["meaning"] ?? root, what: "'meaning'",
      required: ["max_words", "min_similarity", "margin", "hints"], optional: [])
    var hints: [ReplyReading.Kind: ReplyRules.Regex] = [:]
    if case .mapping(let mapping) = meaning["hints"] ?? root {
      for (key, value) in mapping { hints[try kind(key)] = try regex(value, "a hint") }
    } else {
      throw reader.error("'hints' must be a mapping of reply classes to patterns", at: root)
    }
    var examples: [(kind: ReplyReading.Kind, text: String)] = []
    guard case .mapping(let exampleMap) = fields["examples"] ?? root else {
      throw reader.error("'examples' must be a mapping of reply classes to lists", at: root)
    }
    for (key, value) in exampleMap {
      let kind = try kind(key)
      for item in try reader.sequence(value, "the examples of '\(kind.rawValue)'") {
        examples.append((kind, try reader.string(item, "an example")))
      }
    }
    var lines: [String: [String]] = [:]
    guard case .mapping(let lineMap) = fields["lines"] ?? root else {
      throw reader.error("'lines' must be a mapping of names to lists of lines", at: root)
    }
    for (key, value) in lineMap {
      let name = try reader.string(key, "a line name")
      lines[name] = try reader.sequence(value, "the lines '\(name)'").map {
        node throws(PackError) in try reader.string(node, "a line")
      }
    }
    var asksMeaning: [ReplyRules.Regex] = []
    if fields["asks_meaning"] != nil {
      for item in try fields.list("asks_meaning") {
        asksMeaning.append(try regex(item, "a pattern"))
      }
    }
    var notALesson: [ReplyRules.Regex] = []
    if fields["not_a_lesson"] != nil {
      for item in try fields.list("not_a_lesson") {
        notALesson.append(try regex(item, "a pattern"))
      }
    }
    var rules = ReplyRules(
      kinds: kinds, asksMeaning: asksMeaning, hardFeelings: try reader.phrases(feelings, "hard"),
      goodFeelings: try reader.phrases(feelings, "good"),
      selfWords: Set(try reader.phrases(feelings, "self")),
      otherWords: Set(try reader.phrases(feelings, "other")),
      experiencers: try reader.phrases(feelings, "experiencer"),
      shared: feelings["shared"] == nil ? [] : try reader.phrases(feelings, "shared"),
      situation: feelings["situation"] == nil ? [] : try reader.phrases(feelings, "situation"),
      unreal: try reader.phrases(feelings, "unreal"),
      mild: feelings["mild"] == nil ? [] : try reader.phrases(feelings, "mild"),
      tears: feelings["tears"] == nil ? [] : try reader.phrases(feelings, "tears"),
      hedges: try reader.phrases(feelings, "hedges"), asksSelf: try regexes("asks_self"),
      asksOther: try regexes("asks_other"),
      meaningMaxWords: try reader.integer(meaning["max_words"] ?? root, "'max_words'", in: 1...200),
      minSimilarity: try reader.integer(
        meaning["min_similarity"] ?? root, "'min_similarity'", in: 0...100),
      margin: try reader.integer(meaning["margin"] ?? root, "'margin'", in: 0...100), hints: hints,
      examples: examples, lines: lines)
    rules.notALesson = notALesson
    if fields["asks_at_list"] != nil {
      for item in try fields.list("asks_at_list") {
        rules.asksAtList.append(try regex(item, "a pattern"))
      }
    }
    if fields["checks"] != nil {
      for item in try fields.list("checks") {
        rules.checks.append(try regex(item, "a pattern"))
      }
    }
    return rules
  }
}
