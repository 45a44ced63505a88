import Foundation
import ReflectCore
import ReflectTerminal

extension Archive {
  /// The archive of `store` as reflect's settings read it, its notices on `console`'s
  /// stderr (progress lines only on a terminal).
  init(store: TranscriptStore, console: Console) {
    let environment = CommandContext.environment
    self.init(
      store: store,
      settings: Settings(
        useIndex: environment["REFLECT_NO_INDEX"] != "1",
        answersKept: environment["REFLECT_ANSWERS_KEPT"].flatMap(Int.init) ?? 50_000,
        weekStartsOnSunday: environment["REFLECT_WEEK_START"] == "sunday"),
      notices: Notices(
        warn: { console.warn($0) },
        progress: { ProgressLine(console: console, label: $0).update }))
  }
}

/// A progress line on stderr for work that takes more than a second: count, rate and time
/// left, rewritten in place on a terminal; nothing when stderr is not one.
final class ProgressLine {
  private let console: Console
  private let label: String
  private let started = Date()
  private var shown = false
  /// Seconds of work before the line appears (`REFLECT_PROGRESS_AFTER`, default 1).
  private let delay: Double

  init(console: Console, label: String) {
    self.console = console
    self.label = label
    delay = CommandContext.environment["REFLECT_PROGRESS_AFTER"].flatMap(Double.init) ?? 1
  }

  /// Notes that `done` of `total` are done.
  func update(_ done: Int, _ total: Int) {
    guard console.errorsAreTerminal else { return }
    let elapsed = Date().timeIntervalSince(started)
    let finished = done >= total
    guard shown || elapsed >= delay else { return }
    shown = true
    let rate = elapsed > 0 ? Double(done) / elapsed : 0
    var text = "\(label): \(done)/\(total)"
    if rate > 0 { text += ", \(Int(rate.rounded())) a second" }
    if !finished, rate > 0 {
      text += ", about \(Int((Double(total - done) / rate).rounded(.up))) s left"
    }
    console.progress(text + (finished ? "" : "   "), finished: finished)
  }
}

/// Dates as people read them, in the local time zone.
enum DisplayDate {
  /// `2026-11-29 07:12`.
  static func minute(_ date: Date) -> String { minuteFormatter.string(from: date) }

  /// Made once: a formatter costs far more to make than to use (a command runs on one
  /// thread).
  private static let minuteFormatter: DateFormatter = {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    return formatter
  }()
}

/// Pretty, sorted JSON for command output.
enum JSONOutput {
  /// The version of the JSON shapes of `show`, `verify`, `stats` and `prompts show`
  /// (README, "JSON output").
  static let version = 1

  /// A JSON object built from plain values (dictionaries, arrays, strings, numbers).
  static func encode(any value: Any) -> String {
    guard
      let data = try? JSONSerialization.data(
        withJSONObject: value, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]),
      let text = String(data: data, encoding: .utf8)
    else { return "{}\n" }
    return text + "\n"
  }

  /// A JSON list written a few hundred elements at a time, as ``encode(_:)`` writes it
  /// whole.
  struct List {
    private var started = false

    /// Writes `items` to `emit`, after those added before.
    mutating func add(_ items: [some Encodable], _ emit: (String) -> Void) {
      guard !items.isEmpty else { return }
      let text = JSONOutput.encode(items)
      // "[\n  …\n]\n": the elements without the brackets, the next after a comma.
      let inner = text.dropFirst(2).dropLast(3)
      emit((started ? ",\n" : "[\n") + inner)
      started = true
    }

    /// Ends the list (an empty list when nothing was added).
    func finish(_ emit: (String) -> Void) {
      emit(started ? "\n]\n" : JSONOutput.encode([String]()))
    }
  }

  static func encode(_ value: some Encodable) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .custom { date, encoder in
      var container = encoder.singleValueContainer()
      try container.encode(Timestamp.format(date))
    }
    guard let data = try? encoder.encode(value), let text = String(data: data, encoding: .utf8)
    else { return "[]\n" }
    return text + "\n"
  }
}
