import Foundation
import PackagePlugin

/// Embeds every `Prompts/*.yaml` file into ReflectCore as Swift string literals.
///
/// The built-in packs must travel inside the binary: a SwiftPM resource bundle is a
/// separate folder that a copied `reflect` would lose.
@main
struct EmbedPromptsPlugin: BuildToolPlugin {
  func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
    let promptsDirectory = context.package.directoryURL.appending(path: "Prompts")
    let names = try FileManager.default.contentsOfDirectory(atPath: promptsDirectory.path)
      .filter { $0.hasSuffix(".yaml") }
      .sorted()
    let inputs = names.map { promptsDirectory.appending(path: $0) }
    let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedPrompts.swift")
    return [
      .buildCommand(
        displayName: "Embedding \(names.count) prompt files",
        executable: try context.tool(named: "EmbedPrompts").url,
        arguments: [output.path] + inputs.map(\.path),
        inputFiles: inputs,
        outputFiles: [output]
      )
    ]
  }
}
