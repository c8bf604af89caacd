import PipeKit

/// Writes CSV (RFC 4180) for spreadsheets and data tools: a row per document, entity, sentence or
/// keyword, with the columns the pipeline chooses.
///
/// Cells are quoted only when they hold a comma, a quote or a line break, quotes doubled; records end
/// in CRLF. The file starts with a UTF-8 byte-order mark by default, which is how a spreadsheet knows
/// the encoding. With `safe: true`, the default, a text cell that a spreadsheet would run as a formula
/// (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return) gets a leading `'`, as OWASP
/// advises against CSV injection; numbers are left alone. Rows are made on the workers
/// (`PreparingSink`); the sink's queue appends them.
final class CSVSink: ResumableSink, PreparingSink {
    static let declaration = StageDeclaration.sink(
        "csv",
        summary: "Writes CSV (RFC 4180): one row per document, entity, sentence or keyword; spreadsheet-safe.",
        options: [
            ExportOptions.path, ExportOptions.overwrite,
            OptionSpec(
                "rows", .choice(CSVRows.allCases.map(\.rawValue)), default: "documents",
                help: "What one row stands for."),
            OptionSpec(
                "columns", .strings,
                help: "The columns, in order; each kind of row has its own (see the example), "
                    + "and 'metadata.NAME' and 'fields.NAME' take any key."),
            OptionSpec("header", .boolean, default: true, help: "Write the column names as the first row."),
            OptionSpec(
                "safe", .boolean, default: true,
                help: "Prefix text cells that start like a formula (= + - @) with ' so spreadsheets show them as text."),
            OptionSpec(
                "bom", .boolean, default: true,
                help: "Start with a UTF-8 byte-order mark, so spreadsheets read the encoding right."),
        ],
        example: """
            - type: csv
              path: out/entities.csv
              rows: entities
              columns: [document_id, text, label, canonical, start, end]
            # columns for rows: documents
            #   id source title date author language characters sentences entities summary keywords text
            # rows: entities
            #   document_id source title date index start end text label canonical confidence
            # rows: sentences
            #   document_id source title date index start end text summary_score
            # rows: keywords
            #   document_id source title date rank text score
            """,
        make: { options, _ in
            let rows = CSVRows(rawValue: options.string("rows"))!
            let names = options.isSet("columns") ? options.strings("columns") : rows.defaultColumns
            var columns: [CSVColumn] = []
            for name in names {
                guard let column = CSVColumn(name, rows: rows) else {
                    throw options.error(
                        "unknown column '\(name)' for rows: \(rows.rawValue)", option: "columns",
                        help: Suggestion.hint(for: name, in: rows.columnNames)
                            ?? "the columns are \(rows.columnNames.joined(separator: ", ")), metadata.NAME, fields.NAME"
                    )
                }
                columns.append(column)
            }
            if columns.isEmpty { throw options.error("'columns' is empty", option: "columns") }
            return CSVSink(
                file: ExportOptions.file(options), rows: rows, columns: columns, header: options.bool("header"),
                safe: options.bool("safe"), bom: options.bool("bom"))
        })

    private let file: OutputFile
    private let columns: [CSVColumn]
    private let header: Bool
    private let bom: Bool
    let preparer: Preparer

    init(file: OutputFile, rows: CSVRows, columns: [CSVColumn], header: Bool, safe: Bool, bom: Bool) {
        self.file = file
        self.columns = columns
        self.header = header
        self.bom = bom
        preparer = Preparer(rows: rows, columns: columns, safe: safe)
    }

    func open() throws {
        try file.open()
        try writeHeader()
    }

    /// The byte-order mark and the column names, as the file starts.
    private func writeHeader() throws {
        var buffer: [UInt8] = []
        if bom { buffer.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
        if header {
            for (position, column) in columns.enumerated() {
                if position > 0 { buffer.append(UInt8(ascii: ",")) }
                CSVSink.appendField(column.name[...], guarded: false, to: &buffer)
            }
            buffer.append(contentsOf: [0x0D, 0x0A])
        }
        try file.write(buffer)
    }

    func write(_ document: Document, prepared rows: [UInt8]) throws {
        if !rows.isEmpty { try file.write(rows) }
    }

    /// The rows of one document, CRLF after each; empty when it has none.
    struct Preparer: DocumentPreparer {
        let rows: CSVRows
        let columns: [CSVColumn]
        let safe: Bool

        func prepare(_ document: Document) -> [UInt8] {
            let count = rows.count(in: document)
            guard count > 0 else { return [] }
            // Only item rows carry offsets; a table of them costs a pass over the text.
            let offsets = rows == .documents ? ScalarOffsets("") : ScalarOffsets(document.text)
            var buffer: [UInt8] = []
            for index in 0..<count {
                let row = CSVColumn.Row(document: document, offsets: offsets, index: index)
                for (position, column) in columns.enumerated() {
                    if position > 0 { buffer.append(UInt8(ascii: ",")) }
                    switch column.cell(row) {
                    case .text(let text): CSVSink.appendField(text, guarded: safe, to: &buffer)
                    case .number(let number): buffer.append(contentsOf: number.utf8)
                    case .empty: break
                    }
                }
                buffer.append(contentsOf: [0x0D, 0x0A])
            }
            return buffer
        }
    }

    func finish() throws { try file.commit() }
    func abort() { file.discard() }

    // MARK: Resuming

    var canResume: Bool { file.path != "-" }

    /// A resumed file already starts with its header, which the first checkpoint covered.
    func open(resuming state: String?) throws {
        let length = state.flatMap { Int($0) }
        try file.openPartial(resumingAt: length)
        if length == nil { try writeHeader() }
    }

    func checkpoint() throws -> String { String(try file.checkpoint()) }
    func makeDurable() throws { try file.synchronize() }
    func suspend() { file.suspend() }

    /// Appends one field: quoted when it holds a comma, a quote, CR or LF, quotes doubled; with
    /// `guarded`, prefixed with `'` when a spreadsheet would take it for a formula.
    static func appendField(_ text: Substring, guarded: Bool, to out: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            let guardIt = guarded && startsFormula(bytes)
            var needsQuotes = false
            for byte in bytes
            where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D {
                needsQuotes = true
                break
            }
            if needsQuotes { out.append(UInt8(ascii: "\"")) }
            if guardIt { out.append(UInt8(ascii: "'")) }
            if needsQuotes {
                var runStart = 0
                for index in 0..<bytes.count where bytes[index] == UInt8(ascii: "\"") {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...index]))
                    out.append(UInt8(ascii: "\""))
                    runStart = index + 1
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
                out.append(UInt8(ascii: "\""))
            } else {
                out.append(contentsOf: bytes)
            }
        }
    }

    /// Whether a spreadsheet would evaluate a cell starting with these bytes: it starts with `=`, `+`,
    /// `-`, `@`, a tab or a carriage return, and is not simply a number such as `-12.5` or a lone sign
    /// (`-` is how standard input is named).
    static func startsFormula(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first else { return false }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "@"), 0x09, 0x0D: return true
        case UInt8(ascii: "+"), UInt8(ascii: "-"): return bytes.count > 1 && !isPlainNumber(bytes)
        default: return false
        }
    }

    /// A sign, digits, at most one `.` among them, and nothing else.
    private static func isPlainNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var digits = 0
        var dots = 0
        for byte in bytes.dropFirst() {
            if (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) {
                digits += 1
            } else if byte == UInt8(ascii: ".") {
                dots += 1
            } else {
                return false
            }
        }
        return digits > 0 && dots <= 1
    }
}
