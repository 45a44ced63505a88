import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Word wrapping by display width: East Asian wide characters and most emoji take two
/// columns, combining marks and zero-width characters none.
public enum TextWrap {
  /// The columns `text` takes on a terminal (escape sequences of reflect's styles excluded).
  public static func width(_ text: String) -> Int {
    var columns = 0
    var inEscape = false
    for character in text {
      if inEscape {
        if character == "m" { inEscape = false }
        continue
      }
      if character == "\u{1B}" {
        inEscape = true
        continue
      }
      columns += width(of: character)
    }
    return columns
  }

  /// The columns one character (a grapheme) takes: an emoji two, however many scalars make
  /// it; otherwise the sum of its scalars (combining marks add nothing).
  static func width(of character: Character) -> Int {
    let scalars = character.unicodeScalars
    if scalars.contains(where: { $0.properties.isEmojiPresentation })
      || (scalars.count > 1 && scalars.contains { $0.properties.isEmoji && $0.value > 0xFF })
    {
      return 2
    }
    return scalars.reduce(0) { $0 + width(of: $1) }
  }

  /// The columns one scalar takes.
  static func width(of scalar: Unicode.Scalar) -> Int {
    let value = scalar.value
    let properties = scalar.properties
    if value == 0 || properties.generalCategory == .nonspacingMark
      || properties.generalCategory == .enclosingMark || properties.generalCategory == .format
      || (0x1160...0x11FF).contains(value)
    {
      return 0
    }
    if (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value)
      || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value)
      || (0xFE30...0xFE4F).contains(value) || (0xFF00...0xFF60).contains(value)
      || (0xFFE0...0xFFE6).contains(value) || (0x1F300...0x1F64F).contains(value)
      || (0x1F900...0x1F9FF).contains(value) || (0x20000...0x3FFFD).contains(value)
    {
      return 2
    }
    return 1
  }

  /// `text` wrapped at word boundaries to `width` columns.
  ///
  /// The first line starts after `first` columns already used, later lines with `indent`
  /// spaces. A word longer than a line is kept whole on a line of its own.
  public static func wrap(_ text: String, width: Int, indent: Int = 0, first: Int? = nil) -> String
  {
    let limit = max(20, width)
    // What fits is left as it is, spacing and all.
    if (first ?? indent) + self.width(text) <= limit { return text }
    var lines: [String] = []
    var line = ""
    var used = first ?? indent
    for word in text.split(separator: " ", omittingEmptySubsequences: true) {
      let wordWidth = self.width(String(word))
      if !line.isEmpty, used + 1 + wordWidth > limit {
        lines.append(line)
        line = ""
        used = indent
      }
      if line.isEmpty {
        line = (lines.isEmpty ? "" : String(repeating: " ", count: indent)) + word
        used += wordWidth
      } else {
        line += " " + word
        used += 1 + wordWidth
      }
    }
    lines.append(line)
    return lines.joined(separator: "\n")
  }
}

extension Console {
  /// The terminal's width in columns: stdout's window size, else `COLUMNS`, else 80.
  public static func columns(environment: [String: String] = ProcessInfo.processInfo.environment)
    -> Int
  {
    var size = winsize()
    if isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0,
      size.ws_col > 0
    {
      return Int(size.ws_col)
    }
    if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
    return 80
  }
}
