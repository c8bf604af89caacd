import PipeKit
import TextAnalysis

/// Gives each document its structure: paragraphs, sentences and tokens with offsets, and the
/// title and date its head states, for the stages after it (entities, summaries).
struct ParseTransformer: Transformer {
    static let declaration = StageDeclaration.transformer(
        "parse",
        summary: "Finds paragraphs, sentences and tokens, and the title and date a text's head states.",
        options: [
            OptionSpec("language", .string, default: "en", help: "The text's language; 'en' is the one supported now."),
            OptionSpec(
                "tokens", .boolean, default: true,
                help: "Find tokens (kept in memory for later stages; the jsonl sink exports them with 'tokens: true')."),
            OptionSpec(
                "normalize", .boolean, default: false,
                help:
                    "Replace the text with its normalized form (NFC, single spaces, \\n line ends); spans point into it."
            ),
            OptionSpec(
                "title", .boolean, default: true, help: "Take the title from the text when the reader gave none."),
            OptionSpec(
                "date", .boolean, default: true,
                help: "Take the date (ISO 8601) from the text's head when the reader gave none."),
        ],
        provides: ["paragraphs", "sentences", "tokens"],
        example: """
            - type: parse
              tokens: false
            """,
        make: { options, _ in
            let language = options.string("language")
            guard language == "en" else {
                throw options.error(
                    "language '\(language)' is not supported yet; 'parse' knows English ('en') only",
                    option: "language")
            }
            return ParseTransformer(
                findTokens: options.bool("tokens"), normalize: options.bool("normalize"),
                findTitle: options.bool("title"), findDate: options.bool("date"))
        })

    let findTokens: Bool
    let normalize: Bool
    let findTitle: Bool
    let findDate: Bool

    func transform(_ document: inout Document, context: StageContext) throws -> Disposition {
        if normalize { document.text = Normalizer.normalize(document.text).text }
        let text = document.text
        if findTitle || findDate {
            let header = HeaderReader().read(text)
            if findTitle, document.metadata.title == nil, let title = header.title {
                document.metadata.title = String(document[TextSpan(title)])
            }
            if findDate, document.metadata.date == nil, let date = header.date {
                document.metadata.date = date
            }
        }
        document.paragraphs = Paragraphs.split(text).map(TextSpan.init)
        document.sentences = SentenceSplitter().split(text).map(TextSpan.init)
        if findTokens {
            // Converted straight from the tokenizer's buffer: no array of its own tokens in between.
            document.tokens = Tokenizer().withTokens(of: text) { tokens in
                [Token](unsafeUninitializedCapacity: tokens.count) { buffer, initialized in
                    for (index, token) in tokens.enumerated() {
                        (buffer.baseAddress! + index).initialize(
                            to: Token(span: TextSpan(token.range), kind: Token.Kind(token.kind)))
                    }
                    initialized = tokens.count
                }
            }
        }
        return .keep
    }
}
