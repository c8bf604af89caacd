import PipeKit

/// Writes one standalone HTML page to look at a corpus: an overview (counts, entities by label, the
/// most mentioned entities as a bar chart, a list of documents), then every document with its
/// summary, key phrases, entities and its text with the entities highlighted in their label's colour.
///
/// A filter box narrows the documents and the legend switches highlights per label. Styles and the
/// small script are inline, so the file works offline. All document text is escaped: a document that
/// holds `<script>` shows it as text.
final class HTMLSink: Sink {
    static let declaration = StageDeclaration.sink(
        "html",
        summary:
            "Writes a standalone HTML report: an overview with a chart, then every document with entities highlighted.",
        options: [
            ExportOptions.path, ExportOptions.overwrite,
            OptionSpec("title", .string, help: "The report's heading; the pipeline's name when unset."),
            OptionSpec("top", .integer(minimum: 0), default: 10, help: "How many entities the overview charts."),
            OptionSpec(
                "include_text", .boolean, default: true,
                help: "Show each document's text, entities highlighted; false keeps only the summaries."),
        ],
        example: """
            - type: html
              path: out/report.html
              top: 10
            """,
        make: { options, context in
            HTMLSink(
                file: ExportOptions.file(options), title: options.optionalString("title") ?? context.pipelineName,
                top: options.int("top"), includeText: options.bool("include_text"))
        })

    private let file: OutputFile
    private let title: String
    private let top: Int
    private let includeText: Bool
    /// The documents' sections, and apart from them their lines in the overview's list.
    private let articles: Spool
    private let contents: Spool
    private var tally = CorpusTally()
    private var section: [UInt8] = []

    init(file: OutputFile, title: String, top: Int, includeText: Bool) {
        self.file = file
        self.title = title
        self.top = top
        self.includeText = includeText
        articles = Spool(for: file.path)
        contents = Spool(for: file.path)
    }

    func open() throws { try file.open() }

    func write(_ document: Document) throws {
        let distinct = document.distinctEntities()
        let characters = ScalarOffsets.scalarCount(of: document.text)
        tally.add(document, characters: characters, distinct: distinct)
        let anchor = "d\(tally.documents)"
        section.removeAll(keepingCapacity: true)
        section.append("<li data-doc=\"\(anchor)\"><a href=\"#\(anchor)\">")
        section.appendHTML(document.metadata.title ?? document.id)
        section.append("</a>")
        var facts: [String] = []
        if let date = document.metadata.date { facts.append(date) }
        if let entities = document.entities { facts.append("\(Array.grouped(entities.count)) entity mentions") }
        if !facts.isEmpty {
            section.append("<span class=\"when\">")
            section.appendHTML(facts.joined(separator: " · "))
            section.append("</span>")
        }
        section.append("</li>\n")
        try contents.write(section)

        section.removeAll(keepingCapacity: true)
        renderDocument(document, anchor: anchor, characters: characters, distinct: distinct, into: &section)
        try articles.write(section)
    }

    func finish() throws {
        var part: [UInt8] = []
        renderHead(into: &part)
        try file.write(part)
        try contents.copy(to: file)
        part.removeAll()
        if tally.documents > 0 { part.append("</ol>\n") }
        part.append("</section>\n")
        try file.write(part)
        try articles.copy(to: file)
        part.removeAll()
        part.append("<p id=\"none\" hidden>No document matches the filter.</p>\n</main>\n")
        part.append("<footer class=\"wrap\">Made by pipe.</footer>\n<script>\n")
        part.append(HTMLReportAssets.script)
        part.append("\n</script>\n</body>\n</html>\n")
        try file.write(part)
        try file.commit()
    }

    func abort() {
        contents.discard()
        articles.discard()
        file.discard()
    }

    // MARK: Overview

