/// The one HTML escaper: every piece of text that is not reflect's own markup goes through
/// ``escape(_:)`` and only ever into element content, never into attributes, URLs, styles
/// or scripts.
public enum HTMLText {
  /// `text` with `& < > " '` as entities and unsafe controls as visible placeholders.
  public static func escape(_ text: String) -> String {
    // A byte at a time: every character escaped is ASCII, and an ASCII byte in UTF-8 is
    // always a whole scalar (a "<" joined to an invisible prefix or a combining mark in one
    // grapheme is still a "<").
    var sanitized = VisibleText.sanitize(text)
    guard sanitized.withUTF8({ $0.contains(where: isSpecial) }) else { return sanitized }
    var result: [UInt8] = []
    result.reserveCapacity(sanitized.utf8.count + 16)
    for byte in sanitized.utf8 {
      switch byte {
      case UInt8(ascii: "&"): result.append(contentsOf: "&amp;".utf8)
      case UInt8(ascii: "<"): result.append(contentsOf: "&lt;".utf8)
      case UInt8(ascii: ">"): result.append(contentsOf: "&gt;".utf8)
      case UInt8(ascii: "\""): result.append(contentsOf: "&quot;".utf8)
      case UInt8(ascii: "'"): result.append(contentsOf: "&#39;".utf8)
      default: result.append(byte)
      }
    }
    return String(decoding: result, as: UTF8.self)
  }

  private static func isSpecial(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
      || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
  }
}
