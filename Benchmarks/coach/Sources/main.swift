// coach-eval: runs the scripted sessions in Benchmarks/coach/scenarios through the coach and
// prints, per scenario, broken lines (LineLint), repeated questions, and lesson recall and
// precision against the gold lessons. A benchmark: it prints and never fails the build.
//
//   coach-eval [FOLDER]              the table
//   coach-eval --lines [FOLDER]      every problem line, and every proposal
//   coach-eval --show NAME [FOLDER]  one session's coach lines and inputs
//   coach-eval --script NAME         the lines to pipe into `reflect session` for NAME
//   coach-eval --scores NAME         every sentence of NAME's answers with its lesson score
//   coach-eval --replies test|train [--misread]
//                                    accuracy per reply class on the labelled writers
//                                    (misreads: train writers only)
//   coach-eval --points train|test [--lines]
//                                    the summary's stage lines on the long whole sessions
//                                    of Benchmarks/labelled: on the point its writer marked?
//   coach-eval --archive DIR         write the scenarios as a year of transcripts into DIR
//                                    (the realistic archive the export golden files use)
//   coach-eval --labelled            the lesson finder's precision and recall on the frozen
//                                    test writers of Benchmarks/labelled (sentence level),
//                                    with the sentence model and words only, the old
//                                    finder's beside them
import Foundation
import ReflectCore
import ReflectTestSupport

var arguments = Array(CommandLine.arguments.dropFirst())
@MainActor func flag(_ name: String) -> Bool {
  guard let index = arguments.firstIndex(of: name) else { return false }
  arguments.remove(at: index)
  return true
}
@MainActor func option(_ name: String) -> String? {
  guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else {
    return nil
  }
  let value = arguments[index + 1]
  arguments.removeSubrange(index...(index + 1))
  return value
}
let showLines = flag("--lines")
let show = option("--show")
let script = option("--script")
let scores = option("--scores")
let archive = option("--archive")
let repliesSide = option("--replies")
let misread = flag("--misread")
let labelled = flag("--labelled")
let labelledTrain = flag("--labelled-train")
let wordsOnly = flag("--words-only")
let ideas = flag("--ideas")
let ideasTrain = flag("--ideas-train")
let points = option("--points")
let folder = arguments.first ?? CoachScenario.corpusFolder
// The lesson finder reads meaning when the build's model is there, as the binary does
// (--words-only: never).
let embedder = wordsOnly ? nil : EncoderEmbedder.build()

