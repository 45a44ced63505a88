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
    // Scalar by scalar: a "<" joined to an invisible prefix or a combining mark in one
    // grapheme is still a "<".
    var result = ""
    for scalar in VisibleText.sanitize(text).unicodeScalars {
      if scalar == "\n" || scalar == "\r" {
        result.append(" ")
      } else if special.contains(scalar) {
        result.append("\\")
        result.unicodeScalars.append(scalar)
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}
