/// Whether bytes are well-formed UTF-8, without making a string of them.
///
/// The same answer as `String(validating:as:)`, which builds a string (an allocation and a
/// copy of every line read) and, called on a slice, looks up generic metadata at run time:
/// the well-formed sequences of the Unicode Standard's table 3-7 (no overlong forms, no
/// surrogates, nothing beyond U+10FFFF), eight ASCII bytes at a time where it can.
enum UTF8Check {
  static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let base = bytes.baseAddress else { return true }
    let count = bytes.count
    var index = 0
    while index < count {
      if index + 8 <= count,
        UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080
          == 0
      {
        index += 8
        continue
      }
      let lead = base[index]
      if lead < 0x80 {
        index += 1
        continue
      }
      // The length of the sequence, and the range its second byte must fall in.
      let length: Int
      var lowest: UInt8 = 0x80
      var highest: UInt8 = 0xBF
      switch lead {
      case 0xC2...0xDF: length = 2
      case 0xE0: (length, lowest) = (3, 0xA0)
      case 0xE1...0xEC, 0xEE...0xEF: length = 3
      case 0xED: (length, highest) = (3, 0x9F)
      case 0xF0: (length, lowest) = (4, 0x90)
      case 0xF1...0xF3: length = 4
      case 0xF4: (length, highest) = (4, 0x8F)
      default: return false
      }
      guard index + length <= count, (lowest...highest).contains(base[index + 1]) else {
        return false
      }
      for offset in 2..<length where base[index + offset] & 0xC0 != 0x80 { return false }
      index += length
    }
    return true
  }

  static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
    isValid(bytes.bindMemory(to: UInt8.self))
  }
}
