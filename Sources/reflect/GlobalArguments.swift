import ArgumentParser
import Foundation
import ReflectCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Options that belong to every command and may be written before it, as with git
/// (`reflect --home X list`).
enum GlobalArguments {
  /// Options that take a value and apply to every command.
  static let global: Set<String> = ["--home"]

  /// `arguments` with global options written before the command moved after it (to the
  /// end, or before a `--`); `--color WHEN` and `--no-pager` are taken out and passed on in
  /// `REFLECT_COLOR` and `REFLECT_NO_PAGER`.
  static func arranged(_ arguments: [String]) -> [String] {
    var rest: [String] = []
    var moved: [String] = []
    var index = 0
    var seenCommand = false
    while index < arguments.count {
      let argument = arguments[index]
      if argument == "--" {
        rest += arguments[index...]
        break
      }
      let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
      if argument == "--no-pager" {
        setenv("REFLECT_NO_PAGER", "1", 1)
        index += 1
        continue
      }
      if name == "--color" {
        let value =
          argument.contains("=")
          ? String(argument.drop { $0 != "=" }.dropFirst())
          : (index + 1 < arguments.count ? arguments[index + 1] : "")
        setenv("REFLECT_COLOR", value, 1)
        index += argument.contains("=") ? 1 : 2
        continue
      }
      if !seenCommand, global.contains(name) {
        moved.append(argument)
        if !argument.contains("="), index + 1 < arguments.count {
          moved.append(arguments[index + 1])
          index += 1
        }
      } else {
        if !argument.hasPrefix("-") { seenCommand = true }
        rest.append(argument)
      }
      index += 1
    }
    guard !moved.isEmpty else { return rest }
    if let dashes = rest.firstIndex(of: "--") {
      rest.insert(contentsOf: moved, at: dashes)
      return rest
    }
    return rest + moved
  }

  /// The message of an error that means "no such session or pack" (exit status 3).
  static func notFound(_ error: any Error) -> String? {
    switch error {
    case TranscriptError.unknownSession, TranscriptError.noSessions, TranscriptError.badReference:
      return (error as? TranscriptError)?.localizedDescription
    case PackError.unknownPack:
      return (error as? PackError)?.localizedDescription
    default:
      return nil
    }
  }
}
