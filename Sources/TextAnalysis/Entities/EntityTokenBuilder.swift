/// Builds the recognizer's tokens of one text from the tokenizer's, in one walk: it cuts hyphenated
/// words, finds what it knows of each word, and marks sentence starts, headlines and the tokens that
/// may start a pattern or a name as it goes.
///
/// Every token of a text goes through `append`, so it does no more than a token needs. A word met
/// before (most of them) is one probe of the worker's `WordCache`, found by its bytes when it is
/// short (`WordHash.shortASCII`), else by its hashes (`WordHash.scan`, one pass over its bytes). A new
/// word is described (`describe`): a lower-case one costs a test of the cue filter, a capitalized one
/// lookups in the tables of megabytes. No array grows; the buffers it fills are the caller's.
struct EntityTokenBuilder {
    /// The tokens, their word ids in the built-in gazetteer and in the user's (none when the user
    /// knows nothing), and their marks, followed by 8 zero bytes: buffers the caller deallocates.
    struct Built {
        var tokens: UnsafeBufferPointer<EntityToken>
        var builtinIDs: UnsafeBufferPointer<(UInt32, UInt32)>
        var userIDs: UnsafeBufferPointer<(UInt32, UInt32)>
        var marks: UnsafeBufferPointer<TokenMarks>
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private let lexicon: EntityLexicon
    private let user: UserKnowledge
    private let hasUser: Bool
    private let cache: UnsafeMutableBufferPointer<WordCache.Entry>
    private let sentences: [Range<Int>]
    private let the: UInt64
    private let patternFlags: WordFlags

    private var tokens: UnsafeMutablePointer<EntityToken>
    private var builtinIDs: UnsafeMutablePointer<(UInt32, UInt32)>
    private var userIDs: UnsafeMutablePointer<(UInt32, UInt32)>?
    private var marks: UnsafeMutablePointer<TokenMarks>
    private var count = 0
    private var capacity: Int

    // Where the walk stands: the next sentence and where it starts, the line and its words.
    private var sentenceIndex = 0
    private var nextSentenceStart: Int
    private var previousEnd = 0
    private var pendingStart = true
    private var lineStart = 0
    private var lineWords = 0
    private var lineCapitalized = 0

    /// The recognizer's tokens of the text `bytes` whose tokenizer's tokens are `tokens`.
    static func build(
        _ tokens: UnsafeBufferPointer<Tokenizer.Token>, bytes: UnsafeBufferPointer<UInt8>, lexicon: EntityLexicon,
        user: UserKnowledge, sentences: [Range<Int>], cache: UnsafeMutableBufferPointer<WordCache.Entry>
    ) -> Built {
        var builder = EntityTokenBuilder(
            bytes: bytes, lexicon: lexicon, user: user, sentences: sentences, cache: cache,
            capacity: tokens.count + tokens.count / 8 + 16)
        for token in tokens { builder.add(token.range, token.kind) }
        return builder.finish()
    }

    private init(
        bytes: UnsafeBufferPointer<UInt8>, lexicon: EntityLexicon, user: UserKnowledge, sentences: [Range<Int>],
        cache: UnsafeMutableBufferPointer<WordCache.Entry>, capacity: Int
    ) {
        self.bytes = bytes
        self.lexicon = lexicon
        self.user = user
        hasUser = !user.isEmpty
        self.cache = cache
        self.sentences = sentences
        the = RuleWords.shared.the
        patternFlags = RuleWords.shared.patternFlags
        nextSentenceStart = sentences.first?.lowerBound ?? .max
        self.capacity = capacity
        tokens = .allocate(capacity: capacity)
        builtinIDs = .allocate(capacity: capacity)
        userIDs = hasUser ? .allocate(capacity: capacity) : nil
        marks = .allocate(capacity: capacity + 8)
    }

    /// Adds the tokenizer's token at `range`, cut at its hyphens when it is a hyphenated word
    /// ("Russian-backed" → "Russian" "-" "backed") so that each part can be a name.
    @inline(__always)
    private mutating func add(_ range: Range<Int>, _ kind: Tokenizer.Kind) {
        let short = WordHash.shortASCII(bytes, range)
        let scan = short == nil ? WordHash.scan(bytes, range) : nil
        if kind == .word, range.count > 2, short.map(WordHash.hasHyphen) ?? scan?.hasHyphen ?? true,
            let hyphen = Self.hyphen(in: range, bytes)
        {
            addParts(range, from: hyphen)
        } else {
            append(range, kind, short: short, scan: scan)
        }
    }

    /// Ends the walk (marks the last line) and hands over the buffers.
    private consuming func finish() -> Built {
        endLine()
        (marks + count).initialize(repeating: [], count: 8)
        return Built(
            tokens: UnsafeBufferPointer(start: tokens, count: count),
            builtinIDs: UnsafeBufferPointer(start: builtinIDs, count: count),
            userIDs: UnsafeBufferPointer(start: userIDs, count: userIDs == nil ? 0 : count),
            marks: UnsafeBufferPointer(start: marks, count: count + 8))
    }

