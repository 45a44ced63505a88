import Foundation
import ReflectTerminal
import Synchronization
import Testing

/// A console that writes into buffers, tested without a process or a terminal.
@Suite struct ConsoleTests {
  final class Buffers: Sendable {
    let out = Mutex("")
    let err = Mutex("")
  }

  func console(color: Bool = false) -> (Console, Buffers) {
    let buffers = Buffers()
    let console = Console(
      color: color, out: { text in buffers.out.withLock { $0 += text } },
      err: { text in buffers.err.withLock { $0 += text } })
    return (console, buffers)
  }

  @Test func everythingAPersonWroteIsSanitisedOnItsWayOut() {
    let (console, buffers) = console()
    console.say("title \u{1B}]0;pwned\u{07} clear \u{1B}[2J")
    console.warn("bad \u{1B}[31mfile")
    console.error("error \u{202E}reversed")
    let out = buffers.out.withLock { $0 }
    let err = buffers.err.withLock { $0 }
    #expect(!out.contains("\u{1B}"))
    #expect(out.contains("␛]0;pwned"))
    #expect(!err.contains("\u{1B}"))
    #expect(!err.contains("\u{202E}"))
    #expect(err.contains("reflect: bad ␛[31mfile"))
  }

  @Test func colourOnlyWhenAskedAndOnlyReflectsOwn() {
    let (plain, plainBuffers) = console()
    plain.line(plain.styled("words", .coach))
    #expect(plainBuffers.out.withLock { $0 } == "words\n")
    let (coloured, colouredBuffers) = console(color: true)
    coloured.line(coloured.styled("words \u{1B}[1m", .coach))
    let out = colouredBuffers.out.withLock { $0 }
    #expect(out.hasPrefix("\u{1B}[36mwords ␛[1m"), "\(out)")
  }

  @Test func thePromptLabelIsPlainWithoutColour() {
    let (plain, _) = console()
    #expect(plain.promptLabel("values") == "values › ")
    let (coloured, _) = console(color: true)
    #expect(coloured.promptLabel("values").contains("values ›"))
    #expect(coloured.promptLabel("values").contains("\u{1B}["))
  }
}
