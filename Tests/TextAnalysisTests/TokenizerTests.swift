import Foundation
import Testing

@testable import TextAnalysis

struct TokenizerTests {
    @Test(arguments: ["", " ", "\n\n", " \t\r\n "])
    func emptyAndBlankTextsHaveNoTokens(text: String) {
        #expect(Tokenizer().tokenize(text).isEmpty)
    }

    @Test func tokensPastTheFirstBufferAreKept() {
        // Far more tokens than the buffer first holds (a fifth of the bytes): it grows and keeps them all.
        let text = String(repeating: "a,", count: 5000)
        let tokens = Tokenizer().tokenize(text)
        #expect(tokens.count == 10000)
        #expect(tokens.last == Tokenizer.Token(9999..<10000, .punctuation))
    }

    /// Tokens as "text/kind", kind omitted for words.
    static func tokens(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        return Tokenizer().tokenize(text).map { token in
            let piece = String(decoding: bytes[token.range], as: UTF8.self)
            return token.kind == .word ? piece : "\(piece)/\(token.kind.rawValue)"
        }
    }

    @Test(arguments: [
        ("Don't stop.", ["Do", "n't", "stop", "./punctuation"]),
        ("I'm sure they're fine", ["I", "'m", "sure", "they", "'re", "fine"]),
        ("Trump's call", ["Trump", "'s", "call"]),
        ("Trump’s call", ["Trump", "’s", "call"]),
        ("the students' union", ["the", "students", "'", "union"]),
        ("can't won't", ["ca", "n't", "wo", "n't"]),
        ("O'Brien left", ["O'Brien", "left"]),
        ("a well-known pre-2014 border", ["a", "well-known", "pre-2014", "border"]),
        ("1,000,000 people", ["1,000,000/number", "people"]),
        ("3.14 and 1,000.50", ["3.14/number", "and", "1,000.50/number"]),
        ("on 2025-02-13 at 10:30", ["on", "2025-02-13/number", "at", "10:30/number"]),
        ("the 10th time, 5km away", ["the", "10th", "time", ",/punctuation", "5km", "away"]),
        (
            "$12.75 (up 4%)",
            ["$/symbol", "12.75/number", "(/punctuation", "up", "4/number", "%/punctuation", ")/punctuation"]
        ),
        ("see https://example.com/a?b=1.", ["see", "https://example.com/a?b=1/url", "./punctuation"]),
        ("(www.bbc.co.uk)", ["(/punctuation", "www.bbc.co.uk/url", ")/punctuation"]),
        ("mail press@example.com now", ["mail", "press@example.com/email", "now"]),
        ("#Brexit by @BBCNews", ["#Brexit/hashtag", "by", "@BBCNews/mention"]),
        ("the U.S. and Mr. Smith", ["the", "U.S.", "and", "Mr.", "Smith"]),
        ("Wait... what?!", ["Wait", ".../punctuation", "what", "?!/punctuation"]),
        ("Great 👍🏽 news 🇺🇦!", ["Great", "👍🏽/emoji", "news", "🇺🇦/emoji", "!/punctuation"]),
        ("family 👨‍👩‍👧 photo", ["family", "👨‍👩‍👧/emoji", "photo"]),
        ("Zoë and Kyiv’s café", ["Zoë", "and", "Kyiv", "’s", "café"]),
        ("“Quoted” — done", ["“/punctuation", "Quoted", "”/punctuation", "—/punctuation", "done"]),
    ])
    func splitsAsTheTreebankDoes(text: String, expected: [String]) {
        #expect(Self.tokens(text) == expected)
    }

    @Test func wordsAcrossSixteenByteStepsAreWhole() {
        // Word runs are read sixteen bytes a step, and byte by byte in the last fifteen: each length
        // and place of a word against those steps gives the same token.
        for length in 1...40 {
            for offset in 0...17 {
                let word = String(repeating: "ab_9", count: 10).prefix(length - 1)
                let text = String(repeating: " ", count: offset) + "x" + word + ". Then-on"
                #expect(Self.tokens(text) == ["x" + word, "./punctuation", "Then-on"], "\(length) at \(offset)")
            }
        }
    }

    @Test func lentTokensAreTheTokens() {
        let text = "Wait... what?! The U.S. and Mr. Smith's café, 1,000.50 km — see www.bbc.co.uk."
        #expect(Tokenizer().withTokens(of: text) { Array($0) } == Tokenizer().tokenize(text))
    }

    @Test func letterRangesAgreeWithUnicode() {
        // `isLetter` answers some scripts' ranges itself; for every scalar of the first two planes
        // it must say what Unicode's Alphabetic property says.
        for value in UInt32(0)...0x1_FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(UTF8Text.isLetter(scalar) == scalar.properties.isAlphabetic, "U+\(String(value, radix: 16))")
        }
    }

    @Test func offsetsPointIntoTheOriginalBytes() {
        let text = "Zoë met 👍 Putin."
        let bytes = Array(text.utf8)
        for token in Tokenizer().tokenize(text) {
            #expect(String(validating: bytes[token.range], as: UTF8.self) != nil, "a token never splits a character")
        }
        #expect(Tokenizer().tokenize(text).map(\.range.lowerBound) == [0, 5, 9, 14, 19])
    }
}

