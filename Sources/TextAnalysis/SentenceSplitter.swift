/// Splits English text into sentences, as UTF-8 byte ranges into the text, without changing it.
///
/// A rule-based splitter, in the tradition of pySBD and Punkt's heuristics, tuned for news:
/// a period ends a sentence unless the word before it is an abbreviation, an initial or a number
/// prefix ("Mr.", "J. R. R.", "No. 5", "U.S. Senate"), or the next word starts in lowercase;
/// `?` and `!` end one unless lowercase follows; an ellipsis ends one before a capital. Closing
/// quotes and brackets stay with the sentence they close. A quotation that holds several
/// sentences stays whole ("saying, “No one wants peace. Together …”"), as news annotation does,
/// unless its closing quote never comes. Line breaks end headings, datelines and list items;
/// in hard-wrapped text (most lines long and unpunctuated at the break) a single line break is
/// just a space. URLs and e-mail addresses are never split.
///
/// - Complexity: O(n) in the text's length.
public struct SentenceSplitter: Sendable {
    public init() {}

    /// The sentences of `text`, trimmed of surrounding whitespace, in order.
    public func split(_ text: String) -> [Range<Int>] {
        var text = text
        return text.withUTF8 { bytes in
            var scanner = Scanner(bytes: bytes)
            return scanner.run()
        }
    }
}

