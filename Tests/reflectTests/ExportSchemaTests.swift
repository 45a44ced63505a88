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
    let ideas = try IdeasExportTests.home(IdeasExportTests.sessions())
    let words = ["REFLECT_MODEL": "/nonexistent"]
    var kinds: [(String, String, [String], [String: String])] = [
      ("empty", try Self.emptyHome(), []),
      ("golden", try exportTests.home(with: ExportTests.archive), []),
      ("scenarios", try exportTests.home(with: ExportTests.scenarioArchive), []),
      ("redacted", try exportTests.home(with: ExportTests.scenarioArchive), ["--redact"]),
      ("tag-filtered", standing, ["--tag", "research"]),
      ("since-filtered", standing, ["--since", "2026-03-01", "--until", "2026-03-05"]),
      ("one-session", standing, ["--session", "20260301-203000-aaaa"]),
      ("commitments", try ScorecardTopicsTests.home(ScorecardTopicsTests.commitments), []),
      ("topics", try ScorecardTopicsTests.home(ScorecardTopicsTests.topical), []),
    ].map { ($0.0, $0.1, $0.2, [:]) }
    // The same lessons by words (none the same words) and by meaning when the model is
    // installed (one idea written three ways); weeks and ideas over three years.
    kinds.append(("ideas-words", ideas, [], words))
    if RealModel.isInstalled { kinds.append(("ideas-meaning", ideas, [], [:])) }
    kinds.append(
      ("activity", try HTMLReportTests.archive(sessions: 150, days: 1_050), [], words))
    let folder = TestSupport.temporaryDirectory("schema")
    var files: [String] = []
    for (name, home, extra, environment) in kinds {
      let path = folder + "/\(name).json"
      let run = try TestSupport.reflect(
        ["export", "--format", "json", "--home", home, "--output", path] + extra,
        environment: environment.merging(["REFLECT_NOW": "2026-06-01"]) { $1 })
      #expect(run.status == 0, "\(name): \(run.stderr)")
      files.append(path)
      // Each of these holds what it was made for, so the schema is checked against it.
      let object =
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        as? [String: Any] ?? [:]
      let meaning = object["meaning"] as? [String: Any]
      if name == "ideas-meaning" || name == "activity" {
        #expect((object["ideas"] as? [Any])?.isEmpty == false, "\(name)")
        #expect(object["movement"] != nil, "\(name)")
      }
      if name == "ideas-meaning" {
        #expect(meaning?["recurringMatchedBy"] as? String == "meaning", "\(name)")
        #expect(meaning?["threshold"] as? Double == 0.55, "\(name): as the docs write it")
      }
      if name == "activity" { #expect((object["activity"] as? [Any])?.count ?? 0 > 100) }
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
    // An idea, a week or the meaning with a key the schema does not know, and `changes`.
    let idea: [String: Any] = [
      "label": "Trust takes time", "latest": "Trust takes time", "wordings": ["Trust takes time"],
      "sessions": 2, "first": "2026-01-01T09:00:00+00:00", "last": "2026-02-01T09:00:00+00:00",
      "dates": ["2026-01-01", "2026-02-01"], "texts": ["Trust takes time"],
    ]
    var oddIdea = object
    oddIdea["ideas"] = [idea]
    drifted.append(oddIdea)
    var emptyWeek = object
    emptyWeek["activity"] = [["week": "2026-03-02", "sessions": 0]]
    drifted.append(emptyWeek)
    var oddMeaning = object
    oddMeaning["meaning"] = ["recurringMatchedBy": "stages"]
    drifted.append(oddMeaning)
    var changes = object
    changes["changes"] = ["since": "2026-03-01"]
    drifted.append(changes)
    for (number, document) in drifted.enumerated() {
      let path = folder + "/drifted-\(number).json"
      try JSONSerialization.data(withJSONObject: document).write(to: URL(fileURLWithPath: path))
      let check = try TestSupport.run(TestSupport.python, [Self.validator, Self.schema, path])
      #expect(check.status == 1, "drifted \(number): \(check.stdout)\(check.stderr)")
    }
  }
}
