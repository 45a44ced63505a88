import ArgumentParser
import Foundation
import ReflectCore
import ReflectTerminal

/// What `reflect export --format` takes: Core's documents, or the terminal text report.
enum ExportChoice: String, ExpressibleByArgument, CaseIterable {
  case markdown, json, html, text, obsidian, logseq, dayone

  /// Whether it writes the sessions themselves (into a folder of notes or a Day One zip)
  /// rather than the lessons report.
  var isNotes: Bool { self == .obsidian || self == .logseq || self == .dayone }
}

extension Reflect {
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Export your lessons across sessions: by theme, over time, with commitments.")

    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var filterOptions: FilterOptions
    @OptionGroup var packOptions: PackOptions

    @Option(
      name: .long,
      help: ArgumentHelp(
        "markdown, json, html or text (the lessons report); obsidian or logseq (a note per"
          + " session in the --output folder); dayone (a Day One import zip).",
        valueName: "format"))
    var format: ExportChoice?

    @Option(
      name: .long, help: "Only this session (an id).", completion: .custom(DataCompletion.sessions))
    var session: String?

    @Flag(name: .long, help: "Replace names of people and organisations with pseudonyms.")
    var redact = false

    @Option(
      name: .long,
      help: "Write to this file (0600, whole or not at all) instead of stdout; '-' is stdout.")
    var output: String?

    @Flag(name: .long, help: "List every lesson of every theme (by default five, the rest folded).")
    var all = false

    @Flag(
      name: .long,
      help: ArgumentHelp(
        "With --format html and --output FILE: also write the quoted answers, every lesson and"
          + " every commitment to FILE-sources.html beside it, linked from the report."))
    var withSources = false

    @Option(
      name: .long,
      help: ArgumentHelp(
        "The latest period, compared with what came before: quarter (default), month, year,"
          + " or Nd, Nw, Nm, Ny.", valueName: "period"))
    var period: String = "quarter"

    func validate() throws {
      if let session, SessionID(session) == nil {
        throw ValidationError("--session takes a session id like 20261129-071203-k3q9")
      }
      if let format, format.isNotes {
        guard let output, output != "-" else {
          throw ValidationError(
            format == .dayone
              ? "--format dayone writes a zip: give it a file with --output FILE.zip"
              : "--format \(format.rawValue) writes notes into a folder: give it one with --output DIR"
          )
        }
        if redact {
          throw ValidationError(
            "--redact applies to the lessons report (markdown, json, html, text), not to notes")
        }
      }
      if withSources {
        let chosen =
          format ?? CommandContext.environment["REFLECT_EXPORT_FORMAT"].flatMap(
            ExportChoice.init(rawValue:)) ?? .markdown
        guard chosen == .html else {
          throw ValidationError("--with-sources applies to --format html")
        }
        guard let output, output != "-" else {
          throw ValidationError(
            "--with-sources writes a second file beside the report: give it one with --output FILE")
        }
      }
      if ReportPeriod(period) == nil {
        throw ValidationError(
          "--period takes quarter, month, year, or a number and d, w, m or y (like 90d or 6m)")
      }
    }

    /// The report of the chosen sessions as the flags ask for it.
    private func request(_ console: Console) throws -> Archive.ReportRequest {
      var options = Report.Options(period: ReportPeriod(period) ?? .months(3))
      options.now = Self.now()
      let redactList =
        redact
        ? (try? String(
          contentsOfFile: CommandContext.paths.configHome + "/redact.txt", encoding: .utf8))
          ?? "" : nil
      let store = homeOptions.store
      return Archive.ReportRequest(
        filter: try filterOptions.filter(), session: session,
        packs: packOptions.library(console: console).packs, options: options,
        redactList: redactList, meaning: { Meaning.reportMeaning(store) })
    }

    func run() throws {
      let console = Console()
      if let format, format.isNotes, let output {
        try exportNotes(format, output: output, console: console)
        return
      }
      let archive = Archive(store: homeOptions.store, console: console)
      try archive.report(try request(console)) { report, _ in try render(report, console) }
    }

