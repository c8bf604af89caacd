import Foundation
import PipeKit
import TestSupport
import Testing

@testable import BuiltinStages

struct JSONExportTests {
    static let small: Document = {
        var document = Document(id: "a", source: "a.txt", text: "Zoë met Ann.", metadata: Metadata(title: "T"))
        document.entities = [
            Entity(span: TextSpan(start: 9, end: 12), label: "PERSON", canonical: "Ann", confidence: 1)
        ]
        return document
    }()

    @Test func jsonLinesKeepsTheFieldsAskedFor() throws {
        let folder = try ScratchFolder()
        let report = try ExportSamples.export(
            [Self.small, Document(id: "b", text: "B")],
            sink: "{type: jsonl, path: out.jsonl, fields: [id, entities, title]}", in: folder)
        #expect(report.exitCode == 0)
        #expect(
            try folder.read("out.jsonl") == """
                {"id":"a","title":"T","entities":[{"start":8,"end":11,"text":"Ann","label":"PERSON","canonical":"Ann","confidence":1.0}]}
                {"id":"b"}

                """)
    }

    @Test func jsonIsOneArrayWithADocumentALine() throws {
        let folder = try ScratchFolder()
        try ExportSamples.export(
            [Self.small, Document(id: "b", text: "B")], sink: "{type: json, path: out.json, include_text: false}",
            in: folder)
        #expect(
            try folder.read("out.json") == """
                [
                {"id":"a","source":"a.txt","title":"T","metadata":{},"entities":[{"start":8,"end":11,"text":"Ann",\
                "label":"PERSON","canonical":"Ann","confidence":1.0}]},
                {"id":"b","source":"-","metadata":{}}
                ]

                """)
    }

    @Test func prettyJSONIndentsTheSameRecords() throws {
        let folder = try ScratchFolder()
        try ExportSamples.export([Self.small], sink: "{type: json, path: out.json, pretty: true}", in: folder)
        #expect(
            try folder.read("out.json") == """
                [
                  {
                    "id": "a",
                    "source": "a.txt",
                    "title": "T",
                    "text": "Zoë met Ann.",
                    "metadata": {},
                    "entities": [
                      {
                        "start": 8,
                        "end": 11,
                        "text": "Ann",
                        "label": "PERSON",
                        "canonical": "Ann",
                        "confidence": 1.0
                      }
                    ]
                  }
                ]

                """)
    }

    @Test func noDocumentsGiveAnEmptyArray() throws {
        let folder = try ScratchFolder()
        try ExportSamples.export([], sink: "{type: json, path: out.json, pretty: true}", in: folder)
        #expect(try folder.read("out.json") == "[]\n")
    }

    @Test func theIndenterLeavesStringsAlone() {
        var out: [UInt8] = []
        JSONIndenter.indent(
            Array(#"{"a{,:}":"[x, y]: \"{}\"","b":[],"c":{},"d":[1,{"e":null}]}"#.utf8), depth: 0, into: &out)
        #expect(
            String(decoding: out, as: UTF8.self) == #"""
                {
                  "a{,:}": "[x, y]: \"{}\"",
                  "b": [],
                  "c": {},
                  "d": [
                    1,
                    {
                      "e": null
                    }
                  ]
                }
                """#)
    }

    @Test(arguments: [
        (
            "{type: jsonl, fields: [id, txt]}",
            "unknown field 'txt' in 'fields' of stage 'jsonl'", "did you mean 'text'?"
        ),
        (
            "{type: json, include_text: false, fields: [id, text]}",
            "'fields' lists 'text' but 'include_text' is false", "remove 'text' from 'fields', or 'include_text: false'"
        ),
        ("{type: jsonl, fields: [tokens]}", "'fields' lists 'tokens' but 'tokens' is false", "set 'tokens: true'"),
    ])
    func badFieldsAreConfigurationErrors(sink: String, message: String, help: String) throws {
        let folder = try ScratchFolder()
        #expect {
            try ExportSamples.export([], sink: sink, in: folder)
        } throws: { error in
            let text = "\(error)"
            return text.contains(": error: \(message)\n") && text.hasSuffix("\n\(help)")
        }
    }
}
