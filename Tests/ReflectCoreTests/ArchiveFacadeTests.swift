import Foundation
import ReflectTestSupport
import Testing

@testable import ReflectCore

/// The archive façade (``Archive``) used as a command uses it, with no terminal: the report
/// it reads through the index is the one the transcripts make, however the answers are read,
/// and a damaged index is rebuilt with one notice.
@Suite struct ArchiveFacadeTests {
  /// A home holding the scenario archive's transcripts.
  static func store() throws -> TranscriptStore {
    let store = TranscriptStore(home: TestSupport.temporaryDirectory("facade"))
    try store.prepare()
    let fixtures = TestSupport.packageRoot.path + "/Tests/Fixtures/ScenarioArchive"
    for name in try FileManager.default.contentsOfDirectory(atPath: fixtures)
    where name.hasSuffix(".jsonl") {
      let path = store.directory + "/" + name
      try FileManager.default.copyItem(atPath: fixtures + "/" + name, toPath: path)
      try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
    }
    return store
  }

  static let packs = PackLibrary().packs

  static func options() -> Report.Options {
    var options = Report.Options(timeZone: .gmt)
    options.now = Date(timeIntervalSince1970: 1_798_761_600)  // 2027-01-01
    return options
  }

  /// The report of `store` made from its transcripts, one at a time, without the index.
  static func fromTranscripts(_ store: TranscriptStore) throws -> String {
    let library = PackLibrary()
    let titles = Archive.stageTitles(library.packs)
    var questions: [String: String] = [:]
    for pack in library.packs {
      for stage in pack.stages {
        for question in stage.questions where questions[question.id] == nil {
          questions[question.id] = question.text
        }
      }
    }
    var summary = LessonsSummary(stageTitles: titles, questionTexts: questions)
    let (entries, _) = store.entries(where: { _ in true })
    for entry in entries {
      summary.add(try TranscriptReader().read(path: entry.path, followLinks: false))
    }
    return Exporter().render(Report(summary, options: options()), as: .markdown)
  }

  func report(_ archive: Archive) throws -> String {
    try archive.report(Archive.ReportRequest(packs: Self.packs, options: Self.options())) {
      report, _ in Exporter().render(report, as: .markdown)
    }
  }

  @Test func theReportThroughTheIndexIsTheTranscripts() throws {
    let store = try Self.store()
    let expected = try Self.fromTranscripts(store)
    #expect(expected.contains("## "))
    var warnings: [String] = []
    let notices = Archive.Notices(warn: { warnings.append($0) })
    // Answers kept as the digests are read, and read back from the index as it is written.
    for kept in [50_000, 0] {
      let archive = Archive(
        store: store, settings: Archive.Settings(answersKept: kept), notices: notices)
      #expect(try report(archive) == expected, "answers kept up to \(kept)")
      // Asked again: the index read back, not built.
      #expect(try report(archive) == expected)
    }
    let inMemory = Archive(
      store: store, settings: Archive.Settings(useIndex: false), notices: notices)
    #expect(try report(inMemory) == expected)
    #expect(warnings.isEmpty, "\(warnings)")
  }

  @Test func aDamagedIndexIsRebuiltWithOneNotice() throws {
    let store = try Self.store()
    let expected = try Self.fromTranscripts(store)
    var warnings: [String] = []
    let archive = Archive(store: store, notices: Archive.Notices(warn: { warnings.append($0) }))
    _ = try archive.index()
    let path = ArchiveIndex.path(home: store.home)
    #expect(FileManager.default.fileExists(atPath: path))
    ArchiveIndex.removeFiles(path)
    try Data(repeating: 0x5A, count: 64 * 1024).write(to: URL(fileURLWithPath: path))
    #expect(try report(archive) == expected)
    #expect(warnings.count == 1, "\(warnings)")
    #expect(warnings.first?.contains(path) == true, "\(warnings)")
    // Rebuilt: the next report says nothing.
    warnings = []
    #expect(try report(archive) == expected)
    #expect(warnings.isEmpty, "\(warnings)")
  }
}
