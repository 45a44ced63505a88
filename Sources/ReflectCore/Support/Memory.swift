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

  /// Lets the allocator keep one pool per core, not eight (glibc's `M_ARENA_MAX`).
  ///
  /// Reports are made on every core: with a pool for each thread that ever allocated, the
  /// memory freed in one stays there, and a report of 100,000 sessions peaked 2–3 MB higher.
  public static func poolPerCore() {
    typealias Option = @convention(c) (Int32, Int32) -> Int32
    guard let mallopt = dlsym(nil, "mallopt") else { return }
    let arenaMax: Int32 = -8
    let cores = Int32(clamping: max(2, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    _ = unsafeBitCast(mallopt, to: Option.self)(arenaMax, cores)
  }
}
