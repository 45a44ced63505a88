import ArgumentParser
import Foundation
import ReflectCore
import ReflectTerminal

#if canImport(Glibc)
import Glibc
#endif

extension Reflect {
  struct Delete: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Delete sessions: their transcripts and side files (asks first).",
      discussion: """
        Shows what it will remove and asks; without a terminal it needs --yes. A session \
        another reflect is writing is refused. The files are unlinked, not securely erased.
        """)

    @OptionGroup var homeOptions: HomeOptions

    @Argument(
      help: "Session ids, or 'latest'.", completion: .custom(DataCompletion.sessions))
    var sessions: [String]

    @Flag(name: .long, help: "Delete without asking (needed when input is not a terminal).")
    var yes = false

    func validate() throws {
      guard !sessions.isEmpty else { throw ValidationError("name the sessions to delete") }
      // An id or `latest`: a path is refused, so nothing outside the home is touched.
      for reference in sessions where reference != "latest" && SessionID(reference) == nil {
        throw ValidationError(
          "'\(reference)' is not a session id (like 20261129-071203-k3q9) or 'latest'")
      }
      guard yes || isatty(0) == 1 else {
        throw ValidationError("input is not a terminal: add --yes to delete without asking")
      }
    }

    func run() throws {
      let console = Console()
      let store = homeOptions.store
      var chosen: [(path: String, transcript: Transcript, files: [String])] = []
      for reference in sessions {
        let path = try store.resolve(reference)
        guard !chosen.contains(where: { $0.path == path }) else { continue }
        if TranscriptStore.isInUse(path) {
          throw TranscriptError.locked(path: path, pid: nil)
        }
        let transcript = try TranscriptReader().read(path: path, followLinks: false)
        let id = SessionID(path: path)
        let sideFiles =
          [path + ".torn", path + ".quarantine"]
          + (id.map { id in
            let drafts = Drafts(home: store.home)
            // And the temp copies a reflect killed partway left (never one still in use).
            return [drafts.path(for: id), drafts.amendment(for: id)] + store.staleCopies(of: id)
          } ?? [])
        chosen.append(
          (path, transcript, sideFiles.filter { FileManager.default.fileExists(atPath: $0) }))
      }
      console.line(console.decorated("This deletes:", .heading))
      for item in chosen {
        let overview = SessionOverview(item.transcript)
        let when = overview.map { DisplayDate.minute($0.start) } ?? "no start"
        let about = overview.map { $0.subject ?? $0.title } ?? ""
        let answers = overview?.answers ?? 0
        console.line(
          "  " + console.styled(SessionID(path: item.path)?.rawValue ?? item.path, .heading)
            + "  \(when)  \(answers) answer\(answers == 1 ? "" : "s")  "
            + console.styled(about, .plain, keepNewlines: false))
        for file in item.files { console.line("    and " + console.styled(file, .plain)) }
      }
      if !yes {
        let reply = console.ask(
          "Delete \(chosen.count == 1 ? "this session" : "these \(chosen.count) sessions")?"
            + " [y/N] ")
        guard let reply, ["y", "yes"].contains(reply.lowercased()) else {
          console.line("Nothing was deleted.")
          return
        }
      }
      for item in chosen {
        // Held as a session holds it, so one starting to resume it meanwhile is refused.
        let writer = try TranscriptWriter.reopenForRemoval(at: item.path)
        for file in item.files { unlink(file) }
        try writer.discard()
      }
      // The index forgets them now, not at the next command, and so do the meaning vectors
      // (the words of sentences waiting for one are kept with them).
      if let index = try? Archive(store: store, console: console).index(), index.path != nil,
        FileManager.default.fileExists(atPath: VectorCache.path(home: store.home))
      {
        _ = try? index.pruneVectors()
      }
      console.line(
        "Deleted \(chosen.count) session\(chosen.count == 1 ? "" : "s"). The files were unlinked,"
          + " not securely erased: their words can stay on the disk until it is overwritten, and"
          + " in any backup or export made earlier.")
    }
  }
}
