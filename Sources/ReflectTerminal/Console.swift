import Foundation
import ReflectCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Styles reflect uses; shown as colour only on a terminal without `NO_COLOR`.
public enum Style: Sendable {
  case plain, coach, person, heading, dim, warning, error, highlight

  var code: String? {
    switch self {
    case .plain: nil
    case .coach: "36"
    case .person: "33"
    case .heading: "1"
    case .dim: "2"
    case .warning: "33"
    case .error: "31"
    case .highlight: "1;4"
    }
  }
}

/// The one place reflect writes to the terminal: every piece of text is sanitised here,
/// and colour comes only from reflect's own ``Style`` codes.
public struct Console: Sendable {
  /// Whether colour codes are written to stdout.
  public let colorOutput: Bool
  /// Whether colour codes are written to stderr.
  public let colorErrors: Bool
  /// Whether stdin is an interactive terminal (readline is used).
  public let interactive: Bool
  /// Whether stdout is a terminal.
  public let isTerminal: Bool
  /// Whether stderr is a terminal (progress is shown only then).
  public let errorsAreTerminal: Bool
  /// Where stdout text goes (the process's stdout, or a test's buffer).
  let out: @Sendable (String) -> Void
  /// Where stderr text goes.
  let err: @Sendable (String) -> Void

  /// A console writing to `out` and `err` instead of the process's streams (for tests):
  /// no terminal, colour only when `color` is set.
  public init(
    color: Bool = false, out: @escaping @Sendable (String) -> Void,
    err: @escaping @Sendable (String) -> Void
  ) {
    colorOutput = color
    colorErrors = color
    interactive = false
    isTerminal = false
    errorsAreTerminal = false
    self.out = out
    self.err = err
  }

