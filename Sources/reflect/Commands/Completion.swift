import ArgumentParser
import Foundation
import ReflectCore

extension Reflect {
  struct Completion: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print a shell completion script (bash, zsh or fish).",
      discussion: """
        bash:  reflect completion bash > ~/.local/share/bash-completion/completions/reflect
        zsh:   reflect completion zsh > "${fpath[1]}/_reflect"
        fish:  reflect completion fish > ~/.config/fish/completions/reflect.fish
        Pack ids, session ids (newest first) and stage ids complete from your own data.
        """)

    @Argument(help: "bash, zsh or fish.")
    var shell: String

    func validate() throws {
      guard CompletionShell(rawValue: shell) != nil else {
        throw ValidationError("the shell must be bash, zsh or fish, not '\(shell)'")
      }
    }

    func run() throws {
      guard let kind = CompletionShell(rawValue: shell) else { return }
      print(Reflect.completionScript(for: kind), terminator: "")
    }
  }
}

/// What shells complete from the person's own data.
enum DataCompletion {
  /// The value of `--home` among the words being completed, if any.
  static func home(in words: [String]) -> String? {
    guard let index = words.firstIndex(of: "--home"), index + 1 < words.count else { return nil }
    return words[index + 1]
  }

  /// Session ids, newest first, and `latest`.
  static func sessions(_ words: [String], _: Int, _: String) -> [String] {
    let store = TranscriptStore(
      home: CommandContext.paths.dataHome(
        override: home(in: words)))
    let ids = store.files().paths.compactMap { SessionID(path: $0)?.rawValue }
    return ["latest"] + ids.reversed()
  }

  /// Pack ids, built in and the person's own.
  static func packs(_: [String], _: Int, _: String) -> [String] {
    let paths = CommandContext.paths
    return PackLibrary(userDirectories: [paths.userPrompts]).packs.map(\.id)
  }

  /// Stage ids of the pack named with `--pack` (the default pack otherwise).
  static func stages(_ words: [String], _: Int, _: String) -> [String] {
    let paths = CommandContext.paths
    let library = PackLibrary(userDirectories: [paths.userPrompts])
    let id =
      words.firstIndex(of: "--pack").flatMap { $0 + 1 < words.count ? words[$0 + 1] : nil }
      ?? PackLibrary.defaultPackID
    return (try? library.pack(id))?.stages.map(\.id) ?? []
  }
}
