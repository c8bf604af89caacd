/// What the recognizer found out about the words it met lately: their hashes, their shape, their
/// flags, their ids in the built-in gazetteer and in the user's, and what they may start, under the
/// word (its bytes when it is short) and kind.
///
/// A word costs a shape, lookups in the tables (for a capitalized word three, in tables of megabytes
/// whose misses of the processor's cache wait for memory) and a few tests; and news repeats its words
/// ("the", "said", "President", the names of the day) within a document and from one document to the
/// next, so a small direct-mapped table that stays in cache answers most of them in one probe, and
/// a word of up to eight bytes, found by its bytes, is not even hashed.
///
/// A cache serves one recognizer (its answers come from that recognizer's lexicon and user
/// knowledge) and one thread at a time: a worker keeps one and passes it to every `recognize` call.
/// It is a value with its own storage, so moving it between threads shares nothing.
public struct WordCache: Sendable {
    struct Entry: Sendable {
        /// What the word is found by: its bytes when `WordHash.shortASCII` reads them, else its exact hash.
        var key: UInt64 = 0
        /// The word's length in bytes; -1 for an empty entry.
        var length: Int32 = -1
        var kind: Tokenizer.Kind = .word
        /// Whether `key` holds the word's bytes.
        var byBytes = false
        var shape: EntityToken.Shape = .other
        var marks: TokenMarks = []
        var exact: UInt64 = 0
        var folded: UInt64 = 0
        var flags: UInt32 = 0
        /// The word's id in the built-in gazetteer's vocabulary (0 when absent).
        var builtinID: UInt32 = 0
        /// The word's exact and folded ids in the user's gazetteer (0 when absent).
        var userIDs: (UInt32, UInt32) = (0, 0)
    }

    var entries: [Entry]

    /// An empty cache of `capacity` words (rounded up to a power of two): 32,768 words take 1.5 MB and
    /// answer 93% of the words of the 5 MB benchmark corpus (8,192 answered 84%, and the rest cost
    /// more than the bigger cache does).
    public init(capacity: Int = 32768) {
        var size = 16
        while size < capacity { size <<= 1 }
        entries = Array(repeating: Entry(), count: size)
    }

    /// The entry for a word with key `key` in `entries` (a power of two long).
    @inline(__always)
    static func slot(_ key: UInt64, _ count: Int) -> Int {
        // A key of bytes needs mixing; a multiplication's high bits depend on all of its bits.
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 40) & (count - 1)
    }
}
