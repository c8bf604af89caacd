/// Holds results that finished early until every earlier one is in, so that sinks see
/// documents in input order whatever order the workers finish in.
///
/// Its size is bounded by the runner's in-flight limit, not by the corpus.
struct ReorderBuffer<Value> {
    private var waiting: [Int: Value] = [:]
    private(set) var next = 0

    /// Stores the result for `sequence` and returns every result now ready, in order.
    mutating func insert(_ value: Value, at sequence: Int) -> [Value] {
        guard sequence == next else {
            waiting[sequence] = value
            return []
        }
        var ready = [value]
        next += 1
        while let value = waiting.removeValue(forKey: next) {
            ready.append(value)
            next += 1
        }
        return ready
    }

    var isEmpty: Bool { waiting.isEmpty }
}
