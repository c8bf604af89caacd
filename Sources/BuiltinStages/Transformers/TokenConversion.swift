import PipeKit
import TextAnalysis

// Between the document model's tokens (PipeKit) and the tokenizer's (TextAnalysis): `parse` keeps
// the tokenizer's in the document, and `entities` and `keywords` take them back.

extension TextSpan {
    init(_ range: Range<Int>) { self.init(start: range.lowerBound, end: range.upperBound) }
}

extension Token.Kind {
    init(_ kind: Tokenizer.Kind) {
        switch kind {
        case .word: self = .word
        case .number: self = .number
        case .punctuation: self = .punctuation
        case .symbol: self = .symbol
        case .url: self = .url
        case .email: self = .email
        case .hashtag: self = .hashtag
        case .mention: self = .mention
        case .emoji: self = .emoji
        }
    }
}

extension Tokenizer.Kind {
    init(_ kind: Token.Kind) {
        switch kind {
        case .word: self = .word
        case .number: self = .number
        case .punctuation: self = .punctuation
        case .symbol: self = .symbol
        case .url: self = .url
        case .email: self = .email
        case .hashtag: self = .hashtag
        case .mention: self = .mention
        case .emoji: self = .emoji
        }
    }
}

extension [Tokenizer.Token] {
    /// The tokens `parse` kept, converted in one tight loop: cheaper than a call for each token.
    init(_ tokens: [Token]) {
        self.init(unsafeUninitializedCapacity: tokens.count) { buffer, count in
            for (index, token) in tokens.enumerated() {
                buffer.initializeElement(
                    at: index, to: Tokenizer.Token(token.span.start..<token.span.end, Tokenizer.Kind(token.kind)))
            }
            count = tokens.count
        }
    }
}
