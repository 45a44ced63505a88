import Foundation

/// Makes untrusted text (a person's words, a file's contents, a file name) safe to show.
///
/// Everything printed, and every readable document reflect writes, passes through
/// ``sanitize(_:keepNewlines:)``:
/// control characters, escape sequences, bidi overrides and invisible format characters are
/// replaced by visible placeholders, so no text can move the cursor, retitle the window,
/// set the clipboard, hide words or reorder what the person sees.
public enum VisibleText {
  /// `text` with every unsafe scalar shown as a placeholder.
  ///
  /// Newline and tab are kept when `keepNewlines` is true (multi-line display); otherwise a
  /// newline is shown as `⏎`. C0 controls show as their Unicode control picture (ESC as
  /// `␛`), DEL as `␡`, and C1, bidi and other format characters as `<U+XXXX>`.
  public static func sanitize(_ text: String, keepNewlines: Bool = true) -> String {
    // Nearly every text (accents, curly quotes and emoji included) has nothing to replace
    // and is returned as it is.
    if isSafe(text, keepNewlines: keepNewlines) { return text }
    var result = String.UnicodeScalarView()
    // One scalar of lookahead, for the joiners.
    var scalars = text.unicodeScalars.makeIterator()
    var upcoming = scalars.next()
    while let scalar = upcoming {
      upcoming = scalars.next()
      let value = scalar.value
      switch value {
      case 0x0A where keepNewlines, 0x09:
        result.append(scalar)
      case 0x200C...0x200D where isJoined(result.last, upcoming):
        // A joiner inside an emoji sequence (👩🏽‍🏫) or a word of a script that uses it.
        result.append(scalar)
      case 0x0A:
        result.append("⏎")
      case 0x00...0x1F:
        result.append(Unicode.Scalar(0x2400 + value) ?? "?")
      case 0x7F:
        result.append("␡")
      case 0x80...0x9F, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x206F,
        0xFEFF, 0xFFF9...0xFFFB, 0x061C, 0x00AD, 0x180E, 0xE0000...0xE007F:
        result.append(contentsOf: placeholder(value).unicodeScalars)
      default:
        result.append(scalar)
      }
    }
    return String(result)
  }

  /// Whether `text` has nothing ``sanitize(_:keepNewlines:)`` would replace, read as UTF-8
  /// bytes (a string's are always well-formed) in one pass.
  static func isSafe(_ text: String, keepNewlines: Bool) -> Bool {
    isSafe(text, rejecting: keepNewlines ? unsafeKeepingNewlines : unsafeOnOneLine)
  }

  /// Whether `text` is safe (as ``isSafe(_:keepNewlines:)``) and has none of the ASCII bytes
  /// `rejected` holds (it holds the controls ``sanitize(_:keepNewlines:)`` replaces).
  static func isSafe(_ text: String, rejecting rejected: ASCIISet) -> Bool {
    var text = text
    return rejected.table.withUnsafeBufferPointer { table in
      text.withUTF8 { bytes in isSafe(bytes, rejecting: table) }
    }
  }

  private static func isSafe(
    _ bytes: UnsafeBufferPointer<UInt8>, rejecting table: UnsafeBufferPointer<Bool>
  ) -> Bool {
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte < 0x80 {
        if table[Int(byte)] { return false }
        index += 1
        continue
      }
      let length = byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
      guard index + length <= bytes.count else { return false }
      var value = UInt32(byte & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07))
      for offset in 1..<length { value = value << 6 | UInt32(bytes[index + offset] & 0x3F) }
      if value <= 0x9F || isFormat(value) { return false }
      index += length
    }
    return true
  }

  /// A set of ASCII bytes, as a table.
  struct ASCIISet: Sendable {
    let table: [Bool]

    func contains(_ byte: UInt8) -> Bool { byte < 0x80 && table[Int(byte)] }
  }

  /// The controls ``sanitize(_:keepNewlines:)`` replaces (all but a tab, and a line break
  /// when `keepNewlines`), and `also`.
  static func asciiTable(rejecting also: String = "", keepNewlines: Bool) -> ASCIISet {
    var table = [Bool](repeating: false, count: 256)
    for byte in 0..<0x20 where byte != 0x09 && !(byte == 0x0A && keepNewlines) {
      table[byte] = true
    }
    table[0x7F] = true
    for byte in also.utf8 { table[Int(byte)] = true }
    return ASCIISet(table: table)
  }

  private static let unsafeKeepingNewlines = asciiTable(keepNewlines: true)
  private static let unsafeOnOneLine = asciiTable(keepNewlines: false)

  /// `text` safe to show on one line: each line break (with the blank lines and spaces
  /// around it) becomes one visible ` ⏎ `.
  public static func oneLine(_ text: String) -> String {
    guard text.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else {
      return sanitize(text, keepNewlines: false)
    }
    return sanitize(text.replacing(/[ \t]*(\r?\n[ \t]*)+/, with: " ⏎ "), keepNewlines: false)
  }

  /// Whether a zero-width joiner or non-joiner between `before` and `after` joins two
  /// characters beyond ASCII (emoji, Indic or Persian letters), and so is shown as it is.
  static func isJoined(_ before: Unicode.Scalar?, _ after: Unicode.Scalar?) -> Bool {
    guard let before, let after else { return false }
    return [before, after].allSatisfy { $0.value >= 0xA0 && !isFormat($0.value) }
  }

  /// The format characters shown as placeholders (zero-width joiners included).
  static func isFormat(_ value: UInt32) -> Bool {
    switch value {
    case 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x206F, 0xFEFF,
      0xFFF9...0xFFFB, 0x061C, 0x00AD, 0x180E, 0xE0000...0xE007F:
      true
    default: false
    }
  }

  private static func placeholder(_ value: UInt32) -> String {
    let hex = String(value, radix: 16, uppercase: true)
    return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
  }
}

/// A person's words as plain text with their paragraphs kept.
public enum PlainText {
  /// `text`'s lines made safe for a terminal; runs of blank lines become one, and blank
  /// lines at either end go.
  public static func lines(_ text: String) -> [String] {
    var result: [String] = []
    for line in VisibleText.sanitize(text).split(separator: "\n", omittingEmptySubsequences: false)
    {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty, result.last?.isEmpty ?? true { continue }
      result.append(trimmed.isEmpty ? "" : String(line.drop { $0 == " " || $0 == "\t" }))
    }
    if result.last?.isEmpty == true { result.removeLast() }
    return result
  }

  /// `text` after `lead` (`You: `, `2. `), later lines indented to line up under the first.
  public static func item(_ lead: String, _ text: String) -> String {
    let indent = String(repeating: " ", count: lead.count)
    return lines(text).enumerated().map { index, line in
      index == 0 ? lead + line : line.isEmpty ? "" : indent + line
    }.joined(separator: "\n")
  }
}
