internal import Dispatch
internal import Synchronization

/// The documents read and not yet taken by a worker, first in, first out.
///
/// Workers pull from it, so the reader reads ahead while every worker is busy instead of waiting
/// for one to come free; its length is bounded by the runner's in-flight slots. `close` hands each
/// worker an end marker.
final class WorkQueue<Item: Sendable>: Sendable {
    private let items = Mutex(Pending())
    private let available = DispatchSemaphore(value: 0)

    private struct Pending {
        /// `nil` marks the end for one worker.
        var items: [Item?] = []
        var head = 0
    }

    /// Adds an item for the next free worker.
    func push(_ item: Item) {
        items.withLock { $0.items.append(item) }
        available.signal()
    }

    /// Ends `workers` workers' loops once the items before the markers are taken.
    func close(workers: Int) {
        items.withLock { $0.items.append(contentsOf: repeatElement(nil, count: workers)) }
        for _ in 0..<workers { available.signal() }
    }

    /// The next item, waiting for one; `nil` when the queue is closed.
    func pop() -> Item? {
        available.wait()
        return items.withLock { pending in
            let item = pending.items[pending.head]
            pending.items[pending.head] = nil
            pending.head += 1
            // Taken items are dropped in a batch once they are half the array, so a pop costs O(1) on average.
            if pending.head >= 64, pending.head * 2 >= pending.items.count {
                pending.items.removeFirst(pending.head)
                pending.head = 0
            }
            return item
        }
    }
}
