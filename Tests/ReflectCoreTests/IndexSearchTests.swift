import Foundation
import PropertyBased
import ReflectTestSupport
import Testing

@testable import ReflectCore

/// Search through the full-text index finds exactly what the query language says: the
/// index narrows the texts looked at, never the answer.
@Suite struct IndexSearchTests {
  static let texts = [
    "Trust in the café took months", "TRUST, trust and more trust",
    "Partners’ trust – ‘part’ of it",
    "Die Straße der Partner", "Ｆｕｌｌ width trust", "naïve about the budget", "co-op budget",
    "don't rush the governors", "We agreed in the budget meeting", "Participation 🙂 e\u{301}",
    "İstanbul office trust", "ﬁnance first", "the partnership failed", "2026 budget cut 50%",
    "a NUL\u{0} then the budget",
  ]

  /// An in-memory index over one session holding every text as an answer (stage by index).
  static func index() throws -> ArchiveIndex {
    let home = TestSupport.temporaryDirectory("fts")
    let store = TranscriptStore(home: home)
    try store.prepare()
    let time = Date(timeIntervalSince1970: 1_795_000_000)
    let id: SessionID = "20261118-082640-aaaa"
    let writer = try store.create(id)
    try writer.append(
      .start(
        SessionStart(
          id: id, pack: "p", packTitle: "P", stages: ["s"], seed: 1, version: "t",
          time: time)))
    for (number, text) in texts.enumerated() {
      try writer.append(.answer(Answer(stage: "s\(number)", question: "q", text: text, time: time)))
    }
    let index = try ArchiveIndex.inMemory(store: store)
    try index.refresh()
    return index
  }

  @Test func randomQueriesFindExactlyWhatTheyMatch() async throws {
    let index = try Self.index()
    let pieces = [
      "trust", "part*", "\"", "-", "OR", "NOT", " ", "café", "cafe", "strasse", "full", "naive",
      "co-op", "don't", "dont", "budget", "istanbul", "finance", "*", "in the", "(", ")", ":",
      "^", "NEAR", "\u{0}", "🙂", "e", "2026", "50", "AND", "'", "\\", "{", "}",
    ]
    await propertyCheck(
      count: 400, input: Gen.int(in: 0...(pieces.count - 1)).array(of: 1...8)
    ) { picks in
      let query = picks.map { pieces[$0] }.joined(separator: picks.count % 2 == 0 ? " " : "")
      let search: TranscriptSearch
      do throws(SearchQuery.Problem) {
        search = try TranscriptSearch(query)
      } catch {
        return
      }
      let hits: [SearchHit]
      do {
        hits = try index.search(search, SessionFilter()).hits
      } catch {
        Issue.record("'\(query)' broke the index: \(error)")
        return
      }
      let expected = Set(Self.texts.filter { search.score($0) > 0 })
      #expect(Set(hits.map(\.text)) == expected, "'\(query)'")
      #expect(hits.count == expected.count, "'\(query)'")
    }
  }

  @Test func foldedWordsAreFoundThroughTheIndex() throws {
    let index = try Self.index()
    func found(_ query: String) throws -> Set<String> {
      Set(try index.search(TranscriptSearch(query), SessionFilter()).hits.map(\.text))
    }
    #expect(try found("strasse") == ["Die Straße der Partner"])
    #expect(try found("full") == ["Ｆｕｌｌ width trust"])
    #expect(try found("cafe") == ["Trust in the café took months"])
    #expect(try found("naive budget") == ["naïve about the budget"])
    #expect(try found("part") == ["Partners’ trust – ‘part’ of it"])
    #expect(try found("trust -café").count == 4)
    // Best first: three times "trust" before once.
    let ranked = try index.search(TranscriptSearch("trust"), SessionFilter()).hits
    #expect(ranked.first?.text == "TRUST, trust and more trust")
    #expect(ranked.map(\.rank) == ranked.map(\.rank).sorted(by: >))
    // A limit gives the best of the same order, and the count of them all.
    for limit in [1, 2, 3, 100] {
      let (best, total) = try index.search(TranscriptSearch("trust"), SessionFilter(), limit: limit)
      #expect(total == ranked.count)
      #expect(best == Array(ranked.prefix(limit)))
    }
  }
}

