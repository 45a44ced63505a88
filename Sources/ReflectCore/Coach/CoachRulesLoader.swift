import Yams

/// Loads `coach.yaml` and the `follow_ups` of pack stages, with file:line:column errors.
struct CoachRulesLoader {
  /// Loads the general coach data.
  func load(_ text: String, file: String) throws(PackError) -> CoachRules {
    let reader = YAMLReader(file: file)
    let root = try reader.compose(text)
    let fields = try reader.fields(
      of: root, what: "the coach rules",
      required: [
        "rules", "vague", "negative", "memory", "listening", "scale", "review", "reflections",
      ],
      optional: ["id"])
    func section(_ key: String, _ required: [String]) throws(PackError) -> YAMLReader.Fields {
      try reader.fields(of: fields[key] ?? root, what: "'\(key)'", required: required, optional: [])
    }
    let vague = try section(
      "vague", ["markers", "short_answer_words", "empty_words", "short_probes", "probes"])
    let negative = try section("negative", ["markers", "acknowledgements"])
    let memory = try section("memory", ["links"])
    let listeningFields = try reader.fields(
      of: fields["listening"] ?? root, what: "'listening'",
      required: ["negators", "masked", "meta", "repairs", "plain_repairs"],
      optional: ["idioms", "compound_heads", "asks"])
    func optionalPhrases(_ key: String) throws(PackError) -> [String] {
      listeningFields[key] == nil ? [] : try reader.phrases(listeningFields, key)
    }
    let listening = Listening(
      negators: try reader.phrases(listeningFields, "negators"),
      masked: try reader.phrases(listeningFields, "masked"),
      idioms: try optionalPhrases("idioms"),
      compoundHeads: Set(try optionalPhrases("compound_heads")),
      meta: try reader.phrases(listeningFields, "meta"),
      repairs: try strings(listeningFields, "repairs", reader),
      plainRepairs: try strings(listeningFields, "plain_repairs", reader),
      asks: try topics(listeningFields, reader))
    var rules: [CoachRule] = []
    for node in try fields.list("rules") {
      rules.append(try rule(node, reader: reader, listening: listening))
    }
    let scale = try section("scale", ["middle", "top", "bottom", "ask"])
    let review = try section("review", ["cues", "weak", "replies"])
    var reflections: [String: String] = [:]
    guard case .mapping(let pairs) = fields["reflections"] ?? root else {
      throw reader.error(
        "'reflections' must be a mapping of word: swapped word", at: fields["reflections"] ?? root)
    }
    for (key, value) in pairs {
      reflections[try reader.string(key, "a reflection").lowercased()] = try reader.string(
        value, "a reflection")
    }
    return CoachRules(
      rules: rules, vagueMarkers: try reader.phrases(vague, "markers"),
      shortAnswerWords: try reader.integer(
        vague["short_answer_words"] ?? root, "'short_answer_words'", in: 0...20),
      emptyWords: Set(try reader.phrases(vague, "empty_words")),
      probes: try strings(vague, "probes", reader),
      shortProbes: try strings(vague, "short_probes", reader),
      negativeMarkers: try reader.phrases(negative, "markers"),
      acknowledgements: try strings(negative, "acknowledgements", reader),
      memoryLinks: try strings(memory, "links", reader),
      listening: listening,
      scale: ScaleLines(
        middle: try strings(scale, "middle", reader), top: try strings(scale, "top", reader),
        bottom: try strings(scale, "bottom", reader), ask: try strings(scale, "ask", reader)),
      review: try reviewLines(review, reader: reader),
      reflections: reflections)
  }

  private func reviewLines(
    _ review: YAMLReader.Fields, reader: YAMLReader
  ) throws(PackError) -> ReviewLines {
    let cueNames = ReviewOutcome.allCases.filter { $0 != .unclear }.map(\.rawValue)
    let cueFields = try reader.fields(
      of: review["cues"] ?? review.node, what: "'cues' of 'review'", required: cueNames,
      optional: [])
    var cues: [ReviewOutcome: [String]] = [:]
    for name in cueNames {
      if let outcome = ReviewOutcome(rawValue: name) {
        cues[outcome] = try reader.phrases(cueFields, name)
      }
    }
    let replyFields = try reader.fields(
      of: review["replies"] ?? review.node, what: "'replies' of 'review'",
      required: ["unclear", "partly", "not-yet", "past-due"],
      optional: [
        "done", "done-thanked", "done-hard", "done-moved", "dropped", "changed", "obstacle",
        "obstacle-heard",
      ])
    var replies: [ReviewOutcome: [String]] = [:]
    for outcome in [ReviewOutcome.unclear, .partly, .notYet] {
      replies[outcome] = try strings(replyFields, outcome.rawValue, reader)
    }
    func optional(_ key: String) throws(PackError) -> [String] {
      replyFields[key] == nil ? [] : try strings(replyFields, key, reader)
    }
    replies[.done] = try optional("done")
    replies[.dropped] = try optional("dropped")
    replies[.changed] = try optional("changed")
    var lines = ReviewLines(
      cues: cues, weak: try reader.phrases(review, "weak"), replies: replies,
      pastDue: try strings(replyFields, "past-due", reader), thanked: try optional("done-thanked"),
      obstacle: try optional("obstacle"), obstacleHeard: try optional("obstacle-heard"))
    lines.doneHard = try optional("done-hard")
    lines.doneMoved = try optional("done-moved")
    return lines
  }

