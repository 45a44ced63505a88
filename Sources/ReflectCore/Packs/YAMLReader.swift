import Yams

/// Walks a composed YAML document with positions, turning every mistake into a
/// ``PackError/invalid(file:line:column:message:)`` that names the file, line and column.
///
/// Shared by the pack loader and the coach-rule loader so both report errors the same way.
struct YAMLReader: Sendable {
  /// The file name used in messages.
  var file: String

  /// The most values (scalars, lists and mappings, aliases expanded) a file may hold.
  static let maximumValues = 100_000

  /// Parses `text` into a node tree, mapping Yams' syntax errors onto file:line:column.
  func compose(_ text: String) throws(PackError) -> Node {
    do {
      guard let node = try Yams.compose(yaml: text) else {
        throw PackError.invalid(file: file, line: 1, column: 1, message: "the file is empty")
      }
      // Aliases (`*name`) repeat whole subtrees: a small file can stand for billions of
      // values. Count what the file expands to, stopping at the limit, before reading it.
      var budget = Self.maximumValues
      guard node.fits(&budget) else {
        throw PackError.invalid(
          file: file, line: 1, column: 1,
          message:
            "the file expands to more than \(Self.maximumValues) values through YAML aliases"
            + " (*name); write the values out or use fewer aliases")
      }
      return node
    } catch let error as PackError {
      throw error
    } catch let error as YamlError {
      throw describe(error, text: text)
    } catch {
      throw .invalid(file: file, line: 1, column: 1, message: "\(error)")
    }
  }

  /// Where `key:` appears for the second time (Yams reports only the mapping's position).
  private func secondOccurrence(ofKey key: String, in text: String) -> (Int, Int)? {
    var seen = 0
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    {
      var rest = line.drop { $0 == " " }
      if rest.hasPrefix("- ") { rest = rest.dropFirst(2).drop { $0 == " " } }
      guard rest.hasPrefix(key + ":") else { continue }
      seen += 1
      if seen == 2 { return (index + 1, line.count - rest.count + 1) }
    }
    return nil
  }

  private func describe(_ error: YamlError, text: String) -> PackError {
    switch error {
    case .scanner(let context, let problem, let mark, _),
      .parser(let context, let problem, let mark, _),
      .composer(let context, let problem, let mark, _):
      let during = context.map { " (\($0.text) at \($0.mark.line):\($0.mark.column))" } ?? ""
      return .invalid(
        file: file, line: mark.line, column: mark.column,
        message: "YAML syntax: \(problem)\(during)")
    case .duplicatedKeysInMapping(let duplicates, let context):
      let key = duplicates.first ?? ""
      let mark = secondOccurrence(ofKey: key, in: text) ?? (context.mark.line, context.mark.column)
      return .invalid(
        file: file, line: mark.0, column: mark.1, message: "duplicate key '\(key)'")
    case .reader(let problem, _, _, _):
      return .invalid(file: file, line: 1, column: 1, message: "cannot read: \(problem)")
    default:
      return .invalid(file: file, line: 1, column: 1, message: "\(error)")
    }
  }

  /// An error positioned at `node`.
  func error(_ message: String, at node: Node) -> PackError {
    .invalid(
      file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1, message: message)
  }

  /// The keys of a mapping, checked against the allowed and required ones.
  ///
  /// - Parameter what: how to name the mapping in messages, e.g. "stage 'trust'".
  func fields(
    of node: Node, what: String, required: [String], optional: [String]
  ) throws(PackError) -> Fields {
    guard case .mapping(let mapping) = node else {
      throw error(
        "\(what) must be a mapping with keys \(required.joined(separator: ", "))", at: node)
    }
    var values: [String: Node] = [:]
    let allowed = required + optional
    for (key, value) in mapping {
      guard case .scalar(let scalar) = key else {
        throw error("\(what) has a key that is not a plain word", at: key)
      }
      guard allowed.contains(scalar.string) else {
        throw error(
          "unknown key '\(scalar.string)' in \(what); expected one of: "
            + allowed.joined(separator: ", "), at: key)
      }
      values[scalar.string] = value
    }
    for key in required where values[key] == nil {
      throw error("\(what) is missing the required key '\(key)'", at: node)
    }
    return Fields(reader: self, node: node, values: values, what: what)
  }

