internal import Foundation

/// A document's candidate key phrases (see `KeyPhrases`), grouped by their stems and ranked.
///
/// Every word, run and candidate lives in a flat array: a piece of a run is a range of word
/// indices, a candidate is found by a hash of its stem ids, and only the phrases returned have
/// their spellings compared and turned into strings.
struct PhraseCandidates {
    /// A word of a run: its bytes, its term (the document's id for its stem) and its case.
    private struct Word {
        var range: Range<Int>
        var term: Int32
        var capitalised: Bool
        var sentenceStart: Bool
    }

    /// Words `start..<end` of `words`, from sentence `sentence`; `next` is the next piece of the
    /// same candidate, or -1.
    private struct Piece {
        var start: Int32
        var end: Int32
        var sentence: Int32
        var next: Int32 = -1
    }

    /// Pieces with the same stems. Pieces run in document order, so its first piece is also its
    /// first sentence's and its order of first use.
    private struct Candidate {
        var first: Int32
        var last: Int32
        var occurrences: Int32
        var weight: Double
        var score = 0.0
    }

    private let words: [Word]
    private let pieces: [Piece]
    private let candidates: [Candidate]

    /// The candidates of `sentences` of `text` (whose bytes are `bytes`), from its `tokens`;
    /// `skipped` sentences (datelines, bylines) give none but count toward word frequencies and
    /// letter case. The words' terms come from `cache`.
    ///
    /// The loops write into arrays and buffers sized for the worst case (every token a word, a
    /// term and a piece): no growth, no uniqueness checks per word.
    init(
        _ bytes: UnsafeBufferPointer<UInt8>, text: String, sentences: [Range<Int>], tokens: [Tokenizer.Token],
        skipped: [Bool], maxWords: Int, cache: TermCache
    ) {
        let capacity = max(tokens.count, 1)
        // Each sentence's tokens (those from its start that end by its end), and its word and
        // number tokens, read as `summarize` reads them, so that the second of the two stages takes
        // the first one's reading; a possessive word is looked up without its "'s" besides.
        let spans = UnsafeMutableBufferPointer<Range<Int>>.allocate(capacity: max(sentences.count, 1))
        let runs = UnsafeMutableBufferPointer<Piece>.allocate(capacity: capacity)
        defer {
            spans.deallocate()
            runs.deallocate()
        }
        // The possessive words: their tokens, and their bytes without "'s".
        var possessiveTokens: [Int] = []
        var possessives: [Range<Int>] = []
        let read = tokens.withUnsafeBufferPointer { tokens in
            [Range<Int>](unsafeUninitializedCapacity: capacity) { read, count in
                count = 0
                var index = 0
                for (sentence, range) in sentences.enumerated() {
                    while index < tokens.count && tokens[index].range.lowerBound < range.lowerBound { index &+= 1 }
                    let first = index
                    while index < tokens.count && tokens[index].range.upperBound <= range.upperBound {
                        let token = tokens[index]
                        if token.kind == .word || token.kind == .number {
                            read[count] = token.range
                            count &+= 1
                        }
                        if token.kind == .word {
                            let word = KeyPhrases.trimmingPossessive(bytes, token.range)
                            if word != token.range {
                                possessiveTokens.append(index)
                                possessives.append(word)
                            }
                        }
                        index &+= 1
                    }
                    spans[sentence] = first..<index
                }
            }
        }
        let (terms, termCount, possessiveTerms) = cache.withVocabulary(for: text) { vocabulary in
            let (terms, count) = vocabulary.read(read, of: text)
            return (terms, count, possessives.map { vocabulary.term(at: $0, of: bytes) })
        }
        // Per term, how often the document uses it (in phrase words), and its capitalised minus
        // lowercase uses away from a sentence's start.
        let idCount = max(termCount + possessives.count, 1)
        let frequency = UnsafeMutableBufferPointer<Int32>.allocate(capacity: idCount)
        let capitals = UnsafeMutableBufferPointer<Int32>.allocate(capacity: idCount)
        defer {
            frequency.deallocate()
            capitals.deallocate()
        }
        frequency.initialize(repeating: 0)
        capitals.initialize(repeating: 0)
        var runCount = 0
        let words = [Word](unsafeUninitializedCapacity: capacity) { words, wordCount in
            wordCount = 0
            var next = 0
            var possessive = 0
            let nextPossessive = { possessive < possessiveTokens.count ? possessiveTokens[possessive] : -1 }
            var possessiveToken = nextPossessive()
            tokens.withUnsafeBufferPointer { tokens in
                terms.withUnsafeBufferPointer { terms in
                    for sentence in sentences.indices {
                        let span = spans[sentence]
                        let keep = !skipped[sentence]
                        var runStart = wordCount
                        for index in span {
                            let token = tokens[index]
                            var term: Int32 = -1
                            var wordRange = token.range
                            if token.kind == .word || token.kind == .number {
                                var found = terms[next]
                                next &+= 1
                                if token.kind == .word {
                                    if index == possessiveToken {
                                        wordRange = possessives[possessive]
                                        found = possessiveTerms[possessive]
                                        possessive &+= 1
                                        possessiveToken = nextPossessive()
                                    }
                                    // A word needs a letter: "2020" and "1,000" are no phrase words.
                                    if found.hasLetter { term = found.id }
                                }
                            }
                            // The last token of the sentence ends its run too.
                            if term >= 0 {
                                let sentenceStart = index == span.lowerBound
                                frequency[Int(term)] &+= 1
                                let lead = bytes[wordRange.lowerBound]
                                let capitalised = UTF8Text.isUpper(lead) || (lead >= 0xC0 && !UTF8Text.isLower(lead))
                                if !sentenceStart { capitals[Int(term)] &+= capitalised ? 1 : -1 }
                                words[wordCount] = Word(
                                    range: wordRange, term: term, capitalised: capitalised, sentenceStart: sentenceStart
                                )
                                wordCount &+= 1
                                if index &+ 1 < span.upperBound { continue }
                            }
                            // The run ends: kept unless its sentence is skipped.
                            if wordCount > runStart {
                                if keep {
                                    runs[runCount] = Piece(
                                        start: Int32(truncatingIfNeeded: runStart),
                                        end: Int32(truncatingIfNeeded: wordCount),
                                        sentence: Int32(truncatingIfNeeded: sentence))
                                    runCount &+= 1
                                } else {
                                    wordCount = runStart
                                }
                            }
                            runStart = wordCount
                        }
                    }
                }
            }
            // A sentence's first word is capitalised if the word is elsewhere ("Trump"), not if it is not ("Escape").
            for run in runs[0..<runCount] where words[Int(run.start)].sentenceStart {
                let term = Int(words[Int(run.start)].term)
                if capitals[term] != 0 { words[Int(run.start)].capitalised = capitals[term] > 0 }
            }
        }
        // Cuts each run where its letter case changes ("Putin told Trump" is three pieces, "peace
        // talks" and "Saudi Arabia" one each), then keeps each piece's last `maxWords` words.
        let maxWords = Int32(clamping: max(1, maxWords))
        var candidates: [Candidate] = []
        pieces = words.withUnsafeBufferPointer { words in
            [Piece](unsafeUninitializedCapacity: max(words.count, 1)) { pieces, pieceCount in
                pieceCount = 0
                for run in runs[0..<runCount] {
                    var start = Int(run.start)
                    let end = Int(run.end)
                    var capitalised = words[start].capitalised
                    var index = start &+ 1
                    while true {
                        if index == end || words[index].capitalised != capitalised {
                            pieces[pieceCount] = Piece(
                                start: Int32(truncatingIfNeeded: max(start, index &- Int(maxWords))),
                                end: Int32(truncatingIfNeeded: index), sentence: run.sentence)
                            pieceCount &+= 1
                            if index == end { break }
                            start = index
                            capitalised = words[index].capitalised
                        }
                        index &+= 1
                    }
                }
                candidates = Self.group(
                    UnsafeMutableBufferPointer(rebasing: pieces[0..<pieceCount]), words, UnsafeBufferPointer(frequency))
            }
        }
        self.words = words
        self.candidates = candidates
    }

