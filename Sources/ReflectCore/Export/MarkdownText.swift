/// Escapes a person's text for Markdown so it renders as the words typed (no headings,
/// lists, links, emphasis, code or raw HTML can come from it) while reading as plain text:
/// a character is escaped only where Markdown would otherwise give it a meaning.
///
/// - At the start of a line (and of the text): `#`, `>`, `-`, `+`, `*`, `=`, `_`, `~`, `|`
///   and the `.` or `)` of a numbered-list marker (`1.`); leading spaces are dropped, so
///   no line becomes a code block.
/// - Anywhere: `\`, `` ` ``, `*`, `[`, `]`, `|`, `~`; `_` unless inside a word (`snake_case`
///   stays as is); `<` before a letter, `/`, `!` or `?` (HTML, autolinks); `&` before a
///   letter, digit or `#` (entities).
enum MarkdownText {
  /// `text` on one line (line breaks folded to spaces), as inline Markdown that may also
  /// start a line or a list item's text.
  static func escape(_ text: String, obsidian: Bool = false) -> String {
    // Most texts (prose: letters, spaces, `.,:;!?'"()`) have nothing to escape.
    isPlain(text, obsidian: obsidian) ? text : escapedByRules(text, obsidian: obsidian)
  }

  /// ``escape(_:obsidian:)`` without its shortcut for plain text.
  static func escapedByRules(_ text: String, obsidian: Bool) -> String {
    let escaped = line(
      Array(VisibleText.sanitize(text).utf8).map { $0 == 0x0A || $0 == 0x0D ? 0x20 : $0 })
    return obsidian ? Self.obsidian(escaped) : escaped
  }

