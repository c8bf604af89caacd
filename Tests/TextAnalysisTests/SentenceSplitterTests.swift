import Foundation
import Testing

@testable import TextAnalysis

/// The scored sentence-boundary set: hard cases written for this project, one per line of
/// `Fixtures/sentence-cases.json` (a case's text is its sentences joined by its separator, or
/// its own `text`).
struct SentenceSplitterTests {
    struct Case: Decodable, CustomStringConvertible {
        var name: String
        var sentences: [String]
        var separator: String
        var text: String?

        var input: String { text ?? sentences.joined(separator: separator) }
        var description: String { name }
    }

    static let cases: [Case] = {
        let url = Bundle.module.url(forResource: "Fixtures/sentence-cases", withExtension: "json")!
        return try! JSONDecoder().decode([Case].self, from: Data(contentsOf: url))
    }()

    static func sentences(of text: String) -> [String] {
        SentenceSplitter().split(text).map { String(decoding: Array(text.utf8)[$0], as: UTF8.self) }
    }

    @Test func theCaseSetIsLargeEnough() {
        #expect(Self.cases.count >= 80)
    }

    @Test func scoresTheHardCasesAndHoldsTheFloor() {
        var passed = 0
        var failures: [String] = []
        for item in Self.cases {
            let found = Self.sentences(of: item.input)
            if found == item.sentences {
                passed += 1
            } else {
                failures.append("  \(item.name): \(found)")
            }
        }
        let rate = Double(passed) / Double(Self.cases.count)
        print("sentence boundaries: \(passed)/\(Self.cases.count) cases pass (\(String(format: "%.1f", rate * 100))%)")
        if !failures.isEmpty { print("failing cases:\n" + failures.joined(separator: "\n")) }
        #expect(rate >= 1.0, "the floor is every case; see the failing cases above")
    }

    @Test(arguments: cases)
    func eachCase(item: Case) {
        #expect(Self.sentences(of: item.input) == item.sentences)
    }

    @Test func theSeedArticleSplitsAsAnnotated() throws {
        struct Seed: Decodable {
            struct Sentence: Decodable { var start: Int, end: Int, text: String }
            var text: String
            var sentences: [Sentence]
        }
        let url = try #require(Bundle.module.url(forResource: "Fixtures/seed", withExtension: "json"))
        let seed = try JSONDecoder().decode(Seed.self, from: Data(contentsOf: url))
        let found = Self.sentences(of: seed.text)
        #expect(found == seed.sentences.map(\.text))
        // And the byte ranges convert to the annotated scalar offsets.
        let bytes = Array(seed.text.utf8)
        let ranges = SentenceSplitter().split(seed.text)
        for (range, expected) in zip(ranges, seed.sentences) {
            let start = String(decoding: bytes[..<range.lowerBound], as: UTF8.self).unicodeScalars.count
            let end = String(decoding: bytes[..<range.upperBound], as: UTF8.self).unicodeScalars.count
            #expect((start, end) == (expected.start, expected.end))
        }
    }

    @Test func emptyAndBlankTextsHaveNoSentences() {
        #expect(SentenceSplitter().split("").isEmpty)
        #expect(SentenceSplitter().split(" \n\n\t ").isEmpty)
    }

    @Test func anUnclosedQuoteDoesNotSwallowTheParagraph() {
        #expect(
            Self.sentences(of: "He said \"we will win. The crowd cheered. Then it rained.")
                == ["He said \"we will win.", "The crowd cheered.", "Then it rained."])
    }
}