    /// Writes `report` in the chosen format to the chosen place.
    private func render(_ report: Report, _ console: Console) throws {
      let environment = CommandContext.environment
      let layout = TextReport.Layout(
        color: output == nil && console.colorOutput,
        bars: environment["TERM"] != "dumb",
        // The terminal's width on a terminal; in a file or a pipe, COLUMNS when set, else 80.
        width: output == nil || output == "-"
          ? Console.columns(environment: environment)
          : environment["COLUMNS"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
            ?? TextReport.Layout.fileWidth, all: all)
      let format =
        format ?? CommandContext.environment["REFLECT_EXPORT_FORMAT"].flatMap(
          ExportChoice.init(rawValue:)) ?? .markdown
      // Markdown, JSON and HTML go out in pieces as they are rendered, into the file or a
      // pipe: a large archive's export is never whole in memory.
      if let core = ExportFormat(rawValue: format.rawValue) {
        var exporter = Exporter(all: all)
        guard let named = output, named != "-" else {
          if console.isTerminal {
            console.document(exporter.render(report, as: core))
          } else {
            exporter.render(report, as: core) { console.document($0) }
          }
          return
        }
        let path = Self.place(named)
        if withSources {
          // The sources first: the report never links to a page that is not there.
          let sources = Self.sourcesPath(path)
          let stream = try PrivateFile.Stream(sources)
          exporter.renderHTMLSources(
            report, reportLink: HTMLText.fileReference(Self.fileName(path))
          ) { stream.write($0) }
          if try stream.finish() == .file { console.warn("wrote '\(sources)'") }
          exporter.htmlSources = HTMLText.fileReference(Self.fileName(sources))
        }
        let stream = try PrivateFile.Stream(path)
        exporter.render(report, as: core) { stream.write($0) }
        if try stream.finish() == .file { console.warn("wrote '\(path)'") }
        return
      }
      // The text report sanitises each piece itself and may carry reflect's colours; on a
      // terminal it is paged whole, elsewhere written in pieces.
      let text = TextReport(layout: layout)
      guard let named = output, named != "-" else {
        if console.isTerminal {
          console.styledDocument(text.render(report))
        } else {
          text.render(report) { console.styledDocument($0) }
        }
        return
      }
      let path = Self.place(named)
      let stream = try PrivateFile.Stream(path)
      text.render(report) { stream.write($0) }
      if try stream.finish() == .file { console.warn("wrote '\(path)'") }
    }

    /// The moment the report is made: REFLECT_NOW (`2026-04-01` or an ISO 8601 moment, for
    /// tests and for a report as of another day) when set, else now.
    static func now() -> Date {
      guard let text = CommandContext.environment["REFLECT_NOW"], !text.isEmpty else {
        return Date()
      }
      return (try? Date.ISO8601FormatStyle().parse(text))
        ?? SessionFilter.day(text, now: Date()) ?? Date()
    }

    /// Where `--output NAME` writes: a bare file name goes into the settings' export folder,
    /// when there is one.
    static func place(_ named: String) -> String {
      guard !named.contains("/"),
        let folder = CommandContext.environment["REFLECT_EXPORT_FOLDER"], !folder.isEmpty
      else { return named }
      return folder + "/" + named
    }

    /// Where `--with-sources` writes the sources page of the report at `path`: beside it,
    /// `report.html` → `report-sources.html`.
    static func sourcesPath(_ path: String) -> String {
      let lower = path.lowercased()
      for suffix in [".html", ".htm"] where lower.hasSuffix(suffix) && lower.count > suffix.count {
        return String(path.dropLast(suffix.count)) + "-sources.html"
      }
      return path + "-sources.html"
    }

    /// The last component of `path`.
    static func fileName(_ path: String) -> String {
      String(path.split(separator: "/", omittingEmptySubsequences: true).last ?? Substring(path))
    }

    /// Writes the chosen sessions, as amended, as notes (`obsidian`, `logseq`, with the
    /// lessons index) or a Day One zip, with the commitments' standing.
    private func exportNotes(_ format: ExportChoice, output: String, console: Console) throws {
      let titles = Archive.stageTitles(packOptions.library(console: console).packs)
      let flavour: NoteExport.Flavour = format == .logseq ? .logseq : .obsidian
      let exporter = NoteExport(flavour: flavour, stageTitles: titles)
      // Of the report, only the commitments' standing and the lessons index (its links to
      // the notes filled in once they are named) are kept: at 100,000 sessions it is most of
      // the memory, given back before the notes are written.
      let archive = Archive(store: homeOptions.store, console: console)
      var request = try request(console)
      request.givesMemoryBack = true
      let (standing, indexNote) = try archive.report(request) { report, _ in
        (NoteExport.Standing(report), format == .dayone ? nil : exporter.indexNote(report))
      }
      let filter = try filterOptions.filter()
      let folder = NoteFolder(directory: output)
      // The sessions and their notes' names from the index's records (quick: no coach
      // lines), in order (a name depends on those before it: a clash adds the id); the files
      // themselves are read later, one at a time. Only each file's name and its note's are
      // kept, packed (100,000 entries of the index were about 45 MB); "" for no note.
      let directory = homeOptions.store.directory
      var files = PackedStrings()
      var names = PackedStrings()
      var linked: [String: String] = [:]
      // Read once: at 100,000 notes it is a 9 MB file.
      var manifest = format == .dayone ? [:] : folder.manifest()
      try archive.reading { index in
        files = PackedStrings()
        names = PackedStrings()
        linked = [:]
        var namer = NoteExport.Namer(
          taken: folder.takenNames(in: flavour == .logseq ? "pages" : "", manifest: manifest),
          timeZone: exporter.timeZone)
        let wanted = indexNote?.sessions ?? []
        var failure: (any Error)?
        try index.sessions(filter) { entry in
          guard failure == nil, let overview = entry.overview,
            session == nil || overview.id == session
          else { return }
          do {
            let heading = try index.transcript(entry).flatMap(NoteExport.Heading.init)
            let name = heading.map { namer.name($0) }
            files.append(String(entry.path.dropFirst(directory.count + 1)))
            names.append(name ?? "")
            if let heading, let name, wanted.contains(heading.id.rawValue) {
              linked[heading.id.rawValue] = name
            }
          } catch {
            failure = error
          }
        }
        if let failure { throw failure }
      }
      // Each session read, as amended, when its turn comes: one in memory at a time.
      func each(_ body: (Transcript, String) throws -> Void) throws {
        for (file, name) in zip(files, names) {
          guard
            let transcript = try? TranscriptReader().read(
              path: directory + "/" + file, followLinks: false)
          else { continue }
          try body(transcript.revised, name)
        }
      }
      if format == .dayone {
        let export = DayOneExport(stageTitles: titles)
        let stream = try PrivateFile.Stream(output)
        if stream.isFile {
          // Written as the sessions are read: the journal is never whole in memory.
          var journal = DayOneExport.Journal(export, standing: standing, into: stream)
          try each { transcript, _ in journal.add(transcript) }
          try journal.finish()
          try stream.finish()
        } else {
          // A pipe or device cannot have the zip's header written back: built first.
          var journal = DayOneExport.Journal(export, standing: standing)
          try each { transcript, _ in journal.add(transcript) }
          stream.write(journal.archive())
          try stream.finish()
        }
        console.line(
          "Wrote \(files.count) session\(files.count == 1 ? "" : "s") to '"
            + console.styled(output, .plain, keepNewlines: false) + "'"
            + " (Day One: File › Import › JSON zip file).")
        return
      }
      let writer = try NoteFolder.Writer(folder, manifest: manifest)
      manifest = [:]
      try each { transcript, name in
        guard !name.isEmpty,
          let note = exporter.note(for: transcript, name: name, standing: standing)
        else { return }
        try writer.write(note)
      }
      if let indexNote { try writer.write(indexNote.file { linked[$0] }) }
      let outcome = try writer.finish()
      for path in outcome.leftAlone {
        console.warn(
          "'\(output)/\(path)' was changed since reflect wrote it (or is not reflect's): left as"
            + " it is; move it away to have it written again")
      }
      let written = outcome.written.count
      let noted = names.count { !$0.isEmpty }
      var summary =
        "\(noted) session\(noted == 1 ? "" : "s") in '"
        + console.styled(output, .plain, keepNewlines: false) + "':"
      summary +=
        " \(written) note\(written == 1 ? "" : "s") written, \(outcome.unchanged) unchanged"
      if !outcome.leftAlone.isEmpty { summary += ", \(outcome.leftAlone.count) left alone" }
      console.line(summary + ".")
    }
  }
}
