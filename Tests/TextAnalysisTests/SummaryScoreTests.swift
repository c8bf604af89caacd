import Foundation
import Testing

@testable import TextAnalysis

/// The scored summary set: Wikinews articles (and the seed article) with three-sentence
/// references written as an editor would, in `Fixtures/summaries/tune/` (the set the defaults
/// were tuned on) and `Fixtures/summaries/heldout/` (scored once, after tuning stopped). Every
/// method summarizes each article in three sentences; the test prints ROUGE-1, ROUGE-2 and
/// ROUGE-L F1 (rouge-score's definitions, with stemming; see `Rouge`) per part and for all.
struct SummaryScoreTests {
    struct Article: Decodable {
        var id: String
        var title: String?
        var text: String
        var summary: String
    }

    static func articles(_ part: String) -> [Article] {
        guard let folder = Bundle.module.url(forResource: "Fixtures/summaries/\(part)", withExtension: nil),
            let files = try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
        else { return [] }
        return files.filter { $0.pathExtension == "json" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
            .map { try! JSONDecoder().decode(Article.self, from: Data(contentsOf: $0)) }
    }

    static let tune = articles("tune")
    static let heldout = articles("heldout")

    /// The summary `summarizer` makes of `article`, as text.
    static func summary(_ article: Article, _ summarizer: Summarizer) -> [String] {
        let sentences = SentenceSplitter().split(article.text)
        let bytes = Array(article.text.utf8)
        return summarizer.summarize(article.text, sentences: sentences, title: article.title).map {
            String(decoding: bytes[$0.range], as: UTF8.self)
        }
    }

    static func mean(_ articles: [Article], _ summarizer: Summarizer) -> Rouge.Score {
        var total = Rouge.Score(rouge1: 0, rouge2: 0, rougeL: 0)
        for article in articles {
            let score = Rouge.score(
                candidate: summary(article, summarizer).joined(separator: " "), reference: article.summary)
            total.rouge1 += score.rouge1
            total.rouge2 += score.rouge2
            total.rougeL += score.rougeL
        }
        let n = Double(max(articles.count, 1))
        return Rouge.Score(rouge1: total.rouge1 / n, rouge2: total.rouge2 / n, rougeL: total.rougeL / n)
    }

    @Test func theSetIsLargeEnough() {
        #expect(Self.tune.count >= 12)
        #expect(Self.tune.contains { $0.id == "seed" })
        #expect(Self.tune.count + Self.heldout.count >= 15)
    }

    @Test func printsScoresAndHoldsTheFloors() {
        var table: [String: [String: Rouge.Score]] = [:]
        for method in Summarizer.Method.allCases {
            let summarizer = Summarizer(method: method)
            for (part, articles) in [("tune", Self.tune), ("heldout", Self.heldout), ("all", Self.tune + Self.heldout)]
            where !articles.isEmpty {
                table[part, default: [:]][method.rawValue] = Self.mean(articles, summarizer)
            }
        }
        for part in ["tune", "heldout", "all"] {
            guard let rows = table[part] else { continue }
            let count =
                part == "tune"
                ? Self.tune.count : part == "heldout" ? Self.heldout.count : Self.tune.count + Self.heldout.count
            print("summaries, \(part) (\(count) articles, 3 sentences):")
            for method in Summarizer.Method.allCases {
                print(
                    "  \(method.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(rows[method.rawValue]!)")
            }
        }
        // The default beats lead with the same sentence count, on ROUGE-1 and ROUGE-2, on the tune
        // part. On the held-out part (scored once, 01:10 UTC 2026-11-27) it does not: lead 0.474 /
        // 0.185 against textrank 0.439 / 0.156, and over all 22 lead is ahead by a hair (0.447 /
        // 0.177 against 0.446 / 0.168); the floors below hold what each method reached.
        let tune = table["tune"]!
        #expect(tune["textrank"]!.rouge1 > tune["lead"]!.rouge1, "ROUGE-1 on tune")
        #expect(tune["textrank"]!.rouge2 > tune["lead"]!.rouge2, "ROUGE-2 on tune")
        // Floors at what each method reached (rounded down): tune when the defaults were set,
        // heldout on its one scoring.
        let floors: [String: [String: [Double]]] = [
            "tune": [
                "textrank": [0.452, 0.178, 0.284], "lexrank": [0.426, 0.166, 0.269],
                "frequency": [0.434, 0.171, 0.280], "lead": [0.424, 0.169, 0.272],
            ],
            "heldout": [
                "textrank": [0.439, 0.155, 0.289], "lexrank": [0.434, 0.159, 0.288],
                "frequency": [0.460, 0.171, 0.295], "lead": [0.474, 0.185, 0.298],
            ],
            "all": [
                "textrank": [0.446, 0.168, 0.286], "lexrank": [0.429, 0.163, 0.278],
                "frequency": [0.446, 0.171, 0.287], "lead": [0.447, 0.176, 0.284],
            ],
        ]
        #expect(Self.heldout.count == 10)
        for (part, methods) in floors {
            for (method, floor) in methods {
                guard let score = table[part]?[method] else {
                    Issue.record("no \(part) scores for \(method)")
                    continue
                }
                #expect(score.rouge1 >= floor[0], "\(method) ROUGE-1 on \(part)")
                #expect(score.rouge2 >= floor[1], "\(method) ROUGE-2 on \(part)")
                #expect(score.rougeL >= floor[2], "\(method) ROUGE-L on \(part)")
            }
        }
    }
}
