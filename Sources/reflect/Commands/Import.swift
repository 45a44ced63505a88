import ArgumentParser
import Foundation
import ReflectCore
import ReflectTerminal

extension Reflect {
  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Bring in a jrnl journal or a folder of Markdown notes as sessions.",
      discussion: """
        Each entry or note becomes a session (pack 'imported') with its own date, its words as \
        written and its tags. The lessons the coach finds in it are kept as suggestions, not \
        lessons, until you keep, edit or drop them with 'reflect lessons review'. Importing \
        the same file again adds nothing: a session's id comes from its date and words. \
        --dry-run shows what would be imported.
        """,
      subcommands: [Jrnl.self, Markdown.self])

    struct Options: ParsableArguments {
      @OptionGroup var homeOptions: HomeOptions

      @Flag(name: .long, help: "Show what would be imported; change nothing.")
      var dryRun = false
    }

    struct Jrnl: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Import jrnl's JSON export (jrnl --format json > journal.json).")

      @OptionGroup var options: Options

      @Argument(help: "The file jrnl --format json wrote.", completion: .file(extensions: ["json"]))
      var file: String

      func run() throws {
        let console = Console()
        let entries = try JrnlImport.entries(at: file)
        try Import.bring(entries, from: "jrnl", options: options, console: console)
      }
    }

    struct Markdown: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Import a folder of Markdown notes, one session per .md file.",
        discussion: """
          The date comes from the front matter's date (or created), else from a YYYY-MM-DD at \
          the start of the file name, else from the file's modification time; tags from the \
          front matter's tags; the subject from its title, else the file name. Hidden folders \
          (.obsidian, .trash) and notes reflect exported there are skipped.
          """)

      @OptionGroup var options: Options

      @Argument(help: "The folder of notes.", completion: .directory)
      var folder: String

      func run() throws {
        let console = Console()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder),
          isFolder.boolValue
        else {
          throw ValidationError("'\(folder)' is not a folder of notes")
        }
        var entries: [ImportedEntry] = []
        var empty = 0
        let (files, outside) = MarkdownImport.files(in: folder)
        // A link may lead anywhere (another person's notes, a secret): only the folder's own
        // notes are read.
        for name in outside {
          console.line(
            "'" + console.styled(folder + "/" + name, .plain, keepNewlines: false)
              + "' is a link to outside the folder (or to nothing); left out.")
        }
        for name in files {
          let path = folder + "/" + name
          let modified =
            (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
            ?? Date()
          if let entry = try MarkdownImport.entry(at: path, name: name, modified: modified) {
            entries.append(entry)
          } else {
            empty += 1
          }
        }
        if empty > 0 {
          console.line("\(empty) note\(empty == 1 ? "" : "s") with no words left out.")
        }
        try Import.bring(
          entries.sorted { $0.time < $1.time }, from: "Markdown", options: options,
          console: console)
      }
    }

    /// Writes `entries` as sessions (or, with `--dry-run`, lists them), saying what is new.
    static func bring(
      _ entries: [ImportedEntry], from origin: String, options: Options, console: Console
    ) throws {
      let store = options.homeOptions.store
      // The finder a session uses, with the sentence model when there is one (loaded only
      // when a new entry is read).
      let writer = ImportWriter(
        store: store,
        finder: options.dryRun
          ? nil
          : (try? LessonCues.builtIn()).map { LessonFinder(cues: $0, embedder: Meaning.Lazy()) })
      // Two entries of the same time and words are one session: their tags are kept together.
      let entries = ImportedEntry.merged(entries)
      var added = 0
      var present = 0
      var suggested = 0
      // Finding lessons takes a few milliseconds an entry (tens with the sentence model): a
      // journal of thousands shows how far it is.
      let progress = ProgressLine(console: console, label: "importing and finding lessons")
      for (done, entry) in entries.enumerated() {
        if !options.dryRun { progress.update(done, entries.count) }
        for tag in entry.refusedTags {
          console.warn(
            "\(entry.source): tag '\(TagError(text: tag).quoted)' is not a tag reflect keeps;"
              + " left out")
        }
        let new = !writer.isImported(entry)
        if options.dryRun {
          let words = entry.text.split(whereSeparator: \.isWhitespace).count
          console.line(
            (new ? "would import  " : "already here  ") + DisplayDate.minute(entry.time) + "  "
              + console.styled(entry.subject ?? "", .plain, keepNewlines: false)
              + "  (\(words) word\(words == 1 ? "" : "s")"
              + entry.tags.map { ", #" + $0 }.joined() + ")")
          if new { added += 1 } else { present += 1 }
          continue
        }
        if let count = try writer.write(entry, from: origin, version: Reflect.version) {
          added += 1
          suggested += count
        } else {
          present += 1
          // One imported before lessons were suggested gets them now, once.
          suggested += try writer.suggestLate(for: entry)
        }
      }
      if !options.dryRun, !entries.isEmpty { progress.update(entries.count, entries.count) }
      let total = "\(entries.count) entr\(entries.count == 1 ? "y" : "ies")"
      if options.dryRun {
        console.line(
          "\(total): \(added) would be imported, \(present) already here. Nothing was changed.")
      } else {
        console.line("\(total): \(added) imported, \(present) already here.")
        if suggested > 0 {
          console.line(
            "\(suggested) suggested lesson\(suggested == 1 ? "" : "s") from these notes"
              + " wait\(suggested == 1 ? "s" : "") for review: reflect lessons review")
        }
        // The index takes them in now, not at the next command.
        if added > 0 || suggested > 0 {
          _ = try? Archive(store: store, console: console).index()
          Meaning.keepUp(store, console, hint: true)
        }
      }
    }
  }
}

extension ImportError: LocalizedError {
  public var errorDescription: String? { description }
}