/// The index's stored records give back every event archive commands read.
@Suite struct IndexRecordTests {
  @Test func everyFixtureTranscriptRoundTrips() throws {
    let root = TestSupport.packageRoot.path
    var files: [String] = []
    for folder in [
      "Transcripts", "Tests/Fixtures/ScenarioArchive", "Tests/Fixtures/Export/archive",
    ] {
      for name in try FileManager.default.contentsOfDirectory(atPath: root + "/" + folder)
      where name.hasSuffix(".jsonl") {
        files.append(root + "/" + folder + "/" + name)
      }
    }
    #expect(files.count > 20)
    for file in files {
      let transcript = try TranscriptReader().read(path: file)
      let stored = try #require(
        IndexRecord.decode(IndexRecord.encode(transcript), path: file), "\(file)")
      let kept = zip(transcript.events, transcript.lines).filter {
        if case .coach = $0.0 { false } else { true }
      }
      // How a reply was heard is the coach's business (replay reads the file): not kept.
      let unheard = kept.map(\.0).map { event -> TranscriptEvent in
        guard case .answer(var answer) = event else { return event }
        answer.heard = nil
        return .answer(answer)
      }
      #expect(stored.events == unheard, "\(file)")
      #expect(stored.lines == kept.map(\.1), "\(file)")
      #expect(stored.status == transcript.status)
    }
    // Bytes cut short are refused, never misread.
    let sample = try TranscriptReader().read(path: files[0])
    let bytes = IndexRecord.encode(sample)
    for length in stride(from: 1, to: bytes.count, by: max(1, bytes.count / 50)) {
      if let partial = IndexRecord.decode(Array(bytes.prefix(length)), path: "x") {
        #expect(partial.events.count < sample.events.count)
      }
    }
  }
}

/// A folder listing is summed up in one number that changes with any name or stamp.
@Suite struct ListingFingerprintTests {
  @Test func anyNameOrStampChangesTheFingerprint() {
    let entries = (0..<50).map { number in
      TranscriptStore.Entry(
        name: String(format: "20261118-0900%02d-aaaa.jsonl", number), directory: "/x", stamp: number
      )
    }
    let base = ArchiveIndex.fingerprint(entries)
    #expect(ArchiveIndex.fingerprint(entries) == base)
    for index in [0, 17, 49] {
      var restamped = entries
      restamped[index].stamp += 1
      #expect(ArchiveIndex.fingerprint(restamped) != base)
      var renamed = entries
      renamed[index].name = "20261118-090099-bbbb.jsonl"
      #expect(ArchiveIndex.fingerprint(renamed) != base)
      var fewer = entries
      fewer.remove(at: index)
      #expect(ArchiveIndex.fingerprint(fewer) != base)
    }
    #expect(ArchiveIndex.fingerprint([]) != base)
  }

  /// The compact listing the refresh reads is the folder as ``TranscriptStore/entries(where:)``
  /// lists it: the same names in the same order, stamps, warnings and fingerprint.
  @Test func theCompactListingIsTheFolderAsListed() throws {
    let home = FileManager.default.temporaryDirectory
      .appendingPathComponent("reflect-listing-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: home) }
    let store = TranscriptStore(home: home)
    try store.prepare()
    let folder = store.directory
    // Made out of order; one readable by others, one a link, one a folder, one no id.
    for (name, mode) in [
      ("20261118-090500-bbbb", 0o600), ("20261118-090000-aaaa", 0o644),
      ("20261119-070000-zzzz", 0o600), ("20261118-090000-aaab", 0o600),
    ] {
      let path = folder + "/" + name + ".jsonl"
      try Data("{}\n".utf8).write(to: URL(fileURLWithPath: path))
      try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }
    try FileManager.default.createSymbolicLink(
      atPath: folder + "/20261118-100000-link.jsonl", withDestinationPath: "/etc/hostname")
    try FileManager.default.createDirectory(
      atPath: folder + "/20261118-110000-fold.jsonl", withIntermediateDirectories: false)
    try Data().write(to: URL(fileURLWithPath: folder + "/notes.jsonl"))
    let listing = store.listing()
    let entries = store.entries()
    #expect(listing.count == 4)
    #expect((0..<listing.count).map { listing.entry($0, in: folder) } == entries.entries)
    #expect(entries.entries.map(\.name).first == "20261118-090000-aaaa.jsonl")
    #expect(listing.warnings == entries.warnings)
    #expect(listing.warnings.count == 3)
    #expect(ArchiveIndex.fingerprint(listing) == ArchiveIndex.fingerprint(entries.entries))
  }
}

/// The index's stored digests give back exactly what was worked out from the transcript,
/// and a summary made from them is the summary made from the transcripts.
@Suite struct IndexDigestTests {
  static func fixtures() throws -> [Transcript] {
    let root = TestSupport.packageRoot.path
    var transcripts: [Transcript] = []
    for folder in [
      "Transcripts", "Tests/Fixtures/ScenarioArchive", "Tests/Fixtures/Export/archive",
    ] {
      for name in try FileManager.default.contentsOfDirectory(atPath: root + "/" + folder).sorted()
      where name.hasSuffix(".jsonl") {
        transcripts.append(try TranscriptReader().read(path: root + "/" + folder + "/" + name))
      }
    }
    return transcripts
  }

