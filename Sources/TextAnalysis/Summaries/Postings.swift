/// An inverted index from terms to the candidate sentences (by slot, ascending) that hold them,
/// with their counts: term t's postings are `starts[t]..<starts[t + 1]`.
///
/// Visiting sentences in slot order with a cursor per term (a copy of `starts`), the posting at a
/// term's cursor is always the sentence being visited, and the ones after it are the later
/// sentences that share the term: each pair is met once, without testing `other > slot`.
struct Postings {
    let slots: [Int32]
    let counts: [Int32]
    let starts: [Int]

    /// The postings of `candidates` (sentence indices in `terms`).
    init(_ candidates: [Int], terms: SentenceTerms) {
        var starts = [Int](repeating: 0, count: terms.termCount + 1)
        var size = 0
        var slots: [Int32] = []
        var counts: [Int32] = []
        terms.withBags { bagStarts, bagTerms, bagCounts in
            starts.withUnsafeMutableBufferPointer { starts in
                for index in candidates {
                    for entry in bagStarts[index]..<bagStarts[index + 1] { starts[Int(bagTerms[entry]) + 1] += 1 }
                }
                for term in 1..<starts.count { starts[term] += starts[term - 1] }
                size = starts[starts.count - 1]
                let fill = UnsafeMutableBufferPointer<Int>.allocate(capacity: starts.count)
                defer { fill.deallocate() }
                _ = fill.initialize(from: starts)
                slots = [Int32](unsafeUninitializedCapacity: size) { slots, slotCount in
                    counts = [Int32](unsafeUninitializedCapacity: size) { counts, countCount in
                        for (slot, index) in candidates.enumerated() {
                            for entry in bagStarts[index]..<bagStarts[index + 1] {
                                let term = Int(bagTerms[entry])
                                slots[fill[term]] = Int32(slot)
                                counts[fill[term]] = bagCounts[entry]
                                fill[term] += 1
                            }
                        }
                        countCount = size
                    }
                    slotCount = size
                }
            }
        }
        self.slots = slots
        self.counts = counts
        self.starts = starts
    }

    /// Runs `body` with the postings' storage.
    func withBuffers<Result>(
        _ body: (
            _ slots: UnsafeBufferPointer<Int32>, _ counts: UnsafeBufferPointer<Int32>,
            _ starts: UnsafeBufferPointer<Int>
        ) -> Result
    ) -> Result {
        slots.withUnsafeBufferPointer { slots in
            counts.withUnsafeBufferPointer { counts in
                starts.withUnsafeBufferPointer { body(slots, counts, $0) }
            }
        }
    }
}
