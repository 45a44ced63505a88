import ArgumentParser
import Foundation
import ReflectCore
import ReflectMeaning
import ReflectTerminal

extension Reflect {
  struct Index: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Bring the search index up to date, rebuild it, or show how it stands.",
      discussion: """
        The index (index.sqlite in the data home) is derived from your transcripts and \
        makes list, search, stats and export quick. Every command that reads the archive \
        refreshes it first, so you never need to run this; the transcripts stay the truth, \
        and deleting the index loses nothing.
        """)

    @OptionGroup var homeOptions: HomeOptions

    @Flag(name: .long, help: "Delete the index and build it again from the transcripts.")
    var rebuild = false

    @Flag(name: .long, help: "Show the index's size and how many transcripts changed since.")
    var status = false

    func validate() throws {
      if rebuild && status { throw ValidationError("--rebuild and --status do not go together") }
    }

    func run() throws {
      let console = Console()
      let store = homeOptions.store
      if status {
        var mode: Meaning.Mode?
        let state: ArchiveIndex.Status
        let vectors: (kept: Int, missing: Int)?
        let found = Archive(store: store, console: console).status {
          mode = Meaning.mode()
          return mode?.encoder.map { encoder in { Meaning.Model(encoder, $0).modelID } }
        }
        switch found {
        case .noSessions:
          console.line("No sessions yet, so no index. Run 'reflect session' to start one.")
          return
        case .noIndex(let path):
          console.line("No index yet at \(console.styled(path, .plain)); the next list,")
          console.line("search, stats or export builds it (or run 'reflect index').")
          return
        case .unusable(let path, let error):
          // As every other command says it, and then reads the files themselves.
          console.line("Index:        " + console.styled(path, .plain))
          console.line(
            "Usable:       "
              + console.styled("no (\(error)); commands read the transcripts", .plain))
          return
        case .ready(let found, let counts):
          (state, vectors) = (found, counts)
        }
        console.line("Index:        " + console.styled(state.path, .plain))
        console.line("Transcripts:  \(state.files) (\(state.sessions) sessions)")
        console.line("Texts:        \(state.texts) answers, lessons and commitments")
        console.line("Size:         \(Self.size(state.bytes))")
        console.line(
          "Up to date:   "
            + (state.stale == 0
              ? "yes" : "no, \(state.stale) transcript\(state.stale == 1 ? "" : "s") changed"))
        console.line(
          "Meaning:      "
            + console.styled(
              String((mode ?? Meaning.mode()).line.dropFirst("meaning: ".count)), .plain))
        if let vectors {
          console.line(
            "Vectors:      \(vectors.kept) sentence\(vectors.kept == 1 ? "" : "s")"
              + (vectors.missing == 0
                ? "" : ", \(vectors.missing) to work out (by 'reflect index' or search --meaning)")
          )
        }
        return
      }
      if rebuild { try ArchiveIndex.discard(path: ArchiveIndex.path(home: store.home)) }
      let started = Date()
      let archive = Archive(store: store, console: console)
      // Let go before the vectors are worked out: a rebuild elsewhere need not wait for them.
      let (files, path) = try { () throws -> (Int, String?) in
        let index = try archive.index()
        return (try index.fileCount(), index.path)
      }()
      let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
      guard path != nil || CommandContext.environment["REFLECT_NO_INDEX"] == "1" else {
        // The reason was warned about above; the old file, if any, is as it was.
        console.error(
          "The index in '\(store.home)' could not be "
            + (rebuild ? "rebuilt" : "brought up to date")
            + "; read \(files) transcript\(files == 1 ? "" : "s") from the files instead.")
        throw ExitCode.failure
      }
      console.line(
        (rebuild ? "Rebuilt" : "Indexed") + " \(files) transcript" + (files == 1 ? "" : "s")
          + " in \(seconds) s: " + console.styled(path ?? "memory", .plain))
      if let encoder = Meaning.mode().encoder, path != nil {
        try vectors(archive, encoder, console)
      }
    }

    /// The meaning vectors of every sentence that has none, and none kept of sentences gone.
    private func vectors(
      _ archive: Archive, _ encoder: ReflectMeaning.Encoder, _ console: Console
    ) throws {
      let started = Date()
      guard
        let (_, refresh) = try Meaning.refreshVectors(
          archive, encoder, console,
          busy: "another reflect is working out meaning vectors; left them to it")
      else { return }
      _ = try archive.reading { try $0.pruneVectors() }
      guard refresh.count > 0 else { return }
      let seconds = String(format: "%.1f", Date().timeIntervalSince(started))
      console.line(
        "Worked out \(refresh.count) meaning vector\(refresh.count == 1 ? "" : "s") in \(seconds) s: "
          + console.styled(VectorCache.path(home: homeOptions.store.home), .plain))
    }

    static func size(_ bytes: Int) -> String {
      bytes >= 1 << 20
        ? String(format: "%.1f MiB", Double(bytes) / Double(1 << 20))
        : "\((bytes + 1023) / 1024) KiB"
    }
  }
}
