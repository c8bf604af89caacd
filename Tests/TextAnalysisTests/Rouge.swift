import TextAnalysis

/// ROUGE-1, ROUGE-2 and ROUGE-L F1 as Google's `rouge-score` computes them with
/// `use_stemmer=True`: lowercase, every run of characters other than `a`–`z` and `0`–`9` a space,
/// tokens longer than three characters Porter-stemmed (NLTK's default variant), n-gram overlap
/// counted with multiplicity, ROUGE-L from the longest common subsequence of the whole texts.
/// (Python's `lower()` also folds a few non-ASCII capitals to ASCII, "İ" and "K"; here every
/// non-ASCII character is a separator.)
struct Rouge {
    struct Score: CustomStringConvertible {
        var rouge1: Double
        var rouge2: Double
        var rougeL: Double
        var description: String { "R1 \(format(rouge1))  R2 \(format(rouge2))  RL \(format(rougeL))" }
    }

    static let stemmer = PorterStemmer(mode: .nltk)

    static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current: [UInt8] = []
        func flush() {
            guard !current.isEmpty else { return }
            tokens.append(String(decoding: current.count > 3 ? stemmer.stem(bytes: current) : current, as: UTF8.self))
            current.removeAll()
        }
        for var byte in text.utf8 {
            if byte >= 0x41 && byte <= 0x5A { byte |= 0x20 }
            if (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) {
                current.append(byte)
            } else {
                flush()
            }
        }
        flush()
        return tokens
    }

    static func score(candidate: String, reference: String) -> Score {
        let c = tokens(candidate)
        let r = tokens(reference)
        return Score(rouge1: ngram(c, r, 1), rouge2: ngram(c, r, 2), rougeL: lcs(c, r))
    }

    static func f1(overlap: Int, predicted: Int, target: Int) -> Double {
        guard predicted > 0, target > 0, overlap > 0 else { return 0 }
        let precision = Double(overlap) / Double(predicted)
        let recall = Double(overlap) / Double(target)
        return 2 * precision * recall / (precision + recall)
    }

    static func ngram(_ candidate: [String], _ reference: [String], _ n: Int) -> Double {
        func grams(_ tokens: [String]) -> [[String]: Int] {
            var counts: [[String]: Int] = [:]
            if tokens.count >= n {
                for start in 0...(tokens.count - n) { counts[Array(tokens[start..<start + n]), default: 0] += 1 }
            }
            return counts
        }
        let c = grams(candidate)
        let r = grams(reference)
        let overlap = c.reduce(0) { $0 + min($1.value, r[$1.key] ?? 0) }
        return f1(overlap: overlap, predicted: c.values.reduce(0, +), target: r.values.reduce(0, +))
    }

    static func lcs(_ candidate: [String], _ reference: [String]) -> Double {
        guard !candidate.isEmpty, !reference.isEmpty else { return 0 }
        var previous = [Int](repeating: 0, count: candidate.count + 1)
        var row = previous
        for token in reference {
            for j in 1...candidate.count {
                row[j] = token == candidate[j - 1] ? previous[j - 1] + 1 : max(previous[j], row[j - 1])
            }
            swap(&previous, &row)
        }
        return f1(overlap: previous[candidate.count], predicted: candidate.count, target: reference.count)
    }
}

func format(_ value: Double) -> String {
    let scaled = Int((value * 10000).rounded())
    let digits = String(scaled % 10000)
    return "\(scaled / 10000).\(String(repeating: "0", count: 4 - digits.count))\(digits)"
}