    @inline(never)
    private mutating func addParts(_ range: Range<Int>, from hyphen: Int) {
        var start = range.lowerBound
        var index = hyphen
        while index < range.upperBound - 1 {
            if bytes[index] == 0x2D {
                appendPart(start..<index, EntityTokens.kind(bytes, start..<index))
                appendPart(index..<index + 1, .punctuation)
                start = index + 1
            }
            index += 1
        }
        appendPart(start..<range.upperBound, EntityTokens.kind(bytes, start..<range.upperBound))
    }

    @inline(never)
    private mutating func appendPart(_ range: Range<Int>, _ kind: Tokenizer.Kind) {
        let short = WordHash.shortASCII(bytes, range)
        append(range, kind, short: short, scan: short == nil ? WordHash.scan(bytes, range) : nil)
    }

    /// The first hyphen inside a word (not its first or last byte).
    private static func hyphen(in range: Range<Int>, _ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        (range.lowerBound + 1..<range.upperBound - 1).first { bytes[$0] == 0x2D }
    }

    /// Appends the token at `range`: `short` holds its bytes when `WordHash.shortASCII` reads them, else
    /// `scan` is their scan (`nil` when they are not all ASCII).
    @inline(__always)
    private mutating func append(
        _ range: Range<Int>, _ kind: Tokenizer.Kind, short: UInt64?, scan: WordHash.Scan?
    ) {
        if count == capacity { grow() }
        // A short word is found by its bytes, hashed only when new; another by its hashes.
        let key: UInt64
        var hashes: (exact: UInt64, folded: UInt64)?
        if let short {
            key = short
        } else {
            let known = scan.map { (exact: $0.exact, folded: $0.folded) } ?? WordHash.hashes(bytes, range)
            key = known.exact
            hashes = known
        }
        let slot = WordCache.slot(key, cache.count)
        let length = Int32(truncatingIfNeeded: range.count)
        if cache[slot].key != key || cache[slot].length != length || cache[slot].kind != kind
            || cache[slot].byBytes != (short != nil)
        {
            let (exact, folded) = hashes ?? WordHash.hashes(ofShort: key, count: range.count)
            cache[slot] = describe(range, kind, exact, folded, ascii: short != nil || scan != nil)
            cache[slot].key = key
            cache[slot].byBytes = short != nil
        }
        let word = cache[slot]
        let exact = word.exact
        let folded = word.folded
        (builtinIDs + count).initialize(to: (word.builtinID, 0))
        (marks + count).initialize(to: word.marks)
        userIDs?[count] = word.userIDs
        var token = EntityToken(
            start: range.lowerBound, end: range.upperBound, exact: exact, folded: folded,
            flags: WordFlags(rawValue: word.flags), kind: kind, shape: word.shape)
        if word.shape == .number || range.isEmpty { token.number = Self.smallNumber(bytes, range) }
        token.spaceBefore = previousEnd < range.lowerBound || count == 0
        var index = previousEnd
        while index < range.lowerBound {
            if bytes[index] == 0x0A {
                token.newlineBefore = true
                pendingStart = true
                break
            }
            index += 1
        }
        if count == 0 {
            token.newlineBefore = true
        } else if token.newlineBefore {
            endLine()
        }
        while nextSentenceStart <= range.lowerBound {
            sentenceIndex += 1
            nextSentenceStart = sentenceIndex < sentences.count ? sentences[sentenceIndex].lowerBound : .max
            pendingStart = true
        }
        if pendingStart, word.shape != .other {
            token.sentenceStart = true
            pendingStart = false
        }
        if kind == .word, range.upperBound - range.lowerBound >= 4 {
            lineWords += 1
            if token.isName { lineCapitalized += 1 }
        }
        previousEnd = range.upperBound
        (tokens + count).initialize(to: token)
        count += 1
    }

