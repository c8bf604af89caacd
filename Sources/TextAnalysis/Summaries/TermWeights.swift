internal import Foundation

/// Inverse sentence frequencies, and each sentence's tf-idf norm, computed once per document.
struct TermWeights {
    /// log(N / sf) + 1 per term, over the N candidate sentences.
    let idf: [Double]
    /// Per sentence, the length of its tf-idf vector.
    private let norms: [Double]

    init(_ terms: SentenceTerms, sentenceCount: Int) {
        let count = Double(max(sentenceCount, 1))
        // Terms share few sentence frequencies: one logarithm for each.
        var bySentenceFrequency: [Double] = [0]
        let idf = terms.sentenceFrequency.map { frequency in
            let frequency = Int(max(frequency, 1))
            while bySentenceFrequency.count <= frequency {
                bySentenceFrequency.append(1 + log(count / Double(bySentenceFrequency.count)))
            }
            return bySentenceFrequency[frequency]
        }
        var norms: [Double] = []
        norms.reserveCapacity(terms.bagStarts.count - 1)
        for sentence in 0..<(terms.bagStarts.count - 1) {
            var sum = 0.0
            for entry in terms.bag(sentence) {
                let w = Double(terms.bagCounts[entry]) * idf[Int(terms.bagTerms[entry])]
                sum += w * w
            }
            norms.append(sum.squareRoot())
        }
        self.idf = idf
        self.norms = norms
    }

    /// The tf-idf cosines of sentence `a` with each of `others`: a's counts are spread over an
    /// array of every term once, so each other sentence costs one pass over its own terms.
    func cosines(of a: Int, with others: [Int], _ terms: SentenceTerms) -> [Double] {
        var dense = [Int32](repeating: 0, count: idf.count)
        for entry in terms.bag(a) { dense[Int(terms.bagTerms[entry])] = terms.bagCounts[entry] }
        return others.map { b in
            // Shared terms in ascending order, as a merge of the two bags would meet them.
            var dot = 0.0
            for entry in terms.bag(b) {
                let term = Int(terms.bagTerms[entry])
                let count = dense[term]
                guard count != 0 else { continue }
                let w = idf[term]
                dot += Double(count) * Double(terms.bagCounts[entry]) * w * w
            }
            return dot > 0 ? dot / (norms[a] * norms[b]) : 0
        }
    }
}
