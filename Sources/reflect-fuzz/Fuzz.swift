// libFuzzer targets (`make fuzz`): each checks an invariant of one part of reflect on
// arbitrary bytes and traps when it breaks. REFLECT_FUZZ names the target:
// transcript, pack, sanitiser, escapers, coach, search, imports.
import Foundation
import ReflectCore

/// The target chosen for this run (read once).
let target = ProcessInfo.processInfo.environment["REFLECT_FUZZ"] ?? "transcript"
let packs = PackLibrary()
let rules = try? CoachRules.builtIn()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Int32 {
  let data = Data(bytes: bytes, count: count)
  switch target {
  case "transcript": FuzzChecks.transcript(data)
  case "pack": FuzzChecks.pack(data)
  case "sanitiser": FuzzChecks.sanitiser(data)
  case "escapers": FuzzChecks.escapers(data)
  case "search": FuzzChecks.search(data)
  case "imports": FuzzChecks.imports(data)
  case "coach":
    if let rules, let pack = try? packs.pack("collaboration") {
      FuzzChecks.coach(data, pack: pack, rules: rules)
    }
  default: fatalError("unknown REFLECT_FUZZ target '\(target)'")
  }
  return 0
}