private struct Scanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var sentences: [Range<Int>] = []
    var start: Int?
    /// Open “curly” quotations, and whether a straight `"` quotation is open.
    var curlyDepth = 0
    var straightOpen = false
    /// Boundaries passed over because they fell inside a quotation; used if it never closes.
    var suppressed: [Int] = []
    /// `looksHardWrapped` of the text, once `isHardWrapped` has asked.
    var hardWrapped: Bool?

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        // News sentences run about 130 bytes: room for most texts' sentences without regrowing.
        sentences.reserveCapacity(bytes.count / 96 + 4)
    }

    var inQuote: Bool { curlyDepth > 0 || straightOpen }

    mutating func run() -> [Range<Int>] {
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            // Most bytes are ordinary ASCII inside a sentence: nothing to decide.
            if start != nil && Self.isPlain(byte) {
                index = Self.plainEnd(bytes, from: index + 1)
                continue
            }
            if byte == 0x0A {
                index = newline(at: index)
                continue
            }
            if byte == 0x20 || byte == 0x09 || byte == 0x0D {
                index += 1
                continue
            }
            let (scalar, length) = UTF8Text.scalar(in: bytes, at: index)
            if UTF8Text.isSpace(scalar) {
                index += length
                continue
            }
            if start == nil {
                start = index
                if isLineStart(index) { index = skipListMarker(at: index) }
                if index > start! { continue }
            }
            switch scalar {
            case ".", "!", "?", "…":
                index = terminal(at: index)
            case "\"":
                straightOpen = opensQuote(at: index)
                index += 1
            case "“":
                curlyDepth += 1
                index += length
            case "”":
                curlyDepth = max(0, curlyDepth - 1)
                index += length
            default:
                index += length
            }
        }
        releaseSuppressed()
        close(at: count)
        return sentences
    }

    /// ASCII that cannot end, open or quote anything: letters, digits, spaces and most punctuation.
    /// (URLs and e-mail addresses need no special case: a period inside one has no space after it.)
    @inline(__always)
    static func isPlain(_ byte: UInt8) -> Bool {
        // The bytes that need a look: `\n ! " . ?`, all below 0x40, and every non-ASCII byte.
        let special: UInt64 = 1 << 0x0A | 1 << 0x21 | 1 << 0x22 | 1 << 0x2E | 1 << 0x3F
        if byte < 0x40 { return special >> UInt64(byte) & 1 == 0 }
        return byte < 0x80
    }

    /// The first byte at or after `index` that is not plain, or the end; sixteen bytes a step.
    static func plainEnd(_ bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        var index = index
        let count = bytes.count
        while index &+ 16 <= count {
            let vector = ByteScan.vector(bytes, at: index)
            // (The comparison for non-ASCII last: first, it costs the mask a conversion.)
            let special =
                (vector .== ByteScan.splat(0x2E)) .| (vector .== ByteScan.splat(0x0A))
                .| (vector .== ByteScan.splat(0x22)) .| (vector .== ByteScan.splat(0x21))
                .| (vector .== ByteScan.splat(0x3F)) .| (vector .> ByteScan.splat(0x7F))
            if let lane = ByteScan.first(special) { return index &+ lane }
            index &+= 16
        }
        while index < count && isPlain(bytes[index]) { index &+= 1 }
        return index
    }

    // MARK: Line breaks

    /// Handles the line break at `index`; returns where scanning resumes.
    mutating func newline(at index: Int) -> Int {
        var next = index + 1
        var blank = false
        var probe = next
        while probe < bytes.count, bytes[probe] == 0x20 || bytes[probe] == 0x09 || bytes[probe] == 0x0D { probe += 1 }
        if probe < bytes.count, bytes[probe] == 0x0A { blank = true }
        if probe >= bytes.count { blank = true }
        // A quotation does not run across lines: if it is still open, its inner boundaries count.
        if inQuote {
            releaseSuppressed()
            curlyDepth = 0
            straightOpen = false
        }
        if !suppressed.isEmpty { suppressed.removeAll() }
        // (With no sentence open there is nothing to close.)
        if start != nil, blank || !isHardWrapped() || isListItem(at: probe) || isShortLine(endingAt: index) {
            close(at: index)
        }
        next = probe
        return next
    }

    /// Whether the text looks hard-wrapped, worked out at the first line break inside a sentence:
    /// most texts break lines only between paragraphs, and never ask.
    mutating func isHardWrapped() -> Bool {
        if let hardWrapped { return hardWrapped }
        let wrapped = Self.looksHardWrapped(bytes)
        hardWrapped = wrapped
        return wrapped
    }

    func isLineStart(_ index: Int) -> Bool {
        var probe = index - 1
        while probe >= 0, bytes[probe] == 0x20 || bytes[probe] == 0x09 { probe -= 1 }
        return probe < 0 || bytes[probe] == 0x0A
    }

    /// A bullet (`-`, `*`, `•`, `–`) or a number or letter with `.` or `)`, then a space.
    func isListItem(at index: Int) -> Bool { listMarkerEnd(at: index) != nil }

    func listMarkerEnd(at index: Int) -> Int? {
        guard index < bytes.count else { return nil }
        let (scalar, length) = UTF8Text.scalar(in: bytes, at: index)
        var end = index
        switch scalar {
        case "-", "*", "•", "–", "·", "+":
            end = index + length
        default:
            var probe = index
            while probe < bytes.count, UTF8Text.isDigit(bytes[probe]), probe - index < 3 { probe += 1 }
            if probe == index, probe < bytes.count, UTF8Text.isLower(bytes[probe]) { probe += 1 }
            guard probe > index, probe < bytes.count, bytes[probe] == 0x2E || bytes[probe] == 0x29 else { return nil }
            end = probe + 1
        }
        guard end < bytes.count, bytes[end] == 0x20 || bytes[end] == 0x09 else { return nil }
        return end
    }

    func skipListMarker(at index: Int) -> Int {
        guard let end = listMarkerEnd(at: index) else { return index }
        var probe = end
        while probe < bytes.count, bytes[probe] == 0x20 || bytes[probe] == 0x09 { probe += 1 }
        return probe
    }

    /// A line shorter than a wrapped line: a heading or a dateline even in hard-wrapped text.
    func isShortLine(endingAt index: Int) -> Bool {
        var lineStart = index
        while lineStart > 0, bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
        return index - lineStart < 40
    }

    /// True when most lines that a single line break ends are long and unpunctuated, as in
    /// text wrapped at a fixed width.
    static func looksHardWrapped(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var wrapped = 0
        var broken = 0
        var lineStart = 0
        var index = 0
        while true {
            index = ByteScan.lineFeed(in: bytes, from: index)
            guard index < bytes.count else { break }
            let next = index + 1
            let followedByText = next < bytes.count && bytes[next] != 0x0A && bytes[next] != 0x0D
            if followedByText && index > lineStart {
                broken += 1
                var last = index - 1
                while last > lineStart, bytes[last] == 0x20 || bytes[last] == 0x0D { last -= 1 }
                let punctuated = [0x2E, 0x21, 0x3F, 0x3A, 0x22].contains(bytes[last])
                if index - lineStart >= 50 && !punctuated { wrapped += 1 }
            }
            lineStart = next
            index = next
        }
        return wrapped >= 3 && wrapped * 2 >= broken
    }

    // MARK: Terminal punctuation

    /// Handles `.`, `!`, `?` or `…` at `index`: decides whether a sentence ends after it and the
    /// quotes and brackets that close with it. Returns where scanning resumes.
    mutating func terminal(at index: Int) -> Int {
        var end = index
        var periods = 0
        var strong = false
        var ellipsis = false
        while end < bytes.count {
            let (scalar, length) = UTF8Text.scalar(in: bytes, at: end)
            if scalar == "." {
                periods += 1
            } else if scalar == "!" || scalar == "?" {
                strong = true
            } else if scalar == "…" {
                ellipsis = true
            } else {
                break
            }
            end += length
        }
        if periods >= 2 { ellipsis = true }
        // Closing quotes and brackets belong to the sentence they end.
        while end < bytes.count {
            let (scalar, length) = UTF8Text.scalar(in: bytes, at: end)
            if scalar == "”" {
                curlyDepth = max(0, curlyDepth - 1)
            } else if scalar == "\"" {
                if !straightOpen { break }
                straightOpen = false
            } else if scalar != "’" && scalar != "'" && scalar != ")" && scalar != "]" && scalar != "»" {
                break
            }
            end += length
        }
        // A boundary needs white space or the end after it: "3.14", "e.g.," and "U.S.A" go on.
        if end < bytes.count {
            let (after, _) = UTF8Text.scalar(in: bytes, at: end)
            if !UTF8Text.isSpace(after) { return end }
        }
        let next = nextWord(after: end)
        let isBoundary: Bool
        if next.isEmpty {
            isBoundary = true
        } else if strong {
            isBoundary = !startsLowercase(next)
        } else if ellipsis {
            isBoundary = startsUppercase(next)
        } else {
            isBoundary = periodEndsSentence(at: index, next: next)
        }
        if isBoundary {
            if inQuote {
                suppressed.append(end)
            } else {
                close(at: end)
            }
        }
        return end
    }

    /// Whether the single period at `index` ends a sentence, given the word that follows.
    func periodEndsSentence(at index: Int, next: Range<Int>) -> Bool {
        if startsLowercase(next) { return false }
        let word = wordBefore(index)
        guard !word.isEmpty else { return true }
        // No abbreviation is longer than six letters or lacks a letter: "yesterday." and "2019." end sentences.
        if word.count > 6 && !bytes[word].contains(0x2E) { return true }
        // A number ends a sentence ("… in 2019. The …"); no abbreviation starts with a digit.
        if UTF8Text.isDigit(bytes[word.lowerBound]) { return true }
        let lowered = WordKey(bytes[word])
        let firstIsUpper = UTF8Text.isUpper(bytes[word.lowerBound])
        // An initial: "J. R. R. Tolkien", "George W. Bush".
        if word.count == 1 && firstIsUpper { return false }
        guard let lowered else { return !isDottedAbbreviation(word) || startsSentence(next) }
        let lists = Abbreviations.lists[lowered] ?? []
        if lists.contains(.title) { return false }
        if startsWithDigit(next) { return !lists.contains(.beforeNumber) }
        // Times and "etc." end sentences before a capital, unless a zone, day or month follows.
        if lists.contains(.endingBeforeCapital) {
            return !(WordKey(bytes[next]).map(Abbreviations.afterTimeKeys.contains) ?? false)
        }
        if isDottedAbbreviation(word) || !lists.isDisjoint(with: [.general, .beforeNumber]) {
            return startsSentence(next)
        }
        return true
    }

    // MARK: Words around a boundary

    /// The word before the punctuation at `index`, without opening quotes or brackets.
    func wordBefore(_ index: Int) -> Range<Int> {
        var start = index
        while start > 0 {
            let byte = bytes[start - 1]
            if byte < 0x80 {
                if Self.isASCIISpaceOrOpening(byte) { break }
                start -= 1
                continue
            }
            let (scalar, length) = UTF8Text.scalar(in: bytes, before: start)
            if UTF8Text.isSpace(scalar) || Self.isOpening(scalar) { break }
            start -= length
        }
        return start..<index
    }

    /// The next word after white space, past opening quotes and brackets; empty at the end.
    func nextWord(after index: Int) -> Range<Int> {
        var start = index
        while start < bytes.count {
            let byte = bytes[start]
            if byte < 0x80 {
                if !Self.isASCIISpaceOrOpening(byte) { break }
                start += 1
                continue
            }
            let (scalar, length) = UTF8Text.scalar(in: bytes, at: start)
            if !UTF8Text.isSpace(scalar) && !Self.isOpening(scalar) && scalar != "¿" && scalar != "¡" { break }
            start += length
        }
        // ASCII letters, digits and `'` go on; other ASCII ends the word, and of the rest only spaces do.
        var end = start
        while end < bytes.count {
            let byte = bytes[end]
            if byte < 0x80 {
                if !(UTF8Text.isASCIILetter(byte) || UTF8Text.isDigit(byte) || byte == 0x27) { break }
                end += 1
                continue
            }
            let (scalar, length) = UTF8Text.scalar(in: bytes, at: end)
            if UTF8Text.isSpace(scalar) { break }
            end += length
        }
        return start..<max(end, start < bytes.count ? start + UTF8Text.scalar(in: bytes, at: start).1 : start)
    }

    /// Letters with inner periods: "U.S", "e.g", "Ph.D" (the final period is not part of `word`).
    func isDottedAbbreviation(_ word: Range<Int>) -> Bool {
        let letters = bytes[word]
        return letters.contains(0x2E) && letters.allSatisfy { UTF8Text.isASCIILetter($0) || $0 == 0x2E }
    }

    /// Whether the word after an abbreviation commonly opens a sentence ("U.S. He said").
    func startsSentence(_ next: Range<Int>) -> Bool {
        WordKey(bytes[next]).map(Abbreviations.sentenceOpenerKeys.contains) ?? false
    }

    /// ASCII white space, and the ASCII quotes and brackets of `isOpening`, from two 64-bit sets.
    @inline(__always)
    static func isASCIISpaceOrOpening(_ byte: UInt8) -> Bool {
        let low: UInt64 =
            1 << 0x09 | 1 << 0x0A | 1 << 0x0B | 1 << 0x0C | 1 << 0x0D | 1 << 0x20 | 1 << 0x22 | 1 << 0x27
            | 1 << 0x28
        let high: UInt64 = 1 << (0x5B - 0x40) | 1 << (0x7B - 0x40)
        return byte < 0x40 ? low >> UInt64(byte) & 1 != 0 : high >> UInt64(byte &- 0x40) & 1 != 0
    }

    /// Quotes and brackets that open: the word before or after a boundary is read past them.
    static func isOpening(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\"", "“", "‘", "'", "(", "[", "{", "«": return true
        default: return false
        }
    }

    func startsLowercase(_ word: Range<Int>) -> Bool {
        guard !word.isEmpty else { return false }
        return UTF8Text.isLowercase(UTF8Text.scalar(in: bytes, at: word.lowerBound).0)
    }

    func startsUppercase(_ word: Range<Int>) -> Bool {
        guard !word.isEmpty else { return false }
        let scalar = UTF8Text.scalar(in: bytes, at: word.lowerBound).0
        return UTF8Text.isUppercase(scalar) || (scalar.isASCII && UTF8Text.isDigit(UInt8(scalar.value)))
    }

    func startsWithDigit(_ word: Range<Int>) -> Bool {
        !word.isEmpty && UTF8Text.isDigit(bytes[word.lowerBound])
    }

    // MARK: Quotes, URLs, sentences

    /// A straight quote opens a quotation when it follows white space, an opening bracket or the
    /// start of the text, and closes one otherwise.
    func opensQuote(at index: Int) -> Bool {
        if straightOpen { return false }
        guard index > 0 else { return true }
        let (before, _) = UTF8Text.scalar(in: bytes, before: index)
        return UTF8Text.isSpace(before) || Self.isOpening(before) || before == "—" || before == "–" || before == "-"
            || before == ":"
    }

    /// Ends the open sentence at `end` (trailing white space trimmed).
    mutating func close(at end: Int) {
        guard let begin = start else { return }
        var last = end
        while last > begin {
            let byte = bytes[last - 1]
            if byte < 0x80 {
                if byte != 0x20 && (byte < 0x09 || byte > 0x0D) { break }
                last -= 1
                continue
            }
            let (scalar, length) = UTF8Text.scalar(in: bytes, before: last)
            if !UTF8Text.isSpace(scalar) { break }
            last -= length
        }
        if last > begin { sentences.append(begin..<last) }
        start = nil
        if !suppressed.isEmpty { suppressed.removeAll() }
    }

    /// A quotation never closed: the boundaries inside it count after all.
    mutating func releaseSuppressed() {
        let pending = suppressed
        suppressed.removeAll()
        for boundary in pending {
            close(at: boundary)
            var next = boundary
            while next < bytes.count, UTF8Text.isSpace(UTF8Text.scalar(in: bytes, at: next).0) {
                next += UTF8Text.scalar(in: bytes, at: next).1
            }
            if next < bytes.count { start = next }
        }
    }
}
