import ArgumentParser
import Foundation
import ReflectCore
import ReflectTerminal

extension Reflect {
  struct Session: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Hold a reflection session (the default command).",
      discussion: """
        The coach asks a pack's questions stage by stage; every answer is on disk before the \
        next question appears. On a terminal you get line editing, Tab completion of \
        /commands and Ctrl-R search; with piped input each line is one answer.
        """)

    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var packOptions: PackOptions

    @Option(
      name: .long, help: "The pack to use ('reflect prompts list' shows them).",
      completion: .custom(DataCompletion.packs))
    var pack: String?

    @Option(
      name: .long,
      help: ArgumentHelp(
        "Only these stages, comma-separated (e.g. trust,lessons).", valueName: "ids"),
      completion: .custom(DataCompletion.stages))
    var stages: String?

    @Option(name: .long, help: "Follow-ups allowed per question (default: the pack's, usually 2).")
    var maxFollowUps: Int?

    @Flag(
      name: .long, help: "Ask the pack's questions only: no follow-ups, summaries or proposals.")
    var questionsOnly = false

    @Option(
      name: .long,
      help: ArgumentHelp(
        "What the session is about, shown by 'list' (on a terminal the coach asks when not"
          + " given).", valueName: "subject"))
    var about: String?

    @Option(
      name: .customLong("tag"),
      help: ArgumentHelp(
        "Tag the session (repeatable): letters, digits, _, - and / to nest, like school/governors.",
        valueName: "tag"))
    var tags: [String] = []

    @Option(
      name: .long,
      help: ArgumentHelp(
        "The day the reflection was held, to record one held on paper or earlier: YYYY-MM-DD,"
          + " today, yesterday or 3d (days ago); at noon unless --at says when.",
        valueName: "day"))
    var date: String?

    @Option(
      name: .long,
      help: ArgumentHelp(
        "The time it was held: HH:MM (on --date's day, else today), or 'YYYY-MM-DD HH:MM'.",
        valueName: "time"))
    var at: String?

    @Option(
      name: .long,
      help: ArgumentHelp(
        "Continue a paused or interrupted session (an id or 'latest').", valueName: "id"),
      completion: .custom(DataCompletion.sessions))
    var resume: String?

    @Option(
      name: .long,
      help: ArgumentHelp(
        "Fix the seed that varies the coach's wording, for scripted sessions.",
        visibility: .hidden))
    var seed: UInt64?

    func validate() throws {
      for tag in tags {
        do { _ = try Tags.checked(tag) } catch { throw ValidationError(error.localizedDescription) }
      }
      if resume != nil, about != nil || !tags.isEmpty {
        throw ValidationError(
          "--about and --tag start a new session; 'reflect retag' changes an earlier one")
      }
      if let maxFollowUps, !(0...5).contains(maxFollowUps) {
        throw ValidationError("--max-follow-ups takes a whole number from 0 to 5")
      }
      if resume != nil, date != nil || at != nil {
        throw ValidationError(
          "--date and --at date a new session; a resumed one keeps the date it has")
      }
      _ = try held()
    }

    /// When the session was held, from `--date` and `--at` (`nil`: now), in the local zone;
    /// a usage error when they do not name a moment, or name one after `now`.
    func held(now: Date = Date(), calendar: Calendar = .current) throws -> Date? {
      guard date != nil || at != nil else { return nil }
      var day = date
      var clock = at?.trimmingCharacters(in: .whitespaces)
      // `--at "2026-03-01 21:30"` (or with a T): the day and the time in one.
      if let given = clock, let split = given.lastIndex(where: { $0 == " " || $0 == "T" }) {
        guard day == nil else {
          throw ValidationError("--at '\(given)' names a day and so does --date: give the day once")
        }
        day = String(given[..<split]).trimmingCharacters(in: .whitespaces)
        clock = String(given[given.index(after: split)...])
      }
      let start: Date
      if let day {
        guard let parsed = SessionFilter.day(day, now: now, calendar: calendar) else {
          throw ValidationError(
            "'\(day)' is not a day; use YYYY-MM-DD, today, yesterday, or a number of days ago"
              + " (3d)")
        }
        start = parsed
      } else {
        start = calendar.startOfDay(for: now)
      }
      var moment: Date
      if let clock {
        let parts = clock.split(separator: ":", omittingEmptySubsequences: false).map {
          Int($0)
        }
        guard (2...3).contains(parts.count), clock.count <= 8,
          let hour = parts[0], let minute = parts[1], (0...23).contains(hour),
          (0...59).contains(minute), parts.count == 2 || (0...59).contains(parts[2] ?? -1)
        else {
          throw ValidationError(
            "--at '\(at ?? clock)' is not a time; use HH:MM (21:30), or 'YYYY-MM-DD HH:MM'")
        }
        var components = calendar.dateComponents([.year, .month, .day], from: start)
        (components.hour, components.minute, components.second) = (
          hour, minute, parts.count == 3 ? parts[2] : 0
        )
        guard let found = calendar.date(from: components) else {
          throw ValidationError("--at '\(at ?? clock)' is not a time on that day")
        }
        moment = found
      } else {
        // A day alone is held at noon (or now, today before noon): the day stays the same in
        // the zones next to this one.
        moment = calendar.date(byAdding: .hour, value: 12, to: start) ?? start
        if calendar.isDate(start, inSameDayAs: now), moment > now { moment = now }
      }
      guard moment <= now else {
        throw ValidationError(
          "\(DisplayDate.minute(moment)) is in the future: --date and --at record a reflection"
            + " already held")
      }
      return moment
    }

    /// Transcripts larger than this are not read for open commitments.
    static let largestReviewed = 16 * 1024 * 1024

    /// Open commitments from the last 180 days of sessions.
    ///
    /// Only those files are read (their
    /// ids carry the date), so starting a session stays quick however large the archive.
    private func recentOpenCommitments(store: TranscriptStore, console: Console) -> [OpenCommitment]
    {
      let since = Date().addingTimeInterval(-180 * 86_400)
      var recent: [Transcript] = []
      let include: (String) -> Bool = { name in
        let path = store.directory + "/" + name
        guard (SessionID(path: path)?.date).map({ $0 >= since }) ?? false else { return false }
        // A session is kilobytes; one of many megabytes is not read before the first question.
        var status = stat()
        guard stat(path, &status) == 0, status.st_size <= Self.largestReviewed else {
          console.warn("'\(path)' is too large to look for open commitments in; skipped")
          return false
        }
        return true
      }
      Archive(store: store, console: console).each(where: include) { recent.append($0.revised) }
      recent.sort {
        ($0.start?.date ?? .distantPast, $0.path) < ($1.start?.date ?? .distantPast, $1.path)
      }
      return OpenCommitments.find(in: recent)
    }

    func run() throws {
      let console = Console()
      let store = homeOptions.store
      let loop = SessionLoop(console: console)
      if let resume {
        let (transcript, start) = try Archive(store: store, console: console).open(resume)
        guard store.holds(transcript.path) else {
          throw TranscriptError.outsideHome(path: transcript.path, home: store.directory)
        }
        guard start.pack != ImportedEntry.pack else {
          console.line("That session was imported, not coached; 'reflect show' shows it.")
          return
        }
        let (pack, rules) = try CommandContext.restore(
          start, packOptions: packOptions, console: console)
        try loop.resume(
          path: transcript.path, transcript: transcript, pack: pack, rules: rules, store: store)
        Meaning.keepUp(store, console, hint: false)
        return
      }
      let library = packOptions.library(console: console)
      let rules = try CoachRules.builtIn()
      let environment = CommandContext.environment
      // Flag, else REFLECT_* (which the settings file fills in when unset), else default.
      var chosen = try library.pack(
        pack ?? environment["REFLECT_PACK"].flatMap { $0.isEmpty ? nil : $0 }
          ?? PackLibrary.defaultPackID)
      let questionsOnly = questionsOnly || environment["REFLECT_QUESTIONS_ONLY"] == "true"
      let maxFollowUps =
        maxFollowUps
        ?? environment["REFLECT_MAX_FOLLOW_UPS"].flatMap(Int.init).map {
          min(5, max(0, $0))
        }
      if let stages {
        chosen = try chosen.restricted(
          to: stages.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
      }
      let open = questionsOnly ? [] : recentOpenCommitments(store: store, console: console)
      try loop.run(
        store: store, pack: chosen, rules: rules, maxFollowUps: maxFollowUps,
        coaching: !questionsOnly, openCommitments: open, seed: seed, held: try held(),
        about: about,
        tags: try tags.map { try Tags.checked($0) }.reduce(into: []) { list, tag in
          if !list.contains(tag) { list.append(tag) }
        })
      Meaning.keepUp(store, console, hint: false)
    }
  }
}
