import Foundation
import PipeKit
import Testing

@testable import BuiltinStages

struct JSONRecordTests {
    let fields = JSONRecordFields(text: "text", id: "id")

    func document(_ line: String, number: Int = 1) -> Result<Document, DocumentFailure> {
        JSONRecord.document(from: Array(line.utf8), fields: fields, line: number, source: "in.jsonl")
    }

    @Test func readsBackWhatTheJSONLinesSinkWrites() throws {
        let line = """
            {"id":"seed","source":"a.txt","title":"T","date":"2025-02-13","text":"Hi.","metadata":{"author":"Ann",\
            "lang":"en"},"sentences":[{"start":0,"end":3}],"url":"https://x"}
            """
        let document = try document(line).get()
        #expect(document.id == "seed")
        #expect(document.source == "a.txt")
        #expect(document.text == "Hi.")
        #expect(document.metadata.title == "T")
        #expect(document.metadata.date == "2025-02-13")
        #expect(document.metadata.author == "Ann")
        #expect(document.metadata.extra == ["lang": "en", "url": "https://x"])
        #expect(document.sentences == nil, "annotations are recomputed, not trusted")
    }

    @Test func numericIDsBecomeStringsAndMissingIDsTheLineNumber() throws {
        #expect(try document(#"{"id": 42, "text": "x"}"#).get().id == "42")
        #expect(try document(#"{"text": "x"}"#, number: 9).get().id == "9")
    }

    @Test(arguments: [
        (#"{"id": "a", "text": "x""#, "line 3: invalid JSON at byte 23 of the line: unexpected end of input"),
        (#"["text"]"#, "line 3: expected a JSON object"),
        (#"{"id": "a", "body": "x"}"#, "line 3: no 'text' field holding a string"),
        (#"{"text": 5}"#, "line 3: no 'text' field holding a string"),
    ])
    func brokenRecordsAreReportedWithTheirLine(line: String, message: String) {
        guard case .failure(let failure) = document(line, number: 3) else {
            Issue.record("expected a failure")
            return
        }
        #expect(failure.message == message)
        #expect(failure.id == "3")
        #expect(failure.text == line, "the raw line goes to the dead-letter file")
    }

    @Test func invalidUTF8InARecordNamesTheByte() {
        let bytes: [UInt8] = Array(#"{"text": "a"#.utf8) + [0xFF] + Array(#""}"#.utf8)
        guard case .failure(let failure) = JSONRecord.document(from: bytes, fields: fields, line: 1, source: "-") else {
            Issue.record("expected a failure")
            return
        }
        #expect(failure.message == "line 1: invalid UTF-8 at byte 11 of the line")
    }
}

struct TextDecodingTests {
    @Test func aByteOrderMarkIsRemoved() throws {
        #expect(try TextDecoding.decode([0xEF, 0xBB, 0xBF] + Array("héllo".utf8)).get() == "héllo")
    }

    @Test func invalidUTF8NamesTheByteOffset() {
        guard case .failure(let problem) = TextDecoding.decode(Array("abc".utf8) + [0xC3, 0x28]) else {
            Issue.record("expected a failure")
            return
        }
        #expect(problem.description == "invalid UTF-8 at byte 3")
    }

    @Test func aNULByteMeansBinary() {
        guard case .failure(let problem) = TextDecoding.decode([0x50, 0x4B, 0x03, 0x04, 0x00]) else {
            Issue.record("expected a failure")
            return
        }
        #expect(problem.description == "looks like a binary file (a NUL byte at offset 4), not text")
    }
}

struct InputStreamTests {
    @Test func linesSplitOnNewlinesWithOrWithoutCarriageReturns() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lines-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let long = String(repeating: "x", count: 200_000)
        try "one\r\ntwo\n\n\(long)\nlast".write(toFile: path, atomically: true, encoding: .utf8)
        let descriptor = open(path, O_RDONLY)
        defer { close(descriptor) }
        let stream = InputStream(descriptor: descriptor, name: path, chunk: 1024)
        var lines: [String] = []
        while let line = try stream.nextLine() { lines.append(String(decoding: line, as: UTF8.self)) }
        #expect(lines == ["one", "two", "", long, "last"])
    }
}

struct BuiltinStageTests {
    func run(_ yaml: String) throws -> (RunReport, [Document]) {
        var registry = StageRegistry.builtin
        let sink = MemorySink()
        registry.register(.sink("memory", summary: "Test sink.") { _, _ in sink })
        let pipeline = try PipelineLoader(registry: registry).load(text: yaml, file: "t.yaml", baseDirectory: "/")
        let report = PipelineRunner(pipeline: pipeline, options: RunOptions(concurrency: 2)).run()
        return (report, sink.documents)
    }

    @Test func theTextReaderRepeatsWithUniqueIDs() throws {
        let (report, documents) = try run(
            """
            reader: {type: text, texts: [one, two], repeat: 3}
            sinks: [{type: memory}]
            """)
        #expect(report.exitCode == 0)
        #expect(documents.map(\.text) == ["one", "two", "one", "two", "one", "two"])
        #expect(Set(documents.map(\.id)).count == 6)
    }

    @Test func theTextReaderNeedsSomeText() {
        #expect(throws: ConfigErrors.self) { try run("reader: {type: text}\nsinks: [{type: memory}]") }
    }

    @Test func theFilterKeepsWhatMatchesAndDropsTheRest() throws {
        let (report, documents) = try run(
            """
            reader: {type: text, texts: ["short", "Peace talks resume in Riyadh.", "Peace is fragile.", "PEACE TALKS"]}
            stages:
              - type: filter
                min_chars: 6
                contains: [peace talks]
                ignore_case: true
            sinks: [{type: memory}]
            """)
        #expect(documents.map(\.text) == ["Peace talks resume in Riyadh.", "PEACE TALKS"])
        #expect(report.documentsDropped == 2)
    }

    @Test func theFilterCountsCharactersNotBytes() throws {
        let (_, documents) = try run(
            """
            reader: {type: text, texts: ["ééé", "éééé"]}
            stages: [{type: filter, max_chars: 3}]
            sinks: [{type: memory}]
            """)
        #expect(documents.map(\.text) == ["ééé"])
    }

    @Test func everyBuiltinHasASummaryAndHelpForEveryOption() {
        for declaration in StageRegistry.builtin.all {
            #expect(!declaration.summary.isEmpty)
            #expect(declaration.summary.hasSuffix("."), "\(declaration.name)'s summary is a sentence")
            for option in declaration.options {
                #expect(option.help.hasSuffix("."), "\(declaration.name).\(option.name) has help")
            }
        }
    }
}
