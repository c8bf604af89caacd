import Foundation
import Testing

@testable import TextAnalysis

/// The stemmer against NLTK 3.10.4 on 2,986 words (a fifth of the Wikinews vocabulary and the
/// paper's examples): `Fixtures/summaries/porter-nltk.tsv` holds each word with
/// `PorterStemmer().stem(w)` (what rouge-score uses) and
/// `PorterStemmer('ORIGINAL_ALGORITHM').stem(w)`.
struct PorterStemmerTests {
    static let rows: [[String]] = {
        let url = Bundle.module.url(forResource: "Fixtures/summaries/porter-nltk", withExtension: "tsv")!
        let text = try! String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map {
            $0.split(separator: "\t").map(String.init)
        }
    }()

    @Test func matchesNLTKDefaultOnEveryWord() {
        let stemmer = PorterStemmer(mode: .nltk)
        let wrong = Self.rows.filter { stemmer.stem($0[0]) != $0[1] }.map {
            "\($0[0]) → \(stemmer.stem($0[0])), NLTK \($0[1])"
        }
        #expect(Self.rows.count > 2900)
        #expect(wrong.isEmpty, "\(wrong.prefix(20))")
    }

    @Test func matchesTheOriginalAlgorithmOnEveryWord() {
        let stemmer = PorterStemmer(mode: .original)
        let wrong = Self.rows.filter { stemmer.stem($0[0]) != $0[2] }.map {
            "\($0[0]) → \(stemmer.stem($0[0])), NLTK \($0[2])"
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(20))")
    }

    @Test(arguments: [
        ("caresses", "caress"), ("ponies", "poni"), ("relational", "relat"), ("generalizations", "gener"),
        ("negotiations", "negoti"), ("talks", "talk"), ("Talking", "talk"), ("Brudziński", "Brudziński"),
    ])
    func paperExamples(word: String, stem: String) {
        #expect(PorterStemmer(mode: .original).stem(word) == stem)
    }
}
