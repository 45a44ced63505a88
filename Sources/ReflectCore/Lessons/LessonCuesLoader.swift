import Foundation
import Yams

/// Loads `Prompts/lessons.yaml` (the lesson finder's cues) with file:line:column errors.
struct LessonCuesLoader {
  /// Loads the cues from `text`, naming `file` in errors.
  func load(_ text: String, file: String) throws(PackError) -> LessonCues {
    let reader = YAMLReader(file: file)
    let root = try reader.compose(text)
    let fields = try reader.fields(
      of: root, what: "the lesson cues",
      required: [
        "most", "min_score", "words", "split_from", "lead_ins", "clause_boundaries", "cues",
        "general", "penalties", "bonus",
      ],
      optional: ["id", "words_per_lesson", "same_meaning"])
    func section(
      _ node: Node?, _ what: String, _ required: [String]
    ) throws(PackError) -> YAMLReader.Fields {
      try reader.fields(of: node ?? root, what: what, required: required, optional: [])
    }
    func number(_ node: Node?, _ what: String, _ range: ClosedRange<Int>) throws(PackError) -> Int {
      try reader.integer(node ?? root, what, in: range)
    }
    let words = try section(fields["words"], "'words'", ["min", "max"])
    let general = try section(
      fields["general"], "'general'",
      ["weight", "min_words", "verbs", "personal", "past", "specific_starts"])
    let penalties = try section(
      fields["penalties"], "'penalties'", ["narrative", "question", "starts"])
    let starts = try section(penalties["starts"], "'starts' of 'penalties'", ["words", "weight"])
    let bonus = try section(fields["bonus"], "'bonus'", ["short", "question"])
    let question = try section(bonus["question"], "'question' of 'bonus'", ["weight", "phrases"])
    let short = try section(bonus["short"], "'short' of 'bonus'", ["words", "weight"])
    var cues: [LessonCues.Cue] = []
    for node in try fields.list("cues") {
      let cue = try reader.fields(
        of: node, what: "a cue", required: ["kind", "weight"],
        optional: ["phrases", "starts", "patterns"])
      var patterns: [String] = []
      for item in try cue.list("patterns") {
        let pattern = try reader.string(item, "a pattern")
        guard (try? NSRegularExpression(pattern: pattern)) != nil else {
          throw reader.error("'\(pattern)' is not a valid regular expression", at: item)
        }
        patterns.append(pattern)
      }
      let phrases = cue["phrases"] == nil ? [] : try reader.phrases(cue, "phrases")
      let openings = cue["starts"] == nil ? [] : try reader.phrases(cue, "starts")
      guard !(phrases.isEmpty && openings.isEmpty && patterns.isEmpty) else {
        throw reader.error("a cue needs 'phrases', 'starts' or 'patterns'", at: node)
      }
      cues.append(
        LessonCues.Cue(
          kind: try cue.string("kind"),
          weight: try number(cue["weight"], "'weight' of a cue", 0...20),
          phrases: phrases, starts: openings, patterns: patterns))
    }
    let minWords = try number(words["min"], "'min' of 'words'", 1...50)
    let boundaries: [String] = try fields.list("clause_boundaries").map { node throws(PackError) in
      guard case .scalar(let scalar) = node, !scalar.string.isEmpty else {
        throw reader.error("a clause boundary must be text", at: node)
      }
      return scalar.string
    }
    var result = LessonCues(
      most: try number(fields["most"], "'most'", 0...20),
      minScore: try number(fields["min_score"], "'min_score'", 0...50),
      minWords: minWords, maxWords: try number(words["max"], "'max' of 'words'", minWords...80),
      splitFrom: try number(fields["split_from"], "'split_from'", 2...100),
      leadIns: try reader.phrases(fields, "lead_ins").sorted { $0.count > $1.count },
      clauseBoundaries: boundaries, cues: cues,
      generalisationWeight: try number(general["weight"], "'weight' of 'general'", 0...20),
      generalMinWords: try number(general["min_words"], "'min_words' of 'general'", 1...50),
      generalVerbs: Set(try reader.phrases(general, "verbs")),
      personalWords: Set(try reader.phrases(general, "personal")),
      pastWords: Set(try reader.phrases(general, "past")),
      specificStarts: Set(try reader.phrases(general, "specific_starts")),
      narrativePenalty: try number(penalties["narrative"], "'narrative'", 0...20),
      questionPenalty: try number(penalties["question"], "'question'", 0...20),
      penalisedStarts: Set(try reader.phrases(starts, "words")),
      startPenalty: try number(starts["weight"], "'weight' of 'starts'", 0...20),
      shortWords: try number(short["words"], "'words' of 'short'", 0...50),
      shortBonus: try number(short["weight"], "'weight' of 'short'", 0...20),
      questionPhrases: try reader.phrases(question, "phrases"),
      questionBonus: try number(question["weight"], "'weight' of 'question'", 0...20))
    if let node = fields["words_per_lesson"] {
      result.wordsPerLesson = try number(node, "'words_per_lesson'", 1...10_000)
    }
    if let node = fields["same_meaning"] {
      // A cosine in hundredths.
      result.sameMeaning = Float(try number(node, "'same_meaning'", 0...100)) / 100
    }
    return result
  }
}

extension YAMLReader {
  /// A non-empty list of phrases under `key`, lower-cased.
  func phrases(_ fields: Fields, _ key: String) throws(PackError) -> [String] {
    var result: [String] = []
    for node in try fields.list(key) {
      result.append(try string(node, "an item of '\(key)'").lowercased())
    }
    guard !result.isEmpty else {
      throw error("'\(key)' of \(fields.what) must not be empty", at: fields[key] ?? fields.node)
    }
    return result
  }
}
