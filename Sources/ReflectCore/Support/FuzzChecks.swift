import Foundation

/// The invariants the fuzz targets check (`make fuzz`, Sources/reflect-fuzz).
///
/// Each takes arbitrary bytes and traps when an invariant breaks. They also run over the
/// fuzz corpus in `make test`, so an input that once broke something stays a regression test.
public enum FuzzChecks {
  /// Scalars that must never reach a terminal or document unshown.
  static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x08, 0x0B...0x1F, 0x7F...0x9F, 0x200B...0x200F, 0x202A...0x202E,
      0x2060...0x2064, 0x2066...0x206F, 0xFEFF, 0xFFF9...0xFFFB, 0x061C, 0x00AD, 0x180E,
      0xE0000...0xE007F:
      true
    default: false
    }
  }

  /// Whether `text` holds a forbidden scalar; a zero-width joiner counts only when it does
  /// not join two characters beyond ASCII.
  static func hasForbidden(_ text: String) -> Bool {
    let scalars = Array(text.unicodeScalars)
    for (index, scalar) in scalars.enumerated() where isForbidden(scalar) {
      if scalar.value == 0x200C || scalar.value == 0x200D,
        VisibleText.isJoined(
          index > 0 ? scalars[index - 1] : nil, index + 1 < scalars.count ? scalars[index + 1] : nil
        )
      {
        continue
      }
      return true
    }
    return false
  }

  /// The line reader, `verify` and repair agree: reading never traps, every line is an
  /// event or a problem, and the lines repair keeps read back with no repairable problem.
  public static func transcript(_ data: Data) {
    let lines = TranscriptLines.classify(data)
    // The quick line reader answers only when it agrees with the standard decoder.
    let codec = TranscriptCodec()
    for line in data.split(separator: 0x0A, omittingEmptySubsequences: true) {
      let bytes = Data(line)
      guard let quick = bytes.withUnsafeBytes({ QuickEventParser.event($0) }) else { continue }
      precondition(
        (try? codec.standardDecode(bytes)) == quick, "the quick reader disagrees on a line")
    }
    var kept = Data()
    for line in lines {
      precondition(line.event != nil || line.problem != nil, "a line that is neither")
      if !(line.problem?.isRepairable ?? false) { kept.append(data[line.bytes]) }
    }
    if lines.contains(where: { if case .newerSchema = $0.problem { true } else { false } }) {
      return
    }
    let again = TranscriptLines.classify(kept)
    precondition(
      !again.contains { $0.problem?.isRepairable ?? false },
      "repair left a line it would move again")
    _ = TranscriptReader().parse(data, path: "fuzz")
  }

  /// Loading any text as a pack, coach rules or lesson cues never traps.
  public static func pack(_ data: Data) {
    guard let text = String(data: data, encoding: .utf8) else { return }
    _ = try? PromptFileCheck.check(text, file: "fuzz.yaml")
  }

  /// The sanitiser lets no forbidden scalar out and is idempotent.
  public static func sanitiser(_ data: Data) {
    let text = String(decoding: data, as: UTF8.self)
    for keepNewlines in [true, false] {
      let once = VisibleText.sanitize(text, keepNewlines: keepNewlines)
      precondition(!hasForbidden(once), "a forbidden scalar got out")
      precondition(
        VisibleText.sanitize(once, keepNewlines: keepNewlines) == once, "not idempotent")
      if !keepNewlines { precondition(!once.contains("\n"), "a newline got out") }
    }
  }

  /// A search query (the first line) either parses or says why; one that parses is valid
  /// FTS5 and finds through the index exactly the texts (the other lines) it matches.
  public static func search(_ data: Data) {
    guard let text = String(data: data, encoding: .utf8) else { return }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let query = try? SearchQuery(lines[0]) else { return }
    let texts = Array(lines.dropFirst().prefix(20))
    let found: Set<Int>
    do {
      found = try ArchiveIndex.candidates(query, among: texts)
    } catch {
      preconditionFailure("the index refused a parsed query: \(error)")
    }
    for (offset, text) in texts.enumerated() {
      precondition(
        found.contains(offset) == (query.score(text: text) > 0),
        "the index and the query disagree on a text")
    }
  }

  /// The HTML escaper leaves no markup character bare; the Markdown escaper leaves nothing
  /// that would start a block or inline markup unescaped.
  public static func escapers(_ data: Data) {
    let text = String(decoding: data, as: UTF8.self)
    let html = HTMLText.escape(text)
    precondition(
      !html.unicodeScalars.contains { "<>\"'".unicodeScalars.contains($0) },
      "a markup character left bare in HTML")
    precondition(!hasForbidden(html), "a forbidden scalar in HTML")
    checkMarkdown(MarkdownText.escape(text))
    for line in MarkdownText.lines(text) { checkMarkdown(line) }
    // Notes also keep Obsidian's and Logseq's syntax as text.
    for line in [NoteText.escape(text)] + NoteText.lines(text) {
      checkMarkdown(line)
      checkNote(line)
    }
  }

  /// A line of a note gives no `#tag`, `%%comment%%`, `==highlight==`, `$maths$` or `^id`.
  private static func checkNote(_ line: String) {
    let scalars = Array(line.unicodeScalars)
    var index = 0
    while index < scalars.count {
      if scalars[index] == "\\" {
        index += 2
        continue
      }
      let scalar = scalars[index]
      let next = index + 1 < scalars.count ? scalars[index + 1] : nil
      let previous = index > 0 ? scalars[index - 1] : nil
      precondition(scalar != "$" && scalar != "^", "a bare $ or ^ in a note")
      if scalar == "%" || scalar == "=" { precondition(next != scalar, "a bare %% or ==") }
      if scalar == "#", previous == nil || previous == " " || previous == "\t", let next {
        precondition(next == " " || next == "#", "a bare #tag in a note")
      }
      index += 1
    }
  }

  /// Reading any bytes as a note or a jrnl export never traps: it is an entry with words,
  /// nothing, or an error that names the file.
  public static func imports(_ data: Data) {
    do {
      if let entry = try MarkdownImport.entry(
        data, path: "fuzz.md", name: "2026-01-01 fuzz.md", modified: Date(timeIntervalSince1970: 0))
      {
        precondition(!entry.text.isEmpty, "an imported note with no words")
        _ = entry.events(from: "fuzz", version: "0")
      }
    } catch {
      precondition(error.path == "fuzz.md", "an import error that does not name the file")
    }
    do {
      for entry in try JrnlImport.entries(data, path: "fuzz.json") {
        precondition(!entry.text.isEmpty, "an imported entry with no words")
      }
    } catch {
      precondition(error.path == "fuzz.json", "an import error that does not name the file")
    }
  }

  /// A line of escaped Markdown gives no block (heading, quote, list, code, rule) and no
  /// inline markup (code, emphasis, links, HTML, entities) that the text could start.
  private static func checkMarkdown(_ line: String) {
    let scalars = Array(line.unicodeScalars)
    precondition(!scalars.contains("\n"), "a line break in one Markdown line")
    precondition(scalars.first != " " && scalars.first != "\t", "a Markdown line indented")
    if let first = scalars.first {
      precondition(!"#>-+*=_~|".unicodeScalars.contains(first), "a bare block marker")
    }
    var index = 0
    while index < scalars.count {
      if scalars[index] == "\\" {
        index += 2
        continue
      }
      let next = index + 1 < scalars.count ? scalars[index + 1] : nil
      let scalar = scalars[index]
      precondition(!"`*[]|~".unicodeScalars.contains(scalar), "bare inline markup")
      if scalar == "<", let next {
        precondition(
          !(next.isASCII && (next.properties.isAlphabetic || "/!?".unicodeScalars.contains(next))),
          "a bare < that starts HTML")
      }
      if scalar == "&", let next {
        precondition(
          !(next.isASCII
            && (next.properties.isAlphabetic || next.properties.numericType != nil
              || next == "#")),
          "a bare & that starts an entity")
      }
      index += 1
    }
  }

  /// The coach answers any text without trapping, and every line it says reads cleanly.
  public static func coach(_ data: Data, pack: Pack, rules: CoachRules) {
    let text = String(decoding: data.prefix(4_000), as: UTF8.self)
    var conversation = Conversation(
      pack: pack, rules: rules, settings: .init(seed: UInt64(data.count), maxFollowUps: 2))
    let time = Date(timeIntervalSince1970: 1_795_000_000)
    _ = conversation.begin(at: time)
    for piece in text.split(separator: "\u{1E}", omittingEmptySubsequences: false).prefix(20) {
      for case .coach(let message) in conversation.respond(to: .text(String(piece)), at: time)
        .events
      {
        precondition(
          LineLint.problem(in: message.text) == nil || message.kind == .proposal
            || message.kind == .summary || message.kind == .acknowledgement,
          "a broken coach line: \(message.text)")
      }
    }
  }
}
