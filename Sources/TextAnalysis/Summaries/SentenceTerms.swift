/// A document's sentences as bags of terms: each word lowercased, stop words set aside, the rest
/// Porter-stemmed, so that "talks", "Talk" and "talking" are one term.
///
/// Terms are numbered from 0 in the order the document first uses them. Everything is kept in flat
/// arrays with per-sentence offsets, not an array per sentence: a document of 40 sentences costs a
/// handful of allocations, not a hundred.
///
/// - Complexity: O(n) in the text's length; each word costs one hash of its bytes and a probe of
///   the shared vocabulary (see `Vocabulary`), and only a word never seen before is stemmed.
struct SentenceTerms {
    /// Every word of every sentence, in order: its term, or -1 for a stop word. Sentence i's are
    /// `words[wordStarts[i]..<wordStarts[i + 1]]`.
    let words: [Int32]
    let wordStarts: [Int]
    /// Every sentence's distinct terms in ascending order, with how often each occurs there.
    /// Sentence i's are at `bag(i)`.
    let bagTerms: [Int32]
    let bagCounts: [Int32]
    let bagStarts: [Int]
    /// Per term, how many sentences hold it.
    let sentenceFrequency: [Int32]
    /// Per term, how often it occurs in the document.
    let frequency: [Int32]

    /// How many distinct terms the document has.
    var termCount: Int { frequency.count }
    /// How many words (stop words too) sentence `index` has.
    func wordCount(_ index: Int) -> Int { wordStarts[index + 1] - wordStarts[index] }
    /// Where sentence `index`'s terms are in `bagTerms` and `bagCounts`.
    func bag(_ index: Int) -> Range<Int> { bagStarts[index]..<bagStarts[index + 1] }
    /// Runs `body` with the bags' storage: sentence i's terms and counts are at
    /// `bagStarts[i]..<bagStarts[i + 1]` of `bagTerms` and `bagCounts`.
    func withBags<Result>(
        _ body: (
            _ bagStarts: UnsafeBufferPointer<Int>, _ bagTerms: UnsafeBufferPointer<Int32>,
            _ bagCounts: UnsafeBufferPointer<Int32>
        ) -> Result
    ) -> Result {
        bagStarts.withUnsafeBufferPointer { bagStarts in
            bagTerms.withUnsafeBufferPointer { bagTerms in
                bagCounts.withUnsafeBufferPointer { body(bagStarts, bagTerms, $0) }
            }
        }
    }
    /// Sentence `index`'s words, as in `words`.
    func sequence(_ index: Int) -> ArraySlice<Int32> { words[wordStarts[index]..<wordStarts[index + 1]] }

    /// The terms of `sentences` of `text`, from its `words` (word and number tokens, in order).
    init(text: String, sentences: [Range<Int>], words: [Range<Int>], cache: TermCache) {
        // The words within each sentence, in order: a sentence takes the words that start in it
        // and end by its end. Nearly always that is every word, and `words` serves as it is.
        var wordStarts = [0]
        wordStarts.reserveCapacity(sentences.count + 1)
        let inside = Self.wordsWithin(sentences, words, starts: &wordStarts)
        let wordTotal = inside.count
        let (terms, termTotal) = cache.withVocabulary(for: text) { $0.read(inside, of: text) }
        // The bags' loop sorts each sentence's terms in a buffer sized for the longest.
        let sorted = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(wordTotal, 1))
        defer { sorted.deallocate() }
        var frequency = [Int32](repeating: 0, count: termTotal)
        var sentenceFrequency = [Int32](repeating: 0, count: termTotal)
        var bagStarts = [0]
        bagStarts.reserveCapacity(sentences.count + 1)
        var bagTerms: [Int32] = []
        var bagCounts: [Int32] = []
        self.words = terms.withUnsafeBufferPointer { terms in
            [Int32](unsafeUninitializedCapacity: wordTotal) { sequence, initialized in
                bagTerms = [Int32](unsafeUninitializedCapacity: wordTotal) { bagTerms, bagTotal in
                    bagCounts = [Int32](unsafeUninitializedCapacity: wordTotal) { bagCounts, countTotal in
                        frequency.withUnsafeMutableBufferPointer { frequency in
                            sentenceFrequency.withUnsafeMutableBufferPointer { sentenceFrequency in
                                bagTotal = 0
                                var start = 0
                                for sentence in 1..<wordStarts.count {
                                    let end = wordStarts[sentence]
                                    var sortedCount = 0
                                    for index in start..<end {
                                        let term = terms[index].id
                                        sequence[index] = term
                                        if term >= 0 {
                                            frequency[Int(term)] &+= 1
                                            sorted[sortedCount] = term
                                            sortedCount &+= 1
                                        }
                                    }
                                    start = end
                                    // The bag: the sentence's terms sorted, runs of one term counted.
                                    let terms = UnsafeMutableBufferPointer(rebasing: sorted[0..<sortedCount])
                                    Self.sort(terms)
                                    var index = 0
                                    while index < sortedCount {
                                        let term = terms[index]
                                        var end = index &+ 1
                                        while end < sortedCount && terms[end] == term { end &+= 1 }
                                        bagTerms[bagTotal] = term
                                        bagCounts[bagTotal] = Int32(truncatingIfNeeded: end &- index)
                                        bagTotal &+= 1
                                        sentenceFrequency[Int(term)] &+= 1
                                        index = end
                                    }
                                    bagStarts.append(bagTotal)
                                }
                                countTotal = bagTotal
                            }
                        }
                    }
                }
                initialized = wordTotal
            }
        }
        self.wordStarts = wordStarts
        self.bagStarts = bagStarts
        self.frequency = frequency
        self.sentenceFrequency = sentenceFrequency
        self.bagTerms = bagTerms
        self.bagCounts = bagCounts
    }

    /// The words within `sentences`, appending where each sentence's end among them to `starts`:
    /// `words` itself when no word falls outside every sentence.
    private static func wordsWithin(_ sentences: [Range<Int>], _ words: [Range<Int>], starts: inout [Int]) -> [Range<
        Int
    >] {
        var skipped: [Int] = []
        words.withUnsafeBufferPointer { words in
            var index = 0
            for sentence in sentences {
                while index < words.count && words[index].lowerBound < sentence.lowerBound {
                    skipped.append(index)
                    index &+= 1
                }
                while index < words.count && words[index].upperBound <= sentence.upperBound { index &+= 1 }
                starts.append(index &- skipped.count)
            }
            while index < words.count {
                skipped.append(index)
                index &+= 1
            }
        }
        guard !skipped.isEmpty else { return words }
        var inside: [Range<Int>] = []
        inside.reserveCapacity(words.count - skipped.count)
        var next = 0
        for (index, word) in words.enumerated() {
            if next < skipped.count && skipped[next] == index {
                next += 1
            } else {
                inside.append(word)
            }
        }
        return inside
    }

    /// Sorts a sentence's terms: by insertion when there are few (most sentences), which beats
    /// the standard library's sort on a dozen integers.
    private static func sort(_ terms: UnsafeMutableBufferPointer<Int32>) {
        guard terms.count <= 32 else {
            var terms = terms
            terms.sort()
            return
        }
        var index = 1
        while index < terms.count {
            let term = terms[index]
            var place = index
            while place > 0 && terms[place - 1] > term {
                terms[place] = terms[place - 1]
                place -= 1
            }
            terms[place] = term
            index += 1
        }
    }
}