  /// An escaped line with Obsidian's own syntax also kept as text: a `#tag` after a space,
  /// `%%comments%%`, `==highlights==`, `$maths$` and `^block` ids.
  static func obsidian(_ escaped: String) -> String {
    // Byte by byte: every character that matters is ASCII, and no byte of a longer UTF-8
    // sequence equals one, so a combining mark after `$` cannot hide it.
    let bytes = Array(escaped.utf8)
    guard bytes.contains(where: { "#%=$^".utf8.contains($0) }) else { return escaped }
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count + 8)
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      // A backslash and what it escapes stay as they are.
      if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
        result.append(byte)
        result.append(bytes[index + 1])
        index += 2
        continue
      }
      let previous = index > 0 ? bytes[index - 1] : nil
      let next = index + 1 < bytes.count ? bytes[index + 1] : nil
      let escape: Bool =
        switch byte {
        case UInt8(ascii: "#"):
          (previous == nil || previous == 0x20 || previous == 0x09) && next != nil
            && next != 0x20 && next != UInt8(ascii: "#")
        case UInt8(ascii: "%"), UInt8(ascii: "="): next == byte || previous == byte
        case UInt8(ascii: "$"), UInt8(ascii: "^"): true
        default: false
        }
      if escape { result.append(UInt8(ascii: "\\")) }
      result.append(byte)
      index += 1
    }
    return String(decoding: result, as: UTF8.self)
  }

  /// `text`'s lines, each escaped; runs of blank lines become one, and blank lines at
  /// either end go (a paragraph break stays a paragraph break).
  static func lines(_ text: String, obsidian: Bool = false) -> [String] {
    var result: [String] = []
    for raw in VisibleText.sanitize(text).utf8.split(
      separator: 0x0A, omittingEmptySubsequences: false)
    {
      let plain = line(Array(raw.filter { $0 != 0x0D }))
      let escaped = obsidian ? Self.obsidian(plain) : plain
      if escaped.isEmpty, result.last?.isEmpty ?? true { continue }
      result.append(escaped)
    }
    if result.last?.isEmpty == true { result.removeLast() }
    return result
  }

  /// `text` as a block quote: every line after `> `, paragraphs kept.
  static func quote(_ text: String, obsidian: Bool = false) -> String {
    lines(text, obsidian: obsidian).map { $0.isEmpty ? ">" : "> " + $0 }.joined(separator: "\n")
  }

  /// `text` as the text of a list item whose marker is `marker` (`1. `, `- `): the first
  /// line after it, later lines indented to line up (or by `indent`: a task's `- [ ] `
  /// continues under its `- `), paragraphs kept.
  static func item(
    _ marker: String, _ text: String, indent width: Int? = nil, obsidian: Bool = false
  ) -> String {
    let indent = String(repeating: " ", count: width ?? marker.count)
    return lines(text, obsidian: obsidian).enumerated().map { index, line in
      index == 0 ? marker + line : line.isEmpty ? "" : indent + line
    }.joined(separator: "\n")
  }

  /// Whether ``escape(_:obsidian:)`` would return `text` as it is: it is safe to show on one
  /// line (no control, tab or line break either), starts with nothing a line start gives a
  /// meaning (nor a digit or a space), and has no byte that may need escaping anywhere.
  static func isPlain(_ text: String, obsidian: Bool) -> Bool {
    guard let first = text.utf8.first, !startTable.contains(first) else { return false }
    return VisibleText.isSafe(text, rejecting: obsidian ? plainObsidianTable : plainTable)
  }

  /// Bytes ``isPlain(_:obsidian:)`` looks for anywhere (tabs and line breaks too), as a
  /// table; and with Obsidian's own.
  private static let plainTable = VisibleText.asciiTable(
    rejecting: "\\`*[]|~_<&\t", keepNewlines: false)
  private static let plainObsidianTable = VisibleText.asciiTable(
    rejecting: "\\`*[]|~_<&\t#%=$^", keepNewlines: false)
  /// Bytes that may not start a plain text: what a line start gives a meaning, a space (the
  /// escaper drops it) and a digit (it may number a list).
  private static let startTable = VisibleText.asciiTable(
    rejecting: "#>-+*=_~| 0123456789", keepNewlines: false)

  private static func isWord(_ byte: UInt8?) -> Bool {
    guard let byte else { return false }
    return byte >= 0x80 || (byte >= 0x30 && byte <= 0x39)
      || ((byte | 0x20) >= 0x61
        && (byte | 0x20) <= 0x7A)
  }

  private static func isLetter(_ byte: UInt8?) -> Bool {
    guard let byte else { return false }
    return (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
  }

  /// One line's bytes (no line break in them), escaped.
  private static func line(_ input: [UInt8]) -> String {
    var bytes = input[...]
    while let first = bytes.first, first == 0x20 || first == 0x09 { bytes.removeFirst() }
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count + 8)
    var index = bytes.startIndex
    // A numbered-list marker: up to nine digits, then `.` or `)`.
    var digits = index
    while digits < bytes.endIndex, digits - index < 10, bytes[digits] >= 0x30,
      bytes[digits] <= 0x39
    {
      digits += 1
    }
    let numberedMarker =
      digits > index && digits - index <= 9 && digits < bytes.endIndex
        && (bytes[digits] == UInt8(ascii: ".") || bytes[digits] == UInt8(ascii: ")"))
      ? digits : nil
    if let first = bytes.first, "#>-+*=_~|".utf8.contains(first) {
      result.append(0x5C)
      result.append(first)
      index += 1
    }
    while index < bytes.endIndex {
      let byte = bytes[index]
      let previous = index > bytes.startIndex ? bytes[index - 1] : nil
      let next = index + 1 < bytes.endIndex ? bytes[index + 1] : nil
      let escaped: Bool =
        switch byte {
        case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "["),
          UInt8(ascii: "]"), UInt8(ascii: "|"), UInt8(ascii: "~"):
          true
        case UInt8(ascii: "_"): !(isWord(previous) && isWord(next))
        case UInt8(ascii: "<"):
          isLetter(next) || next == UInt8(ascii: "/") || next == UInt8(ascii: "!")
            || next == UInt8(ascii: "?")
        case UInt8(ascii: "&"):
          isWord(next) && next.map { $0 < 0x80 } == true
            || next == UInt8(ascii: "#")
        case UInt8(ascii: "."), UInt8(ascii: ")"): index == numberedMarker
        default: false
        }
      if escaped { result.append(0x5C) }
      result.append(byte)
      index += 1
    }
    return String(decoding: result, as: UTF8.self)
  }
}
