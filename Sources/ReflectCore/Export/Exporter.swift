import Foundation

/// The document formats Core renders (the terminal's text report is drawn by
/// ReflectTerminal's `TextReport`).
public enum ExportFormat: String, Sendable, CaseIterable {
  case markdown, json, html
}

/// Renders a ``Report`` as Markdown, JSON or HTML; it only renders: what to show and in
/// which order is the report's.
public struct Exporter: Sendable {
  /// Every lesson of every theme, none folded (Markdown; HTML folds into `<details>`).
  public var all: Bool
  /// The HTML report's sources page, as the report links to it
  /// (``HTMLText/fileReference(_:)``), when one is written beside it.
  public var htmlSources: String?

  /// Creates an exporter.
  public init(all: Bool = false, htmlSources: String? = nil) {
    self.all = all
    self.htmlSources = htmlSources
  }

  /// The report as a document in `format`.
  public func render(_ report: Report, as format: ExportFormat) -> String {
    switch format {
    case .markdown: MarkdownReport(report: report, all: all).render()
    case .json: Self.json(report)
    case .html: HTMLReport(report: report, sourcesLink: htmlSources).render()
    }
  }

  /// `data` (UTF-8) with `indent` after every line break, but before an empty line.
  public static func indented(_ data: some Collection<UInt8>, by indent: String) -> String {
    data.withContiguousStorageIfAvailable { indented($0, by: indent) }
      ?? Array(data).withUnsafeBufferPointer { indented($0, by: indent) }
  }

