import Foundation

/// The packs reflect knows: the built-in ones embedded in the binary, then user packs, which
/// replace a built-in with the same id.
public struct PackLibrary: Sendable {
  /// Available packs, built-ins first in a fixed order, then user packs by id.
  public private(set) var packs: [Pack]
  /// Broken user packs (skipped) and replacement notices, for stderr.
  public private(set) var notices: [String]

  /// The id of the pack `reflect session` runs by default.
  public static let defaultPackID = "collaboration"

  /// Built-in pack file names in the order they are listed.
  static let builtInOrder = [
    "collaboration.yaml", "gibbs.yaml", "what-so-what-now-what.yaml", "after-action-review.yaml",
    "grow.yaml", "4ls.yaml",
  ]

  /// Files in `Prompts/` that hold coach data rather than a pack.
  public static let dataFiles: Set<String> = [
    "coach.yaml", "lessons.yaml", "replies.yaml", "lesson-model.json",
  ]

  /// The text of each embedded `Prompts/` file, keyed by file name.
  public static var embeddedFiles: [String: String] { embeddedPromptFiles }

  /// Loads the built-in packs and the user packs in `userDirectories` (missing folders are
  /// fine; a broken file becomes a notice and is skipped).
  public init(userDirectories: [String] = []) {
    packs = []
    notices = []
    let loader = PackLoader()
    let names = embeddedPromptFiles.keys.filter { !Self.dataFiles.contains($0) }.sorted {
      (Self.builtInOrder.firstIndex(of: $0) ?? .max, $0)
        < (Self.builtInOrder.firstIndex(of: $1) ?? .max, $1)
    }
    for name in names {
      do {
        packs.append(try loader.load(embeddedPromptFiles[name] ?? "", file: "Prompts/" + name))
      } catch {
        notices.append("built-in pack skipped: \(error.localizedDescription)")
      }
    }
    for directory in userDirectories {
      guard let entries = try? FileManager.default.contentsOfDirectory(atPath: directory) else {
        continue
      }
      for name in entries.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
        add(userFile: directory + "/" + name)
      }
    }
  }

  /// Loads one pack file from disk (a regular file of UTF-8 YAML).
  public static func load(file path: String) throws(PackError) -> Pack {
    try PackLoader().load(try readText(path), file: path)
  }

  /// The text of a prompts file: a regular file of UTF-8 (invalid bytes are named by line),
  /// of at most `limit` bytes when one is given.
  static func readText(_ path: String, limit: Int? = nil) throws(PackError) -> String {
    let data: Data
    do {
      data = try FileSystem.readRegularFile(path, limit: limit)
    } catch {
      throw .unreadable(file: path, reason: error.localizedDescription)
    }
    guard let text = String(data: data, encoding: .utf8) else {
      let line = (data.firstIndex { $0 >= 0x80 }).map { index in
        data[..<index].filter { $0 == 0x0A }.count + 1
      }
      throw .invalid(
        file: path, line: line ?? 1, column: 1, message: "not valid UTF-8 text")
    }
    return text
  }

  private mutating func add(userFile path: String) {
    let pack: Pack
    do {
      pack = try Self.load(file: path)
    } catch {
      notices.append("skipping pack: \(error.localizedDescription)")
      return
    }
    if let index = packs.firstIndex(where: { $0.id == pack.id }) {
      notices.append(
        "pack '\(pack.id)' from '\(path)' replaces the one from \(packs[index].origin)")
      packs[index] = pack
    } else {
      packs.append(pack)
    }
  }

  /// The pack with `id`, or an error listing the ones there are.
  public func pack(_ id: String) throws(PackError) -> Pack {
    guard let pack = packs.first(where: { $0.id == id }) else {
      throw .unknownPack(id: id, available: packs.map(\.id))
    }
    return pack
  }
}
