import PipeKit

/// Reads standard input in any of the formats `files` reads: one document, or one per record.
struct StdinReader: Reader {
    static let declaration = StageDeclaration.reader(
        "stdin",
        summary:
            "Reads standard input: one text, Markdown or HTML document, or one per JSON Lines, JSON or CSV record.",
        options: [
            OptionSpec(
                "format", .choice(InputFormat.allCases.map(\.rawValue)), default: "text",
                help: "How to read the input; 'text' makes one document of all of it.")
        ] + FormatOptions.specs,
        example: """
            reader:
              type: stdin
              format: jsonl
            """,
        make: { options, _ in
            StdinReader(format: InputFormat(rawValue: options.string("format"))!, options: try FormatOptions(options))
        })

    let format: InputFormat
    let options: FormatOptions

    func read(into output: ReaderOutput) throws {
        let input = InputSource(
            stream: InputStream.standardInput(invalid: options.invalidUTF8), name: "stdin", source: "-",
            id: "stdin", numbersRecordsAlone: true, sizeHint: 0)
        try format.read(input, options: options, into: output)
    }
}