    /// Groups the pieces by their stems into candidates, in order of first use, linking each
    /// candidate's pieces, and scores them.
    private static func group(
        _ pieces: UnsafeMutableBufferPointer<Piece>, _ words: UnsafeBufferPointer<Word>,
        _ frequency: UnsafeBufferPointer<Int32>
    ) -> [Candidate] {
        // A piece of one word (most) finds its candidate by its term; a longer one by a hash of
        // its terms.
        let single = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(frequency.count, 1))
        var size = 16
        while size < pieces.count * 2 { size <<= 1 }
        let mask = size - 1
        let slots = UnsafeMutableBufferPointer<Int32>.allocate(capacity: size)
        defer {
            single.deallocate()
            slots.deallocate()
        }
        single.initialize(repeating: -1)
        slots.initialize(repeating: -1)
        var candidates = [Candidate](unsafeUninitializedCapacity: pieces.count) { candidates, count in
            count = 0
            for position in pieces.indices {
                let piece = pieces[position]
                let start = Int(piece.start)
                let end = Int(piece.end)
                let found: Int32
                if end - start == 1 {
                    let term = Int(words[start].term)
                    found = single[term]
                    if found < 0 { single[term] = Int32(truncatingIfNeeded: count) }
                } else {
                    var hash: UInt64 = 0
                    for index in start..<end {
                        hash = (hash ^ UInt64(UInt32(bitPattern: words[index].term))) &* 0x9E37_79B9_7F4A_7C15
                    }
                    var slot = Int(truncatingIfNeeded: hash >> 40) & mask
                    while slots[slot] >= 0 {
                        let key = pieces[Int(candidates[Int(slots[slot])].first)]
                        if key.end - key.start == piece.end - piece.start
                            && (0..<(end - start)).allSatisfy({
                                words[Int(key.start) + $0].term == words[start + $0].term
                            })
                        {
                            break
                        }
                        slot = (slot + 1) & mask
                    }
                    found = slots[slot]
                    if found < 0 { slots[slot] = Int32(truncatingIfNeeded: count) }
                }
                if found < 0 {
                    var sum = 0.0
                    for index in start..<end { sum = sum + Double(frequency[Int(words[index].term)]) }
                    let weight = sum / Double(end - start)
                    candidates.initializeElement(
                        at: count,
                        to: Candidate(
                            first: Int32(truncatingIfNeeded: position), last: Int32(truncatingIfNeeded: position),
                            occurrences: 1, weight: weight * (end - start > 1 ? 1.5 : 1)))
                    count += 1
                } else {
                    let candidate = Int(found)
                    pieces[Int(candidates[candidate].last)].next = Int32(truncatingIfNeeded: position)
                    candidates[candidate].last = Int32(truncatingIfNeeded: position)
                    candidates[candidate].occurrences += 1
                }
            }
        }
        candidates.withUnsafeMutableBufferPointer { candidates in
            for index in candidates.indices {
                let candidate = candidates[index]
                // log(1) is 0: most candidates occur once.
                let logOccurrences = candidate.occurrences == 1 ? 0 : log(Double(candidate.occurrences))
                let firstSentence = Double(pieces[Int(candidate.first)].sentence)
                candidates[index].score = candidate.weight * (1 + logOccurrences) * (1 + 0.5 / (1 + firstSentence / 5))
            }
        }
        return candidates
    }

    /// Whether candidate `a` ranks before `b`: higher score, then first used earlier.
    private func ranksBefore(_ a: Int, _ b: Int) -> Bool {
        candidates[a].score != candidates[b].score
            ? candidates[a].score > candidates[b].score : candidates[a].first < candidates[b].first
    }

    /// The `count` best phrases, best first, each in its most used spelling, scored against the best.
    ///
    /// - Complexity: O(c · count) for c candidates, and a pass over the chosen ones' pieces for the
    ///   spellings.
    func best(_ count: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> [KeyPhrases.Phrase] {
        let wanted = max(0, count)
        guard wanted > 0 else { return [] }
        var top: [Int] = []
        top.reserveCapacity(wanted + 1)
        for candidate in candidates.indices {
            if top.count == wanted && !ranksBefore(candidate, top[top.count - 1]) { continue }
            let place = top.firstIndex { ranksBefore(candidate, $0) } ?? top.count
            top.insert(candidate, at: place)
            if top.count > wanted { top.removeLast() }
        }
        guard let first = top.first else { return [] }
        let topScore = candidates[first].score
        return top.map { candidate in
            // The candidate's distinct spellings, in order of first use, with their weights.
            var spellings: [(range: Range<Int>, weight: Int)] = []
            var index = Int(candidates[candidate].first)
            while index >= 0 {
                let piece = pieces[index]
                index = Int(piece.next)
                let range = words[Int(piece.start)].range.lowerBound..<words[Int(piece.end) - 1].range.upperBound
                // A capital that only opens the sentence says nothing about the spelling.
                let opening = words[Int(piece.start)]
                let weight = opening.sentenceStart && opening.capitalised && piece.end - piece.start == 1 ? 1 : 2
                if let known = spellings.firstIndex(where: { bytes[$0.range].elementsEqual(bytes[range]) }) {
                    spellings[known].weight += weight
                } else {
                    spellings.append((range, weight))
                }
            }
            // The most used spelling; on a tie, the first seen.
            var best = spellings[0]
            for spelling in spellings.dropFirst() where spelling.weight > best.weight { best = spelling }
            var text = String(decoding: UnsafeBufferPointer(rebasing: bytes[best.range]), as: UTF8.self)
            if bytes[best.range].contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
                text = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            }
            return KeyPhrases.Phrase(text: text, score: candidates[candidate].score / topScore)
        }
    }
}
