import Dispatch
import Testing

@testable import TextAnalysis

struct ThreadAffinePoolTests {
    /// Runs `body` on another thread and waits for it.
    static func onAnotherThread(_ body: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        DispatchQueue(label: "pool.other").async {
            body()
            done.signal()
        }
        done.wait()
    }

    @Test func anEmptyPoolLendsNothing() {
        #expect(ThreadAffinePool<Int>().take() == nil)
    }

    @Test func theSameThreadTakesItsOwnOverTheLastReturned() {
        let pool = ThreadAffinePool<String>()
        pool.giveBack("mine")
        Self.onAnotherThread { pool.giveBack("theirs") }
        // "theirs" was returned last, but this thread returned "mine".
        #expect(pool.take() == "mine")
        #expect(pool.take() == "theirs")
        #expect(pool.take() == nil)
    }

    @Test func aPreferredValueComesFirst() {
        let pool = ThreadAffinePool<String>()
        pool.giveBack("mine")
        Self.onAnotherThread { pool.giveBack("read the text") }
        #expect(pool.take { $0 == "read the text" } == "read the text")
        #expect(pool.take { $0 == "absent" } == "mine")
    }
}
