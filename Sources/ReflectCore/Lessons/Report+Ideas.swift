import Foundation

extension Report {
  /// The summary's lessons in groups: by meaning when `options` has vectors for them (each
  /// word cluster's first wording read), else the word clusters as they are; with each
  /// group's most central lesson and what the grouping was by.
  static func ideaGroups(_ summary: LessonsSummary, _ options: Options) -> (
    clusters: [LessonsSummary.Cluster], central: [Int], meaning: MeaningUse
  ) {
    let clusters = summary.clusters
    var meaning = MeaningUse(model: options.model)
    let entries = summary.lessons
    /// By words: the wording written most often, the latest of those.
    func byWords() -> [Int] {
      clusters.map { cluster in
        guard cluster.members.count > 2 else { return cluster.members.last ?? 0 }
        // Each wording as written first, then folded once (folding is the slow part: a
        // wording of a large archive is written thousands of times).
        var written: [String: (count: Int, last: Int)] = [:]
        for member in cluster.members {
          let text = entries.text(member)
          let before = written[text] ?? (0, member)
          written[text] = (before.count + 1, max(before.last, member))
        }
        var counts: [String: (count: Int, last: Int)] = [:]
        for (text, tally) in written {
          let key = LessonsSummary.normalised(text)
          let before = counts[key] ?? (0, tally.last)
          counts[key] = (before.count + tally.count, max(before.last, tally.last))
        }
        return counts.values.max { ($0.count, $0.last) < ($1.count, $1.last) }?.last
          ?? cluster.members[0]
      }
    }
    guard let source = options.vectors, options.model != nil, clusters.count > 1 else {
      return (clusters, byWords(), meaning)
    }
    guard clusters.count <= IdeaGrouping.limit else {
      meaning.note =
        "\(clusters.count) distinct lessons: more than \(IdeaGrouping.limit) are grouped by words"
      return (clusters, byWords(), meaning)
    }
    let texts = clusters.map { entries.text($0.members[0]) }
    guard let vectors = source.vectors(texts), vectors.count == texts.count else {
      meaning.note = "the lessons' meaning vectors could not be read"
      return (clusters, byWords(), meaning)
    }
    meaning.recurringMatchedBy = "meaning"
    // As written in the docs (0.55), not as the nearest Float reads in a Double.
    meaning.threshold = Double(String(IdeaGrouping.threshold))
    var merged: [LessonsSummary.Cluster] = []
    var central: [Int] = []
    for group in IdeaGrouping.group(vectors) {
      merged.append(
        LessonsSummary.Cluster(members: group.flatMap { clusters[$0].members }.sorted()))
      // The most central word cluster; of it, its latest wording.
      central.append(clusters[IdeaGrouping.central(group, vectors)].members.last ?? 0)
    }
    return (merged, central, meaning)
  }

  /// One idea of the lessons `members` (in the order written), labelled by `central`.
  static func idea(
    _ members: [Int], central: Int, _ entries: LessonsSummary.Lessons, dates: ReportDates,
    redact: (String) -> String
  ) -> Idea {
    let ordered = members.sorted { (entries.date($0), $0) < (entries.date($1), $1) }
    var wordings: [String] = []
    var seen: Set<String> = []
    var written: Set<String> = []
    var days: [String] = []
    var sessions: Set<Int> = []
    for member in ordered {
      let text = entries.text(member)
      // Folded only the first time it is written so.
      if written.insert(text).inserted, seen.insert(LessonsSummary.normalised(text)).inserted {
        wordings.append(redact(text))
      }
      if sessions.insert(entries.sessionNumber(member)).inserted {
        let day = dates.day(entries.date(member))
        if days.last != day { days.append(day) }
      }
    }
    let (first, last) = (ordered[0], ordered[ordered.count - 1])
    return Idea(
      label: redact(entries.text(central)), latest: redact(entries.text(last)),
      wordings: wordings, sessions: sessions.count, first: dates.date(entries.date(first)),
      last: dates.date(entries.date(last)), dates: days,
      earliest: Wording(text: redact(entries.text(first)), date: dates.date(entries.date(first))),
      newest: Wording(text: redact(entries.text(last)), date: dates.date(entries.date(last))))
  }

  /// The first day of the last quarter of the summary's range, when it spans more than one
  /// day.
  static func lastQuarter(_ summary: LessonsSummary, dates: ReportDates) -> ReportDate? {
    guard let first = summary.first, let last = summary.last, last > first else { return nil }
    let since = dates.date(first.addingTimeInterval(0.75 * last.timeIntervalSince(first)))
    return since.day > dates.day(first) ? since : nil
  }

  /// How my thinking moved: the top ideas' first and latest wordings, and what is new since
  /// `since`.
  static func movement(ideas: [Idea], since: ReportDate, new: [Movement.New]) -> Movement {
    let shifts = ideas.prefix(5).map {
      Movement.Shift(
        label: $0.label, sessions: $0.sessions, earliest: $0.earliest, latest: $0.newest)
    }
    return Movement(since: since, ideas: Array(shifts), new: new)
  }
}
