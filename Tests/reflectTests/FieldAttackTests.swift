import Foundation
import ReflectCore
import ReflectTestSupport
import Testing

/// Hostile text in a user pack's fields and in every field a person types (issue 26),
/// through every command that shows them: nothing reaches a terminal raw, nothing becomes
/// live HTML or Markdown.
@Suite struct FieldAttackTests {
  static let payload =
    "\u{1B}[2J\u{1B}]8;;http://evil.example/\u{1B}\\L\u{1B}]8;;\u{1B}\\\u{1B}]52;c;cHduZWQ=\u{07}"
    + "\u{9B}31m\u{202E}rtl\u{202C}\u{8}\u{8}<script>alert(1)</script><img src=x onerror=alert(1)>"
    + " # H [x](javascript:alert(1)) <b onclick=x>b</b>"

  /// YAML's double-quoted form of `text`, every scalar outside printable ASCII escaped.
  static func quoted(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case " "..."~": out.unicodeScalars.append(scalar)
      default: out += String(format: "\\u%04x", scalar.value)
      }
    }
    return out + "\""
  }

  @Test func packAndPersonFieldsAreSafeInEveryCommand() throws {
    let config = TestSupport.temporaryDirectory("config")
    let home = config + "/home"
    let folder = config + "/reflect/prompts"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let p = Self.quoted(Self.payload)
    try """
    id: evil
    title: \(p)
    description: \(p)
    source: \(p)
    max_follow_ups: 0
    stages:
      - {id: s1, title: \(p), intro: \(p), questions: [{id: q1, text: \(p), why: \(p)}]}
      - {id: lessons, kind: lessons, title: \(p), intro: \(p), questions: [{id: l1, text: \(p)}]}
      - {id: c, kind: commitments, title: \(p), intro: \(p), questions: [{id: c1, text: \(p)}]}
    """.write(toFile: folder + "/evil.yaml", atomically: true, encoding: .utf8)
    let environment = ["XDG_CONFIG_HOME": config, "REFLECT_NO_PAGER": "1"]
    let typed = Self.payload
    let session = try TestSupport.reflect(
      ["session", "--pack", "evil", "--about", typed, "--home", home],
      input: "\(typed)\n\(typed)\n\nCall \(typed) by 2027-01-05\n\n", environment: environment)
    #expect(session.status == 0, "\(session.stderr)")
    let forbidden: [Unicode.Scalar] = ["\u{1B}", "\u{9B}", "\u{202E}", "\u{8}", "\u{7}"]
    for command in [
      ["list"], ["search", "Call"], ["show", "latest"], ["show", "latest", "--format", "text"],
      ["replay", "latest"], ["stats"], ["tags"], ["prompts", "show", "evil"],
      ["export", "--format", "markdown"], ["export", "--format", "text"],
      ["export", "--format", "html"],
    ] {
      let run = try TestSupport.reflect(command + ["--home", home], environment: environment)
      #expect(run.status == 0, "\(command): \(run.stderr)")
      for scalar in forbidden {
        #expect(!run.stdout.unicodeScalars.contains(scalar), "\(command): \(scalar.value) out")
        #expect(!run.stderr.unicodeScalars.contains(scalar), "\(command): \(scalar.value) err")
      }
      if command.last == "html" {
        for live in ["<script", "<img", "<b ", "href=\"javascript"] {
          #expect(!run.stdout.contains(live), "html: \(live)")
        }
        // No event handler in any tag.
        #expect(run.stdout.firstMatch(of: /<[^>]*\son[a-z]+=/) == nil)
        #expect(run.stdout.contains("content=\"default-src 'none'; style-src 'unsafe-inline'\""))
      }
      if command.first == "show" && command.count == 2 || command.last == "markdown" {
        let rendered = try #require(try MarkdownRenderer.render([run.stdout]).first)
        for tag in rendered.tags {
          #expect(!["script", "img", "b"].contains(tag), "\(command): <\(tag)> rendered")
        }
        // The only links are the report's own, to a session further down the page.
        for link in rendered.html.matches(of: /<a\s[^>]*>/) {
          #expect(
            link.output.contains("href=\"#session-"), "\(command): \(link.output) rendered")
        }
        #expect(!rendered.html.contains("href=\"javascript"), "\(command): a javascript: link")
      }
    }
  }
}
