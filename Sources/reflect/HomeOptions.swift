import ArgumentParser
import Foundation
import ReflectCore

/// `--home`, shared by every command.
struct HomeOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "The data folder (default: $REFLECT_HOME, else $XDG_DATA_HOME/reflect, else"
        + " ~/.local/share/reflect).", valueName: "dir"))
  var home: String?

  /// The data home to use.
  func resolved() -> String {
    CommandContext.paths.dataHome(override: home)
  }

  /// The transcript store under the data home.
  var store: TranscriptStore { TranscriptStore(home: resolved()) }
}
