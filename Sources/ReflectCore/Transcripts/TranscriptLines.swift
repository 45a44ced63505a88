import Foundation

/// What is wrong with one line of a transcript.
public enum LineProblem: Sendable, Equatable {
  /// The last line has no newline: a write was interrupted.
  case torn
  /// Nothing but spaces.
  case empty
  /// Not a valid event (the decoder's reason).
  case invalid(String)
  /// A `start` after the first line.
  case secondStart
  /// The first event is not a `start`.
  case firstNotStart
  /// The file was written by a newer reflect (its schema).
  case newerSchema(Int)

  /// As said in messages.
  public var reason: String {
    switch self {
    case .torn: "unterminated last line (an interrupted write); ignored"
    case .empty: "empty line"
    case .invalid(let reason): reason
    case .secondStart: "a second session start"
    case .firstNotStart: "the first event is not a session start"
    case .newerSchema(let schema): "written by a newer reflect (schema \(schema))"
    }
  }

  /// Whether `verify --repair` moves the line aside.
  ///
  /// The first-event problem is not moved (the line is the session's): repair moves the
  /// lines before a late start aside, or rebuilds a lost start (``TranscriptRepair``). A
  /// newer file is never touched.
  public var isRepairable: Bool {
    switch self {
    case .torn, .empty, .invalid, .secondStart: true
    case .firstNotStart, .newerSchema: false
    }
  }
}

/// The one line splitter and classifier of transcripts: the reader, `verify` and
/// `verify --repair` all see a file through it, so they never disagree.
public enum TranscriptLines {
  /// One line: its bytes (newline included), number, the event read from it, the problem.
  public struct Line: Sendable {
    public var number: Int
    public var bytes: Range<Int>
    public var event: TranscriptEvent?
    public var problem: LineProblem?
  }

  /// Every line of `data`, classified.
  ///
  /// After a newer schema's start line nothing more is read: this build cannot know what
  /// the rest means.
  public static func classify(_ data: Data, codec: TranscriptCodec = TranscriptCodec()) -> [Line] {
    // Plain pointer work on the bytes where they are (a `Data` walked byte by byte pays for
    // bounds and exclusivity checks at every byte).
    let base = data.startIndex
    return data.withUnsafeBytes { raw in
      let buffer = raw.bindMemory(to: UInt8.self)
      guard let start = buffer.baseAddress else { return [] }
      return classify(buffer, start: start, base: base, codec: codec)
    }
  }

  private static func classify(
    _ buffer: UnsafeBufferPointer<UInt8>, start first: UnsafePointer<UInt8>, base: Int,
    codec: TranscriptCodec
  ) -> [Line] {
    var result: [Line] = []
    var sawEvent = false
    var lineStart = 0
    var number = 0
    while lineStart < buffer.count {
      number += 1
      guard
        let found = memchr(first + lineStart, 0x0A, buffer.count - lineStart)
      else {
        result.append(
          Line(number: number, bytes: (base + lineStart)..<(base + buffer.count), problem: .torn))
        break
      }
      let newline = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - first
      let bytes = (base + lineStart)..<(base + newline + 1)
      var start = lineStart
      var end = newline
      lineStart = newline + 1
      if number == 1, end - start >= 3, buffer[start] == 0xEF, buffer[start + 1] == 0xBB,
        buffer[start + 2] == 0xBF
      {
        start += 3
      }
      if end > start, buffer[end - 1] == 0x0D { end -= 1 }
      if buffer[start..<end].allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
        result.append(Line(number: number, bytes: bytes, problem: .empty))
        continue
      }
      do {
        let event = try codec.decode(
          UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[start..<end])))
        if case .start = event, sawEvent {
          result.append(Line(number: number, bytes: bytes, problem: .secondStart))
          continue
        }
        var problem: LineProblem?
        if !sawEvent, !event.isStart { problem = .firstNotStart }
        sawEvent = true
        result.append(Line(number: number, bytes: bytes, event: event, problem: problem))
      } catch {
        if let schema = error.newerSchema {
          result.append(Line(number: number, bytes: bytes, problem: .newerSchema(schema)))
          if !sawEvent { break }
          continue
        }
        result.append(Line(number: number, bytes: bytes, problem: .invalid(error.reason)))
      }
    }
    return result
  }
}

extension TranscriptEvent {
  /// Whether this is a session start.
  public var isStart: Bool {
    if case .start = self { return true }
    return false
  }
}
