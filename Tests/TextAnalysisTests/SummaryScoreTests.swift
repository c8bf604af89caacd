import Foundation
import Testing

@testable import TextAnalysis

/// The scored summary set: Wikinews articles (and the seed article) with three-sentence
/// references written as an editor would, in `Fixtures/summaries/tune/` (the set the first
/// defaults were tuned on), `Fixtures/summaries/heldout/` (scored once after that tuning, then
/// seen) and `Fixtures/summaries/fresh/` (written later by a rule, without looking at any output,
/// and never tuned on: the test of unseen news; each default was fixed before it was scored
/// there). `Fixtures/summaries/long/` holds articles of 500 or more words of prose, chosen and
/// summarized the same blind way; it is printed as a part of its own and kept out of "all", so
/// that the floors of the short news stay comparable. Every
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
    static let fresh = articles("fresh")
    static let all = tune + heldout + fresh
    static let long = articles("long")

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
        #expect(Self.all.count >= 15)
        #expect(Self.fresh.count == 14)
        #expect(Self.long.count == 12)
    }

    @Test func printsScoresAndHoldsTheFloors() {
        let parts: [(name: String, articles: [Article])] = [
            ("tune", Self.tune), ("heldout", Self.heldout), ("seen", Self.tune + Self.heldout), ("fresh", Self.fresh),
            ("all", Self.all), ("long", Self.long),
        ]
        var table: [String: [String: Rouge.Score]] = [:]
        for method in Summarizer.Method.allCases {
            let summarizer = Summarizer(method: method)
            for part in parts where !part.articles.isEmpty {
                table[part.name, default: [:]][method.rawValue] = Self.mean(part.articles, summarizer)
            }
        }
        for part in parts {
            guard let rows = table[part.name] else { continue }
            print("summaries, \(part.name) (\(part.articles.count) articles, 3 sentences):")
            for method in Summarizer.Method.allCases {
                print(
                    "  \(method.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(rows[method.rawValue]!)")
            }
        }
        // The default (coverage) beats lead with the same sentence count, on ROUGE-1 and ROUGE-2,
        // over all 36 articles and on the 14 fresh ones. It was fixed on the 22 seen articles
        // (tune and heldout) and written down before it was scored once on fresh (04:58 UTC,
        // 2026-11-27); textrank, the default until then, was level with lead over all 36 and
        // behind it on fresh. On heldout alone lead stays ahead; the floors below hold that too.
        for part in ["all", "fresh", "seen"] {
            let rows = table[part]!
            #expect(rows["coverage"]!.rouge1 > rows["lead"]!.rouge1, "ROUGE-1 on \(part)")
            #expect(rows["coverage"]!.rouge2 > rows["lead"]!.rouge2, "ROUGE-2 on \(part)")
        }
        // The long set was scored once (08:41 UTC, 2026-11-27), after its references were
        // committed; nothing is tuned on it, so it holds no floor beyond a sanity bound.
        for method in ["lead", "coverage"] {
            #expect(table["long"]![method]!.rouge1 > 0.3, "\(method) ROUGE-1 on long")
        }
        // Floors at what each method reached with the defaults of 27 November 2026 (rounded down).
        let floors: [String: [String: [Double]]] = [
            "tune": [
                "coverage": [0.453, 0.186, 0.296], "textrank": [0.442, 0.180, 0.284], "lexrank": [0.427, 0.166, 0.267],
                "frequency": [0.450, 0.178, 0.286], "lead": [0.424, 0.169, 0.272],
            ],
            "heldout": [
                "coverage": [0.460, 0.185, 0.298], "textrank": [0.469, 0.179, 0.309], "lexrank": [0.434, 0.156, 0.287],
                "frequency": [0.454, 0.171, 0.303], "lead": [0.474, 0.185, 0.298],
            ],
            "fresh": [
                "coverage": [0.462, 0.200, 0.292], "textrank": [0.440, 0.185, 0.282], "lexrank": [0.449, 0.188, 0.285],
                "frequency": [0.437, 0.184, 0.282], "lead": [0.454, 0.191, 0.280],
            ],
            "all": [
                "coverage": [0.458, 0.191, 0.295], "textrank": [0.449, 0.182, 0.290], "lexrank": [0.437, 0.172, 0.279],
                "frequency": [0.446, 0.178, 0.289], "lead": [0.449, 0.182, 0.282],
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
