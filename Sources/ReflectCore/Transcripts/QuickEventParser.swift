import Foundation

/// Reads the common, well-formed transcript line without `JSONDecoder` (most of the cost of
/// reading an archive): a flat JSON object of strings, whole numbers, booleans, nulls, lists
/// of strings and lists of flat objects.
///
/// It answers only when sure: anything unusual (a fraction, an exponent, a duplicate key, a
/// field of the wrong type, a time in another shape) gives `nil`, and ``TranscriptCodec``
/// then decodes the line the standard way, errors and all. So it changes how fast a line is
/// read, never what is read; a property test and the fuzz target check that it agrees.
enum QuickEventParser {
  /// The event on `line`, or `nil` when the standard decoder must decide.
  static func event(_ line: UnsafeRawBufferPointer) -> TranscriptEvent? {
    UTF8Check.isValid(line) ? event(validUTF8: line) : nil
  }

  /// The event on `line`, known to be valid UTF-8, or `nil` when the standard decoder must
  /// decide.
  ///
  /// Every string in it is then valid too (its quotes are ASCII, so it starts and ends on
  /// character boundaries, and an escape gives a whole scalar): none is checked again.
  static func event(validUTF8 line: UnsafeRawBufferPointer) -> TranscriptEvent? {
    var parser = Parser(bytes: line.bindMemory(to: UInt8.self))
    guard let object = parser.object(depth: 0), parser.atEnd else { return nil }
    return event(object)
  }

  fileprivate enum Value {
    case string(RawString)
    case integer(Int64)
    case unsigned(UInt64)
    case bool(Bool)
    case null
    case list([Value])
    case object(Object)
  }

  /// An object's fields in the order read.
  ///
  /// A line has about six: looking at each is quicker than hashing every key into a
  /// dictionary (a fifth of `verify` was hashing). A key is its bytes in the line, compared
  /// as bytes: it is never made a string.
  fileprivate struct Object {
    private var fields: [(key: UnsafeBufferPointer<UInt8>, value: Value)] = []

    subscript(key: StaticString) -> Value? {
      let wanted = UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount)
      return fields.first { Self.same($0.key, wanted) }?.value
    }

    /// Adds a field; `false` when the object has one of that name already.
    mutating func add(_ key: UnsafeBufferPointer<UInt8>, _ value: Value) -> Bool {
      if fields.contains(where: { Self.same($0.key, key) }) { return false }
      if fields.isEmpty { fields.reserveCapacity(8) }
      fields.append((key, value))
      return true
    }

