/// What each word is as a term, learnt once and remembered across documents: the stop-word test
/// and the Porter stem cost far more than a look-up, and news vocabularies repeat from one article
/// to the next.
///
/// A word (its bytes, ASCII lowercased) maps to the id of its stem, the same for every word with
/// that stem, or -1 for a stop word or a word that cannot be a term. The words live in one
/// open-addressing table over one byte buffer, so a known word costs a hash of its bytes, one probe
/// and one comparison, with no allocation.
///
/// A vocabulary is mutable and used by one thread at a time: `TermCache` lends one to each caller.
/// Stem ids only need to agree within a document, so `startDocument()` may forget everything when
/// the table is full, which bounds its memory. The bound, 50,000 words (about 6 MB), is about what
/// a 100 MB news corpus holds: a larger table made a 1 GB run peak 11 MB higher and ran no faster
/// (its probes miss the cache more often), and output is the same at any bound.
struct Vocabulary: Sendable {
    /// A word as a term.
    struct Word {
        /// Its stem's id, or -1 for a stop word or a word that cannot be a term.
        var stem: Int32
        /// Whether it has a letter (ASCII or from U+00C0 up): "2020" and "1,000" have none.
        var hasLetter: Bool
    }

    /// One known word: its hash, its first eight bytes (lowercased, zero-padded), where all its
    /// lowercased bytes are in `bytes`, and what it is.
    private struct Entry {
        var hash: UInt64
        var head: UInt64
        var start: Int32
        var count: Int32
        var word: Word
    }

    private var slots: [Int32]
    private var mask: Int
    private var entries: [Entry] = []
    private var bytes: [UInt8] = []
    private var stems: [[UInt8]: Int32] = [:]
    /// Per stem id, the current document's id for it in the low 32 bits, valid where the high 32
    /// bits hold `generation`.
    private var documentIDs: [UInt64] = []
    private var generation: UInt32 = 0
    private let capacity: Int
    private let stopWords: StopWords
    private let stemmer: PorterStemmer

    init(stopWords: StopWords, stemmer: PorterStemmer, capacity: Int = 50_000) {
        self.stopWords = stopWords
        self.stemmer = stemmer
        self.capacity = capacity
        slots = Array(repeating: -1, count: 1 << 12)
        mask = slots.count - 1
    }

    /// Begins a document: its ids (see `documentID(_:next:)`) start afresh. A vocabulary that has
    /// learnt `capacity` words forgets them all here, between documents, where stem ids may change.
    mutating func startDocument() {
        if entries.count >= capacity {
            self = Vocabulary(stopWords: stopWords, stemmer: stemmer, capacity: capacity)
        }
        generation &+= 1
        if generation == 0 {
            for index in documentIDs.indices { documentIDs[index] = 0 }
            generation = 1
        }
    }

    /// The current document's id for `stem`: the one it already has, else `next`, which it keeps.
    @inline(__always)
    mutating func documentID(_ stem: Int32, next: Int32) -> Int32 {
        let index = Int(stem)
        let known = documentIDs[index]
        if UInt32(truncatingIfNeeded: known &>> 32) == generation { return Int32(truncatingIfNeeded: known) }
        documentIDs[index] = UInt64(generation) &<< 32 | UInt64(UInt32(bitPattern: next))
        return next
    }

