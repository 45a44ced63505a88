import PropertyBased
import Testing

@testable import ReflectCore

/// The quick UTF-8 check gives `String(validating:as:)`'s answer on every kind of sequence.
@Suite struct UTF8CheckTests {
  func agrees(_ bytes: [UInt8]) -> Bool {
    let quick = bytes.withUnsafeBufferPointer { UTF8Check.isValid($0) }
    return quick == (String(validating: bytes, as: UTF8.self) != nil)
  }

  /// Every sequence of one or two bytes, and every lead byte with each kind of second,
  /// third and fourth byte (the edges of each range table 3-7 allows, and just outside).
  @Test func everyShortSequenceAndEveryEdge() {
    for first in 0...255 {
      #expect(agrees([UInt8(first)]), "\(first)")
      for second in 0...255 {
        #expect(agrees([UInt8(first), UInt8(second)]), "\(first) \(second)")
      }
    }
    let edges: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xFF]
    for lead in 0xC0...0xFF {
      for second in edges {
        for third in edges {
          #expect(agrees([UInt8(lead), second, third]), "\(lead) \(second) \(third)")
          for fourth in edges {
            #expect(agrees([UInt8(lead), second, third, fourth]))
          }
        }
      }
    }
  }

  /// Sequences cut anywhere, in runs of ASCII long enough for the eight-byte steps.
  @Test func mixedTextCutAnywhere() async {
    let pieces: [[UInt8]] = [
      Array("plain words ".utf8), Array("é".utf8), Array("€".utf8), Array("🙂".utf8),
      Array("\u{10FFFF}".utf8), [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80],
      [0xE2, 0x82], [0x80], [0xFF], Array("12345678".utf8),
    ]
    await propertyCheck(
      count: 2_000,
      input: Gen.int(in: 0...(pieces.count - 1)).array(of: 0...12), Gen.int(in: 0...3)
    ) { picks, cut in
      let bytes = picks.flatMap { pieces[$0] }
      #expect(agrees(bytes), "\(bytes)")
      #expect(agrees(Array(bytes.dropLast(cut))), "\(bytes) less \(cut)")
      #expect(agrees(Array(bytes.dropFirst(cut))), "\(cut) less of \(bytes)")
    }
  }
}
