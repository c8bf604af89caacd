/// Finds the people, organizations, places, nationalities, dates, times, amounts, e-mail addresses
/// and URLs of a text, without a statistical model:
///
/// 1. the user's phrases and token patterns (they win), and phrases to ignore;
/// 2. patterns over tokens for DATE, TIME, MONEY, PERCENT, QUANTITY, and the tokenizer's URL and
///    e-mail tokens;
/// 3. runs of capitalized words, cut by the built-in gazetteer (places, organizations, nationalities,
///    titles) and labelled by their evidence: a title before a name, a first name, an organization
///    head ("Ministry", "Inc.") or place head ("Airport", "River"), "in"/"at" before a place; a
///    capitalized common word at the start of a sentence or in a headline is not a name by itself;
/// 4. consistency over the document: a name found with good evidence labels its other mentions, and a
///    surname alone links to the full name seen elsewhere ("Trump" → "Donald Trump"), as an acronym
///    does to the name it follows in parentheses.
///
/// - Complexity: linear in the text: every step walks the tokens once, and gazetteer walks are
///   bounded by the longest name.
public struct EntityRecognizer: Sendable {
    /// One entity mention: UTF-8 byte offsets into the text, label, canonical name, confidence.
    public struct Mention: Sendable, Hashable {
        public var range: Range<Int>
        public var label: EntityLabel
        public var canonical: String
        public var confidence: Double
    }

    public var lexicon: EntityLexicon
    public var user: UserKnowledge
    /// The labels to output; all when `nil`.
    public var labels: Set<EntityLabel>?
    /// Mentions less sure than this are left out.
    public var minimumConfidence: Double

    public init(
        lexicon: EntityLexicon = .builtin, user: UserKnowledge = UserKnowledge(), labels: Set<EntityLabel>? = nil,
        minimumConfidence: Double = 0
    ) {
        self.lexicon = lexicon
        self.user = user
        self.labels = labels
        self.minimumConfidence = minimumConfidence
    }

    /// The entities of `text`; `tokens` and `sentences` (byte ranges) are computed when not given.
    public func recognize(_ text: String, tokens: [Tokenizer.Token]? = nil, sentences: [Range<Int>]? = nil)
        -> [Mention]
    {
        var cache = WordCache(capacity: 256)
        return recognize(text, tokens: tokens, sentences: sentences, cache: &cache)
    }

    /// The entities of `text`, looking capitalized words up in `cache` first: a caller that
    /// recognizes many texts keeps one cache per thread (see `WordCache`).
    public func recognize(
        _ text: String, tokens: [Tokenizer.Token]? = nil, sentences: [Range<Int>]? = nil, cache: inout WordCache
    ) -> [Mention] {
        let tokens = tokens ?? Tokenizer().tokenize(text)
        let sentences = sentences ?? SentenceSplitter().split(text)
        var text = text
        return text.withUTF8 { bytes in
            tokens.withUnsafeBufferPointer { tokens in
                RecognizerPass(recognizer: self, bytes: bytes, tokens: tokens, sentences: sentences, cache: &cache)
                    .run()
            }
        }
    }
}

/// One document's recognition.
///
/// A class, not a struct: its steps call each other thousands of times a document, and a method of
/// a large struct called from a `mutating` one copied the whole struct (lexicons included) each time.
/// Its state is read-only once built, apart from `claimed` (a buffer it owns) and `found`.
private final class RecognizerPass {
    struct Found {
        var start: Int
        var end: Int
        var label: EntityLabel
        var canonical: Canonical
        var confidence: Double
        /// Found by the user's knowledge, never relabelled.
        var fixed = false
    }

    /// The name a mention links to, kept as where to find it: strings are made for the output only.
    enum Canonical: Equatable {
        /// The mention's own text.
        case own
        /// A built-in name's canonical name (`lexicon.names.entries[i]`, not empty).
        case builtin(Int)
        /// A user's phrase's canonical name (`user.phrases.entries[i]`, not empty).
        case user(Int)
        /// The text of tokens `start..<end`.
        case tokens(Int, Int)
    }

    let recognizer: EntityRecognizer
    let lexicon: EntityLexicon
    let words = RuleWords.shared
    let bytes: UnsafeBufferPointer<UInt8>
    /// The tokens, hyphenated words cut, and their word ids in the built-in gazetteer and in the
    /// user's; the pass owns the buffers.
    let tokens: UnsafeBufferPointer<EntityToken>
    let builtinIDs: UnsafeBufferPointer<(UInt32, UInt32)>
    let userIDs: UnsafeBufferPointer<(UInt32, UInt32)>
    /// Per token: what it may start (eight zero bytes follow).
    let marks: UnsafeBufferPointer<TokenMarks>
    /// Per token: claimed by a mention (or an ignored phrase).
    let claimed: UnsafeMutableBufferPointer<Bool>
    /// The mentions found so far. Unchecked: every append would otherwise pay for a dynamic check that
    /// no other access to it is under way, and the pass's methods, on one thread, hold none across a
    /// call that changes it.
    @exclusivity(unchecked) var found: [Found] = []

    init(
        recognizer: EntityRecognizer, bytes: UnsafeBufferPointer<UInt8>, tokens: UnsafeBufferPointer<Tokenizer.Token>,
        sentences: [Range<Int>], cache: inout WordCache
    ) {
        self.recognizer = recognizer
        let lexicon = recognizer.lexicon
        self.lexicon = lexicon
        self.bytes = bytes
        let built = cache.entries.withUnsafeMutableBufferPointer { entries in
            EntityTokenBuilder.build(
                tokens, bytes: bytes, lexicon: lexicon, user: recognizer.user, sentences: sentences, cache: entries)
        }
        self.tokens = built.tokens
        self.builtinIDs = built.builtinIDs
        self.userIDs = built.userIDs
        self.marks = built.marks
        self.claimed = .allocate(capacity: built.tokens.count)
        self.claimed.initialize(repeating: false)
    }

    deinit {
        claimed.deallocate()
        tokens.deallocate()
        builtinIDs.deallocate()
        userIDs.deallocate()
        marks.deallocate()
    }

    /// The first token from `index` on marked `mark`, or the end: eight marks at a time.
    private func next(_ mark: TokenMarks, from index: Int) -> Int {
        guard let base = marks.baseAddress else { return tokens.count }
        let wanted = UInt64(mark.rawValue) &* 0x0101_0101_0101_0101
        var index = index
        while index < tokens.count {
            let found = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & wanted
            if found != 0 { return index + found.trailingZeroBitCount / 8 }
            index += 8
        }
        return tokens.count
    }

