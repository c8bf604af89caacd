internal import Foundation

/// Finds a document's key phrases: "Ukraine", "peace talks", "Saudi Arabia".
///
/// Candidates are the maximal runs of words within a sentence that are neither stop words nor
/// numbers, broken by punctuation and where the letter case changes (so "Saudi Arabia" and "peace
/// talks" stay whole while "talks with Putin" and "Putin told Trump" fall apart); a run longer than
/// `maxWords` keeps its last words (a name ends in the surname, a noun phrase in its head).
/// Phrases with the same stems are one phrase, shown in their most frequent spelling.
///
/// A phrase scores the mean frequency of its words in the document (stemmed), times 1.5 for a
/// phrase of several words, times `1 + ln(occurrences)`, times `1 + 0.5 / (1 + s/5)` for the sentence s it first appears in (the
/// title and lead name the topic); scores are scaled so the best is 1. Datelines and bylines are
/// skipped; the title counts.
///
/// - Complexity: O(n) in the text's length, plus the stemming of each distinct word once.
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
        var skipped = Set<Int>()
        for (index, range) in sentences.enumerated() {
            let reason = filter.reason(text.utf8Slice(range), wordCount: 0)
            if reason == .dateline || reason == .byline { skipped.insert(index) }
        }
        var text = text
        return text.withUTF8 { bytes in
            rank(runs(bytes, sentences: sentences, tokens: tokens, skipped: skipped), bytes)
        }
    }

    /// A word of a candidate: its bytes, its term (stem id) and whether it is capitalised.
    struct Word {
        var range: Range<Int>
        var term: Int32
        var capitalised: Bool
        var sentenceStart: Bool
    }

    /// The candidate runs, each with the sentence it is in; `stems` maps term ids to stems.
    private func runs(
        _ bytes: UnsafeBufferPointer<UInt8>, sentences: [Range<Int>], tokens: [Tokenizer.Token], skipped: Set<Int>
    ) -> (runs: [(words: [Word], sentence: Int)], frequency: [Int32]) {
        var table = WordTable(capacity: max(64, tokens.count / 3))
        var stemIDs = IDMap(capacity: max(64, tokens.count / 4))
        var frequency: [Int32] = []
        let cache = TermCache.for(stopWords, PorterStemmer())
        var runs: [(words: [Word], sentence: Int)] = []
        // Per term, capitalised minus lowercase uses away from a sentence's start.
        var capitals: [Int32] = []
        var tokenIndex = 0
        for (sentence, range) in sentences.enumerated() {
            while tokenIndex < tokens.count && tokens[tokenIndex].range.lowerBound < range.lowerBound {
                tokenIndex += 1
            }
            var run: [Word] = []
            var first = true
            func close() {
                if !run.isEmpty && !skipped.contains(sentence) { runs.append((run, sentence)) }
                run.removeAll()
            }
            while tokenIndex < tokens.count && tokens[tokenIndex].range.upperBound <= range.upperBound {
                var token = tokens[tokenIndex]
                tokenIndex += 1
                defer { first = false }
                token.range = Self.trimmingPossessive(bytes, token.range)
                guard token.kind == .word else {
                    close()
                    continue
                }
                let term = table.value(bytes, token.range) { range, hash in
                    // A word needs a letter: "2020" and "1,000" are no phrase words.
                    guard bytes[range].contains(where: { UTF8Text.isASCIILetter($0) || $0 >= 0xC0 }) else { return -1 }
                    let stem = cache.term(bytes, range, hash: hash)
                    guard stem >= 0 else { return -1 }
                    if let id = stemIDs.value(stem) { return id }
                    let id = Int32(frequency.count)
                    stemIDs.insert(stem, id)
                    frequency.append(0)
                    return id
                }
                guard term >= 0 else {
                    close()
                    continue
                }
                frequency[Int(term)] += 1
                let lead = bytes[token.range.lowerBound]
                let capitalised = UTF8Text.isUpper(lead) || (lead >= 0xC0 && !UTF8Text.isLower(lead))
                if !first {
                    if Int(term) >= capitals.count {
                        capitals += [Int32](repeating: 0, count: Int(term) + 1 - capitals.count)
                    }
                    capitals[Int(term)] += capitalised ? 1 : -1
                }
                run.append(Word(range: token.range, term: term, capitalised: capitalised, sentenceStart: first))
            }
            close()
        }
        // A sentence's first word is capitalised if the word is elsewhere ("Trump"), not if it is not ("Escape").
        for run in runs.indices where runs[run].words[0].sentenceStart {
            let term = Int(runs[run].words[0].term)
            if term < capitals.count && capitals[term] != 0 { runs[run].words[0].capitalised = capitals[term] > 0 }
        }
        return (runs.flatMap { run in split(run.words).map { ($0, run.sentence) } }, frequency)
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

    /// Cuts a run where its letter case changes ("Putin told Trump" is three candidates, "peace
    /// talks" and "Saudi Arabia" one each), then keeps each piece's last `maxWords` words.
    private func split(_ run: [Word]) -> [[Word]] {
        guard run.count > 1 else { return [run] }
        var pieces: [[Word]] = [[]]
        for word in run {
            if let last = pieces[pieces.count - 1].last, last.capitalised != word.capitalised {
                pieces.append([])
            }
            pieces[pieces.count - 1].append(word)
        }
        return pieces.map { Array($0.suffix(maxWords)) }
    }

    private func rank(
        _ found: (runs: [(words: [Word], sentence: Int)], frequency: [Int32]), _ bytes: UnsafeBufferPointer<UInt8>
    ) -> [Phrase] {
        struct Candidate {
            var occurrences = 0
            var firstSentence = Int.max
            var weight = 0.0
            /// Each distinct spelling's bytes and its weight.
            var spellings: [(range: Range<Int>, weight: Int)] = []
            var order = 0
            var score = 0.0
        }
        var slots: [[Int32]: Int] = [:]
        var candidates: [Candidate] = []
        for (position, (words, sentence)) in found.runs.enumerated() {
            let key = words.map(\.term)
            let slot: Int
            if let known = slots[key] {
                slot = known
            } else {
                slot = candidates.count
                slots[key] = slot
                let weight = key.reduce(0) { $0 + Double(found.frequency[Int($1)]) } / Double(key.count)
                candidates.append(Candidate(weight: weight * (key.count > 1 ? 1.5 : 1), order: position))
            }
            candidates[slot].occurrences += 1
            candidates[slot].firstSentence = min(candidates[slot].firstSentence, sentence)
            let range = words[0].range.lowerBound..<words[words.count - 1].range.upperBound
            // A capital that only opens the sentence says nothing about the spelling.
            let weight = words[0].sentenceStart && words[0].capitalised && words.count == 1 ? 1 : 2
            if let known = candidates[slot].spellings.firstIndex(where: { bytes[$0.range].elementsEqual(bytes[range]) })
            {
                candidates[slot].spellings[known].weight += weight
            } else {
                candidates[slot].spellings.append((range, weight))
            }
        }
        for slot in candidates.indices {
            let candidate = candidates[slot]
            candidates[slot].score =
                candidate.weight * (1 + log(Double(candidate.occurrences)))
                * (1 + 0.5 / (1 + Double(candidate.firstSentence) / 5))
        }
        candidates.sort { $0.score != $1.score ? $0.score > $1.score : $0.order < $1.order }
        let top = candidates.first?.score ?? 1
        return candidates.prefix(max(0, count)).map { candidate in
            // The most used spelling; on a tie, the first seen.
            var best = candidate.spellings[0]
            for spelling in candidate.spellings.dropFirst() where spelling.weight > best.weight { best = spelling }
            var text = String(decoding: UnsafeBufferPointer(rebasing: bytes[best.range]), as: UTF8.self)
            if bytes[best.range].contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
                text = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            }
            return Phrase(text: text, score: candidate.score / top)
        }
    }
}
