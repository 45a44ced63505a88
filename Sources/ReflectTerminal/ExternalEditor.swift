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
    return ["nano", "vi"].lazy.compactMap { TerminalCommand.find($0, in: environment) }.first
  }

  /// Runs `command` on `path` on this terminal and waits; returns its exit status.
  ///
  /// The command goes through `/bin/sh`, as git runs an editor, so `code --wait` or
  /// `vim -c 'set tw=72'` work; the path is passed as an argument, never spliced in. It runs
  /// in reflect's own process group, Ctrl-C and Ctrl-\ being the editor's
  /// (``TerminalCommand``).
  public static func edit(_ path: String, with command: String) -> Int32 {
    TerminalCommand.run(command + " \"$1\"", name: "reflect-editor", arguments: [path]) ?? 127
  }
}
