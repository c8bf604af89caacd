import PipeKit
import TextAnalysis

/// Picks the sentences that best tell each document (an extractive summary) into `document.summary`.
struct SummarizeTransformer: Transformer {
    static let declaration = StageDeclaration.transformer(
        "summarize",
        summary: "Picks the sentences that best tell each document: coverage, textrank, lexrank, frequency or lead.",
        options: [
            OptionSpec(
                "method", .choice(Summarizer.Method.allCases.map(\.rawValue)), default: "coverage",
                help:
                    "coverage: the sentences that together cover most of the document's recurring terms; textrank: a graph of sentences sharing weighted terms; lexrank: tf-idf cosine graph; frequency: Luhn's significant-word clusters; lead: the first sentences."
            ),
            OptionSpec("sentences", .integer(minimum: 1), default: 3, help: "How many sentences to pick."),
            OptionSpec(
                "ratio", .number,
                help:
                    "Instead of 'sentences': this share of the document's sentences, above 0 and up to 1 (at least one)."
            ),
            OptionSpec(
                "max_words", .integer(minimum: 1),
                help: "Instead of 'sentences': as many of the best sentences as fit in this many words."),
            OptionSpec(
                "position", .number, default: 20.0,
                help:
                    "News position prior: a sentence's score is multiplied by 1 + position * exp(-p / position_decay), p its rank among prose sentences from 0; 0 turns it off."
            ),
            OptionSpec(
                "position_decay", .number, default: 4.0,
                help: "How many prose sentences the position prior takes to fall by a factor e."),
            OptionSpec(
                "redundancy", .number, default: 0.5,
                help: "Skip a sentence whose tf-idf cosine with one already picked is above this (0 to 1)."),
            OptionSpec(
                "min_words", .integer(minimum: 1), default: 6,
                help: "Never pick a sentence with fewer words (titles, labels, datelines and bylines are never picked)."
            ),
        ],
        needs: ["sentences"],
        provides: ["summary"],
        example: """
            - type: summarize
              method: coverage
              sentences: 3
            """,
        make: { options, _ in
            let length: Summarizer.Length
            if let ratio = options.value("ratio")?.doubleValue {
                guard !options.isSet("max_words"), !options.isSet("sentences") else {
                    throw options.error("give one of 'sentences', 'ratio' and 'max_words'", option: "ratio")
                }
                guard ratio > 0 && ratio <= 1 else {
                    throw options.error("'ratio' must be above 0 and at most 1, not \(ratio)", option: "ratio")
                }
                length = .ratio(ratio)
            } else if let words = options.optionalInt("max_words") {
                guard !options.isSet("sentences") else {
                    throw options.error("give one of 'sentences', 'ratio' and 'max_words'", option: "max_words")
                }
                length = .maxWords(words)
            } else {
                length = .sentences(options.int("sentences"))
            }
            let redundancy = options.double("redundancy")
            guard redundancy >= 0 && redundancy <= 1 else {
                throw options.error("'redundancy' must be from 0 to 1, not \(redundancy)", option: "redundancy")
            }
            let position = options.double("position")
            guard position >= 0 else {
                throw options.error("'position' must be 0 or more, not \(position)", option: "position")
            }
            let decay = options.double("position_decay")
            guard decay > 0 else {
                throw options.error("'position_decay' must be above 0, not \(decay)", option: "position_decay")
            }
            return SummarizeTransformer(
                summarizer: Summarizer(
                    method: Summarizer.Method(rawValue: options.string("method"))!, length: length, position: position,
                    positionDecay: decay, redundancy: redundancy, minWords: options.int("min_words")))
        })

    let summarizer: Summarizer

    func transform(_ document: inout Document, context: StageContext) throws -> Disposition {
        let sentences = (document.sentences ?? []).map { $0.start..<$0.end }
        let words = document.tokens.map { tokens in
            [Range<Int>](unsafeUninitializedCapacity: tokens.count) { words, count in
                count = 0
                for token in tokens where token.kind == .word || token.kind == .number {
                    words.initializeElement(at: count, to: token.span.start..<token.span.end)
                    count += 1
                }
            }
        }
        let chosen = summarizer.summarize(
            document.text, sentences: sentences, words: words, title: document.metadata.title)
        document.summary = Summary(
            text: chosen.map { String(document[TextSpan($0.range)]) }.joined(separator: " "),
            sentences: chosen.map { Summary.Sentence(index: $0.index, span: TextSpan($0.range), score: $0.score) })
        return .keep
    }
}
