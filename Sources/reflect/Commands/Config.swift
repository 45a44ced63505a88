import ArgumentParser
import Foundation
import ReflectCore
import ReflectTerminal

extension Reflect {
  struct Config: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Where the settings file is, what is in effect, and whether the file is valid.",
      discussion: """
        Settings: $XDG_CONFIG_HOME/reflect/config.yaml (else ~/.config/reflect/config.yaml).
        Precedence: a flag, then a REFLECT_* variable, then the file, then the default.
        README, "Settings", lists every key.
        """,
      subcommands: [Path.self, Show.self, Check.self])

    struct Path: ParsableCommand {
      static let configuration = CommandConfiguration(abstract: "Print the settings file's path.")
      func run() {
        // As it is into a pipe ($(reflect config path)), sanitised on a terminal.
        Console().document(
          ReflectConfig.path(environment: ProcessInfo.processInfo.environment) + "\n")
      }
    }

    struct Show: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Print every setting in effect and where it comes from.")
      func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let config = try ReflectConfig.load(environment: environment)
        let console = Console()
        for (key, fallback) in ReflectConfig.keys {
          let setting = config.resolve(key, flag: nil, environment: environment, fallback: fallback)
          console.say("\(key): \(setting.value)  (\(setting.source))")
        }
        // Which folder the sentence model is read from, or that there is none.
        // (The settings file is not applied to `config` itself: its `model:` is passed here.)
        let named = environment["REFLECT_MODEL"].map { !$0.isEmpty } ?? false
        console.say(Meaning.mode(explicit: named ? nil : config.model).line)
      }
    }

    struct Check: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Check the settings file; exit 0 when it is valid (or absent), 1 otherwise.")
      func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let path = ReflectConfig.path(environment: environment)
        _ = try ReflectConfig.load(environment: environment)
        Console().say(
          FileManager.default.fileExists(atPath: path) ? "\(path): ok" : "\(path): none (defaults)")
      }
    }
  }
}

/// The settings file applied to the process: each setting it holds becomes the matching
/// `REFLECT_*` variable unless that variable is already set (flags, read later, still win).
enum Settings {
  static func apply() throws(PackError) {
    let environment = ProcessInfo.processInfo.environment
    let config = try ReflectConfig.load(environment: environment)
    for (key, _) in ReflectConfig.keys {
      let variable = "REFLECT_" + key.uppercased().replacingOccurrences(of: ".", with: "_")
      guard environment[variable] == nil, let value = config.value(of: key) else { continue }
      setenv(variable, value, 1)
    }
  }
}
