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
        let termCount = terms.termCount
        var size = 0
        for index in candidates { size += terms.bag(index).count }
        var counts: [Int32] = []
        var starts: [Int] = []
        slots = terms.bagTerms.withUnsafeBufferPointer { bagTerms in
            terms.bagCounts.withUnsafeBufferPointer { bagCounts in
                let fill = UnsafeMutableBufferPointer<Int>.allocate(capacity: termCount + 1)
                defer { fill.deallocate() }
                fill.initialize(repeating: 0)
                for index in candidates {
                    for entry in terms.bag(index) { fill[Int(bagTerms[entry]) + 1] += 1 }
                }
                for term in 0..<termCount { fill[term + 1] += fill[term] }
                starts = Array(fill)
                return [Int32](unsafeUninitializedCapacity: size) { slots, slotCount in
                    counts = [Int32](unsafeUninitializedCapacity: size) { counts, countCount in
                        for (slot, index) in candidates.enumerated() {
                            for entry in terms.bag(index) {
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
        self.counts = counts
        self.starts = starts
    }
}
