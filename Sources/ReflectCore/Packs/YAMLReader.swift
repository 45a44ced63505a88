import Yams

/// Walks a composed YAML document with positions, turning every mistake into a
/// ``PackError/invalid(file:line:column:message:)`` that names the file, line and column.
///
/// Shared by the pack loader and the coach-rule loader so both report errors the same way.
struct YAMLReader: Sendable {
  /// The file name used in messages.
  var file: String

  /// Parses `text` into a node tree, mapping Yams' syntax errors onto file:line:column.
  func compose(_ text: String) throws(PackError) -> Node {
    do {
      guard let node = try Yams.compose(yaml: text) else {
        throw PackError.invalid(file: file, line: 1, column: 1, message: "the file is empty")
      }
      return node
    } catch let error as PackError {
      throw error
    } catch let error as YamlError {
      throw describe(error)
    } catch {
      throw .invalid(file: file, line: 1, column: 1, message: "\(error)")
    }
  }

  private func describe(_ error: YamlError) -> PackError {
    switch error {
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
      .composer(_, let problem, let mark, _):
      return .invalid(
        file: file, line: mark.line, column: mark.column, message: "YAML syntax: \(problem)")
    case .duplicatedKeysInMapping(let duplicates, let context):
      return .invalid(
        file: file, line: context.mark.line, column: context.mark.column,
        message: "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", "))")
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
    let allowed = text.unicodeScalars.allSatisfy {
      ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
    }
    guard allowed, let first = text.unicodeScalars.first, first != "-", first != "_",
      text.count <= 40
    else {
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
