/// Escapes a person's text for Markdown so it renders as the words typed: no headings,
/// links, emphasis, code or raw HTML can come from it.
enum MarkdownText {
  private static let special: Set<Character> = [
    "\\", "`", "*", "_", "{", "}", "[", "]", "(", ")", "#", "+", "-", ".", "!", "|", "<", ">",
    "~", "&", "\"",
  ]

  /// `text` with every Markdown-significant character backslash-escaped and line breaks
  /// folded to spaces, so one lesson stays one list item.
  static func escape(_ text: String) -> String {
    var result = ""
    for character in VisibleText.sanitize(text) {
      if character == "\n" || character == "\r" || character == "\r\n" {
        result.append(" ")
      } else if special.contains(character) {
        result.append("\\")
        result.append(character)
      } else {
        result.append(character)
      }
    }
    return result
  }
}
