import Foundation

/// The person's text editor: `$REFLECT_EDITOR` (which the settings file's `editor` sets,
/// unless the variable is set already), else `$VISUAL`, else `$EDITOR`, else the first of
/// `nano` and `vi` found on `PATH`.
public enum ExternalEditor {
  /// The command to run, or `nil` when there is none: the one place `amend` and `/edit`
  /// find it, in the order `config show` reports.
  public static func command(_ environment: [String: String]) -> String? {
    for key in ["REFLECT_EDITOR", "VISUAL", "EDITOR"] {
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
  /// `vim -c 'set tw=72'` work; the path is passed as an argument, never spliced in. It is
  /// spawned in reflect's own process group (Foundation's `Process` starts a new one, where
  /// an editor that reads the terminal is stopped or gets an error: vim exits at once), and
  /// while it runs reflect ignores Ctrl-C and Ctrl-\, which are the editor's.
  public static func edit(_ path: String, with command: String) -> Int32 {
    let arguments = ["/bin/sh", "-c", command + " \"$1\"", "reflect-editor", path]
    var pointers: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
    defer { for pointer in pointers { free(pointer) } }
    let ignored = [SIGINT, SIGQUIT].map { ($0, signal($0, SIG_IGN)) }
    defer { for (number, handler) in ignored { signal(number, handler) } }
    // The editor gets the default dispositions back.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGINT)
    sigaddset(&defaults, SIGQUIT)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
    var child: pid_t = 0
    guard posix_spawn(&child, "/bin/sh", nil, &attributes, &pointers, environ) == 0 else {
      return 127
    }
    var status: Int32 = 0
    while waitpid(child, &status, 0) == -1 {
      guard errno == EINTR else { return 128 }
    }
    // Exited: its code; killed by a signal: 128 and more, as a shell says.
    let signalled = status & 0x7F
    return signalled == 0 ? (status >> 8) & 0xFF : 128 + signalled
  }
}
