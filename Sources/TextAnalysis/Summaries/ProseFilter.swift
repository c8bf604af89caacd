/// Tells prose sentences from the furniture of a news page, which a summary must never quote:
/// titles, datelines ("Today : Feb 13, 2025"), section labels ("World News"), bylines ("By Jane
/// Doe"), lone dates, captions and credits, and fragments of a few words.
///
/// A sentence is prose when it has at least `minWords` words, ends like a sentence (`.`, `!`, `?`
/// or `…`, before any closing quotes or brackets), is not the document's title, is not mostly a
/// date, and does not open like a byline or a credit.
public struct ProseFilter: Sendable {
    /// Why a sentence is not prose.
    public enum Reason: String, Sendable {
        case fragment, heading, title, dateline, byline
    }

    /// Sentences with fewer words are fragments.
    public var minWords: Int
    /// The title's letters and digits, lowercased, when the document has a title.
    private let titleKey: [UInt8]?

    /// A filter that takes sentences of `minWords` words or more; `title` is the document's title,
    /// if known.
    public init(minWords: Int = 6, title: String? = nil) {
        self.minWords = minWords
        let key = title.map { Self.key(Substring($0)) }
        titleKey = key?.isEmpty == false ? key : nil
    }

    private static let creditOpenings: [[UInt8]] = [
        "by ", "reporting by", "written by", "editing by", "photo", "image:", "images:", "source:", "sources:",
        "related:", "related news", "see also", "copyright", "©", "all rights reserved", "click here", "read more",
        "subscribe", "follow us", "share this", "advertisement", "updated:", "posted:", "published:", "today :",
        "today:",
    ].map { Array($0.utf8) }

    /// Why `sentence` (with `wordCount` words) is not prose, or nil when it is.
    public func reason(_ sentence: Substring, wordCount: Int) -> Reason? {
        var copy = sentence
        return copy.withUTF8 { reason(bytes: $0, wordCount: wordCount) }
    }

    /// Whether the sentence whose UTF-8 bytes are `bytes` is prose: `reason(bytes:wordCount:)` is
    /// nil. Cheaper, since it parses a date only where the answer depends on it (a short sentence
    /// that ends like one and has enough words), not to tell a dateline from a heading.
    func isProse(bytes: UnsafeBufferPointer<UInt8>, wordCount: Int) -> Bool {
        guard !bytes.isEmpty, !isTitle(bytes), credit(bytes, wordCount: wordCount) == nil,
            Self.endsLikeSentence(bytes), wordCount >= minWords
        else { return false }
        return !(bytes.count <= 24 && isMostlyDate(bytes))
    }

    /// Why the sentence whose UTF-8 bytes are `bytes` is not prose, or nil when it is.
    func reason(bytes: UnsafeBufferPointer<UInt8>, wordCount: Int) -> Reason? {
        guard !bytes.isEmpty else { return .fragment }
        if isTitle(bytes) { return .title }
        if let credit = credit(bytes, wordCount: wordCount) { return credit }
        // Only a short sentence with a number in it can be mostly a date (a date is under 32 bytes);
        // datelines seldom end like sentences.
        let ends = Self.endsLikeSentence(bytes)
        if bytes.count <= 72, !ends || bytes.count <= 24, isMostlyDate(bytes) { return .dateline }
        if !ends { return .heading }
        if wordCount < minWords { return .fragment }
        return nil
    }

    private func isTitle(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let titleKey else { return false }
        return bytes.count >= titleKey.count && bytes.count <= titleKey.count * 3 + 16
            && Self.matches(bytes, key: titleKey)
    }

    /// `.byline` or `.dateline` when the sentence opens like a credit or a dateline.
    private func credit(_ bytes: UnsafeBufferPointer<UInt8>, wordCount: Int) -> Reason? {
        let first = bytes[0]
        for opening in Self.creditOpeningsByInitial[Int(first | (UTF8Text.isUpper(first) ? 0x20 : 0))]
        where Self.hasPrefix(bytes, opening) {
            // "By the end of the day, …" is prose; a byline is a few capitalised names.
            if opening.count == 3 && opening[0] == UInt8(ascii: "b") && !Self.looksLikeByline(bytes) { continue }
            if opening.count == 5 && opening[0] == UInt8(ascii: "p") && wordCount > 12 { continue }
            return opening[0] == UInt8(ascii: "t") ? .dateline : .byline
        }
        return nil
    }

