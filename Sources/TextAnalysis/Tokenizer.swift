/// Splits text into tokens with UTF-8 byte offsets, as the Penn Treebank habit splits English:
/// contractions and possessives apart ("do|n't", "Trump|'s", "I|'m"), hyphenated words whole
/// ("well-known"), numbers with their separators ("1,000.50"), and URLs, e-mail addresses,
/// hashtags, @mentions and emoji (with their modifiers and joiners) each as one token.
///
/// - Complexity: O(n); runs of ASCII letters are read sixteen bytes a step, other ASCII byte by
///   byte, other scalars decoded once.
public struct Tokenizer: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case word, number, punctuation, symbol, url, email, hashtag, mention, emoji
    }

    public struct Token: Sendable, Hashable {
        public var range: Range<Int>
        public var kind: Kind

        public init(_ range: Range<Int>, _ kind: Kind) {
            self.range = range
            self.kind = kind
        }
    }

    public init() {}

    private static let contractionSuffixes: [[UInt8]] = ["s", "m", "d", "ll", "re", "ve"].map { Array($0.utf8) }

    public func tokenize(_ text: String) -> [Token] {
        withTokens(of: text) { tokens in
            guard !tokens.isEmpty else { return [] }
            // `initialize(from:count:)` copies plain values as one block; `Array(UnsafeBufferPointer)` went element by element.
            return [Token](unsafeUninitializedCapacity: tokens.count) { buffer, initialized in
                buffer.baseAddress!.initialize(from: tokens.baseAddress!, count: tokens.count)
                initialized = tokens.count
            }
        }
    }

    /// The tokens of `text`, lent to `body` while it runs: a caller that converts them (as `parse`
    /// does into a document's tokens) is spared copying them into an array first.
    public func withTokens<Result>(of text: String, _ body: (UnsafeBufferPointer<Token>) throws -> Result) rethrows
        -> Result
    {
        var text = text
        var tokens = TokenBuffer(capacity: text.utf8.count / 5 + 16)
        defer { tokens.deallocate() }
        text.withUTF8 { bytes in tokenize(bytes, into: &tokens) }
        return try body(tokens.tokens)
    }

    private func tokenize(_ bytes: UnsafeBufferPointer<UInt8>, into tokens: inout TokenBuffer) {
        let count = bytes.count
        var index = 0
        while index < count {
            let byte = bytes[index]
            // The fast path, most of English text: a space, or a plain ASCII word that ends at a
            // space or at punctuation that cannot extend it. What it takes, `next` would take
            // the same way (a URL's letters end at ':' or '.', which leave the fast path).
            if byte == 0x20 || byte == 0x0A {
                index &+= 1
                continue
            }
            if UTF8Text.isASCIILetter(byte) {
                let run = Self.asciiWordRunEnd(bytes, from: index &+ 1)
                let after = run < count ? bytes[run] : 0x0A  // the end of the text ends a word as a line break does
                if Self.endsWordPlainly(after) {
                    tokens.append(Token(Range(uncheckedBounds: (index, run)), .word))  // run > index
                    // The space after a word, the commonest end, is passed over with it.
                    index = after == 0x20 ? run &+ 1 : run
                } else {
                    index = wordOrURL(bytes, at: index, run: run, into: &tokens)
                }
                continue
            }
            if byte == 0x2C || byte == 0x2E, index &+ 1 == count || bytes[index &+ 1] != byte {
                // A lone comma or period; a run ("...") is one token, which `next` finds.
                tokens.append(Token(index..<index &+ 1, .punctuation))
                index &+= 1
                continue
            }
            index = next(bytes, at: index, into: &tokens)
        }
    }

    /// The end of the run of ASCII letters, digits and `_` from `index`, sixteen bytes a step:
    /// most words end within the first.
    @inline(__always)
    private static func asciiWordRunEnd(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        typealias Vector = ByteScan.Vector
        var end = index
        let count = bytes.count
        while end &+ 16 <= count {
            let vector = ByteScan.vector(bytes, at: end)
            // Each range test as one unsigned comparison: `x - low < width`.
            let folded: Vector = (vector | ByteScan.splat(0x20)) &- ByteScan.splat(0x61)
            let letter = folded .< ByteScan.splat(26)
            let digit = (vector &- ByteScan.splat(0x30)) .< ByteScan.splat(10)
            let underscore = vector .== ByteScan.splat(0x5F)
            if let lane = ByteScan.first(.!(letter .| digit .| underscore)) { return end &+ lane }
            end &+= 16
        }
        while end < count && isASCIIWordByte(bytes[end]) { end &+= 1 }
        return end
    }

    /// Reads one token (or white space) at `index`; returns where the next one starts.
    private func next(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, into tokens: inout TokenBuffer) -> Int {
        let byte = bytes[index]
        if byte < 0x80 { return nextASCII(byte, bytes, at: index, into: &tokens) }
        let (scalar, length) = UTF8Text.scalar(in: bytes, at: index)
        if UTF8Text.isSpace(scalar) { return index + length }
        if UTF8Text.isLetter(scalar) { return word(bytes, at: index, run: index, into: &tokens) }
        if isEmoji(scalar) { return emoji(bytes, at: index, into: &tokens) }
        if scalar == "’", let end = contractionSuffix(bytes, at: index) {
            tokens.append(Token(index..<end, .word))
            return end
        }
        if isPunctuation(scalar) {
            // A run of the same mark is one token: "……", "——".
            var end = index + length
            while end + length <= bytes.count, UTF8Text.scalar(in: bytes, at: end).0 == scalar { end += length }
            tokens.append(Token(index..<end, .punctuation))
            return end
        }
        tokens.append(Token(index..<index + length, .symbol))
        return index + length
    }

    /// The ASCII cases, which are most of any English text, decided on the byte alone.
    @inline(__always)
    private func nextASCII(
        _ byte: UInt8, _ bytes: UnsafeBufferPointer<UInt8>, at index: Int, into tokens: inout TokenBuffer
    )
        -> Int
    {
        switch byte {
        case 0x20, 0x0A, 0x09, 0x0D, 0x0B, 0x0C:
            return index + 1
        case 0x41...0x5A, 0x61...0x7A, 0x5F:
            return wordOrURL(bytes, at: index, run: Self.asciiWordRunEnd(bytes, from: index + 1), into: &tokens)
        case 0x30...0x39:
            return number(bytes, at: index, into: &tokens)
        case 0x40, 0x23:
            if index + 1 < bytes.count, isWordByte(bytes[index + 1]) {
                let end = wordEnd(bytes, of: index + 1, from: index + 1, allowHyphen: false)
                tokens.append(Token(index..<end, byte == 0x40 ? .mention : .hashtag))
                return end
            }
        case 0x27:
            if let end = contractionSuffix(bytes, at: index) {
                tokens.append(Token(index..<end, .word))
                return end
            }
        default:
            break
        }
        let scalar = Unicode.Scalar(byte)
        guard isPunctuation(scalar) else {
            tokens.append(Token(index..<index + 1, .symbol))
            return index + 1
        }
        // A run of the same mark is one token ("...", "--"); `?` and `!` mix ("?!").
        var end = index + 1
        if byte == 0x3F || byte == 0x21 {
            while end < bytes.count, bytes[end] == 0x3F || bytes[end] == 0x21 { end += 1 }
        } else {
            while end < bytes.count, bytes[end] == byte { end += 1 }
        }
        tokens.append(Token(index..<end, .punctuation))
        return end
    }

    // MARK: Words

    /// A URL or a word at `index`, an ASCII letter or `_` whose run of ASCII word bytes ends at `run`.
    private func wordOrURL(
        _ bytes: UnsafeBufferPointer<UInt8>, at index: Int, run: Int, into tokens: inout TokenBuffer
    ) -> Int {
        // Only "ht…" and "ww…" can start a URL; check those two bytes before the prefixes.
        let byte = bytes[index] | 0x20
        if index + 1 < bytes.count,
            byte == 0x68 && bytes[index + 1] | 0x20 == 0x74 || byte == 0x77 && bytes[index + 1] | 0x20 == 0x77,
            let end = url(bytes, at: index)
        {
            tokens.append(Token(index..<end, .url))
            return end
        }
        return word(bytes, at: index, run: run, into: &tokens)
    }

    /// The word at `index`; `run` is where its leading ASCII letters, digits and `_` are known to
    /// reach (`index` when unknown), so they are not read twice.
    private func word(
        _ bytes: UnsafeBufferPointer<UInt8>, at index: Int, run: Int, into tokens: inout TokenBuffer
    ) -> Int {
        var end = wordEnd(bytes, of: index, from: run, allowHyphen: true)
        // The common case: a plain word ending at a space or at punctuation that cannot extend it.
        if end == bytes.count || Self.endsWordPlainly(bytes[end]) {
            tokens.append(Token(index..<end, .word))
            return end
        }
        // An e-mail address: word characters and dots, '@', a dotted domain. After a '.' or '+'
        // the address needs more of itself, or the '@': "said. The" is no address.
        if bytes[end] == 0x40
            || (bytes[end] == 0x2E || bytes[end] == 0x2B) && end + 1 < bytes.count
                && (isEmailByte(bytes[end + 1]) || bytes[end + 1] == 0x40),
            let email = email(bytes, at: index)
        {
            tokens.append(Token(index..<email, .email))
            return email
        }
        // Letter-dot abbreviations stay whole: "U.S.", "e.g.", "Ph.D.".
        if end < bytes.count, bytes[end] == 0x2E, end - index <= 3 {
            var probe = end
            var dotted = end
            while probe + 1 < bytes.count, bytes[probe] == 0x2E, UTF8Text.isASCIILetter(bytes[probe + 1]) {
                var letters = probe + 1
                while letters < bytes.count, UTF8Text.isASCIILetter(bytes[letters]), letters - probe <= 3 {
                    letters += 1
                }
                probe = letters
                dotted = letters
            }
            if dotted > end, dotted < bytes.count, bytes[dotted] == 0x2E {
                tokens.append(Token(index..<dotted + 1, .word))
                return dotted + 1
            }
            if isAbbreviation(bytes, index..<end) {
                tokens.append(Token(index..<end + 1, .word))
                return end + 1
            }
        }
        // Contractions: "don't" → "do" "n't"; "I'm" → "I" "'m"; "Trump's" → "Trump" "'s".
        if end < bytes.count, let apostrophe = apostropheLength(bytes, at: end) {
            if end - index >= 2, bytes[end - 1] | 0x20 == 0x6E, end + apostrophe < bytes.count,
                bytes[end + apostrophe] | 0x20 == 0x74, !isWordByteAt(bytes, end + apostrophe + 1)
            {
                tokens.append(Token(index..<end - 1, .word))
                tokens.append(Token(end - 1..<end + apostrophe + 1, .word))
                return end + apostrophe + 1
            }
            if let suffix = contractionSuffix(bytes, at: end) {
                tokens.append(Token(index..<end, .word))
                tokens.append(Token(end..<suffix, .word))
                return suffix
            }
            // "O'Brien", "rock'n'roll": an apostrophe inside a name keeps the word whole.
            if isWordByteAt(bytes, end + apostrophe) {
                end = wordEnd(bytes, of: end + apostrophe, from: end + apostrophe, allowHyphen: true)
            }
        }
        tokens.append(Token(index..<end, .word))
        return end
    }

    /// The end of a run of letters, digits, `_`, combining marks and (inside) hyphens that starts
    /// at `start`; reading resumes at `resume`, which the run is known to reach.
    private func wordEnd(
        _ bytes: UnsafeBufferPointer<UInt8>, of start: Int, from resume: Int, allowHyphen: Bool
    ) -> Int {
        var end = resume
        let count = bytes.count
        while end < count {
            let byte = bytes[end]
            if byte < 0x80 {
                if Self.isASCIIWordByte(byte) {
                    end = Self.asciiWordRunEnd(bytes, from: end + 1)
                } else if allowHyphen, byte == 0x2D, end > start, end + 1 < bytes.count, isWordByte(bytes[end + 1]) {
                    end += 1
                } else {
                    break
                }
            } else {
                let (scalar, length) = UTF8Text.scalar(in: bytes, at: end)
                if UTF8Text.isLetter(scalar) {
                    end += length
                    continue
                }
                // Quotes and dashes end a word; only marks and digits of other scripts go on.
                if (0x2000...0x206F).contains(scalar.value) { break }
                guard UnicodeProperties.continuesWord(scalar) else { break }
                end += length
            }
        }
        return end
    }

    /// ASCII letters, digits and `_`, from two 64-bit sets.
    @inline(__always)
    private static func isASCIIWordByte(_ byte: UInt8) -> Bool {
        let low: UInt64 = 0x03FF_0000_0000_0000  // 0-9
        let high: UInt64 = 0x07FF_FFFE_87FF_FFFE  // A-Z, _, a-z
        if byte < 0x40 { return low >> UInt64(byte) & 1 != 0 }
        if byte < 0x80 { return high >> UInt64(byte &- 0x40) & 1 != 0 }
        return false
    }

    /// A byte after a word that can neither extend it (as `.`, `@`, `'`, `’` and `-` can) nor start a URL.
    @inline(__always)
    private static func endsWordPlainly(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x20, 0x0A, 0x09, 0x0D, 0x2C, 0x3B, 0x29, 0x22, 0x21, 0x3F: return true
        default: return false
        }
    }

    @inline(__always)
    private func isWordByte(_ byte: UInt8) -> Bool {
        UTF8Text.isASCIILetter(byte) || UTF8Text.isDigit(byte) || byte == 0x5F || byte >= 0xC0
    }

    /// What the local part of an e-mail address is made of: word bytes, `.`, `+` and `-`.
    @inline(__always)
    private func isEmailByte(_ byte: UInt8) -> Bool {
        isWordByte(byte) || byte == 0x2E || byte == 0x2B || byte == 0x2D
    }

    private func isWordByteAt(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        guard index < bytes.count else { return false }
        if bytes[index] < 0x80 { return isWordByte(bytes[index]) }
        return UTF8Text.isLetter(UTF8Text.scalar(in: bytes, at: index).0)
    }

    private func apostropheLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        if bytes[index] == 0x27 { return 1 }
        if index + 2 < bytes.count, bytes[index] == 0xE2, bytes[index + 1] == 0x80, bytes[index + 2] == 0x99 {
            return 3
        }
        return nil
    }

    /// "'s", "'m", "'d", "'ll", "'re", "'ve" at `index`, followed by a non-letter; or a lone
    /// possessive apostrophe after an "s" ("students'").
    private func contractionSuffix(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        guard let apostrophe = apostropheLength(bytes, at: index) else { return nil }
        let after = index + apostrophe
        for letters in Self.contractionSuffixes {
            guard after + letters.count <= bytes.count else { continue }
            if zip(bytes[after...], letters).allSatisfy({ $0 | 0x20 == $1 }),
                !isWordByteAt(bytes, after + letters.count)
            {
                return after + letters.count
            }
        }
        if index > 0, bytes[index - 1] | 0x20 == 0x73, !isWordByteAt(bytes, after) { return after }
        return nil
    }

    private func isAbbreviation(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        if range.count == 1 { return UTF8Text.isUpper(bytes[range.lowerBound]) }
        guard range.count <= 6, let key = WordKey(bytes[range]) else { return false }
        return !(Abbreviations.lists[key] ?? []).isDisjoint(with: [.title, .beforeNumber, .general])
    }

    // MARK: Numbers, URLs, e-mail, emoji

    /// Digits with inner separators ("1,000", "3.14", "2025-02-13", "10:30"), and a unit or ordinal
    /// suffix glued on ("10th", "5km") as one word.
    private func number(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, into tokens: inout TokenBuffer) -> Int {
        var end = index
        while end < bytes.count {
            if UTF8Text.isDigit(bytes[end]) {
                end += 1
            } else if bytes[end] == 0x2C || bytes[end] == 0x2E || bytes[end] == 0x3A || bytes[end] == 0x2F
                || bytes[end] == 0x2D, end + 1 < bytes.count,
                UTF8Text.isDigit(bytes[end + 1])
            {
                end += 2
            } else {
                break
            }
        }
        if end < bytes.count, isWordByte(bytes[end]), bytes[end] < 0x80 {
            let wordEnd = wordEnd(bytes, of: end, from: end, allowHyphen: true)
            tokens.append(Token(index..<wordEnd, .word))
            return wordEnd
        }
        tokens.append(Token(index..<end, .number))
        return end
    }

    private func url(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let byte = bytes[index] | 0x20
        guard byte == 0x68 || byte == 0x77, URLPrefix.matches(bytes, at: index) else { return nil }
        var end = index
        var parentheses = 0
        while end < bytes.count {
            let byte = bytes[end]
            if byte <= 0x20 || byte == 0x22 || byte == 0x3C || byte == 0x3E { break }
            if byte >= 0x80 && UTF8Text.isSpace(UTF8Text.scalar(in: bytes, at: end).0) { break }
            if byte == 0x28 { parentheses += 1 }
            if byte == 0x29 { parentheses -= 1 }
            end += 1
        }
        while end > index, ".,;:!?'".utf8.contains(bytes[end - 1]) || (bytes[end - 1] == 0x29 && parentheses < 0) {
            if bytes[end - 1] == 0x29 { parentheses += 1 }
            end -= 1
        }
        return end
    }

    private func email(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        var at = index
        while at < bytes.count, isEmailByte(bytes[at]) { at += 1 }
        guard at < bytes.count, bytes[at] == 0x40, at > index else { return nil }
        var end = at + 1
        var dots = 0
        while end < bytes.count,
            isWordByte(bytes[end]) || bytes[end] == 0x2D
                || (bytes[end] == 0x2E && end + 1 < bytes.count && isWordByte(bytes[end + 1]))
        {
            if bytes[end] == 0x2E { dots += 1 }
            end += 1
        }
        return dots > 0 && end > at + 1 ? end : nil
    }

    private func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            // ASCII punctuation, as Unicode's categories have it; `$ + < = > ^ ` | ~` are symbols.
            switch scalar {
            case "!", "\"", "#", "%", "&", "'", "(", ")", "*", ",", "-", ".", "/", ":", ";", "?", "@", "[", "\\", "]",
                "_", "{", "}":
                return true
            default:
                return false
            }
        }
        // General Punctuation's dashes, quotes and ellipsis, without a property lookup.
        if (0x2010...0x2027).contains(scalar.value) { return true }
        return UnicodeProperties.isPunctuation(scalar)
    }

    private func isEmoji(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x2100 && scalar.value != 0x203C && scalar.value != 0x2049 { return false }
        return UnicodeProperties.isEmoji(scalar)
    }

    /// An emoji with its variation selectors, skin tones, keycaps and zero-width-joined parts.
    private func emoji(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, into tokens: inout TokenBuffer) -> Int {
        var end = index + UTF8Text.scalar(in: bytes, at: index).1
        while end < bytes.count {
            let (scalar, length) = UTF8Text.scalar(in: bytes, at: end)
            if scalar.value == 0x200D, end + length < bytes.count {
                end += length + UTF8Text.scalar(in: bytes, at: end + length).1
            } else if scalar.value == 0xFE0F || scalar.value == 0x20E3 || (0x1F3FB...0x1F3FF).contains(scalar.value)
                || (0xE0020...0xE007F).contains(scalar.value)
                || ((0x1F1E6...0x1F1FF).contains(scalar.value) && end == index + 4)
            {
                end += length
            } else {
                break
            }
        }
        tokens.append(Token(index..<end, .emoji))
        return end
    }
}

