import Foundation

/// Chooses lines so that none is said twice: rule replies in turn from a seeded start.
struct LinePolicy: Sendable, Equatable {
  private(set) var said: Set<String> = []
  private var cursors: [String: Int] = [:]

  /// The first of `options` not said yet (or the first, when `repeatable` and all were).
  mutating func first(of options: [String], repeatable: Bool) -> String? {
    guard
      let line = options.first(where: { !said.contains($0) }) ?? (repeatable ? options.first : nil)
    else { return nil }
    said.insert(line)
    return line
  }

  /// The next of `lines` for `key` that passes `accept` and has not been said, taken in
  /// turn from a start that the seed picks; marks it said.
  mutating func next(
    _ lines: [String], key: String, seed: UInt64, accept: (String) -> Bool = { _ in true }
  ) -> String? {
    guard !lines.isEmpty else { return nil }
    let start = cursors[key] ?? Int(Self.mix(seed, key) % UInt64(lines.count))
    for offset in 0..<lines.count {
      let index = (start + offset) % lines.count
      if !said.contains(lines[index]), accept(lines[index]) {
        cursors[key] = index + 1
        said.insert(lines[index])
        return lines[index]
      }
    }
    return nil
  }

  /// Whether `line` was said.
  func hasSaid(_ line: String) -> Bool { said.contains(line) }

  /// A stable hash of the seed and a key (FNV-1a), so reply order varies by session only.
  static func mix(_ seed: UInt64, _ key: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
    for byte in key.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    return hash
  }
}
