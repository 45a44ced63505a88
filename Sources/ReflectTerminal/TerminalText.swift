import ReflectCore

/// The terminal's name for ``VisibleText``: the one choke point for untrusted text.
public enum TerminalText {
  /// `text` with every unsafe scalar shown as a visible placeholder; see ``VisibleText``.
  public static func sanitize(_ text: String, keepNewlines: Bool = true) -> String {
    VisibleText.sanitize(text, keepNewlines: keepNewlines)
  }
}