  /// Loads a list of rules (a stage's `follow_ups`), their examples heard with the built-in
  /// listening lists.
  func rules(_ nodes: [Node], reader: YAMLReader) throws(PackError) -> [CoachRule] {
    var rules: [CoachRule] = []
    for node in nodes {
      rules.append(try rule(node, reader: reader, listening: Listening.builtIn))
    }
    return rules
  }

  /// `asks`: a list of topics, each a list of phrases that ask about it.
  private func topics(
    _ fields: YAMLReader.Fields, _ reader: YAMLReader
  ) throws(PackError) -> [[String]] {
    guard fields["asks"] != nil else { return [] }
    var result: [[String]] = []
    for node in try fields.list("asks") {
      var topic: [String] = []
      for phrase in try reader.sequence(node, "a topic of 'asks'") {
        topic.append(try reader.string(phrase, "a phrase of 'asks'").lowercased())
      }
      guard !topic.isEmpty else {
        throw reader.error("a topic of 'asks' must not be empty", at: node)
      }
      result.append(topic)
    }
    return result
  }

  private func strings(
    _ fields: YAMLReader.Fields, _ key: String, _ reader: YAMLReader
  ) throws(PackError) -> [String] {
    var result: [String] = []
    for node in try fields.list(key) {
      result.append(try reader.string(node, "an item of '\(key)'"))
    }
    guard !result.isEmpty else {
      throw reader.error(
        "'\(key)' of \(fields.what) must not be empty", at: fields[key] ?? fields.node)
    }
    return result
  }

  private func rule(
    _ node: Node, reader: YAMLReader, listening: Listening
  ) throws(PackError) -> CoachRule {
    let fields = try reader.fields(
      of: node, what: "a rule", required: ["rank", "decompositions"],
      optional: ["keywords", "absent", "max_words", "about", "why", "examples"])
    var keywords: [String] = []
    for item in try fields.list("keywords") {
      keywords.append(try reader.string(item, "a keyword").lowercased())
    }
    var absent: [String] = []
    for item in try fields.list("absent") {
      absent.append(try reader.string(item, "an absent word").lowercased())
    }
    guard !keywords.isEmpty || !absent.isEmpty else {
      throw reader.error("a rule needs 'keywords', 'absent', or both", at: node)
    }
    let rank = try reader.integer(fields["rank"] ?? node, "'rank' of a rule", in: 0...100)
    var decompositions: [Decomposition] = []
    for item in try fields.list("decompositions") {
      decompositions.append(try decomposition(item, reader: reader))
    }
    guard !decompositions.isEmpty else {
      throw reader.error(
        "a rule needs at least one decomposition", at: fields["decompositions"] ?? node)
    }
    let maxWords = try fields["max_words"].map { node throws(PackError) in
      try reader.integer(node, "'max_words' of a rule", in: 1...500)
    }
    let about = try fields["about"].map { node throws(PackError) in
      try reader.string(node, "'about' of a rule")
    }
    let why = try fields["why"].map { node throws(PackError) in
      try reader.string(node, "'why' of a rule")
    }
    var made = CoachRule(
      keywords: keywords, absent: absent, rank: rank, maxWords: maxWords,
      decompositions: decompositions, about: about, why: why)
    if let examplesNode = fields["examples"] {
      let examples = try reader.fields(
        of: examplesNode, what: "'examples' of a rule", required: [], optional: ["fires", "quiet"])
      for item in try examples.list("fires") {
        let text = try reader.string(item, "an example")
        guard made.fires(on: text, listening: listening) else {
          throw reader.error(
            "the rule does not fire on its example '\(text)' (a keyword must be said in its"
              + " sense and a pattern must match)", at: item)
        }
        made.fires.append(text)
      }
      for item in try examples.list("quiet") {
        let text = try reader.string(item, "an example")
        guard !made.fires(on: text, listening: listening) else {
          throw reader.error(
            "the rule fires on '\(text)', an example it must stay quiet on", at: item)
        }
        made.quiet.append(text)
      }
    }
    return made
  }

  private func decomposition(_ node: Node, reader: YAMLReader) throws(PackError) -> Decomposition {
    let fields = try reader.fields(
      of: node, what: "a decomposition", required: ["pattern", "replies"], optional: ["remember"])
    let patternNode = fields["pattern"] ?? node
    let pattern = Words.split(try reader.string(patternNode, "'pattern'"), keepWildcards: true)
    guard !pattern.isEmpty else { throw reader.error("the pattern has no words", at: patternNode) }
    let wildcards = pattern.filter { $0 == "*" }.count
    var replies: [String] = []
    for item in try fields.list("replies") {
      let reply = try reader.string(item, "a reply")
      for slot in Template.slots(in: reply) where slot < 1 || slot > wildcards {
        throw reader.error(
          "reply uses (\(slot)) but the pattern '\(pattern.joined(separator: " "))' has \(wildcards)"
            + " wildcard\(wildcards == 1 ? "" : "s")", at: item)
      }
      replies.append(reply)
    }
    guard !replies.isEmpty else {
      throw reader.error("a decomposition needs at least one reply", at: fields["replies"] ?? node)
    }
    var remember: Int?
    if let rememberNode = fields["remember"] {
      remember = try reader.integer(rememberNode, "'remember'", in: 1...max(1, wildcards))
    }
    return Decomposition(pattern: pattern, replies: replies, remember: remember)
  }
}
