import Foundation
import ReflectTestSupport
import Testing

@testable import ReflectCore

@Suite struct SessionIDTests {
  @Test(arguments: ["20261129-071203-k3q9", "20261129-071203-abcdefgh"])
  func generatedShapeIsAccepted(text: String) {
    #expect(SessionID(text)?.rawValue == text)
  }

  @Test(arguments: [
    "", "latest", "../20261129-071203-k3q9", "20261129-071203-k3q9/..", "20261129-071203-K3Q9",
    "20261129-071203-k3", "2026112-071203-k3q9", "20261129-071203-k3q9.jsonl", "/etc/passwd",
    "20261129-071203-k3q9\0",
  ])
  func anythingElseIsRejected(text: String) {
    #expect(SessionID(text) == nil)
  }

  @Test func generatedIDsValidateAndUseUTCTime() {
    var generator = SystemRandomNumberGenerator()
    let id = SessionID.generate(at: Date(timeIntervalSince1970: 0), using: &generator)
    #expect(id.rawValue.hasPrefix("19700101-000000-"))
    #expect(SessionID(id.rawValue) == id)
  }

  @Test func theIdCarriesItsStartTime() {
    let id = SessionID(path: "/x/transcripts/20261129-071203-k3q9.jsonl")
    #expect(id?.rawValue == "20261129-071203-k3q9")
    #expect(id?.date == Date(timeIntervalSince1970: 1_795_936_323))
    #expect(SessionID(path: "/x/notes.txt") == nil)
  }
}

/// `latest` names the newest regular transcript, whatever order the folder lists them in.
@Suite struct LatestTests {
  @Test func latestIsTheNewestRegularFile() throws {
    let home = TestSupport.temporaryDirectory("latest")
    let folder = home + "/transcripts"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let store = TranscriptStore(home: home)
    #expect(throws: TranscriptError.self) { try store.resolve("latest") }
    for id in ["20261103-090000-aaaa", "20261101-090000-bbbb", "20261102-090000-cccc"] {
      #expect(FileManager.default.createFile(atPath: "\(folder)/\(id).jsonl", contents: Data()))
    }
    #expect(try store.resolve("latest") == folder + "/20261103-090000-aaaa.jsonl")
    // Newer names that are not regular files are passed over.
    try FileManager.default.createSymbolicLink(
      atPath: folder + "/20261105-090000-link.jsonl",
      withDestinationPath: folder + "/20261101-090000-bbbb.jsonl")
    try FileManager.default.createDirectory(
      atPath: folder + "/20261104-090000-dirr.jsonl", withIntermediateDirectories: false)
    #expect(try store.resolve("latest") == folder + "/20261103-090000-aaaa.jsonl")
    // Names that are not ids are not transcripts.
    #expect(FileManager.default.createFile(atPath: folder + "/zzzz.jsonl", contents: Data()))
    #expect(try store.resolve("latest") == folder + "/20261103-090000-aaaa.jsonl")
  }
}

/// The folder listing every archive command starts from is in name order, whatever order
/// the folder gives (names within the same second included).
@Suite struct ListingOrderTests {
  @Test func namesAreListedInByteOrder() throws {
    let home = TestSupport.temporaryDirectory("listing")
    let folder = home + "/transcripts"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    var names: [String] = []
    for second in [59, 0, 7] {
      for suffix in ["zz99", "aaaa", "a1b2c3d4", "mmmm", "aaab"] {
        names.append(String(format: "20261130-0512%02d-%@.jsonl", second, suffix))
      }
    }
    names += ["19991231-235959-last.jsonl", "20261130-051200-0000.jsonl"]
    for name in names.shuffled() {
      #expect(FileManager.default.createFile(atPath: "\(folder)/\(name)", contents: Data()))
      chmod("\(folder)/\(name)", 0o600)
    }
    let listing = TranscriptStore(home: home).listing()
    let listed = (0..<listing.count).map { String(decoding: listing.name($0), as: UTF8.self) }
    #expect(listed == names.sorted())
    #expect(listed.count == 17)
  }
}
