/// A line diff of coach lines (stored vs rerun), for `reflect replay --rerun`.
public enum CoachDiff {
  /// `- line` for lines only in `stored`, `+ line` for lines only in `rerun`, `  line` for
  /// a line of context before each change; empty when the two are the same.
  public static func lines(stored: [String], rerun: [String]) -> [String] {
    guard stored != rerun else { return [] }
    // Longest common subsequence table, small inputs (one session).
    let n = stored.count
    let m = rerun.count
    var table = Array(repeating: Array(repeating: 0, count: m + 1), count: n + 1)
    for i in stride(from: n - 1, through: 0, by: -1) {
      for j in stride(from: m - 1, through: 0, by: -1) {
        table[i][j] =
          stored[i] == rerun[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
      }
    }
    var result: [String] = []
    var i = 0
    var j = 0
    var previous: String?
    while i < n || j < m {
      if i < n, j < m, stored[i] == rerun[j] {
        previous = stored[i]
        i += 1
        j += 1
        continue
      }
      if let context = previous {
        result.append("  " + context)
        previous = nil
      }
      if j >= m || (i < n && table[i + 1][j] >= table[i][j + 1]) {
        result.append("- " + stored[i])
        i += 1
      } else {
        result.append("+ " + rerun[j])
        j += 1
      }
    }
    return result
  }
}
