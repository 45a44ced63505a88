import Foundation

/// A program running in a detached tmux pane on a private tmux server, driven with
/// send-keys and read with capture-pane.
public final class TmuxPane {
  private let socket: String
  private let target = "t"

  /// Starts `command` (a shell command line) in a `width`×`height` pane.
  public init(_ command: String, width: Int = 110, height: Int = 40) throws {
    socket = "reflect-test-\(getpid())-\(UUID().uuidString.prefix(8))"
    // The shell prints the exit status on the screen (older tmux has no pane_dead_status).
    // The pane stays after its command ends: set for the server before the session is made
    // (set after, a command quicker than the next tmux client closed the pane, and with it
    // the server).
    _ = try tmux([
      "start-server", ";", "set-option", "-g", "remain-on-exit", "on", ";",
      "new-session", "-d", "-s", target, "-x", String(width), "-y", String(height),
      "\(command); echo \"[exit status $?]\"",
    ])
  }

  deinit { _ = try? tmux(["kill-server"]) }

  /// Runs a tmux client.
  ///
  /// Its output goes through a file, and it is started with
  /// posix_spawn and reaped with waitpid: Foundation's Process never saw the exit of a tmux
  /// client that had forked its server, and a pipe would be held open by that server.
  @discardableResult
  private func tmux(_ arguments: [String]) throws -> RunResult {
    let outputPath = NSTemporaryDirectory() + "/tmux-out-\(UUID().uuidString)"
    defer { unlink(outputPath) }
    let status = try TestSupport.spawnAndWait(
      ["/usr/bin/env", "tmux", "-L", socket] + arguments, outputPath: outputPath)
    let data = FileManager.default.contents(atPath: outputPath) ?? Data()
    return RunResult(
      status: status, stdout: String(decoding: data, as: UTF8.self), stderr: "", stdoutData: data)
  }

  /// Sends keys as tmux names them (`Enter`, `Tab`, `C-c`, `Left`) or literal text.
  public func send(_ keys: String...) throws {
    try tmux(["send-keys", "-t", target] + keys)
  }

  /// Sends `text` literally (no key-name lookup).
  public func type(_ text: String) throws {
    try tmux(["send-keys", "-t", target, "-l", text])
  }

  /// The visible screen, plain text (with `escapes`, including colour codes).
  public func screen(escapes: Bool = false) throws -> String {
    try tmux(
      ["capture-pane", "-p", "-J"] + (escapes ? ["-e"] : []) + ["-t", target, "-S", "-200"]
    )
    .stdout
  }

  /// The pane's title, as programs in it may set it.
  public func title() throws -> String {
    try tmux(["display", "-p", "-t", target, "#{pane_title}"]).stdout
  }

  /// Waits until `predicate` holds for the screen (polling), returning the screen.
  @discardableResult
  public func waitFor(
    _ what: String, timeout: TimeInterval = 60, _ predicate: (String) -> Bool
  ) throws -> String {
    let deadline = Date().addingTimeInterval(timeout)
    var last = ""
    while Date() < deadline {
      last = try screen()
      if predicate(last) { return last }
      usleep(50_000)
    }
    throw TmuxTimeout(waitingFor: what, screen: last)
  }

  /// Waits until the screen contains `text` `count` times or more.
  @discardableResult
  public func waitFor(_ text: String, count: Int = 1, timeout: TimeInterval = 60) throws -> String {
    try waitFor("'\(text)' ×\(count)", timeout: timeout) {
      $0.components(separatedBy: text).count - 1 >= count
    }
  }

  /// Waits for the program to exit and returns its status.
  public func waitForExit(timeout: TimeInterval = 60) throws -> Int32 {
    let screen = try waitFor("exit", timeout: timeout) { $0.contains("[exit status ") }
    let tail = screen.components(separatedBy: "[exit status ").last ?? ""
    return Int32(tail.prefix { $0.isNumber }) ?? -1
  }
}

/// The screen never showed what a test waited for.
public struct TmuxTimeout: Error, CustomStringConvertible {
  public var waitingFor: String
  public var screen: String
  public var description: String { "timed out waiting for \(waitingFor); screen:\n\(screen)" }
}

/// A program with piped stdin/stdout that a test feeds line by line.
public final class PipedProcess {
  public let process = Process()
  private let input = Pipe()
  private let output = Pipe()
  private let box = DataBox()

  /// Starts `executable` with `arguments`.
  public init(_ executable: String, _ arguments: [String], environment: [String: String] = [:])
    throws
  {
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    for (key, value) in environment { env[key] = value }
    process.environment = env
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    let handle = output.fileHandleForReading
    let box = self.box
    Thread {
      var all = Data()
      while true {
        let chunk = handle.availableData
        if chunk.isEmpty { break }
        all.append(chunk)
        box.append(chunk)
      }
    }.start()
  }

  /// Everything the program has written to stdout so far.
  public var stdout: String { String(decoding: box.data, as: UTF8.self) }

  /// Writes one line to the program's stdin.
  public func send(_ line: String) throws {
    try input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
  }

  /// Waits until stdout contains `text` at least `count` times.
  public func waitFor(_ text: String, count: Int, timeout: TimeInterval = 60) throws {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
      if stdout.components(separatedBy: text).count - 1 >= count { return }
      usleep(10_000)
    }
    throw TmuxTimeout(waitingFor: "'\(text)' ×\(count)", screen: stdout)
  }

  /// Sends SIGKILL and waits for the process to die.
  public func kill9() {
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
  }
}
