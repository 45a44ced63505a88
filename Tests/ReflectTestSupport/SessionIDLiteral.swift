import ReflectCore

/// A session id for a test: `name` itself when it is one, otherwise an id made from it
/// (`"a"` → `20260101-000000-a000`), so short names stay readable in tests.
public func testID(_ name: String) -> SessionID {
  if let id = SessionID(name) { return id }
  let suffix = String(
    name.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.prefix(8))
  let padded = suffix + String(repeating: "0", count: max(0, 4 - suffix.count))
  guard let id = SessionID("20260101-000000-" + padded) else {
    preconditionFailure("no id can be made of '\(name)'")
  }
  return id
}

/// Ids written as literals in tests: an id, or a short name made into one by ``testID(_:)``.
extension SessionID: ExpressibleByStringLiteral {
  public init(stringLiteral value: String) { self = testID(value) }
}