  @Test func everyFixtureDigestRoundTrips() throws {
    let transcripts = try Self.fixtures()
    #expect(transcripts.count > 20)
    var fromTranscripts = LessonsSummary(timeZone: TimeZone(identifier: "UTC") ?? .current)
    var fromDigests = fromTranscripts
    var lessons = 0
    var echoing = 0
    for transcript in transcripts {
      guard let digest = SessionDigest(transcript) else { continue }
      lessons += digest.lessons.count
      let stored = try #require(
        IndexDigest.decode(
          IndexDigest.encode(digest), phrases: IndexDigest.encode(digest.phrases)))
      #expect(stored == digest, "\(transcript.path)")
      var withoutPhrases = digest
      withoutPhrases.phrases = PhraseTally.Counted()
      #expect(IndexDigest.decode(IndexDigest.encode(digest)) == withoutPhrases)
      // Read without the answers lessons echo (reports read them back as they write them),
      // and the answers alone.
      var withoutAnswers = withoutPhrases
      for index in withoutAnswers.lessons.indices { withoutAnswers.lessons[index].answer = nil }
      #expect(IndexDigest.decode(IndexDigest.encode(digest), answers: false) == withoutAnswers)
      #expect(IndexDigest.answers(IndexDigest.encode(digest)) == digest.lessons.map(\.answer))
      echoing += digest.lessons.filter { $0.answer != nil }.count
      fromTranscripts.add(transcript)
      fromDigests.add(stored)
    }
    #expect(lessons > 20)
    #expect(echoing > 20)
    let report = Report(fromTranscripts)
    #expect(report.themes.contains { !$0.keyPhrases.isEmpty })
    #expect(
      Exporter().render(Report(fromDigests), as: .json)
        == Exporter().render(report, as: .json))
  }

  @Test func damagedDigestBytesAreRefusedNeverMisread() throws {
    let transcripts = try Self.fixtures()
    let digest = try #require(
      transcripts.lazy.compactMap(SessionDigest.init).first {
        !$0.lessons.isEmpty && $0.phrases.answers > 0
      })
    let bytes = IndexDigest.encode(digest)
    let phraseBytes = IndexDigest.encode(digest.phrases)
    for length in 0..<bytes.count {
      #expect(IndexDigest.decode(Array(bytes.prefix(length))) == nil, "cut at \(length)")
      #expect(IndexDigest.decode(Array(bytes.prefix(length)), answers: false) == nil)
    }
    for length in 0..<phraseBytes.count {
      #expect(IndexDigest.decode(phrases: Array(phraseBytes.prefix(length))) == nil)
    }
    var tally = PhraseTally()
    tally.add(digest.phrases)
    let tallyBytes = tally.encoded()
    for length in 0..<tallyBytes.count {
      #expect(PhraseTally(encoded: Array(tallyBytes.prefix(length))) == nil)
    }
    // Any byte changed either is refused or reads as something that adds up without
    // trapping.
    var generator = SystemRandomNumberGenerator()
    func changed(_ bytes: [UInt8]) -> [UInt8] {
      var bytes = bytes
      bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(
        in: 0...255, using: &generator)
      return bytes
    }
    for _ in 0..<1_000 {
      if let read = IndexDigest.decode(changed(bytes), phrases: changed(phraseBytes)) {
        var summary = LessonsSummary()
        summary.add(read)
        _ = Report(summary)
      }
      if var read = PhraseTally(encoded: changed(tallyBytes)) {
        read.add(digest.phrases)
        for stage in digest.phrases.stages { _ = read.top(stage) }
      }
    }
  }

  /// Multi-word phrases said once are pruned as the tally doubles; phrases said often are
  /// counted exactly either way.
  @Test func pruningKeepsWhatIsSaidMoreThanOnce() {
    var pruned = PhraseTally(pruneAt: 50)
    var whole = PhraseTally(pruneAt: .max)
    for number in 0..<400 {
      let opening = number % 3 == 0 ? "Trust in the data grew" : "Morale grew"
      let text = "\(opening) again in week \(number) with partner \(number % 7) and line \(number)"
      pruned.add(text, stage: "trust")
      whole.add(text, stage: "trust")
    }
    #expect(
      pruned.phraseCount < whole.phraseCount / 2, "\(pruned.phraseCount) \(whole.phraseCount)")
    #expect(pruned.top("trust", count: 8) == whole.top("trust", count: 8))
    #expect(
      whole.top("trust", count: 8).contains {
        $0.phrase.hasPrefix("trust in the data") && $0.count == 134
      }, "\(whole.top("trust", count: 8))")
  }
}

