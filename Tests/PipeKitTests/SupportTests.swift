import Testing

@testable import PipeKit

struct SuggestionTests {
    @Test(arguments: [
        ("sentence", ["sentences", "method", "ratio"], "sentences"),
        ("summarise", ["summarize", "parse"], "summarize"),
        ("fles", ["files", "stdin", "text"], "files"),
        ("jsnol", ["jsonl", "stdout"], "jsonl"),
        ("PATH", ["path", "overwrite"], "path"),
    ])
    func suggestsTheNearestName(word: String, candidates: [String], expected: String) {
        #expect(Suggestion.nearest(to: word, in: candidates) == expected)
    }

    @Test func suggestsNothingWhenNothingIsClose() {
        #expect(Suggestion.nearest(to: "banana", in: ["files", "stdin", "text"]) == nil)
        #expect(Suggestion.nearest(to: "x", in: ["files"]) == nil)
    }
}

struct PathsTests {
    @Test(arguments: [
        ("../Examples/data/*.txt", "/work/pipe/pipelines", "/work/pipe/Examples/data/*.txt"),
        ("out/a.jsonl", "/srv", "/srv/out/a.jsonl"),
        ("/abs/./x/../y", "/srv", "/abs/y"),
        ("-", "/srv", "-"),
        ("../../../..", "/a", "/"),
    ])
    func resolvesAgainstABaseFolder(path: String, base: String, expected: String) {
        #expect(Paths.resolve(path, against: base) == expected)
    }

    @Test func displaysPathsBelowTheWorkingFolderRelatively() {
        #expect(Paths.display("/work/pipe/out/a.jsonl", relativeTo: "/work/pipe") == "out/a.jsonl")
        #expect(Paths.display("/elsewhere/a.jsonl", relativeTo: "/work/pipe") == "/elsewhere/a.jsonl")
        #expect(Paths.display("/work/piped/a", relativeTo: "/work/pipe") == "/work/piped/a")
    }
}

struct UTF8CheckTests {
    @Test(
        arguments: [
            ([0x61, 0x62, 0x63], nil),
            ([0x61, 0xFF, 0x63], 1),
            ([0xC3, 0xA9, 0x80], 2),
            ([0xE2, 0x82], 0),
            ([0xC0, 0xAF], 0),
            ([0xED, 0xA0, 0x80], 0),
            ([0xF4, 0x90, 0x80, 0x80], 0),
            ([0xF0, 0x9F, 0x98, 0x80, 0x41], nil),
        ] as [([UInt8], Int?)])
    func findsTheFirstInvalidByte(bytes: [UInt8], expected: Int?) {
        #expect(UTF8Check.firstInvalidByte(in: bytes) == expected)
    }

    @Test func locatesAByteByLineAndColumn() {
        let bytes = Array("ab\ncé\u{FF}x".utf8)
        let location = UTF8Check.location(ofByte: bytes.count - 1, in: bytes, file: "f")
        #expect(location == SourceLocation(file: "f", line: 2, column: 4))
    }
}

struct ScalarOffsetsTests {
    @Test func asciiOffsetsAreUnchanged() {
        let offsets = ScalarOffsets("plain ascii text")
        #expect(offsets.scalarOffset(6) == 6)
    }

    @Test func multiByteScalarsCountOnce() {
        let text = String(repeating: "é🙂a", count: 100)
        let offsets = ScalarOffsets(text)
        var bytes = 0
        for (scalars, scalar) in text.unicodeScalars.enumerated() {
            #expect(offsets.scalarOffset(bytes) == scalars)
            bytes += String(scalar).utf8.count
        }
        #expect(offsets.scalarOffset(text.utf8.count) == text.unicodeScalars.count)
    }
}

struct ShardTests {
    @Test func everyIdFallsInExactlyOneShard() {
        let shards = (0..<4).map { Shard(index: $0, count: 4)! }
        for number in 0..<1000 {
            #expect(shards.filter { $0.contains("doc-\(number)") }.count == 1)
        }
    }

    @Test func theHashIsFNV1aSoItIsTheSameOnEveryMachine() {
        #expect(Shard.hash("") == 0xcbf2_9ce4_8422_2325)
        #expect(Shard.hash("a") == 0xaf63_dc4c_8601_ec8c)
    }

    @Test(arguments: ["0/4", "3/4", "0/1"])
    func parsesValidShards(text: String) { #expect(Shard(text) != nil) }

    @Test(arguments: ["4/4", "-1/4", "1", "a/b", "1/0"])
    func rejectsInvalidShards(text: String) { #expect(Shard(text) == nil) }
}

struct ReorderBufferTests {
    @Test func releasesResultsInSequenceOrder() {
        var buffer = ReorderBuffer<String>()
        #expect(buffer.insert("c", at: 2) == [])
        #expect(buffer.insert("b", at: 1) == [])
        #expect(buffer.insert("a", at: 0) == ["a", "b", "c"])
        #expect(buffer.insert("d", at: 3) == ["d"])
        #expect(buffer.isEmpty)
    }
}
