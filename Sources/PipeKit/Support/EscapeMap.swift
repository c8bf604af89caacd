/// Where a string written by `JSONWriter.string(utf8:escapes:)` went, and how its escapes lengthened it.
public struct EscapeMap: Sendable {
    /// The writer's byte count where the string's first byte went, after the opening quote.
    var written = 0
    /// The byte offsets in the string that were escaped, in order.
    private var sources: [Int] = []
    /// The bytes escapes added up to and including each of `sources`.
    private var added: [Int] = []

    mutating func add(source: Int, extra: Int) {
        sources.append(source)
        added.append((added.last ?? 0) &+ extra)
    }

    /// The bytes that escapes before byte `offset` of the string added: a binary search.
    func extraBytes(before offset: Int) -> Int {
        var low = 0
        var high = sources.count
        while low < high {
            let middle = (low &+ high) &>> 1
            if sources[middle] < offset { low = middle &+ 1 } else { high = middle }
        }
        return low == 0 ? 0 : added[low &- 1]
    }
}
