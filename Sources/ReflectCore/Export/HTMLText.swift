/// The one HTML escaper: every piece of text that is not reflect's own markup goes through
/// ``escape(_:)`` and only ever into element content, never into attributes, URLs, styles
/// or scripts; a file's name goes into a link only through ``fileReference(_:)``.
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

  /// `./NAME` with every byte of `name` but letters, digits and `- . _ ~` percent-encoded:
  /// the one way a file's name (the person's choice) goes into a link, a relative address
  /// that can be no scheme (`javascript:`) and holds nothing to escape.
  public static func fileReference(_ name: String) -> String {
    var result = "./"
    for byte in name.utf8 {
      switch byte {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
        UInt8(ascii: "_"), UInt8(ascii: "~"):
        result.append(Character(Unicode.Scalar(byte)))
      default:
        let hex = Array("0123456789ABCDEF")
        result += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 0xF)])
      }
    }
    return result
  }

  private static func isSpecial(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">")
      || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
  }
}
