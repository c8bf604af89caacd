import PipeKit

/// Writes one JSON object a line: the export contract of DESIGN.md.
final class JSONLinesSink: Sink {
    static let declaration = StageDeclaration.sink(
        "jsonl",
        summary: "Writes JSON Lines, one document a line: the stable export contract ('-' for stdout).",
        options: [
            OptionSpec("path", .path, default: "-", help: "The output file; '-' writes to standard output."),
            OptionSpec("overwrite", .boolean, default: true, help: "Replace an existing file; false refuses to."),
            OptionSpec("include_text", .boolean, default: true, help: "Export each document's text."),
            OptionSpec("tokens", .boolean, default: false, help: "Export tokens (large; off by default)."),
        ],
        example: """
            - type: jsonl
              path: out/documents.jsonl
            """,
        make: { options, _ in
            JSONLinesSink(
                file: OutputFile(path: options.string("path"), overwrite: options.bool("overwrite")),
                encoding: DocumentEncoding(
                    includeText: options.bool("include_text"),
                    includeTokens: options.bool("tokens")))
        })

    private let file: OutputFile
    private let encoding: DocumentEncoding
    private var writer = JSONWriter()

    init(file: OutputFile, encoding: DocumentEncoding) {
        self.file = file
        self.encoding = encoding
    }

    func open() throws { try file.open() }

    func write(_ document: Document) throws {
        writer.bytes.removeAll(keepingCapacity: true)
        document.writeJSON(to: &writer, encoding: encoding)
        writer.bytes.append(UInt8(ascii: "\n"))
        try file.write(writer.bytes)
    }

    func finish() throws { try file.commit() }
    func abort() { file.discard() }
}
