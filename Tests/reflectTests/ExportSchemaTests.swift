import Foundation
import ReflectTestSupport
import Testing

/// Every kind of JSON export, made by the binary, validates against docs/export.schema.json
/// (JSON Schema draft 2020-12, checked by Python's jsonschema from .build/venv).
@Suite struct ExportSchemaTests {
  static let schema = TestSupport.packageRoot.appendingPathComponent("docs/export.schema.json")
    .path
  static let validator = TestSupport.packageRoot.appendingPathComponent(
    "Tests/Fixtures/Schema/validate.py"
  ).path

  /// A home with no sessions at all.
  static func emptyHome() throws -> String {
    let home = TestSupport.temporaryDirectory() + "/home"
    try FileManager.default.createDirectory(
      atPath: home + "/transcripts", withIntermediateDirectories: true)
    chmod(home, 0o700)
    chmod(home + "/transcripts", 0o700)
    return home
  }

  @Test func everyKindOfExportValidatesAgainstTheSchema() throws {
    let exportTests = ExportTests()
    let standing = try ExportStandingTests.home()
    let kinds: [(String, String, [String])] = [
      ("empty", try Self.emptyHome(), []),
      ("golden", try exportTests.home(with: ExportTests.archive), []),
      ("scenarios", try exportTests.home(with: ExportTests.scenarioArchive), []),
      ("redacted", try exportTests.home(with: ExportTests.scenarioArchive), ["--redact"]),
      ("tag-filtered", standing, ["--tag", "research"]),
      ("since-filtered", standing, ["--since", "2026-03-01", "--until", "2026-03-05"]),
      ("one-session", standing, ["--session", "20260301-203000-aaaa"]),
      ("commitments", try ScorecardTopicsTests.home(ScorecardTopicsTests.commitments), []),
      ("topics", try ScorecardTopicsTests.home(ScorecardTopicsTests.topical), []),
    ]
    let folder = TestSupport.temporaryDirectory("schema")
    var files: [String] = []
    for (name, home, extra) in kinds {
      let path = folder + "/\(name).json"
      let run = try TestSupport.reflect(
        ["export", "--format", "json", "--home", home, "--output", path] + extra,
        environment: ["REFLECT_NOW": "2026-06-01"])
      #expect(run.status == 0, "\(name): \(run.stderr)")
      files.append(path)
    }
    let check = try TestSupport.run(TestSupport.python, [Self.validator, Self.schema] + files)
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
  }

  /// The schema is strict enough to catch drift: a field it does not know, a wrong type or a
  /// missing scorecard is refused.
  @Test func theSchemaRefusesAnExportThatDrifted() throws {
    let home = try ScorecardTopicsTests.home(ScorecardTopicsTests.commitments)
    let run = try TestSupport.reflect(["export", "--format", "json", "--home", home])
    let object = try #require(
      try JSONSerialization.jsonObject(with: run.stdoutData) as? [String: Any])
    let folder = TestSupport.temporaryDirectory("schema")
    var drifted: [[String: Any]] = []
    var unknown = object
    unknown["themesByMonth"] = []
    drifted.append(unknown)
    var wrongType = object
    wrongType["sessionCount"] = "3"
    drifted.append(wrongType)
    var missing = object
    missing["scorecard"] = nil
    drifted.append(missing)
    var oldVersion = object
    oldVersion["version"] = 3
    drifted.append(oldVersion)
    for (number, document) in drifted.enumerated() {
      let path = folder + "/drifted-\(number).json"
      try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: path))
      let check = try TestSupport.run(TestSupport.python, [Self.validator, Self.schema, path])
      #expect(check.status == 1, "drifted \(number): \(check.stdout)\(check.stderr)")
    }
  }
}
