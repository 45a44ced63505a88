import ArgumentParser
import Foundation
import ReflectMeaning
import ReflectTerminal

extension Reflect {
  struct Embed: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print the meaning vector of a text as JSON (384 numbers).",
      discussion: """
        The vector comes from the local sentence model all-MiniLM-L6-v2
        (docs/meaning.md): nothing leaves this machine. The model is looked for in
        --model DIR, else $REFLECT_MODEL, else
        $XDG_DATA_HOME/reflect/models/all-MiniLM-L6-v2, else
        share/reflect/models/all-MiniLM-L6-v2 beside the installed binary, else the
        source tree's .build/models (make setup puts it there).
        """)

    @Argument(help: "The text to embed.")
    var text: String?

    @Option(
      name: .long, help: ArgumentHelp("The model folder.", valueName: "dir"),
      completion: .directory)
    var model: String?

    /// The token ids instead of the vector (for the tests against the reference tokenizer).
    @Flag(name: .long, help: .hidden)
    var tokens = false

    /// Texts from stdin, a JSON array of strings; one JSON array a line out, in order.
    @Flag(name: .long, help: .hidden)
    var batch = false

    /// The model id (name and SHA-256 prefix) instead of a vector.
    @Flag(name: .customLong("model-id"), help: .hidden)
    var modelID = false

    func validate() throws {
      if text == nil && !batch && !modelID { throw ValidationError("give the text to embed") }
      if text != nil && batch { throw ValidationError("--batch reads its texts from stdin") }
    }

    func run() throws {
      let folder = try ModelLocation.find(
        explicit: model, environment: ProcessInfo.processInfo.environment,
        executable: ModelLocation.currentExecutable)
      let encoder = try Encoder.load(from: folder)
      let console = Console()
      if modelID { return console.line(encoder.modelID) }
      let texts: [String]
      if batch {
        let input = FileHandle.standardInput.readDataToEndOfFile()
        guard let array = try? JSONSerialization.jsonObject(with: input) as? [String] else {
          throw ValidationError("--batch wants a JSON array of strings on stdin")
        }
        texts = array
      } else {
        texts = [text ?? ""]
      }
      if tokens {
        for text in texts {
          console.line("[" + encoder.tokenIDs(text).map(String.init).joined(separator: ", ") + "]")
        }
        return
      }
      for vector in encoder.embed(texts) {
        console.line("[" + vector.map { "\($0)" }.joined(separator: ", ") + "]")
      }
    }
  }
}