struct HeaderReaderTests {
    @Test func theSeedHeadGivesTitleAndDate() throws {
        let text =
            "Today : Feb 13, 2025\nWorld News\n13 February 2025\n\nTrump Initiates Peace Talks With Putin For Ukraine War\n\nFollowing productive discussions, leaders plan immediate negotiations."
        let header = HeaderReader().read(text)
        #expect(header.date == "2025-02-13")
        let title = try #require(header.title)
        #expect(text.utf8Slice(title) == "Trump Initiates Peace Talks With Putin For Ukraine War")
    }

    @Test func aWikinewsHeadHasTitleThenDateline() throws {
        let text =
            "Escape room fire kills five teen girls in Koszalin, Poland\n\nSaturday, January 5, 2019\n\nA fire yesterday afternoon killed five girls."
        let header = HeaderReader().read(text)
        #expect(header.date == "2019-01-05")
        #expect(header.title.map { text.utf8Slice($0) } == "Escape room fire kills five teen girls in Koszalin, Poland")
    }

    @Test func plainProseHasNoTitle() {
        let header = HeaderReader().read("The council met on Tuesday. It voted to raise taxes.\n\nResidents objected.")
        #expect(header.title == nil)
        #expect(header.date == nil)
    }

    @Test(arguments: [
        ("Today : Feb 13, 2025", "2025-02-13"),
        ("13 February 2025", "2025-02-13"),
        ("2025-02-13", "2025-02-13"),
        ("Wednesday, February 12, 2025", "2025-02-12"),
        ("Feb. 13, 2025", "2025-02-13"),
        ("on Wednesday, Feb. 12, talks began", "--02-12"),
        ("Sept 1st, 2019", "2019-09-01"),
        ("3 May 2020", "2020-05-03"),
    ])
    func datesBecomeISO(text: String, expected: String) {
        #expect(DateParser().firstDate(in: text)?.iso == expected)
    }

    @Test func aDateWithoutAYearTakesTheYearOfAnotherDate() {
        #expect(DateParser().firstDate(in: "Wednesday, Feb. 12. Published 13 February 2025.")?.iso == "2025-02-12")
    }

    @Test(arguments: ["February 30, 2025", "May I help?", "13 Smarch 2025", "in 2025 the"])
    func nonDatesAreNotDates(text: String) {
        #expect(DateParser().firstDate(in: text) == nil)
    }

    @Test(arguments: [
        ("WASHINGTON, Feb 13, 2025 — Talks", 26), ("13 May 2020, Zoë said", 16), ("3rd May 2020 in Kraków", 21),
        ("Monday, Feb 13 2025é", 20), ("Feb 13é, 2025", 7),
    ])
    func bytesCutInsideACharacterReadAsTheirRepairedString(text: String, cut: Int) {
        // The header reads the first 60 bytes of a prose line, which may end inside a character.
        let bytes = Array(text.utf8.prefix(cut))
        let repaired = DateParser().firstDate(in: String(decoding: bytes, as: UTF8.self))
        let read = bytes.withUnsafeBufferPointer { DateParser().firstDate(in: $0) }
        #expect(read?.iso == repaired?.iso)
        #expect(read?.hasYear == repaired?.hasYear)
    }
}

struct ParagraphsTests {
    @Test func blankLinesSeparateParagraphs() {
        let text = "Title\n\nFirst line.\nSecond line.\n \n\n  Last one.  \n"
        let paragraphs = Paragraphs.split(text).map { text.utf8Slice($0) }
        #expect(paragraphs == ["Title", "First line.\nSecond line.", "Last one."])
    }
}

struct NormalizerTests {
    @Test func normalizesWhitespaceAndCompositionAndMapsOffsetsBack() {
        let original = "Zoe\u{0301}  met\u{00A0}Putin.\r\n\r\n\r\n\r\nIn   Riga."
        let normalized = Normalizer.normalize(original)
        #expect(normalized.text == "Zoé met Putin.\n\nIn Riga.")
        let bytes = Array(normalized.text.utf8)
        let originalBytes = Array(original.utf8)
        for word in ["Zoé", "met", "Putin", "Riga"] {
            let start = normalized.text.utf8Slice(0..<bytes.count).range(of: word)!
            let from = normalized.text.utf8.distance(from: normalized.text.startIndex, to: start.lowerBound)
            let to = from + word.utf8.count
            let mapped = String(
                decoding: originalBytes[normalized.originalOffset(from)..<normalized.originalOffset(to)], as: UTF8.self)
            #expect(mapped.precomposedStringWithCanonicalMapping == word)
        }
    }
}
