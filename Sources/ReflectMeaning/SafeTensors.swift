import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A safetensors file mapped into memory, read only: the weights are used where they lie,
/// never copied.
///
/// The format: 8 bytes, a little-endian length N; N bytes of JSON naming each tensor with its
/// dtype, shape and byte range `data_offsets` (relative to the end of the header); then the
/// bytes, every one of them indexed by exactly one tensor.
final class SafeTensors: @unchecked Sendable {
  /// One tensor as the header describes it.
  struct Entry {
    var dtype: String
    var shape: [Int]
    var begin: Int
    var end: Int
  }

  let path: String
  let tensors: [String: Entry]
  private let base: UnsafeRawPointer
  private let length: Int
  private let dataStart: Int

  /// The file's size in bytes and its bytes, mapped.
  var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: length) }

  /// Maps `path` and checks its header: sizes, offsets and dtypes, not yet the shapes.
  init(path: String) throws(MeaningError) {
    self.path = path
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      if errno == ENOENT { throw .missingFile(path: path) }
      throw .unreadable(path: path, reason: String(cString: strerror(errno)))
    }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      throw .unreadable(path: path, reason: String(cString: strerror(errno)))
    }
    guard status.st_mode & S_IFMT == S_IFREG else {
      throw .unreadable(path: path, reason: "not a regular file")
    }
    let size = Int(status.st_size)
    guard size >= 8 else {
      throw .damaged(path: path, reason: "\(size) bytes is too short for a safetensors file")
    }
    guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0),
      mapped != MAP_FAILED
    else {
      throw .unreadable(path: path, reason: "mmap: " + String(cString: strerror(errno)))
    }
    let base = UnsafeRawPointer(mapped)
    do {
      let (tensors, dataStart) = try Self.header(base: base, size: size, path: path)
      self.base = base
      self.length = size
      self.tensors = tensors
      self.dataStart = dataStart
    } catch {
      munmap(mapped, size)
      throw error
    }
  }

  deinit { munmap(UnsafeMutableRawPointer(mutating: base), length) }

  /// The float32 tensor `name`, which must have exactly `shape`.
  func floats(_ name: String, shape: [Int]) throws(MeaningError) -> UnsafePointer<Float> {
    guard let entry = tensors[name] else {
      throw .damaged(path: path, reason: "no tensor '\(name)'")
    }
    guard entry.dtype == "F32" else {
      throw .damaged(path: path, reason: "tensor '\(name)' is \(entry.dtype), not F32")
    }
    guard entry.shape == shape else {
      throw .damaged(
        path: path,
        reason: "tensor '\(name)' has shape \(entry.shape), the config says \(shape)")
    }
    let offset = dataStart + entry.begin
    guard offset % MemoryLayout<Float>.alignment == 0 else {
      throw .damaged(path: path, reason: "tensor '\(name)' is not aligned to 4 bytes")
    }
    return (base + offset).assumingMemoryBound(to: Float.self)
  }

  private static let elementSizes = [
    "F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1,
    "BOOL": 1,
  ]

  /// Reads and checks the header of a mapped file of `size` bytes.
  private static func header(base: UnsafeRawPointer, size: Int, path: String) throws(MeaningError)
    -> ([String: Entry], Int)
  {
    var headerLength: UInt64 = 0
    for index in 0..<8 {
      headerLength |= UInt64(base.load(fromByteOffset: index, as: UInt8.self)) << (8 * index)
    }
    guard headerLength >= 2, headerLength <= UInt64(size - 8) else {
      throw .damaged(
        path: path,
        reason: "header length \(headerLength) does not fit in a file of \(size) bytes")
    }
    let dataStart = 8 + Int(headerLength)
    let json = Data(bytes: base + 8, count: Int(headerLength))
    guard let object = try? JSONSerialization.jsonObject(with: json),
      let dictionary = object as? [String: Any]
    else {
      throw .damaged(path: path, reason: "the header is not a JSON object")
    }
    var tensors: [String: Entry] = [:]
    var covered = 0
    for (name, value) in dictionary where name != "__metadata__" {
      guard let fields = value as? [String: Any], let dtype = fields["dtype"] as? String,
        let shape = fields["shape"] as? [Int], let offsets = fields["data_offsets"] as? [Int],
        offsets.count == 2
      else {
        throw .damaged(path: path, reason: "tensor '\(name)' lacks a dtype, shape or offsets")
      }
      guard let elementSize = elementSizes[dtype] else {
        throw .damaged(path: path, reason: "tensor '\(name)' has an unknown dtype '\(dtype)'")
      }
      let (begin, end) = (offsets[0], offsets[1])
      guard shape.allSatisfy({ $0 >= 0 && $0 < 1 << 32 }), begin >= 0, begin <= end,
        end <= size - dataStart
      else {
        throw .damaged(
          path: path,
          reason: "tensor '\(name)' lies at bytes \(begin)..<\(end), past the file's"
            + " \(size - dataStart) bytes of data")
      }
      let count = shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).partialValue }
      guard count.multipliedReportingOverflow(by: elementSize) == (end - begin, false) else {
        throw .damaged(
          path: path,
          reason: "tensor '\(name)' has shape \(shape) but \(end - begin) bytes")
      }
      tensors[name] = Entry(dtype: dtype, shape: shape, begin: begin, end: end)
      covered += end - begin
    }
    let dataSize = tensors.values.map(\.end).max() ?? 0
    guard dataSize == size - dataStart, covered == dataSize else {
      throw .damaged(
        path: path,
        reason: "the header describes \(dataStart + dataSize) bytes but the file has \(size)")
    }
    return (tensors, dataStart)
  }
}
