import ArgumentParser
import Foundation
import ReflectCore
import ReflectTerminal

extension Reflect {
  struct Amend: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Correct a session's answers, lessons and commitments in your text editor.",
      discussion: """
        Opens your editor ($REFLECT_EDITOR, else the settings' editor, else $VISUAL, \
        $EDITOR, nano or vi) with every answer, lesson and commitment under a \
        marker, the coach's questions as '#' comments. What you change is added to the \
        transcript as revisions: show, search and export use the latest, replay shows the \
        original and each revision, and the original is never overwritten.
        """)

    @OptionGroup var homeOptions: HomeOptions

    @Argument(
      help: "A session id or 'latest'.", completion: .custom(DataCompletion.sessions))
    var session: String

    func validate() throws {
      // An id or `latest`: a path is refused, so only the archive's own files are changed.
      guard session == "latest" || SessionID(session) != nil else {
        throw ValidationError(
          "'\(session)' is not a session id (like 20261129-071203-k3q9) or 'latest'")
      }
    }

    func run() throws {
      let console = Console()
      let store = homeOptions.store
      let (_, start) = try Archive(store: store, console: console).open(session)
      let path = try store.resolve(session)
      // Held like a running session holds it, for as long as the editor is open.
      let writer = try TranscriptWriter.reopen(at: path)
      // Read again under the lock: what the editor shows is what is on disk.
      let transcript = try TranscriptReader().read(path: path, followLinks: false)
      let document = AmendDocument(transcript)
      guard !document.entries.isEmpty else {
        console.line("\(start.id) holds no answers, lessons or commitments to amend.")
        return
      }
      guard let editor = ExternalEditor.command(CommandContext.environment) else {
        console.error(
          "No text editor found: set 'editor' in \(ReflectConfig.path(environment: CommandContext.environment)),"
            + " $REFLECT_EDITOR or $EDITOR (or install nano or vi).")
        throw ExitCode.failure
      }
      let drafts = Drafts(home: store.home)
      let draft = drafts.amendment(for: start.id)
      if FileManager.default.fileExists(atPath: draft) {
        console.line("Going on from the amendment left in " + console.styled(draft, .plain) + ".")
      } else {
        try drafts.createAmendment(for: start.id, text: document.render())
      }
      let status = ExternalEditor.edit(draft, with: editor)
      guard status == 0 else {
        console.error(
          "The editor exited with status \(status): nothing was changed. Your edits are kept in"
            + " \(draft); 'reflect amend \(start.id)' goes on from them.")
        throw ExitCode.failure
      }
      let edited: String
      do {
        // A long session's amendment is long already: what may be added is the limit.
        edited = try Drafts.read(draft, limit: document.render().utf8.count + Drafts.largest)
      } catch {
        console.error(
          "\(error.localizedDescription). Nothing was changed; your edits are kept there and"
            + " 'reflect amend \(start.id)' goes on from them.")
        throw ExitCode.failure
      }
      let changes: [AmendDocument.Change]
      do throws(AmendDocument.Problem) {
        changes = try document.changes(in: edited)
      } catch {
        console.error(
          "\(draft):\(error.line): \(error.reason). Nothing was changed; your edits are kept"
            + " there and 'reflect amend \(start.id)' goes on from them.")
        throw ExitCode.failure
      }
      guard !changes.isEmpty else {
        Drafts.remove(draft)
        console.line("Nothing changed in \(start.id).")
        return
      }
      let time = Date()
      for change in changes {
        try writer.append(
          .command(
            Command(
              name: .revise, stage: change.stage, text: change.text, line: change.line,
              time: time)))
      }
      // Only once every revision is on disk.
      Drafts.remove(draft)
      let counts = Dictionary(grouping: changes, by: \.kind).mapValues(\.count)
      let described = ["answer", "lesson", "commitment"].compactMap { kind -> String? in
        guard let count = counts[kind] else { return nil }
        return "\(count) \(kind)\(count == 1 ? "" : "s")"
      }
      console.line(
        "Amended \(described.joined(separator: ", ")) in \(start.id). The original words stay in"
          + " the transcript; 'reflect replay \(start.id)' shows both.")
    }
  }
}
