import Foundation

/// Where reflect keeps data and configuration, from the environment (XDG base directories).
public struct ReflectPaths: Sendable {
  private let environment: [String: String]

  /// Reads locations from `environment`.
  public init(environment: [String: String]) { self.environment = environment }

  private func nonEmpty(_ key: String) -> String? {
    guard let value = environment[key], !value.isEmpty else { return nil }
    return value
  }

  private var userHome: String { nonEmpty("HOME") ?? NSHomeDirectory() }

  /// `override`, else `$REFLECT_HOME`, else `$XDG_DATA_HOME/reflect`, else
  /// `~/.local/share/reflect`.
  public func dataHome(override: String? = nil) -> String {
    if let override, !override.isEmpty { return FilePath.absolute(override) }
    if let home = nonEmpty("REFLECT_HOME") { return FilePath.absolute(home) }
    if let data = nonEmpty("XDG_DATA_HOME") { return data + "/reflect" }
    return userHome + "/.local/share/reflect"
  }

  /// `$XDG_CONFIG_HOME/reflect`, else `~/.config/reflect`.
  public var configHome: String {
    if let config = nonEmpty("XDG_CONFIG_HOME") { return config + "/reflect" }
    return userHome + "/.config/reflect"
  }

  /// The folder of user packs.
  public var userPrompts: String { configHome + "/prompts" }
}
