/// What each word is as a term, learnt once and remembered across documents: the stop-word test
/// and the Porter stem cost far more than a look-up, and news vocabularies repeat from one article
/// to the next.
///
/// A word (its bytes, ASCII lowercased) maps to the id of its stem, the same for every word with
/// that stem, or -1 for a stop word or a word that cannot be a term (see `WordTable`).
///
/// A vocabulary also keeps the words of the last document it read: `summarize` and `keywords` read
/// the same words of the same document one after the other, so the second takes them from the
/// first instead of looking each up again.
///
/// A vocabulary is mutable and used by one thread at a time: `TermCache` lends one to each caller.
/// Stem ids only need to agree within a document, so a document may start by forgetting everything
/// when the table is full, which bounds its memory. The bound, 50,000 words (about 6 MB), is about
/// what a 100 MB news corpus holds: a larger table made a 1 GB run peak 11 MB higher and ran no
/// faster (its probes miss the cache more often), and output is the same at any bound.
struct Vocabulary: Sendable {
    /// A word as a term.
    struct Word {
        /// Its stem's id, or -1 for a stop word or a word that cannot be a term.
        var stem: Int32
        /// Whether it has a letter (ASCII or from U+00C0 up): "2020" and "1,000" have none.
        var hasLetter: Bool
    }

    /// A word of one document as a term.
    struct Term {
        /// Its stem's id in the document, numbered from 0 in order of first use, or -1 for a stop
        /// word or a word that cannot be a term.
        var id: Int32
        /// Whether it has a letter (ASCII or from U+00C0 up): "2020" and "1,000" have none.
        var hasLetter: Bool
    }

    private var words = WordTable<Word>()
    /// The stems, by their bytes, to their ids.
    private var stems = WordTable<Int32>()
    /// Per stem id, the current document's id for it in the low 32 bits, valid where the high 32
    /// bits hold `generation`.
    private var documentIDs: [UInt64] = []
    private var generation: UInt32 = 0
    /// The last document read: its text (kept, so that the same storage holds the same bytes),
    /// and the words found at its ranges.
    private var recentText = ""
    private var recentRanges: [Range<Int>] = []
    private var recentWords: [Word] = []
    private let capacity: Int
    private let stopWords: StopWords
    private let stemmer: PorterStemmer

    /// A vocabulary that knows `stopWords` from the start, so that only a word that is none of
    /// them is ever learnt.
    init(stopWords: StopWords, stemmer: PorterStemmer, capacity: Int = 50_000) {
        self.stopWords = stopWords
        self.stemmer = stemmer
        self.capacity = capacity
        for word in stopWords.words {
            word.withUnsafeBufferPointer { words.insert($0, Word(stem: -1, hasLetter: Self.hasLetter($0))) }
        }
    }

    /// The terms of the words at `ranges` of `text`, into `terms` at the same indices: returns how
    /// many distinct terms they hold (their ids are `0..<count`).
    ///
    /// Each call is a document of its own: its ids start afresh. A vocabulary that has learnt
    /// `capacity` words forgets them all first.
    mutating func terms(of ranges: [Range<Int>], in text: String, into terms: UnsafeMutablePointer<Term>) -> Int {
        if words.count >= capacity {
            self = Vocabulary(stopWords: stopWords, stemmer: stemmer, capacity: capacity)
        }
        generation &+= 1
        if generation == 0 {
            for index in documentIDs.indices { documentIDs[index] = 0 }
            generation = 1
        }
        let replaying = hasRecent(text)
        var bytes = text
        let found = bytes.withUTF8 { bytes in
            ranges.withUnsafeBufferPointer { ranges in
                [Word](unsafeUninitializedCapacity: ranges.count) { found, count in
                    if replaying {
                        replay(ranges, bytes, into: found)
                    } else {
                        lookUp(ranges, bytes, into: found)
                    }
                    count = ranges.count
                }
            }
        }
        if !replaying {
            recentText = text
            recentRanges = ranges
            recentWords = found
        }
        let generation = generation
        return documentIDs.withUnsafeMutableBufferPointer { documentIDs in
            found.withUnsafeBufferPointer { found in
                var next: Int32 = 0
                for index in ranges.indices {
                    let word = found[index]
                    var id: Int32 = -1
                    if word.stem >= 0 {
                        let known = documentIDs[Int(word.stem)]
                        if UInt32(truncatingIfNeeded: known &>> 32) == generation {
                            id = Int32(truncatingIfNeeded: known)
                        } else {
                            id = next
                            documentIDs[Int(word.stem)] = UInt64(generation) &<< 32 | UInt64(UInt32(bitPattern: next))
                            next &+= 1
                        }
                    }
                    terms[index] = Term(id: id, hasLetter: word.hasLetter)
                }
                return Int(next)
            }
        }
    }

