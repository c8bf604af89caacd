import Testing

@testable import TextAnalysis

/// The test's ROUGE against Python's rouge-score 0.1.2 on a few pairs. Reference values from:
/// python3 -c "from rouge_score import rouge_scorer as r; s=r.RougeScorer(['rouge1','rouge2','rougeL'], use_stemmer=True); print({k: round(v.fmeasure, 6) for k, v in s.score(REFERENCE, CANDIDATE).items()})"
struct RougeTests {
    static let pairs: [(reference: String, candidate: String, expected: [Double])] = [
        (
            "The cats were running quickly across the busy streets of Paris.",
            "A cat runs across the street in Paris, quickly!", [0.7, 0.111111, 0.6]
        ),
        (
            "Defense Secretary Pete Hegseth called NATO membership for Ukraine unrealistic.",
            "Hegseth insisted \"It's unrealistic\" for Ukraine to expect NATO membership, which is sure to be disappointing news for Kyiv.",
            [0.4, 0.142857, 0.266667]
        ),
        (
            "A fire at an escape room in Koszalin killed five 15-year-old girls; the 25-year-old man is in intensive care.",
            "A fire yesterday afternoon killed five girls, all aged fifteen, at an escape room in Koszalin, North Poland. Police believe him to be aged 25.",
            [0.5, 0.304348, 0.375]
        ),
        ("Nothing in common here.", "Entirely different words appear.", [0, 0, 0]),
    ]

    @Test(arguments: 0..<pairs.count)
    func matchesRougeScore(pair: Int) {
        let (reference, candidate, expected) = Self.pairs[pair]
        let score = Rouge.score(candidate: candidate, reference: reference)
        #expect(abs(score.rouge1 - expected[0]) < 1e-6)
        #expect(abs(score.rouge2 - expected[1]) < 1e-6)
        #expect(abs(score.rougeL - expected[2]) < 1e-6)
    }
}
