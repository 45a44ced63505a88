import ArgumentParser
import Foundation
import ReflectCore
import ReflectTerminal

/// `--prompts`, for commands that use packs.
struct PackOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "Also load packs from this folder (after $XDG_CONFIG_HOME/reflect/prompts).",
      valueName: "dir"))
  var prompts: String?

  /// Built-in and user packs; broken user packs and replacements are reported on stderr.
  func library(console: Console) -> PackLibrary {
    let paths = CommandContext.paths
    let library = PackLibrary(userDirectories: [paths.userPrompts] + (prompts.map { [$0] } ?? []))
    for notice in library.notices { console.warn(notice) }
    return library
  }
}