/// The starts of a URL that `pipe` recognises without a scheme list: `http://`, `https://`, `www.`.
enum URLPrefix {
    private static let prefixes: [[UInt8]] = ["http://", "https://", "www."].map { Array($0.utf8) }

    /// Whether one of the prefixes (in any letter case) starts at `index`, with more after it.
    static func matches(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        for prefix in prefixes where index + prefix.count < bytes.count {
            var offset = 0
            while offset < prefix.count && bytes[index + offset] | 0x20 == prefix[offset] | 0x20 { offset += 1 }
            if offset == prefix.count { return true }
        }
        return false
    }
}

/// Where `tokenize` collects tokens: a growable buffer of plain values, appended to without the
/// uniqueness and capacity checks of `Array.append`.
struct TokenBuffer {
    private var base: UnsafeMutablePointer<Tokenizer.Token>
    private var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = Swift.max(16, capacity)
        base = .allocate(capacity: self.capacity)
    }

    @inline(__always)
    mutating func append(_ token: Tokenizer.Token) {
        if count == capacity { grow() }
        (base + count).initialize(to: token)
        count &+= 1
    }

    private mutating func grow() {
        let larger = UnsafeMutablePointer<Tokenizer.Token>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = larger
        capacity *= 2
    }

    /// The tokens so far, valid until the next `append` or `deallocate`.
    var tokens: UnsafeBufferPointer<Tokenizer.Token> { UnsafeBufferPointer(start: base, count: count) }

    /// Frees the buffer; `Token` is a plain value, so nothing needs deinitializing.
    func deallocate() { base.deallocate() }
}
