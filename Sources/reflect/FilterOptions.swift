import ArgumentParser
import Foundation
import ReflectCore

/// `--since`, `--until`, `--pack`, `--stage`: which sessions to look at.
struct FilterOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "Sessions from this day on: YYYY-MM-DD, today, yesterday, 7d, 4w, 3m, 'last week',"
        + " 'last month'.", valueName: "day"))
  var since: String?

  @Option(
    name: .long, help: ArgumentHelp("Sessions up to and including this day.", valueName: "day"))
  var until: String?

  @Option(
    name: .customLong("pack"), help: "Only sessions of this pack.",
    completion: .custom(DataCompletion.packs))
  var packFilter: String?

  @Option(
    name: .long, help: "Only sessions with answers or lessons in this stage.",
    completion: .custom(DataCompletion.stages))
  var stage: String?

  @Option(
    name: .customLong("tag"),
    help: ArgumentHelp(
      "Only sessions with this tag or one nested under it (repeat: every tag).",
      valueName: "tag"))
  var tags: [String] = []

  /// Checked while parsing, so a bad day gets the command's own usage.
  func validate() throws { _ = try filter() }

  func filter(now: Date = Date()) throws -> SessionFilter {
    func day(_ text: String?, _ flag: String) throws -> Date? {
      guard let text else { return nil }
      guard let date = SessionFilter.day(text, now: now) else {
        throw ValidationError(
          "\(flag) '\(text)' is not a day; use YYYY-MM-DD, today, yesterday, 'last week',"
            + " 'last month', or a number of days, weeks or months ago (7d, 4w, 3m)")
      }
      return date
    }
    let until = try day(until, "--until").flatMap {
      Calendar.current.date(byAdding: .day, value: 1, to: $0)
    }
    return SessionFilter(
      since: try day(since, "--since"), until: until, pack: packFilter, stage: stage,
      tags: try tags.map { raw in
        do { return try Tags.checked(raw) } catch {
          throw ValidationError(error.localizedDescription)
        }
      })
  }
}