    func run() -> [EntityRecognizer.Mention] {
        if !recognizer.user.isEmpty { findUser() }
        findPatterns()
        findNames()
        makeConsistent()
        return output()
    }

    // MARK: User knowledge

    private func findUser() {
        let user = recognizer.user
        let hasPatterns = !user.patterns.isEmpty
        let ids = userIDs
        var index = 0
        while index < tokens.count {
            // The longest of a phrase (an entry of the user's gazetteer) and a token pattern.
            var end = 0
            var label = EntityLabel.ignore
            var entry: Int?
            if ids[index] != (0, 0), let match = user.phrases.longestMatchIndex(ids, from: index, limit: ids.count) {
                end = match.end
                entry = match.index
                label = user.phrases.entries[match.index].label
            }
            if hasPatterns, let match = user.longestPattern(tokens, from: index), match.end > end {
                end = match.end
                entry = nil
                label = match.label
            }
            guard end > 0 else {
                index += 1
                continue
            }
            for position in index..<end { claimed[position] = true }
            if label != .ignore {
                found.append(
                    Found(
                        start: index, end: end, label: label,
                        canonical: entry.map { user.phrases.entries[$0].canonical.isEmpty ? .own : .user($0) } ?? .own,
                        confidence: 1,
                        fixed: true))
            }
            index = end
        }
    }

    // MARK: Patterns

    private func has(_ index: Int, _ flag: WordFlags) -> Bool {
        index >= 0 && index < tokens.count && tokens[index].flags.contains(flag)
    }

    private func byte(_ index: Int) -> UInt8? {
        guard index >= 0, index < tokens.count, tokens[index].end - tokens[index].start == 1 else { return nil }
        return bytes[tokens[index].start]
    }

    private func isNumber(_ index: Int) -> Bool {
        index >= 0 && index < tokens.count && (tokens[index].kind == .number || tokens[index].shape == .number)
    }

    /// The token's digits as a number, when it is only digits (and at most 4 of them).
    private func smallNumber(_ index: Int) -> Int? {
        guard index >= 0, index < tokens.count, tokens[index].number >= 0 else { return nil }
        return Int(tokens[index].number)
    }

    private func isYear(_ index: Int) -> Bool {
        guard let value = smallNumber(index), tokens[index].end - tokens[index].start == 4 else { return false }
        return (1000...2100).contains(value)
    }

    /// A day of the month: "13", "13th", "1st".
    private func isDay(_ index: Int) -> Bool {
        guard index >= 0, index < tokens.count else { return false }
        if let value = smallNumber(index) {
            return (1...31).contains(value) && tokens[index].end - tokens[index].start <= 2
        }
        let token = tokens[index]
        guard token.shape == .number, token.end - token.start <= 4 else { return false }
        var digits = 0
        var value = 0
        var position = token.start
        while position < token.end, UTF8Text.isDigit(bytes[position]) {
            value = value * 10 + Int(bytes[position] - 0x30)
            digits += 1
            position += 1
        }
        let suffix = String(decoding: UnsafeBufferPointer(rebasing: bytes[position..<token.end]), as: UTF8.self)
        return digits <= 2 && (1...31).contains(value) && ["st", "nd", "rd", "th"].contains(suffix)
    }

    private func isComma(_ index: Int) -> Bool { byte(index) == 0x2C }

    /// A quotation mark: " “ ” ‘ ’ or '.
    private func isQuote(_ index: Int) -> Bool {
        let token = tokens[index]
        let first = bytes[token.start]
        if token.end - token.start == 1 { return first == 0x22 || first == 0x27 }
        return token.end - token.start == 3 && first == 0xE2 && bytes[token.start + 1] == 0x80
            && (0x98...0x9D).contains(bytes[token.start + 2])
    }

    /// "-", "–" (en dash).
    private func isDash(_ index: Int) -> Bool {
        guard index >= 0, index < tokens.count else { return false }
        let token = tokens[index]
        if token.end - token.start == 1 { return bytes[token.start] == 0x2D }
        return token.end - token.start == 3 && bytes[token.start] == 0xE2 && bytes[token.start + 1] == 0x80
            && bytes[token.start + 2] == 0x93
    }

    /// A number, a number word, or a number with a magnitude glued on ("5m", "1.2bn").
    private func numberEnd(_ index: Int) -> Int? {
        guard index < tokens.count else { return nil }
        if isNumber(index) || (has(index, .numberWord) && tokens[index].shape == .lower) {
            var end = index + 1
            while end < tokens.count, has(end, .numberWord) || has(end, .magnitude),
                tokens[end].shape == .lower
            {
                end += 1
            }
            return end
        }
        return nil
    }

    private func findPatterns() {
        var index = next(.pattern, from: 0)
        while index < tokens.count {
            if !claimed[index], mayStartPattern(index), let (end, label, confidence) = pattern(at: index) {
                claim(index, end, label, confidence: confidence)
                index = end
            } else {
                index += 1
            }
            index = next(.pattern, from: index)
        }
    }

    private func claim(
        _ start: Int, _ end: Int, _ label: EntityLabel, confidence: Double, canonical: Canonical = .own
    ) {
        for position in start..<end { claimed[position] = true }
        guard label != .ignore else { return }
        found.append(Found(start: start, end: end, label: label, canonical: canonical, confidence: confidence))
    }

    private func free(_ index: Int) -> Bool { index < tokens.count && !claimed[index] }

    /// Whether a pattern can start at `index`: most words cannot, and are passed by on one test. The
    /// builder marks (`TokenMarks.pattern`) every token it can be true of, and only those are asked.
    @inline(__always)
    private func mayStartPattern(_ index: Int) -> Bool {
        let token = tokens[index]
        switch token.shape {
        case .number: return true
        case .other:
            // Of the marks and symbols only currency signs start a pattern; numbers written with a sign,
            // URLs and e-mail addresses do too.
            return (token.kind != .word && token.kind != .punctuation && token.kind != .symbol)
                || isCurrencySign(index)
        case .lower:
            return token.kind != .word || !token.flags.isDisjoint(with: words.patternFlags)
                || token.folded == words.the && mayFollowThe(index + 1)
        case .capitalized:
            // Else only "The" and a short prefix of a currency sign ("US$", "A$").
            return !token.flags.isDisjoint(with: words.patternFlags)
                || token.folded == words.the && mayFollowThe(index + 1)
                || token.end - token.start <= 2 && isGluedCurrencySign(index + 1)
        case .allCaps:
            return true
        }
    }

    /// Whether a date can start with "the" before token `index`: "the 1970s", "the late 1960s", "the
    /// next day".
    private func mayFollowThe(_ index: Int) -> Bool {
        index < tokens.count
            && (tokens[index].shape == .number || !tokens[index].flags.isDisjoint(with: words.afterThe))
    }