    private static func same(_ one: UnsafeBufferPointer<UInt8>, _ other: UnsafeBufferPointer<UInt8>)
      -> Bool
    {
      guard one.count == other.count else { return false }
      guard let first = one.baseAddress, let second = other.baseAddress else { return true }
      return memcmp(first, second, one.count) == 0
    }
  }

  private static func event(_ fields: Object) -> TranscriptEvent? {
    let reader = Fields(fields: fields)
    guard let type = reader.string("type") else { return nil }
    switch type {
    case "start":
      guard let schema = reader.int("schema"), schema <= transcriptSchemaVersion,
        let id = reader.id("id"), let pack = reader.string("pack"),
        let title = reader.string("packTitle"), let stages = reader.strings("stages"),
        let seed = reader.unsigned("seed"), let version = reader.string("version"),
        let time = reader.date("time"), let maxFollowUps = reader.optionalInt("maxFollowUps"),
        let coaching = reader.optionalBool("coaching"),
        let open = reader.optionalOpenCommitments("openCommitments"),
        let held = reader.optionalDate("held")
      else { return nil }
      return .start(
        SessionStart(
          schema: schema, id: id, pack: pack, packTitle: title, stages: stages, seed: seed,
          version: version, time: time, maxFollowUps: maxFollowUps, coaching: coaching,
          openCommitments: open, held: held))
    case "coach":
      guard let stage = reader.string("stage"),
        let kind = reader.string("kind").flatMap(CoachMessage.Kind.init(rawValue:)),
        let question = reader.optionalString("question"), let text = reader.string("text"),
        let time = reader.date("time"), let finder = reader.optionalString("finder"),
        let summariser = reader.optionalString("summariser"),
        let listener = reader.optionalString("listener")
      else { return nil }
      return .coach(
        CoachMessage(
          stage: stage, kind: kind, question: question, text: text, time: time, finder: finder,
          summariser: summariser, listener: listener))
    case "answer":
      guard let stage = reader.string("stage"), let question = reader.string("question"),
        let text = reader.string("text"), let heard = reader.optionalReading("heard"),
        let time = reader.date("time")
      else { return nil }
      return .answer(
        Answer(stage: stage, question: question, text: text, heard: heard, time: time))
    case "skip":
      guard let stage = reader.string("stage"), let question = reader.string("question"),
        let time = reader.date("time")
      else { return nil }
      return .skip(Skip(stage: stage, question: question, time: time))
    case "lesson":
      guard let stage = reader.string("stage"), let number = reader.int("number"),
        let text = reader.string("text"),
        let kind = reader.string("origin").flatMap(Lesson.Origin.init(rawValue:)),
        let suggestion = reader.optionalInt("suggestion"), let time = reader.date("time")
      else { return nil }
      return .lesson(
        Lesson(
          stage: stage, number: number, text: text, origin: kind, suggestion: suggestion,
          time: time))
    case "commitment":
      guard let stage = reader.string("stage"), let number = reader.int("number"),
        let text = reader.string("text"), let due = reader.optionalString("due"),
        let said = reader.optionalString("said"), let time = reader.date("time")
      else { return nil }
      return .commitment(
        Commitment(stage: stage, number: number, text: text, due: due, said: said, time: time))
    case "command":
      guard let name = reader.string("name"), let stage = reader.string("stage"),
        let text = reader.optionalString("text"), let session = reader.optionalID("session"),
        let number = reader.optionalInt("number"), let status = reader.optionalString("status"),
        let line = reader.optionalInt("line"), let finder = reader.optionalString("finder"),
        let time = reader.date("time")
      else { return nil }
      return .command(
        Command(
          name: Command.Name(rawValue: name), stage: stage, text: text, session: session,
          number: number, status: status, line: line, finder: finder, time: time))
    case "review":
      guard let session = reader.id("session"), let number = reader.int("number"),
        let text = reader.string("text"),
        let status = reader.string("status").flatMap(Review.Status.init(rawValue:)),
        let outcome = reader.string("outcome"), let reply = reader.optionalString("reply"),
        let time = reader.date("time")
      else { return nil }
      return .review(
        Review(
          session: session, number: number, text: text, status: status, outcome: outcome,
          reply: reply, time: time))
    case "end":
      guard let reason = reader.string("reason").flatMap(SessionEnd.Reason.init(rawValue:)),
        let time = reader.date("time")
      else { return nil }
      return .end(SessionEnd(reason: reason, time: time))
    default:
      return nil
    }
  }

  /// Typed access to an object's fields.
  ///
  /// `nil` means "not sure, ask the standard decoder".
  /// The optional accessors give `.some(nil)` for a field that is absent or null.
  private struct Fields {
    let fields: Object

    func string(_ key: StaticString) -> String? {
      if case .string(let text)? = fields[key] { return text.text }
      return nil
    }

    /// A session id; `nil` for anything else too (the standard decoder says what is wrong).
    func id(_ key: StaticString) -> SessionID? { string(key).flatMap { SessionID($0) } }

    func optionalID(_ key: StaticString) -> SessionID?? {
      switch fields[key] {
      case nil, .null?: return .some(nil)
      case .string(let text)?: return SessionID(text.text).map { .some($0) }
      default: return nil
      }
    }

    func int(_ key: StaticString) -> Int? {
      if case .integer(let number)? = fields[key] { return Int(exactly: number) }
      if case .unsigned(let number)? = fields[key] { return Int(exactly: number) }
      return nil
    }

    func unsigned(_ key: StaticString) -> UInt64? {
      if case .unsigned(let number)? = fields[key] { return number }
      if case .integer(let number)? = fields[key] { return UInt64(exactly: number) }
      return nil
    }

    func date(_ key: StaticString) -> Date? {
      guard case .string(let text)? = fields[key] else { return nil }
      // A time is never escaped: its bytes are read where they are, never made a string.
      return text.escaped ? QuickEventParser.date(text.text) : QuickEventParser.date(text.bytes)
    }

    func optionalDate(_ key: StaticString) -> Date?? {
      switch fields[key] {
      case nil, .null?: return .some(nil)
      default: return date(key).map { .some($0) }
      }
    }

    func strings(_ key: StaticString) -> [String]? {
      guard case .list(let items)? = fields[key] else { return nil }
      var result: [String] = []
      for item in items {
        guard case .string(let text) = item else { return nil }
        result.append(text.text)
      }
      return result
    }

    func optionalString(_ key: StaticString) -> String?? {
      switch fields[key] {
      case nil, .null?: return .some(nil)
      case .string(let text)?: return .some(text.text)
      default: return nil
      }
    }

    func optionalInt(_ key: StaticString) -> Int?? {
      switch fields[key] {
      case nil, .null?: return .some(nil)
      default: return int(key).map { .some($0) }
      }
    }

    func optionalBool(_ key: StaticString) -> Bool?? {
      switch fields[key] {
      case nil, .null?: return .some(nil)
      case .bool(let value)?: return .some(value)
      default: return nil
      }
    }

    /// A reply's reading in the shape reflect writes; anything else is left to the decoder.
    func optionalReading(_ key: StaticString) -> ReplyReading?? {
      switch fields[key] {
      case nil, .null?: return .some(nil)
      case .object(let fields)?:
        let reader = Fields(fields: fields)
        guard let kind = reader.string("class").flatMap(ReplyReading.Kind.init(rawValue:)),
          let feeling = reader.string("feeling").flatMap(ReplyReading.Owner.init(rawValue:)),
          let by = reader.string("by").flatMap(ReplyReading.Reader.init(rawValue:)),
          let hard = reader.optionalBool("hard"), let alsoOwn = reader.optionalBool("also_own"),
          let about = reader.optionalString("about"),
          let aside = reader.optionalString("aside"),
          let answerPart = reader.optionalString("answer_part"),
          let ownerUnclear = reader.optionalBool("owner_unclear"),
          let checks = reader.optionalBool("checks"), let mild = reader.optionalBool("mild"),
          let moved = reader.optionalBool("moved")
        else { return nil }
        return .some(
          ReplyReading(
            kind: kind, feeling: feeling, hard: hard, alsoOwn: alsoOwn, about: about,
            aside: aside.flatMap(ReplyReading.Kind.init(rawValue:)), answerPart: answerPart,
            by: by, ownerUnclear: ownerUnclear, checks: checks, mild: mild, moved: moved))
      default: return nil
      }
    }

    func optionalOpenCommitments(_ key: StaticString) -> [OpenCommitment]?? {
      switch fields[key] {
      case nil, .null?: return .some(nil)
      case .list(let items)?:
        var result: [OpenCommitment] = []
        for item in items {
          guard case .object(let fields) = item else { return nil }
          let reader = Fields(fields: fields)
          guard let session = reader.id("session"), let number = reader.int("number"),
            let text = reader.string("text"), let due = reader.optionalString("due")
          else { return nil }
          result.append(OpenCommitment(session: session, number: number, text: text, due: due))
        }
        return .some(result)
      default: return nil
      }
    }
  }

  /// A time written as `2026-11-29T07:12:03.481Z` (the shape reflect writes), read as
  /// ``Timestamp/parse(_:)`` reads it; other shapes are left to it.
  static func date(_ text: String) -> Date? {
    var text = text
    return text.withUTF8 { date($0) }
  }

  /// ``date(_:)`` of a time's UTF-8 bytes.
  static func date(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
    guard bytes.count == 24, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54,
      bytes[13] == 0x3A, bytes[16] == 0x3A, bytes[19] == 0x2E, bytes[23] == 0x5A
    else { return nil }
    func number(_ range: Range<Int>) -> Int? {
      var value = 0
      for index in range {
        let digit = Int(bytes[index]) - 0x30
        guard digit >= 0, digit <= 9 else { return nil }
        value = value * 10 + digit
      }
      return value
    }
    guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
      let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
      let millisecond = number(20..<23), year >= 1970, (1...12).contains(month),
      day >= 1, day <= daysIn(month: month, year: year), hour < 24, minute < 60, second < 60
    else { return nil }
    let days = daysSinceEpoch(year: year, month: month, day: day)
    let seconds = ((days * 24 + hour) * 60 + minute) * 60 + second - 978_307_200
    // As Foundation adds them up: whole seconds since 2001, then the fraction. Within
    // 2^22 s (49 days) of 2001 Foundation's sum can differ in its last bit; sampled, it
    // never did in 1.3 million times beyond 2^24 s (194 days). Times within that are left
    // to Foundation.
    guard abs(seconds) >= 1 << 24 else { return nil }
    return Date(
      timeIntervalSinceReferenceDate: Double(seconds) + Double(millisecond) / 1000)
  }

  private static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// Days from 1970-01-01 to a date of the proleptic Gregorian calendar.
  private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
    let shifted = month <= 2 ? year - 1 : year
    let era = shifted / 400
    let yearOfEra = shifted - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }
}

