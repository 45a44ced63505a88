import Foundation

/// Sessions as a Day One import file (`export --format dayone`): a zip holding
/// `Journal.json`, one entry per session, each with a uuid derived from the session id, so
/// importing a later export again updates rather than duplicates.
public struct DayOneExport: Sendable {
  public var stageTitles: [String: String]
  public var timeZone: TimeZone

  /// Creates an exporter.
  public init(stageTitles: [String: String] = [:], timeZone: TimeZone = .current) {
    self.stageTitles = stageTitles
    self.timeZone = timeZone
  }

  /// The uuid Day One knows session `id` by: 32 upper-case hex digits, the same every time.
  public static func uuid(for id: SessionID) -> String {
    let bytes = Array(id.rawValue.utf8)
    func fnv(_ seed: UInt64) -> UInt64 {
      var value = seed
      for byte in bytes {
        value ^= UInt64(byte)
        value = value &* 0x0000_0100_0000_01b3
      }
      return value
    }
    let high = String(fnv(0xcbf2_9ce4_8422_2325), radix: 16, uppercase: true)
    let low = String(fnv(0x6c62_272e_07bb_0142), radix: 16, uppercase: true)
    return String(repeating: "0", count: 16 - high.count) + high
      + String(repeating: "0", count: 16 - low.count) + low
  }

  /// Day One's `Journal.json`, built one entry at a time (one session in memory at once).
  public struct Journal {
    let export: DayOneExport
    let standing: NoteExport.Standing
    private var entries = Data()
    private var count = 0
    private var latest = Date(timeIntervalSince1970: 0)
    /// Where entries go as they are added, when writing into a stream.
    private var zip: StoredZip.Writer?

    /// An empty journal; commitments' standing from `report`.
    public init(_ export: DayOneExport, report: Report) {
      self.init(export, standing: NoteExport.Standing(report))
    }

    /// An empty journal; commitments' standing from `standing`.
    public init(_ export: DayOneExport, standing: NoteExport.Standing) {
      self.export = export
      self.standing = standing
    }

    /// Adds `session` (as amended) as an entry.
    public mutating func add(_ session: Transcript) {
      guard let start = session.start else { return }
      let note = SessionNote(
        transcript: session, start: start, name: "", stageTitles: export.stageTitles,
        timeZone: export.timeZone, statuses: standing.statuses)
      let text = (["# " + NoteText.escape(note.title), ""] + note.body()).joined(separator: "\n")
      let stamp = Date.ISO8601FormatStyle(timeZone: TimeZone(secondsFromGMT: 0) ?? .current)
      let modified = session.events.map(\.time).max() ?? start.date
      latest = max(latest, modified)
      let entry: [String: Any] = [
        "uuid": DayOneExport.uuid(for: start.id),
        "creationDate": stamp.format(start.date),
        "modifiedDate": stamp.format(modified),
        "timeZone": export.timeZone.identifier,
        "starred": false,
        "text": text,
        "tags": session.tags,
      ]
      let data =
        (try? JSONSerialization.data(
          withJSONObject: entry, options: [.sortedKeys, .withoutEscapingSlashes]))
        ?? Data("{}".utf8)
      entries.append(contentsOf: Array((count == 0 ? "\n" : ",\n").utf8))
      entries.append(data)
      count += 1
      // Written out a few hundred kilobytes at a time.
      if var zip, entries.count >= 1 << 18 {
        zip.append(entries)
        entries.removeAll(keepingCapacity: true)
        self.zip = zip
      }
    }

    /// The zip Day One imports: `Journal.json` alone, dated by the latest event.
    public func archive() -> Data {
      var json = Data("{\"entries\":[".utf8)
      json.append(entries)
      json.append(contentsOf: Array("\n],\"metadata\":{\"version\":\"1.0\"}}\n".utf8))
      return StoredZip.archive([("Journal.json", json)], date: latest)
    }

    /// ``archive()``'s bytes written to `stream` as entries are added (``add(_:)``), not
    /// held: call ``finish()`` after the last.
    public init(
      _ export: DayOneExport, standing: NoteExport.Standing, into stream: PrivateFile.Stream
    ) {
      self.init(export, standing: standing)
      var zip = StoredZip.Writer(stream, name: "Journal.json")
      zip.append(Data("{\"entries\":[".utf8))
      self.zip = zip
    }

    /// Ends the journal written into a stream.
    public mutating func finish() throws(TranscriptError) {
      guard var zip else { return }
      zip.append(entries)
      zip.append(Data("\n],\"metadata\":{\"version\":\"1.0\"}}\n".utf8))
      try zip.finish(date: latest)
      self.zip = nil
    }
  }
}

/// A zip archive of stored (uncompressed) files: a few lines of the format rather than a
/// dependency, and the same bytes for the same files and date.
enum StoredZip {
  /// The archive of `files`, each dated `date` (DOS time, UTC).
  static func archive(_ files: [(name: String, data: Data)], date: Date) -> Data {
    let (dosTime, dosDate) = dos(date)
    var out = Data()
    var central = Data()
    for file in files {
      let crc = crc32(file.data)
      let offset = UInt32(out.count)
      out.append(
        header(
          file.name, crc: crc, size: file.data.count, time: dosTime, date: dosDate))
      out.append(file.data)
      central.append(
        record(
          file.name, crc: crc, size: file.data.count, time: dosTime, date: dosDate,
          offset: offset))
    }
    out.append(ending(central, at: out.count, files: files.count))
    return out
  }