/// The best key phrases a report shows are kept with the sessions they cover: asked again
/// about the same sessions the index reads them back, and any other set of sessions (one
/// added, changed or removed) gets them worked out again, always as the transcripts give.
@Suite struct KeptPhrasesTests {
  let utc = TimeZone(identifier: "UTC") ?? .current

  /// The best phrases of every stage worked out from the transcripts in `store` themselves.
  func fromTranscripts(_ store: TranscriptStore) throws -> [String: [PhraseTally.Phrase]] {
    var tally = PhraseTally()
    for name in try FileManager.default.contentsOfDirectory(atPath: store.directory) {
      let transcript = try TranscriptReader().read(path: store.directory + "/" + name).revised
      if let digest = SessionDigest(transcript) { tally.add(digest.phrases) }
    }
    var best: [String: [PhraseTally.Phrase]] = [:]
    for stage in tally.stages { best[stage] = tally.top(stage, count: 8) }
    return best
  }

  func kept(_ index: ArchiveIndex) throws -> [String: [PhraseTally.Phrase]] {
    try index.refresh()
    return try index.keyPhrases(index.reportSessions(SessionFilter()), best: 8)
  }

  @Test func keptPhrasesFollowTheSessions() throws {
    let home = TestSupport.temporaryDirectory("phrases")
    let store = TranscriptStore(home: home)
    try store.prepare()
    let fixtures = TestSupport.packageRoot.path + "/Tests/Fixtures/ScenarioArchive"
    let names = try FileManager.default.contentsOfDirectory(atPath: fixtures).filter {
      $0.hasSuffix(".jsonl")
    }.sorted()
    #expect(names.count > 3)
    for name in names.dropLast() {
      try FileManager.default.copyItem(
        atPath: fixtures + "/" + name, toPath: store.directory + "/" + name)
    }
    let index = try ArchiveIndex.inMemory(store: store)
    let first = try kept(index)
    #expect(first == (try fromTranscripts(store)))
    #expect(first.values.contains { !$0.isEmpty })
    // Asked again: read back, the same.
    #expect(try kept(index) == first)
    // A session added: worked out again.
    let last = try #require(names.last)
    try FileManager.default.copyItem(
      atPath: fixtures + "/" + last, toPath: store.directory + "/" + last)
    #expect(try kept(index) == (try fromTranscripts(store)))
    // A session whose every answer now says one thing: that phrase leads its stage.
    let path = store.directory + "/" + last
    let said = "shared budget calendar"
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
      line in
      line.contains("\"type\":\"answer\"")
        ? line.replacing(/"text":"[^"]*"/, with: "\"text\":\"\(said), \(said), \(said)\"")
        : line
    }
    try (lines.joined(separator: "\n") + "\n").write(
      toFile: path, atomically: true, encoding: .utf8)
    let changed = try kept(index)
    #expect(changed == (try fromTranscripts(store)))
    #expect(changed != first)
    // One removed: worked out again without it.
    try FileManager.default.removeItem(atPath: store.directory + "/" + names[0])
    #expect(try kept(index) == (try fromTranscripts(store)))
  }
}

/// Digests read from the index a batch ahead (on another core) arrive whole and in order,
/// worked out the first time and read back after.
@Suite struct DigestReadingTests {
  @Test func everyDigestArrivesInOrder() throws {
    let home = TestSupport.temporaryDirectory("digests")
    let store = TranscriptStore(home: home)
    try store.prepare()
    let transcripts = StreamedExportTests().transcripts()
    for transcript in transcripts {
      let writer = try store.create(try #require(transcript.start?.id))
      for event in transcript.events { try writer.append(event) }
    }
    let index = try ArchiveIndex.inMemory(store: store)
    try index.refresh()
    let sessions = try index.reportSessions(SessionFilter())
    func read() throws -> [SessionDigest] {
      var all: [SessionDigest] = []
      try index.digests(sessions, phrases: true, answers: true) { all += $0 }
      return all.map { digest in
        var digest = digest
        digest.file = nil
        return digest
      }
    }
    let worked = try read()
    // More than one batch, so one is read while the one before is taken.
    #expect(worked.count == transcripts.count && worked.count > 250)
    #expect(worked == transcripts.compactMap { SessionDigest($0) })
    #expect(try read() == worked)
  }
}
