import Foundation

extension Archive {
  /// Which sessions a report is of, and how it is laid out.
  public struct ReportRequest {
    /// The sessions it is of.
    public var filter: SessionFilter
    /// Only the session with this id, when set.
    public var session: String?
    /// The packs whose stages and questions name the report's themes and questions.
    public var packs: [Pack]
    /// How it is laid out; its ``Report/Options/filters`` and
    /// ``Report/Options/answers`` are set by the archive.
    public var options: Report.Options
    /// Names (the settings' `redact.txt`) for pseudonyms besides those found, when the
    /// report is redacted; `nil` for a report not redacted.
    public var redactList: String?
    /// Whether the answers lessons echo are kept (the report is rendered; `stats` without
    /// `--json` shows none).
    public var keepAnswers: Bool
    /// The sentence model's name and where lessons' vectors are read, asked for once the
    /// sessions are read (the model is loaded after the index's work, not alongside it);
    /// `(nil, nil)` for words only.
    public var meaning: () -> (model: String?, vectors: (any LessonVectorSource)?)
    /// Whether the memory the report held is given back to the system once it is let go, for
    /// work that follows it (the notes export writes its notes after); an export that ends
    /// with the report need not.
    public var givesMemoryBack = false

    /// A request for the report of the sessions `filter` passes.
    public init(
      filter: SessionFilter = SessionFilter(), session: String? = nil, packs: [Pack],
      options: Report.Options = Report.Options(), redactList: String? = nil,
      keepAnswers: Bool = true,
      meaning: @escaping () -> (model: String?, vectors: (any LessonVectorSource)?) = { (nil, nil) }
    ) {
      self.filter = filter
      self.session = session
      self.packs = packs
      self.options = options
      self.redactList = redactList
      self.keepAnswers = keepAnswers
      self.meaning = meaning
    }
  }

  /// Counts of the chosen sessions beside the report (`stats`).
  /// (Worked out when asked: an export needs neither.)
  public struct SessionCounts: Sendable {
    let summary: LessonsSummary

    /// Sessions per month (`yyyy-MM`), oldest first, months with none included.
    public var perMonth: [(month: String, count: Int)] { summary.sessionsPerMonth }

    /// Weeks in a row, ending this week or last, with at least one session.
    public func streakWeeks(now: Date) -> Int { summary.weekStreak(now: now) }
  }

  /// The titles of the stages of `packs` (the first pack to name a stage wins), imported
  /// entries' stage included.
  public static func stageTitles(_ packs: [Pack]) -> [String: String] {
    var titles: [String: String] = [:]
    for pack in packs {
      for stage in pack.stages where titles[stage.id] == nil { titles[stage.id] = stage.title }
    }
    if titles[ImportedEntry.stage] == nil { titles[ImportedEntry.stage] = ImportedEntry.stageTitle }
    return titles
  }

  /// `use` with the lessons report of the sessions `request` chooses (the one model every
  /// format renders) and their counts; the report is let go before this returns (and the
  /// memory it held given back, when ``ReportRequest/givesMemoryBack``).
  ///
  /// Every transcript's problems are warned about. The filter runs in the index; a
  /// commitment's standing is read from every session (one made in a session the filter
  /// keeps may be reviewed in one it leaves out); the header states every filter.
  public func report<T>(
    _ request: ReportRequest, _ use: (Report, SessionCounts) throws -> T
  ) throws -> T {
    let result: T
    do {
      let (summary, answers) = try summary(request)
      var options = request.options
      options.answers = answers
      (options.model, options.vectors) = request.meaning()
      options.filters =
        (request.session.map { [Report.Filter(name: "session", value: $0)] } ?? [])
        + request.filter.described().map { Report.Filter(name: $0.name, value: $0.value) }
      if let list = request.redactList {
        options.redactor = Self.redactor(for: summary, list: list, answers: answers)
      }
      result = try use(Report(summary, options: options), SessionCounts(summary: summary))
    }
    if request.givesMemoryBack { Memory.giveBack() }
    return result
  }

