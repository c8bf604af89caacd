/// The `coverage` method: picks sentences greedily so that together they cover the most weight of
/// the document's recurring terms, the concept-coverage view of summarization (Gillick & Favre
/// 2009; Lin & Bilmes 2011 on why the greedy pick of such a function is near-optimal).
///
/// A term used at least twice in the prose sentences weighs its count there; a term already
/// covered by a chosen sentence counts no more, so a second sentence on the same point gains little
/// (and a near-copy of a chosen sentence is still refused by the redundancy bound). A sentence's gain is the weight of the terms it would
/// newly cover, over the square root of its term count (long sentences are not favoured merely for
/// being long), times the news position prior. On news whose first sentences carry the point, this
/// picks the lead and then the sentences that add what the lead leaves out.
///
/// Gains only fall as sentences are chosen, so the greedy pick is computed lazily (Minoux 1978):
/// a candidate is re-scored only when it reaches the top of a heap of stale gains.
///
/// - Complexity: O(n·t) to weigh terms and O(n log n) for the heap of n candidates of t terms,
///   plus one re-scoring of a candidate for each time it reaches the top stale.
struct CoverageSelection {
    let terms: SentenceTerms

    /// The chosen candidates, in the order chosen, each with its gain when chosen.
    ///
    /// `prior[index]` multiplies a sentence's gain; `allows(index, chosen, words)` says whether a
    /// sentence may still join those chosen, with their words (for `max_words` and the redundancy
    /// bound). A sentence it refuses once stays refused, as the chosen set only grows.
    func choose(
        _ candidates: [Int], wanted: Int, prior: [Double], allows: (Int, [Int], Int) -> Bool
    ) -> [(index: Int, score: Double)] {
        var weight = [Double](repeating: 0, count: terms.termCount)
        for index in candidates {
            for entry in terms.bag(index) { weight[Int(terms.bagTerms[entry])] += Double(terms.bagCounts[entry]) }
        }
        for term in weight.indices where weight[term] < 2 { weight[term] = 0 }
        var covered = [Bool](repeating: false, count: terms.termCount)
        func gain(_ index: Int) -> Double {
            var newWeight = 0.0
            var length = 0
            for entry in terms.bag(index) {
                let term = Int(terms.bagTerms[entry])
                length += Int(terms.bagCounts[entry])
                if !covered[term] { newWeight += weight[term] }
            }
            return newWeight / Double(max(length, 1)).squareRoot() * prior[index]
        }
        var heap = GainHeap(candidates.map { (gain($0), $0) })
        var chosen: [(index: Int, score: Double)] = []
        var words = 0
        while chosen.count < wanted, let top = heap.popBest() {
            guard allows(top.index, chosen.map(\.index), words) else { continue }
            let fresh = gain(top.index)
            if let next = heap.best, GainHeap.ranks((next.gain, next.index), above: (fresh, top.index)) {
                heap.insert((fresh, top.index))
                continue
            }
            chosen.append((top.index, fresh))
            words += terms.wordCount(top.index)
            for entry in terms.bag(top.index) { covered[Int(terms.bagTerms[entry])] = true }
        }
        return chosen
    }
}

/// A binary max-heap of (gain, sentence index), greater gain first and the earlier sentence on ties,
/// so the lazy greedy pick equals the plain one that scans every candidate each round.
private struct GainHeap {
    private var items: [(gain: Double, index: Int)] = []

    init(_ items: [(Double, Int)]) {
        for item in items { insert(item) }
    }

    static func ranks(_ a: (gain: Double, index: Int), above b: (gain: Double, index: Int)) -> Bool {
        a.gain != b.gain ? a.gain > b.gain : a.index < b.index
    }

    var best: (gain: Double, index: Int)? { items.first }

    mutating func insert(_ item: (Double, Int)) {
        items.append(item)
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.ranks(items[child], above: items[parent]) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func popBest() -> (gain: Double, index: Int)? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let best = items.removeLast()
        var parent = 0
        while true {
            var top = parent
            let left = 2 * parent + 1
            if left < items.count && Self.ranks(items[left], above: items[top]) { top = left }
            if left + 1 < items.count && Self.ranks(items[left + 1], above: items[top]) { top = left + 1 }
            guard top != parent else { break }
            items.swapAt(parent, top)
            parent = top
        }
        return best
    }
}
