import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The output of one run of a program.
public struct RunResult: Sendable {
  public var status: Int32
  public var stdout: String
  public var stderr: String
  public var stdoutData: Data
}

/// Helpers shared by the test targets.
public enum TestSupport {
  /// The package root (the folder holding Package.swift).
  public static let packageRoot: URL = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
      url.deleteLastPathComponent()
      if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
        return url
      }
    }
    return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
  }()

  /// The built `reflect` binary beside the test bundle.
  public static var reflectBinary: String {
    let candidates = [
      Bundle.main.bundleURL.appendingPathComponent("reflect").path,
      Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("reflect").path,
      packageRoot.appendingPathComponent(".build/debug/reflect").path,
    ]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[2]
  }

  /// The Python of `.build/venv`, which has the packages the tests use
  /// (Tests/requirements.txt: `make test` installs them there, never in your own
  /// site-packages).
  public static var python: String {
    packageRoot.appendingPathComponent(".build/venv/bin/python3").path
  }

  /// A new empty private folder, removed by nobody (the OS cleans /tmp).
  public static func temporaryDirectory(_ label: String = "reflect") -> String {
    let path = NSTemporaryDirectory() + "/\(label)-\(UUID().uuidString.prefix(13).lowercased())"
    mkdir(path, 0o700)
    return path
  }

  /// The command `/bin/sh PATH` that runs `body`, a fake editor (or pager) in a new folder.
  ///
  /// The shell reads the script rather than executing it, so a
  /// script just written never fails with "text file busy" when another test's child holds
  /// the file open for an instant; the folder holds nothing else, for the script's own notes.
  public static func script(_ body: String, label: String = "editor") throws -> String {
    let path = temporaryDirectory(label) + "/fake-\(label)"
    try ("#!/bin/sh\n" + body + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    return "/bin/sh " + path
  }

  /// Runs `reflect` with `arguments`, feeding `input` on stdin.
  public static func reflect(
    _ arguments: [String], input: String = "", environment: [String: String] = [:]
  ) throws -> RunResult {
    try run(reflectBinary, arguments, input: Data(input.utf8), environment: environment)
  }

  /// Runs a program to completion with piped stdin, stdout and stderr.
  public static func run(
    _ executable: String, _ arguments: [String], input: Data = Data(),
    environment: [String: String] = [:]
  ) throws -> RunResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = nil
    env["REFLECT_HOME"] = nil
    // The editor is the test's own (a fake), never one set for the developer.
    env["REFLECT_EDITOR"] = nil
    // Dates in output are local: pin the zone so results do not depend on the machine.
    env["TZ"] = "UTC"
    // Never read or write the developer's own packs or reflections.
    let isolated = temporaryDirectory("xdg")
    env["XDG_CONFIG_HOME"] = isolated + "/config"
    env["XDG_DATA_HOME"] = isolated + "/data"
    for (key, value) in environment { env[key] = value }
    process.environment = env
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    let writer = Thread {
      try? stdin.fileHandleForWriting.write(contentsOf: input)
      try? stdin.fileHandleForWriting.close()
    }
    writer.start()
    let errorBox = DataBox()
    let reader = Thread { errorBox.data = stderr.fileHandleForReading.readDataToEndOfFile() }
    reader.start()
    let out = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !errorBox.done { usleep(1000) }
    return RunResult(
      status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
      stderr: String(decoding: errorBox.data, as: UTF8.self), stdoutData: out)
  }

  /// Runs a program with stdin from /dev/null and stdout and stderr into `outputPath`, and
  /// waits for it with waitpid.
  public static func spawnAndWait(_ arguments: [String], outputPath: String) throws -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    // Start with default signal handling and nothing blocked, whatever this thread has.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var empty = sigset_t()
    sigemptyset(&empty)
    var all = sigset_t()
    sigfillset(&all)
    sigdelset(&all, SIGKILL)
    sigdelset(&all, SIGSTOP)
    posix_spawnattr_setsigmask(&attributes, &empty)
    posix_spawnattr_setsigdefault(&attributes, &all)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid: pid_t = 0
    let result = posix_spawn(&pid, arguments[0], &actions, &attributes, &argv, environ)
    guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EIO) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return (status >> 8) & 0xFF
  }

  /// The mode bits (`0o777`) of a path.
  public static func mode(_ path: String) -> Int {
    var status = stat()
    guard stat(path, &status) == 0 else { return -1 }
    return Int(status.st_mode & 0o777)
  }

  /// The transcript files under a reflect home.
  public static func transcripts(home: String) -> [String] {
    let directory = home + "/transcripts"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    return names.filter { $0.hasSuffix(".jsonl") }.sorted().map { directory + "/" + $0 }
  }

  /// Whether a command is on PATH.
  public static func hasCommand(_ name: String) -> Bool {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").contains {
      FileManager.default.isExecutableFile(atPath: "\($0)/\(name)")
    }
  }
}

/// Collects data from a reader thread.
final class DataBox: @unchecked Sendable {
  private let lock = NSLock()
  private var storage = Data()
  private var finished = false

  var data: Data {
    get { lock.withLock { storage } }
    set {
      lock.withLock {
        storage = newValue
        finished = true
      }
    }
  }

  var done: Bool { lock.withLock { finished } }

  func append(_ chunk: Data) { lock.withLock { storage.append(chunk) } }
}

/// Markdown rendered by markdown-it-py (`Tests/Fixtures/Markdown/render.py`), a CommonMark
/// renderer, to check what a note shows.
public enum MarkdownRenderer {
  /// What one snippet rendered to.
  public struct Result: Sendable {
    /// The HTML elements, in order (opening tags).
    public var tags: [String]
    /// The words a reader sees.
    public var text: String
    /// The HTML itself.
    public var html: String
  }

  /// Renders each of `snippets`.
  public static func render(_ snippets: [String]) throws -> [Result] {
    let script = TestSupport.packageRoot.appendingPathComponent("Tests/Fixtures/Markdown/render.py")
      .path
    let run = try TestSupport.run(
      TestSupport.python, [script], input: try JSONSerialization.data(withJSONObject: snippets))
    guard run.status == 0,
      let array = try JSONSerialization.jsonObject(with: run.stdoutData) as? [[String: Any]]
    else {
      throw RenderError(message: run.stderr)
    }
    return array.map {
      Result(
        tags: $0["tags"] as? [String] ?? [], text: $0["text"] as? String ?? "",
        html: $0["html"] as? String ?? "")
    }
  }

  /// markdown-it-py could not run (`make test` installs it in .build/venv).
  public struct RenderError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { "markdown-it-py failed: \(message)" }
  }
}
