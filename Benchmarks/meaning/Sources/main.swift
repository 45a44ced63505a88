// The sentence encoder's speed and memory, for docs/performance.md:
//   swift build -c release --product meaning-bench
//   .build/release/meaning-bench [MODEL_DIR] [--loops]
// One sentence (median and p99 of 200), a batch of 1,000, peak RSS; --loops also times the
// plain Swift matrix products against OpenBLAS.
import Foundation
import ReflectMeaning

let arguments = Array(CommandLine.arguments.dropFirst())
let folder = arguments.first { !$0.hasPrefix("--") } ?? ".build/models/all-MiniLM-L6-v2"
let compareLoops = arguments.contains("--loops")

func seconds(_ work: () -> Void) -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  work()
  return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// The CPU time of the whole process so far, in seconds (every thread's).
func cpu() -> Double {
  var time = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func status(_ field: String) -> String {
  let text = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
  let line = text.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
  return line.dropFirst(field.count + 1).trimmingCharacters(in: .whitespaces)
}

func percentile(_ values: [Double], _ fraction: Double) -> Double {
  let sorted = values.sorted()
  return sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]
}

let sentence = "I learned that asking for help early saves days later, even when it feels awkward."
let fixture = URL(fileURLWithPath: "Tests/Fixtures/Meaning/sentences.json")
let pool =
  ((try? JSONDecoder().decode([String].self, from: Data(contentsOf: fixture))) ?? [sentence])
  .filter { $0.count < 400 }
let thousand = (0..<1000).map { pool[$0 % pool.count] }

func measure(_ products: MatrixProducts, batch: Int) throws {
  let start = DispatchTime.now().uptimeNanoseconds
  let encoder = try Encoder.load(from: folder, products: products)
  let load = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  print("\(products): load \(String(format: "%.1f", load * 1000)) ms, RSS \(status("VmRSS"))")
  _ = encoder.embed([sentence])
  let runs = products == .blas ? 200 : 20
  let cpuStart = cpu()
  let times = (0..<runs).map { _ in seconds { _ = encoder.embed([sentence]) } * 1000 }
  let cpuEach = (cpu() - cpuStart) / Double(runs) * 1000
  let tokens = encoder.tokenIDs(sentence).count
  print(
    String(
      format: "  one sentence (%d tokens): median %.2f ms, p99 %.2f ms, %.2f ms CPU (%d runs)",
      tokens, percentile(times, 0.5), percentile(times, 0.99), cpuEach, runs))
  let texts = Array(thousand.prefix(batch))
  let average = Double(texts.map { encoder.tokenIDs($0).count }.reduce(0, +)) / Double(batch)
  let cpuBefore = cpu()
  let time = seconds { _ = encoder.embed(texts) }
  let cpuTime = cpu() - cpuBefore
  print(
    String(
      format: "  batch of %d (%.1f tokens each): %.2f s (%.2f s CPU), %.0f sentences/s", batch,
      average, time, cpuTime, Double(batch) / time))
  print("  peak RSS \(status("VmHWM")), now \(status("VmRSS"))")
  if products == .blas {
    let idCPU = cpu()
    let id = seconds { _ = encoder.modelID }
    print(
      String(
        format: "  model id (SHA-256 of the weights): %.0f ms (%.0f ms CPU)", id * 1000,
        (cpu() - idCPU) * 1000))
    print("  after the model id: peak RSS \(status("VmHWM"))")
  }
}

try measure(.blas, batch: 1000)
if compareLoops { try measure(.loops, batch: 100) }
