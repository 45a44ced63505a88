import CReadline
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What reading a line gave.
public enum LineInput: Equatable, Sendable {
  /// A line, without its newline.
  case line(String)
  /// End of input: Ctrl-D on an empty line, a closed pipe, Ctrl-C twice, SIGTERM or SIGHUP.
  case end
}

/// Slash commands offered by Tab; set once before the first read.
private let completionWords = Mutex<[String]>([])

/// Reads lines with GNU readline on a terminal and plain `readLine` from a pipe.
///
/// On a terminal: line editing, in-session history (Up/Down, Ctrl-R) that is never written to
/// disk, Tab completion of slash commands at the start of a line, Ctrl-C clears the line and
/// twice on an empty line ends input. This is the only file that imports CReadline.
public final class LineEditor {
  /// Whether readline is in use.
  public let interactive: Bool

  /// Creates an editor; `commands` are completed by Tab when they start the line.
  public init(interactive: Bool, commands: [String]) {
    self.interactive = interactive
    guard interactive else { return }
    completionWords.withLock { $0 = commands.sorted() }
    crl_setup("reflect", completeCommand)
  }

  /// Reads one line after showing `prompt`; `prefill` puts editable text on the line first.
  public func read(prompt: String, prefill: String? = nil) -> LineInput {
    guard interactive else {
      guard let line = readLine(strippingNewline: true) else { return .end }
      return .line(line)
    }
    guard let raw = crl_readline(prompt, prefill) else {
      StandardStreams.out("\n")
      return .end
    }
    defer { free(raw) }
    let line = String(cString: raw)
    let entry = line.trimmingCharacters(in: .whitespaces)
    if !entry.isEmpty, crl_last_history_line().map({ String(cString: $0) }) != entry {
      crl_add_history(entry)
    }
    return .line(line)
  }

  /// Wraps `text` so readline does not count it when measuring the prompt (colour codes).
  public static func invisible(_ text: String) -> String { "\u{01}" + text + "\u{02}" }

  /// The completions of `prefix` among `commands` (trailing spaces ignored).
  public static func completions(of prefix: String, among commands: [String]) -> [String] {
    commands.filter { $0.hasPrefix(prefix) }.sorted()
  }
}

private func commandGenerator(
  _ text: UnsafePointer<CChar>?, _ state: Int32
) -> UnsafeMutablePointer<CChar>? {
  guard let text else { return nil }
  let words = completionWords.withLock { $0 }
  let matches = LineEditor.completions(of: String(cString: text), among: words)
  let index = Int(state)
  return index < matches.count ? strdup(matches[index]) : nil
}

private func completeCommand(
  _ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32
) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
  crl_set_attempted_completion_over(1)
  guard start == 0, let text, String(cString: text).hasPrefix("/") else { return nil }
  return rl_completion_matches(text, commandGenerator)
}

/// stdout and stderr through the same C stdio streams readline uses, flushed at once.
enum StandardStreams {
  static func out(_ text: String) { crl_write_stdout(text) }
  static func error(_ text: String) { crl_write_stderr(text) }
}

/// Unbuffered, unechoed terminal input (for paced replay), restored on ``end()`` and also
/// when SIGTERM, SIGHUP, SIGINT or SIGQUIT ends the process meanwhile.
enum RawTerminal {
  /// Switches stdin to raw input; `false` when stdin is no terminal.
  static func begin() -> Bool { crl_raw_begin() == 0 }

  /// Puts the terminal back.
  static func end() { crl_raw_end() }
}
