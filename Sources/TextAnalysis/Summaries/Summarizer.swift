internal import Foundation

/// Picks the sentences that best tell a document: an extractive summary, in document order.
///
/// Every method ranks only prose sentences (see `ProseFilter`: no titles, datelines, labels,
/// bylines or fragments), on the same terms (lowercased, stop words out, Porter stems):
///
/// - `textrank` (Mihalcea & Tarau 2004): a graph of sentences whose edges weigh the terms two
///   sentences share, each by its inverse sentence frequency, over the log of their lengths;
///   damped PageRank ranks it.
/// - `lexrank` (Erkan & Radev 2004): edges are the tf-idf cosine of two sentences where it reaches
///   `lexRankThreshold` (continuous LexRank); damped PageRank again.
/// - `frequency` (Luhn 1958): a sentence scores by its densest cluster of significant terms
///   (terms used at least twice), (significant terms)² / cluster span.
/// - `lead`: the first prose sentences, the classic news baseline.
///
/// News puts its point first, so the ranking methods multiply a sentence's centrality (scaled to
/// at most 1) by a position prior, `1 + position · exp(−p / positionDecay)`, where p counts prose
/// sentences from 0: with the defaults (2, 5) the first prose sentence weighs 3, the sixth 1.74,
/// the eleventh 1.27. `position: 0` turns it off; `lead` ignores it. The defaults were tuned on
/// the tune part of the scored test set (Tests/TextAnalysisTests/Fixtures/summaries). Sentences
/// are then taken best first, skipping any whose tf-idf cosine with one already taken exceeds
/// `redundancy`, until the length is met.
///
/// - Complexity: O(n) to find terms, plus O(k²·t) for the graph of the k ≤ `maxGraphSentences`
///   candidate sentences of t terms each, and O(k²·i) for i PageRank iterations. A longer
///   document (a book chapter) keeps its `maxGraphSentences` best sentences by `frequency` score
///   and position first, so its cost stays linear beyond that bound.
public struct Summarizer: Sendable {
    /// How sentences are ranked.
    public enum Method: String, Sendable, CaseIterable {
        case textrank, lexrank, frequency, lead
    }

    /// How long the summary is.
    public enum Length: Sendable, Equatable {
        /// This many sentences.
        case sentences(Int)
        /// This share of the document's sentences (at least one).
        case ratio(Double)
        /// As many sentences as fit in this many words.
        case maxWords(Int)
    }

    /// One chosen sentence.
    public struct Choice: Sendable, Hashable {
        /// Its position in the document's sentence list.
        public var index: Int
        /// Its bytes in the text.
        public var range: Range<Int>
        /// Its final score (centrality with the position prior); higher ranks first.
        public var score: Double
    }

    public var method: Method
    public var length: Length
    /// Weight of the news position prior; 0 turns it off.
    public var position: Double
    /// How many prose sentences the prior takes to fall by a factor e.
    public var positionDecay: Double
    /// Greatest tf-idf cosine a chosen sentence may have with another chosen one.
    public var redundancy: Double
    /// Sentences with fewer words are never chosen.
    public var minWords: Int
    /// Most sentences in a ranking graph; longer documents keep their best candidates first.
    public var maxGraphSentences: Int
    /// PageRank's damping factor.
    public var damping: Double
    /// Least cosine for a LexRank edge.
    public var lexRankThreshold: Double
    public var stopWords: StopWords

    public init(
        method: Method = .textrank, length: Length = .sentences(3), position: Double = 2.0,
        positionDecay: Double = 5, redundancy: Double = 0.5, minWords: Int = 6, maxGraphSentences: Int = 200,
        damping: Double = 0.85, lexRankThreshold: Double = 0.1, stopWords: StopWords = .english
    ) {
        self.method = method
        self.length = length
        self.position = position
        self.positionDecay = positionDecay
        self.redundancy = redundancy
        self.minWords = minWords
        self.maxGraphSentences = maxGraphSentences
        self.damping = damping
        self.lexRankThreshold = lexRankThreshold
        self.stopWords = stopWords
    }