  /// DOS time and date of `date` (UTC), held to what DOS can name: 1980-01-01 00:00 to
  /// 2107-12-31 23:59:58.
  ///
  /// It only dates the file in the archive (the entry keeps its own date in the JSON), so a
  /// session outside those years gets the nearest end, never an overflow.
  static func dos(_ date: Date) -> (time: UInt16, date: UInt16) {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? .current
    let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    let year = parts.year ?? 1980
    if year < 1980 { return (0, 1 << 5 | 1) }
    if year > 2107 { return (23 << 11 | 59 << 5 | 29, 127 << 9 | 12 << 5 | 31) }
    let dosTime = UInt16(
      truncatingIfNeeded: (parts.hour ?? 0) << 11 | (parts.minute ?? 0) << 5 | (parts.second ?? 0)
        / 2)
    let dosDate = UInt16(
      truncatingIfNeeded: (year - 1980) << 9 | (parts.month ?? 1) << 5 | (parts.day ?? 1))
    return (dosTime, dosDate)
  }

  private static func u16(_ value: UInt16, _ data: inout Data) {
    data.append(UInt8(value & 0xFF))
    data.append(UInt8(value >> 8))
  }

  private static func u32(_ value: UInt32, _ data: inout Data) {
    u16(UInt16(value & 0xFFFF), &data)
    u16(UInt16(value >> 16), &data)
  }

  /// A file's local header (the file's bytes follow it).
  static func header(_ name: String, crc: UInt32, size: Int, time: UInt16, date: UInt16)
    -> Data
  {
    var out = Data()
    u32(0x0403_4b50, &out)
    u16(20, &out)  // version needed
    u16(0x0800, &out)  // UTF-8 names
    u16(0, &out)  // stored
    u16(time, &out)
    u16(date, &out)
    u32(crc, &out)
    u32(UInt32(truncatingIfNeeded: size), &out)
    u32(UInt32(truncatingIfNeeded: size), &out)
    u16(UInt16(name.utf8.count), &out)
    u16(0, &out)
    out.append(Data(name.utf8))
    return out
  }

  /// A file's record in the central directory.
  static func record(
    _ name: String, crc: UInt32, size: Int, time: UInt16, date: UInt16, offset: UInt32
  ) -> Data {
    var central = Data()
    u32(0x0201_4b50, &central)
    u16(0x0314, &central)  // made by: Unix, 2.0
    u16(20, &central)
    u16(0x0800, &central)
    u16(0, &central)
    u16(time, &central)
    u16(date, &central)
    u32(crc, &central)
    u32(UInt32(truncatingIfNeeded: size), &central)
    u32(UInt32(truncatingIfNeeded: size), &central)
    u16(UInt16(name.utf8.count), &central)
    u16(0, &central)  // extra
    u16(0, &central)  // comment
    u16(0, &central)  // disk
    u16(0, &central)  // internal attributes
    u32(0o100600 << 16, &central)  // a regular file, 0600
    u32(offset, &central)
    central.append(Data(name.utf8))
    return central
  }

  /// The central directory `central` (at `offset`) and the end record.
  static func ending(_ central: Data, at offset: Int, files: Int) -> Data {
    var out = central
    u32(0x0605_4b50, &out)
    u16(0, &out)
    u16(0, &out)
    u16(UInt16(files), &out)
    u16(UInt16(files), &out)
    u32(UInt32(central.count), &out)
    u32(UInt32(truncatingIfNeeded: offset), &out)
    u16(0, &out)
    return out
  }

  /// A zip of one stored file written to `stream` as the file is made, its header put right
  /// at the end (the same bytes ``archive(_:date:)`` gives): a journal of 100,000 sessions
  /// is never whole in memory.
  struct Writer {
    let stream: PrivateFile.Stream
    let name: String
    private(set) var crc: UInt32 = 0xFFFF_FFFF
    private(set) var size = 0

    /// Starts the file `name` (its header for now without its date, size and checksum).
    init(_ stream: PrivateFile.Stream, name: String) {
      self.stream = stream
      self.name = name
      stream.write(StoredZip.header(name, crc: 0, size: 0, time: 0, date: 0))
    }

    mutating func append(_ data: Data) {
      for byte in data { crc = StoredZip.table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
      size += data.count
      stream.write(data)
    }

    /// Ends the file and the archive, dated `date`.
    func finish(date: Date) throws(TranscriptError) {
      let (time, day) = StoredZip.dos(date)
      let crc = self.crc ^ 0xFFFF_FFFF
      let headerSize = StoredZip.header(name, crc: 0, size: 0, time: 0, date: 0).count
      let central = StoredZip.record(name, crc: crc, size: size, time: time, date: day, offset: 0)
      stream.write(StoredZip.ending(central, at: headerSize + size, files: 1))
      try stream.patch(
        StoredZip.header(name, crc: crc, size: size, time: time, date: day), at: 0)
    }
  }

  static let table: [UInt32] = (0..<256).map { index in
    var value = UInt32(index)
    for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
    return value
  }

  /// The CRC-32 zip uses.
  static func crc32(_ data: Data) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in data { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
    return crc ^ 0xFFFF_FFFF
  }
}
