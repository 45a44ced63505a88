import Foundation

/// A session identifier that reflect generated: `yyyyMMdd-HHmmss-xxxx` (UTC time plus a
/// short random suffix of lower-case letters and digits).
///
/// Anything else given where an id belongs is rejected before it is used in any file
/// call, so an id can never smuggle a path.
public struct SessionID: Sendable, Hashable, CustomStringConvertible, Comparable {
  /// The id's text, safe to use as a file name.
  public let rawValue: String

  /// Accepts only the generated shape: 8 digits, dash, 6 digits, dash, 4 to 8 of [a-z0-9].
  public init?(_ text: String) {
    // Checked on the bytes: this runs for every file of a large archive.
    let valid = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
      guard (20...24).contains(bytes.count), bytes[8] == 0x2D, bytes[15] == 0x2D else {
        return false
      }
      for (index, byte) in bytes.enumerated() where index != 8 && index != 15 {
        let digit = (0x30...0x39).contains(byte)
        guard index < 15 ? digit : digit || (0x61...0x7A).contains(byte) else { return false }
      }
      return true
    }
    guard valid ?? Self.slowCheck(text) else { return nil }
    rawValue = text
  }

  private static func slowCheck(_ text: String) -> Bool {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    return parts.count == 3 && parts[0].count == 8 && parts[1].count == 6
      && (4...8).contains(parts[2].count)
      && parts[0].allSatisfy(\.isASCIIDigit) && parts[1].allSatisfy(\.isASCIIDigit)
      && parts[2].allSatisfy({ $0.isASCIIDigit || ("a"..."z").contains($0) })
  }

  /// A new id for a session starting at `date`.
  public static func generate(
    at date: Date, using generator: inout some RandomNumberGenerator
  ) -> SessionID {
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
    let suffix = String(
      (0..<4).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    let text = timePrefix(of: date) + "-" + suffix
    // The text is built from digits and the alphabet above, so it always validates.
    return SessionID(text) ?? SessionID(unchecked: text)
  }

  /// `yyyyMMdd-HHmmss` of `date` in UTC: how an id starting then begins.
  static func timePrefix(of date: Date) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    let parts = calendar.dateComponents(
      [.year, .month, .day, .hour, .minute, .second], from: date)
    func pad(_ value: Int?, _ width: Int) -> String {
      let text = String(value ?? 0)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    return pad(parts.year, 4) + pad(parts.month, 2) + pad(parts.day, 2) + "-" + pad(parts.hour, 2)
      + pad(parts.minute, 2) + pad(parts.second, 2)
  }

  private init(unchecked text: String) { rawValue = text }

  /// The id of a transcript file path (`…/<id>.jsonl`), if its name is one.
  public init?(path: String) {
    let name = FilePath.name(of: path)
    guard name.hasSuffix(".jsonl") else { return nil }
    self.init(String(name.dropLast(6)))
  }

  /// The UTC start time written in the id (to the second).
  public var date: Date? {
    let digits = rawValue.filter(\.isASCIIDigit)
    guard digits.count >= 14 else { return nil }
    let d = Array(digits)
    let text =
      "\(String(d[0..<4]))-\(String(d[4..<6]))-\(String(d[6..<8]))T"
      + "\(String(d[8..<10])):\(String(d[10..<12])):\(String(d[12..<14]))Z"
    return try? Date(text, strategy: .iso8601)
  }

  public var description: String { rawValue }

  public static func < (lhs: SessionID, rhs: SessionID) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension SessionID: Codable {
  /// Reads an id written as a string; any other text is refused (a transcript line holding
  /// one is reported as damaged, never read as a path).
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    guard let id = SessionID(try container.decode(String.self)) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "not a session id (like 20261129-074139-qknc)")
    }
    self = id
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }
}

extension Character {
  var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
