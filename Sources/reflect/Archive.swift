import Foundation
import ReflectCore
import ReflectTerminal

/// Reads every transcript in a store, reporting damage on stderr and carrying on.
struct Archive {
  let store: TranscriptStore
  let console: Console

  /// Every readable transcript, oldest first; problems are warned about, not fatal.
  func transcripts(where include: (String) -> Bool = { _ in true }) -> [Transcript] {
    var result: [Transcript] = []
    each(where: include) { result.append($0) }
    // Ids have one-second resolution: order by the recorded start time, then id.
    return result.sorted {
      ($0.start?.time ?? .distantPast, $0.path) < ($1.start?.time ?? .distantPast, $1.path)
    }
  }

  /// Calls `body` with each readable transcript in file (id) order, one at a time.
  ///
  /// Memory does not grow with the archive. `progress` gets (done, total) after each file.
  /// `include` sees each file's path first, so files can be passed over without reading them.
  func each(
    where include: (String) -> Bool = { _ in true }, progress: ((Int, Int) -> Void)? = nil,
    _ body: (Transcript) -> Void
  ) {
    let (all, warnings) = store.files()
    let paths = all.filter(include)
    for warning in warnings { console.warn(warning) }
    let reader = TranscriptReader()
    for (index, path) in paths.enumerated() {
      do {
        let transcript = try reader.read(path: path, followLinks: false)
        report(transcript)
        body(transcript)
      } catch {
        console.warn(error.localizedDescription)
      }
      progress?(index + 1, paths.count)
    }
  }

  /// The transcript a person named (an id, `latest` or a path), with its start; bad lines
  /// are warned about.
  func open(_ reference: String) throws -> (transcript: Transcript, start: SessionStart) {
    let path = try store.resolve(reference)
    let transcript = try TranscriptReader().read(path: path, followLinks: false)
    let start = try transcript.requireStart()
    report(transcript)
    return (transcript, start)
  }

  /// Warns about each bad line of `transcript`.
  func report(_ transcript: Transcript) {
    for problem in transcript.problems { console.warn(problem.localizedDescription) }
  }
}

/// Dates as people read them, in the local time zone.
enum DisplayDate {
  /// `2026-11-29 07:12`.
  static func minute(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    return formatter.string(from: date)
  }
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