    private func renderHead(into out: inout [UInt8]) {
        let labels = tally.labelsInOrder
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        out.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        out.append("<meta name=\"generator\" content=\"pipe\">\n<title>")
        out.appendHTML(title)
        out.append("</title>\n<style>\n")
        out.append(HTMLReportAssets.style)
        out.append("\n")
        for label in labels.map(\.label) {
            let colours = EntityLabels.colours(label)
            let name = EntityLabels.cssClass(label)
            out.append(".\(name){--solid:\(colours.solid);--tint:\(colours.tint)}\n")
            out.append(".off-\(name) mark.\(name){background:none;border-bottom-color:transparent}\n")
        }
        out.append("</style>\n</head>\n<body>\n<header class=\"top wrap\">\n<h1>")
        out.appendHTML(title)
        out.append("</h1>\n<p class=\"facts\">")
        var facts = ["\(Array.grouped(tally.documents)) \(tally.documents == 1 ? "document" : "documents")"]
        if tally.hasEntities { facts.append("\(Array.grouped(tally.mentions)) entity mentions") }
        if let first = tally.firstDate, let last = tally.lastDate {
            facts.append(first == last ? "dated \(first)" : "dated \(first) to \(last)")
        }
        out.appendHTML(facts.joined(separator: " · "))
        out.append("</p>\n</header>\n")

        out.append("<nav class=\"toolbar\"><div class=\"wrap\">\n")
        out.append("<input id=\"filter\" type=\"search\" placeholder=\"Filter documents…\" ")
        out.append("aria-label=\"Filter documents\" autocomplete=\"off\">\n")
        // Plain numbers, as the filter script writes them.
        let noun = tally.documents == 1 ? "document" : "documents"
        out.append("<span id=\"shown\">\(tally.documents) of \(tally.documents) \(noun)</span>\n")
        if !labels.isEmpty {
            out.append("<div class=\"legend\" aria-label=\"Entity labels; untick one to stop highlighting it\">\n")
            for label in labels {
                let name = EntityLabels.cssClass(label.label)
                out.append("<label class=\"\(name)\"><input type=\"checkbox\" checked value=\"\(name)\">")
                out.appendHTML(label.label)
                out.append("</label>\n")
            }
            out.append("</div>\n")
        }
        out.append("</div></nav>\n<main class=\"wrap\">\n<section class=\"panel overview\">\n<h2>Overview</h2>\n")

        out.append("<div class=\"cards\">\n")
        var cards = [
            ("documents", tally.documents), ("characters", tally.characters),
        ]
        if let sentences = tally.sentences { cards.append(("sentences", sentences)) }
        if tally.hasEntities {
            cards.append(("entity mentions", tally.mentions))
            cards.append(("distinct entities", tally.distinctEntities))
        }
        for (name, value) in cards {
            out.append("<div class=\"card\"><b>\(Array.grouped(value))</b><span>\(name)</span></div>\n")
        }
        out.append("</div>\n")

        if !labels.isEmpty {
            out.append("<h2>Entities by label</h2>\n<table>\n<thead><tr><th>Label</th>")
            out.append("<th class=\"num\">Entities</th><th class=\"num\">Mentions</th>")
            out.append("<th class=\"num\">Documents</th></tr></thead>\n<tbody>\n")
            for label in labels {
                out.append("<tr class=\"\(EntityLabels.cssClass(label.label))\"><td><span class=\"swatch\"></span>")
                out.appendHTML(label.label)
                out.append("</td><td class=\"num\">\(Array.grouped(label.entities))</td>")
                out.append("<td class=\"num\">\(Array.grouped(label.mentions))</td>")
                out.append("<td class=\"num\">\(Array.grouped(label.documents))</td></tr>\n")
            }
            out.append("</tbody>\n</table>\n")
        }

        let top = tally.topEntities(top)
        if let most = top.first?.mentions {
            out.append("<h2>Top entities</h2>\n<div class=\"bars\" role=\"list\">\n")
            for entity in top {
                // Tenths of a percent: fine enough to see, short enough to read in the source.
                let width = (entity.mentions * 1000 + most / 2) / most
                out.append("<span class=\"name\" role=\"listitem\" title=\"")
                out.appendHTML("\(entity.name) (\(entity.label))")
                out.append("\">")
                out.appendHTML(entity.name)
                out.append("</span><span class=\"track \(EntityLabels.cssClass(entity.label))\">")
                out.append("<span class=\"fill\" style=\"width:\(width / 10).\(width % 10)%\"></span></span>")
                out.append("<span class=\"n\">\(Array.grouped(entity.mentions))</span>\n")
            }
            out.append("</div>\n")
        }

        if tally.documents == 0 {
            out.append("<p>No documents reached this report.</p>\n")
        } else {
            out.append("<h2>Documents</h2>\n<ol class=\"toc\">\n")
        }
    }

