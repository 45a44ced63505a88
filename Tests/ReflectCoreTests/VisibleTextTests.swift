import Testing

@testable import ReflectCore

@Suite struct VisibleTextTests {
  @Test(arguments: [
    ("plain words ✓ 🙂 é", "plain words ✓ 🙂 é"),
    ("\u{1B}[2J\u{1B}]0;owned\u{07}", "␛[2J␛]0;owned␇"),
    ("a\u{9B}31mb", "a<U+009B>31mb"),
    ("\u{202E}evil\u{2066}x\u{2069}", "<U+202E>evil<U+2066>x<U+2069>"),
    ("tab\tand\nline", "tab\tand\nline"),
    ("del\u{7F}nul\u{0}", "del␡nul␀"),
    ("zero\u{200B}width", "zero<U+200B>width"),
    // A joiner inside an emoji or between letters beyond ASCII stays; between ASCII letters
    // it would hide something, and is shown.
    ("teacher 👩🏽\u{200D}🏫", "teacher 👩🏽\u{200D}🏫"), ("می\u{200C}خواهم", "می\u{200C}خواهم"),
    ("pay\u{200D}pal", "pay<U+200D>pal"), ("🙂\u{200D}\u{200D}🙂", "🙂<U+200D><U+200D>🙂"),
  ])
  func unsafeCharactersBecomeVisible(input: String, expected: String) {
    #expect(VisibleText.sanitize(input) == expected)
  }

  @Test func newlinesCanBeFoldedForOneLineDisplay() {
    #expect(VisibleText.sanitize("a\nb", keepNewlines: false) == "a⏎b")
  }

  @Test func sanitizedTextHasNoControlScalars() {
    let nasty = String(String.UnicodeScalarView((0...0x10FF).compactMap(Unicode.Scalar.init)))
    let clean = VisibleText.sanitize(nasty, keepNewlines: false)
    let bad = clean.unicodeScalars.filter {
      $0.value < 0x20 && $0 != "\t" || (0x7F...0x9F).contains($0.value)
    }
    #expect(bad.isEmpty)
  }
}