    /// A currency sign with no space before it ("US$").
    private func isGluedCurrencySign(_ index: Int) -> Bool {
        index < tokens.count && !tokens[index].spaceBefore && isCurrencySign(index)
    }

    /// A DATE, TIME, MONEY, PERCENT, QUANTITY, URL or EMAIL starting at `index`.
    private func pattern(at index: Int) -> (Int, EntityLabel, Double)? {
        let token = tokens[index]
        switch token.kind {
        case .url: return (index + 1, .url, 0.95)
        case .email: return (index + 1, .email, 0.95)
        default: break
        }
        // Where a number starting here ends: the rules below ask it often.
        let number = numberEnd(index)
        if let date = date(at: index, number: number) { return (date, .date, 0.9) }
        if let time = time(at: index) { return (time, .time, 0.9) }
        if let money = money(at: index, number: number) { return (money, .money, 0.9) }
        if let amount = number, free(amount) {
            if has(amount, .percentWord) {
                if byte(amount) == 0x25 { return (amount + 1, .percent, 0.95) }
                if tokens[amount].folded == words.per { return (amount + 2, .percent, 0.9) }
                return (amount + 1, .percent, 0.95)
            }
            if tokens[amount].folded == words.per, has(amount + 1, .percentWord) {
                return (amount + 2, .percent, 0.9)
            }
            if isNumber(index) || amount > index + 1 || has(amount, .unit) {
                if let end = unitEnd(amount) { return (end, .quantity, 0.8) }
            }
        }
        if token.shape == .number, token.kind == .word, quantityWord(index) { return (index + 1, .quantity, 0.8) }
        return nil
    }

    /// Where a unit starting at `index` ends: "km", "square miles", "degrees Celsius".
    private func unitEnd(_ index: Int) -> Int? {
        guard free(index) else { return nil }
        var position = index
        if tokens[position].folded == words.square || tokens[position].folded == words.cubic { position += 1 }
        guard free(position), has(position, .unit),
            tokens[position].shape != .allCaps || tokens[position].end - tokens[position].start <= 3
        else {
            // "40°C": the degree sign, then C or F.
            if index + 1 < tokens.count, tokens[index].end - tokens[index].start == 2,
                bytes[tokens[index].start] == 0xC2,
                bytes[tokens[index].start + 1] == 0xB0, words.scales.contains(tokens[index + 1].folded)
            {
                return index + 2
            }
            return nil
        }
        if words.degrees.contains(tokens[position].folded), position + 1 < tokens.count,
            words.scales.contains(tokens[position + 1].folded), tokens[position + 1].isName
        {
            return position + 2
        }
        return position + 1
    }

    /// A word like "5km" or "100kg": digits and a unit.
    private func quantityWord(_ index: Int) -> Bool {
        let token = tokens[index]
        var position = token.start
        while position < token.end,
            UTF8Text.isDigit(bytes[position]) || bytes[position] == 0x2E || bytes[position] == 0x2C
        {
            position += 1
        }
        guard position < token.end, position > token.start else { return false }
        let unit = WordHash.hashes(bytes, position..<token.end).folded
        let flags = lexicon.cueFlags(unit)
        return flags.contains(.unit) && !flags.contains(.magnitude)
    }

    /// An amount of money starting at `index`; `number` is `numberEnd(index)`.
    private func money(at index: Int, number: Int?) -> Int? {
        var position = index
        // "US$", "A$", "HK$": a short capital prefix glued to the sign.
        if tokens[index].shape == .allCaps || tokens[index].shape == .capitalized,
            tokens[index].end - tokens[index].start <= 2, isGluedCurrencySign(position + 1)
        {
            position += 1
        }
        if isCurrencySign(position) {
            guard let end = numberEnd(position + 1), isNumber(position + 1) else { return nil }
            return end
        }
        if has(index, .currency), tokens[index].shape == .allCaps, let end = numberEnd(index + 1), isNumber(index + 1) {
            return end
        }
        if let end = number, free(end) {
            if has(end, .currency), tokens[end].shape != .capitalized { return end + 1 }
            if tokens[end].exact == words.us || tokens[end].exact == words.usDots, has(end + 1, .currency) {
                return end + 2
            }
        }
        // "SEK9 million", "USD910 thousand": a currency code glued to the number.
        let token = tokens[index]
        if token.kind == .word, token.end - token.start >= 4, token.shape == .allCaps || token.shape == .capitalized,
            UTF8Text.isUpper(bytes[token.start + 1]), UTF8Text.isUpper(bytes[token.start + 2]),
            UTF8Text.isDigit(bytes[token.start + 3]),
            words.currencyCodes.contains(WordHash.hashes(bytes, token.start..<token.start + 3).exact)
        {
            var end = index + 1
            while has(end, .magnitude), tokens[end].shape == .lower { end += 1 }
            return end
        }
        return nil
    }

    private func isCurrencySign(_ index: Int) -> Bool {
        guard index >= 0, index < tokens.count else { return false }
        let token = tokens[index]
        guard token.kind == .symbol || token.kind == .punctuation else { return false }
        switch bytes[token.start] {
        case 0x24: return true
        case 0xE2:
            return token.end - token.start == 3 && bytes[token.start + 1] == 0x82 && bytes[token.start + 2] == 0xAC
        case 0xC2:
            return token.end - token.start == 2 && (bytes[token.start + 1] == 0xA3 || bytes[token.start + 1] == 0xA5)
        default: return false
        }
    }

    private func time(at index: Int) -> Int? {
        let token = tokens[index]
        if has(index, .timeWord), token.shape == .lower { return index + 1 }
        guard token.shape == .number else { return nil }
        var end = index + 1
        var isTime = false
        if token.kind == .word {
            // "3pm", "10am"
            let last = bytes[token.end - 1] | 0x20
            let before = bytes[token.end - 2] | 0x20
            guard last == 0x6D, before == 0x61 || before == 0x70 else { return nil }
            isTime = true
        } else {
            let hasColon = (token.start..<token.end).contains { bytes[$0] == 0x3A }
            if has(end, .timeSuffix) {
                end += 1
                isTime = true
            } else if hasColon, let value = smallNumber(index) ?? hourPart(index), value <= 24 {
                isTime = has(end, .timeZone) || (index > 0 && tokens[index - 1].folded == words.at)
            }
            if !hasColon, !isTime, token.end - token.start == 4, has(end, .timeZone), tokens[end].shape == .allCaps {
                isTime = true
            }
        }
        guard isTime else { return nil }
        if has(end, .timeZone), tokens[end].shape == .allCaps { end += 1 }
        return end
    }

