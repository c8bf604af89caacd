internal import Dispatch
internal import Synchronization

/// The runner's in-flight slots and bytes: the reader takes a slot and the document's bytes for each
/// document, and whoever finishes with the document gives them back.
///
/// The slots bound how many documents are in flight, and the bytes how large they are together, so
/// that memory depends on neither the corpus nor its documents' sizes: a corpus of books holds a few
/// at a time where it would hold as many as a corpus of articles. A document larger than the bytes
/// alone is taken once nothing else is in flight.
///
/// A semaphore would wake the reader for every slot given back once the pipeline is full, to read one
/// document and wait again: a context switch per document once the reader is faster than the workers,
/// which it is now that they decode its files. Here a reader that found no free slot sleeps until a
/// batch of them is free, and then reads a batch.
final class InFlightSlots: Sendable {
    private struct State {
        var free: Int
        var bytes = 0
        /// The bytes of the document a waiting reader wants in; `nil` when it is not waiting.
        var waiting: Int?
    }

    private let state: Mutex<State>
    private let readerWakes = DispatchSemaphore(value: 0)
    /// Free slots that wake a waiting reader.
    private let batch: Int
    private let byteLimit: Int

    /// `count` slots and `bytes` bytes, all free; a waiting reader wakes when `count / 8` slots are
    /// free again and its document fits.
    init(count: Int, bytes: Int) {
        state = Mutex(State(free: count))
        batch = max(1, count / 8)
        byteLimit = bytes
    }

    /// Takes a slot and `bytes`, waiting for a batch of slots and the bytes to be free when they are
    /// not. Called by one thread only.
    func take(bytes: Int) {
        let waits = state.withLock { state -> Bool in
            if state.free > 0 && fits(bytes, with: state.bytes) {
                state.free -= 1
                state.bytes += bytes
                return false
            }
            state.waiting = bytes
            return true
        }
        guard waits else { return }
        readerWakes.wait()
        state.withLock {
            $0.free -= 1
            $0.bytes += bytes
        }
    }

    /// Gives a slot and the `bytes` taken with it back; from any thread.
    func give(bytes: Int) {
        let wake = state.withLock { state -> Bool in
            state.free += 1
            state.bytes -= bytes
            guard let wanted = state.waiting, state.free >= batch, fits(wanted, with: state.bytes) else { return false }
            state.waiting = nil
            return true
        }
        if wake { readerWakes.signal() }
    }

    /// Whether a document of `bytes` fits beside `inFlight` bytes: it does alone, whatever its size.
    private func fits(_ bytes: Int, with inFlight: Int) -> Bool {
        inFlight == 0 || inFlight + bytes <= byteLimit
    }
}
