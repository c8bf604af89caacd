import PipeKit

/// Writes every document into one JSON array, for tools that read a whole JSON file at once.
///
/// Each element is the JSON Lines record (the same encoder writes both). Compact output keeps one
/// document a line inside the brackets, so the file still diffs and greps well. Elements are
/// encoded on the workers (`PreparingSink`); the sink's queue adds the commas and appends them.
final class JSONSink: PreparingSink {
    static let declaration = StageDeclaration.sink(
        "json",
        summary: "Writes one JSON array of documents, each the JSON Lines record; 'pretty' indents it.",
        options: [
            ExportOptions.path, ExportOptions.overwrite,
            OptionSpec("pretty", .boolean, default: false, help: "Indent with two spaces, one member a line."),
        ] + ExportOptions.encoding,
        example: """
            - type: json
              path: out/documents.json
              pretty: true
              fields: [id, title, entities]
            """,
        make: { options, _ in
            JSONSink(
                file: ExportOptions.file(options), encoding: try ExportOptions.encoding(options),
                pretty: options.bool("pretty"))
        })

    private let file: OutputFile
    let preparer: Preparer
    private var count = 0

    init(file: OutputFile, encoding: DocumentEncoding, pretty: Bool) {
        self.file = file
        preparer = Preparer(record: JSONRecordEncoder(encoding: encoding, lineEnd: false), pretty: pretty)
    }

    func open() throws {
        try file.open()
        try file.write("[")
    }

    func write(_ document: Document, prepared element: JSONWriter) throws {
        try file.write(count == 0 ? "\n" : ",\n")
        count += 1
        try element.withBytes { try file.write($0) }
    }

    /// An array element: the JSON Lines record, indented one level when `pretty`.
    struct Preparer: DocumentPreparer {
        let record: JSONRecordEncoder
        let pretty: Bool

        func prepare(_ document: Document) -> JSONWriter {
            var writer = record.prepare(document)
            guard pretty else { return writer }
            var indented: [UInt8] = []
            JSONIndenter.indent(writer.bytes, depth: 1, into: &indented)
            writer.bytes = indented
            return writer
        }
    }

    func finish() throws {
        try file.write(count == 0 ? "]\n" : "\n]\n")
        try file.commit()
    }

    func abort() { file.discard() }
}
