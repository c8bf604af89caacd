import PipeKit

/// Reads standard input: the whole of it as one text, or one JSON object a line.
struct StdinReader: Reader {
    static let declaration = StageDeclaration.reader(
        "stdin",
        summary: "Reads standard input: one text document, or one JSON object a line (format: jsonl).",
        options: [
            OptionSpec(
                "format", .choice(["text", "jsonl"]), default: "text",
                help: "'text' makes one document of all input; 'jsonl' one document per line."),
            OptionSpec("text_field", .string, default: "text", help: "With jsonl: the field that holds the text."),
            OptionSpec(
                "id_field", .string, default: "id",
                help: "With jsonl: the field that holds the id; the line number when absent."),
        ],
        make: { options, _ in
            StdinReader(
                jsonLines: options.string("format") == "jsonl",
                fields: JSONRecordFields(text: options.string("text_field"), id: options.string("id_field")))
        })

    let jsonLines: Bool
    let fields: JSONRecordFields

    func read(into output: ReaderOutput) throws {
        let input = InputStream.standardInput
        guard jsonLines else {
            switch TextDecoding.decode(try input.readAll()) {
            case .success(let text): try output.emit(Document(id: "stdin", source: "-", text: text))
            case .failure(let problem):
                try output.fail(DocumentFailure(id: "stdin", source: "-", message: "standard input: \(problem)"))
            }
            return
        }
        var lineNumber = 0
        while let line = try input.nextLine() {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            switch JSONRecord.document(from: line, fields: fields, line: lineNumber, source: "-") {
            case .success(let document): try output.emit(document)
            case .failure(let failure): try output.fail(failure)
            }
        }
    }
}
