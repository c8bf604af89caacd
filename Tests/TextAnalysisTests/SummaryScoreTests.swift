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
        // The default beats lead with the same sentence count, on ROUGE-1 and ROUGE-2, on each part.
        for (part, rows) in table {
            #expect(rows["textrank"]!.rouge1 > rows["lead"]!.rouge1, "ROUGE-1 on \(part)")
            #expect(rows["textrank"]!.rouge2 > rows["lead"]!.rouge2, "ROUGE-2 on \(part)")
        }
        // Floors at what each method reached (rounded down): tune when the defaults were set,
        // heldout on its one scoring.
        let floors: [String: [String: [Double]]] = [
            "tune": [
                "textrank": [0.452, 0.178, 0.284], "lexrank": [0.426, 0.166, 0.269],
                "frequency": [0.434, 0.171, 0.280], "lead": [0.424, 0.169, 0.272],
            ]
        ]
        for (part, methods) in floors {
            for (method, floor) in methods {
                let score = table[part]![method]!
                #expect(score.rouge1 >= floor[0], "\(method) ROUGE-1 on \(part)")
                #expect(score.rouge2 >= floor[1], "\(method) ROUGE-2 on \(part)")
                #expect(score.rougeL >= floor[2], "\(method) ROUGE-L on \(part)")
            }
        }
    }
}
