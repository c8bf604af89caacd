import PipeKit

/// What one CSV row stands for, and the columns each kind of row offers.
enum CSVRows: String, CaseIterable {
    case documents, entities, sentences, keywords

    /// The columns written when `columns:` is not set.
    var defaultColumns: [String] {
        switch self {
        case .documents: ["id", "source", "title", "date", "characters", "entities", "summary", "keywords", "text"]
        case .entities: ["document_id", "index", "start", "end", "text", "label", "canonical", "confidence"]
        case .sentences: ["document_id", "index", "start", "end", "text"]
        case .keywords: ["document_id", "rank", "text", "score"]
        }
    }

    /// Every column name this kind of row accepts, besides `metadata.NAME` and `fields.NAME`.
    var columnNames: [String] {
        switch self {
        case .documents:
            [
                "id", "source", "title", "date", "author", "language", "characters", "sentences", "entities", "summary",
                "keywords", "text",
            ]
        case .entities:
            [
                "document_id", "source", "title", "date", "index", "start", "end", "text", "label", "canonical",
                "confidence",
            ]
        case .sentences: ["document_id", "source", "title", "date", "index", "start", "end", "text", "summary_score"]
        case .keywords: ["document_id", "source", "title", "date", "rank", "text", "score"]
        }
    }

    /// How many rows a document gives.
    func count(in document: Document) -> Int {
        switch self {
        case .documents: 1
        case .entities: document.entities?.count ?? 0
        case .sentences: document.sentences?.count ?? 0
        case .keywords: document.keywords?.count ?? 0
        }
    }
}

/// One CSV cell's value: text, which the spreadsheet guard may touch, or a number, which it never needs to.
enum CSVCell {
    case text(Substring)
    case number(String)
    case empty
}

/// A column of a CSV export: its name in the header and how to read its cell from a row.
struct CSVColumn: Sendable {
    /// Where a row's values come from: the document, and for item rows the item's position in it.
    struct Row {
        let document: Document
        let offsets: ScalarOffsets
        let index: Int
    }

    let name: String
    let cell: @Sendable (Row) -> CSVCell

    /// The column called `name` for rows of `kind`, or `nil` when there is no such column.
    init?(_ name: String, rows kind: CSVRows) {
        self.name = name
        if name.hasPrefix("metadata."), name.count > "metadata.".count {
            let key = String(name.dropFirst("metadata.".count))
            cell = { row in Self.metadata(key, of: row.document) }
            return
        }
        if name.hasPrefix("fields."), name.count > "fields.".count {
            let key = String(name.dropFirst("fields.".count))
            cell = { row in row.document.fields[key].map(Self.json) ?? .empty }
            return
        }
        guard kind.columnNames.contains(name) else { return nil }
        switch (kind, name) {
        case (_, "id"), (_, "document_id"): cell = { .text($0.document.id[...]) }
        case (_, "source"): cell = { .text($0.document.source[...]) }
        case (_, "title"): cell = { Self.text($0.document.metadata.title) }
        case (_, "date"): cell = { Self.text($0.document.metadata.date) }
        case (.documents, "author"): cell = { Self.text($0.document.metadata.author) }
        case (.documents, "language"): cell = { Self.text($0.document.metadata.language) }
        case (.documents, "characters"): cell = { .number(String(ScalarOffsets.scalarCount(of: $0.document.text))) }
        case (.documents, "sentences"):
            cell = { row in row.document.sentences.map { .number(String($0.count)) } ?? .empty }
        case (.documents, "entities"):
            cell = { row in row.document.entities.map { .number(String($0.count)) } ?? .empty }
        case (.documents, "summary"): cell = { Self.text($0.document.summary?.text) }
        case (.documents, "keywords"):
            cell = { row in row.document.keywords.map { .text($0.map(\.text).joined(separator: "; ")[...]) } ?? .empty }
        case (.documents, "text"): cell = { .text($0.document.text[...]) }
        case (.entities, _): cell = Self.entityCell(name)
        case (.sentences, _): cell = Self.sentenceCell(name)
        case (.keywords, _): cell = Self.keywordCell(name)
        default: return nil
        }
    }

    private static func entityCell(_ name: String) -> @Sendable (Row) -> CSVCell {
        switch name {
        case "index": { .number(String($0.index)) }
        case "start": { .number(String($0.offsets.scalarOffset($0.document.entities![$0.index].span.start))) }
        case "end": { .number(String($0.offsets.scalarOffset($0.document.entities![$0.index].span.end))) }
        case "text": { .text($0.document[$0.document.entities![$0.index].span]) }
        case "label": { .text($0.document.entities![$0.index].label[...]) }
        case "canonical": { .text($0.document.entities![$0.index].canonical[...]) }
        default: { .number($0.document.entities![$0.index].confidence.description) }
        }
    }

    private static func sentenceCell(_ name: String) -> @Sendable (Row) -> CSVCell {
        switch name {
        case "index": { .number(String($0.index)) }
        case "start": { .number(String($0.offsets.scalarOffset($0.document.sentences![$0.index].start))) }
        case "end": { .number(String($0.offsets.scalarOffset($0.document.sentences![$0.index].end))) }
        case "text": { .text($0.document[$0.document.sentences![$0.index]]) }
        default:
            { row in
                row.document.summary?.sentences.first { $0.index == row.index }.map { .number($0.score.description) }
                    ?? .empty
            }
        }
    }

    private static func keywordCell(_ name: String) -> @Sendable (Row) -> CSVCell {
        switch name {
        case "rank": { .number(String($0.index + 1)) }
        case "text": { .text($0.document.keywords![$0.index].text[...]) }
        default: { .number($0.document.keywords![$0.index].score.description) }
        }
    }

    private static func text(_ value: String?) -> CSVCell {
        value.map { .text($0[...]) } ?? .empty
    }

    /// A metadata value: `title`, `date`, `author` and `language` by name, any other key from `extra`.
    private static func metadata(_ key: String, of document: Document) -> CSVCell {
        switch key {
        case "title": text(document.metadata.title)
        case "date": text(document.metadata.date)
        case "author": text(document.metadata.author)
        case "language": text(document.metadata.language)
        default: document.metadata.extra[key].map(json) ?? .empty
        }
    }

    /// A JSON value as a cell: a string as it is, a number as a number, anything else as compact JSON.
    private static func json(_ value: JSONValue) -> CSVCell {
        switch value {
        case .null: .empty
        case .string(let text): .text(text[...])
        case .int(let number): .number(String(number))
        case .double(let number): .number(number.description)
        default: .text(value.description[...])
        }
    }
}
