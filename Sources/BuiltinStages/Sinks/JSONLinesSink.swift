import PipeKit

/// Writes one JSON object a line: the export contract of DESIGN.md.
///
/// Records are encoded on the workers (`PreparingSink`); the sink's queue only appends them.
final class JSONLinesSink: PreparingSink {
    static let declaration = StageDeclaration.sink(
        "jsonl",
        summary: "Writes JSON Lines, one document a line: the stable export contract ('-' for stdout).",
        options: [ExportOptions.path, ExportOptions.overwrite] + ExportOptions.encoding,
        example: """
            - type: jsonl
              path: out/documents.jsonl
            """,
        make: { options, _ in
            JSONLinesSink(file: ExportOptions.file(options), encoding: try ExportOptions.encoding(options))
        })

    private let file: OutputFile
    let preparer: JSONRecordEncoder

    init(file: OutputFile, encoding: DocumentEncoding) {
        self.file = file
        preparer = JSONRecordEncoder(encoding: encoding, lineEnd: true)
    }

    func open() throws { try file.open() }

    func write(_ document: Document, prepared record: JSONWriter) throws {
        try record.withBytes { try file.write($0) }
    }

    func finish() throws { try file.commit() }
    func abort() { file.discard() }
}

extension JSONLinesSink: ResumableSink {
    var canResume: Bool { file.path != "-" }
    func open(resuming state: String?) throws { try file.openPartial(resumingAt: state.flatMap { Int($0) }) }
    func checkpoint() throws -> String { String(try file.checkpoint()) }
    func makeDurable() throws { try file.synchronize() }
    func suspend() { file.suspend() }
}