/// A strict reader of the JSON subset above.
private struct Parser {
  let bytes: UnsafeBufferPointer<UInt8>
  var position = 0

  init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  var atEnd: Bool {
    mutating get {
      skipSpace()
      return position == bytes.count
    }
  }

  mutating func skipSpace() {
    while position < bytes.count {
      switch bytes[position] {
      case 0x20, 0x09, 0x0A, 0x0D: position += 1
      default: return
      }
    }
  }

  mutating func take(_ byte: UInt8) -> Bool {
    skipSpace()
    guard position < bytes.count, bytes[position] == byte else { return false }
    position += 1
    return true
  }

  mutating func object(depth: Int) -> QuickEventParser.Object? {
    guard depth < 2, take(UInt8(ascii: "{")) else { return nil }
    var result = QuickEventParser.Object()
    if take(UInt8(ascii: "}")) { return result }
    repeat {
      skipSpace()
      guard let key = plainKey(), take(UInt8(ascii: ":")), let value = value(depth: depth),
        result.add(key, value)
      else { return nil }
    } while take(UInt8(ascii: ","))
    return take(UInt8(ascii: "}")) ? result : nil
  }

  mutating func value(depth: Int) -> QuickEventParser.Value? {
    skipSpace()
    guard position < bytes.count else { return nil }
    switch bytes[position] {
    case UInt8(ascii: "\""): return string().map { .string($0) }
    case UInt8(ascii: "{"): return object(depth: depth + 1).map { .object($0) }
    case UInt8(ascii: "["):
      position += 1
      var items: [QuickEventParser.Value] = []
      if take(UInt8(ascii: "]")) { return .list(items) }
      repeat {
        // A list in a list is never read: refused before it is entered, so no line,
        // however deeply nested, makes this recurse more than the two objects deep.
        skipSpace()
        guard position < bytes.count, bytes[position] != UInt8(ascii: "["),
          let item = value(depth: depth)
        else { return nil }
        items.append(item)
      } while take(UInt8(ascii: ","))
      return take(UInt8(ascii: "]")) ? .list(items) : nil
    case UInt8(ascii: "t"): return word("true") ? .bool(true) : nil
    case UInt8(ascii: "f"): return word("false") ? .bool(false) : nil
    case UInt8(ascii: "n"): return word("null") ? .null : nil
    default: return number()
    }
  }

