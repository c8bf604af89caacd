/// What the recognizer's big tables said about the capitalized words it met lately: their flags,
/// their ids in the built-in gazetteer and in the user's, under the word's exact hash.
///
/// A capitalized word costs three lookups in tables of megabytes (the word flags, the built-in and
/// the user's vocabularies), and each one that misses the processor's cache waits for memory: most
/// of the recognizer's time went there. News repeats its capitalized words ("The", "President",
/// the names of the day) within a document and from one document to the next, so a small
/// direct-mapped table that stays in cache answers most of them.
///
/// A cache serves one recognizer (its answers come from that recognizer's lexicon and user
/// knowledge) and one thread at a time: a worker keeps one and passes it to every `recognize` call.
/// It is a value with its own storage, so moving it between threads shares nothing.
public struct WordCache: Sendable {
    struct Entry: Sendable {
        /// The word's exact hash; 0 for an empty entry (no hash is 0).
        var exact: UInt64 = 0
        var flags: UInt32 = 0
        /// The word's id in the built-in gazetteer's vocabulary (0 when absent).
        var builtinID: UInt32 = 0
        /// The word's exact and folded ids in the user's gazetteer (0 when absent).
        var userIDs: (UInt32, UInt32) = (0, 0)
    }

    var entries: [Entry]

    /// An empty cache of `capacity` words (rounded up to a power of two): 8,192 words take 192 KB,
    /// enough for the capitalized words a stream of news keeps coming back to (2,048 to 131,072
    /// measured the same on the 100 MB benchmark, within its noise).
    public init(capacity: Int = 8192) {
        var size = 16
        while size < capacity { size <<= 1 }
        entries = Array(repeating: Entry(), count: size)
    }

    /// The entry for a word with exact hash `exact` in `entries` (a power of two long).
    @inline(__always)
    static func slot(_ exact: UInt64, _ count: Int) -> Int {
        // The hash's low bit is always set; its high bits are as good as any.
        Int(truncatingIfNeeded: exact >> 40) & (count - 1)
    }
}
