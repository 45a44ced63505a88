import ArgumentParser
import Foundation
import ReflectCore
import ReflectTerminal

extension Reflect {
  struct TagList: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "tags", abstract: "The tags in use, with how many sessions carry each.")

    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var filterOptions: FilterOptions

    @Flag(name: .long, help: "Print a JSON array of {tag, sessions}.")
    var json = false

    func run() throws {
      let console = Console()
      let archive = Archive(store: homeOptions.store, console: console)
      let filter = try filterOptions.filter()
      var counts: [String: Int] = [:]
      try archive.reading { index in
        counts = [:]
        for entry in try archive.sessions(index, filter) {
          for tag in entry.overview?.tags ?? [] { counts[tag, default: 0] += 1 }
        }
      }
      // Most used first; ties by name.
      let sorted = counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
      if json {
        console.document(
          JSONOutput.encode(
            any: sorted.map { ["tag": $0.key, "sessions": $0.value] as [String: Any] })
        )
        return
      }
      guard !sorted.isEmpty else {
        console.line(
          "No tags yet. Add them with 'reflect session --tag x', /tag in a session, or 'reflect retag'."
        )
        return
      }
      let width = sorted.map { $0.key.count + 1 }.max() ?? 0
      for (tag, count) in sorted {
        console.line(
          console.styled(
            ("#" + tag).padding(toLength: width, withPad: " ", startingAt: 0), .heading)
            + "  \(count) session" + (count == 1 ? "" : "s"))
      }
    }
  }

  struct Retag: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Change a session's tags or subject (added to its transcript as new lines).")

    @OptionGroup var homeOptions: HomeOptions

    @Argument(
      help: "A session id or 'latest'.", completion: .custom(DataCompletion.sessions))
    var session: String

    @Option(name: .long, help: ArgumentHelp("Add this tag (repeatable).", valueName: "tag"))
    var add: [String] = []

    @Option(name: .long, help: ArgumentHelp("Remove this tag (repeatable).", valueName: "tag"))
    var remove: [String] = []

    @Option(name: .long, help: ArgumentHelp("A new subject.", valueName: "subject"))
    var about: String?

    func validate() throws {
      guard !add.isEmpty || !remove.isEmpty || about != nil else {
        throw ValidationError("say what to change: --add TAG, --remove TAG or --about TEXT")
      }
      for tag in add + remove {
        do { _ = try Tags.checked(tag) } catch { throw ValidationError(error.localizedDescription) }
      }
    }

    func run() throws {
      let console = Console()
      let store = homeOptions.store
      let (transcript, start) = try Archive(store: store, console: console).open(session)
      guard store.holds(transcript.path) else {
        throw TranscriptError.outsideHome(path: transcript.path, home: store.directory)
      }
      // Held like a running session holds it: refused while one is writing the file.
      let writer = try TranscriptWriter.reopen(at: transcript.path)
      var tags = transcript.tags
      let time = Date()
      let stage = ""
      if let about {
        let subject = about.trimmingCharacters(in: .whitespacesAndNewlines)
        try writer.append(.command(Command(name: .about, stage: stage, text: subject, time: time)))
      }
      for tag in try add.map({ try Tags.checked($0) }) where !tags.contains(tag) {
        try writer.append(.command(Command(name: .tag, stage: stage, text: tag, time: time)))
        tags.append(tag)
      }
      for tag in try remove.map({ try Tags.checked($0) }) {
        guard tags.contains(tag) else {
          console.line("\(start.id) has no tag '\(tag)'; nothing to remove.")
          continue
        }
        try writer.append(.command(Command(name: .untag, stage: stage, text: tag, time: time)))
        tags.removeAll { $0 == tag }
      }
      console.line(
        console.styled(start.id.rawValue, .heading) + ": "
          + (tags.isEmpty ? "no tags" : tags.map { "#" + $0 }.joined(separator: " ")))
    }
  }
}