    /// Whether `text` is the last document read, byte for byte.
    func hasRecent(_ text: String) -> Bool {
        guard !recentRanges.isEmpty, recentText.utf8.count == text.utf8.count else { return false }
        let same = text.utf8.withContiguousStorageIfAvailable { new in
            recentText.utf8.withContiguousStorageIfAvailable { old in
                new.baseAddress == old.baseAddress || new.elementsEqual(old)
            }
        }
        return same == true
    }

    /// Every word at `ranges`, learning the new ones.
    private mutating func lookUp(
        _ ranges: UnsafeBufferPointer<Range<Int>>, _ text: UnsafeBufferPointer<UInt8>,
        into found: UnsafeMutableBufferPointer<Word>
    ) {
        var index = 0
        while true {
            index = words.values(ranges, from: index, in: text, into: found.baseAddress!)
            guard index < ranges.count else { return }
            found[index] = learn(text, ranges[index])
            index += 1
        }
    }

    /// Every word at `ranges`: those at the ranges of the last document read from there, the
    /// others looked up. Both lists run in text order, so one pass merges them.
    @inline(never)
    private mutating func replay(
        _ ranges: UnsafeBufferPointer<Range<Int>>, _ text: UnsafeBufferPointer<UInt8>,
        into found: UnsafeMutableBufferPointer<Word>
    ) {
        let missed = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(ranges.count, 1))
        defer { missed.deallocate() }
        var missedCount = 0
        recentRanges.withUnsafeBufferPointer { recentRanges in
            recentWords.withUnsafeBufferPointer { recentWords in
                var recent = 0
                for index in 0..<ranges.count {
                    let range = ranges[index]
                    while recent < recentRanges.count && recentRanges[recent].lowerBound < range.lowerBound {
                        recent &+= 1
                    }
                    if recent < recentRanges.count && recentRanges[recent] == range {
                        found[index] = recentWords[recent]
                    } else {
                        missed[missedCount] = index
                        missedCount &+= 1
                    }
                }
            }
        }
        for index in missed[0..<missedCount] {
            found[index] = words.value(text, ranges[index]) ?? learn(text, ranges[index])
        }
    }

    /// Stems a new word and remembers it. The table holds words as they are spelt, each spelling
    /// once: a new spelling of a known word ("Talks" after "talks") costs no stemming.
    @inline(never)
    private mutating func learn(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Word {
        let spelt = UnsafeBufferPointer(rebasing: text[range])
        let word = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: spelt.count) { lowered in
            for (index, byte) in spelt.enumerated() { lowered[index] = byte &- 0x41 < 26 ? byte | 0x20 : byte }
            let lowered = UnsafeBufferPointer(lowered)
            if lowered.elementsEqual(spelt) { return meaning(lowered) }
            if let known = words.value(lowered, 0..<lowered.count) { return known }
            let word = meaning(lowered)
            words.insert(lowered, word)
            return word
        }
        words.insert(spelt, word)
        return word
    }

    /// What a new word, ASCII lowercased and not a stop word, is as a term.
    private mutating func meaning(_ lowered: UnsafeBufferPointer<UInt8>) -> Word {
        var word = Word(stem: -1, hasLetter: Self.hasLetter(lowered))
        guard Self.isContent(lowered) else { return word }
        // A word without letters is its own stem: every suffix the stemmer strips has letters.
        let stem = word.hasLetter ? stemmer.stem(bytes: Array(lowered)) : Array(lowered)
        word.stem = stem.withUnsafeBufferPointer { stem in
            if let known = stems.value(stem, 0..<stem.count) { return known }
            let id = Int32(stems.count)
            stems.insert(stem, id)
            documentIDs.append(0)
            return id
        }
        return word
    }

    /// Whether a word has a letter: an ASCII one (lowercased), or a scalar from U+00C0 up.
    private static func hasLetter(_ lowered: UnsafeBufferPointer<UInt8>) -> Bool {
        lowered.contains { UTF8Text.isLower($0) || $0 >= 0xC0 }
    }

    /// A word that can be a term: two bytes or more, starting with a letter or digit (not "'s",
    /// "’s"), and not the "n't" of a contraction.
    static func isContent(_ lowered: UnsafeBufferPointer<UInt8>) -> Bool {
        guard lowered.count >= 2, let first = lowered.first else { return false }
        if first == UInt8(ascii: "n") && lowered.count <= 5
            && (lowered.elementsEqual(Self.not) || lowered.elementsEqual(Self.curlyNot))
        {
            return false
        }
        // Two-byte scalars (accented Latin, Greek, Cyrillic…) and from U+3000 up; not U+2000–U+2FFF punctuation.
        return UTF8Text.isLower(first) || UTF8Text.isDigit(first) || (first >= 0xC3 && first != 0xE2)
    }

    private static let not = Array("n't".utf8)
    private static let curlyNot = Array("n’t".utf8)
}
