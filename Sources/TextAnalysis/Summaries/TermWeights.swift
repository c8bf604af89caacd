internal import Foundation

/// Inverse sentence frequencies, and each candidate sentence's tf-idf norm, computed once per
/// document.
struct TermWeights {
    /// log(N / sf) + 1 per term, over the N candidate sentences.
    let idf: [Double]
    /// Per sentence, the length of its tf-idf vector (0 for a sentence that is no candidate).
    private let norms: [Double]

    /// The weights of `terms` over the `candidates` (sentence indices).
    init(_ terms: SentenceTerms, candidates: [Int]) {
        let count = Double(max(candidates.count, 1))
        // Terms share few sentence frequencies: one logarithm for each.
        var bySentenceFrequency: [Double] = [0]
        let idf = terms.sentenceFrequency.map { frequency in
            let frequency = Int(max(frequency, 1))
            while bySentenceFrequency.count <= frequency {
                bySentenceFrequency.append(1 + log(count / Double(bySentenceFrequency.count)))
            }
            return bySentenceFrequency[frequency]
        }
        let sentences = terms.bagStarts.count - 1
        norms = terms.withBags { bagStarts, bagTerms, bagCounts in
            idf.withUnsafeBufferPointer { idf in
                [Double](unsafeUninitializedCapacity: sentences) { norms, initialized in
                    norms.initialize(repeating: 0)
                    for sentence in candidates {
                        var sum = 0.0
                        for entry in bagStarts[sentence]..<bagStarts[sentence + 1] {
                            let w = Double(bagCounts[entry]) * idf[Int(bagTerms[entry])]
                            sum += w * w
                        }
                        norms[sentence] = sum.squareRoot()
                    }
                    initialized = sentences
                }
            }
        }
        self.idf = idf
    }

    /// The tf-idf cosines of sentence `a` with each of `others`: a's counts are spread over an
    /// array of every term once, so each other sentence costs one pass over its own terms.
    func cosines(of a: Int, with others: [Int], _ terms: SentenceTerms) -> [Double] {
        let dense = UnsafeMutableBufferPointer<Int32>.allocate(capacity: max(idf.count, 1))
        defer { dense.deallocate() }
        dense.initialize(repeating: 0)
        return terms.withBags { bagStarts, bagTerms, bagCounts in
            idf.withUnsafeBufferPointer { idf in
                norms.withUnsafeBufferPointer { norms in
                    for entry in bagStarts[a]..<bagStarts[a + 1] { dense[Int(bagTerms[entry])] = bagCounts[entry] }
                    return others.map { b in
                        // Shared terms in ascending order, as a merge of the two bags would meet them.
                        var dot = 0.0
                        for entry in bagStarts[b]..<bagStarts[b + 1] {
                            let term = Int(bagTerms[entry])
                            let count = dense[term]
                            guard count != 0 else { continue }
                            let w = idf[term]
                            dot += Double(count) * Double(bagCounts[entry]) * w * w
                        }
                        return dot > 0 ? dot / (norms[a] * norms[b]) : 0
                    }
                }
            }
        }
    }
}