    /// The word at `range` of `text`, compared without ASCII case.
    ///
    /// The word is read eight bytes at a time, lowercased in a register; a word of eight bytes or
    /// fewer (most English words) is compared in one step.
    @inline(__always)
    mutating func word(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Word {
        let count = range.upperBound &- range.lowerBound
        let head = Self.chunk(text, range.lowerBound, range.upperBound)
        var hash = Self.mix(head, UInt64(truncatingIfNeeded: count))
        if count > 8 {
            var offset = range.lowerBound &+ 8
            while offset < range.upperBound {
                hash = Self.mix(hash, Self.chunk(text, offset, range.upperBound))
                offset &+= 8
            }
        }
        return slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                var slot = Int(truncatingIfNeeded: hash &>> 40) & mask
                while true {
                    let found = slots[slot]
                    if found < 0 { return nil }
                    let entry = entries[Int(found)]
                    if entry.hash == hash && entry.head == head && Int(entry.count) == count
                        && (count <= 8 || matchesTail(entry, text, range))
                    {
                        return entry.word
                    }
                    slot = (slot &+ 1) & mask
                }
            }
        } ?? learn(text, range, hash: hash, head: head)
    }

    /// The (up to) eight bytes of `text` from `offset` before `end`, ASCII lowercased, as a
    /// little-endian integer padded with zeros.
    @inline(__always)
    private static func chunk(_ text: UnsafeBufferPointer<UInt8>, _ offset: Int, _ end: Int) -> UInt64 {
        let count = min(end &- offset, 8)
        var value: UInt64
        if offset &+ 8 <= text.count {
            value = UInt64(littleEndian: UnsafeRawPointer(text.baseAddress! + offset).loadUnaligned(as: UInt64.self))
            if count < 8 { value &= (1 &<< UInt64(truncatingIfNeeded: count &* 8)) &- 1 }
        } else {
            value = 0
            for index in 0..<count {
                value |= UInt64(text[offset &+ index]) &<< UInt64(truncatingIfNeeded: index &* 8)
            }
        }
        // Set 0x20 in each byte from "A" to "Z": a byte's high bit marks it, without carries.
        let ascii = value & 0x7F7F_7F7F_7F7F_7F7F
        let atLeastA = ascii &+ 0x3F3F_3F3F_3F3F_3F3F
        let aboveZ = ascii &+ 0x2525_2525_2525_2525
        let upper = atLeastA & ~aboveZ & ~value & 0x8080_8080_8080_8080
        return value | (upper &>> 2)
    }

    @inline(__always)
    private static func mix(_ hash: UInt64, _ value: UInt64) -> UInt64 {
        let mixed = (hash ^ value) &* 0x9E37_79B9_7F4A_7C15
        return mixed ^ (mixed &>> 29)
    }

    /// Whether the bytes after the first eight are the entry's.
    private func matchesTail(_ entry: Entry, _ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var known = Int(entry.start) + 8
        for index in (range.lowerBound + 8)..<range.upperBound {
            if bytes[known] != Self.lowered(text[index]) { return false }
            known += 1
        }
        return true
    }

    private static func lowered(_ byte: UInt8) -> UInt8 { byte &- 0x41 < 26 ? byte | 0x20 : byte }

    /// Stems a new word and remembers it.
    @inline(never)
    private mutating func learn(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, hash: UInt64, head: UInt64)
        -> Word
    {
        let lowered = range.map { Self.lowered(text[$0]) }
        var word = Word(stem: -1, hasLetter: lowered.contains { UTF8Text.isLower($0) || $0 >= 0xC0 })
        if Self.isContent(lowered) && !stopWords.contains(lowercased: lowered) {
            let stem = stemmer.stem(bytes: lowered)
            if let known = stems[stem] {
                word.stem = known
            } else {
                word.stem = Int32(stems.count)
                stems[stem] = word.stem
                documentIDs.append(0)
            }
        }
        var slot = Int(truncatingIfNeeded: hash &>> 40) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(entries.count)
        entries.append(
            Entry(hash: hash, head: head, start: Int32(bytes.count), count: Int32(lowered.count), word: word))
        bytes += lowered
        if entries.count * 2 > slots.count { grow() }
        return word
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        mask = slots.count - 1
        for (index, entry) in entries.enumerated() {
            var slot = Int(truncatingIfNeeded: entry.hash >> 40) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(index)
        }
    }

    /// A word that can be a term: two bytes or more, starting with a letter or digit (not "'s",
    /// "’s"), and not the "n't" of a contraction.
    static func isContent(_ lowered: [UInt8]) -> Bool {
        guard lowered.count >= 2, let first = lowered.first else { return false }
        if first == UInt8(ascii: "n") && lowered.count <= 5 && (lowered == Self.not || lowered == Self.curlyNot) {
            return false
        }
        // Two-byte scalars (accented Latin, Greek, Cyrillic…) and from U+3000 up; not U+2000–U+2FFF punctuation.
        return UTF8Text.isLower(first) || UTF8Text.isDigit(first) || (first >= 0xC3 && first != 0xE2)
    }

    private static let not = Array("n't".utf8)
    private static let curlyNot = Array("n’t".utf8)
}