    private func hourPart(_ index: Int) -> Int? {
        let token = tokens[index]
        var value = 0
        var position = token.start
        while position < token.end, UTF8Text.isDigit(bytes[position]) {
            value = value * 10 + Int(bytes[position] - 0x30)
            position += 1
        }
        return position < token.end && bytes[position] == 0x3A ? value : nil
    }

    /// A date starting at `index`; `number` is `numberEnd(index)`.
    private func date(at index: Int, number: Int?) -> Int? {
        let token = tokens[index]
        // Every date below starts with a number, "the", or a word of dates ("May", "last", "early").
        guard isNumber(index) || !token.flags.isDisjoint(with: words.dateFlags) || token.folded == words.the else {
            return nil
        }
        // Of those, a number word ("a", "three") starts only "three years ago".
        if !isNumber(index), token.flags.intersection(words.dateFlags) == .numberWord, token.folded != words.the {
            return yearsAgo(number)
        }
        // Numeric dates: 2025-02-13, 13/02/2025.
        if token.kind == .number, token.end - token.start >= 8 {
            let separators = (token.start..<token.end).filter { bytes[$0] == 0x2D || bytes[$0] == 0x2F }.count
            if separators == 2 { return index + 1 }
        }
        if has(index, .weekday), token.isName {
            var end = index + 1
            if isComma(end), let more = calendarDate(at: end + 1) {
                end = more
            } else if let more = calendarDate(at: end) {
                end = more
            }
            return end
        }
        if let end = calendarDate(at: index) {
            // "December 22, last year"
            if isComma(end), has(end + 1, .dateRelative), tokens[end + 1].shape == .lower, has(end + 2, .datePeriod) {
                return end + 3
            }
            return end
        }
        // "the 1970s", "1990s"
        if token.shape == .number, token.kind == .word, token.end - token.start == 5, bytes[token.end - 1] == 0x73 {
            return index + 1
        }
        if token.folded == words.the, index + 1 < tokens.count, tokens[index + 1].shape == .number,
            tokens[index + 1].end - tokens[index + 1].start == 5, bytes[tokens[index + 1].end - 1] == 0x73
        {
            return index + 2
        }
        // "the late 1960s", "the 1970s"
        if token.folded == words.the, has(index + 1, .dateModifier), index + 2 < tokens.count,
            tokens[index + 2].shape == .number, tokens[index + 2].end - tokens[index + 2].start == 5,
            bytes[tokens[index + 2].end - 1] == 0x73
        {
            return index + 3
        }
        if let end = yearsAgo(number) { return end }
        // Years, standing alone, but not naming an event ("2019 Nobel Prize").
        if isYear(index), !namesEvent(after: index),
            !has(index + 1, .unit), !has(index + 1, .currency), !has(index + 1, .percentWord),
            !has(index + 1, .magnitude), !isCurrencySign(index - 1), !has(index + 1, .timeZone)
        {
            return index + 1
        }
        // "yesterday", "today"; not "Today:" heading a page.
        if token.flags.contains(.dateDay), token.shape == .lower || token.sentenceStart, byte(index + 1) != 0x3A {
            return index + 1
        }
        // "last year", "next Monday", "earlier this month", "three years ago", "early 2019".
        if token.shape == .lower || token.shape == .capitalized {
            if has(index, .dateModifier), index + 1 < tokens.count {
                if isYear(index + 1) || (has(index + 1, .month) && tokens[index + 1].isName) {
                    return calendarDate(at: index + 1) ?? index + 2
                }
                if byte(index + 1) == 0x2D, isYear(index + 2) { return index + 3 }
                if tokens[index + 1].folded == words.this, has(index + 2, .datePeriod) { return index + 3 }
            }
            if token.folded == words.the, has(index + 1, .dateRelative), tokens[index + 1].shape == .lower,
                has(index + 2, .datePeriod), tokens[index + 2].shape == .lower,
                tokens[index + 1].folded != words.this, tokens[index + 1].folded != words.that,
                let end = relativeDate(at: index + 1)
            {
                // "the last weekend of July", "the next day"
                return end
            }
            if has(index, .dateRelative), tokens[index].shape == .lower || tokens[index].sentenceStart,
                index + 1 < tokens.count
            {
                let next = tokens[index + 1]
                if next.flags.contains(.datePeriod), next.shape == .lower, let end = relativeDate(at: index) {
                    return end
                }
                if next.flags.contains(.weekday) || next.flags.contains(.month), next.isName { return index + 2 }
            }
        }
        return nil
    }

    /// The end of "three years ago", "a week ago", where the number before the period ends at `number`.
    private func yearsAgo(_ number: Int?) -> Int? {
        guard let number, has(number, .datePeriod), number + 1 < tokens.count, tokens[number + 1].folded == words.ago
        else { return nil }
        return number + 2
    }

    /// "last week", "the following day", "last weekend of July": a relative word, a period, and "of"
    /// a month or year.
    private func relativeDate(at index: Int) -> Int? {
        let next = tokens[index + 1]
        guard next.folded != words.morning, next.folded != words.evening else { return nil }
        var end = index + 2
        if end + 1 < tokens.count, tokens[end].folded == words.of, free(end + 1),
            (has(end + 1, .month) && tokens[end + 1].isName) || isYear(end + 1)
        {
            end += 2
        }
        return end
    }

    /// Whether capitalized words after `index` name an event ("2019 Nobel Prize", "2019 Chicago Marathon").
    private func namesEvent(after index: Int) -> Bool {
        var end = index + 1
        while end < tokens.count, tokens[end].isName, !tokens[end].newlineBefore, !tokens[end].sentenceStart {
            end += 1
        }
        guard end > index + 1 else { return false }
        if words.eventHeads.contains(tokens[end - 1].folded) { return true }
        if let match = builtinMatch(at: index + 1, limit: tokens.count), match.label == .ignore { return true }
        return false
    }

    /// "13 February 2025", "February 13, 2025", "Feb 13", "February 2025", "February".
    private func calendarDate(at index: Int) -> Int? {
        guard index < tokens.count else { return nil }
        if has(index, .month), tokens[index].isName {
            var end = index + 1
            if isDay(end) {
                end += 1
                // "July 27–28"
                if end + 1 < tokens.count, !tokens[end].spaceBefore, isDash(end), isDay(end + 1) { end += 2 }
                if isComma(end), isYear(end + 1) { end += 2 } else if isYear(end) { end += 1 }
                return end
            }
            if isYear(end) { return end + 1 }
            if byte(end) == 0x2C, isYear(end + 1) { return end + 2 }
            if tokens[index].exact == words.may {
                // "May" alone is a month only after a preposition that takes one.
                guard index > 0, has(index - 1, .placePreposition) || has(index - 1, .dateModifier) else { return nil }
            }
            if tokens[index].sentenceStart, lexicon.flags(tokens[index].folded).contains(.common), end < tokens.count,
                tokens[end].shape == .lower
            {
                return nil
            }
            return end
        }
        if isDay(index), has(index + 1, .month), tokens[index + 1].isName {
            var end = index + 2
            if isComma(end), isYear(end + 1) { end += 2 } else if isYear(end) { end += 1 }
            return end
        }
        return nil
    }

