import ReflectTerminal
import Testing

@Suite struct TextWrapTests {
  @Test(arguments: [
    ("plain", 5), ("日本語", 6), ("e\u{301}te\u{301}", 3), ("\u{1B}[1mbold\u{1B}[0m", 4),
    ("👩🏽‍🏫", 2), ("a\u{200B}b", 2), ("🙂 ok", 5),
  ])
  func widthCountsColumnsNotCharacters(text: String, columns: Int) {
    #expect(TextWrap.width(text) == columns)
  }

  @Test(arguments: [40, 120])
  func wrappedLinesFitTheWidth(width: Int) {
    let text =
      "Trust grew slowly, over months, with the two heads and the chair of the 学校 governors"
      + " who met every week 日本語のテキスト and kept a shared document of promises made and kept"
    let wrapped = TextWrap.wrap(text, width: width, indent: 4, first: 2)
    for line in wrapped.split(separator: "\n") {
      #expect(TextWrap.width(String(line)) <= width, "\(line)")
    }
    #expect(wrapped.split(separator: "\n").dropFirst().allSatisfy { $0.hasPrefix("    ") })
    #expect(
      wrapped.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
        == text, "no word is broken or lost")
  }
}
