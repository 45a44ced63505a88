import Foundation

/// Tag rules, as Obsidian has them: letters, digits, `_`, `-`, and `/` to nest
/// (`school/governors`), at least one character that is not a digit; lower-cased, and a
/// leading `#` dropped.
public enum Tags {
  /// `raw` as a tag, or `nil` when it breaks the rules.
  public static func normalised(_ raw: String) -> String? {
    var text = raw.trimmingCharacters(in: .whitespaces)
    if text.hasPrefix("#") { text.removeFirst() }
    // In one normal form (NFC): `café` typed with a combining accent is the same tag, in
    // the index's comparisons and in file names as well.
    text = text.lowercased().precomposedStringWithCanonicalMapping
    guard !text.isEmpty, text.count <= 100, !text.hasPrefix("/"), !text.hasSuffix("/"),
      !text.contains("//"), !text.allSatisfy({ $0.isNumber || $0 == "/" })
    else { return nil }
    // Letters (with their combining marks) and digits of any script, and `_ - /`.
    let allowed = text.unicodeScalars.allSatisfy { scalar in
      CharacterSet.alphanumerics.contains(scalar) || scalar == "_" || scalar == "-"
        || scalar == "/"
    }
    return allowed ? text : nil
  }

  /// `raw` as a tag, or an error that says what a tag may hold.
  public static func checked(_ raw: String) throws(TagError) -> String {
    guard let tag = normalised(raw) else { throw TagError(text: raw) }
    return tag
  }

  /// Whether `tag` is `wanted` or nested under it (`school/governors` is under `school`).
  public static func tag(_ tag: String, isUnder wanted: String) -> Bool {
    tag == wanted || (tag.hasPrefix(wanted) && tag.dropFirst(wanted.count).first == "/")
  }
}

/// A tag that breaks the rules.
public struct TagError: LocalizedError, Equatable {
  /// What was given.
  public var text: String

  /// A tag error for `text`.
  public init(text: String) { self.text = text }

  /// The text as messages quote it: sanitised, on one line, a long one by its start only.
  public var quoted: String {
    VisibleText.sanitize(
      text.count > 60 ? String(text.prefix(60)) + "…" : text, keepNewlines: false)
  }

  public var errorDescription: String? {
    "'\(quoted)' is not a tag: use"
      + " letters, digits, '_', '-' and '/' (to nest, as in school/governors), with at least one"
      + " that is not a digit"
  }
}
