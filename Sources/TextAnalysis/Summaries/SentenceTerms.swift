/// A document's sentences as bags of terms: each word lowercased, stop words set aside, the rest
/// Porter-stemmed, so that "talks", "Talk" and "talking" are one term.
///
/// Every distinct word is looked up (stop list, stemmer) once per document; each token then costs
/// one hash of its bytes.
///
/// - Complexity: O(n) in the text's length, plus O(u·k²) for the u distinct words of length k.
public struct SentenceTerms: Sendable {
    /// One term of a sentence and how often it occurs there.
    public struct Entry: Sendable, Hashable {
        public var term: Int32
        public var count: Int32
    }

    /// Per sentence, its terms in ascending id order with their counts.
    public var bags: [[Entry]]
    /// Per sentence, every word in order: its term, or -1 for a stop word.
    public var sequences: [[Int32]]
    /// Per term, how many sentences hold it.
    public var sentenceFrequency: [Int32]
    /// Per term, how often it occurs in the document.
    public var frequency: [Int32]

    /// How many distinct terms the document has.
    public var termCount: Int { frequency.count }
    /// How many words (stop words too) sentence `index` has.
    public func wordCount(_ index: Int) -> Int { sequences[index].count }

    /// The terms of `sentences` of `text`, from its `words` (word and number tokens, in order).
    public init(
        text: String, sentences: [Range<Int>], words: [Range<Int>], stopWords: StopWords = .english,
        stemmer: PorterStemmer = PorterStemmer()
    ) {
        var text = text
        var bags: [[Entry]] = []
        var sequences: [[Int32]] = []
        var sentenceFrequency: [Int32] = []
        var frequency: [Int32] = []
        let cache = TermCache.for(stopWords, stemmer)
        text.withUTF8 { bytes in
            var table = WordTable(capacity: max(64, words.count / 2))
            var local = IDMap(capacity: max(64, words.count / 4))
            var wordIndex = 0
            var sorted: [Int32] = []
            for sentence in sentences {
                while wordIndex < words.count && words[wordIndex].lowerBound < sentence.lowerBound { wordIndex += 1 }
                var end = wordIndex
                while end < words.count && words[end].upperBound <= sentence.upperBound { end += 1 }
                var sequence: [Int32] = []
                sequence.reserveCapacity(end - wordIndex)
                while wordIndex < words.count && words[wordIndex].upperBound <= sentence.upperBound {
                    let word = words[wordIndex]
                    wordIndex += 1
                    let term = table.value(bytes, word) { range, hash in
                        let stem = cache.term(bytes, range, hash: hash)
                        guard stem >= 0 else { return -1 }
                        if let id = local.value(stem) { return id }
                        let id = Int32(frequency.count)
                        local.insert(stem, id)
                        sentenceFrequency.append(0)
                        frequency.append(0)
                        return id
                    }
                    sequence.append(term)
                    if term >= 0 { frequency[Int(term)] += 1 }
                }
                sorted.removeAll(keepingCapacity: true)
                for term in sequence where term >= 0 { sorted.append(term) }
                sorted.sort()
                var bag: [Entry] = []
                bag.reserveCapacity(sorted.count)
                for term in sorted {
                    if let last = bag.last, last.term == term {
                        bag[bag.count - 1].count += 1
                    } else {
                        bag.append(Entry(term: term, count: 1))
                        sentenceFrequency[Int(term)] += 1
                    }
                }
                bags.append(bag)
                sequences.append(sequence)
            }
        }
        self.bags = bags
        self.sequences = sequences
        self.sentenceFrequency = sentenceFrequency
        self.frequency = frequency
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

/// Lowercases ASCII letters of `bytes[range]`.
func loweredASCII(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [UInt8] {
    var word = [UInt8](bytes[range])
    for index in word.indices where UTF8Text.isUpper(word[index]) { word[index] |= 0x20 }
    return word
}

/// An open-addressing table from words (byte ranges of one text, compared without ASCII case) to a
/// value computed once per distinct word.
struct WordTable {
    private var slots: [Int32]
    private var keys: [Range<Int>] = []
    private var hashes: [UInt64] = []
    private var values: [Int32] = []
    private var mask: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: -1, count: size)
        mask = size - 1
    }

    /// The value of the word at `range`, computing it with `make` (given the range and the FNV-1a
    /// hash of the lowercased word) when new.
    mutating func value(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, make: (Range<Int>, UInt64) -> Int32
    ) -> Int32 {
        let hash = fnv1a(bytes, range)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry < 0 { break }
            if hashes[Int(entry)] == hash && equalIgnoringCase(bytes, keys[Int(entry)], range) {
                return values[Int(entry)]
            }
            slot = (slot + 1) & mask
        }
        let value = make(range, hash)
        slots[slot] = Int32(keys.count)
        keys.append(range)
        hashes.append(hash)
        values.append(value)
        if keys.count * 2 > slots.count { grow() }
        return value
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = Array(repeating: -1, count: size)
        mask = size - 1
        for (entry, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(entry)
        }
    }
}

/// FNV-1a (64 bits) of the bytes at `range`, ASCII lowercased.
@inline(__always)
func fnv1a(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for index in range {
        var byte = bytes[index]
        if UTF8Text.isUpper(byte) { byte |= 0x20 }
        hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
    }
    return hash
}

/// Whether two ranges of `bytes` hold the same bytes, ignoring ASCII case.
@inline(__always)
func equalIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ a: Range<Int>, _ b: Range<Int>) -> Bool {
    guard a.count == b.count else { return false }
    var j = b.lowerBound
    for i in a {
        var x = bytes[i]
        var y = bytes[j]
        if UTF8Text.isUpper(x) { x |= 0x20 }
        if UTF8Text.isUpper(y) { y |= 0x20 }
        if x != y { return false }
        j += 1
    }
    return true
}

/// Whether `word` (lowercase) is the bytes at `range`, ignoring ASCII case.
@inline(__always)
func equalIgnoringCase(_ word: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
    guard word.count == range.count else { return false }
    var i = range.lowerBound
    for byte in word {
        var other = bytes[i]
        if UTF8Text.isUpper(other) { other |= 0x20 }
        if other != byte { return false }
        i += 1
    }
    return true
}

/// A small open-addressing map from non-negative `Int32` keys (stem ids) to `Int32` values, hashed
/// by one multiplication: a document's few hundred stems, looked up once per distinct word.
struct IDMap {
    private var keys: [Int32]
    private var values: [Int32]
    private var mask: Int
    private var count = 0

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: -1, count: size)
        values = Array(repeating: 0, count: size)
        mask = size - 1
    }

    @inline(__always)
    private func slot(_ key: Int32) -> Int {
        Int(truncatingIfNeeded: (UInt64(UInt32(bitPattern: key)) &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// The value of `key`, or nil.
    func value(_ key: Int32) -> Int32? {
        var index = slot(key)
        while keys[index] >= 0 {
            if keys[index] == key { return values[index] }
            index = (index + 1) & mask
        }
        return nil
    }

    /// Sets `key` (not yet in the map) to `value`.
    mutating func insert(_ key: Int32, _ value: Int32) {
        var index = slot(key)
        while keys[index] >= 0 { index = (index + 1) & mask }
        keys[index] = key
        values[index] = value
        count += 1
        if count * 2 > keys.count {
            let old = (keys, values)
            keys = Array(repeating: -1, count: old.0.count * 2)
            values = Array(repeating: 0, count: old.0.count * 2)
            mask = keys.count - 1
            count = 0
            for (key, value) in zip(old.0, old.1) where key >= 0 { insert(key, value) }
        }
    }
}
