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
        A transcript that lost its session start gets one rebuilt from its name and first
        event (lines before a late start are moved aside).
        """)

    @OptionGroup var homeOptions: HomeOptions

    @Flag(name: .long, help: "Move bad lines into a .quarantine file beside each transcript.")
    var repair = false

    @Flag(name: .long, help: "The result as JSON: transcripts, problems, repairs.")
    var json = false

    func run() throws {
      let console = Console()
      let store = homeOptions.store
      let (paths, warnings) = store.files()
      var problems = warnings.count
      var found: [[String: Any]] = warnings.map { ["reason": $0] }
      var repaired: [[String: Any]] = []
      if !json { for warning in warnings { console.say(warning, .warning) } }
      // Files are read a few dozen at a time on every core; what each holds is reported (and
      // repaired) in order.
      let perPiece = 64
      InOrder.pieces((paths.count + perPiece - 1) / perPiece, window: 8) { piece in
        let reader = TranscriptReader()
        return paths[piece * perPiece..<min((piece + 1) * perPiece, paths.count)].map { path in
          (
            path,
            Result { () throws(TranscriptError) in
              let transcript = try reader.read(path: path, followLinks: false)
              if transcript.start == nil, transcript.problems.isEmpty {
                return [
                  transcript.events.isEmpty
                    ? TranscriptError.emptyTranscript(path: path)
                    : TranscriptError.notATranscript(path: path)
                ]
              }
              return transcript.problems
            }
          )
        }
      } emit: { checked in
        for (path, outcome) in checked {
          let lineProblems: [TranscriptError]
          switch outcome {
          case .failure(let error):
            problems += 1
            found.append(["path": path, "reason": error.localizedDescription])
            if !json { console.say(error.localizedDescription, .error) }
            continue
          case .success(let read):
            lineProblems = read
          }
          for problem in lineProblems {
            if case .badLine(_, let line, let reason) = problem {
              found.append(["path": path, "line": line, "reason": reason])
            } else {
              found.append(["path": path, "reason": problem.localizedDescription])
            }
            if !json { console.say(problem.localizedDescription, .error) }
          }
          problems += lineProblems.count
          guard repair, !lineProblems.isEmpty else { continue }
          do {
            let outcome = try TranscriptRepair.repair(path: path)
            let moved = outcome.moved
            repaired.append(["path": path, "moved": moved, "rebuiltStart": outcome.rebuiltStart])
            let lines = moved == 1 ? "line" : "lines"
            if !json, moved > 0 {
              console.say("moved \(moved) \(lines) of '\(path)' to '\(path).quarantine'")
            }
            if !json, outcome.rebuiltStart {
              console.say(
                "gave '\(path)' the session start it had lost, rebuilt from its name and its"
                  + " first event (pack '\(TranscriptRepair.recoveredPack)': it can be read, not"
                  + " resumed)")
            }
          } catch {
            repaired.append(["path": path, "error": error.localizedDescription])
            if !json { console.say(error.localizedDescription, .error) }
          }
        }
      }
      staleCopies(store, &problems, &found, &repaired, console)
      if repair { removeEmpty(paths, &repaired, console) }
      if json {
        console.document(
          JSONOutput.encode(any: [
            "version": JSONOutput.version, "transcripts": paths.count, "clean": problems == 0,
            "problems": found, "repaired": repaired,
          ]))
        if problems > 0 { throw ExitCode.failure }
        return
      }
      let files = "\(paths.count) transcript\(paths.count == 1 ? "" : "s")"
      let count = "\(problems) problem\(problems == 1 ? "" : "s")"
      let note = repair ? " (repaired where possible)" : ""
      console.line(problems == 0 ? "\(files), all clean." : "\(files), \(count)\(note).")
      if problems > 0 { throw ExitCode.failure }
    }

    /// Removes the empty transcripts among `paths` (reported above as not transcripts) that
    /// no reflect is writing: a session the disk refused from its first line holds nothing.
    private func removeEmpty(
      _ paths: [String], _ repaired: inout [[String: Any]], _ console: Console
    ) {
      for path in paths {
        // Looked at under the lock a session holds, so one just starting is left alone.
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { continue }
        defer { close(descriptor) }
        var info = stat()
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0, fstat(descriptor, &info) == 0,
          info.st_mode & S_IFMT == S_IFREG, info.st_size == 0, unlink(path) == 0
        else { continue }
        repaired.append(["path": path, "removed": true])
        if !json { console.say("removed '\(path)': it was empty") }
      }
    }

    /// Reports the temp copies a reflect killed partway left (each a problem), and with
    /// --repair removes them: the file each was a copy of is whole without it.
    private func staleCopies(
      _ store: TranscriptStore, _ problems: inout Int, _ found: inout [[String: Any]],
      _ repaired: inout [[String: Any]], _ console: Console
    ) {
      for path in store.staleCopies() {
        problems += 1
        let reason = "a temp copy left by a reflect that was stopped partway"
        found.append(["path": path, "reason": reason])
        if !json { console.say("\(path): \(reason)", .error) }
        guard repair else { continue }
        if unlink(path) == 0 {
          repaired.append(["path": path, "removed": true])
          if !json { console.say("removed '\(path)'") }
        } else {
          let error = String(cString: strerror(errno))
          repaired.append(["path": path, "error": error])
          if !json { console.say("cannot remove '\(path)': \(error)", .error) }
        }
      }
    }
  }
}
