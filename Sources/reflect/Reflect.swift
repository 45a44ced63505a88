import ArgumentParser
import Foundation
import ReflectCore
import ReflectTerminal

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `reflect` command line: a reflection coach in the terminal.
@main
struct Reflect: ParsableCommand {
  /// From the VERSION file (embedded by `make prompts`).
  static let version = reflectVersion

  static let configuration = CommandConfiguration(
    commandName: "reflect",
    abstract: "A reflection coach in your terminal.",
    discussion: """
      Run a reflection session, replay past transcripts, export your lessons.
      Everything stays on this machine, readable by you only.

      --home, --color auto|always|never and --no-pager may come before or after the command.
      Long output on a terminal goes through $REFLECT_PAGER, else $PAGER, else less -FRX.

      Exit status: 0 success; 1 problems found (verify, a rerun that differs, an error);
      3 not found (no such session or pack); 64 a usage error.
      """,
    version: version,
    subcommands: [
      Session.self, List.self, Replay.self, Export.self, Prompts.self, Verify.self, Search.self,
      Show.self, Stats.self, TagList.self, Retag.self, Amend.self, Delete.self, Import.self,
      Index.self,
      Lessons.self,
      Completion.self,
      Config.self,
      Embed.self,
      Similar.self,
      LessonsFeatures.self,
    ],
    defaultSubcommand: Session.self
  )

  static func main() {
    // Private by default: whatever reflect creates is for its owner only.
    umask(0o077)
    Memory.poolPerCore()
    // A closed stdin, stdout or stderr would hand its number to the next file opened (a
    // transcript), and printing would write into it: keep 0, 1 and 2 taken.
    for descriptor in Int32(0)...2 where fcntl(descriptor, F_GETFD) == -1 {
      let null = open("/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY)
      if null >= 0, null != descriptor {
        dup2(null, descriptor)
        close(null)
      }
    }
    do {
      let arguments = GlobalArguments.arranged(Array(CommandLine.arguments.dropFirst()))
      // The settings file fills in what flags and REFLECT_* variables leave unset (not for
      // `config` itself, which shows and checks the file as it is).
      if arguments.first != "config" { try Settings.apply() }
      if let when = ProcessInfo.processInfo.environment["REFLECT_COLOR"],
        !["auto", "always", "never"].contains(when)
      {
        throw ValidationError("--color takes auto, always or never, not '\(when)'")
      }
      var command = try parseAsRoot(arguments)
      try command.run()
    } catch {
      if let missing = GlobalArguments.notFound(error) {
        Console().error("Error: " + VisibleText.sanitize(missing))
        terminate(3)
      }
      // Messages can quote input and file names: sanitise them like everything else printed.
      let code = exitCode(for: error)
      let message = VisibleText.sanitize(fullMessage(for: error))
      if !message.isEmpty {
        if code == .success { Console().document(message + "\n") } else { Console().error(message) }
      }
      terminate(code.rawValue)
    }
  }
}

/// Ends the process (the global `exit`, which `ParsableCommand.exit` would shadow).
private func terminate(_ code: Int32) -> Never { exit(code) }
