import Testing

@testable import TextAnalysis

struct KeyPhrasesTests {
    static func phrases(_ text: String, count: Int = 10) -> [KeyPhrases.Phrase] {
        KeyPhrases(count: count).extract(text, sentences: SentenceSplitter().split(text))
    }

    @Test func seedPhrasesAreScoredNamesAndTopics() {
        let seed = SummaryScoreTests.tune.first { $0.id == "seed" }!
        let found = KeyPhrases(count: 15).extract(
            seed.text, sentences: SentenceSplitter().split(seed.text), title: seed.title)
        print("seed key phrases: " + found.map { "\($0.text) \(format($0.score))" }.joined(separator: ", "))
        let texts = found.map(\.text)
        #expect(texts.first == "Ukraine")
        #expect(texts.contains("Putin") && texts.contains("Trump") && texts.contains("negotiations"))
        #expect(texts.contains { $0.split(separator: " ").count > 1 })
        #expect(found.map(\.score) == found.map(\.score).sorted(by: >))
        #expect(!texts.contains("Feb"))
    }

    @Test func keepsNamesWholeAndStopWordsOut() {
        let text = """
            Leaders met in Saudi Arabia for peace talks. The peace talks in Saudi Arabia went on for days. \
            Officials said the talks with Saudi Arabia were useful, and that they would be back.
            """
        let texts = Self.phrases(text).map(\.text)
        #expect(texts.prefix(3).contains("Saudi Arabia"))
        #expect(texts.prefix(3).contains("peace talks"))
        let stopWords = StopWords.english
        for phrase in texts { #expect(!phrase.split(separator: " ").allSatisfy { stopWords.contains($0) }) }
        #expect(!texts.contains("the") && !texts.contains("would"))
    }

    @Test func mergesSpellingsByStem() {
        let text = "Talks were held. The talk was long. There were more talks, and the talks went on."
        let texts = Self.phrases(text).map(\.text)
        #expect(texts.filter { $0.lowercased().hasPrefix("talk") }.count == 1)
        #expect(texts.contains("talks"))
    }

    @Test func stopWordsLoadFromTheBundle() {
        #expect(StopWords.english.count == 579 || StopWords.english.count > 500)
        #expect(StopWords.english.contains("The") && !StopWords.english.contains("Ukraine"))
    }
}
