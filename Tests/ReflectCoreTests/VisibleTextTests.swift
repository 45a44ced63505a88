import PropertyBased
import Testing

@testable import ReflectCore

@Suite struct VisibleTextTests {
  /// The byte-level check that a text needs nothing replaced agrees with asking each scalar,
  /// on texts of every width of UTF-8, controls, C1, format characters and their neighbours.
  @Test func theByteCheckAgreesWithTheScalars() async {
    let pieces: [String] = [
      "a", " ", "\n", "\t", "\r", "\u{0}", "\u{1B}", "\u{7F}", "\u{80}", "\u{9F}", "\u{A0}",
      "\u{AD}", "é", "’", "\u{200A}", "\u{200B}", "\u{200F}", "\u{2010}", "\u{2029}",
      "\u{202A}", "\u{202F}", "\u{2065}", "\u{2066}", "\u{2070}", "\u{FEFE}", "\u{FEFF}",
      "\u{FFF9}", "\u{FFFC}", "\u{061C}", "\u{180E}", "🙂", "\u{E0001}", "\u{E0080}", "語",
    ]
    await propertyCheck(count: 500, input: Gen.int(in: 0...(pieces.count - 1)).array(of: 0...40)) {
      picks in
      let text = picks.map { pieces[$0] }.joined()
      for keepNewlines in [true, false] {
        let byScalar = !text.unicodeScalars.contains { scalar in
          let value = scalar.value
          return value < 0x20 && !(value == 0x09 || (value == 0x0A && keepNewlines))
            || (0x7F...0x9F).contains(value) || VisibleText.isFormat(value)
        }
        #expect(VisibleText.isSafe(text, keepNewlines: keepNewlines) == byScalar, "\(picks)")
      }
    }
  }

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
