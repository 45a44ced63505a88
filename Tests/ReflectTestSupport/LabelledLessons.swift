import Foundation
import ReflectCore
import ReflectMeaning

/// The labelled sentences of `Benchmarks/labelled` (issue #28) and the lesson finder's
/// figures on them: sentence level, lesson or not.
///
/// Each piece (an answer, an essay, a note) is given to the finder as one person's answers;
/// a sentence counts as found when a proposal came from it (the sentence holding most of the
/// proposal's words, at least 80 % of them). Only ``frozen`` figures are reported; nothing
/// is tuned on them.
public enum LabelledLessons {
  public struct Sentence: Decodable, Sendable {
    public var text: String
    public var lesson: Bool
    public var para: Bool?
    /// In the second batch: the sentence a good listener would sum the answer up from.
    public var point: Bool?
  }
  public struct Piece: Decodable, Sendable {
    public var question: String?
    public var sentences: [Sentence]
    /// In the second batch: the answer summed up in a line, in the writer's words.
    public var pointSummary: String?

    enum CodingKeys: String, CodingKey {
      case question, sentences
      case pointSummary = "point_summary"
    }

    /// The piece as the person wrote it: sentences joined, a new paragraph or a list item
    /// on a line of its own.
    public var text: String {
      var result = ""
      for sentence in sentences {
        if !result.isEmpty {
          let ownLine =
            sentence.para == true
            || sentence.text.range(of: #"^\s*(-|\*|\d+[.)])\s"#, options: .regularExpression)
              != nil
          // A sentence the writer did not end with a mark ends their line.
          let ended = result.last.map { ".!?\"”)".contains($0) } ?? true
          result += ownLine || !ended ? "\n" : " "
        }
        result += sentence.text
      }
      return result
    }
  }
  public struct Writer: Decodable, Sendable {
    public var writer: String
    public var pieces: [Piece]
  }
  struct Split: Decodable {
    var train: [String]
    var test: [String]
    /// The second batch: whole sessions of long answers (w34–w45).
    var longSessions: [String]?

    enum CodingKeys: String, CodingKey {
      case train, test
      case longSessions = "long_sessions"
    }
  }

  /// Precision and recall counts.
  public struct Figures: Sendable, Equatable {
    public var found = 0
    public var wrong = 0
    public var missed = 0
    public var precision: Double { found + wrong == 0 ? 0 : Double(found) / Double(found + wrong) }
    public var recall: Double { found + missed == 0 ? 0 : Double(found) / Double(found + missed) }

    public init(found: Int = 0, wrong: Int = 0, missed: Int = 0) {
      self.found = found
      self.wrong = wrong
      self.missed = missed
    }

    /// "precision 81 % (… of …), recall 78 % (… of …)".
    public var line: String {
      String(
        format: "precision %.0f %% (%d of %d), recall %.0f %% (%d of %d)", precision * 100,
        found, found + wrong, recall * 100, found, found + missed)
    }
  }

  static var folder: URL { TestSupport.packageRoot.appendingPathComponent("Benchmarks/labelled") }

  /// The frozen test writers (never for tuning).
  public static func frozen() throws -> [Writer] { try writers(try split().test) }

  /// The frozen test writers of the first batch (answers, essays and notes) and of the
  /// second (whole sessions of long answers), apart.
  public static func frozenByBatch() throws -> (first: [Writer], long: [Writer]) {
    let split = try split()
    let long = Set(split.longSessions ?? [])
    return (
      try writers(split.test.filter { !long.contains($0) }),
      try writers(split.test.filter(long.contains))
    )
  }

  /// The train writers.
  public static func train() throws -> [Writer] { try writers(try split().train) }

  /// The second batch's writers on one side of the split ("train" or "test"): whole
  /// sessions, one answer per question of the collaboration pack, in order.
  public static func longSessions(_ side: String) throws -> [Writer] {
    let split = try split()
    let long = Set(split.longSessions ?? [])
    return try writers((side == "test" ? split.test : split.train).filter(long.contains))
  }

  static func split() throws -> Split {
    try JSONDecoder().decode(
      Split.self, from: Data(contentsOf: folder.appendingPathComponent("split.json")))
  }

  static func writers(_ ids: [String]) throws -> [Writer] {
    try ids.map { id in
      try JSONDecoder().decode(
        Writer.self,
        from: Data(contentsOf: folder.appendingPathComponent("writers/\(id).json")))
    }
  }

  /// The figures of `propose` (one piece's answers in, proposals out) on `writers`.
  public static func evaluate(
    _ writers: [Writer], propose: ([LessonFinder.Answered]) -> [String]
  ) -> Figures {
    var figures = Figures()
    for writer in writers {
      for piece in writer.pieces {
        let proposals = propose([LessonFinder.Answered(piece.text, question: piece.question)])
        var chosen = Set<Int>()
        for proposal in proposals {
          if let index = source(of: proposal, in: piece.sentences) { chosen.insert(index) }
        }
        for (index, sentence) in piece.sentences.enumerated() {
          switch (sentence.lesson, chosen.contains(index)) {
          case (true, true): figures.found += 1
          case (false, true): figures.wrong += 1
          case (true, false): figures.missed += 1
          case (false, false): break
          }
        }
      }
    }
    return figures
  }

  /// The sentence a proposal came from.
  public static func source(of proposal: String, in sentences: [Sentence]) -> Int? {
    let words = Set(words(proposal))
    guard !words.isEmpty else { return nil }
    var best: (index: Int, share: Double)?
    for (index, sentence) in sentences.enumerated() {
      let share = Double(words.intersection(Self.words(sentence.text)).count) / Double(words.count)
      if share > (best?.share ?? 0) { best = (index, share) }
    }
    guard let best, best.share >= 0.8 else { return nil }
    return best.index
  }

  public static func words(_ text: String) -> [String] {
    text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "'" })
      .map(String.init)
  }

  /// The old finder's figures on the frozen writers (commit 8fdde72, before the trained
  /// model; measured once with this same evaluation).
  public static let before = Figures(found: 78, wrong: 76, missed: 40)
}

/// The sentence model as a ``SentenceEmbedder``, for tests and coach-eval.
public struct EncoderEmbedder: SentenceEmbedder {
  public let encoder: Encoder

  public init(_ encoder: Encoder) { self.encoder = encoder }

  /// The build's model (`make setup`), when it is installed.
  public static func build() -> EncoderEmbedder? {
    guard RealModel.isInstalled, let encoder = try? Encoder.load(from: RealModel.folder) else {
      return nil
    }
    return EncoderEmbedder(encoder)
  }

  public var modelID: String { encoder.modelID }
  public func embed(_ texts: [String]) -> [[Float]] { encoder.embed(texts) }
}
