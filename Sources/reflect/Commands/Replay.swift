import ArgumentParser
import Foundation
import ReflectCore
import ReflectTerminal

extension Reflect {
  struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show a past session: the coach's lines and your answers.")

    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var packOptions: PackOptions

    @Argument(
      help: "A session id, 'latest', or the path of a transcript file.",
      completion: .custom(DataCompletion.sessions))
    var session: String

    @Flag(
      name: .long,
      help: "Feed the stored answers through today's coach and show where it would differ.")
    var rerun = false

    @Flag(
      name: .long,
      help: "Replay with the original pauses (capped at 3 s; any key skips one, Ctrl-C all).")
    var pace = false

    @Option(name: .long, help: "With --pace, play this many times faster (e.g. 2).")
    var speed: Double = 1

    func validate() throws {
      guard speed > 0, speed.isFinite else {
        throw ValidationError("--speed must be a positive number")
      }
    }

    func run() throws {
      let console = Console()
      let (transcript, start) = try Archive(store: homeOptions.store, console: console).open(
        session)
      guard rerun else {
        guard pace else {
          TranscriptView(console: console).show(transcript)
          return
        }
        let waiter = KeyWait()
        defer { waiter.restore() }
        var skipping = false
        TranscriptView(console: console).show(transcript) { gap in
          guard !skipping else { return }
          if waiter.wait(min(max(gap, 0) / speed, 3)) == .interrupt { skipping = true }
        }
        return
      }
      guard start.pack != ImportedEntry.pack else {
        console.line("\(start.id) was imported, not coached: it has no coach lines to rerun.")
        return
      }
      let (pack, rules) = try CommandContext.restore(
        start, packOptions: packOptions, console: console)
      let stored = transcript.events.compactMap { event -> CoachMessage? in
        if case .coach(let message) = event { message } else { nil }
      }
      let rerun = Rerun.replay(
        transcript, pack: pack, rules: rules, embedder: Meaning.Lazy()
      ).coach
      let differences = CoachDiff.lines(stored: stored.map(\.text), rerun: rerun.map(\.text))
      if differences.isEmpty {
        console.line(
          "Rerun matches: all \(stored.count) coach lines are the same with today's rules.")
        return
      }
      console.line("Rerun differs from the stored session (- stored, + today's rules):")
      for line in differences {
        console.line(
          console.styled(
            line, line.hasPrefix("+") ? .person : line.hasPrefix("-") ? .warning : .dim))
      }
      throw ExitCode(1)
    }
  }
}
