import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Waits for a time that a key press cuts short, for paced replay.
///
/// On a terminal, input is switched to unbuffered, unechoed mode (restored by ``restore()``),
/// so any key skips the current pause and Ctrl-C (read as a byte, not a signal) skips all
/// the rest. Without a terminal it simply sleeps.
public final class KeyWait {
  /// What ended a wait.
  public enum Outcome: Sendable, Equatable {
    /// The time passed.
    case elapsed
    /// A key was pressed: skip this pause.
    case key
    /// Ctrl-C: skip every pause from now on.
    case interrupt
  }

  private var raw = false

  /// Prepares the terminal, if stdin is one (SIGTERM, SIGHUP, SIGINT or SIGQUIT meanwhile restore it too).
  public init() {
    raw = RawTerminal.begin()
  }

  deinit { restore() }

  /// Puts the terminal back as it was.
  public func restore() {
    guard raw else { return }
    RawTerminal.end()
    raw = false
  }

  /// Waits up to `seconds`, or until a key.
  public func wait(_ seconds: TimeInterval) -> Outcome {
    guard seconds > 0 else { return .elapsed }
    guard raw else {
      usleep(useconds_t(seconds * 1_000_000))
      return .elapsed
    }
    var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
    guard poll(&descriptor, 1, Int32(seconds * 1000)) > 0 else { return .elapsed }
    var byte: UInt8 = 0
    guard read(STDIN_FILENO, &byte, 1) == 1 else { return .interrupt }
    return byte == 0x03 ? .interrupt : .key
  }
}
