import Foundation
import Testing

@testable import TextAnalysis

/// The recognizer's fast paths: the one-pass scan of a token, the lexicon's line reader, the trie
/// walk of a gazetteer without case-insensitive names, and the per-worker word cache. Each must give
/// what the plain way gives.
struct EntityTokensTests {
    @Test(arguments: [
        "a", "the", "Trump", "NATO", "U.S.", "eight888", "Ministry", "Russian-backed", "-", "a-b",
        "International-Organizations", "twelve-year-old", "O'Brien", "Zürich", "O’Brien", "",
    ])
    func aScanGivesTheHashesAndSeesHyphens(word: String) {
        // The word inside a longer text, so that the scan's eight-byte loads run past it.
        let text = "(" + word + ") and more text after it"
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            let bytes = UnsafeBufferPointer(buffer)
            let range = 1..<1 + word.utf8.count
            let scan = WordHash.scan(bytes, range)
            guard word.utf8.allSatisfy({ $0 < 0x80 }) else {
                #expect(scan == nil)
                return
            }
            #expect(scan?.exact == WordHash.hashes(word).exact)
            #expect(scan?.folded == WordHash.hashes(word).folded)
            #expect(scan?.hasHyphen == word.contains("-"))
        }
    }

    @Test(arguments: [
        ("NATO", true), ("U.S.", true), ("AB", true), ("A", false), ("Nato", false), ("McDonald", false),
        ("NATO-led", false), ("ABCDEFGHIJKL", true), ("ABCDEFGHIJKl", false),
    ])
    func allCapitalsNeedTwoCapitalsAndNoSmallLetter(word: String, allCaps: Bool) {
        var bytes = Array(word.utf8)
        bytes.withUnsafeMutableBufferPointer { buffer in
            #expect(WordHash.isAllCaps(UnsafeBufferPointer(buffer), 0..<buffer.count) == allCaps)
        }
    }

    @Test func theFirstColumnsAreTheFirstOfTheColumnsReadFinds() throws {
        let lines = [
            "# a comment", "word", "", "  spaced  ", "tab\tcanonical", "\tblank first column", "three\tcolumns\there",
            "trailing tab\t", "crlf\r", "last line without a line feed",
        ]
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("list-\(UUID().uuidString).txt").path
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var columns: [[String]] = []
        try ListFile.read(path) { bytes, line in columns.append(line.map { ListFile.string(bytes, $0) }) }
        var firsts: [String] = []
        try ListFile.readFirstColumns(path) { bytes, first in firsts.append(ListFile.string(bytes, first)) }
        #expect(
            columns == [
                ["word"], ["spaced"], ["tab", "canonical"], ["three", "columns", "here"], ["trailing tab", ""],
                ["crlf"], ["last line without a line feed"],
            ])
        #expect(firsts == columns.map { $0[0] })
    }

    @Test func aGazetteerOfCaseSensitiveNamesFindsTheLongestName() {
        var gazetteer = Gazetteer()
        let entry = Gazetteer.Entry(label: .org, canonical: "", confidence: 1)
        for name in ["Bank", "Bank of England", "Bank of England Museum Trust"] {
            gazetteer.insert(EntityTokens.hashes(of: name), caseSensitive: true, entry: entry)
        }
        func match(_ text: String) -> Int? {
            let ids = text.split(separator: " ").map { gazetteer.wordIDs(exact: WordHash.hashes(String($0)).exact) }
            return ids.withUnsafeBufferPointer { gazetteer.longestMatch($0, from: 0, limit: $0.count)?.end }
        }
        #expect(match("Bank of England rates") == 3)
        #expect(match("Bank of England Museum") == 3)
        #expect(match("Bank of England Museum Trust") == 5)
        #expect(match("Bank of Canada") == 1)
        #expect(match("bank of England") == nil)
    }

    @Test func aWorkersWordCacheGivesWhatAFreshOneGives() throws {
        let texts = [
            "President Vladimir Putin met #Paris officials in Paris on May 5, 2025.",
            "The U.S. and NATO said 3,000 troops left; Putin said so at 10:30 a.m.",
            "Russian-backed forces took the town. Paris, Putin and the U.S. were named again.",
        ]
        let recognizer = EntityRecognizer()
        // A tiny cache, so that words keep displacing each other.
        var shared = WordCache(capacity: 16)
        for _ in 0..<2 {
            for text in texts {
                #expect(recognizer.recognize(text, cache: &shared) == recognizer.recognize(text))
            }
        }
    }
}