    // MARK: Documents

    private func renderDocument(
        _ document: Document, anchor: String, characters: Int, distinct: [DistinctEntity], into out: inout [UInt8]
    ) {
        out.append("<article class=\"panel doc\" id=\"\(anchor)\">\n<h2>")
        out.appendHTML(document.metadata.title ?? document.id)
        out.append("</h2>\n<p class=\"meta\">")
        var facts: [String] = []
        if document.metadata.title != nil { facts.append(document.id) }
        facts.append(document.source == "-" ? "standard input" : document.source)
        if let date = document.metadata.date { facts.append(date) }
        if let author = document.metadata.author { facts.append(author) }
        facts.append("\(Array.grouped(characters)) characters")
        if let sentences = document.sentences { facts.append("\(Array.grouped(sentences.count)) sentences") }
        for fact in facts {
            out.append("<span>")
            out.appendHTML(fact)
            out.append("</span>")
        }
        out.append("</p>\n")
        if let summary = document.summary {
            out.append("<section class=\"summary\"><h3>Summary</h3><p>")
            out.appendHTML(summary.text)
            out.append("</p></section>\n")
        }
        if let keywords = document.keywords, !keywords.isEmpty {
            out.append("<ul class=\"chips keywords\" aria-label=\"Key phrases\">")
            for keyword in keywords {
                out.append("<li class=\"kw\">")
                out.appendHTML(keyword.text)
                out.append("</li>")
            }
            out.append("</ul>\n")
        }
        if !distinct.isEmpty {
            out.append("<ul class=\"chips entities\" aria-label=\"Entities\">")
            for entity in distinct {
                out.append("<li class=\"ent \(EntityLabels.cssClass(entity.label))\" title=\"")
                out.appendHTML(entity.label)
                out.append("\">")
                out.appendHTML(entity.name)
                out.append("<b>\(entity.mentions)</b></li>")
            }
            out.append("</ul>\n")
        }
        if includeText {
            out.append("<details class=\"text\" open><summary>Text</summary><div class=\"body\">")
            Self.appendHighlighted(document, into: &out)
            out.append("</div></details>\n")
        }
        out.append("</article>\n")
    }

    /// Appends the document's text, escaped, with each entity in a `<mark>` of its label's class.
    ///
    /// Entities are taken in text order; one that overlaps an earlier one, or whose span does not fall
    /// on character boundaries inside the text (a stage's mistake), is left unmarked rather than
    /// allowed to cut a character or a tag in two.
    static func appendHighlighted(_ document: Document, into out: inout [UInt8]) {
        var text = document.text
        let entities = (document.entities ?? []).sorted { ($0.span.start, $1.span.end) < ($1.span.start, $0.span.end) }
        text.withUTF8 { bytes in
            func isBoundary(_ offset: Int) -> Bool {
                offset == bytes.count || (offset >= 0 && offset < bytes.count && bytes[offset] & 0xC0 != 0x80)
            }
            var written = 0
            for entity in entities {
                let span = entity.span
                guard span.start >= written, span.start < span.end, isBoundary(span.start), isBoundary(span.end)
                else { continue }
                out.appendHTML(utf8: UnsafeBufferPointer(rebasing: bytes[written..<span.start]))
                out.append("<mark class=\"\(EntityLabels.cssClass(entity.label))\" title=\"")
                out.appendHTML(
                    entity.canonical.isEmpty
                        || entity.canonical == String(decoding: bytes[span.start..<span.end], as: UTF8.self)
                        ? entity.label : "\(entity.label) · \(entity.canonical)")
                out.append("\">")
                out.appendHTML(utf8: UnsafeBufferPointer(rebasing: bytes[span.start..<span.end]))
                out.append("</mark>")
                written = span.end
            }
            out.appendHTML(utf8: UnsafeBufferPointer(rebasing: bytes[written...]))
        }
    }
}
