/// Finds a document's key phrases: "Ukraine", "peace talks", "Saudi Arabia".
///
/// Candidates are the maximal runs of words within a sentence that are neither stop words nor
/// numbers, broken by punctuation and where the letter case changes (so "Saudi Arabia" and "peace
/// talks" stay whole while "talks with Putin" and "Putin told Trump" fall apart); a run longer than
/// `maxWords` keeps its last words (a name ends in the surname, a noun phrase in its head).
/// Phrases with the same stems are one phrase, shown in their most frequent spelling.
///
/// A phrase scores the mean frequency of its words in the document (stemmed), times 1.5 for a
/// phrase of several words, times `1 + ln(occurrences)`, times `1 + 0.5 / (1 + s/5)` for the
/// sentence s it first appears in (the title and lead name the topic); scores are scaled so the
/// best is 1. Datelines and bylines are skipped; the title counts.
///
/// - Complexity: O(n) in the text's length, plus the stemming of each distinct word once (see
///   `Vocabulary`).
public struct KeyPhrases: Sendable {
    /// A key phrase and its weight (the best is 1).
    public struct Phrase: Sendable, Hashable {
        public var text: String
        public var score: Double
    }

    /// How many phrases to return.
    public var count: Int
    /// The longest phrase, in words.
    public var maxWords: Int
    public var stopWords: StopWords

    public init(count: Int = 10, maxWords: Int = 3, stopWords: StopWords = .english) {
        self.count = count
        self.maxWords = maxWords
        self.stopWords = stopWords
    }

    /// The key phrases of `text`, best first, given its sentences and (if known) its tokens.
    public func extract(
        _ text: String, sentences: [Range<Int>], tokens: [Tokenizer.Token]? = nil, title: String? = nil
    ) -> [Phrase] {
        let tokens = tokens ?? Tokenizer().tokenize(text)
        let filter = ProseFilter(minWords: 0, title: title)
        var utf8 = text
        return utf8.withUTF8 { bytes in
            let skipped = sentences.map { range in
                let reason = filter.reason(bytes: UnsafeBufferPointer(rebasing: bytes[range]), wordCount: 0)
                return reason == .dateline || reason == .byline
            }
            let found = PhraseCandidates(
                bytes, text: text, sentences: sentences, tokens: tokens, skipped: skipped, maxWords: maxWords,
                cache: TermCache.for(stopWords, PorterStemmer()))
            return found.best(count, bytes)
        }
    }

    /// The word without a possessive "'s" or "’s".
    static func trimmingPossessive(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        let end = range.upperBound
        guard range.count > 2, bytes[end - 1] | 0x20 == UInt8(ascii: "s") else { return range }
        if bytes[end - 2] == UInt8(ascii: "'") { return range.lowerBound..<(end - 2) }
        if range.count > 4 && bytes[end - 4] == 0xE2 && bytes[end - 3] == 0x80 && bytes[end - 2] == 0x99 {
            return range.lowerBound..<(end - 4)
        }
        return range
    }
}
