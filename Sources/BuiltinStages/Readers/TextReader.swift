import PipeKit

/// Documents written in the pipeline file itself: for demos, tests and benchmarks.
struct TextReader: Reader {
    static let declaration = StageDeclaration.reader(
        "text",
        summary: "Documents given inline in the pipeline file (text: or texts:), for demos and tests.",
        options: [
            OptionSpec("text", .string, help: "One document's text."),
            OptionSpec("texts", .strings, help: "Several documents' texts, in order."),
            OptionSpec(
                "repeat", .integer(minimum: 1), default: 1,
                help: "Emit the texts this many times (ids stay unique), to load-test a pipeline."),
        ],
        example: """
            reader:
              type: text
              texts: ["First document.", "Second document."]
            """,
        make: { options, _ in
            let texts = (options.optionalString("text").map { [$0] } ?? []) + options.strings("texts")
            guard !texts.isEmpty else {
                throw options.error(
                    "reader 'text' needs 'text' or 'texts'",
                    help: "text: \"Some words to process.\"")
            }
            return TextReader(texts: texts, repetitions: options.int("repeat"))
        })

    let texts: [String]
    let repetitions: Int

    func read(into output: ReaderOutput) throws {
        output.expect(
            documents: texts.count * repetitions,
            bytes: texts.reduce(0) { $0 + $1.utf8.count } * repetitions)
        var number = 0
        for _ in 0..<repetitions {
            for text in texts {
                number += 1
                try output.emit(Document(id: "text-\(number)", source: "-", text: text))
            }
        }
    }
}
