import Foundation

/// Pieces of work done on every core and handed on in order, a few at a time: a large
/// archive's export (or check) is faster and still never whole in memory.
public enum InOrder {
  /// Makes pieces `0..<count` with `make`, `window` at once on every core, and hands each to
  /// `emit` in order.
  public static func pieces<Piece: Sendable>(
    _ count: Int, window: Int = 4, make: @Sendable (Int) -> Piece, emit: (Piece) throws -> Void
  ) rethrows {
    var first = 0
    while first < count {
      let made = Slots<Piece>(count: min(window, count - first))
      let start = first
      DispatchQueue.concurrentPerform(iterations: made.values.count) { offset in
        made.set(offset, make(start + offset))
      }
      for piece in made.values {
        if let piece { try emit(piece) }
      }
      first += made.values.count
    }
  }
}

/// Values filled in from several threads, each slot once.
final class Slots<Value: Sendable>: @unchecked Sendable {
  private(set) var values: [Value?]
  private let lock = NSLock()

  init(count: Int) { values = Array(repeating: nil, count: count) }

  func set(_ index: Int, _ value: Value) {
    lock.withLock { values[index] = value }
  }

  /// The value of `index`, no longer kept here.
  func take(_ index: Int) -> Value? {
    lock.withLock {
      defer { values[index] = nil }
      return values[index]
    }
  }
}
