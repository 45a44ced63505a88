import Foundation

/// The person's text editor: `$VISUAL`, else `$EDITOR`, else the first of `nano` and `vi`
/// found on `PATH`.
public enum ExternalEditor {
  /// The command to run, or `nil` when there is none.
  public static func command(_ environment: [String: String]) -> String? {
    for key in ["VISUAL", "EDITOR"] {
      if let value = environment[key]?.trimmingCharacters(in: .whitespaces), !value.isEmpty {
        return value
      }
    }
    let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
    for name in ["nano", "vi"] {
      for folder in folders where access("\(folder)/\(name)", X_OK) == 0 {
        return "\(folder)/\(name)"
      }
    }
    return nil
  }

  /// Runs `command` on `path` on this terminal and waits; returns its exit status.
  ///
  /// The command goes through `/bin/sh`, as git runs an editor, so `code --wait` or
  /// `vim -c 'set tw=72'` work; the path is passed as an argument, never spliced in.
  public static func edit(_ path: String, with command: String) -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command + " \"$1\"", "reflect-editor", path]
    do {
      try process.run()
    } catch {
      return 127
    }
    process.waitUntilExit()
    return process.terminationReason == .exit ? process.terminationStatus : 128
  }
}