    /// The summary of `text`, given its sentences and (if known) its word and number tokens and title.
    public func summarize(
        _ text: String, sentences: [Range<Int>], words: [Range<Int>]? = nil, title: String? = nil
    ) -> [Choice] {
        guard !sentences.isEmpty else { return [] }
        let words =
            words ?? Tokenizer().tokenize(text).filter { $0.kind == .word || $0.kind == .number }.map(\.range)
        let terms = SentenceTerms(text: text, sentences: sentences, words: words, stopWords: stopWords)
        let filter = ProseFilter(minWords: minWords, title: title)
        var candidates: [Int] = []
        for (index, range) in sentences.enumerated() where !terms.bags[index].isEmpty {
            if filter.reason(text.utf8Slice(range), wordCount: terms.wordCount(index)) == nil {
                candidates.append(index)
            }
        }
        guard !candidates.isEmpty else { return [] }
        let idf = inverseSentenceFrequency(terms, sentenceCount: candidates.count)
        // The prior by prose position, before any pre-selection changes positions.
        var prior = [Double](repeating: 1, count: sentences.count)
        for (rank, index) in candidates.enumerated() {
            prior[index] = 1 + position * exp(-Double(rank) / max(positionDecay, 0.01))
        }
        if method != .lead && method != .frequency && candidates.count > maxGraphSentences {
            candidates = preselect(candidates, terms: terms, prior: prior)
        }
        let centrality: [Double]
        switch method {
        case .lead: centrality = candidates.indices.map { 1 / Double($0 + 1) }
        case .frequency: centrality = candidates.map { luhnScore(terms.sequences[$0], terms: terms) }
        case .textrank: centrality = pageRank(textRankGraph(candidates, terms: terms, idf: idf))
        case .lexrank: centrality = pageRank(lexRankGraph(candidates, terms: terms, idf: idf))
        }
        let top = centrality.max() ?? 0
        var scored: [(index: Int, score: Double)] = []
        for (slot, index) in candidates.enumerated() {
            let central = top > 0 ? centrality[slot] / top : 0
            scored.append((index, method == .lead ? central : central * prior[index]))
        }
        scored.sort { $0.score != $1.score ? $0.score > $1.score : $0.index < $1.index }
        return select(scored, sentences: sentences, terms: terms, idf: idf)
    }

    // MARK: - Selection

    private func select(
        _ ranked: [(index: Int, score: Double)], sentences: [Range<Int>], terms: SentenceTerms, idf: [Double]
    ) -> [Choice] {
        var chosen: [Choice] = []
        var words = 0
        let wanted: Int
        switch length {
        case .sentences(let count): wanted = max(0, count)
        case .ratio(let share): wanted = max(1, Int((share * Double(sentences.count)).rounded()))
        case .maxWords: wanted = Int.max
        }
        // Best first; `closest` is each candidate's greatest cosine with a sentence already picked.
        var remaining = ranked
        var closest = [Double](repeating: 0, count: ranked.count)
        while chosen.count < wanted && !remaining.isEmpty {
            var best = -1
            var bestValue = -Double.infinity
            for (slot, candidate) in remaining.enumerated() {
                if case .maxWords(let limit) = length, words + terms.wordCount(candidate.index) > limit { continue }
                if method != .lead && closest[slot] > redundancy { continue }
                if candidate.score > bestValue {
                    bestValue = candidate.score
                    best = slot
                }
            }
            guard best >= 0 else { break }
            let (index, score) = remaining.remove(at: best)
            closest.remove(at: best)
            chosen.append(Choice(index: index, range: sentences[index], score: score))
            words += terms.wordCount(index)
            if method != .lead {
                for (slot, candidate) in remaining.enumerated() {
                    closest[slot] = max(closest[slot], cosine(terms.bags[index], terms.bags[candidate.index], idf: idf))
                }
            }
        }
        return chosen.sorted { $0.index < $1.index }
    }

    // MARK: - Terms

    /// log(N / sf) + 1 per term, over the N candidate sentences.
    private func inverseSentenceFrequency(_ terms: SentenceTerms, sentenceCount: Int) -> [Double] {
        let count = Double(max(sentenceCount, 1))
        return terms.sentenceFrequency.map { 1 + log(count / Double(max($0, 1))) }
    }

    /// The tf-idf cosine of two bags.
    func cosine(_ a: [SentenceTerms.Entry], _ b: [SentenceTerms.Entry], idf: [Double]) -> Double {
        var dot = 0.0
        var i = 0
        var j = 0
        while i < a.count && j < b.count {
            if a[i].term == b[j].term {
                let w = idf[Int(a[i].term)]
                dot += Double(a[i].count) * Double(b[j].count) * w * w
                i += 1
                j += 1
            } else if a[i].term < b[j].term {
                i += 1
            } else {
                j += 1
            }
        }
        guard dot > 0 else { return 0 }
        return dot / (norm(a, idf: idf) * norm(b, idf: idf))
    }

    private func norm(_ bag: [SentenceTerms.Entry], idf: [Double]) -> Double {
        var sum = 0.0
        for entry in bag {
            let w = Double(entry.count) * idf[Int(entry.term)]
            sum += w * w
        }
        return sum.squareRoot()
    }

    // MARK: - Luhn

    /// The densest cluster of significant terms (used twice or more in the document): significant
    /// terms squared over the cluster's span in words, clusters broken by more than 4 other words.
    private func luhnScore(_ sequence: [Int32], terms: SentenceTerms) -> Double {
        var best = 0.0
        var start = -1
        var last = -1
        var significant = 0
        func close() {
            if start >= 0 { best = max(best, Double(significant * significant) / Double(last - start + 1)) }
        }
        for (position, term) in sequence.enumerated() where term >= 0 && terms.frequency[Int(term)] >= 2 {
            if start >= 0 && position - last > 5 {
                close()
                start = -1
            }
            if start < 0 {
                start = position
                significant = 0
            }
            significant += 1
            last = position
        }
        close()
        return best
    }

