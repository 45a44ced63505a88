import Foundation

extension Encoder {
  /// One pass through the model for a few texts' tokens, packed one after another: every
  /// linear layer is one matrix product for all of them, and attention is taken over each
  /// text's own tokens (what a padding mask does in a padded batch).
  func forward(_ texts: [[Int32]]) -> [[Float]] {
    let hidden = config.hiddenSize
    let inner = config.intermediateSize
    let heads = config.heads
    let headSize = hidden / heads
    let epsilon = Float(config.layerNormEpsilon)
    let total = texts.reduce(0) { $0 + $1.count }
    let longest = texts.map(\.count).max() ?? 0
    let x = UnsafeMutablePointer<Float>.allocate(capacity: total * hidden)
    let query = UnsafeMutablePointer<Float>.allocate(capacity: total * hidden)
    let key = UnsafeMutablePointer<Float>.allocate(capacity: total * hidden)
    let value = UnsafeMutablePointer<Float>.allocate(capacity: total * hidden)
    let context = UnsafeMutablePointer<Float>.allocate(capacity: total * hidden)
    let wide = UnsafeMutablePointer<Float>.allocate(capacity: total * inner)
    let scores = UnsafeMutablePointer<Float>.allocate(capacity: longest * longest)
    defer {
      for buffer in [x, query, key, value, context, wide, scores] { buffer.deallocate() }
    }

    // Embeddings: word + position + token type 0, normalised.
    var row = 0
    for ids in texts {
      for (position, id) in ids.enumerated() {
        let out = x + row * hidden
        let word = weights.words + Int(id) * hidden
        let place = weights.positions + position * hidden
        for index in 0..<hidden {
          out[index] = word[index] + place[index] + weights.tokenTypes[index]
        }
        Self.normalize(out, hidden, weights.embeddingNorm, weights.embeddingNormBias, epsilon)
        row += 1
      }
    }

    for layer in weights.layers {
      linear(x, total, hidden, layer.query, layer.queryBias, hidden, into: query)
      linear(x, total, hidden, layer.key, layer.keyBias, hidden, into: key)
      linear(x, total, hidden, layer.value, layer.valueBias, hidden, into: value)
      let scale = 1 / Float(headSize).squareRoot()
      var first = 0
      for ids in texts {
        let count = ids.count
        for head in 0..<heads {
          let offset = first * hidden + head * headSize
          product(
            rows: count, columns: count, inner: headSize, a: query + offset, strideA: hidden,
            b: key + offset, strideB: hidden, transposed: true, c: scores, strideC: count,
            scale: scale)
          for line in 0..<count { Self.softmax(scores + line * count, count) }
          product(
            rows: count, columns: headSize, inner: count, a: scores, strideA: count,
            b: value + offset, strideB: hidden, transposed: false, c: context + offset,
            strideC: hidden)
        }
        first += count
      }
      // Attention output, residual, normalised.
      linear(
        context, total, hidden, layer.attentionOutput, layer.attentionOutputBias, hidden,
        into: query)
      for token in 0..<total {
        let out = x + token * hidden
        let attended = query + token * hidden
        for index in 0..<hidden { out[index] += attended[index] }
        Self.normalize(out, hidden, layer.attentionNorm, layer.attentionNormBias, epsilon)
      }
      // Feed forward: widen, GELU, narrow, residual, normalised.
      linear(x, total, hidden, layer.intermediate, layer.intermediateBias, inner, into: wide)
      for index in 0..<total * inner {
        let value = wide[index]
        wide[index] = 0.5 * value * (1 + erff(value * 0.707_106_77))
      }
      linear(wide, total, inner, layer.output, layer.outputBias, hidden, into: query)
      for token in 0..<total {
        let out = x + token * hidden
        let fed = query + token * hidden
        for index in 0..<hidden { out[index] += fed[index] }
        Self.normalize(out, hidden, layer.outputNorm, layer.outputNormBias, epsilon)
      }
    }

    // Mean over each text's tokens, then length 1.
    var vectors: [[Float]] = []
    var first = 0
    for ids in texts {
      var sum = [Double](repeating: 0, count: hidden)
      for token in first..<first + ids.count {
        let source = x + token * hidden
        for index in 0..<hidden { sum[index] += Double(source[index]) }
      }
      first += ids.count
      let length = sum.reduce(0) { $0 + $1 * $1 }.squareRoot()
      vectors.append(sum.map { Float(length > 0 ? $0 / length : 0) })
    }
    return vectors
  }

  /// `out` (rows × outputs) = `input` (rows × inputs) · `weight`ᵀ + `bias`.
  private func linear(
    _ input: UnsafePointer<Float>, _ rows: Int, _ inputs: Int, _ weight: UnsafePointer<Float>,
    _ bias: UnsafePointer<Float>, _ outputs: Int, into out: UnsafeMutablePointer<Float>
  ) {
    for row in 0..<rows { (out + row * outputs).update(from: bias, count: outputs) }
    product(
      rows: rows, columns: outputs, inner: inputs, a: input, strideA: inputs, b: weight,
      strideB: inputs, transposed: true, c: out, strideC: outputs, accumulate: true)
  }

  /// LayerNorm of one row in place: zero mean, unit variance, then scaled and shifted.
  private static func normalize(
    _ row: UnsafeMutablePointer<Float>, _ count: Int, _ weight: UnsafePointer<Float>,
    _ bias: UnsafePointer<Float>, _ epsilon: Float
  ) {
    var mean: Float = 0
    for index in 0..<count { mean += row[index] }
    mean /= Float(count)
    var variance: Float = 0
    for index in 0..<count {
      let centred = row[index] - mean
      variance += centred * centred
    }
    variance /= Float(count)
    let inverse = 1 / (variance + epsilon).squareRoot()
    for index in 0..<count {
      row[index] = (row[index] - mean) * inverse * weight[index] + bias[index]
    }
  }

  /// Softmax of one row in place.
  private static func softmax(_ row: UnsafeMutablePointer<Float>, _ count: Int) {
    var largest = -Float.infinity
    for index in 0..<count { largest = max(largest, row[index]) }
    var sum: Float = 0
    for index in 0..<count {
      row[index] = expf(row[index] - largest)
      sum += row[index]
    }
    let inverse = 1 / sum
    for index in 0..<count { row[index] *= inverse }
  }
}
