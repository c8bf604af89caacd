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
    /// Per term, its stem.
    public var stems: [[UInt8]]
    /// Per term, how many sentences hold it.
    public var sentenceFrequency: [Int32]
    /// Per term, how often it occurs in the document.
    public var frequency: [Int32]

    /// How many distinct terms the document has.
    public var termCount: Int { stems.count }
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
        var stems: [[UInt8]] = []
        var sentenceFrequency: [Int32] = []
        var frequency: [Int32] = []
        text.withUTF8 { bytes in
            var table = WordTable(capacity: max(64, words.count / 2))
            var stemIDs: [[UInt8]: Int32] = [:]
            var wordIndex = 0
            var sorted: [Int32] = []
            for sentence in sentences {
                while wordIndex < words.count && words[wordIndex].lowerBound < sentence.lowerBound { wordIndex += 1 }
                var sequence: [Int32] = []
                while wordIndex < words.count && words[wordIndex].upperBound <= sentence.upperBound {
                    let word = words[wordIndex]
                    wordIndex += 1
                    let term = table.value(bytes, word) { lowered in
                        guard Self.isContent(lowered), !stopWords.contains(lowercased: lowered) else { return -1 }
                        let stem = stemmer.stem(bytes: lowered)
                        if let id = stemIDs[stem] { return id }
                        let id = Int32(stems.count)
                        stemIDs[stem] = id
                        stems.append(stem)
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
        self.stems = stems
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
    private var keys: [[UInt8]] = []
    private var hashes: [UInt64] = []
    private var values: [Int32] = []
    private var mask: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: -1, count: size)
        mask = size - 1
    }

    /// The value of the word at `range`, computing it with `make` (given the lowercased word) when new.
    mutating func value(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, make: ([UInt8]) -> Int32
    ) -> Int32 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for index in range {
            var byte = bytes[index]
            if UTF8Text.isUpper(byte) { byte |= 0x20 }
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry < 0 { break }
            if hashes[Int(entry)] == hash && matches(keys[Int(entry)], bytes, range) { return values[Int(entry)] }
            slot = (slot + 1) & mask
        }
        let lowered = loweredASCII(bytes, range)
        let value = make(lowered)
        slots[slot] = Int32(keys.count)
        keys.append(lowered)
        hashes.append(hash)
        values.append(value)
        if keys.count * 2 > slots.count { grow() }
        return value
    }

    private func matches(_ key: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard key.count == range.count else { return false }
        var offset = range.lowerBound
        for byte in key {
            var other = bytes[offset]
            if UTF8Text.isUpper(other) { other |= 0x20 }
            if other != byte { return false }
            offset += 1
        }
        return true
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
