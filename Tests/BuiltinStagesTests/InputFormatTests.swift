import Foundation
import PipeKit
import Synchronization
import Testing

@testable import BuiltinStages

/// Each format of the `files` reader on the fixtures: exact texts, metadata, ids, and the
/// messages for broken inputs.
struct InputFormatTests {
    @Test(arguments: [
        ("news.html", InputFormat.html), ("NEWS.HTM", .html), ("a/b.markdown", .markdown), ("x.md", .markdown),
        ("d.jsonl", .jsonl), ("d.ndjson", .jsonl), ("d.json", .json), ("d.csv", .csv), ("d.tsv", .csv),
        ("notes.txt", .text), ("README", .text), (".hidden", .text), ("archive.tar.gz", .text), ("-", .text),
        ("a.d/notes", .text), ("data/é.CSV", .csv), ("résumé.Md", .markdown), ("x.ﬁle", .text),
        ("folder.md/", .markdown),
    ])
    func theFormatFollowsTheExtension(path: String, format: InputFormat) {
        #expect(InputFormat(path: path) == format)
    }

    @Test func aNewsPageBecomesItsArticleText() throws {
        let read = try ReaderFixtures.read("news.html")
        #expect(read.failures.isEmpty)
        let document = try #require(read.documents.first)
        #expect(document.text == (try ReaderFixtures.golden("news.txt")))
        #expect(document.id == "news.html")
        #expect(document.source == ReaderFixtures.shown("news.html"))
        #expect(
            document.metadata
                == Metadata(
                    title: "Council approves ‘Riverside’ tram line after ten-year wait | The Northern Ledger",
                    date: "2024-03-07", author: "Priya Natarajan", language: "en-GB"))
    }

    @Test func aMarkdownArticleLosesItsMarkupAndKeepsItsFrontMatter() throws {
        let read = try ReaderFixtures.read("article.md")
        let document = try #require(read.documents.first)
        #expect(document.text == (try ReaderFixtures.golden("article.txt")))
        #expect(document.metadata.title == "Why the Riverside tram took ten years: a timeline")
        #expect(document.metadata.date == "2024-03-09")
        #expect(document.metadata.author == "Priya Natarajan")
        #expect(document.metadata.extra == ["tags": ["transport", "council", "trams"], "draft": false])
    }

    @Test func theFormatOptionOverridesTheExtension() throws {
        let read = try ReaderFixtures.read("news.html", format: .text)
        #expect(read.documents.first?.text.hasPrefix("<!DOCTYPE html>\n") == true)
        #expect(read.documents.first?.metadata == Metadata())
    }

    @Test func jsonLinesGiveOneDocumentPerRecord() throws {
        let read = try ReaderFixtures.read("articles.jsonl")
        #expect(read.failures.isEmpty)
        let documents = read.documents
        #expect(documents.map(\.id) == ["ledger-0412", "413", "articles.jsonl:4", "ledger-0415"])
        #expect(documents.map(\.metadata.date) == ["2024-03-07", "2024-03-08", "2024-03-08", nil])
        #expect(
            documents[0].text
                == "The city council has approved the “Riverside” tram line, ending a decade of consultations.\nCouncillors voted 31 to 12."
        )
        #expect(
            documents[0].metadata.extra == ["section": "Local", "words": 612], "arrays are not metadata by default")
        #expect(documents[1].metadata.language == "en")
        #expect(documents[2].metadata.extra == ["paywalled": false])
        #expect(documents[3].source == "archive/2024/03/bridge.txt", "pipe's own export keeps its source")
        #expect(documents[3].metadata.author == "Tom Ellis")
        #expect(documents[3].metadata.extra == ["desk": "Transport"])
        #expect(documents[0].source == ReaderFixtures.shown("articles.jsonl"))
    }

    @Test func metadataFieldsChooseWhatIsKept() throws {
        let options = FormatOptions.standard.with { $0.fields.metadata = ["tags", "title", "missing"] }
        let document = try #require(try ReaderFixtures.read("articles.jsonl", options: options).documents.first)
        #expect(
            document.metadata
                == Metadata(title: "Council approves Riverside tram line", extra: ["tags": ["transport", "council"]]))
    }

    @Test func aJSONArrayGivesOneDocumentPerObject() throws {
        let options = FormatOptions.standard.with { $0.fields.text = "body" }
        let read = try ReaderFixtures.read("articles.json", options: options)
        #expect(read.failures.isEmpty)
        #expect(read.documents.map(\.id) == ["wire-1", "articles.json:2"])
        #expect(
            read.documents.map(\.metadata.title) == [
                "Ferry services cancelled as gales hit", "Museum returns artefacts",
            ])
        #expect(read.documents.map(\.metadata.date) == ["2024-03-08", "2024-03-07"])
        #expect(read.documents[1].metadata.extra == ["agency": "Coastal Press", "photos": 3])
        #expect(
            read.documents[0].text
                == "All ferry crossings were cancelled on Friday as gales of up to 70mph hit the coast.")
    }

    @Test func aSingleJSONObjectIsOneDocumentNamedAfterTheFile() throws {
        let file = try TemporaryFile(#"{"text": "Alone.", "title": "One"}"#, name: "one.json")
        let read = try ReaderFixtures.read(file.path)
        #expect(read.documents.map(\.id) == ["one.json"])
        #expect(read.documents.first?.metadata.title == "One")
    }

    @Test func brokenJSONNamesTheLineAndByte() throws {
        let file = try TemporaryFile("[\n  {\"text\": \"a\"},\n  {\"text\": \"b\"\n]\n", name: "bad.json")
        let read = try ReaderFixtures.read(file.path)
        #expect(read.documents.isEmpty)
        #expect(
            read.messages == [
                "\(Paths.display(file.path)):4: invalid JSON at byte 0: expected ',' or '}' after an object member"
            ])
        #expect(read.failures.first?.id == "bad.json")
    }

    @Test func jsonLinesInAJSONFileGetAHint() throws {
        let file = try TemporaryFile("{\"text\": \"a\"}\n{\"text\": \"b\"}\n", name: "lines.json")
        let read = try ReaderFixtures.read(file.path)
        #expect(
            read.messages == [
                "\(Paths.display(file.path)):2: invalid JSON at byte 0: unexpected '{' after the JSON value; "
                    + "for one JSON object a line, name the file .jsonl or set 'format: jsonl'"
            ])
    }

    @Test func csvRecordsKeepQuotedCommasQuotesAndLineBreaks() throws {
        let read = try ReaderFixtures.read("articles.csv")
        #expect(read.failures.isEmpty)
        let documents = read.documents
        #expect(documents.map(\.id) == ["101", "102", "103"])
        #expect(documents[0].text == "The council voted 31 to 12.\r\nWork starts in 2025, the council said.")
        #expect(
            documents[0].metadata
                == Metadata(
                    title: "Council approves tram line, after ten years", date: "2024-03-07", author: "Priya Natarajan")
        )
        #expect(documents[1].text == #"Forecasters said: "Expect gusts of 70mph, and travel disruption.""#)
        #expect(documents[1].metadata.author == nil, "an empty cell is no value")
        #expect(documents[2].text == "Visitors queued from 8am.")
    }

    @Test func csvColumnsAndDelimiterAreOptions() throws {
        let file = try TemporaryFile("key;body;lang\nk1;Hallo, Welt;de\n;Zweite Zeile;de\n", name: "de.csv")
        let options = FormatOptions.standard.with {
            $0.columns = RecordFields(text: "body", id: "key")
            $0.delimiter = UInt8(ascii: ";")
        }
        let read = try ReaderFixtures.read(file.path, options: options)
        #expect(read.documents.map(\.id) == ["k1", "de.csv:3"])
        #expect(read.documents.map(\.text) == ["Hallo, Welt", "Zweite Zeile"])
        #expect(read.documents.first?.metadata.extra == ["lang": "de"])
    }

    @Test func tsvFilesAreTabSeparated() throws {
        let file = try TemporaryFile("id\ttext\n1\ta, b\n", name: "t.tsv")
        #expect(try ReaderFixtures.read(file.path).documents.map(\.text) == ["a, b"])
    }

    @Test func aCSVWithoutTheTextColumnSaysWhichColumnsItHas() throws {
        let file = try TemporaryFile("id,txt,title\n1,a,b\n", name: "cols.csv")
        let read = try ReaderFixtures.read(file.path)
        #expect(
            read.messages == [
                "\(Paths.display(file.path)):1: no column 'text' in the header (id, txt, title); did you mean 'txt'?; "
                    + "set 'text_column' to the one that holds the text"
            ])
    }

    @Test func csvRowsWithTooManyFieldsAreReportedAndTooFewAreFilled() throws {
        let file = try TemporaryFile("id,text,title\n1,a\n2,b,T,extra\n3,c,U\n", name: "ragged.csv")
        let read = try ReaderFixtures.read(file.path)
        #expect(read.documents.map(\.id) == ["1", "3"])
        #expect(read.messages == ["\(Paths.display(file.path)):3: 4 fields, but the header has 3 columns"])
        #expect(read.failures.first?.text == "2,b,T,extra")
    }

    @Test func aTruncatedJSONLineIsReportedAndReadingGoesOn() throws {
        let read = try ReaderFixtures.read("truncated.jsonl")
        #expect(read.documents.map(\.id) == ["a1", "a2", "a4"])
        #expect(
            read.messages == [
                "\(ReaderFixtures.shown("truncated.jsonl")):3: invalid JSON at byte 21: unterminated string"
            ])
        #expect(read.failures.first?.id == "truncated.jsonl:3")
        #expect(read.failures.first?.text == #"{"id": "a3", "text": "Oil prices fell for a third"#)
    }

    @Test func anUnbalancedCSVQuoteCostsOneLine() throws {
        let read = try ReaderFixtures.read("unbalanced.csv")
        #expect(read.documents.map(\.id) == ["1", "2", "4", "5"])
        #expect(read.documents.map(\.text).last == "Unemployment was unchanged, at 4.2%.")
        #expect(
            read.messages == [
                "\(ReaderFixtures.shown("unbalanced.csv")):4: unbalanced quote in the record that starts on line 4"
            ])
        #expect(read.failures.first?.id == "unbalanced.csv:4")
        #expect(read.failures.first?.text == #"3,Rates,"The central bank held rates at 4%."#)
    }

    @Test func invalidUTF8FailsTheFileOrIsReplaced() throws {
        let failed = try ReaderFixtures.read("latin1.txt")
        #expect(failed.documents.isEmpty)
        #expect(failed.messages == ["invalid UTF-8 at byte 3"])
        let replaced = try ReaderFixtures.read(
            "latin1.txt", options: FormatOptions.standard.with { $0.invalidUTF8 = .replace })
        #expect(
            replaced.documents.map(\.text) == [
                "Caf\u{FFFD} owners in the old town say r\u{FFFD}sum\u{FFFD}s are piling up.\n"
            ])
    }

    @Test func invalidUTF8InARecordNamesItsLineAndByte() throws {
        let jsonl = try TemporaryFile(
            Array(#"{"text": "ok"}"#.utf8) + [0x0A] + Array(#"{"text": "caf"#.utf8) + [0xE9, 0x22, 0x7D, 0x0A],
            name: "l.jsonl")
        let read = try ReaderFixtures.read(jsonl.path)
        #expect(read.documents.map(\.text) == ["ok"])
        #expect(read.messages == ["\(Paths.display(jsonl.path)):2: invalid UTF-8 at byte 13"])
        let replaced = try ReaderFixtures.read(jsonl.path, options: .standard.with { $0.invalidUTF8 = .replace })
        #expect(replaced.documents.map(\.text) == ["ok", "caf\u{FFFD}"])

        let csv = try TemporaryFile(
            Array("id,text\n1,\"two\nlines ".utf8) + [0xFF] + Array("\"\n2,fine\n".utf8), name: "u.csv")
        let csvRead = try ReaderFixtures.read(csv.path)
        #expect(csvRead.documents.map(\.id) == ["2"])
        #expect(csvRead.messages == ["\(Paths.display(csv.path)):3: invalid UTF-8 at byte 6"])
    }

    @Test func aBinaryFileIsReportedNotRead() throws {
        for format in [nil, InputFormat.jsonl, .csv, .json] {
            let read = try ReaderFixtures.read("logo.png", format: format)
            #expect(read.documents.isEmpty)
            #expect(
                read.messages == ["looks like a binary file (a NUL byte at offset 8), not text"],
                "\(String(describing: format))")
            #expect(read.failures.first?.id == "logo.png")
        }
    }

    @Test func utf16WithAByteOrderMarkIsDecoded() throws {
        let read = try ReaderFixtures.read("notes-utf16.txt")
        #expect(
            read.documents.map(\.text) == ["Notes from the meeting: Zoë agreed — 😀\r\nNext meeting on Tuesday.\r\n"])
        let bigEndian = try TemporaryFile(
            [0xFE, 0xFF] + Array("id,text\n7,Grüße 😀\n".utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] },
            name: "be.csv")
        #expect(try ReaderFixtures.read(bigEndian.path).documents.map(\.text) == ["Grüße 😀"])
    }

    @Test func aUTF8ByteOrderMarkIsRemovedAndOffsetsCountIt() throws {
        let clean = try TemporaryFile([0xEF, 0xBB, 0xBF] + Array("# Title\n\nBody.".utf8), name: "bom.md")
        let read = try ReaderFixtures.read(clean.path)
        #expect(read.documents.map(\.text) == ["Title\n\nBody."])
        #expect(read.documents.first?.metadata.title == "Title")
        let broken = try TemporaryFile([0xEF, 0xBB, 0xBF, 0x61, 0xC3], name: "bom.txt")
        #expect(try ReaderFixtures.read(broken.path).messages == ["invalid UTF-8 at byte 4"])
    }

    @Test func aMissingFileIsAGlobError() {
        #expect(throws: ReadError.self) { try ReaderFixtures.read("no-such-file.jsonl") }
    }

    @Test func anEmptyRecordFileGivesNoDocuments() throws {
        for name in ["empty.jsonl", "empty.csv", "empty.txt"] {
            let file = try TemporaryFile("", name: name)
            let read = try ReaderFixtures.read(file.path)
            #expect(read.failures.isEmpty)
            #expect(read.documents.map(\.text) == (name == "empty.txt" ? [""] : []))
        }
    }

    @Test func aTextFileIsOpenedOnlyWhenItsDocumentIsMade() throws {
        let first = try TemporaryFile("Kept.", name: "a.txt")
        let folder = Paths.directory(of: first.path)
        try "Never needed.".write(toFile: folder + "/b.txt", atomically: true, encoding: .utf8)
        let pending = Mutex<[PendingDocument]>([])
        let failures = Mutex<[DocumentFailure]>([])
        let output = ReaderOutput(
            emit: { _ in Issue.record("whole files are emitted to be made later") },
            fail: { failure in failures.withLock { $0.append(failure) } },
            // Listed, not read yet: b.txt goes away before the reader gets to it.
            expect: { _, _ in try? FileManager.default.removeItem(atPath: folder + "/b.txt") },
            emitPending: { document in pending.withLock { $0.append(document) } })
        try FilesReader(patterns: [folder + "/*.txt"], format: nil, options: .standard).read(into: output)
        #expect(failures.withLock { $0 }.isEmpty, "the reader opens nothing: a run that skips b.txt never sees it")
        let made = pending.withLock { $0 }.map { $0.result() }
        #expect(made.count == 2)
        #expect((try? made.first?.get())?.text == "Kept.")
        guard case .failure(let failure)? = made.last else {
            Issue.record("b.txt was made")
            return
        }
        #expect(failure.id == "b.txt")
        #expect(failure.message.hasPrefix("cannot open: "))
    }
}
