internal import Dispatch
internal import Synchronization

/// The runner's in-flight slots: the reader takes one for each document, and whoever finishes with the
/// document gives it back.
///
/// A semaphore would wake the reader for every slot given back once the pipeline is full, to read one
/// document and wait again: a context switch per document once the reader is faster than the workers,
/// which it is now that they decode its files. Here a reader that found no free slot sleeps until a
/// batch of them is free, and then reads a batch.
final class InFlightSlots: Sendable {
    private let state: Mutex<(free: Int, readerWaits: Bool)>
    private let readerWakes = DispatchSemaphore(value: 0)
    /// Free slots that wake a waiting reader.
    private let batch: Int

    /// `count` slots, all free; a waiting reader wakes when `count / 8` are free again.
    init(count: Int) {
        state = Mutex((count, false))
        batch = max(1, count / 8)
    }

    /// Takes a slot, waiting for a batch of them to be free when there is none. Called by one thread only.
    func take() {
        let waits = state.withLock { state -> Bool in
            if state.free > 0 {
                state.free -= 1
                return false
            }
            state.readerWaits = true
            return true
        }
        guard waits else { return }
        readerWakes.wait()
        state.withLock { $0.free -= 1 }
    }

    /// Gives a slot back; from any thread.
    func give() {
        let wake = state.withLock { state -> Bool in
            state.free += 1
            guard state.readerWaits, state.free >= batch else { return false }
            state.readerWaits = false
            return true
        }
        if wake { readerWakes.signal() }
    }
}