  mutating func word(_ text: StaticString) -> Bool {
    let count = text.utf8CodeUnitCount
    guard bytes.count - position >= count else { return false }
    for offset in 0..<count where bytes[position + offset] != text.utf8Start[offset] {
      return false
    }
    position += count
    return true
  }

  /// A whole number without a fraction, exponent or leading zero.
  mutating func number() -> QuickEventParser.Value? {
    var negative = false
    if bytes[position] == UInt8(ascii: "-") {
      negative = true
      position += 1
    }
    let start = position
    var value: UInt64 = 0
    while position < bytes.count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
      let (times, overflow) = value.multipliedReportingOverflow(by: 10)
      let (sum, overflow2) = times.addingReportingOverflow(UInt64(bytes[position] - 0x30))
      guard !overflow, !overflow2 else { return nil }
      value = sum
      position += 1
    }
    let digits = position - start
    guard digits > 0, digits == 1 || bytes[start] != 0x30 else { return nil }
    if position < bytes.count, [0x2E, 0x65, 0x45].contains(bytes[position]) { return nil }
    if negative {
      guard value > 0, value <= UInt64(Int64.max) else { return nil }
      return .integer(-Int64(value))
    }
    return value <= UInt64(Int64.max) ? .integer(Int64(value)) : .unsigned(value)
  }

  /// A key without escapes (reflect writes none), as its bytes; one with escapes is left to
  /// the standard decoder.
  mutating func plainKey() -> UnsafeBufferPointer<UInt8>? {
    guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return nil }
    position += 1
    let start = position
    skipPlainBytes()
    guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return nil }
    position += 1
    return UnsafeBufferPointer(rebasing: bytes[start..<position - 1])
  }

  /// A string, checked as JSON requires (escapes well formed, no raw control characters)
  /// and left where it is: ``RawString/text`` decodes it when it is wanted.
  ///
  /// The line is valid UTF-8 (``QuickEventParser/event(validUTF8:)``), so the string is.
  mutating func string() -> RawString? {
    guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { return nil }
    position += 1
    let start = position
    var escaped = false
    while true {
      skipPlainBytes()
      guard position < bytes.count else { return nil }
      let byte = bytes[position]
      position += 1
      switch byte {
      case UInt8(ascii: "\""):
        return RawString(
          bytes: UnsafeBufferPointer(rebasing: bytes[start..<position - 1]), escaped: escaped)
      case UInt8(ascii: "\\"):
        escaped = true
        guard position < bytes.count else { return nil }
        let escape = bytes[position]
        position += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
          UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
          continue
        case UInt8(ascii: "u"):
          guard scalar() != nil else { return nil }
        default: return nil
        }
      default: return nil  // a raw control character
      }
    }
  }

  /// Moves past bytes that need no attention in a string (not a quote, a backslash or a
  /// control character), eight at a time where it can.
  private mutating func skipPlainBytes() {
    let ones: UInt64 = 0x0101_0101_0101_0101
    let highs: UInt64 = 0x8080_8080_8080_8080
    // Whether some byte of `word` is zero / below 0x20 (the classic bit tricks; a byte at
    // 0x80 or above never counts as below).
    func hasZero(_ word: UInt64) -> Bool { (word &- ones) & ~word & highs != 0 }
    if let base = bytes.baseAddress {
      while bytes.count - position >= 8 {
        let word = UInt64(
          littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
        if hasZero(word ^ (ones &* 0x22)) || hasZero(word ^ (ones &* 0x5C))
          || (word &- ones &* 0x20) & ~word & highs != 0
        {
          break
        }
        position += 8
      }
    }
    while position < bytes.count {
      let byte = bytes[position]
      if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { return }
      position += 1
    }
  }

  /// The scalar of a `\u` escape (its four hex digits next), a surrogate pair taken whole;
  /// `nil` for a lone surrogate or NUL.
  mutating func scalar() -> Unicode.Scalar? {
    guard var code = hex4() else { return nil }
    if (0xD800...0xDBFF).contains(code) {
      guard word("\\u"), let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
      code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
    }
    guard let scalar = Unicode.Scalar(code), scalar.value != 0 else { return nil }
    return scalar
  }

  mutating func hex4() -> UInt32? {
    guard bytes.count - position >= 4 else { return nil }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[position]
      position += 1
      let digit: UInt32
      switch byte {
      case 0x30...0x39: digit = UInt32(byte - 0x30)
      case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
      case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
      default: return nil
      }
      value = value * 16 + digit
    }
    return value
  }
}

