import Foundation

/// Little-endian variable-length integers and length-prefixed UTF-8.
struct ByteWriter {
  var bytes: [UInt8] = []

  mutating func tag(_ kind: Int, _ line: Int) {
    int(kind)
    int(line)
  }

  mutating func int(_ value: Int) {
    // Zig-zag, so small negative numbers stay small.
    var bits = UInt64(bitPattern: Int64((value << 1) ^ (value >> 63)))
    while bits >= 0x80 {
      bytes.append(UInt8(bits & 0x7F) | 0x80)
      bits >>= 7
    }
    bytes.append(UInt8(bits))
  }

  mutating func string(_ text: String) {
    int(text.utf8.count)
    bytes.append(contentsOf: text.utf8)
  }

  mutating func date(_ date: Date) {
    withUnsafeBytes(of: date.timeIntervalSinceReferenceDate.bitPattern.littleEndian) {
      bytes.append(contentsOf: $0)
    }
  }

  mutating func optionalInt(_ value: Int?) {
    bytes.append(value == nil ? 0 : 1)
    if let value { int(value) }
  }

  mutating func optionalDate(_ value: Date?) {
    bytes.append(value == nil ? 0 : 1)
    if let value { date(value) }
  }

  mutating func optionalString(_ value: String?) {
    bytes.append(value == nil ? 0 : 1)
    if let value { string(value) }
  }
}

struct ByteReader {
  private let bytes: [UInt8]
  private var position = 0

  init(_ bytes: [UInt8]) { self.bytes = bytes }

  var atEnd: Bool { position >= bytes.count }

  /// Bytes not read yet.
  var remaining: Int { bytes.count - position }

  mutating func int() -> Int? {
    var bits: UInt64 = 0
    var shift: UInt64 = 0
    while position < bytes.count, shift < 64 {
      let byte = bytes[position]
      position += 1
      bits |= UInt64(byte & 0x7F) << shift
      if byte < 0x80 {
        let value = Int64(bitPattern: bits)
        return Int((value >> 1) ^ -(value & 1))
      }
      shift += 7
    }
    return nil
  }

  mutating func string() -> String? {
    guard let count = int(), count >= 0, count <= bytes.count - position else { return nil }
    defer { position += count }
    return String(decoding: bytes[position..<(position + count)], as: UTF8.self)
  }

  mutating func date() -> Date? {
    guard bytes.count - position >= 8 else { return nil }
    var bits: UInt64 = 0
    for offset in 0..<8 { bits |= UInt64(bytes[position + offset]) << (8 * UInt64(offset)) }
    position += 8
    // Only a date a transcript can hold (a four-digit year, 0000 to 9999, read as Foundation
    // reads it: Julian before 1582, so a little before the proleptic year 0), with a year's
    // margin each side: damaged bytes never pass for one, and no time a transcript holds is
    // refused (one such session made the index refuse its record, and stats and every
    // export fail for the whole archive).
    let seconds = Double(bitPattern: bits)
    guard seconds.isFinite, (-63_200_000_000.0...252_500_000_000.0).contains(seconds) else {
      return nil
    }
    return Date(timeIntervalSinceReferenceDate: seconds)
  }

  /// A value after a flag byte: `.some(nil)` for an absent value, `nil` for bytes that end
  /// too soon.
  mutating func optional<Value>(_ read: (inout ByteReader) -> Value?) -> Value?? {
    guard position < bytes.count else { return nil }
    position += 1
    guard bytes[position - 1] == 1 else { return .some(nil) }
    guard let value = read(&self) else { return nil }
    return .some(value)
  }

  /// `.some(nil)` for an absent value, `nil` for bytes that end too soon.
  mutating func optionalDate() -> Date?? { optional { $0.date() } }

  /// `.some(nil)` for an absent value, `nil` for bytes that end too soon.
  mutating func optionalInt() -> Int?? { optional { $0.int() } }

  /// Passes over an optional string without reading it; false when the bytes end too soon.
  mutating func skipOptionalString() -> Bool {
    guard position < bytes.count else { return false }
    position += 1
    guard bytes[position - 1] == 1 else { return true }
    guard let count = int(), count >= 0, count <= bytes.count - position else { return false }
    position += count
    return true
  }

  /// Passes over a string without reading it; false when the bytes end too soon.
  mutating func skipString() -> Bool {
    guard let count = int(), count >= 0, count <= bytes.count - position else { return false }
    position += count
    return true
  }

  /// Passes over a list of strings; false when the bytes end too soon.
  mutating func skipStrings() -> Bool {
    guard let count = count() else { return false }
    for _ in 0..<count where !skipString() { return false }
    return true
  }

  mutating func optionalString() -> String?? { optional { $0.string() } }
}

extension ByteWriter {
  mutating func id(_ id: SessionID) { string(id.rawValue) }

  mutating func optionalID(_ id: SessionID?) { optionalString(id?.rawValue) }

  mutating func strings(_ texts: [String]) {
    int(texts.count)
    for text in texts { string(text) }
  }
}

extension ByteReader {
  /// A session id; `nil` when the bytes end or hold anything else.
  mutating func id() -> SessionID? { string().flatMap { SessionID($0) } }

  mutating func optionalID() -> SessionID?? {
    guard let text = optionalString() else { return nil }
    guard let text else { return .some(nil) }
    return SessionID(text).map { .some($0) }
  }

  /// A count: not negative, and no more than the bytes left (each item takes one at least).
  mutating func count() -> Int? {
    guard let count = int(), count >= 0, count <= remaining else { return nil }
    return count
  }

  mutating func strings() -> [String]? {
    guard let count = count() else { return nil }
    var texts: [String] = []
    texts.reserveCapacity(count)
    for _ in 0..<count {
      guard let text = string() else { return nil }
      texts.append(text)
    }
    return texts
  }
}
