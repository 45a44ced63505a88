import Foundation
import ReflectTestSupport
import Testing

@testable import ReflectCore

/// Every input in the fuzz corpora (seeds, and any crash `make fuzz` ever found) goes
/// through the same invariant checks as the fuzzer, so a fixed crash stays fixed.
@Suite struct FuzzCorpusTests {
  static let root = TestSupport.packageRoot.appendingPathComponent("Tests/Fixtures/Fuzz").path

  static func inputs(_ target: String) -> [String] {
    let folder = root + "/" + target
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.sorted().map { folder + "/" + $0 }
  }

  @Test(arguments: ["transcript", "pack", "sanitiser", "escapers", "coach", "search", "imports"])
  func everyCorpusInputHoldsTheInvariants(target: String) throws {
    let files = Self.inputs(target)
    #expect(!files.isEmpty, "the \(target) corpus has seeds")
    let pack = try PackLibrary().pack("collaboration")
    let rules = try CoachRules.builtIn()
    for file in files {
      let data = try Data(contentsOf: URL(fileURLWithPath: file))
      switch target {
      case "transcript": FuzzChecks.transcript(data)
      case "pack": FuzzChecks.pack(data)
      case "sanitiser": FuzzChecks.sanitiser(data)
      case "escapers": FuzzChecks.escapers(data)
      case "search": FuzzChecks.search(data)
      case "imports": FuzzChecks.imports(data)
      default: FuzzChecks.coach(data, pack: pack, rules: rules)
      }
    }
  }
}
