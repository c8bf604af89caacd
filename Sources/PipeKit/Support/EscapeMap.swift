/// Where a string written by `JSONWriter.string(utf8:escapes:)` went, and how its escapes lengthened it.
public struct EscapeMap: Sendable {
    /// The writer's byte count where the string's first byte went, after the opening quote.
    var written = 0
    /// Each escaped byte offset of the string, in order, with the bytes that escapes added up to and including it.
    private var escapes: [(source: Int, added: Int)] = []
    /// The escapes before the offset looked up last: where the next lookup starts walking.
    private var next = 0

    /// A map for a string of `count` bytes.
    init(count: Int) {
        // Text has an escape (a line break, a quote) every hundred bytes or so: one allocation for most.
        escapes.reserveCapacity(count / 64)
    }

    mutating func add(source: Int, extra: Int) {
        escapes.append((source, (escapes.last?.added ?? 0) &+ extra))
    }

    /// The bytes that escapes before byte `offset` of the string added: found by walking from the last lookup,
    /// a step or two when lookups come in order, as the spans of a document's sentences or entities do.
    @inline(__always)
    mutating func extraBytes(before offset: Int) -> Int {
        while next > 0, escapes[next &- 1].source >= offset { next &-= 1 }
        while next < escapes.count, escapes[next].source < offset { next &+= 1 }
        return next == 0 ? 0 : escapes[next &- 1].added
    }
}
