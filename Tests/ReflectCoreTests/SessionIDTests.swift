import Foundation
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
