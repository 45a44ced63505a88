import ArgumentParser
import Foundation
import ReflectCore
import ReflectTerminal

extension Reflect {
  struct Prompts: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List, show, validate and create question packs.",
      subcommands: [ListPacks.self, Show.self, Validate.self, New.self])
  }
}

extension Reflect.Prompts {
  struct ListPacks: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List the packs: id, title, stages, source.")

    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var packOptions: PackOptions

    @Flag(name: .long, help: "Print a JSON array.")
    var json = false

    struct Entry: Encodable {
      var id, title, description, source, origin: String
      var stages: [String]
    }

    func run() throws {
      let console = Console()
      let packs = packOptions.library(console: console).packs
      if json {
        console.document(
          JSONOutput.encode(
            packs.map {
              Entry(
                id: $0.id, title: $0.title, description: $0.description, source: $0.source,
                origin: $0.origin, stages: $0.stages.map(\.id))
            }))
        return
      }
      let width = packs.map(\.id.count).max() ?? 0
      for pack in packs {
        let id = pack.id.padding(toLength: width, withPad: " ", startingAt: 0)
        console.line(
          console.styled(id, .heading) + "  " + console.styled(pack.title, .plain)
            + "  (\(pack.stages.count) stages)  " + console.styled(pack.source, .dim))
      }
    }
  }

  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a whole pack, readably.")

    @OptionGroup var homeOptions: HomeOptions
    @OptionGroup var packOptions: PackOptions

    @Argument(help: "The pack id.", completion: .custom(DataCompletion.packs))
    var id: String

    @Flag(name: .long, help: "The pack as JSON.")
    var json = false

    func run() throws {
      let console = Console()
      let pack = try packOptions.library(console: console).pack(id)
      if json {
        let stages: [[String: Any]] = pack.stages.map { stage in
          [
            "id": stage.id, "title": stage.title, "intro": stage.intro, "kind": stage.kind.rawValue,
            "questions": stage.questions.map { question -> [String: Any] in
              var object: [String: Any] = ["id": question.id, "text": question.text]
              if let why = question.why { object["why"] = why }
              if let scale = question.scale {
                object["scale"] = [scale.lowerBound, scale.upperBound]
              }
              return object
            },
          ]
        }
        console.document(
          JSONOutput.encode(any: [
            "version": JSONOutput.version, "id": pack.id, "title": pack.title,
            "description": pack.description, "source": pack.source, "origin": pack.origin,
            "maxFollowUps": pack.maxFollowUps, "stages": stages,
          ]))
        return
      }
      console.line(console.styled("\(pack.title) (\(pack.id))", .heading))
      console.say(pack.description)
      console.line(console.decorated("Source: ", .dim) + console.styled(pack.source, .dim))
      console.line(console.decorated("From: ", .dim) + console.styled(pack.origin, .dim))
      for (number, stage) in pack.stages.enumerated() {
        console.line()
        let kind = stage.kind == .questions ? "" : " [\(stage.kind.rawValue)]"
        console.line(console.styled("\(number + 1). \(stage.title) (\(stage.id))\(kind)", .heading))
        console.line(console.styled("   \(stage.intro)", .coach))
        for question in stage.questions {
          let scale = question.scale.map { " [\($0.lowerBound)–\($0.upperBound)]" } ?? ""
          console.say("   - \(question.text)\(scale)")
          if let why = question.why { console.line(console.styled("     why: \(why)", .dim)) }
        }
      }
    }
  }

  struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check pack, coach-rules and lesson-cue files; exit 0 when all are valid.",
      discussion: """
        A warning (a follow-up that asks nearly what a question of its stage asks) does not
        change the exit status.
        """)

    @OptionGroup var homeOptions: HomeOptions

    @Argument(help: "Files to check (packs, coach.yaml, lessons.yaml, replies.yaml).")
    var files: [String]

    func run() throws {
      let console = Console()
      var failures = 0
      for file in files {
        do {
          let result = try PromptFileCheck.check(path: file)
          console.line(
            console.styled(file, .plain) + ": ok (\(console.styled(result.summary, .plain)))")
          for warning in result.warnings { console.warn(warning) }
        } catch {
          failures += 1
          // Every error of the file, not only the first.
          for problem in PromptFileCheck.allErrors(path: file) {
            console.error(problem.localizedDescription)
          }
        }
      }
      if failures > 0 { throw ExitCode.failure }
    }
  }

  struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write a commented starter pack into your prompts folder.")

    @OptionGroup var homeOptions: HomeOptions

    @Argument(help: "The new pack's id.")
    var id: String

    func run() throws {
      let console = Console()
      let folder = CommandContext.paths.userPrompts
      let path = try StarterPack.write(id: id, into: folder)
      console.line("Wrote " + console.styled(path, .plain))
      console.line(
        "Edit it, check it with 'reflect prompts validate \(console.styled(path, .plain))',"
          + " then run 'reflect session --pack \(console.styled(id, .plain))'.")
    }
  }
}
