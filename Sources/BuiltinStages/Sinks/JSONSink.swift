import PipeKit

/// Writes every document into one JSON array, for tools that read a whole JSON file at once.
///
/// Each element is the JSON Lines record (the same encoder writes both). Compact output keeps one
/// document a line inside the brackets, so the file still diffs and greps well.
final class JSONSink: Sink {
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
    private let encoding: DocumentEncoding
    private let pretty: Bool
    private var writer = JSONWriter()
    private var indented: [UInt8] = []
    private var count = 0

    init(file: OutputFile, encoding: DocumentEncoding, pretty: Bool) {
        self.file = file
        self.encoding = encoding
        self.pretty = pretty
    }

    func open() throws {
        try file.open()
        try file.write("[")
    }

    func write(_ document: Document) throws {
        writer.removeAll()
        try file.write(count == 0 ? "\n" : ",\n")
        count += 1
        document.writeJSON(to: &writer, encoding: encoding)
        if pretty {
            indented.removeAll(keepingCapacity: true)
            JSONIndenter.indent(writer.bytes, depth: 1, into: &indented)
            try file.write(indented)
        } else {
            try writer.withBytes { try file.write($0) }
        }
    }

    func finish() throws {
        try file.write(count == 0 ? "]\n" : "\n]\n")
        try file.commit()
    }

    func abort() { file.discard() }
}
