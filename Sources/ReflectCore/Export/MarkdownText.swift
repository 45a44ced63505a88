/// Escapes a person's text for Markdown so it renders as the words typed: no headings,
/// links, emphasis, code or raw HTML can come from it.
enum MarkdownText {
  private static let special: Set<Unicode.Scalar> = [
    "\\", "`", "*", "_", "{", "}", "[", "]", "(", ")", "#", "+", "-", ".", "!", "|", "<", ">",
    "~", "&", "\"",
  ]

  /// `text` with every Markdown-significant character backslash-escaped and line breaks
  /// folded to spaces, so one lesson stays one list item.
  static func escape(_ text: String) -> String {
    // A byte at a time: every character escaped, and the line breaks, are ASCII, and an
    // ASCII byte in UTF-8 is always a whole scalar (a "<" joined to an invisible prefix or a
    // combining mark in one grapheme is still a "<").
    var result: [UInt8] = []
    let sanitized = VisibleText.sanitize(text)
    result.reserveCapacity(sanitized.utf8.count + 16)
    for byte in sanitized.utf8 {
      if byte == 0x0A || byte == 0x0D {
        result.append(0x20)
      } else if byte < 0x80 && specialBytes[Int(byte)] {
        result.append(0x5C)
        result.append(byte)
      } else {
        result.append(byte)
      }
    }
    return String(decoding: result, as: UTF8.self)
  }

  /// Per ASCII byte, whether it is in ``special``.
  private static let specialBytes: [Bool] = (0..<128).map {
    special.contains(Unicode.Scalar(UInt8($0)))
  }
}
