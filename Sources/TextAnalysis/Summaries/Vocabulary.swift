internal import Foundation

/// What each word is as a term, learnt once and remembered across documents: the stop-word test
/// and the Porter stem cost far more than a look-up, and news vocabularies repeat from one article
/// to the next.
///
/// A word (its bytes, ASCII lowercased) maps to the id of its stem, the same for every word with
/// that stem, or -1 for a stop word or a word that cannot be a term (see `WordTable`).
///
/// A vocabulary also keeps its last reading of a document: `summarize` and `keywords` read the
/// same words of the same document one after the other, so the second takes the first one's terms
/// instead of looking each word up again.
///
/// A vocabulary is mutable and used by one thread at a time: `TermCache` lends one to each caller.
///
/// Its memory is bounded by forgetting in generations: a word is learnt into the current
/// generation, and a word that only the previous one knows is carried into the current one. When
/// the current generation holds `capacity` words, a document starts a new one and the previous one
/// is forgotten, so the words in use stay known while a corpus' endless rare words and numbers pass
/// through. Stem ids only need to agree within a document, and every word a document reads is in
/// the current generation, so each generation numbers its stems afresh. Output is the same at any
/// capacity.
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
        /// Its stem's id in the document, or -1 for a stop word or a word that cannot be a term.
        var id: Int32
        /// Whether it has a letter (ASCII or from U+00C0 up): "2020" and "1,000" have none.
        var hasLetter: Bool
    }

    /// Words as terms, and the stems their ids stand for, learnt or carried since a new generation.
    private struct Generation {
        var words: WordTable<Word>
        /// The stems, by their bytes, to their ids: a stem's id is its index in the table.
        var stems: WordTable<Int32>

        /// A generation with room for `capacity` words from the start: each growth places every
        /// word again.
        init(capacity: Int) {
            words = WordTable(words: capacity)
            stems = WordTable(words: capacity / 2)
        }
    }

    /// What every look-up tries first.
    private var current: Generation
    /// The generation before, whose storage the next one takes over.
    private var previous: Generation
    /// Per stem id, the current document's id for it in the low 32 bits, valid where the high 32
    /// bits hold `generation`.
    private var documentIDs: [UInt64] = []
    private var generation: UInt32 = 0
    /// The current document's next id.
    private var nextID: Int32 = 0
    /// The last reading (the current document's): its text (kept, so that the same storage holds
    /// the same bytes), its ranges, and their terms, with ids below `recentCount`.
    private var recentText = ""
    private var recentRanges: [Range<Int>] = []
    private var recentTerms: [Term] = []
    private var recentCount = 0
    /// How many words it has learnt, rather than found or carried over: what generations save.
    private(set) var learnt = 0
    private let capacity: Int
    private let stopWords: StopWords
    private let stemmer: PorterStemmer

    /// A vocabulary whose generations start a new one at `capacity` words.
    ///
    /// 28,000 words a generation hold what a news corpus uses from one article to the next: on the
    /// benchmark's corpus, 16,384 made `summarize` 20% slower (every generation carried over most
    /// of the words), and 28,000 ran as fast as one table of 50,000 words forgotten all at once.
    /// With the room `startGeneration` adds it stays under 32,768, so the word slots never double.
    init(stopWords: StopWords, stemmer: PorterStemmer, capacity: Int = 28_000) {
        self.stopWords = stopWords
        self.stemmer = stemmer
        self.capacity = capacity
        current = Generation(capacity: capacity)
        previous = Generation(capacity: 0)
        learnStopWords()
    }

    /// How many words it holds: in each generation, fewer than `capacity` when its last document
    /// started and that document's words.
    var count: Int { current.words.count + previous.words.count }

    /// Whether it holds `word`, as spelt.
    func holds(_ word: String) -> Bool {
        var word = word
        return word.withUTF8 { current.words.value($0, $0.indices) ?? previous.words.value($0, $0.indices) } != nil
    }

    /// Reads a document: the terms of the words at `ranges` of `text`, at the same indices, with
    /// ids numbered from 0 in order of first use; `count` is how many ids they use.
    ///
    /// The same ranges of the same text as the last reading give that reading's terms, whose ids
    /// are the same, without a look-up. Any other reading is a new document, whose ids start
    /// afresh, in a new generation if the current one holds `capacity` words.
    mutating func read(_ ranges: [Range<Int>], of text: String) -> (terms: [Term], count: Int) {
        if hasRecent(text) && Self.same(ranges, recentRanges) { return (recentTerms, recentCount) }
        if current.words.count >= capacity { startGeneration() }
        generation &+= 1
        if generation == 0 {
            for index in documentIDs.indices { documentIDs[index] = 0 }
            generation = 1
        }
        nextID = 0
        var bytes = text
        let found = bytes.withUTF8 { bytes in
            ranges.withUnsafeBufferPointer { ranges in
                [Word](unsafeUninitializedCapacity: ranges.count) { found, count in
                    lookUp(ranges, bytes, into: found)
                    count = ranges.count
                }
            }
        }
        let generation = generation
        var next: Int32 = 0
        let terms = documentIDs.withUnsafeMutableBufferPointer { documentIDs in
            found.withUnsafeBufferPointer { found in
                [Term](unsafeUninitializedCapacity: found.count) { terms, count in
                    for (index, word) in found.enumerated() {
                        var id: Int32 = -1
                        if word.stem >= 0 {
                            let known = documentIDs[Int(word.stem)]
                            if UInt32(truncatingIfNeeded: known &>> 32) == generation {
                                id = Int32(truncatingIfNeeded: known)
                            } else {
                                id = next
                                documentIDs[Int(word.stem)] =
                                    UInt64(generation) &<< 32 | UInt64(UInt32(bitPattern: next))
                                next &+= 1
                            }
                        }
                        terms[index] = Term(id: id, hasLetter: word.hasLetter)
                    }
                    count = found.count
                }
            }
        }
        nextID = next
        recentText = text
        recentRanges = ranges
        recentTerms = terms
        recentCount = Int(next)
        return (terms, Int(next))
    }

    /// The term of one more word of the document last read, at `range` of its bytes `text`: a
    /// new stem takes the next id after all the document's others.
    mutating func term(at range: Range<Int>, of text: UnsafeBufferPointer<UInt8>) -> Term {
        let word = current.words.value(text, range) ?? learn(text, range)
        guard word.stem >= 0 else { return Term(id: -1, hasLetter: word.hasLetter) }
        let known = documentIDs[Int(word.stem)]
        if UInt32(truncatingIfNeeded: known &>> 32) == generation {
            return Term(id: Int32(truncatingIfNeeded: known), hasLetter: word.hasLetter)
        }
        documentIDs[Int(word.stem)] = UInt64(generation) &<< 32 | UInt64(UInt32(bitPattern: nextID))
        nextID &+= 1
        return Term(id: nextID &- 1, hasLetter: word.hasLetter)
    }

    /// Whether `text` is the last document read, byte for byte.
    func hasRecent(_ text: String) -> Bool {
        guard recentText.utf8.count == text.utf8.count else { return false }
        let same = text.utf8.withContiguousStorageIfAvailable { new in
            recentText.utf8.withContiguousStorageIfAvailable { old in
                new.baseAddress == old.baseAddress || new.elementsEqual(old)
            }
        }
        return same == true
    }

    /// Whether two lists of ranges are the same, compared as bytes: `==` compares them one by one.
    private static func same(_ a: [Range<Int>], _ b: [Range<Int>]) -> Bool {
        a.count == b.count
            && a.withUnsafeBytes { a in
                b.withUnsafeBytes { b in a.isEmpty || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
            }
    }

    /// Every word at `ranges`, learning the new ones.
    private mutating func lookUp(
        _ ranges: UnsafeBufferPointer<Range<Int>>, _ text: UnsafeBufferPointer<UInt8>,
        into found: UnsafeMutableBufferPointer<Word>
    ) {
        var index = 0
        while true {
            index = current.words.values(ranges, from: index, in: text, into: found.baseAddress!)
            guard index < ranges.count else { return }
            found[index] = learn(text, ranges[index])
            index += 1
        }
    }

    /// A word the current generation does not hold, carried from the previous one or stemmed, and
    /// remembered. A generation holds words as they are spelt, each spelling once: a new spelling
    /// of a known word ("Talks" after "talks") costs no stemming.
    @inline(never)
    private mutating func learn(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Word {
        let spelt = UnsafeBufferPointer(rebasing: text[range])
        if let word = carried(spelt) { return word }
        let word = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: spelt.count) { lowered in
            for (index, byte) in spelt.enumerated() { lowered[index] = byte &- 0x41 < 26 ? byte | 0x20 : byte }
            let lowered = UnsafeBufferPointer(lowered)
            if lowered.elementsEqual(spelt) { return meaning(lowered) }
            if let known = current.words.value(lowered, 0..<lowered.count) { return known }
            if let known = carried(lowered) { return known }
            let word = meaning(lowered)
            current.words.insert(lowered, word)
            return word
        }
        current.words.insert(spelt, word)
        return word
    }

    /// The word `spelt` if the previous generation holds it, put in the current one with its stem's
    /// id there.
    private mutating func carried(_ spelt: UnsafeBufferPointer<UInt8>) -> Word? {
        guard var word = previous.words.value(spelt, 0..<spelt.count) else { return nil }
        if word.stem >= 0 {
            let stems = previous.stems
            word.stem = stems.withWord(at: Int(word.stem)) { id(ofStem: $0) }
        }
        current.words.insert(spelt, word)
        return word
    }

    /// Starts a new generation in the previous one's storage, forgetting the words that only the
    /// previous one holds.
    private mutating func startGeneration() {
        swap(&current, &previous)
        // Room for the words of one more document, so that the storage reaches its size at once.
        current.words.removeAll(keepingRoomFor: capacity + capacity / 8)
        current.stems.removeAll(keepingRoomFor: capacity / 2 + capacity / 8)
        learnStopWords()
    }

    /// Puts the stop words in the current generation: a word is learnt only if it is none of them.
    private mutating func learnStopWords() {
        for word in stopWords.words {
            word.withUnsafeBufferPointer { current.words.insert($0, Word(stem: -1, hasLetter: Self.hasLetter($0))) }
        }
    }

    /// What a new word, ASCII lowercased and not a stop word, is as a term.
    private mutating func meaning(_ lowered: UnsafeBufferPointer<UInt8>) -> Word {
        learnt += 1
        var word = Word(stem: -1, hasLetter: Self.hasLetter(lowered))
        guard Self.isContent(lowered) else { return word }
        // A word without letters is its own stem: every suffix the stemmer strips has letters.
        let stem = word.hasLetter ? stemmer.stem(bytes: Array(lowered)) : Array(lowered)
        word.stem = stem.withUnsafeBufferPointer { id(ofStem: $0) }
        return word
    }

    /// The id of `stem` in the current generation, the next one if it is new there.
    private mutating func id(ofStem stem: UnsafeBufferPointer<UInt8>) -> Int32 {
        if let known = current.stems.value(stem, 0..<stem.count) { return known }
        let id = Int32(current.stems.count)
        current.stems.insert(stem, id)
        if Int(id) == documentIDs.count { documentIDs.append(0) }
        return id
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