    /// The `maxGraphSentences` candidates with the best Luhn score times the prior, in document order.
    private func preselect(_ candidates: [Int], terms: SentenceTerms, prior: [Double]) -> [Int] {
        let scored = candidates.map { ($0, (luhnScore(terms.sequences[$0], terms: terms) + 1) * prior[$0]) }
        let kept = scored.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(maxGraphSentences)
        return kept.map(\.0).sorted()
    }

    // MARK: - Graphs

    /// A symmetric weighted graph as adjacency lists.
    typealias Graph = [[(node: Int, weight: Double)]]

    /// Pairs of candidates that share a term, found through an inverted index: O(Σ sf²) pairs, at
    /// most k².
    private func sharedPairs(_ candidates: [Int], terms: SentenceTerms, body: (Int, Int) -> Void) {
        var postings = [[Int32]](repeating: [], count: terms.termCount)
        for (slot, index) in candidates.enumerated() {
            for entry in terms.bags[index] { postings[Int(entry.term)].append(Int32(slot)) }
        }
        var seen = [Int32](repeating: -1, count: candidates.count)
        for (slot, index) in candidates.enumerated() {
            for entry in terms.bags[index] {
                for other in postings[Int(entry.term)] where other > slot && seen[Int(other)] != Int32(slot) {
                    seen[Int(other)] = Int32(slot)
                    body(slot, Int(other))
                }
            }
        }
    }

    /// Edges weigh Σ min(count) · idf over the terms two sentences share, over the sum of the logs
    /// of their lengths; the sums accumulate through an inverted index, so only pairs that share a
    /// term cost anything: O(Σ sf²) for the sentence frequencies sf of the terms, at most k² · t.
    private func textRankGraph(_ candidates: [Int], terms: SentenceTerms, idf: [Double]) -> Graph {
        let k = candidates.count
        var graph = Graph(repeating: [], count: k)
        let lengths = candidates.map { log(1 + Double(terms.bags[$0].reduce(0) { $0 + Int($1.count) })) }
        var postings = [[(slot: Int32, count: Int32)]](repeating: [], count: terms.termCount)
        for (slot, index) in candidates.enumerated() {
            for entry in terms.bags[index] { postings[Int(entry.term)].append((Int32(slot), entry.count)) }
        }
        var shared = [Double](repeating: 0, count: k)
        var touched: [Int] = []
        for (a, index) in candidates.enumerated() {
            for entry in terms.bags[index] {
                let weight = idf[Int(entry.term)]
                for (other, count) in postings[Int(entry.term)] where Int(other) > a {
                    let b = Int(other)
                    if shared[b] == 0 { touched.append(b) }
                    shared[b] += Double(min(entry.count, count)) * weight
                }
            }
            for b in touched {
                let weight = shared[b] / max(lengths[a] + lengths[b], 1e-9)
                graph[a].append((b, weight))
                graph[b].append((a, weight))
                shared[b] = 0
            }
            touched.removeAll(keepingCapacity: true)
        }
        return graph
    }

    private func lexRankGraph(_ candidates: [Int], terms: SentenceTerms, idf: [Double]) -> Graph {
        var graph = Graph(repeating: [], count: candidates.count)
        sharedPairs(candidates, terms: terms) { a, b in
            let weight = cosine(terms.bags[candidates[a]], terms.bags[candidates[b]], idf: idf)
            if weight >= lexRankThreshold {
                graph[a].append((b, weight))
                graph[b].append((a, weight))
            }
        }
        return graph
    }

    /// Damped PageRank on a weighted graph; a node without edges keeps the teleport share.
    ///
    /// The walk starts from each node's share of the total edge weight, where an undamped walk on a
    /// symmetric graph settles, so it converges in about twenty iterations on news.
    ///
    /// - Complexity: O(e) per iteration for e edges, at most 50 iterations (stops when the scores
    ///   move less than 1e-5 in total).
    func pageRank(_ graph: Graph) -> [Double] {
        let n = graph.count
        guard n > 0 else { return [] }
        let outWeight = graph.map { $0.reduce(0) { $0 + $1.weight } }
        let total = outWeight.reduce(0, +)
        // Incoming edges, flattened: node a's sources are sources[offsets[a]..<offsets[a + 1]], each
        // with the share of its rank that flows to a.
        var offsets = [0]
        var sources: [Int] = []
        var shares: [Double] = []
        offsets.reserveCapacity(n + 1)
        for edges in graph {
            for (other, weight) in edges where outWeight[other] > 0 {
                sources.append(other)
                shares.append(weight / outWeight[other])
            }
            offsets.append(sources.count)
        }
        let teleport = (1 - damping) / Double(n)
        var rank = outWeight.map { total > 0 ? teleport + damping * $0 / total : 1 / Double(n) }
        var next = rank
        for _ in 0..<50 {
            var delta = 0.0
            rank.withUnsafeBufferPointer { current in
                next.withUnsafeMutableBufferPointer { next in
                    for a in 0..<n {
                        var sum = 0.0
                        for edge in offsets[a]..<offsets[a + 1] { sum += shares[edge] * current[sources[edge]] }
                        next[a] = teleport + damping * sum
                        delta += abs(next[a] - current[a])
                    }
                }
            }
            swap(&rank, &next)
            if delta < 1e-5 { break }
        }
        return rank
    }
}
