import Foundation
import PipeKit
import TestSupport
import Testing

@testable import BuiltinStages

struct CSVSinkTests {
    @Test func documentRowsAreRFC4180WithAByteOrderMarkAndCRLF() throws {
        let folder = try ScratchFolder()
        var document = Document(
            id: "a", source: "a.txt", text: "One, \"two\"\nthree", metadata: Metadata(title: "T", date: "2025-02-13"))
        document.keywords = [Keyword(text: "two", score: 1), Keyword(text: "three", score: 0.5)]
        try ExportSamples.export(
            [document, Document(id: "b", text: "plain")], sink: "{type: csv, path: out.csv}", in: folder)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: folder.path("out.csv")))
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == "\u{FEFF}id,source,title,date,characters,entities,summary,keywords,text\r\n"
                + "a,a.txt,T,2025-02-13,16,,,two; three,\"One, \"\"two\"\"\nthree\"\r\n"
                + "b,-,,,5,,,,plain\r\n")
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
    }

    @Test func columnsChooseAndOrderIncludingMetadataAndFields() throws {
        let folder = try ScratchFolder()
        var document = Document(
            id: "a", text: "x", metadata: Metadata(author: "Ann", extra: ["url": "https://x", "n": 2]),
            fields: ["tags": ["p", "q"]])
        document.sentences = [TextSpan(start: 0, end: 1)]
        try ExportSamples.export(
            [document],
            sink:
                "{type: csv, path: out.csv, bom: false, header: false, columns: [metadata.url, author, fields.tags, metadata.n, sentences, id]}",
            in: folder)
        #expect(try folder.read("out.csv") == "https://x,Ann,\"[\"\"p\"\",\"\"q\"\"]\",2,1,a\r\n")
    }

    @Test func itemRowsCarryScalarOffsets() throws {
        let folder = try ScratchFolder()
        let document = ExportSamples.hostile
        for rows in ["entities", "sentences", "keywords"] {
            try ExportSamples.export([document], sink: "{type: csv, path: \(rows).csv, rows: \(rows)}", in: folder)
        }
        let scalars = Array(document.text.unicodeScalars)
        func slice(_ row: [String]) -> String {
            String(String.UnicodeScalarView(scalars[Int(row[2])!..<Int(row[3])!]))
        }
        let entities = try IndependentReaders.csvRows(folder.path("entities.csv"))
        #expect(entities.first == ["document_id", "index", "start", "end", "text", "label", "canonical", "confidence"])
        #expect(entities.count == 5)
        for (row, entity) in zip(entities.dropFirst(), document.entities!) {
            let mention = String(document[entity.span])
            #expect(row[4] == (mention.hasPrefix("=") ? "'" + mention : mention))
            #expect(slice(row) == mention, "scalar offsets slice the text back")
        }
        #expect(entities[4][5] == #"X"><img src=x onerror=alert(2)>"#)

        let sentences = try IndependentReaders.csvRows(folder.path("sentences.csv"))
        #expect(sentences.map { $0[1] } == ["index", "0", "1", "2"])
        #expect(sentences[2][4] == String(document[document.sentences![1]]))
        #expect(sentences[2][4].contains("\n"), "a line break inside a quoted field survives")
        #expect(slice(sentences[2]) == sentences[2][4])

        let keywords = try IndependentReaders.csvRows(folder.path("keywords.csv"))
        #expect(
            keywords == [
                ["document_id", "rank", "text", "score"], [document.id, "1", "'=1+1", "0.9"],
                [document.id, "2", "a \"quoted, phrase\"", "0.5"], [document.id, "3", "line\nbreak", "0.25"],
            ])
    }

    @Test func safeOffLeavesFormulasAsTheyAre() throws {
        let folder = try ScratchFolder()
        try ExportSamples.export(
            [Document(id: "=1+1", text: "@SUM(A1)")],
            sink: "{type: csv, path: out.csv, safe: false, bom: false, columns: [id, text]}", in: folder)
        #expect(try folder.read("out.csv") == "id,text\r\n=1+1,@SUM(A1)\r\n")
    }

    @Test(arguments: [
        ("=1+1", true), ("+A1", true), ("-A1", true), ("@SUM(A1)", true), ("\tx", true), ("\rx", true),
        ("-12.5", false), ("+3", false), ("-", false), ("-1-1", true), ("1+1", false), ("a=b", false), ("", false),
        ("'=1", false),
    ])
    func cellsThatASpreadsheetWouldRunAreGuarded(cell: String, guarded: Bool) {
        var out: [UInt8] = []
        CSVSink.appendField(cell[...], guarded: true, to: &out)
        let expected = guarded ? "'" + cell : cell
        let quoted = cell.contains("\r") ? "\"\(expected)\"" : expected
        #expect(String(decoding: out, as: UTF8.self) == quoted)
    }

    @Test func anUnknownColumnNamesTheRowKindAndTheNearestColumn() throws {
        let folder = try ScratchFolder()
        #expect {
            try ExportSamples.export([], sink: "{type: csv, rows: entities, columns: [text, lable]}", in: folder)
        } throws: { error in
            "\(error)".contains("error: unknown column 'lable' for rows: entities\n")
                && "\(error)".hasSuffix("\ndid you mean 'label'?")
        }
    }

    @Test func documentsWithoutItemsGiveNoRows() throws {
        let folder = try ScratchFolder()
        try ExportSamples.export(
            [Document(id: "a", text: "x")], sink: "{type: csv, path: out.csv, rows: entities, bom: false}", in: folder)
        #expect(try folder.read("out.csv") == "document_id,index,start,end,text,label,canonical,confidence\r\n")
    }
}
