import Foundation
import Yams

/// The settings file, `$XDG_CONFIG_HOME/reflect/config.yaml` (else
/// `~/.config/reflect/config.yaml`).
///
/// Every key is optional:
///
/// ```yaml
/// home: ~/reflections        # the data folder
/// pack: grow                 # the default pack
/// max_follow_ups: 1          # 0 to 5
/// questions_only: false
/// editor: nano               # for answers written in an editor
/// pager: less -FRX
/// color: auto                # auto, always or never
/// week_start: monday         # monday or sunday (streaks)
/// model: ~/models/all-MiniLM-L6-v2   # the sentence model's folder (docs/meaning.md)
/// export:
///   format: html             # markdown, json, html or text
///   folder: ~/Documents      # where `export --output NAME` puts a bare NAME
/// ```
///
/// Precedence, highest first: a command-line flag, then a `REFLECT_*` environment variable
/// (`REFLECT_HOME`, `REFLECT_PACK`, `REFLECT_MAX_FOLLOW_UPS`, `REFLECT_QUESTIONS_ONLY`,
/// `REFLECT_EDITOR`, `REFLECT_PAGER`, `REFLECT_COLOR`, `REFLECT_WEEK_START`, `REFLECT_MODEL`,
/// `REFLECT_EXPORT_FORMAT`, `REFLECT_EXPORT_FOLDER`), then this file, then the defaults.
/// Unknown keys and bad values are reported with file:line:column.
public struct ReflectConfig: Sendable, Equatable {
  public var home: String?
  public var pack: String?
  public var maxFollowUps: Int?
  public var questionsOnly: Bool?
  public var editor: String?
  public var pager: String?
  public var color: String?
  public var weekStart: String?
  /// The sentence model's folder (after `--model` and `REFLECT_MODEL`, before the folders
  /// `ModelLocation` tries).
  public var model: String?
  public var exportFormat: String?
  public var exportFolder: String?

  /// No settings.
  public init() {}

  /// The file's path.
  public static func path(environment: [String: String]) -> String {
    ReflectPaths(environment: environment).configHome + "/config.yaml"
  }

  /// Reads the settings file, if there is one.
  public static func load(environment: [String: String]) throws(PackError) -> ReflectConfig {
    let path = path(environment: environment)
    guard FileManager.default.fileExists(atPath: path) else { return ReflectConfig() }
    return try parse(
      try PackLibrary.readText(path, limit: maximumSize), file: path, environment: environment)
  }

  /// The largest settings file read (bytes), far more than every key needs: it is read by
  /// every command.
  public static let maximumSize = 1 << 20

  /// Parses settings from `text`; `file` names it in errors.
  public static func parse(
    _ text: String, file: String, environment: [String: String] = [:]
  ) throws(PackError) -> ReflectConfig {
    let reader = YAMLReader(file: file)
    guard !text.allSatisfy(\.isWhitespace) else { return ReflectConfig() }
    let root = try reader.compose(text)
    let fields = try reader.fields(
      of: root, what: "the settings", required: [],
      optional: [
        "home", "pack", "max_follow_ups", "questions_only", "editor", "pager", "color",
        "week_start", "model", "export",
      ])
    var config = ReflectConfig()
    let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
    func expanded(_ path: String?) -> String? {
      guard let path else { return nil }
      return path == "~" || path.hasPrefix("~/") ? home + path.dropFirst() : path
    }
    func choice(_ key: String, _ allowed: [String], in fields: YAMLReader.Fields) throws(PackError)
      -> String?
    {
      guard let node = fields[key] else { return nil }
      let value = try reader.string(node, "'\(key)'")
      guard allowed.contains(value) else {
        throw reader.error(
          "'\(key)' is '\(value)'; expected one of: " + allowed.joined(separator: ", "), at: node)
      }
      return value
    }
    config.home = expanded(try fields.optionalString("home"))
    config.pack = try fields.optionalString("pack")
    if let node = fields["max_follow_ups"] {
      config.maxFollowUps = try reader.integer(node, "'max_follow_ups'", in: 0...5)
    }
    if let node = fields["questions_only"] {
      guard let flag = node.bool else {
        throw reader.error("'questions_only' must be true or false", at: node)
      }
      config.questionsOnly = flag
    }
    config.editor = try fields.optionalString("editor")
    config.pager = try fields.optionalString("pager")
    config.color = try choice("color", ["auto", "always", "never"], in: fields)
    config.weekStart = try choice("week_start", ["monday", "sunday"], in: fields)
    config.model = expanded(try fields.optionalString("model"))
    if let node = fields["export"] {
      let export = try reader.fields(
        of: node, what: "'export'", required: [], optional: ["format", "folder"])
      config.exportFormat = try choice("format", ["markdown", "json", "html", "text"], in: export)
      config.exportFolder = expanded(try export.optionalString("folder"))
    }
    return config
  }

  /// One setting's value and where it came from.
  public struct Setting: Sendable, Equatable {
    public var key: String
    public var value: String
    /// `flag`, `environment`, `config` or `default`.
    public var source: String
  }

  /// `flag`, else the `REFLECT_*` variable, else this file, else `fallback`.
  public func resolve(
    _ key: String, flag: String?, environment: [String: String], fallback: String
  ) -> Setting {
    if let flag { return Setting(key: key, value: flag, source: "flag") }
    let variable = "REFLECT_" + key.uppercased().replacingOccurrences(of: ".", with: "_")
    if let value = environment[variable], !value.isEmpty {
      return Setting(key: key, value: value, source: "environment")
    }
    if let value = value(of: key) { return Setting(key: key, value: value, source: "config") }
    return Setting(key: key, value: fallback, source: "default")
  }

  /// The file's value for `key`, as text.
  public func value(of key: String) -> String? {
    switch key {
    case "home": home
    case "pack": pack
    case "max_follow_ups": maxFollowUps.map(String.init)
    case "questions_only": questionsOnly.map(String.init)
    case "editor": editor
    case "pager": pager
    case "color": color
    case "week_start": weekStart
    case "model": model
    case "export.format": exportFormat
    case "export.folder": exportFolder
    default: nil
    }
  }

  /// Every key, in the order `config show` lists them, with its default.
  public static let keys: [(key: String, fallback: String)] = [
    ("home", "$XDG_DATA_HOME/reflect"), ("pack", "collaboration"), ("max_follow_ups", "2"),
    ("questions_only", "false"), ("editor", "$VISUAL, $EDITOR, nano or vi"),
    ("pager", "$PAGER, else less -FRX"), ("color", "auto"), ("week_start", "monday"),
    ("model", "the first of ~/.local/share/reflect/models, share/ beside reflect, .build/models"),
    ("export.format", "markdown"), ("export.folder", "the current folder"),
  ]
}
