import COpenBLAS
import Foundation

/// How the encoder multiplies matrices: OpenBLAS's `cblas_sgemm`, or plain Swift loops (kept
/// to measure what the BLAS buys, docs/performance.md).
public enum MatrixProducts: Sendable {
  /// OpenBLAS.
  case blas
  /// Three nested loops in Swift.
  case loops
}

/// The one place matrices are multiplied.
///
/// Matrices are row major with a row stride; `a` is
/// `rows` × `inner`, `b` is `columns` × `inner` when `transposed` (C = A·Bᵀ, the layout of a
/// linear layer's weight) and `inner` × `columns` when not (C = A·B).
struct MatrixProduct {
  var kind: MatrixProducts

  init(kind: MatrixProducts) {
    self.kind = kind
    _ = Self.oneThreadEach
  }

  /// OpenBLAS on one thread per call (unless OPENBLAS_NUM_THREADS says otherwise): the
  /// matrices are small, and a batch's passes already run on every core.
  private static let oneThreadEach: Void = {
    if ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] == nil {
      openblas_set_num_threads(1)
    }
  }()

  // swift-format-ignore
  func callAsFunction(
    rows: Int, columns: Int, inner: Int,
    a: UnsafePointer<Float>, strideA: Int,
    b: UnsafePointer<Float>, strideB: Int, transposed: Bool,
    c: UnsafeMutablePointer<Float>, strideC: Int,
    scale: Float = 1, accumulate: Bool = false
  ) {
    switch kind {
    case .blas:
      cblas_sgemm(
        CblasRowMajor, CblasNoTrans, transposed ? CblasTrans : CblasNoTrans,
        Int32(rows), Int32(columns), Int32(inner), scale, a, Int32(strideA), b, Int32(strideB),
        accumulate ? 1 : 0, c, Int32(strideC))
    case .loops:
      for row in 0..<rows {
        let left = a + row * strideA
        let out = c + row * strideC
        for column in 0..<columns {
          var sum: Float = 0
          if transposed {
            let right = b + column * strideB
            for index in 0..<inner { sum += left[index] * right[index] }
          } else {
            for index in 0..<inner { sum += left[index] * b[index * strideB + column] }
          }
          out[column] = scale * sum + (accumulate ? out[column] : 0)
        }
      }
    }
  }
}