    // MARK: Names

    private func findNames() {
        // The built-in name starting at each token of the run being cut, and the run's pieces: no run
        // holds more than the text's tokens.
        let matches = UnsafeMutableBufferPointer<BuiltinName?>.allocate(capacity: tokens.count)
        defer { matches.deallocate() }
        let pieces = UnsafeMutableBufferPointer<Piece>.allocate(capacity: tokens.count)
        defer { pieces.deallocate() }
        var index = next(.name, from: 0)
        while index < tokens.count {
            guard !claimed[index] else {
                index = next(.name, from: index + 1)
                continue
            }
            // A run starts at a capitalized word, or at a listed name that starts lower-case ("al-Qaeda").
            let token = tokens[index]
            let first: BuiltinName?
            if token.isName && token.isWord {
                first = builtinMatch(at: index, limit: tokens.count)
            } else if token.shape == .lower, let match = builtinMatch(at: index, limit: tokens.count),
                match.label != .title
            {
                first = match
            } else {
                index = next(.name, from: index + 1)
                continue
            }
            var end = chunkEnd(from: index)
            // The commonest run: a common word alone, opening a sentence or in a headline ("The", "But"),
            // which names nothing (`segment` passes it by), so it is not cut.
            if end == index + 1, first == nil, token.sentenceStart || token.headline, isCommonWord(index) {
                index = next(.name, from: end)
                continue
            }
            // A listed name that starts inside the run may reach past it ("Islamic State of Iraq and the Levant").
            // Each is the longest that starts there, whatever the run's end: `nameChunk` looks no further.
            matches[index] = first
            if let first, first.end > end { end = first.end }
            var position = index + 1
            while position < end {
                let match = builtinMatch(at: position, limit: tokens.count)
                if let match, match.end > end { end = match.end }
                matches[position] = match
                position += 1
            }
            nameChunk(index, end, matches, pieces)
            index = next(.name, from: max(end, index + 1))
        }
    }

    /// A built-in name: where it ends, its label, and its entry by index (a copy of the entry would
    /// copy its strings, for every capitalized word).
    private struct BuiltinName {
        var end: Int
        var label: EntityLabel
        var index: Int
    }

    private func builtinMatch(at index: Int, limit: Int) -> BuiltinName? {
        guard builtinIDs[index].0 != 0,
            let match = lexicon.names.longestMatchIndex(builtinIDs, from: index, limit: limit)
        else { return nil }
        return BuiltinName(end: match.end, label: lexicon.names.entries[match.index].label, index: match.index)
    }

    /// Claims the tokens of a built-in name with its entry's label, confidence and canonical name.
    private func claim(_ start: Int, _ end: Int, _ name: BuiltinName) {
        let entry = lexicon.names.entries[name.index]
        claim(
            start, end, entry.label, confidence: entry.confidence,
            canonical: entry.canonical.isEmpty ? .own : .builtin(name.index))
    }

    /// The end of the run of capitalized words from `start`, with the particles and connectors that
    /// join them ("Bank of England", "Mohammed bin Salman", "Rolls-Royce").
    private func chunkEnd(from start: Int) -> Int {
        var end = start + 1
        while end < tokens.count, !claimed[end], !tokens[end].newlineBefore {
            let token = tokens[end]
            if token.isName && token.isWord && !token.sentenceStart {
                end += 1
                continue
            }
            // "of the": "Ministry of the Interior", "Islamic State of Iraq and the Levant".
            if token.folded == words.of, end + 2 < tokens.count, tokens[end + 1].folded == words.the,
                tokens[end + 2].isName, tokens[end + 2].isWord, !claimed[end + 1], !claimed[end + 2],
                tokens[end - 1].flags.contains(.orgHeadOf)
            {
                end += 3
                continue
            }
            guard end + 1 < tokens.count, !claimed[end + 1], tokens[end + 1].isName, tokens[end + 1].isWord,
                !tokens[end + 1].newlineBefore
            else { break }
            if token.kind == .punctuation || token.kind == .symbol {
                // "Rolls-Royce", "AT&T", "Johnson & Johnson"
                let mark = bytes[token.start]
                if token.end - token.start == 1, mark == 0x2D || (mark == 0x26 && runEndsWithOrgHead(from: end + 1)),
                    !tokens[end + 1].spaceBefore || mark == 0x26
                {
                    end += 2
                    continue
                }
                break
            }
            if token.shape == .lower, token.flags.contains(.connector) {
                if words.orgConnectors.contains(token.folded), !runEndsWithOrgHead(from: end + 1),
                    !hasHeadOf(start, end, .orgHeadOf)
                {
                    break
                }
                // "the" only after "of": "Ministry of the Interior".
                if token.folded == words.the, tokens[end - 1].folded != words.of { break }
                end += 2
                continue
            }
            break
        }
        return end
    }

    private func runEndsWithOrgHead(from start: Int) -> Bool {
        var end = start
        while end < tokens.count, tokens[end].isName, tokens[end].isWord, !tokens[end].newlineBefore { end += 1 }
        return end > start && tokens[end - 1].flags.contains(.orgHead)
    }

    /// A piece of a run of capitalized words.
    private struct Piece {
        enum Kind { case known(BuiltinName), title, unknown }
        var start: Int
        var end: Int
        var kind: Kind
    }

