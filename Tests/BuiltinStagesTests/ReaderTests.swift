import Foundation
import PipeKit
import Testing

@testable import BuiltinStages

struct JSONRecordTests {
    let fields = RecordFields(text: "text", id: "id")

    func document(_ json: String, fields: RecordFields? = nil) throws -> Result<Document, RecordProblem> {
        let record = try #require(try JSONParser.parse(json).objectValue)
        return JSONRecord.document(
            from: record, fields: fields ?? self.fields, fallbackID: "in.jsonl:9", source: "in.jsonl")
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

    @Test func numericIDsBecomeStringsAndMissingIDsTheFallback() throws {
        #expect(try document(#"{"id": 42, "text": "x"}"#).get().id == "42")
        #expect(try document(#"{"text": "x"}"#).get().id == "in.jsonl:9")
        #expect(try document(#"{"id": "", "text": "x"}"#).get().id == "in.jsonl:9")
        #expect(try document(#"{"id": null, "text": "x"}"#).get().source == "in.jsonl")
    }

    @Test func topLevelFieldsWinOverTheMetadataObject() throws {
        let document = try document(#"{"text": "x", "author": "Top", "metadata": {"author": "Nested", "desk": "D"}}"#)
            .get()
        #expect(document.metadata.author == "Top")
        #expect(document.metadata.extra == ["desk": "D"])
    }

    @Test func datesAreNormalizedWhenTheyReadAsDatesAndKeptOtherwise() throws {
        #expect(try document(#"{"text": "x", "date": "March 5, 2024"}"#).get().metadata.date == "2024-03-05")
        #expect(try document(#"{"text": "x", "date": "last spring"}"#).get().metadata.date == "last spring")
        #expect(try document(#"{"text": "x", "date": 2024}"#).get().metadata.extra == ["date": 2024])
    }

    @Test func defaultMetadataIsEveryOtherScalarField() throws {
        let document = try document(#"{"text": "x", "n": 1.5, "ok": true, "none": null, "list": [1], "obj": {"a": 1}}"#)
            .get()
        #expect(document.metadata.extra == ["n": 1.5, "ok": true])
    }

    @Test func namedMetadataFieldsMayHoldAnyValueAndLeaveTheRestOut() throws {
        let fields = RecordFields(text: "text", id: "id", metadata: ["list", "title"])
        let document = try document(#"{"text": "x", "title": "T", "list": [1], "n": 1}"#, fields: fields).get()
        #expect(document.metadata == Metadata(title: "T", extra: ["list": [1]]))
    }

    @Test(arguments: [
        (#"{"id": "a", "body": "x"}"#, "no 'text' field holding a string"),
        (#"{"text": 5}"#, "no 'text' field holding a string"),
    ])
    func recordsWithoutTextAreRefused(json: String, message: String) throws {
        guard case .failure(let problem) = try document(json) else {
            Issue.record("expected a failure")
            return
        }
        #expect(problem.description == message)
    }
}

struct JSONLinesFormatTests {
    let input = InputSource(
        stream: BuiltinStages.InputStream(descriptor: -1, name: "unused", owns: false), name: "news.jsonl",
        source: "data/news.jsonl", id: "news.jsonl", numbersRecordsAlone: false, sizeHint: 0)

    func line(_ text: String) -> Result<Document, DocumentFailure> {
        JSONLinesFormat.document(
            from: Array(text.utf8), number: 3, in: input, fields: RecordFields(text: "text", id: "id"), invalid: .error)
    }

    @Test(arguments: [
        (#"{"id": "a", "text": "x""#, "news.jsonl:3: invalid JSON at byte 23: unexpected end of input"),
        (#"["text"]"#, "news.jsonl:3: expected a JSON object"),
        (#"{"id": "a", "body": "x"}"#, "news.jsonl:3: no 'text' field holding a string"),
    ])
    func brokenLinesAreReportedWithTheirLine(text: String, message: String) {
        guard case .failure(let failure) = line(text) else {
            Issue.record("expected a failure")
            return
        }
        #expect(failure.message == message)
        #expect(failure.id == "news.jsonl:3")
        #expect(failure.source == "data/news.jsonl")
        #expect(failure.text == text, "the raw line goes to the dead-letter file")
    }
}

struct TextDecodingTests {
    @Test func invalidUTF8NamesTheByteOffset() {
        #expect(
            TextDecoding.text(fromUTF8: Array("abc".utf8) + [0xC3, 0x28], invalid: .error)
                == .failure(.invalidUTF8(offset: 3)))
        #expect(
            TextDecoding.text(fromUTF8: [0xFF], invalid: .error, offsetBase: 3) == .failure(.invalidUTF8(offset: 3)))
        #expect(TextDecoding.Problem.invalidUTF8(offset: 3).description == "invalid UTF-8 at byte 3")
    }

    @Test func invalidUTF8CanBeReplaced() {
        #expect(
            TextDecoding.text(fromUTF8: [0x61, 0xC3, 0x28, 0xFF, 0x62], invalid: .replace)
                == .success("a\u{FFFD}(\u{FFFD}b"))
        #expect(TextDecoding.validUTF8([0x61, 0xE2, 0x82], invalid: .replace) == .success(Array("a\u{FFFD}".utf8)))
        #expect(TextDecoding.validUTF8([0x61, 0xE2, 0x82], invalid: .error) == .failure(.invalidUTF8(offset: 1)))
    }

    @Test func aNULByteMeansBinary() {
        let result = TextDecoding.text(fromUTF8: [0x50, 0x4B, 0x03, 0x04, 0x00], invalid: .replace)
        #expect(result == .failure(.binary(offset: 4)))
        #expect(
            TextDecoding.Problem.binary(offset: 4).description
                == "looks like a binary file (a NUL byte at offset 4), not text")
    }

    @Test(arguments: [
        ([0xEF, 0xBB, 0xBF, 0x41] as [UInt8], TextDecoding.Encoding.utf8, 3),
        ([0xFF, 0xFE, 0x41, 0x00], .utf16LittleEndian, 2),
        ([0xFE, 0xFF, 0x00, 0x41], .utf16BigEndian, 2),
        ([0x41, 0x42], .utf8, 0),
        ([], .utf8, 0),
    ])
    func aByteOrderMarkNamesTheEncoding(bytes: [UInt8], encoding: TextDecoding.Encoding, markLength: Int) {
        let found = TextDecoding.encoding(ofPrefix: bytes[...])
        #expect(found.encoding == encoding)
        #expect(found.markLength == markLength)
    }

    @Test func utf16IsTranscodedAcrossAnyChunkBoundary() {
        let text = "Zoë — 😀 ok"
        let units = Array(text.utf16)
        for bigEndian in [false, true] {
            let bytes = units.flatMap {
                bigEndian ? [UInt8($0 >> 8), UInt8($0 & 0xFF)] : [UInt8($0 & 0xFF), UInt8($0 >> 8)]
            }
            for chunk in 1...5 {
                var transcoder = UTF16Transcoder(bigEndian: bigEndian, invalid: .error)
                var output: [UInt8] = []
                var start = 0
                while start < bytes.count {
                    let end = min(start + chunk, bytes.count)
                    #expect(transcoder.transcode(bytes[start..<end], into: &output) == nil)
                    start = end
                }
                #expect(transcoder.finish(into: &output) == nil)
                #expect(String(decoding: output, as: UTF8.self) == text, "chunks of \(chunk)")
            }
        }
    }

    @Test func loneSurrogatesAreErrorsOrReplaced() {
        let bytes: [UInt8] = [0x41, 0x00, 0x00, 0xD8, 0x42, 0x00, 0x00, 0xDC]
        var strict = UTF16Transcoder(bigEndian: false, invalid: .error)
        var output: [UInt8] = []
        #expect(strict.transcode(bytes[...], into: &output) == .invalidUTF16(offset: 2))
        #expect(output == [0x41])
        var lenient = UTF16Transcoder(bigEndian: false, invalid: .replace)
        output = []
        #expect(lenient.transcode(bytes[...], into: &output) == nil)
        #expect(lenient.finish(into: &output) == nil)
        #expect(String(decoding: output, as: UTF8.self) == "A\u{FFFD}B\u{FFFD}")
        var cut = UTF16Transcoder(bigEndian: false, invalid: .error)
        output = []
        #expect(cut.transcode([0x41, 0x00, 0x42][...], into: &output) == nil)
        #expect(cut.finish(into: &output) == .invalidUTF16(offset: 2))
    }
}

struct InputStreamTests {
    @Test func linesSplitOnNewlinesWithOrWithoutCarriageReturns() throws {
        let long = String(repeating: "x", count: 200_000)
        let file = try TemporaryFile("one\r\ntwo\n\n\(long)\nlast")
        let stream = file.stream(chunk: 1024)
        var lines: [String] = []
        while let line = try stream.nextLine() { lines.append(String(decoding: line, as: UTF8.self)) }
        #expect(lines == ["one", "two", "", long, "last"])
    }

    @Test func aByteOrderMarkIsRemovedAndUTF16DecodedWhateverTheChunkSize() throws {
        let text = "première ligne\nsecond 😀 line\n"
        let encodings: [[UInt8]] = [
            [0xEF, 0xBB, 0xBF] + Array(text.utf8),
            [0xFF, 0xFE] + Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] },
            [0xFE, 0xFF] + Array(text.utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] },
        ]
        for bytes in encodings {
            let file = try TemporaryFile(bytes)
            for chunk in [4, 5, 7, 64] {
                #expect(String(decoding: try file.stream(chunk: chunk).readAll(), as: UTF8.self) == text)
                let stream = file.stream(chunk: chunk)
                var lines: [String] = []
                while let line = try stream.nextLine() { lines.append(String(decoding: line, as: UTF8.self)) }
                #expect(lines == ["première ligne", "second 😀 line"])
            }
        }
    }

    @Test func bytesBeforeADecodingErrorAreHandedOutFirst() throws {
        let file = try TemporaryFile([0xFF, 0xFE, 0x41, 0x00, 0x0A, 0x00, 0x00, 0xDC, 0x42, 0x00])
        let stream = file.stream(chunk: 64)
        #expect(try stream.nextLine() == [0x41])
        #expect(throws: ReadError.self) { try stream.nextLine() }
    }

    @Test func aNULInTheFirstChunkMarksABinaryFile() throws {
        let binary = try TemporaryFile([0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01])
        let error = #expect(throws: ReadError.self) { try binary.stream().requireText() }
        #expect(error?.description == "looks like a binary file (a NUL byte at offset 4), not text")
        let text = try TemporaryFile("fine")
        try text.stream().requireText()
    }

    @Test func unreadBytesComeBackFirst() throws {
        let file = try TemporaryFile("abc\ndef\n")
        let stream = file.stream(chunk: 4)
        #expect(try stream.nextLine() == Array("abc".utf8))
        stream.unread(Array("xy\n".utf8)[...])
        #expect(try stream.nextLine() == Array("xy".utf8))
        #expect(try stream.nextLine() == Array("def".utf8))
        #expect(try stream.nextLine() == nil)
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