do {
  if let side = points {
    try PointsTable.run(side: side, embedder: EncoderEmbedder.build(), show: showLines)
    exit(0)
  }
  if let side = repliesSide {
    try ReplyTable.run(side: side, misread: misread)
    exit(0)
  }
  if labelledTrain {
    // Diagnostics on the TRAIN writers only (in-sample: for seeing what the finder's
    // filters, frames and limits lose, never a figure to report).
    let cues = try LessonCues.builtIn()
    let writers = try LabelledLessons.train()
    let finder = LessonFinder(cues: cues, embedder: EncoderEmbedder.build())
    print(
      "train writers, in-sample: "
        + LabelledLessons.evaluate(writers) { finder.propose(from: $0) }.line)
    if showLines {
      for writer in writers {
        for piece in writer.pieces {
          let answers = [LessonFinder.Answered(piece.text, question: piece.question)]
          let scored = finder.scored(from: answers)
          let chosen = finder.propose(from: answers)
          for sentence in piece.sentences where sentence.lesson {
            let mine = scored.first {
              LabelledLessons.words($0.sentence) == LabelledLessons.words(sentence.text)
            }
            let picked = chosen.contains {
              LabelledLessons.source(of: $0, in: piece.sentences).map { piece.sentences[$0].text }
                == sentence.text
            }
            if picked { continue }
            let why =
              mine.map { String(format: "score %.2f", $0.score) }
              ?? (finder.rejection(of: sentence.text) ?? "not one sentence for the finder")
            print("  missed [\(writer.writer)] (\(why)): \(sentence.text)")
          }
          for proposal in chosen {
            guard let index = LabelledLessons.source(of: proposal, in: piece.sentences),
              !piece.sentences[index].lesson
            else { continue }
            print("  wrong [\(writer.writer)]: \(proposal)")
          }
        }
      }
    }
    exit(0)
  }
  if ideasTrain {
    // The threshold chosen on the TRAIN writers only: each in steps of 0.05.
    let writers = try IdeasBenchmark.writers("train")
    guard let embedder = EncoderEmbedder.build() else {
      print("no model at \(RealModel.folder); make setup")
      exit(1)
    }
    let cached = CachedEmbedder(embedder)
    print("Ideas by meaning on the train writers (\(writers.joined(separator: " "))):")
    for step in 6...14 {
      let threshold = Float(step) * 0.05
      let figures = try IdeasBenchmark.evaluate(
        writers, IdeasBenchmark.byMeaning(cached, threshold: threshold))
      print(String(format: "  average cosine ≥ %.2f  ", threshold) + figures.line)
    }
    exit(0)
  }
  if ideas {
    print("Ideas (lessons grouped across sessions) on Benchmarks/ideas, per writer:")
    let embedder = EncoderEmbedder.build()
    for side in ["train", "test"] {
      let writers = try IdeasBenchmark.writers(side)
      print(
        "  \(side == "train" ? "train writers" : "frozen test writers") (\(writers.joined(separator: " "))):"
      )
      if let embedder {
        let figures = try IdeasBenchmark.evaluate(writers, IdeasBenchmark.byMeaning(embedder))
        print("    by meaning (≥ \(IdeaGrouping.threshold))     " + figures.line)
      } else {
        print("    by meaning              (no model at \(RealModel.folder); make setup)")
      }
      let words = try IdeasBenchmark.evaluate(writers, IdeasBenchmark.byWords)
      print("    words only (no model)    " + words.line)
      print("    old code (73aa7c1)       " + words.line + "  (the same rule: words)")
    }
    print("  goal: every idea found whole, no near-miss pair merged")
    exit(0)
  }
  if labelled {
    let cues = try LessonCues.builtIn()
    let (first, long) = try LabelledLessons.frozenByBatch()
    let embedder = EncoderEmbedder.build()
    let words = LessonFinder(cues: cues)
    for (name, writers) in [
      ("the first batch: answers, essays, notes", first),
      ("the second batch: whole sessions of long answers", long),
    ] where !writers.isEmpty {
      let sentences = writers.reduce(0) { $0 + $1.pieces.reduce(0) { $0 + $1.sentences.count } }
      print(
        "Lesson finder on the frozen test writers of \(name) (\(writers.count) writers,"
          + " \(sentences) sentences; sentence level, lesson or not):")
      if let embedder {
        let finder = LessonFinder(cues: cues, embedder: embedder)
        let figures = LabelledLessons.evaluate(writers) { finder.propose(from: $0) }
        print("  with the sentence model  " + figures.line)
      } else {
        print("  with the sentence model  (no model at \(RealModel.folder); make setup)")
      }
      print(
        "  words only               "
          + LabelledLessons.evaluate(writers) { words.propose(from: $0) }.line)
      if writers.count == first.count {
        print("  old finder (8fdde72)     " + LabelledLessons.before.line)
      }
    }
    print("  goal: both at least 75 %")
    exit(0)
  }
  let scenarios = try CoachScenario.load(folder: folder)
  if let archive {
    try FileManager.default.createDirectory(atPath: archive, withIntermediateDirectories: true)
    let codec = TranscriptCodec()
    var written = 0
    // Each scenario once, and every other one again a few months on: a year of sessions.
    for round in 0..<3 {
      for (index, (name, scenario)) in scenarios.enumerated()
      where round == 0 || (index + round) % 2 == 0 {
        let start = Date(timeIntervalSince1970: 1_767_258_000)  // 2026-01-01 09:00 UTC
          .addingTimeInterval(Double(round * 120 + index * 9) * 86_400)
        let events = try CoachEvaluation.transcript(scenario, startingAt: start, round: round)
        guard case .start(let first) = events.first else { continue }
        let data = events.reduce(into: Data()) { $0.append(codec.encode($1)) }
        try data.write(to: URL(fileURLWithPath: "\(archive)/\(first.id).jsonl"))
        written += 1
        _ = name
      }
    }
    print("wrote \(written) transcripts to \(archive)")
    exit(0)
  }
  if let name = scores, let (_, scenario) = scenarios.first(where: { $0.name.hasPrefix(name) }) {
    let finder = LessonFinder(cues: try LessonCues.builtIn(), embedder: embedder)
    let pack = try PackLibrary().pack(scenario.pack)
    let answered = scenario.answers.flatMap { id, texts in
      let question = pack.stages.flatMap(\.questions).first { $0.id == id }?.text
      return texts.map { LessonFinder.Answered($0, question: question) }
    }
    for candidate in finder.scored(from: answered) {
      print(String(format: "%.2f", candidate.score) + "\t" + candidate.text)
    }
    for text in finder.propose(from: answered) { print("chosen\t" + text) }
    exit(0)
  }
  if let name = show ?? script {
    guard let (_, scenario) = scenarios.first(where: { $0.name.hasPrefix(name) }) else {
      FileHandle.standardError.write(Data("no scenario '\(name)'\n".utf8))
      exit(1)
    }
    let result = try CoachEvaluation.run(scenario, embedder: embedder)
    if script != nil {
      print(result.inputs.joined(separator: "\n"))
    } else {
      for line in result.lines { print("coach [\(line.kind.rawValue)]: \(line.text)") }
      print("\ninputs:\n" + result.inputs.map { "  › " + $0 }.joined(separator: "\n"))
    }
    exit(0)
  }
  func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
  }
  print(
    pad("scenario", 38) + pad("lines", 7) + pad("broken", 8) + pad("repeats", 9)
      + pad("proposed", 10) + pad("recall", 10) + "precision")
  var totals = (lines: 0, broken: 0, repeats: 0, proposed: 0, gold: 0, recalled: 0, precise: 0)
  for (name, scenario) in scenarios {
    let result = try CoachEvaluation.run(scenario, embedder: embedder)
    totals.lines += result.lines.count
    totals.broken += result.broken.count
    totals.repeats += result.repeats.count
    totals.proposed += result.proposals.count
    totals.gold += result.gold.count
    totals.recalled += result.recalled.count
    totals.precise += result.precise.count
    print(
      pad(name, 38) + pad("\(result.lines.count)", 7) + pad("\(result.broken.count)", 8)
        + pad("\(result.repeats.count)", 9) + pad("\(result.proposals.count)", 10)
        + pad("\(result.recalled.count)/\(result.gold.count)", 10)
        + "\(result.precise.count)/\(result.proposals.count)")
    if showLines {
      for (line, problem) in result.broken { print("    broken (\(problem)): \(line)") }
      for line in result.repeats { print("    repeat: \(line)") }
      for proposal in result.proposals { print("    proposed: \(proposal)") }
      for gold in result.gold where !result.recalled.contains(gold) {
        print("    missed gold: \(gold)")
      }
    }
  }
  func percent(_ part: Int, _ whole: Int) -> String {
    whole == 0 ? "-" : String(format: "%.0f%%", Double(part) * 100 / Double(whole))
  }
  print(
    pad("all \(scenarios.count) scenarios", 38) + pad("\(totals.lines)", 7)
      + pad("\(totals.broken)", 8) + pad("\(totals.repeats)", 9)
      + pad("\(totals.proposed)", 10) + pad(percent(totals.recalled, totals.gold), 10)
      + percent(totals.precise, totals.proposed))
  print(
    embedder == nil
      ? "lesson finder: words only"
      : "lesson finder: with the sentence model (--words-only: without)")
} catch {
  FileHandle.standardError.write(Data("coach-eval: \(error)\n".utf8))
  exit(1)
}

/// An embedder that works out each text once (a threshold sweep embeds the same texts).
final class CachedEmbedder: SentenceEmbedder, @unchecked Sendable {
  let base: any SentenceEmbedder
  var known: [String: [Float]] = [:]
  init(_ base: any SentenceEmbedder) { self.base = base }
  var modelID: String { base.modelID }
  func embed(_ texts: [String]) -> [[Float]] {
    let missing = Array(Set(texts.filter { known[$0] == nil }))
    for (text, vector) in zip(missing, missing.isEmpty ? [] : base.embed(missing)) {
      known[text] = vector
    }
    return texts.map { known[$0] ?? [] }
  }
}