    /// Cuts the run `start..<end` into names; `matches` holds the built-in name starting at each of its
    /// tokens, `pieces` has room for its pieces.
    private func nameChunk(
        _ start: Int, _ end: Int, _ matches: UnsafeMutableBufferPointer<BuiltinName?>,
        _ buffer: UnsafeMutableBufferPointer<Piece>
    ) {
        // Cut the run into gazetteer names, titles and unknown words.
        var count = 0
        func append(_ piece: Piece) {
            buffer[count] = piece
            count += 1
        }
        var index = start
        while index < end {
            if let match = matches[index] {
                append(Piece(start: index, end: match.end, kind: match.label == .title ? .title : .known(match)))
                index = match.end
                continue
            }
            if index == start, roleOpensSentence(index, end) {
                append(Piece(start: index, end: index + 1, kind: .title))
                index += 1
                continue
            }
            if let titleEnd = titleRun(index, end) {
                append(Piece(start: index, end: titleEnd, kind: .title))
                index = titleEnd
                continue
            }
            if count > 0, case .unknown = buffer[count - 1].kind, buffer[count - 1].end == index {
                buffer[count - 1].end = index + 1
            } else {
                append(Piece(start: index, end: index + 1, kind: .unknown))
            }
            index += 1
        }
        let pieces = UnsafeBufferPointer(rebasing: buffer[..<count])
        // Segments between titles.
        var segmentStart = 0
        while segmentStart < pieces.count {
            if case .title = pieces[segmentStart].kind {
                segmentStart += 1
                continue
            }
            var segmentEnd = segmentStart
            while segmentEnd < pieces.count {
                if case .title = pieces[segmentEnd].kind { break }
                segmentEnd += 1
            }
            let afterTitle = segmentStart > 0 || personCueBefore(pieces[segmentStart].start)
            segment(pieces[segmentStart..<segmentEnd], afterTitle: afterTitle)
            segmentStart = segmentEnd
        }
    }

    /// Capitalized title words from `index` that end with a core title ("Defense Secretary").
    private func titleRun(_ index: Int, _ end: Int) -> Int? {
        var position = index
        var lastCore: Int?
        while position < end, tokens[position].isName {
            let flags = tokens[position].flags
            if flags.contains(.titleCore) {
                lastCore = position + 1
            } else if !flags.contains(.titleModifier) {
                break
            }
            position += 1
        }
        guard let lastCore else { return nil }
        // A core title followed by an organization head is part of a name ("General Motors").
        if lastCore < end, tokens[lastCore].flags.contains(.orgHead) { return nil }
        return lastCore
    }

    /// A role word capitalized only because it opens a sentence, before a name ("Podcaster Spike
    /// Cohen", "Activist Jane Doe"): it stays outside the name, as a title does, unless the run is an
    /// organization's name ("Student Union").
    private func roleOpensSentence(_ index: Int, _ end: Int) -> Bool {
        let token = tokens[index]
        return token.sentenceStart && !token.headline && token.shape == .capitalized && index + 1 < end
            && token.flags.contains(.role) && !token.flags.contains(.firstName) && tokens[index + 1].isName
            && !tokens[end - 1].flags.contains(.orgHead)
    }

    /// A role word ("spokesperson", "teacher") or an honorific just before `index`.
    private func personCueBefore(_ index: Int) -> Bool {
        guard index > 0 else { return false }
        let before = tokens[index - 1]
        return before.flags.contains(.role) && (before.shape == .lower || before.flags.contains(.honorific))
    }

    private func isCommonWord(_ index: Int) -> Bool {
        let flags = tokens[index].flags
        return flags.contains(.common) && !flags.contains(.firstName)
    }

    private func segment(_ pieces: Slice<UnsafeBufferPointer<Piece>>, afterTitle: Bool) {
        guard let first = pieces.first, let last = pieces.last else { return }
        var start = first.start
        let end = last.end
        // A common word opening a sentence or in a headline is not a name on its own.
        while start < end,
            !tokens[start].isName
                || (tokens[start].sentenceStart || tokens[start].headline) && isCommonWord(start)
                    && !startsKnown(start, pieces)
        {
            start += 1
        }
        guard start < end else { return }
        // "Mayor of Koszalin Piotr Jedlinski", "Governor of Texas Greg Abbott": the place or organization
        // after a title's "of" is the title's, not part of the name that follows.
        if afterTitle, start > first.start, tokens[start - 1].folded == words.of,
            let place = pieces.first(where: { $0.start == start }), case .known(let name) = place.kind,
            name.label == .loc || name.label == .org
        {
            claim(start, place.end, name)
            segment(pieces.drop { $0.start < place.end }, afterTitle: true)
            return
        }
        let lastToken = tokens[end - 1]
        // After a title, a person ("President Vladimir Putin", "Secretary of State Marco Rubio").
        if afterTitle, !lastToken.flags.contains(.orgHead), (start..<end).count(where: { tokens[$0].isWord }) <= 4,
            end - start > 1 || tokens[start].end - tokens[start].start > 1,
            !pieces.contains(where: {
                if case .known(let entry) = $0.kind { entry.label == .org || entry.label == .norp } else { false }
            })
        {
            claim(start, end, .person, confidence: 0.85)
            return
        }
        // The whole segment is one gazetteer name.
        if pieces.count == 1, case .known(let entry) = first.kind, first.start == start {
            claim(start, end, entry)
            return
        }
        // An organization: "Hong Kong Police Force", "Ministry of Defence", "US Geological Survey".
        if lastToken.flags.contains(.orgHead) && end - start >= 2 || hasHeadOf(start, end, .orgHeadOf) {
            var orgStart = start
            if case .known(let entry) = first.kind, first.end < end,
                entry.label == .norp
            {
                orgStart = first.end
            }
            while orgStart < end - 1, isCommonWord(orgStart), tokens[orgStart].headline, !startsKnown(orgStart, pieces)
            {
                orgStart += 1
            }
            if orgStart > start { split(start, orgStart, pieces, afterTitle: afterTitle) }
            var orgEnd = end
            // "University of California, San Diego"
            if hasHeadOf(orgStart, end, .orgHeadOf), isComma(end), end + 1 < tokens.count, !claimed[end + 1],
                let match = builtinMatch(at: end + 1, limit: tokens.count), match.label == .loc,
                match.end >= tokens.count || !tokens[match.end].isName
            {
                orgEnd = match.end
            }
            claim(orgStart, orgEnd, .org, confidence: 0.85)
            return
        }
        if !afterTitle, end - start >= 2,
            lastToken.flags.contains(.locHead) || tokens[start].flags.contains(.locHeadFirst)
        {
            claim(start, end, .loc, confidence: 0.75)
            return
        }
        split(start, end, pieces, afterTitle: afterTitle)
    }

    /// "F.", "J.": an initial.
    private func isInitial(_ index: Int) -> Bool {
        let token = tokens[index]
        return token.end - token.start == 2 && UTF8Text.isUpper(bytes[token.start]) && bytes[token.start + 1] == 0x2E
    }

    private func startsKnown(_ index: Int, _ pieces: Slice<UnsafeBufferPointer<Piece>>) -> Bool {
        for piece in pieces where piece.start == index {
            if case .known = piece.kind { return true }
        }
        return false
    }

