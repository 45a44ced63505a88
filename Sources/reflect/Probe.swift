import Foundation

func rssProbe(_ label: String) {
  guard ProcessInfo.processInfo.environment["RSS_PROBE"] != nil,
    let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)
  else { return }
  for line in text.split(separator: "\n") where line.hasPrefix("VmRSS") || line.hasPrefix("VmHWM") {
    FileHandle.standardError.write(Data("\(label): \(line)\n".utf8))
  }
}
