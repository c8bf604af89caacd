import PipeKit
import TextAnalysis

/// Finds each document's key phrases ("peace talks", "Saudi Arabia") into `document.keywords`.
struct KeywordsTransformer: Transformer {
    static let declaration = StageDeclaration.transformer(
        "keywords",
        summary: "Finds each document's key phrases, scored: runs of words without stop words, ranked by frequency.",
        options: [
            OptionSpec("count", .integer(minimum: 1), default: 10, help: "How many phrases to keep, best first."),
            OptionSpec("max_words", .integer(minimum: 1), default: 3, help: "The longest phrase, in words."),
        ],
        needs: ["sentences"],
        provides: ["keywords"],
        example: """
            - type: keywords
              count: 8
            """,
        make: { options, _ in
            KeywordsTransformer(phrases: KeyPhrases(count: options.int("count"), maxWords: options.int("max_words")))
        })

    let phrases: KeyPhrases

    func transform(_ document: inout Document, context: StageContext) throws -> Disposition {
        let sentences = (document.sentences ?? []).map { $0.start..<$0.end }
        let tokens = document.tokens.map([Tokenizer.Token].init)
        document.keywords = phrases.extract(
            document.text, sentences: sentences, tokens: tokens, title: document.metadata.title
        ).map { Keyword(text: $0.text, score: $0.score) }
        return .keep
    }
}