    /// "Ministry of …", "University of …": a head word, then "of" inside the run.
    private func hasHeadOf(_ start: Int, _ end: Int, _ flag: WordFlags) -> Bool {
        var index = start
        while index + 1 < end {
            if tokens[index].flags.contains(flag), tokens[index + 1].folded == words.of { return true }
            index += 1
        }
        return false
    }

    /// Labels the pieces of a segment one by one, from `start` to `end`.
    private func split(_ start: Int, _ end: Int, _ pieces: Slice<UnsafeBufferPointer<Piece>>, afterTitle: Bool) {
        var position = start
        var cue = afterTitle
        for piece in pieces where piece.end > position && piece.start < end {
            let pieceStart = max(piece.start, position)
            if piece.end > end {
                if case .unknown = piece.kind { unknown(pieceStart, end, cue: cue, chunkEnd: end) }
                break
            }
            switch piece.kind {
            case .known(let entry):
                // "San Francisco Bay Area": places one after the other make one.
                if entry.label == .loc, let next = pieces.first(where: { $0.start == piece.end }),
                    case .known(let following) = next.kind, following.label == .loc, next.end - next.start >= 2
                {
                    claim(pieceStart, next.end, .loc, confidence: 0.8)
                    position = next.end
                    continue
                }
                // A first name that is also a place ("Jordan Peterson") before an unknown surname.
                if piece.end - pieceStart == 1, tokens[pieceStart].flags.contains(.firstName), piece.end < end,
                    let next = pieces.first(where: { $0.start == piece.end }), case .unknown = next.kind,
                    entry.label == .loc
                {
                    claim(pieceStart, next.end, .person, confidence: 0.7)
                    position = next.end
                    continue
                }
                claim(pieceStart, piece.end, entry)
            case .title:
                break
            case .unknown:
                // "John Bolton", "Robert F. Kennedy": first names, then a surname that is also a place.
                if (pieceStart..<piece.end).allSatisfy({ tokens[$0].flags.contains(.firstName) || isInitial($0) }),
                    tokens[pieceStart].flags.contains(.firstName),
                    let next = pieces.first(where: { $0.start == piece.end }), next.end - next.start == 1,
                    case .known(let entry) = next.kind, entry.label == .loc || entry.label == .org
                {
                    claim(pieceStart, next.end, .person, confidence: 0.8)
                    position = next.end
                    continue
                }
                unknown(pieceStart, piece.end, cue: cue, chunkEnd: end)
            }
            position = piece.end
            cue = false
        }
    }

    /// Labels a run of capitalized words no list knows.
    private func unknown(_ start: Int, _ end: Int, cue: Bool, chunkEnd: Int) {
        var start = start
        while start < end, tokens[start].sentenceStart || tokens[start].headline, isCommonWord(start), !cue {
            start += 1
        }
        guard start < end else { return }
        // In a headline, common words separate names.
        if tokens[start].headline {
            var index = start
            while index < end {
                if isCommonWord(index) {
                    index += 1
                    continue
                }
                var runEnd = index + 1
                while runEnd < end, !isCommonWord(runEnd) { runEnd += 1 }
                guess(index, runEnd, cue: cue)
                index = runEnd
            }
            return
        }
        guess(start, end, cue: cue)
    }

    private func guess(_ start: Int, _ end: Int, cue: Bool) {
        let count = (start..<end).count { tokens[$0].isWord }
        if count == 0 || (count == 1 && end - start == 1 && tokens[start].end - tokens[start].start == 1) { return }
        let first = tokens[start]
        let last = tokens[end - 1]
        let allCommon = (start..<end).allSatisfy { isCommonWord($0) || tokens[$0].shape == .lower }
        if cue {
            claim(start, end, .person, confidence: 0.9)
            return
        }
        if start > 0, tokens[start - 1].flags.contains(.honorific) {
            claim(start, end, .person, confidence: 0.9)
            return
        }
        // "in Mesquite, Texas", "in La Jolla, California": a place before its state or country.
        if start > 0, tokens[start - 1].flags.contains(.placePreposition), tokens[start - 1].shape == .lower,
            end + 1 < tokens.count, isComma(end), let match = builtinMatch(at: end + 1, limit: tokens.count),
            match.label == .loc
        {
            claim(start, end, .loc, confidence: 0.7)
            return
        }
        // "rock band Grateful Dead", "law firm Sidley Austin"
        if start > 0, tokens[start - 1].flags.contains(.orgCue), tokens[start - 1].shape == .lower {
            claim(start, end, .org, confidence: 0.7)
            return
        }
        if count >= 2, first.flags.contains(.firstName), !first.flags.contains(.nameParticle),
            !last.flags.contains(.orgHead)
        {
            claim(start, end, .person, confidence: allCommon ? 0.6 : 0.85)
            return
        }
        if allCommon {
            // No evidence: leave it to the consistency pass.
            return
        }
        // A title in quotes ("Dark Star", "Fall of Grace"): works are not entities.
        if start > 0, end < tokens.count, isQuote(start - 1), isQuote(end) { return }
        // "Scripps Oceanography director Margaret Leinen": an organization before a role and a name.
        if end + 1 < tokens.count, tokens[end].flags.contains(.role), tokens[end].shape == .lower,
            tokens[end + 1].isName
        {
            claim(start, end, .org, confidence: 0.55)
            return
        }
        if count == 1, first.shape == .allCaps, first.end - first.start <= 6 {
            claim(start, end, .org, confidence: 0.6)
            return
        }
        if end < tokens.count, isComma(end), end + 1 < tokens.count,
            let match = builtinMatch(at: end + 1, limit: tokens.count), match.label == .loc
        {
            claim(start, end, .loc, confidence: 0.65)
            return
        }
        if count >= 2, last.flags.contains(.surname) {
            claim(start, end, .person, confidence: 0.7)
            return
        }
        if start > 0, tokens[start - 1].flags.contains(.placePreposition), tokens[start - 1].shape == .lower {
            claim(start, end, .loc, confidence: 0.55)
            return
        }
        if end < tokens.count, tokens[end].flags.contains(.personVerb) {
            claim(start, end, .person, confidence: 0.6)
            return
        }
        if count == 1, first.flags.contains(.surname) {
            claim(start, end, .person, confidence: 0.5)
            return
        }
        if count <= 3, (start..<end).allSatisfy({ tokens[$0].shape == .capitalized || !tokens[$0].isWord }) {
            claim(start, end, .person, confidence: 0.45)
            return
        }
        claim(start, end, .org, confidence: 0.4)
    }

    // MARK: Consistency

