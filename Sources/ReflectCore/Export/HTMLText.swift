/// The one HTML escaper: every piece of text that is not reflect's own markup goes through
/// ``escape(_:)`` and only ever into element content, never into attributes, URLs, styles
/// or scripts.
public enum HTMLText {
  /// `text` with `& < > " '` as entities and unsafe controls as visible placeholders.
  public static func escape(_ text: String) -> String {
    // Scalar by scalar: a "<" joined to an invisible prefix or a combining mark in one
    // grapheme is still a "<".
    var result = ""
    for scalar in VisibleText.sanitize(text).unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "'": result += "&#39;"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}