    /// Whether a date takes up most of the sentence (it has a digit, and the date is at least
    /// about half its bytes).
    private func isMostlyDate(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.contains(where: UTF8Text.isDigit),
            let date = DateParser().firstDate(in: String(decoding: bytes, as: UTF8.self))
        else { return false }
        return date.range.count * 2 >= bytes.count - 8
    }

    /// Per byte, the credit openings that start with it, in the order of `creditOpenings`: a
    /// sentence is tried only against those that start with its first letter (lowercased).
    private static let creditOpeningsByInitial: [[[UInt8]]] = {
        var table = [[[UInt8]]](repeating: [], count: 256)
        for opening in creditOpenings { table[Int(opening[0])].append(opening) }
        return table
    }()

    /// Whether `text` starts with `prefix` (lowercase ASCII), ignoring ASCII case.
    static func hasPrefix(_ text: UnsafeBufferPointer<UInt8>, _ prefix: [UInt8]) -> Bool {
        guard text.count >= prefix.count else { return false }
        for (index, byte) in prefix.enumerated() {
            var other = text[index]
            if UTF8Text.isUpper(other) { other |= 0x20 }
            if other != byte { return false }
        }
        return true
    }

    /// Whether the letters and digits of `text` are `key` (see `key(_:)`), stopping at the first difference.
    static func matches(_ text: UnsafeBufferPointer<UInt8>, key: [UInt8]) -> Bool {
        var position = 0
        for var byte in text {
            if UTF8Text.isUpper(byte) { byte |= 0x20 }
            guard UTF8Text.isLower(byte) || UTF8Text.isDigit(byte) || byte >= 0x80 else { continue }
            if position == key.count || key[position] != byte { return false }
            position += 1
        }
        return position == key.count
    }

    /// The letters and digits of `text`, ASCII lowercased; other ASCII bytes dropped, other
    /// scalars kept as they are.
    static func key(_ text: Substring) -> [UInt8] {
        var text = text
        return text.withUTF8 { text in
            [UInt8](unsafeUninitializedCapacity: text.count) { key, count in
                count = 0
                for var byte in text {
                    if UTF8Text.isUpper(byte) { byte |= 0x20 }
                    if UTF8Text.isLower(byte) || UTF8Text.isDigit(byte) || byte >= 0x80 {
                        key[count] = byte
                        count += 1
                    }
                }
            }
        }
    }

    /// The last scalar before closing quotes and brackets is `.`, `!`, `?` or `…`.
    static func endsLikeSentence(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = bytes.count
        while end > 0 {
            let byte = bytes[end - 1]
            switch byte {
            case 0x22, 0x27, 0x29, 0x5D, 0x20, 0x0A, 0x09, 0x0D:  // " ' ) ] and spaces
                end -= 1
            case 0x2E, 0x21, 0x3F:  // . ! ?
                return true
            case 0x9D where end >= 3 && bytes[end - 3] == 0xE2 && bytes[end - 2] == 0x80,  // ”
                0x99 where end >= 3 && bytes[end - 3] == 0xE2 && bytes[end - 2] == 0x80:  // ’
                end -= 3
            case 0xBB where end >= 2 && bytes[end - 2] == 0xC2:  // »
                end -= 2
            case 0xA6 where end >= 3 && bytes[end - 3] == 0xE2 && bytes[end - 2] == 0x80:  // …
                return true
            default:
                return false
            }
        }
        return false
    }

    /// "By Jane Doe", "By Jane Doe and John Roe, Reuters": few words, mostly capitalised.
    ///
    /// Plain ASCII without carriage returns (nearly every sentence) is read byte by byte, where a
    /// byte is a `Character`; anything else goes through `Character`s.
    static func looksLikeByline(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) else {
            return looksLikeByline(Substring(String(decoding: bytes, as: UTF8.self)))
        }
        var words = 0
        var capitalised = 0
        var inWord = false
        for byte in bytes {
            if byte == 0x20 || byte == 0x0A {
                inWord = false
            } else if !inWord {
                inWord = true
                words += 1
                // The first word ("By") is not counted; more than 8 after it is no byline.
                if words > 9 { return false }
                if words > 1 && UTF8Text.isUpper(byte) { capitalised += 1 }
            }
        }
        return words > 1 && capitalised * 2 > words - 1
    }

    static func looksLikeByline(_ sentence: Substring) -> Bool {
        let words = sentence.split(whereSeparator: { $0 == " " || $0 == "\n" }).dropFirst()
        guard !words.isEmpty, words.count <= 8 else { return false }
        let capitalised = words.filter { $0.first?.isUppercase == true }.count
        return capitalised * 2 > words.count
    }
}
