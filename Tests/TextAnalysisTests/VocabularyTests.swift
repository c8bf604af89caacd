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

    /// Documents that share most of their words, and each bring a number and a word of their own, as a corpus does.
    static func corpus(_ count: Int) -> [String] {
        (0..<count).map { "Peace talks resumed in round \($0), and the talks went on: quorum\($0) reached." }
    }

    @Test func aVocabularyThatForgetsReadsAsOneThatDoesNot() {
        let stopWords = StopWords(["the", "in", "and", "on"])
        var small = Vocabulary(stopWords: stopWords, stemmer: PorterStemmer(), capacity: 16)
        var large = Vocabulary(stopWords: stopWords, stemmer: PorterStemmer())
        for text in Self.corpus(50) {
            let words = Self.words(text)
            let (terms, count) = small.read(words, of: text)
            let expected = large.read(words, of: text)
            #expect(terms.map(\.id) == expected.terms.map(\.id))
            #expect(terms.map(\.hasLetter) == expected.terms.map(\.hasLetter))
            #expect(count == expected.count)
        }
    }

    @Test func wordsInUseOutliveNewGenerationsAndTheRestIsForgotten() {
        let capacity = 16
        var vocabulary = Vocabulary(stopWords: StopWords(["the"]), stemmer: PorterStemmer(), capacity: capacity)
        var learntFirst = 0
        for (index, text) in Self.corpus(200).enumerated() {
            let words = Self.words(text)
            _ = vocabulary.read(words, of: text)
            if index == 0 { learntFirst = vocabulary.learnt }
            // Each generation: under `capacity` words when a document starts, and that document's
            // spellings and their lowercase forms. Without forgetting: two more words a document.
            #expect(vocabulary.count <= 2 * (capacity + 2 * words.count))
        }
        // Only the number and the word of each document are learnt after the first: the shared
        // words are carried from one generation to the next, never learnt again.
        #expect(vocabulary.learnt == learntFirst + 2 * 199)
        #expect(vocabulary.holds("Peace") && vocabulary.holds("talks") && vocabulary.holds("reached"))
        #expect(vocabulary.holds("the"))
        #expect(vocabulary.holds("quorum199") && !vocabulary.holds("quorum0") && !vocabulary.holds("0"))
    }
}
