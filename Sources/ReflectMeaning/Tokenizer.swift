import Foundation

/// BERT's uncased tokenizer: the basic tokenizer (clean, split CJK, strip accents, lower case,
/// split on whitespace and punctuation) and then WordPiece over vocab.txt.
///
/// It follows the Hugging Face `tokenizers` BertNormalizer, BertPreTokenizer and WordPiece,
/// which the tests compare it with token for token.
struct Tokenizer: Sendable {
  /// Pieces by their UTF-8 bytes (a Swift String would compare canonically equivalent text
  /// as equal, which WordPiece does not).
  private let ids: [[UInt8]: Int32]
  let classify: Int32
  let separator: Int32
  let unknown: Int32
  let count: Int
  /// Words longer than this, in Unicode scalars, become [UNK] (BERT's 100).
  let longestWord = 100

  /// Reads vocab.txt: one piece a line, its id the line number from 0.
  init(vocabularyPath path: String) throws(MeaningError) {
    guard FileManager.default.fileExists(atPath: path) else { throw .missingFile(path: path) }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw .unreadable(path: path, reason: "could not read the file")
    }
    guard String(validating: data, as: UTF8.self) != nil else {
      throw .damaged(path: path, reason: "not UTF-8 text")
    }
    var ids: [[UInt8]: Int32] = [:]
    var lines = data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    if lines.last?.isEmpty == true { lines.removeLast() }
    ids.reserveCapacity(lines.count)
    for (number, line) in lines.enumerated() {
      // The trailing white space of a line is not part of its piece.
      var piece = Array(line)
      while let last = piece.last, [9, 10, 11, 12, 13, 32].contains(last) { piece.removeLast() }
      ids[piece] = Int32(number)
    }
    func special(_ name: String) throws(MeaningError) -> Int32 {
      guard let id = ids[Array(name.utf8)] else {
        throw .damaged(path: path, reason: "no '\(name)' line")
      }
      return id
    }
    self.ids = ids
    self.count = lines.count
    self.classify = try special("[CLS]")
    self.separator = try special("[SEP]")
    self.unknown = try special("[UNK]")
  }

  /// The ids the model reads for `text`: [CLS], at most `limit` - 2 pieces, [SEP].
  func encode(_ text: String, limit: Int) -> [Int32] {
    var result: [Int32] = [classify]
    for word in Self.words(text) {
      pieces(of: word, into: &result)
      if result.count >= limit - 1 { break }
    }
    if result.count > limit - 1 { result.removeLast(result.count - (limit - 1)) }
    result.append(separator)
    return result
  }

  /// The basic tokenizer: `text` cleaned, normalised and split into words.
  static func words(_ text: String) -> [[Unicode.Scalar]] {
    // Cleaning first: control characters out, white space to a space, CJK set apart.
    var cleaned = String.UnicodeScalarView()
    var ascii = true
    for scalar in text.unicodeScalars {
      if scalar.value == 0 || scalar.value == 0xFFFD || isControl(scalar) { continue }
      if isWhitespace(scalar) {
        cleaned.append(" ")
      } else if isChinese(scalar) {
        cleaned.append(" ")
        cleaned.append(scalar)
        cleaned.append(" ")
        ascii = false
      } else {
        cleaned.append(scalar)
        if !scalar.isASCII { ascii = false }
      }
    }
    // Then accents stripped (NFD, nonspacing marks dropped) and lower case.
    let decomposed =
      ascii ? cleaned : String(cleaned).decomposedStringWithCanonicalMapping.unicodeScalars
    var words: [[Unicode.Scalar]] = []
    var word: [Unicode.Scalar] = []
    for scalar in decomposed {
      if scalar.isASCII {
        if scalar == " " {
          if !word.isEmpty { words.append(word) }
          word.removeAll(keepingCapacity: true)
        } else if isPunctuation(scalar) {
          if !word.isEmpty { words.append(word) }
          word.removeAll(keepingCapacity: true)
          words.append([scalar])
        } else {
          word.append(Unicode.Scalar(UInt8(ascii: scalar).lowercasedASCII))
        }
        continue
      }
      if scalar.properties.generalCategory == .nonspacingMark { continue }
      for lower in scalar.properties.lowercaseMapping.unicodeScalars {
        if isWhitespace(lower) {
          if !word.isEmpty { words.append(word) }
          word.removeAll(keepingCapacity: true)
        } else if isPunctuation(lower) {
          if !word.isEmpty { words.append(word) }
          word.removeAll(keepingCapacity: true)
          words.append([lower])
        } else {
          word.append(lower)
        }
      }
    }
    if !word.isEmpty { words.append(word) }
    return words
  }

  /// WordPiece: the longest piece of the vocabulary from the start, then `##` pieces for the
  /// rest; a word with a part no piece matches is one [UNK].
  private func pieces(of word: [Unicode.Scalar], into result: inout [Int32]) {
    guard word.count <= longestWord else {
      result.append(unknown)
      return
    }
    // Byte offsets of each scalar in the word's UTF-8.
    var bytes: [UInt8] = []
    var offsets: [Int] = []
    for scalar in word {
      offsets.append(bytes.count)
      bytes.append(contentsOf: String(scalar).utf8)
    }
    offsets.append(bytes.count)
    let found = result.count
    var start = 0
    while start < word.count {
      var end = word.count
      var match: Int32?
      while start < end {
        var piece = start > 0 ? [UInt8(ascii: "#"), UInt8(ascii: "#")] : []
        piece.append(contentsOf: bytes[offsets[start]..<offsets[end]])
        if let id = ids[piece] {
          match = id
          break
        }
        end -= 1
      }
      guard let match else {
        result.removeLast(result.count - found)
        result.append(unknown)
        return
      }
      result.append(match)
      start = end
    }
  }

  /// Control characters (Unicode's C categories) other than tab, newline and return.
  private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
    if scalar == "\t" || scalar == "\n" || scalar == "\r" { return false }
    switch scalar.properties.generalCategory {
    case .control, .format, .surrogate, .privateUse, .unassigned: return true
    default: return false
    }
  }

  private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
    scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar.properties.isWhitespace
  }

  /// ASCII's punctuation and symbols, and Unicode's P categories.
  private static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
    if scalar.isASCII {
      let value = scalar.value
      return (33...47).contains(value) || (58...64).contains(value) || (91...96).contains(value)
        || (123...126).contains(value)
    }
    switch scalar.properties.generalCategory {
    case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
      .initialPunctuation, .finalPunctuation, .otherPunctuation:
      return true
    default: return false
    }
  }

  /// The CJK Unified Ideographs blocks (not Japanese kana or Korean Hangul), as the Hugging
  /// Face tokenizers have them (from U+2B920 where Google's BERT has U+2B820).
  private static func isChinese(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
      0x2B740...0x2B81F, 0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
      return true
    default: return false
    }
  }
}

extension UInt8 {
  fileprivate var lowercasedASCII: UInt8 {
    (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self) ? self + 32 : self
  }
}
