import Glibc

/// The process's memory, as the allocator holds it.
public enum Memory {
  /// Hands memory freed since back to the system (glibc's `malloc_trim`): after a phase that
  /// made and freed many small blocks (working out 100,000 digests), the allocator would
  /// otherwise keep tens of megabytes it no longer uses.
  public static func giveBack() {
    typealias Trim = @convention(c) (Int) -> Int32
    // Looked up, not linked: glibc has it, other C libraries may not.
    guard let trim = dlsym(nil, "malloc_trim") else { return }
    _ = unsafeBitCast(trim, to: Trim.self)(0)
  }
}
