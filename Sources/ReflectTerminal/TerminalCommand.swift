import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A program the person sees on this terminal (their editor, a pager), run through
/// `/bin/sh` in reflect's own process group.
///
/// Foundation's `Process` starts a child in a new process group: not the terminal's
/// foreground group, so a program that reads the terminal is stopped (`less` sat in state T
/// on a blank screen) or gets an error (vim exited at once). `posix_spawn` keeps reflect's
/// group. While the program runs reflect ignores Ctrl-C and Ctrl-\, which are the program's.
enum TerminalCommand {
  /// Runs `/bin/sh -c script name arguments…` and waits; returns its exit status (128 and
  /// more when a signal ended it, as a shell says), or `nil` when it could not be started.
  ///
  /// `input`, when given, is the program's stdin, through a pipe; a program that quits
  /// before reading all of it (`q` in a pager) simply ends it.
  static func run(_ script: String, name: String, arguments: [String] = [], input: String? = nil)
    -> Int32?
  {
    let argv = ["/bin/sh", "-c", script, name] + arguments
    var pointers: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
    defer { for pointer in pointers { free(pointer) } }
    let ignored = [SIGINT, SIGQUIT, SIGPIPE].map { ($0, signal($0, SIG_IGN)) }
    defer { for (number, handler) in ignored { signal(number, handler) } }
    // The program gets the default dispositions back.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for number in [SIGINT, SIGQUIT, SIGPIPE] { sigaddset(&defaults, number) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    // Both ends close on exec: the child's stdin is a dup of the reading end, and the
    // writing end stays reflect's alone, so the program sees the end of the text.
    var ends: [Int32] = [-1, -1]
    if input != nil {
      guard pipe(&ends) == 0 else { return nil }
      for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
      posix_spawn_file_actions_adddup2(&actions, ends[0], STDIN_FILENO)
    }
    var child: pid_t = 0
    let spawned = posix_spawn(&child, "/bin/sh", &actions, &attributes, &pointers, environ)
    if let input {
      close(ends[0])
      if spawned == 0 { writeAll(input, to: ends[1]) }
      close(ends[1])
    }
    guard spawned == 0 else { return nil }
    var status: Int32 = 0
    while waitpid(child, &status, 0) == -1 {
      guard errno == EINTR else { return 128 }
    }
    // Exited: its code; killed by a signal: 128 and more, as a shell says.
    let signalled = status & 0x7F
    return signalled == 0 ? (status >> 8) & 0xFF : 128 + signalled
  }

  /// Writes all of `text` to `descriptor`, stopping quietly when the reader has gone.
  private static func writeAll(_ text: String, to descriptor: Int32) {
    let bytes = Array(text.utf8)
    var offset = 0
    bytes.withUnsafeBytes { buffer in
      guard let start = buffer.baseAddress else { return }
      while offset < buffer.count {
        let written = write(descriptor, start + offset, buffer.count - offset)
        if written > 0 {
          offset += written
        } else if written == -1 && errno == EINTR {
          continue
        } else {
          return
        }
      }
    }
  }

  /// The path of the executable `name` in the folders of `PATH`, or `nil`.
  static func find(_ name: String, in environment: [String: String]) -> String? {
    let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
    return folders.lazy.map { "\($0)/\(name)" }.first { access($0, X_OK) == 0 }
  }
}
