import ArgumentParser
import Foundation
import ReflectCore
import ReflectTerminal

extension Reflect {
  struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check every transcript; exit 0 when all are clean, 1 otherwise.",
      discussion: """
        Each problem is printed as path:line: reason. With --repair, bad lines and torn
        last lines are moved to <transcript>.quarantine beside the file; nothing is deleted.
        """)

    @OptionGroup var homeOptions: HomeOptions

    @Flag(name: .long, help: "Move bad lines into a .quarantine file beside each transcript.")
    var repair = false

    func run() throws {
      let console = Console()
      let store = homeOptions.store
      let (paths, warnings) = store.files()
      var problems = warnings.count
      for warning in warnings { console.say(warning, .warning) }
      let reader = TranscriptReader()
      for path in paths {
        let transcript: Transcript
        do {
          transcript = try reader.read(path: path, followLinks: false)
        } catch {
          problems += 1
          console.say(error.localizedDescription, .error)
          continue
        }
        var found = transcript.problems
        if transcript.start == nil, found.isEmpty { found = [.notATranscript(path: path)] }
        for problem in found { console.say(problem.localizedDescription, .error) }
        problems += found.count
        guard repair, !found.isEmpty else { continue }
        do {
          let moved = try TranscriptRepair.repair(path: path)
          let lines = moved == 1 ? "line" : "lines"
          console.say("moved \(moved) \(lines) of '\(path)' to '\(path).quarantine'")
        } catch {
          console.say(error.localizedDescription, .error)
        }
      }
      let files = "\(paths.count) transcript\(paths.count == 1 ? "" : "s")"
      let found = "\(problems) problem\(problems == 1 ? "" : "s")"
      let repaired = repair ? " (repaired where possible)" : ""
      console.line(problems == 0 ? "\(files), all clean." : "\(files), \(found)\(repaired).")
      if problems > 0 { throw ExitCode.failure }
    }
  }
}
