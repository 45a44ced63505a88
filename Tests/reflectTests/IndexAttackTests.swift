import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

/// index.sqlite replaced or broken behind reflect's back (issue 26): every command answers
/// from the transcripts as before, with one line saying what happened to the index.
@Suite struct IndexAttackTests {
  /// A home with three sessions and its index built.
  func home() throws -> String {
    let home = TestSupport.temporaryDirectory("index") + "/home"
    for (number, words) in ["Pupils first", "Trust the head", "Budget round"].enumerated() {
      let run = try TestSupport.reflect(
        ["session", "--questions-only", "--about", "s\(number)", "--home", home],
        input: "\(words).\n/lessons\nLesson of \(words).\n\nCall Sam by 2027-01-0\(number + 1)\n\n")
      #expect(run.status == 0, "\(run.stderr)")
    }
    return home
  }

  static let commands: [[String]] = [
    ["list"], ["search", "Trust"], ["stats"], ["tags"], ["export", "--format", "json"],
  ]

  /// Runs SQL on the index with Python's sqlite3 (another program's doing).
  func sql(_ statements: String, on path: String) throws {
    let run = try TestSupport.run(
      "/usr/bin/env",
      [
        "python3", "-c",
        "import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\nc.executescript(sys.argv[2])\nc.close()",
        path, statements,
      ])
    #expect(run.status == 0, "\(run.stderr)")
  }

  /// An index whose format number is this one's but whose tables are not (another program's
  /// file, a table dropped by hand) failed every command with "no such table".
  @Test func anIndexOfThisFormatWithOtherTablesIsRebuilt() throws {
    let home = try home()
    let index = ArchiveIndex.path(home: home)
    let expected = try Self.commands.map {
      try TestSupport.reflect($0 + ["--home", home], environment: ["REFLECT_NO_INDEX": "1"])
        .stdout
    }
    let replacements = [
      "DROP TABLE records;", "DROP TABLE texts;", "DROP TABLE files;",
      "DROP TABLE files; CREATE TABLE files(a, b); CREATE TABLE contacts(name);",
    ]
    for replacement in replacements {
      ArchiveIndex.removeFiles(index)
      #expect(try TestSupport.reflect(["index", "--home", home]).status == 0)
      try sql(replacement + " PRAGMA user_version = \(ArchiveIndex.format);", on: index)
      for (command, output) in zip(Self.commands, expected) {
        let run = try TestSupport.reflect(command + ["--home", home])
        #expect(run.status == 0, "\(replacement) \(command): \(run.stderr)")
        #expect(run.stdout == output, "\(replacement) \(command)")
        let notices = run.stderr.split(separator: "\n")
        // Rebuilt by the first command; the rest say nothing.
        #expect(notices.count <= 1, "\(replacement) \(command): \(run.stderr)")
        if command == Self.commands[0] {
          #expect(run.stderr.contains("was damaged (its tables are not the ones format"))
          #expect(run.stderr.contains("rebuilt it from the transcripts"))
        }
      }
    }
  }

  /// `index --status` failed with an error when the index could not be opened, and
  /// `index --rebuild` said "Rebuilt" when it had only read the files into memory.
  @Test func theIndexCommandSaysWhenTheIndexCannotBeUsed() throws {
    let home = try home()
    let index = ArchiveIndex.path(home: home)
    let target = home + "-precious"
    try Data("precious\n".utf8).write(to: URL(fileURLWithPath: target))
    for block in ["folder", "link"] {
      ArchiveIndex.removeFiles(index)
      try? FileManager.default.removeItem(atPath: index)
      if block == "folder" {
        try FileManager.default.createDirectory(atPath: index, withIntermediateDirectories: false)
      } else {
        try FileManager.default.createSymbolicLink(atPath: index, withDestinationPath: target)
      }
      let status = try TestSupport.reflect(["index", "--status", "--home", home])
      #expect(status.status == 0, "\(block): \(status.stderr)")
      #expect(
        status.stdout.contains("Usable:       no (cannot open '\(index)'"), "\(status.stdout)")
      let list = try TestSupport.reflect(["list", "--home", home])
      #expect(list.status == 0)
      #expect(list.stdout.split(separator: "\n").count == 3)
      #expect(list.stderr.contains("reading the transcripts themselves"))
      let rebuild = try TestSupport.reflect(["index", "--rebuild", "--home", home])
      if block == "folder" {
        #expect(rebuild.status == 1)
        #expect(!rebuild.stdout.contains("Rebuilt"))
        #expect(
          rebuild.stderr.contains("could not be rebuilt; read 3 transcripts from the files"),
          "\(rebuild.stderr)")
      } else {
        // The link is replaced by an index of its own, never written through.
        #expect(rebuild.status == 0, "\(rebuild.stderr)")
        var status = stat()
        #expect(lstat(index, &status) == 0 && status.st_mode & S_IFMT == S_IFREG)
      }
    }
    #expect(try String(contentsOfFile: target, encoding: .utf8) == "precious\n")
  }
}
