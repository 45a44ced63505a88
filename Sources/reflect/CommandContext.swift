import Foundation
import ReflectCore
import ReflectTerminal

/// What every command works from, built once: the environment (with the settings file
/// applied) and the paths it names.
enum CommandContext {
  /// The environment, read once (after `Settings.apply()`).
  static let environment = ProcessInfo.processInfo.environment
  /// Data and configuration locations.
  static let paths = ReflectPaths(environment: environment)

  /// The pack and coach rules a stored session ran with, restored for `session --resume` and
  /// `replay --rerun` alike.
  static func restore(
    _ start: SessionStart, packOptions: PackOptions, console: Console
  ) throws -> (pack: Pack, rules: CoachRules) {
    let pack = try packOptions.library(console: console).pack(start.pack).restricted(
      to: start.stages)
    return (pack, try CoachRules.builtIn())
  }
}
