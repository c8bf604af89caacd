import PipeKit

/// Writes a report a person reads: the corpus first (documents, entities by label, the most mentioned
/// entities), then each document with its title, date, summary, key phrases and entities by label.
///
/// Sections for annotations a pipeline did not compute are left out. Every piece of document text is
/// escaped, so a document cannot add headings, links or HTML to the report.
final class MarkdownSink: Sink {
    static let declaration = StageDeclaration.sink(
        "markdown",
        summary: "Writes a Markdown report: the corpus first, then each document's summary, key phrases and entities.",
        options: [
            ExportOptions.path, ExportOptions.overwrite,
            OptionSpec("title", .string, help: "The report's heading; the pipeline's name when unset."),
            OptionSpec(
                "top", .integer(minimum: 0), default: 10, help: "How many entities the corpus section lists."),
            OptionSpec(
                "excerpt", .integer(minimum: 0), default: 280,
                help: "For a document without a summary, show this many characters of its text; 0 shows none."),
        ],
        example: """
            - type: markdown
              path: out/report.md
              top: 10
            """,
        make: { options, context in
            MarkdownSink(
                file: ExportOptions.file(options), title: options.optionalString("title") ?? context.pipelineName,
                top: options.int("top"), excerpt: options.int("excerpt"))
        })

    private let file: OutputFile
    private let title: String
    private let top: Int
    private let excerpt: Int
    private let spool: Spool
    private var tally = CorpusTally()
    private var section: [UInt8] = []

    init(file: OutputFile, title: String, top: Int, excerpt: Int) {
        self.file = file
        self.title = title
        self.top = top
        self.excerpt = excerpt
        spool = Spool(for: file.path)
    }

    func open() throws { try file.open() }

    func write(_ document: Document) throws {
        let distinct = document.distinctEntities()
        let characters = ScalarOffsets.scalarCount(of: document.text)
        tally.add(document, characters: characters, distinct: distinct)
        section.removeAll(keepingCapacity: true)
        renderDocument(document, characters: characters, distinct: distinct, into: &section)
        try spool.write(section)
    }

    func finish() throws {
        var head: [UInt8] = []
        renderCorpus(into: &head)
        try file.write(head)
        try spool.copy(to: file)
        try file.commit()
    }

    func abort() {
        spool.discard()
        file.discard()
    }

    // MARK: Rendering

    private func renderCorpus(into out: inout [UInt8]) {
        out.append("# ")
        out.appendMarkdown(title)
        out.append("\n\n")
        var facts = ["\(Array.grouped(tally.documents)) \(tally.documents == 1 ? "document" : "documents")"]
        facts.append("\(Array.grouped(tally.characters)) characters")
        if tally.hasEntities {
            facts.append(
                "\(Array.grouped(tally.mentions)) entity mentions of \(Array.grouped(tally.distinctEntities)) entities")
        }
        if let first = tally.firstDate, let last = tally.lastDate {
            facts.append(first == last ? "dated \(first)" : "dated \(first) to \(last)")
        }
        out.appendMarkdown(facts.joined(separator: " · "))
        out.append("\n")
        let labels = tally.labelsInOrder
        if !labels.isEmpty {
            out.append("\n## Corpus\n\n| Label | Entities | Mentions | Documents |\n|---|--:|--:|--:|\n")
            for label in labels {
                out.append("| ")
                out.appendMarkdown(label.label)
                out.append(" | \(Array.grouped(label.entities)) | \(Array.grouped(label.mentions)) | ")
                out.append("\(Array.grouped(label.documents)) |\n")
            }
            let top = tally.topEntities(top)
            if !top.isEmpty {
                out.append("\n### Top entities\n\n| Entity | Label | Mentions | Documents |\n|---|---|--:|--:|\n")
                for entity in top {
                    out.append("| ")
                    out.appendMarkdown(entity.name)
                    out.append(" | ")
                    out.appendMarkdown(entity.label)
                    out.append(" | \(Array.grouped(entity.mentions)) | \(Array.grouped(entity.documents)) |\n")
                }
            }
        }
        if tally.documents > 0 { out.append("\n## Documents\n") }
    }

    private func renderDocument(
        _ document: Document, characters: Int, distinct: [DistinctEntity], into out: inout [UInt8]
    ) {
        out.append("\n### ")
        out.appendMarkdown(document.metadata.title ?? document.id)
        out.append("\n\n")
        var facts: [String] = []
        if document.metadata.title != nil { facts.append(document.id) }
        facts.append(document.source == "-" ? "standard input" : document.source)
        if let date = document.metadata.date { facts.append(date) }
        if let author = document.metadata.author { facts.append(author) }
        facts.append("\(Array.grouped(characters)) characters")
        if let sentences = document.sentences { facts.append("\(Array.grouped(sentences.count)) sentences") }
        out.appendMarkdown(facts.joined(separator: " · "))
        out.append("\n")
        if let summary = document.summary {
            out.append("\n**Summary.** ")
            out.appendMarkdown(summary.text)
            out.append("\n")
        } else if excerpt > 0, let opening = Self.opening(of: document.text, characters: excerpt) {
            out.append("\n**Opening.** ")
            out.appendMarkdown(opening)
            out.append("\n")
        }
        if let keywords = document.keywords, !keywords.isEmpty {
            out.append("\n**Key phrases:** ")
            out.appendMarkdown(keywords.map(\.text).joined(separator: ", "))
            out.append("\n")
        }
        if !distinct.isEmpty {
            out.append("\n| Label | Entities |\n|---|---|\n")
            for label in EntityLabels.ordered(distinct.map(\.label)) {
                out.append("| ")
                out.appendMarkdown(label)
                out.append(" | ")
                let named = distinct.filter { $0.label == label }.map { "\($0.name) (\($0.mentions))" }
                out.appendMarkdown(named.joined(separator: ", "))
                out.append(" |\n")
            }
        } else if document.entities != nil {
            out.append("\nNo entities.\n")
        }
    }

    /// The first `characters` characters of `text` with runs of white space made one space, and `…`
    /// when there is more; `nil` for a text of white space only. Counts whole characters, so an emoji
    /// or a flag is never cut in two.
    static func opening(of text: String, characters: Int) -> String? {
        var out = ""
        var count = 0
        var pendingSpace = false
        for character in text {
            // `isWhitespace` looks up Unicode properties; ASCII, nearly every character, needs no lookup.
            let isSpace =
                character.asciiValue.map { $0 == 0x20 || (0x09...0x0D).contains($0) } ?? character.isWhitespace
            if isSpace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                // A space only counts when a character fits after it.
                if count + 1 >= characters { return out + "…" }
                out.append(" ")
                count += 1
                pendingSpace = false
            }
            if count == characters { return out + "…" }
            out.append(character)
            count += 1
        }
        return out.isEmpty ? nil : out
    }
}