    /// What the tables know about the word at `range` of kind `kind`, its shape and what it may start:
    /// all that depends on the word alone, which the cache keeps. (Mutating only to be passed the
    /// builder by reference: a copy of it for every new word cost more than the lookups.)
    @inline(never)
    private mutating func describe(
        _ range: Range<Int>, _ kind: Tokenizer.Kind, _ exact: UInt64, _ folded: UInt64, ascii: Bool
    )
        -> WordCache.Entry
    {
        let shape = ascii ? asciiShape(range, kind) : EntityTokens.shape(bytes, range, kind: kind)
        var word = WordCache.Entry(
            length: Int32(truncatingIfNeeded: range.count), kind: kind, shape: shape, exact: exact, folded: folded)
        if shape == .capitalized || shape == .allCaps {
            let flags = lexicon.flags(folded)
            word.flags = flags.rawValue
            word.builtinID = lexicon.names.wordIDs(exact: exact).0
            word.userIDs = hasUser ? user.phrases.wordIDs(exact: exact, folded: folded) : (0, 0)
            word.marks = kind == .word ? .name : []
            // Else a pattern starts only at "The" and at a short prefix of a currency sign ("US$").
            if shape == .allCaps || !flags.isDisjoint(with: patternFlags) || folded == the || range.count <= 2 {
                word.marks.insert(.pattern)
            }
        } else {
            // Lower-case words and marks: only the cue words and, for the few that can stand inside a
            // name ("of", "al"), the gazetteers.
            let flags = lexicon.cueFlags(folded)
            let nameWord = flags.contains(.nameWord)
            word.flags = flags.rawValue
            word.builtinID = nameWord ? lexicon.names.wordIDs(exact: exact).0 : 0
            word.userIDs =
                hasUser && (nameWord || user.needsEveryWord)
                ? user.phrases.wordIDs(exact: exact, folded: folded) : (0, 0)
            word.marks = shape == .lower && lexicon.names.startsName(word.builtinID) ? .name : []
            if Self.mayStartPattern(shape, kind, flags, folded, patternFlags, the)
                || shape == .other && mayBeCurrencySign(range.lowerBound, kind)
            {
                word.marks.insert(.pattern)
            }
        }
        return word
    }

    /// Whether a pattern may start at a lower-case word, a number or a mark: the recognizer's test
    /// without the tokens around it.
    @inline(__always)
    private static func mayStartPattern(
        _ shape: EntityToken.Shape, _ kind: Tokenizer.Kind, _ flags: WordFlags, _ folded: UInt64,
        _ patternFlags: WordFlags, _ the: UInt64
    ) -> Bool {
        switch shape {
        case .number: true
        case .lower: kind != .word || !flags.isDisjoint(with: patternFlags) || folded == the
        default: kind != .word && kind != .punctuation && kind != .symbol
        }
    }

    /// Whether the mark at `start` may be a currency sign: "$", "€", "£", "¥".
    @inline(__always)
    private func mayBeCurrencySign(_ start: Int, _ kind: Tokenizer.Kind) -> Bool {
        (kind == .punctuation || kind == .symbol)
            && (bytes[start] == 0x24 || bytes[start] == 0xE2 || bytes[start] == 0xC2)
    }

    /// The shape of an ASCII token, as `EntityTokens.shape` finds it.
    @inline(__always)
    private func asciiShape(_ range: Range<Int>, _ kind: Tokenizer.Kind) -> EntityToken.Shape {
        let first = bytes[range.lowerBound]
        if UTF8Text.isDigit(first) { return .number }
        guard kind == .word || kind == .hashtag || kind == .mention, UTF8Text.isASCIILetter(first) else {
            return .other
        }
        guard UTF8Text.isUpper(first) else { return .lower }
        return WordHash.isAllCaps(bytes, range) ? .allCaps : .capitalized
    }

    /// The value of `bytes[range]` when it is only digits, at most four of them; -1 otherwise. (Static:
    /// a method would be handed a copy of the builder.)
    private static func smallNumber(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int16 {
        guard range.count <= 4 else { return -1 }
        var value: Int16 = 0
        for index in range {
            guard UTF8Text.isDigit(bytes[index]) else { return -1 }
            value = value * 10 + Int16(bytes[index] - 0x30)
        }
        return value
    }

    /// Marks the line that ends here as a headline when its words are nearly all capitalized (and it
    /// does not end with a period): there capitalization says nothing.
    private mutating func endLine() {
        if lineWords >= 3, lineCapitalized * 4 >= lineWords * 3, count > 0,
            !(tokens[count - 1].end - tokens[count - 1].start == 1 && bytes[tokens[count - 1].start] == 0x2E)
        {
            for position in lineStart..<count { tokens[position].headline = true }
        }
        lineStart = count
        lineWords = 0
        lineCapitalized = 0
    }

    private mutating func grow() {
        capacity *= 2
        Self.grow(&tokens, count, capacity)
        Self.grow(&builtinIDs, count, capacity)
        if var ids = userIDs {
            Self.grow(&ids, count, capacity)
            userIDs = ids
        }
        Self.grow(&marks, count, capacity + 8)
    }

    private static func grow<Element>(_ buffer: inout UnsafeMutablePointer<Element>, _ count: Int, _ capacity: Int) {
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
        grown.moveInitialize(from: buffer, count: count)
        buffer.deallocate()
        buffer = grown
    }
}

/// What a token may start, marked as the tokens are built so that the recognizer's walks pass by the
/// others eight at a time.
struct TokenMarks: OptionSet {
    let rawValue: UInt8
    /// A pattern (a date, an amount, a URL…) may start here.
    static let pattern = TokenMarks(rawValue: 1)
    /// A run of names may start here: a capitalized word, or a lower-case word a listed name starts with.
    static let name = TokenMarks(rawValue: 2)
}
