internal import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Lends out values that a thread fills as it reads (word caches, vocabularies), one thread at a
/// time, and gives a thread back the value it returned last: a cache of a few megabytes that moves
/// to the other core must be fetched from there, word by word. Taking whichever value was returned
/// last cost two workers 10–15% more CPU time than two one-worker processes.
public final class ThreadAffinePool<Value: Sendable>: Sendable {
    private let idle = Mutex<[(thread: UInt, value: Value)]>([])

    public init() {}

    /// An idle value for this thread: the first that `preferred` accepts, else the one this thread
    /// returned last, else any; nil when none is idle.
    public func take(preferring preferred: (Value) -> Bool = { _ in false }) -> Value? {
        let thread = Self.currentThread
        return idle.withLock { idle -> Value? in
            let index =
                idle.lastIndex { preferred($0.value) } ?? idle.lastIndex { $0.thread == thread } ?? idle.indices.last
            return index.map { idle.remove(at: $0).value }
        }
    }

    /// Makes `value` idle again, remembered as this thread's.
    public func giveBack(_ value: Value) {
        let thread = Self.currentThread
        idle.withLock { $0.append((thread, value)) }
    }

    private static var currentThread: UInt {
        #if canImport(Darwin)
            UInt(bitPattern: pthread_self())
        #else
            UInt(pthread_self())
        #endif
    }
}
