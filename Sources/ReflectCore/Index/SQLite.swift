import CSQLite
import Foundation

/// What went wrong in SQLite, with its result code.
public struct SQLiteError: Error, Equatable, Sendable, CustomStringConvertible {
  public var code: Int32
  public var message: String

  /// The file is damaged or not a database at all: deleting it and rebuilding is the cure.
  public var isDamage: Bool {
    let primary = code & 0xFF
    return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB
  }

  /// The index changed under a read spread over several statements.
  ///
  /// Another process forgot a file (it changed) that this one was reading. Nothing is
  /// damaged: reading again from a fresh look at the index is the cure.
  public var isChange: Bool { code == SQLITE_SCHEMA }

  /// A file this read was working through is no longer indexed as it was.
  static func changed(_ message: String) -> SQLiteError {
    SQLiteError(code: SQLITE_SCHEMA, message: message)
  }

  public var description: String { message }
}

/// One connection to a database file, used from one thread (a command's own).
final class SQLiteDatabase {
  private let handle: OpaquePointer
  private var statements: [String: SQLiteStatement] = [:]
  /// A descriptor closed just after the connection (a lock held while it is open).
  private var held: Int32 = -1

  /// Opens (creating if missing) the database at `path`, or an in-memory one for `:memory:`.
  init(path: String) throws(SQLiteError) {
    var pointer: OpaquePointer?
    let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
    let code = sqlite3_open_v2(path, &pointer, flags, nil)
    guard code == SQLITE_OK, let pointer else {
      let message = pointer.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
      sqlite3_close_v2(pointer)
      throw SQLiteError(code: code, message: message)
    }
    handle = pointer
    sqlite3_extended_result_codes(handle, 1)
  }

  /// Called just after the connection closes.
  var onClose: (() -> Void)?

  deinit {
    statements.removeAll()
    sqlite3_close_v2(handle)
    if held >= 0 { close(held) }
    onClose?()
  }

  /// Closes `descriptor` just after the connection closes.
  func holdUntilClosed(_ descriptor: Int32) { held = descriptor }

  /// A statement prepared once and kept for the connection's life (for statements run per
  /// file or per row); ``SQLiteStatement/bind(_:)`` resets it before each use.
  func cached(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
    if let statement = statements[sql] { return statement }
    let statement = try prepare(sql)
    statements[sql] = statement
    return statement
  }

  /// Waits up to `milliseconds` for another process's lock before giving up with BUSY.
  func busyTimeout(_ milliseconds: Int32) { sqlite3_busy_timeout(handle, milliseconds) }

  /// Runs one or more statements that return nothing of interest.
  func execute(_ sql: String) throws(SQLiteError) {
    let code = sqlite3_exec(handle, sql, nil, nil, nil)
    guard code == SQLITE_OK else { throw error(code) }
  }

  /// A prepared statement.
  func prepare(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
    var statement: OpaquePointer?
    let code = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
    guard code == SQLITE_OK, let statement else { throw error(code) }
    return SQLiteStatement(statement, database: self)
  }

  /// Runs `body` in a transaction that takes the write lock at once (BEGIN IMMEDIATE), so
  /// two writers wait for each other instead of failing halfway.
  func writing<T>(_ body: () throws(SQLiteError) -> T) throws(SQLiteError) -> T {
    try execute("BEGIN IMMEDIATE")
    do {
      let result = try body()
      try execute("COMMIT")
      return result
    } catch {
      try? execute("ROLLBACK")
      throw error
    }
  }

  /// Runs `body` in one read transaction (one snapshot, one lock taken, instead of one per
  /// statement); `body` must not write.
  func reading<T>(_ body: () throws(SQLiteError) -> T) throws(SQLiteError) -> T {
    try execute("BEGIN")
    do {
      let result = try body()
      try execute("COMMIT")
      return result
    } catch {
      try? execute("ROLLBACK")
      throw error
    }
  }

  /// The row id of the last row inserted.
  var lastInsertedRow: Int { Int(sqlite3_last_insert_rowid(handle)) }

