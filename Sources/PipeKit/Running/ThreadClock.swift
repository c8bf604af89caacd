#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// The CPU time of the calling thread, for the per-stage times of `--stats`.
///
/// A stage's figure is the time its thread spent working: the clock stops while the thread waits
/// for a free slot, for the disk, or for a core on a busy machine. The wall clock counted all of
/// that, so the reader of a one-worker run, which mostly waits for the worker, looked slow.
enum ThreadClock {
    /// Nanoseconds of CPU time the calling thread has used.
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }
}

/// Times a document's steps one after the other, with one clock reading between two steps rather
/// than two: the clock is a system call, and a document goes through ten or so steps.
struct LapTimer {
    private var last = ThreadClock.now()

    /// The CPU time since the previous lap (or since the timer was made); starts the next lap.
    mutating func lap() -> UInt64 {
        let now = ThreadClock.now()
        defer { last = now }
        return now &- last
    }
}
