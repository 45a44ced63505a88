import Foundation
import ReflectTestSupport
import Testing

@testable import ReflectMeaning

@Suite struct EncoderTests {
  @Test func sha256MatchesTheStandardsExamples() {
    func digest(_ text: String) -> String {
      Array(text.utf8).withUnsafeBytes { SHA256.hex($0) }
    }
    #expect(digest("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(digest("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(
      digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    // 1,000 bytes: whole blocks and a tail that needs a second padding block.
    #expect(
      digest(String(repeating: "a", count: 1000))
        == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
  }

  @Test func sha256FedInPiecesOfAnySizeGivesTheSameDigest() throws {
    let bytes = Array(String(repeating: "a", count: 1000).utf8)
    for size in [1, 7, 63, 64, 65, 200, 999] {
      var digest = SHA256()
      var start = 0
      while start < bytes.count {
        let end = min(start + size, bytes.count)
        bytes[start..<end].withUnsafeBytes { digest.update($0) }
        start = end
      }
      #expect(
        digest.finish() == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3",
        "pieces of \(size)")
    }
    let file = TestSupport.temporaryDirectory("sha") + "/a"
    try Data(bytes).write(to: URL(fileURLWithPath: file))
    #expect(
      SHA256.hex(fileAt: file) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"
    )
  }

  @Test func theModelIsLookedForInOrder() {
    let executable = "/opt/reflect/bin/reflect"
    let environment = ["XDG_DATA_HOME": "/data", "HOME": "/home/me"]
    #expect(
      ModelLocation.candidates(explicit: nil, environment: environment, executable: executable) == [
        "/data/reflect/models/all-MiniLM-L6-v2",
        "/opt/reflect/share/reflect/models/all-MiniLM-L6-v2",
      ])
    #expect(
      ModelLocation.candidates(
        explicit: nil, environment: ["HOME": "/home/me"],
        executable: "/src/reflect/.build/x86_64-unknown-linux-gnu/release/reflect") == [
          "/home/me/.local/share/reflect/models/all-MiniLM-L6-v2",
          "/src/reflect/.build/x86_64-unknown-linux-gnu/share/reflect/models/all-MiniLM-L6-v2",
          "/src/reflect/.build/models/all-MiniLM-L6-v2",
        ])
    #expect(
      ModelLocation.candidates(
        explicit: nil, environment: environment.merging(["REFLECT_MODEL": "/m"]) { $1 },
        executable: executable) == ["/m"])
    #expect(
      ModelLocation.candidates(
        explicit: "/flag", environment: environment.merging(["REFLECT_MODEL": "/m"]) { $1 },
        executable: executable) == ["/flag"])
  }

  @Test func cosineOfVectors() {
    #expect(cosine([1, 0], [0, 1]) == 0)
    #expect(abs(cosine([1, 2, 3], [2, 4, 6]) - 1) < 1e-6)
    #expect(cosine([0, 0], [1, 1]) == 0)
    #expect(cosine([1], [1, 2]) == 0)
  }

  @Test func longTextsAreCutAtTheModelsLimit() throws {
    // The tiny model has 8 positions: [CLS], six pieces, [SEP].
    let encoder = try Encoder.load(from: try FakeModel().write())
    #expect(encoder.maxTokens == 8)
    let ids = encoder.tokenIDs(Array(repeating: "hello", count: 20).joined(separator: " "))
    #expect(ids == [2, 5, 5, 5, 5, 5, 5, 3])
    #expect(encoder.embed([String(repeating: "worlds ", count: 50)])[0].count == 4)
  }

  /// BLAS and plain loops compute the same vectors (the loops are the measure of what the
  /// BLAS saves): on the tiny model, and on the real one when it is installed.
  @Test func blasAndLoopsAgree() throws {
    var folders = [try FakeModel().write()]
    if RealModel.isInstalled { folders.append(RealModel.folder) }
    let texts = ["Trust takes time", "", "i keep saying yes to everything", "hello worlds"]
    for folder in folders {
      let fast = try Encoder.load(from: folder).embed(texts)
      let plain = try Encoder.load(from: folder, products: .loops).embed(texts)
      for (a, b) in zip(fast, plain) {
        #expect(zip(a, b).allSatisfy { abs($0 - $1) < 1e-5 }, "\(folder)")
      }
    }
  }

  /// A batch too big for one pass is split: every vector is still the one its text gets alone.
  @Test func batchesLargerThanOnePassGiveTheSameVectors() throws {
    let encoder = try Encoder.load(from: try FakeModel().write())
    let texts = (0..<700).map {
      Array(repeating: $0 % 3 == 0 ? "hello" : "world", count: $0 % 7).joined(separator: " ")
    }
    #expect(texts.count * 8 > Encoder.tokensPerPass)
    let batch = encoder.embed(texts)
    #expect(batch.count == texts.count)
    for index in stride(from: 0, to: texts.count, by: 37) {
      #expect(encoder.embed([texts[index]])[0] == batch[index])
    }
  }
}