  /// ``indented(_:by:)`` of bytes in memory: each line found with `memchr` and copied whole
  /// (a `Data` walked a byte at a time through its iterator was a fifth of a JSON export).
  private static func indented(_ bytes: UnsafeBufferPointer<UInt8>, by indent: String) -> String {
    guard let base = bytes.baseAddress else { return "" }
    let prefix = Array(indent.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + bytes.count / 16)
    var start = 0
    while start < bytes.count {
      guard let found = memchr(base + start, 0x0A, bytes.count - start) else {
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        break
      }
      let end = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base + 1
      out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
      if end < bytes.count, bytes[end] != 0x0A { out.append(contentsOf: prefix) }
      start = end
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The report in `format`, in pieces, in order (`emit` writes each out): a large
  /// archive's export is never whole in memory.
  public func render(
    _ report: Report, as format: ExportFormat, to emit: (String) -> Void
  ) {
    switch format {
    case .markdown: MarkdownReport(report: report, all: all).render(emit)
    case .json: Self.json(report, emit)
    case .html: HTMLReport(report: report, sourcesLink: htmlSources).render(emit)
    }
  }

  /// The HTML report's sources page in pieces, in order (`--with-sources`): the quoted
  /// answers, every lesson and every commitment, with a link back to the report at `report`
  /// (``HTMLText/fileReference(_:)``).
  public func renderHTMLSources(
    _ report: Report, reportLink: String, to emit: (String) -> Void
  ) {
    HTMLReport(report: report, reportLink: reportLink).renderSources(emit)
  }

  /// The JSON report in pieces as ``render(_:as:to:)`` gives them, every line after the
  /// first indented by `indent` (but empty ones) and without the final line break: the
  /// report as the value of a field of a larger object.
  public func renderJSON(
    _ report: Report, indentedBy indent: String, to emit: (String) -> Void
  ) {
    let prefix = Array(indent.utf8)
    var afterBreak = false
    var held = false
    Self.json(report) { piece in
      var out: [UInt8] = []
      out.reserveCapacity(piece.utf8.count + piece.utf8.count / 16)
      // A line break is held back until the next piece: the last one is dropped.
      if held { out.append(0x0A) }
      held = false
      let bytes = Array(piece.utf8)
      for (offset, byte) in bytes.enumerated() {
        if byte == 0x0A, offset == bytes.count - 1 {
          held = true
          afterBreak = true
          continue
        }
        if afterBreak, byte != 0x0A { out.append(contentsOf: prefix) }
        out.append(byte)
        afterBreak = byte == 0x0A
      }
      if !out.isEmpty { emit(String(decoding: out, as: UTF8.self)) }
    }
  }

  /// The report itself, encoded: nothing is folded or dropped.
  static func json(_ report: Report) -> String {
    var document = ""
    json(report) { document += $0 }
    return document
  }

  /// The report encoded as `JSONEncoder` would encode it whole (pretty, keys sorted), in
  /// pieces: each top-level field, and the long lists one element at a time.
  static func json(_ report: Report, _ emit: (String) -> Void) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    func encoded(_ value: some Encodable, indent: String) -> String {
      Self.indented((try? encoder.encode(value)) ?? Data("null".utf8), by: indent)
    }
    var separator = "{\n"
    func field(_ name: String, _ text: String) {
      emit(separator + "  \"\(name)\" : " + text)
      separator = ",\n"
    }
    // A list's elements a few hundred per encoding: each comes out as a list indented by
    // two, and is put `pad` further in, its brackets dropped. `first` says whether one was
    // written before.
    // The pieces are encoded on every core, a few at a time, and written in order.
    func elements<Items: Collection & Sendable>(
      _ items: Items, pad: String, first: inout Bool
    ) where Items.Element: Encodable {
      let count = items.count
      let leading = first
      InOrder.pieces((count + 255) / 256) { piece in
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let start = items.index(items.startIndex, offsetBy: piece * 256)
        let end = items.index(start, offsetBy: min(256, count - piece * 256))
        let data = (try? encoder.encode(Array(items[start..<end]))) ?? Data("[\n\n]".utf8)
        let inner = data.dropFirst(2).dropLast(2)
        return (leading && piece == 0 ? pad : ",\n" + pad) + Self.indented(inner, by: pad)
      } emit: {
        emit($0)
      }
      if count > 0 { first = false }
    }
    func elements<Items: Collection & Sendable>(_ items: Items, pad: String)
    where Items.Element: Encodable {
      var first = true
      elements(items, pad: pad, first: &first)
    }
    // An object's text (its long lists left empty, keys at `keys`) with those lists written
    // in pieces in their place: an empty list reads `[`, an empty line, `]` either way.
    func spliced(_ text: String, keys: String, _ names: [String], write: (String) -> Void) {
      var rest = Substring(text)
      for name in names {
        guard let place = rest.range(of: "\"\(name)\" : [\n\n\(keys)]") else { continue }
        emit(String(rest[..<place.lowerBound]) + "\"\(name)\" : [\n")
        write(name)
        emit("\n\(keys)]")
        rest = rest[place.upperBound...]
      }
      emit(String(rest))
    }
    // Lessons (items): most a few hundred per encoding; one written in hundreds of sessions
    // alone, its sessions and wordings in pieces (at 100,000 sessions one has 20,000).
    func items(_ items: some Collection<Report.Item>, pad: String) {
      var first = true
      var chunk: [Report.Item] = []
      for item in items {
        if item.wordings.count + item.sources.count <= 512 {
          chunk.append(item)
          if chunk.count == 256 {
            elements(chunk, pad: pad, first: &first)
            chunk.removeAll(keepingCapacity: true)
          }
          continue
        }
        elements(chunk, pad: pad, first: &first)
        chunk.removeAll(keepingCapacity: true)
        var bare = item
        bare.sources = []
        bare.wordings = []
        emit((first ? "" : ",\n") + pad + "  ")
        first = false
        let keys = pad + "    "
        spliced(encoded(bare, indent: pad + "  "), keys: keys, ["sources", "wordings"]) {
          if $0 == "sources" {
            elements(item.sources, pad: keys)
          } else {
            elements(item.wordings, pad: keys)
          }
        }
      }
      elements(chunk, pad: pad, first: &first)
    }
    func list<Element: Encodable>(
      _ name: String, _ items: some Collection<Element> & Encodable & Sendable
    ) {
      guard !items.isEmpty else { return field(name, encoded(items, indent: "  ")) }
      field(name, "[\n")
      elements(items, pad: "  ")
      emit("\n  ]")
    }
    // In the order of their names, as `.sortedKeys` puts them; absent optionals left out.
    list("activity", report.activity)
    list("commitments", report.commitments)
    if let filters = report.filters { field("filters", encoded(filters, indent: "  ")) }
    if let from = report.from { field("from", encoded(from, indent: "  ")) }
    list("ideas", report.ideas)
    list("lessons", report.lessons)
    field("meaning", encoded(report.meaning, indent: "  "))
    field("monthThemes", encoded(report.monthThemes, indent: "  "))
    list("months", report.months)
    if let movement = report.movement { field("movement", encoded(movement, indent: "  ")) }
    list("openCommitments", report.openCommitments)
    field("openShown", String(report.openShown))
    field("packs", encoded(report.packs, indent: "  "))
    if report.recurring.isEmpty {
      list("recurring", report.recurring)
    } else {
      field("recurring", "[\n")
      items(report.recurring, pad: "  ")
      emit("\n  ]")
    }
    field("scorecard", encoded(report.scorecard, indent: "  "))
    field("sessionCount", String(report.sessionCount))
    list("sessions", report.sessions)
    if let waiting = report.suggestionsWaiting {
      field("suggestionsWaiting", String(waiting))
    }
    // Each theme alone, and its lessons in pieces: a theme of a large archive holds tens of
    // thousands.
    if report.themes.isEmpty {
      field("themes", encoded(report.themes, indent: "  "))
    } else {
      field("themes", "[\n")
      for (number, theme) in report.themes.enumerated() {
        var bare = theme
        bare.lessons = Report.ItemRows(source: theme.lessons.source, records: [])
        emit(number == 0 ? "    " : ",\n    ")
        spliced(encoded(bare, indent: "    "), keys: "      ", ["lessons"]) { _ in
          items(theme.lessons, pad: "      ")
        }
      }
      emit("\n  ]")
    }
    field("timeZone", encoded(report.timeZone, indent: "  "))
    if let to = report.to { field("to", encoded(to, indent: "  ")) }
    field("topics", encoded(report.topics, indent: "  "))
    field("version", String(report.version))
    emit("\n}\n")
  }
}

extension Report.Commitment {
  /// "Call Sam (by 2026-10-20) — made 2026-10-05; done 2026-11-10: we met", the person's
  /// words passed through `escape`.
  public func line(escape: (String) -> String) -> String {
    var line = escape(text)
    // The due date is read from a file like any other text: shown as is only when it is
    // a well-formed date.
    if let due {
      line += " (by \(DueDate.isDate(due) ? due : escape(due))\(overdue ? ", overdue" : ""))"
    }
    line += " — made \(date)"
    if let reviewed {
      let what =
        status == .open ? progress.flatMap { Self.progressWords[$0] } ?? "asked" : status.rawValue
      line += "; \(what) \(reviewed)"
    }
    if let outcome, !outcome.isEmpty { line += ": \(escape(outcome))" }
    return line
  }

  /// How an open commitment's last review reads.
  static let progressWords: [ReviewOutcome: String] = [
    .partly: "partly done", .notYet: "not yet done", .unclear: "asked about",
  ]
}

extension Report.Item {
  /// Sessions linked beside a lesson; the rest are counted (a lesson an archive holds in
  /// 20,000 sessions is not followed by 20,000 links).
  public static let linkedSources = 8

  /// ", and 12 more" when `count` sources are more than are linked; otherwise nothing.
  static func more(_ count: Int) -> String {
    count > linkedSources ? ", and \(count - linkedSources) more" : ""
  }

  /// "3 times, 2026-10-05 to 2026-11-24" or "2026-11-24".
  public var when: String {
    count > 1
      ? "\(count) times, \(firstDate) to \(lastDate)"
      : lastDate.day
  }
}

extension Report.Theme {
  /// "in 4 of 5 sessions" and the like.
  public func coverage(of total: Int) -> String {
    "in \(sessions) of \(total) session\(total == 1 ? "" : "s")"
  }
}
