import Foundation
import PipeKit
import TestSupport
import Testing

@testable import BuiltinStages

/// The Markdown and HTML reports. The annotated seed article's reports are golden files in
/// `Fixtures/`; after an intended change, rerun with `PIPE_UPDATE_GOLDEN=1` and review `git diff`.
struct ReportTests {
    /// A second article, so that the corpus sections count across documents.
    static var second: Document {
        let text = "NATO ministers met in Brussels. Zelensky spoke to NATO by video."
        var document = Document(
            id: "second.txt", source: "second.txt", text: text,
            metadata: Metadata(title: "Ministers meet", date: "2025-02-14"))
        document.sentences = ExportSamples.sentences(in: text)
        document.entities = ExportSamples.entities(in: text, names: ExportSamples.seedNames)
        return document
    }

    @Test(arguments: ["md", "html"])
    func theAnnotatedSeedReportMatchesItsGoldenFile(format: String) throws {
        let folder = try ScratchFolder()
        let type = format == "md" ? "markdown" : "html"
        let report = try ExportSamples.export(
            [ExportSamples.seed, Self.second], sink: "{type: \(type), path: seed.\(format), title: Seed report}",
            in: folder)
        #expect(report.exitCode == 0)
        let actual = try folder.read("seed.\(format)")
        let golden = ExportSamples.fixtures.appendingPathComponent("seed-report.\(format)").path
        #expect(actual == (try GoldenFile.expected(golden, actual: actual)))
    }

    @Test func theSeedFixtureHasEveryAnnotation() {
        let seed = ExportSamples.seed
        #expect(seed.sentences!.count > 30)
        #expect(seed.entities!.count > 60)
        #expect(
            seed.distinctEntities().first
                == DistinctEntity(name: "Ukraine", label: "LOC", mentions: 17, firstMention: 4))
    }

    @Test func markdownLeavesOutWhatWasNotComputed() throws {
        let folder = try ScratchFolder()
        try ExportSamples.export(
            [Document(id: "a.txt", source: "a.txt", text: "  First words\n\nof a *text* that goes on.  ")],
            sink: "{type: markdown, path: out.md, excerpt: 20}", in: folder)
        #expect(
            try folder.read("out.md") == """
                # report

                1 document · 42 characters

                ## Documents

                ### a.txt

                a.txt · 42 characters

                **Opening.** First words of a \\*te…

                """)
    }

    @Test func markdownSaysSoWhenEntitiesWereSoughtAndNoneFound() throws {
        let folder = try ScratchFolder()
        var document = Document(id: "a", text: "quiet")
        document.entities = []
        try ExportSamples.export([document], sink: "{type: markdown, path: out.md, excerpt: 0}", in: folder)
        #expect(
            try folder.read("out.md") == """
                # report

                1 document · 5 characters · 0 entity mentions of 0 entities

                ## Documents

                ### a

                standard input · 5 characters

                No entities.

                """)
    }

    @Test(arguments: [
        ("plain words", "plain words"),
        ("# not a heading", "\\# not a heading"),
        ("- not a list", "\\- not a list"),
        ("12. not a list", "\\12. not a list"),
        ("2025 is a year", "2025 is a year"),
        ("a *b* _c_ `d` [e](f) <g> | h ~i~ \\", "a \\*b\\* \\_c\\_ \\`d\\` \\[e\\](f) \\<g\\> \\| h \\~i\\~ \\\\"),
        ("AT&T &amp; &#39; &x", "AT&T \\&amp; \\&#39; &x"),
        ("two\nlines\r\nand\ttab", "two lines and tab"),
        ("Zoë 🙂", "Zoë 🙂"),
    ])
    func markdownEscapesWhatItWouldActOn(text: String, expected: String) {
        var out: [UInt8] = []
        out.appendMarkdown(text)
        #expect(String(decoding: out, as: UTF8.self) == expected)
    }

    @Test func htmlEscapesTextAndAttributes() {
        var out: [UInt8] = []
        out.appendHTML(#"<a href="x" title='y'>&</a> 🙂"#)
        #expect(
            String(decoding: out, as: UTF8.self) == "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt; 🙂")
    }

    @Test func highlightsSkipOverlappingAndBrokenSpans() {
        let text = "Zoë & Ann <3"
        var document = Document(id: "d", text: text)
        document.entities = [
            Entity(span: TextSpan(start: 7, end: 10), label: "PERSON", canonical: "Ann Lee", confidence: 1),
            Entity(span: TextSpan(start: 0, end: 4), label: "PERSON", canonical: "Zoë", confidence: 1),
            Entity(span: TextSpan(start: 2, end: 5), label: "ORG", canonical: "overlaps", confidence: 1),
            Entity(span: TextSpan(start: 3, end: 6), label: "ORG", canonical: "splits ë", confidence: 1),
            Entity(span: TextSpan(start: 11, end: 99), label: "ORG", canonical: "past the end", confidence: 1),
            Entity(span: TextSpan(start: 11, end: 13), label: "X y", canonical: "", confidence: 1),
        ]
        var out: [UInt8] = []
        HTMLSink.appendHighlighted(document, into: &out)
        #expect(
            String(decoding: out, as: UTF8.self)
                == #"<mark class="l-PERSON" title="PERSON">Zoë</mark> &amp; "#
                + #"<mark class="l-PERSON" title="PERSON · Ann Lee">Ann</mark> "#
                + #"<mark class="l-X_y" title="X y">&lt;3</mark>"#)
    }

    @Test func anEmptyCorpusStillMakesAPage() throws {
        let folder = try ScratchFolder()
        try ExportSamples.export([], sink: "{type: html, path: out.html}", in: folder)
        let html = try folder.read("out.html")
        #expect(html.contains("<p>No documents reached this report.</p>"))
        #expect(html.contains(#"<span id="shown">0 of 0 documents</span>"#))
        #expect(!html.contains("<ol"))
        #expect(html.hasSuffix("</html>\n"))
    }

    @Test func aSpoolThatOutgrowsMemoryGivesBackTheSameBytes() throws {
        let folder = try ScratchFolder()
        let spool = Spool(for: "out", memoryLimit: 10)
        var expected: [UInt8] = []
        for number in 0..<2000 {
            let chunk = Array("chunk \(number) é🙂\n".utf8)
            expected += chunk
            try spool.write(chunk)
        }
        let file = OutputFile(path: folder.path("out"))
        try file.open()
        try spool.copy(to: file)
        try file.commit()
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.path("out"))) == Data(expected))
    }

    @Test func labelsGetStableColoursAndSafeClassNames() {
        #expect(EntityLabels.colours("PERSON").solid == "#d97706")
        #expect(EntityLabels.colours("PRODUCT") == EntityLabels.colours("PRODUCT"))
        #expect(EntityLabels.colours("PRODUCT").solid.hasPrefix("hsl("))
        #expect(EntityLabels.cssClass(#"a"b{c}</style>"#) == "l-a_b_c___style_")
        #expect(EntityLabels.ordered(["ZED", "LOC", "ALPHA", "PERSON", "LOC"]) == ["PERSON", "LOC", "ALPHA", "ZED"])
    }
}