  /// Detects terminals and colour from the environment.
  ///
  /// Colour, in order: `--color always|never` (passed on as `REFLECT_COLOR`) decides; else
  /// a non-empty `NO_COLOR` turns it off; else a `FORCE_COLOR` that is not empty or `0` turns
  /// it on; else colour only on a terminal whose `TERM` is not `dumb`.
  public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
    let dumb = environment["TERM"] == "dumb"
    let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
    let force = environment["FORCE_COLOR"].map { !$0.isEmpty && $0 != "0" } ?? false
    func decide(_ terminal: Bool) -> Bool {
      switch environment["REFLECT_COLOR"] ?? "auto" {
      case "always": true
      case "never": false
      default: noColor ? false : force ? true : terminal && !dumb
      }
    }
    colorOutput = decide(isatty(STDOUT_FILENO) == 1)
    colorErrors = decide(isatty(STDERR_FILENO) == 1)
    interactive = isatty(STDIN_FILENO) == 1 && !dumb
    isTerminal = isatty(STDOUT_FILENO) == 1
    errorsAreTerminal = isatty(STDERR_FILENO) == 1
    out = StandardStreams.out
    err = StandardStreams.error
  }

  /// `text`, sanitised, wrapped in `style`'s colour when colour is on for stdout.
  public func styled(_ text: String, _ style: Style, keepNewlines: Bool = true) -> String {
    Self.paint(VisibleText.sanitize(text, keepNewlines: keepNewlines), style, colorOutput)
  }

  /// The label of an input line ("values ›"), in the prompt style: colour codes marked
  /// invisible to readline, so it measures the line right.
  public func promptLabel(_ label: String) -> String {
    guard colorOutput else { return VisibleText.sanitize(label) + " › " }
    return LineEditor.invisible("\u{1B}[1;\(Style.person.code ?? "33")m")
      + VisibleText.sanitize(label) + " ›" + LineEditor.invisible("\u{1B}[0m") + " "
  }

  /// Text that reflect itself wrote (never user text), in `style`.
  public func decorated(_ trusted: String, _ style: Style) -> String {
    Self.paint(trusted, style, colorOutput)
  }

  public static func paint(_ text: String, _ style: Style, _ on: Bool) -> String {
    guard on, let code = style.code, !text.isEmpty else { return text }
    return "\u{1B}[\(code)m\(text)\u{1B}[0m"
  }

  /// Writes a line to stdout (already styled or sanitised pieces) and flushes it, so a
  /// program reading reflect through a pipe never waits on a buffer.
  public func line(_ text: String = "") {
    out(text + "\n")
  }

  /// Writes user-derived `text` to stdout in `style`.
  public func say(_ text: String, _ style: Style = .plain) {
    line(styled(text, style))
  }

  /// Shows `question` without ending the line and reads the reply (`nil` at end of input).
  public func ask(_ question: String) -> String? {
    write(VisibleText.sanitize(question))
    return readLine(strippingNewline: true)
  }

  /// Writes a diagnostic to stderr, sanitised (it may name files or quote input).
  public func warn(_ text: String) {
    let message = Self.paint(VisibleText.sanitize(text), .warning, colorErrors)
    err("reflect: " + message + "\n")
  }

  /// Rewrites a progress line on stderr (a terminal only); `finished` ends the line.
  public func progress(_ text: String, finished: Bool) {
    err(
      "\r" + VisibleText.sanitize(text, keepNewlines: false) + (finished ? "\n" : ""))
  }

  /// Writes an error message (already composed by reflect, sanitised again) to stderr.
  public func error(_ text: String) {
    err(VisibleText.sanitize(text) + "\n")
  }

  /// Writes a whole document (an export, JSON): byte for byte into a pipe or file, and
  /// sanitised (and paged when longer than the screen) when stdout is a terminal.
  public func document(_ text: String) {
    guard isTerminal else { return write(text) }
    page(Self.wrapLines(VisibleText.sanitize(text), width: Console.columns()))
  }

  /// Each line of `text` longer than `width` wrapped at word boundaries, continuation lines
  /// indented like the line they continue (a document read on a terminal).
  static func wrapLines(_ text: String, width: Int) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
      // An underline ("=====") is cut to the width rather than wrapped.
      if line.count > width, let first = line.first, "=-".contains(first),
        line.allSatisfy({ $0 == first })
      {
        return String(line.prefix(width))
      }
      let indent = line.prefix { $0 == " " || $0 == ">" }.count
      return TextWrap.wrap(String(line), width: width, indent: indent, first: 0)
    }.joined(separator: "\n")
  }

  /// Writes a report assembled from already sanitised pieces and reflect's own styles,
  /// paged when longer than the screen.
  public func styledDocument(_ text: String) {
    guard isTerminal else { return write(text) }
    page(text)
  }

  /// Shows `text` through a pager when it is longer than the screen.
  ///
  /// The pager is `$REFLECT_PAGER`, else `$PAGER`, else `less -FRX` (when `less` is on
  /// `PATH`). It runs on this terminal in reflect's process group (``TerminalCommand``), so
  /// it can read the keys typed. Never into a pipe; not with `--no-pager` (passed on as
  /// `REFLECT_NO_PAGER`).
  func page(_ text: String) {
    let environment = ProcessInfo.processInfo.environment
    var size = winsize()
    let rows = ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 ? Int(size.ws_row) : 24
    let lines = text.reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
    let chosen = [environment["REFLECT_PAGER"], environment["PAGER"]].compactMap { $0 }.first {
      !$0.isEmpty
    }
    let command =
      chosen ?? (TerminalCommand.find("less", in: environment) == nil ? nil : "less -FRX")
    guard environment["REFLECT_NO_PAGER"] == nil, lines >= max(rows, 2), let command,
      command != "cat"
    else {
      return write(text)
    }
    if TerminalCommand.run(command, name: "reflect-pager", input: text) == nil {
      write(text)
    }
  }

  /// Writes text to stdout as it is; only for text reflect itself produced.
  func write(_ text: String) {
    out(text)
  }
}
