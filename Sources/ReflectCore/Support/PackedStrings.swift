/// Strings kept one after another in one buffer: 100,000 file or note names held as
/// `[String]` take several times their bytes (an allocation each).
public struct PackedStrings: RandomAccessCollection, Sendable {
  private var bytes: [UInt8] = []
  private var ends: [Int] = []

  public init() {}

  public var startIndex: Int { 0 }
  public var endIndex: Int { ends.count }

  public subscript(position: Int) -> String {
    String(
      decoding: bytes[(position == 0 ? 0 : ends[position - 1])..<ends[position]], as: UTF8.self)
  }

  public mutating func append(_ text: String) {
    bytes.append(contentsOf: text.utf8)
    ends.append(bytes.count)
  }
}
