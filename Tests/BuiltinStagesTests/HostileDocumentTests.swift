import Foundation
import PipeKit
import TestSupport
import Testing

@testable import BuiltinStages

/// A document holding `<script>`, quotes, commas, line breaks, a spreadsheet formula and emoji goes
/// through every file sink intact and harmless, as read back by tools that share no code with them.
struct HostileDocumentTests {
    let document = ExportSamples.hostile

    func export(_ sink: String) throws -> ScratchFolder {
        let folder = try ScratchFolder()
        let report = try ExportSamples.export([document], sink: sink, in: folder)
        #expect(report.exitCode == 0)
        return folder
    }

    @Test func jsonLinesAndJSONGiveEveryStringBack() throws {
        for sink in ["{type: jsonl, path: out}", "{type: json, path: out}", "{type: json, path: out, pretty: true}"] {
            let folder = try export(sink)
            let parsed = try IndependentReaders.json(folder.path("out"))
            let record = try #require((parsed as? [[String: Any]])?.first ?? parsed as? [String: Any])
            #expect(record["id"] as? String == document.id)
            #expect(record["title"] as? String == document.metadata.title)
            #expect(record["text"] as? String == document.text)
            let entities = try #require(record["entities"] as? [[String: Any]])
            #expect(entities.map { $0["text"] as? String } == document.entities!.map { String(document[$0.span]) })
            #expect(entities.map { $0["label"] as? String } == document.entities!.map(\.label))
            let summary = try #require(record["summary"] as? [String: Any])
            #expect(summary["text"] as? String == document.summary?.text)
        }
    }

    @Test func csvGivesEveryCellBackWithFormulasDisarmed() throws {
        let folder = try export(
            "{type: csv, path: out.csv, columns: [id, title, text, summary, keywords, metadata.note]}")
        let rows = try IndependentReaders.csvRows(folder.path("out.csv"))
        #expect(
            rows == [
                ["id", "title", "text", "summary", "keywords", "metadata.note"],
                [
                    document.id, "'" + document.metadata.title!, "'" + document.text, document.summary!.text,
                    "'=1+1; a \"quoted, phrase\"; line\nbreak", "a,b\n\"c\"",
                ],
            ])
    }

    @Test func markdownShowsTheTextAndRunsNothing() throws {
        let folder = try export("{type: markdown, path: out.md}")
        let markdown = try folder.read("out.md")
        #expect(markdown.contains(#"### \=HYPERLINK("http://x","\<i\>click\</i\>")"#))
        #expect(markdown.contains(#"**Summary.** "\<script\>alert(3)\</script\>" = summary, with "quotes" 🙂"#))
        #expect(markdown.contains(#"| ORG | \=cmd\|' /C calc'!A0 (1), \<b\>Script\</b\> & Co (1) |"#))
        for (offset, character) in markdown.enumerated() where character == "<" {
            let before = markdown[markdown.index(markdown.startIndex, offsetBy: offset - 1)]
            #expect(before == "\\", "an unescaped '<' at character \(offset)")
        }
    }

    @Test func htmlShowsTheTextAndRunsNothing() throws {
        let folder = try export("{type: html, path: out.html}")
        // Python's HTML parser lists the tags and collects the text of the document body.
        let parsed = try IndependentReaders.python(
            """
            import html.parser, json, sys
            class Reader(html.parser.HTMLParser):
                def __init__(self):
                    super().__init__()
                    self.tags, self.body, self.depth, self.titles, self.bold, self.inBold = [], [], 0, [], [], False
                def handle_starttag(self, tag, attrs):
                    self.tags.append(tag)
                    self.inBold = tag == "b"
                    attrs = dict(attrs)
                    if tag == "mark": self.titles.append(attrs.get("title"))
                    if self.depth or attrs.get("class") == "body": self.depth += 1
                def handle_endtag(self, tag):
                    self.inBold = False
                    if self.depth: self.depth -= 1
                def handle_data(self, data):
                    if self.depth: self.body.append(data)
                    if self.inBold: self.bold.append(data)
            reader = Reader()
            reader.feed(open(sys.argv[1], encoding="utf-8").read())
            print(json.dumps({"scripts": reader.tags.count("script"), "imgs": reader.tags.count("img"),
                              "bold": reader.bold,
                              "body": "".join(reader.body), "titles": reader.titles}))
            """, folder.path("out.html"))
        let result = try #require(try JSONSerialization.jsonObject(with: Data(parsed.utf8)) as? [String: Any])
        #expect(result["scripts"] as? Int == 1, "only the report's own script")
        #expect(result["imgs"] as? Int == 0)
        let bold = try #require(result["bold"] as? [String])
        #expect(bold.allSatisfy { $0.allSatisfy { $0.isNumber || $0 == "," } }, "only counts are bold: \(bold)")
        #expect(result["body"] as? String == document.text)
        #expect(
            result["titles"] as? [String] == [
                "ORG", "ORG · <b>Script</b> & Co", "PERSON · Zoë \"Z\" Smith", #"X"><img src=x onerror=alert(2)>"#,
            ])
    }

    @Test func sqliteGivesEveryValueBack() throws {
        let folder = try export("{type: sqlite, path: out.sqlite}")
        let rows = try IndependentReaders.sqlite(
            folder.path("out.sqlite"), "SELECT id, title, text, summary FROM documents")
        #expect(
            rows.first as? [String] == [document.id, document.metadata.title!, document.text, document.summary!.text])
        let entities = try IndependentReaders.sqlite(
            folder.path("out.sqlite"), "SELECT text, label, canonical FROM entities ORDER BY position")
        #expect(
            entities as? [[String]] == document.entities!.map { [String(document[$0.span]), $0.label, $0.canonical] })
    }
}
