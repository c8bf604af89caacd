/// A token as the entity recognizer sees it: its bytes, its hashes, what the lexicon knows about
/// the word, its shape, and where it stands (sentence start, a title-case line).
struct EntityToken {
    enum Shape: UInt8 {
        /// "Trump", "McDonald": an upper-case letter, then anything.
        case capitalized
        /// "NATO", "U.S.": two or more letters, all upper case.
        case allCaps
        /// Starts with a lower-case letter.
        case lower
        /// Starts with a digit.
        case number
        /// Punctuation, symbols.
        case other
    }

    // The eight-byte fields first: 48 bytes a token rather than 56, and every step reads them all.
    var start: Int
    var end: Int
    var exact: UInt64
    var folded: UInt64
    var flags: WordFlags
    var kind: Tokenizer.Kind
    var shape: Shape
    /// The token's value when it is only digits, at most four of them; -1 otherwise.
    var number: Int16 = -1
    /// The first word of a sentence or of a line.
    var sentenceStart = false
    /// On a line where nearly every word is capitalized (a headline).
    var headline = false
    /// White space separates it from the token before.
    var spaceBefore = true
    /// A line break separates it from the token before.
    var newlineBefore = false

    var isName: Bool {
        @inline(__always) get { shape == .capitalized || shape == .allCaps }
    }
    var isWord: Bool {
        @inline(__always) get { kind == .word }
    }
}

enum EntityTokens {
    /// The tokens of `bytes` for the recognizer: the tokenizer's, with hyphenated words cut at their
    /// hyphens ("Russian-backed" → "Russian" "-" "backed") so that each part can be a name.
    static func split(_ bytes: UnsafeBufferPointer<UInt8>, _ tokens: [Tokenizer.Token]) -> [(
        Range<Int>, Tokenizer.Kind
    )] {
        var result: [(Range<Int>, Tokenizer.Kind)] = []
        result.reserveCapacity(tokens.count + tokens.count / 16)
        for token in tokens {
            guard token.kind == .word, token.range.count > 2 else {
                result.append((token.range, token.kind))
                continue
            }
            var start = token.range.lowerBound
            var index = start + 1
            let end = token.range.upperBound
            var cut = false
            while index < end - 1 {
                if bytes[index] == 0x2D {
                    result.append((start..<index, kind(bytes, start..<index)))
                    result.append((index..<index + 1, .punctuation))
                    start = index + 1
                    cut = true
                }
                index += 1
            }
            result.append(cut ? (start..<end, kind(bytes, start..<end)) : (token.range, token.kind))
        }
        return result
    }

    static func kind(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Tokenizer.Kind {
        for index in range where !UTF8Text.isDigit(bytes[index]) && bytes[index] != 0x2E && bytes[index] != 0x2C {
            return .word
        }
        return .number
    }

    /// The shape of `bytes[range]`.
    static func shape(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, kind: Tokenizer.Kind)
        -> EntityToken.Shape
    {
        let first = bytes[range.lowerBound]
        if UTF8Text.isDigit(first) { return .number }
        guard kind == .word || kind == .hashtag || kind == .mention else { return .other }
        let upperFirst: Bool
        if first < 0x80 {
            guard UTF8Text.isASCIILetter(first) else { return .other }
            upperFirst = UTF8Text.isUpper(first)
        } else {
            let scalar = UTF8Text.scalar(in: bytes, at: range.lowerBound).0
            guard UTF8Text.isLetter(scalar) else { return .other }
            upperFirst = UTF8Text.isUppercase(scalar)
        }
        guard upperFirst else { return .lower }
        var letters = 0
        for index in range {
            let byte = bytes[index]
            if UTF8Text.isLower(byte) { return .capitalized }
            if UTF8Text.isUpper(byte) { letters += 1 }
            if byte >= 0x80 { return .capitalized }
        }
        return letters >= 2 ? .allCaps : .capitalized
    }

    /// The hashes of a name's tokens, as `split` cuts them.
    static func hashes(of name: String) -> [(exact: UInt64, folded: UInt64)] {
        let tokens = Tokenizer().tokenize(name)
        var name = name
        return name.withUTF8 { bytes in split(bytes, tokens).map { WordHash.hashes(bytes, $0.0) } }
    }
}