/// A string as it lies in a line (between its quotes), already checked.
private struct RawString {
  var bytes: UnsafeBufferPointer<UInt8>
  /// Whether it has escapes to decode.
  var escaped: Bool

  /// The text it spells.
  var text: String {
    guard escaped else { return String(decoding: bytes, as: UTF8.self) }
    var decoded: [UInt8] = []
    decoded.reserveCapacity(bytes.count)
    var parser = Parser(bytes: bytes)
    while parser.position < bytes.count {
      let byte = bytes[parser.position]
      parser.position += 1
      guard byte == UInt8(ascii: "\\") else {
        decoded.append(byte)
        continue
      }
      let escape = bytes[parser.position]
      parser.position += 1
      switch escape {
      case UInt8(ascii: "b"): decoded.append(0x08)
      case UInt8(ascii: "f"): decoded.append(0x0C)
      case UInt8(ascii: "n"): decoded.append(0x0A)
      case UInt8(ascii: "r"): decoded.append(0x0D)
      case UInt8(ascii: "t"): decoded.append(0x09)
      case UInt8(ascii: "u"):
        // Checked when the line was read: four hex digits, a pair where one is needed.
        if let scalar = parser.scalar() {
          decoded.append(contentsOf: String(Character(scalar)).utf8)
        }
      default: decoded.append(escape)  // a quote, a backslash or a slash
      }
    }
    return String(decoding: decoded, as: UTF8.self)
  }
}