  /// The text of a scalar.
  func string(_ node: Node, _ what: String) throws(PackError) -> String {
    guard case .scalar(let scalar) = node else {
      throw error("\(what) must be text, not a \(kindName(node))", at: node)
    }
    let text = scalar.string.trimmingTrailingNewlines()
    guard !text.allSatisfy(\.isWhitespace) else {
      throw error("\(what) must not be empty", at: node)
    }
    return text
  }

  /// The items of a sequence.
  func sequence(_ node: Node, _ what: String) throws(PackError) -> [Node] {
    guard case .sequence(let sequence) = node else {
      throw error("\(what) must be a list, not a \(kindName(node))", at: node)
    }
    return Array(sequence)
  }

  /// A whole number within `range`.
  func integer(_ node: Node, _ what: String, in range: ClosedRange<Int>) throws(PackError) -> Int {
    guard case .scalar(let scalar) = node, let value = Int(scalar.string), range.contains(value)
    else {
      throw error(
        "\(what) must be a whole number from \(range.lowerBound) to \(range.upperBound)", at: node)
    }
    return value
  }

  /// An identifier: lower-case letters, digits and dashes, starting with a letter or digit.
  func identifier(_ node: Node, _ what: String) throws(PackError) -> String {
    let text = try string(node, what)
    guard PackLoader.isValidIdentifier(text) else {
      throw error(
        "\(what) '\(text)' is not a valid id; use lower-case letters, digits, '-' or '_'"
          + " (at most 40, starting with a letter or digit)", at: node)
    }
    return text
  }

  private func kindName(_ node: Node) -> String {
    switch node {
    case .scalar: "single value"
    case .mapping: "mapping"
    case .sequence: "list"
    case .alias: "alias"
    }
  }

  /// The checked keys of one mapping, with typed accessors.
  struct Fields {
    let reader: YAMLReader
    /// The mapping itself, for errors about it as a whole.
    let node: Node
    let values: [String: Node]
    let what: String

    subscript(key: String) -> Node? { values[key] }

    func string(_ key: String) throws(PackError) -> String {
      try reader.string(values[key] ?? node, "'\(key)' of \(what)")
    }

    func optionalString(_ key: String) throws(PackError) -> String? {
      guard let value = values[key] else { return nil }
      return try reader.string(value, "'\(key)' of \(what)")
    }

    func identifier(_ key: String) throws(PackError) -> String {
      try reader.identifier(values[key] ?? node, "'\(key)' of \(what)")
    }

    func list(_ key: String) throws(PackError) -> [Node] {
      guard let value = values[key] else { return [] }
      return try reader.sequence(value, "'\(key)' of \(what)")
    }
  }
}

extension String {
  /// The string without the newline a YAML block scalar ends with.
  func trimmingTrailingNewlines() -> String {
    var text = Substring(self)
    while text.last == "\n" { text = text.dropLast() }
    return String(text)
  }
}

extension Node {
  /// Whether this node, aliases expanded, holds no more values than `budget` (which is used
  /// up as the walk goes, so the walk itself never does more than the budget's worth).
  func fits(_ budget: inout Int) -> Bool {
    budget -= 1
    guard budget >= 0 else { return false }
    switch self {
    case .scalar, .alias: return true
    case .sequence(let sequence):
      for item in sequence where !item.fits(&budget) { return false }
      return true
    case .mapping(let mapping):
      for (key, value) in mapping where !key.fits(&budget) || !value.fits(&budget) {
        return false
      }
      return true
    }
  }
}