    private func key(_ start: Int, _ end: Int) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9
        for index in start..<end { hash = (hash ^ tokens[index].exact) &* 0x100_0000_01B3 }
        return hash | 1
    }

    private func text(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[tokens[start].start..<tokens[end - 1].end]), as: UTF8.self)
    }

    private func makeConsistent() {
        // The best-supported mention of each name, full names by their last word, and long forms by
        // their acronym: indices (plus one) into `original`, in tables keyed by word hashes.
        let original = found
        var best = HashTable64(capacity: original.count)
        var surnames = HashTable64(capacity: 16)
        var acronyms = HashTable64(capacity: 4)
        // The first words of their keys: most capitalized words left untagged start none, and are
        // passed by on one test.
        var firstWords = WordFilter(log2Bits: 12)
        func fullName(_ item: Found) -> Canonical {
            item.canonical == .own ? .tokens(item.start, item.end) : item.canonical
        }
        // Each name's key, computed once for both walks over them.
        let keys = original.map { $0.label.rawValue <= EntityLabel.norp.rawValue ? key($0.start, $0.end) : 0 }
        for (position, item) in original.enumerated() where item.label.rawValue <= EntityLabel.norp.rawValue {
            let itemKey = keys[position]
            if best.value(itemKey).map({ original[Int($0) - 1].confidence < item.confidence }) ?? true {
                best.set(itemKey, UInt32(position + 1))
                firstWords.insert(tokens[item.start].exact)
            }
            if item.label == .person, item.end - item.start >= 2, item.confidence >= 0.6 {
                let lastKey = key(item.end - 1, item.end)
                if surnames.value(lastKey) == nil {
                    surnames.set(lastKey, UInt32(position + 1))
                    firstWords.insert(tokens[item.end - 1].exact)
                }
                let firstKey = key(item.start, item.start + 1)
                if surnames.value(firstKey) == nil, !tokens[item.start].flags.contains(.firstName) {
                    surnames.set(firstKey, UInt32(position + 1))
                    firstWords.insert(tokens[item.start].exact)
                }
            }
            // "Long Name (ACR)"
            if item.end - item.start >= 2, item.end + 2 < tokens.count, byte(item.end) == 0x28,
                tokens[item.end + 1].shape == .allCaps, byte(item.end + 2) == 0x29
            {
                acronyms.set(key(item.end + 1, item.end + 2), UInt32(position + 1))
                firstWords.insert(tokens[item.end + 1].exact)
            }
        }
        for index in found.indices where !found[index].fixed && found[index].label.rawValue <= EntityLabel.norp.rawValue
        {
            let item = found[index]
            let itemKey = keys[index]
            if let acronym = acronyms.value(itemKey) {
                let long = original[Int(acronym) - 1]
                found[index].label = long.label
                found[index].canonical = fullName(long)
                found[index].confidence = max(item.confidence, 0.8)
                continue
            }
            if item.label != .person || item.end - item.start == 1, let person = surnames.value(itemKey),
                item.confidence <= 0.85
            {
                found[index].label = .person
                found[index].canonical = fullName(original[Int(person) - 1])
                found[index].confidence = max(item.confidence, 0.8)
                continue
            }
            if let known = best.value(itemKey).map({ original[Int($0) - 1] }), known.confidence > item.confidence {
                found[index].label = known.label
                found[index].confidence = (known.confidence + item.confidence) / 2
                if found[index].canonical == .own { found[index].canonical = known.canonical }
            }
        }
        // Capitalized words left untagged that name someone or something tagged elsewhere.
        var index = next(.name, from: 0)
        while index < tokens.count {
            guard !claimed[index], tokens[index].isName, tokens[index].isWord, firstWords.contains(tokens[index].exact)
            else {
                index = next(.name, from: index + 1)
                continue
            }
            var matched = false
            for length in stride(from: 3, through: 1, by: -1) where index + length <= tokens.count {
                guard (index..<index + length).allSatisfy({ !claimed[$0] }) else { continue }
                let candidate = key(index, index + length)
                if let position = best.value(candidate).map({ Int($0) - 1 }), original[position].confidence >= 0.6 {
                    // The mention as the pass above resolved it: "Trump" after "President Trump" links
                    // to "Donald Trump" as that one does.
                    let resolved = found[position]
                    claim(
                        index, index + length, resolved.label, confidence: original[position].confidence * 0.9,
                        canonical: resolved.canonical)
                } else if length == 1, let person = surnames.value(candidate) {
                    claim(index, index + 1, .person, confidence: 0.75, canonical: fullName(original[Int(person) - 1]))
                } else if let acronym = acronyms.value(candidate) {
                    let long = original[Int(acronym) - 1]
                    claim(index, index + length, long.label, confidence: 0.75, canonical: fullName(long))
                } else {
                    continue
                }
                index += length
                matched = true
                break
            }
            index = next(.name, from: matched ? index : index + 1)
        }
    }

    /// The indices of `found` in text order, ties kept in the order found. `found` is a few runs in
    /// text order (patterns, names, consistency's), so each run is merged into the ones before it:
    /// cheaper than sorting.
    private func textOrder() -> [Int] {
        let found = found
        var order: [Int] = []
        order.reserveCapacity(found.count)
        var start = 0
        while start < found.count {
            var end = start + 1
            while end < found.count, found[end - 1].start <= found[end].start { end += 1 }
            if order.last.map({ found[$0].start <= found[start].start }) ?? true {
                order.append(contentsOf: start..<end)
            } else {
                // A stable merge: on equal starts, the earlier run's mention, found first, goes first.
                var merged: [Int] = []
                merged.reserveCapacity(found.count)
                var left = 0
                var right = start
                while left < order.count || right < end {
                    if right == end || left < order.count && found[order[left]].start <= found[right].start {
                        merged.append(order[left])
                        left += 1
                    } else {
                        merged.append(right)
                        right += 1
                    }
                }
                order = merged
            }
            start = end
        }
        return order
    }

    private func output() -> [EntityRecognizer.Mention] {
        let labels = recognizer.labels
        let found = found
        var mentions: [EntityRecognizer.Mention] = []
        mentions.reserveCapacity(found.count)
        for position in textOrder() {
            let item = found[position]
            guard item.confidence >= recognizer.minimumConfidence, labels?.contains(item.label) ?? true else {
                continue
            }
            let range = tokens[item.start].start..<tokens[item.end - 1].end
            let canonical =
                switch item.canonical {
                case .own: String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
                case .builtin(let entry): lexicon.names.entries[entry].canonical
                case .user(let entry): recognizer.user.phrases.entries[entry].canonical
                case .tokens(let start, let end): text(start, end)
                }
            mentions.append(
                EntityRecognizer.Mention(
                    range: range, label: item.label, canonical: canonical,
                    confidence: (item.confidence * 100).rounded() / 100))
        }
        return mentions
    }
}
