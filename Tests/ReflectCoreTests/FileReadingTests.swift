import Foundation
import ReflectTestSupport
import Testing

@testable import ReflectCore

/// Files are read whole, straight into a buffer of their size, and read on to their end
/// when they hold more than their size said.
@Suite struct FileReadingTests {
  @Test(arguments: [0, 1, 4_095, 4_096, 4_097, 200_003])
  func filesOfEverySizeReadBackWhole(size: Int) throws {
    let path = TestSupport.temporaryDirectory("read") + "/file"
    let bytes = Data((0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
    try bytes.write(to: URL(fileURLWithPath: path))
    #expect(try FileSystem.readRegularFile(path) == bytes)
  }

  /// A file in /proc says its size is 0 and holds more: it is read to the end all the same
  /// (these two never change while the process runs).
  @Test func aFileLargerThanItsStatedSizeIsReadToItsEnd() throws {
    for path in ["/proc/self/cmdline", "/proc/self/environ"] {
      var status = stat()
      #expect(stat(path, &status) == 0 && status.st_size == 0)
      let expected = try #require(try FileHandle(forReadingAtPath: path)?.readToEnd())
      #expect(expected.count > 1)
      #expect(try FileSystem.readRegularFile(path) == expected, "\(path)")
    }
  }
}
