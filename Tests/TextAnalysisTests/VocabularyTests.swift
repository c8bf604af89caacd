import Testing

@testable import TextAnalysis

struct VocabularyTests {
    static func words(_ text: String) -> [Range<Int>] {
        Tokenizer().tokenize(text).filter { $0.kind == .word || $0.kind == .number }.map(\.range)
    }

    static func vocabulary() -> Vocabulary { Vocabulary(stopWords: .english, stemmer: PorterStemmer()) }

    @Test func spellingsOfOneStemAreOneTerm() {
        let text = "Talks talks TALKS talking, and the talk."
        var vocabulary = Self.vocabulary()
        let (terms, count) = vocabulary.read(Self.words(text), of: text)
        #expect(terms.map(\.id) == [0, 0, 0, 0, -1, -1, 0])
        #expect(count == 1)
    }

    @Test func idsFollowFirstUseInEveryReading() {
        let text = "Peace talks began. Talks on peace resumed; 2020 was quiet."
        var vocabulary = Self.vocabulary()
        let words = Self.words(text)
        let first = vocabulary.read(words, of: text)
        #expect(first.terms.map(\.id) == [0, 1, 2, 1, -1, 0, 3, 4, -1, 5])
        #expect(first.terms.map(\.hasLetter) == [true, true, true, true, true, true, true, false, true, true])
        // The same words again: the same terms. Other words of the same text: a new reading.
        let again = vocabulary.read(words, of: String(text.utf8.map { Character(Unicode.Scalar($0)) }))
        #expect(again.terms.map(\.id) == first.terms.map(\.id))
        let later = vocabulary.read(Array(words.dropFirst(3)), of: text)
        #expect(later.terms.map(\.id) == [0, -1, 1, 2, 3, -1, 4])
        #expect(later.count == 5)
    }

    @Test func oneMoreWordTakesTheNextID() {
        let text = "Peace talks. Talking quietly."
        var vocabulary = Self.vocabulary()
        let (terms, count) = vocabulary.read([0..<5, 6..<11], of: text)
        #expect(terms.map(\.id) == [0, 1])
        #expect(count == 2)
        var bytes = text
        bytes.withUTF8 { bytes in
            #expect(vocabulary.term(at: 13..<20, of: bytes).id == 1)
            #expect(vocabulary.term(at: 21..<28, of: bytes).id == 2)
            #expect(vocabulary.term(at: 21..<28, of: bytes).id == 2)
        }
    }

    @Test func keywordsAfterASummaryAreTheKeywordsAlone() {
        let article = SummarizerTests.seed
        let sentences = SentenceSplitter().split(article.text)
        // A stop-word list that is not `english` gets a cache of its own: no reading to share.
        let alone = StopWords(StopWords.english.words.map { String(decoding: $0, as: UTF8.self) })
        let expected = KeyPhrases(count: 12, stopWords: alone).extract(
            article.text, sentences: sentences, title: article.title)
        _ = Summarizer().summarize(article.text, sentences: sentences, title: article.title)
        let afterSummary = KeyPhrases(count: 12).extract(article.text, sentences: sentences, title: article.title)
        #expect(afterSummary == expected)
        #expect(!expected.isEmpty)
    }
}
