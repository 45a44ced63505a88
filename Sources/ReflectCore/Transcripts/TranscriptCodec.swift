import Foundation

/// Encodes events as JSON lines and decodes them back.
///
/// Encoding is deterministic (sorted keys, millisecond UTC timestamps) so the same
/// conversation always gives the same bytes.
public struct TranscriptCodec: Sendable {
  /// Creates a codec.
  public init() {}

  /// One event as a line of JSON, ending in a newline.
  public func encode(_ event: TranscriptEvent) -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .custom { date, encoder in
      var container = encoder.singleValueContainer()
      try container.encode(Timestamp.format(date))
    }
    // Encoding plain structs of strings and numbers cannot fail.
    var data = (try? encoder.encode(EventEnvelope(event))) ?? Data()
    data.append(0x0A)
    return data
  }

  /// Decodes one line (without its newline).
  ///
  /// Throws a ``TranscriptLineError`` that says what is wrong, without a path.
  public func decode(_ line: Data) throws(TranscriptLineError) -> TranscriptEvent {
    try line.withUnsafeBytes { raw in Result { () throws(TranscriptLineError) in try decode(raw) } }
      .get()
  }

  /// Decodes one line (without its newline) where it lies.
  func decode(_ line: UnsafeRawBufferPointer) throws(TranscriptLineError) -> TranscriptEvent {
    if let start = line.baseAddress, memchr(start, 0, line.count) != nil {
      throw .init("contains a NUL byte")
    }
    guard UTF8Check.isValid(line) else { throw .init("invalid UTF-8") }
    if let quick = QuickEventParser.event(validUTF8: line) { return quick }
    return try standardDecode(Data(line))
  }

  /// Decodes one line with `JSONDecoder`: the reference for what a line means, and the
  /// source of every error message (``QuickEventParser`` only ever agrees with it).
  func standardDecode(_ line: Data) throws(TranscriptLineError) -> TranscriptEvent {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .custom { decoder in
      let container = try decoder.singleValueContainer()
      let text = try container.decode(String.self)
      guard let date = Timestamp.parse(text) else {
        throw DecodingError.dataCorruptedError(
          in: container, debugDescription: "'\(text)' is not an ISO 8601 time")
      }
      return date
    }
    do {
      return try decoder.decode(EventEnvelope.self, from: line).event
    } catch let error as TranscriptLineError {
      throw error
    } catch let error as DecodingError {
      // Foundation calls a number that does not fit its field "not valid JSON" too.
      if case .dataCorrupted(let context) = error, context.codingPath.isEmpty,
        (try? JSONSerialization.jsonObject(with: line)) != nil
      {
        throw .init("a number is out of range for its field (too large, negative or not whole)")
      }
      throw .init(Self.describe(error))
    } catch {
      throw .init("not valid JSON")
    }
  }

  private static func describe(_ error: DecodingError) -> String {
    func path(_ context: DecodingError.Context) -> String {
      context.codingPath.map(\.stringValue).joined(separator: ".")
    }
    switch error {
    case .keyNotFound(let key, _): return "missing field '\(key.stringValue)'"
    case .typeMismatch(_, let context), .valueNotFound(_, let context):
      return "field '\(path(context))' has the wrong type"
    case .dataCorrupted(let context):
      return context.codingPath.isEmpty
        ? "not valid JSON" : "field '\(path(context))': \(context.debugDescription)"
    @unknown default: return "cannot decode"
    }
  }
}

/// What is wrong with one transcript line.
public struct TranscriptLineError: Error, Equatable, Sendable {
  public var reason: String
  /// Set when the line is a start written by a newer reflect (its schema).
  public var newerSchema: Int?
  init(_ reason: String, newerSchema: Int? = nil) {
    self.reason = reason
    self.newerSchema = newerSchema
  }
}

/// Millisecond-precision UTC ISO 8601 times, as used in transcripts.
public enum Timestamp {
  private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
  private static let plain = Date.ISO8601FormatStyle()

  /// `2026-11-29T07:12:03.481Z`.
  public static func format(_ date: Date) -> String { style.format(date) }

  /// Parses a time written by ``format(_:)`` (fractional seconds optional).
  public static func parse(_ text: String) -> Date? {
    (try? style.parse(text)) ?? (try? plain.parse(text))
  }
}

/// The on-disk shape of an event: a flat object with a `type` field.
private struct EventEnvelope: Codable {
  var event: TranscriptEvent

  init(_ event: TranscriptEvent) { self.event = event }

  private enum Key: String, CodingKey { case type, schema }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: Key.self)
    let type = try container.decode(String.self, forKey: .type)
    switch type {
    case "start":
      // The schema first: a newer reflect's start is refused as newer, whatever else it holds.
      if let schema = try? container.decode(Int.self, forKey: .schema),
        schema > transcriptSchemaVersion
      {
        throw TranscriptLineError(
          "written by a newer reflect (schema \(schema))", newerSchema: schema)
      }
      let start = try SessionStart(from: decoder)
      if start.schema > transcriptSchemaVersion {
        throw TranscriptLineError(
          "written by a newer reflect (schema \(start.schema))", newerSchema: start.schema)
      }
      event = .start(start)
    case "coach": event = .coach(try CoachMessage(from: decoder))
    case "answer": event = .answer(try Answer(from: decoder))
    case "skip": event = .skip(try Skip(from: decoder))
    case "lesson": event = .lesson(try Lesson(from: decoder))
    case "commitment": event = .commitment(try Commitment(from: decoder))
    case "command": event = .command(try Command(from: decoder))
    case "review": event = .review(try Review(from: decoder))
    case "end": event = .end(try SessionEnd(from: decoder))
    default: throw TranscriptLineError("unknown event type '\(type)'")
    }
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: Key.self)
    let (type, payload): (String, any Encodable) =
      switch event {
      case .start(let payload): ("start", payload)
      case .coach(let payload): ("coach", payload)
      case .answer(let payload): ("answer", payload)
      case .skip(let payload): ("skip", payload)
      case .lesson(let payload): ("lesson", payload)
      case .commitment(let payload): ("commitment", payload)
      case .command(let payload): ("command", payload)
      case .review(let payload): ("review", payload)
      case .end(let payload): ("end", payload)
      }
    try container.encode(type, forKey: .type)
    try payload.encode(to: encoder)
  }
}