  /// A redactor that has learned every name in `summary`, in document order (the answers
  /// from `answers` when the summary keeps none).
  static func redactor(
    for summary: LessonsSummary, list: String, answers: (any LessonAnswerSource)?
  ) -> Redactor {
    var redactor = Redactor(list: list)
    summary.eachLesson(answers: answers) { text, answer in
      redactor.learn(text)
      if let answer { redactor.learn(answer) }
    }
    for item in summary.reviewedCommitments {
      redactor.learn(item.text)
      if let outcome = item.outcome { redactor.learn(outcome) }
    }
    return redactor
  }

  /// The chosen sessions read into a summary, with where the answers its lessons echo are
  /// read from as a report is written (`nil`: the summary keeps them; only when kept at all,
  /// and for an archive of moderate size).
  private func summary(_ request: ReportRequest) throws -> (
    LessonsSummary, (any LessonAnswerSource)?
  ) {
    let filter = request.filter
    let session = request.session
    var titles: [String: String] = [:]
    var questions: [String: String] = [:]
    for pack in request.packs {
      for stage in pack.stages {
        if titles[stage.id] == nil { titles[stage.id] = stage.title }
        for question in stage.questions where questions[question.id] == nil {
          questions[question.id] = question.text
        }
      }
    }
    if titles[ImportedEntry.stage] == nil { titles[ImportedEntry.stage] = ImportedEntry.stageTitle }
    let template = LessonsSummary(
      stageTitles: titles, questionTexts: questions,
      weekStartsOnSunday: settings.weekStartsOnSunday)
    return try reading { index in
      var summary = template
      try warnProblems(index)
      let chosen = try index.reportSessions(filter, id: session)
      let lessons = chosen.reduce(0) { $0 + $1.lessons }
      summary.reserve(sessions: chosen.count, lessons: lessons)
      // The answers lessons echo are kept as the digests are read, up to this many lessons
      // (about 20,000 sessions, 15 MB of answers); beyond, they are read back from the
      // index as the report is written (at 100,000 sessions they are about 150 MB).
      let kept = request.keepAnswers && lessons <= settings.answersKept
      let progress = notices.progress("reading sessions")
      // Every session: the index keeps each stage's best key phrases (and their tally, to
      // which new sessions add theirs), read before the digests.
      let everything = session == nil && filter.isEmpty
      if everything {
        summary.settle(
          phrases: try index.keyPhrases(
            chosen, best: LessonsSummary.phrasesConsidered, progress: progress))
        // Working out missing digests on every core leaves memory with the allocator.
        Memory.giveBack()
      }
      try index.digests(chosen, phrases: !everything, answers: kept, progress: progress) {
        digests in
        for digest in digests { summary.add(digest) }
      }
      // Decoding the digests freed as much as the summary keeps: given back before the
      // report is built on top.
      Memory.giveBack()
      if !everything {
        summary.settlePhrases()
        // A commitment's standing is read from every session: one made in a session the
        // filter keeps may be reviewed in one it leaves out.
        try index.digests(
          try index.sessions(besides: chosen), phrases: false, answers: false
        ) { digests in
          for digest in digests { summary.addReviews(digest) }
        }
      }
      return (summary, kept ? nil : IndexAnswers(index: index))
    }
  }

  /// The answers lessons echo, read back from the index a few hundred sessions at a time
  /// (the index stays open while the report is written).
  final class IndexAnswers: LessonAnswerSource, @unchecked Sendable {
    let index: ArchiveIndex
    let lock = NSLock()

    init(index: ArchiveIndex) { self.index = index }

    func answers(_ files: [Int]) -> [[String?]?] {
      // A file gone or damaged since reads as having none: its lessons show without one.
      // Only the bytes are read under the lock: both cores decode at once.
      let stored = lock.withLock { try? index.storedDigests(files) }
      return stored?.map { $0.flatMap(ArchiveIndex.lessonAnswers(inDigest:)) }
        ?? files.map { _ in nil }
    }
  }
}
