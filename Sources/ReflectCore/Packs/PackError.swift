import Foundation

/// A problem with a pack file or a pack request.
public enum PackError: Error, Equatable, Sendable {
  /// A mistake in a pack file at a position (1-based line and column).
  case invalid(file: String, line: Int, column: Int, message: String)
  /// A file that could not be read at all.
  case unreadable(file: String, reason: String)
  /// No pack with that id.
  case unknownPack(id: String, available: [String])
  /// Stage ids not in the pack.
  case unknownStages(pack: String, unknown: [String], available: [String])
}

extension PackError: LocalizedError {
  public var errorDescription: String? {
    switch self {
    case .invalid(let file, let line, let column, let message):
      "\(file):\(line):\(column): \(message)"
    case .unreadable(let file, let reason):
      "\(file): \(reason)"
    case .unknownPack(let id, let available):
      "no pack '\(id)'; available: \(available.joined(separator: ", "))"
    case .unknownStages(let pack, let unknown, let available):
      "pack '\(pack)' has no stage \(unknown.map { "'\($0)'" }.joined(separator: ", "));"
        + " its stages: \(available.joined(separator: ", "))"
    }
  }
}

extension PackError {
  /// Where in its file the error is (line, column), for listing several in order.
  var position: (line: Int, column: Int) {
    if case .invalid(_, let line, let column, _) = self { return (line, column) }
    return (0, 0)
  }
}