  /// The first column of the first row of `sql`, as an integer.
  func integer(_ sql: String) throws(SQLiteError) -> Int {
    let statement = try prepare(sql)
    return try statement.step() ? statement.int(0) : 0
  }

  func error(_ code: Int32) -> SQLiteError {
    SQLiteError(code: code, message: String(cString: sqlite3_errmsg(handle)))
  }
}

/// A prepared statement: bind values, step through rows, read columns.
final class SQLiteStatement {
  private let statement: OpaquePointer
  /// Unowned: the connection keeps its cached statements, and must close when it is let go.
  private unowned let database: SQLiteDatabase

  fileprivate init(_ statement: OpaquePointer, database: SQLiteDatabase) {
    self.statement = statement
    self.database = database
  }

  deinit { sqlite3_finalize(statement) }

  /// A value to bind.
  enum Value: Sendable {
    case int(Int)
    case double(Double)
    case text(String)
    case blob([UInt8])
    case null
  }

  /// Resets the statement and binds `values` to its parameters, in order.
  @discardableResult
  func bind(_ values: [Value]) -> SQLiteStatement {
    sqlite3_reset(statement)
    sqlite3_clear_bindings(statement)
    for (offset, value) in values.enumerated() {
      let index = Int32(offset + 1)
      switch value {
      case .int(let number): sqlite3_bind_int64(statement, index, Int64(number))
      case .double(let number): sqlite3_bind_double(statement, index, number)
      case .text(let text):
        // With its byte count: a NUL inside the text (JSON's \u0000) must not end it.
        var text = text
        text.withUTF8 { bytes in
          _ = bytes.withMemoryRebound(to: CChar.self) { chars in
            guard let start = chars.baseAddress else {
              return sqlite3_bind_text(statement, index, "", 0, reflect_sqlite_transient())
            }
            return sqlite3_bind_text(
              statement, index, start, Int32(chars.count), reflect_sqlite_transient())
          }
        }
      case .blob(let bytes):
        bytes.withUnsafeBytes { buffer in
          _ = sqlite3_bind_blob(
            statement, index, buffer.baseAddress, Int32(buffer.count), reflect_sqlite_transient())
        }
      case .null: sqlite3_bind_null(statement, index)
      }
    }
    return self
  }

  /// Advances to the next row: `true` when there is one, `false` when done.
  func step() throws(SQLiteError) -> Bool {
    let code = sqlite3_step(statement)
    switch code {
    case SQLITE_ROW: return true
    case SQLITE_DONE: return false
    default: throw database.error(code)
    }
  }

  /// Ends a read early, so the statement holds no snapshot of the database.
  func reset() { sqlite3_reset(statement) }

  /// Runs the statement to its end.
  func run() throws(SQLiteError) { while try step() {} }

  func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(statement, column)) }

  func double(_ column: Int32) -> Double { sqlite3_column_double(statement, column) }

  func isNull(_ column: Int32) -> Bool { sqlite3_column_type(statement, column) == SQLITE_NULL }

  func text(_ column: Int32) -> String {
    guard let pointer = sqlite3_column_text(statement, column) else { return "" }
    let count = Int(sqlite3_column_bytes(statement, column))
    return String(
      decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
  }

  /// The bytes of a text column, read in place: valid until the next step or reset.
  func textBytes(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
    let count = Int(sqlite3_column_bytes(statement, column))
    return UnsafeBufferPointer(start: sqlite3_column_text(statement, column), count: count)
  }

  /// The bytes of a blob column, read in place: valid until the next step or reset.
  func blobBytes(_ column: Int32) -> UnsafeRawBufferPointer {
    let count = Int(sqlite3_column_bytes(statement, column))
    guard count > 0, let pointer = sqlite3_column_blob(statement, column) else {
      return UnsafeRawBufferPointer(start: nil, count: 0)
    }
    return UnsafeRawBufferPointer(start: pointer, count: count)
  }

  func blob(_ column: Int32) -> [UInt8] {
    let count = Int(sqlite3_column_bytes(statement, column))
    guard count > 0, let pointer = sqlite3_column_blob(statement, column) else { return [] }
    return Array(UnsafeRawBufferPointer(start: pointer, count: count))
  }
}
