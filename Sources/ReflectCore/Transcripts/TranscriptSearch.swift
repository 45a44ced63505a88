import Foundation

/// One place a search matched: a person's answer, lesson or commitment.
public struct SearchHit: Codable, Sendable, Equatable {
  public var session: String
  public var date: Date
  public var stage: String
  /// `answer`, `lesson` or `commitment`.
  public var kind: String
  public var text: String
  /// A part of `text` around the first match (the whole text when short).
  public var snippet: String
}

/// Finds words in what people wrote: case- and diacritic-insensitive, every word must match.
public struct TranscriptSearch: Sendable {
  /// The words searched for, folded.
  public let words: [String]
  /// Only this stage, when set.
  public var stage: String?

  /// A search for every word of `query`.
  public init(_ query: String, stage: String? = nil) {
    words = query.split(whereSeparator: \.isWhitespace).map { Self.fold(String($0)) }
    self.stage = stage
  }

  static func fold(_ text: String) -> String {
    text.folding(
      options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
  }

  /// Whether `text` contains every word.
  public func matches(_ text: String) -> Bool {
    let folded = Self.fold(text)
    return !words.isEmpty && words.allSatisfy { folded.contains($0) }
  }

  /// The hits in one transcript.
  public func hits(in transcript: Transcript) -> [SearchHit] {
    guard let start = transcript.start else { return [] }
    var result: [SearchHit] = []
    for event in transcript.events {
      let found: (String, String, String)? =
        switch event {
        case .answer(let answer): (answer.stage, "answer", answer.text)
        case .lesson(let lesson): (lesson.stage, "lesson", lesson.text)
        case .commitment(let item): (item.stage, "commitment", item.text)
        default: nil
        }
      guard let (stageID, kind, text) = found, stage == nil || stage == stageID, matches(text)
      else { continue }
      result.append(
        SearchHit(
          session: start.id, date: start.time, stage: stageID, kind: kind, text: text,
          snippet: snippet(text)))
    }
    return result
  }

  /// Up to about 100 characters of `text` around the first word's match.
  func snippet(_ text: String) -> String {
    guard text.count > 100, let first = words.first,
      let range = text.range(of: first, options: [.caseInsensitive, .diacriticInsensitive])
    else { return text }
    let start =
      text.index(range.lowerBound, offsetBy: -40, limitedBy: text.startIndex) ?? text.startIndex
    let end = text.index(start, offsetBy: 100, limitedBy: text.endIndex) ?? text.endIndex
    return (start > text.startIndex ? "…" : "") + text[start..<end]
      + (end < text.endIndex ? "…" : "")
  }

  /// The ranges of `text` where any word matches, for highlighting.
  public func matchRanges(in text: String) -> [Range<String.Index>] {
    var ranges: [Range<String.Index>] = []
    for word in words {
      var searchStart = text.startIndex
      while let range = text.range(
        of: word, options: [.caseInsensitive, .diacriticInsensitive],
        range: searchStart..<text.endIndex)
      {
        ranges.append(range)
        searchStart = range.upperBound
      }
    }
    return ranges.sorted { $0.lowerBound < $1.lowerBound }
  }
}
