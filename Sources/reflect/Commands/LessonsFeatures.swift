import ArgumentParser
import Foundation
import ReflectCore
import ReflectMeaning
import ReflectTerminal

extension Reflect {
  /// The lesson finder's features and vectors of sentences, for `make train-lessons`.
  ///
  /// Worked out here, by the finder's own code, so that the trainer
  /// (scripts/train-lessons.py) and the finder can never disagree. Hidden: not for people.
  struct LessonsFeatures: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "lessons-features",
      abstract: "Print the lesson finder's features and vectors of sentences (for training).",
      shouldDisplay: false)

    /// Sentences from stdin, a JSON array of {"text": …, "question": … or null}; out, one
    /// JSON object: the feature names, the sentence model's id (null without one) and a row
    /// of features and vector per sentence.
    @Flag(name: .long, help: "Read a JSON array from stdin and print JSON.")
    var json = false

    @Option(
      name: .long, help: ArgumentHelp("The model folder.", valueName: "dir"),
      completion: .directory)
    var model: String?

    func validate() throws {
      guard json else { throw ValidationError("lessons-features reads JSON: give --json") }
    }

    struct Sentence: Decodable {
      var text: String
      var question: String?
    }

    struct Row: Encodable {
      var features: [Double]
      var vector: [Float]?
    }

    struct Output: Encodable {
      var names: [String]
      var encoder: String?
      var rows: [Row]
    }

    func run() throws {
      let input = FileHandle.standardInput.readDataToEndOfFile()
      let sentences: [Sentence]
      do {
        sentences = try JSONDecoder().decode([Sentence].self, from: input)
      } catch {
        throw ValidationError("lessons-features wants a JSON array of {\"text\", \"question\"}")
      }
      let cues = try LessonCues.builtIn()
      let encoder = Meaning.mode(explicit: model).encoder
      let vectors = encoder?.embed(sentences.map(\.text))
      let rows = sentences.enumerated().map { index, sentence in
        Row(
          features: ReflectCore.LessonFeatures.values(
            of: sentence.text, question: sentence.question, cues: cues),
          vector: vectors?[index])
      }
      let output = Output(
        names: ReflectCore.LessonFeatures.names, encoder: encoder?.modelID, rows: rows)
      let data = try JSONEncoder().encode(output)
      FileHandle.standardOutput.write(data)
      FileHandle.standardOutput.write(Data("\n".utf8))
    }
  }
}
