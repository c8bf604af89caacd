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
        let utf8 = sentence.utf8
        if let titleKey, utf8.count >= titleKey.count, utf8.count <= titleKey.count * 3 + 16,
            Self.matches(utf8, key: titleKey)
        {
            return .title
        }
        for opening in Self.creditOpenings where Self.hasPrefix(utf8, opening) {
            // "By the end of the day, …" is prose; a byline is a few capitalised names.
            if opening.count == 3 && opening[0] == UInt8(ascii: "b") && !Self.looksLikeByline(sentence) { continue }
            if opening.count == 5 && opening[0] == UInt8(ascii: "p") && wordCount > 12 { continue }
            return opening[0] == UInt8(ascii: "t") ? .dateline : .byline
        }
        // Only a short sentence with a number in it can be mostly a date (a date is under 32 bytes).
        if utf8.count <= 72, utf8.contains(where: UTF8Text.isDigit),
            let date = DateParser().firstDate(in: String(sentence)),
            date.range.count * 2 >= utf8.count - 8
        {
            return .dateline
        }
        if !Self.endsLikeSentence(sentence) { return .heading }
        if wordCount < minWords { return .fragment }
        return nil
    }

    /// Whether `text` starts with `prefix` (lowercase ASCII), ignoring ASCII case.
    static func hasPrefix(_ text: Substring.UTF8View, _ prefix: [UInt8]) -> Bool {
        guard text.count >= prefix.count else { return false }
        var index = text.startIndex
        for byte in prefix {
            var other = text[index]
            if UTF8Text.isUpper(other) { other |= 0x20 }
            if other != byte { return false }
            index = text.index(after: index)
        }
        return true
    }

    /// Whether the letters and digits of `text` are `key` (see `key(_:)`), stopping at the first difference.
    static func matches(_ text: Substring.UTF8View, key: [UInt8]) -> Bool {
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
        var key: [UInt8] = []
        key.reserveCapacity(text.utf8.count)
        for var byte in text.utf8 {
            if UTF8Text.isUpper(byte) { byte |= 0x20 }
            if UTF8Text.isLower(byte) || UTF8Text.isDigit(byte) || byte >= 0x80 { key.append(byte) }
        }
        return key
    }

    /// The last scalar before closing quotes and brackets is `.`, `!`, `?` or `…`.
    static func endsLikeSentence(_ sentence: Substring) -> Bool {
        for scalar in sentence.unicodeScalars.reversed() {
            switch scalar {
            case "\"", "'", "”", "’", ")", "]", "»", " ", "\n", "\t", "\r": continue
            case ".", "!", "?", "…": return true
            default: return false
            }
        }
        return false
    }

    /// "By Jane Doe", "By Jane Doe and John Roe, Reuters": few words, mostly capitalised.
    static func looksLikeByline(_ sentence: Substring) -> Bool {
        let words = sentence.split(whereSeparator: { $0 == " " || $0 == "\n" }).dropFirst()
        guard !words.isEmpty, words.count <= 8 else { return false }
        let capitalised = words.filter { $0.first?.isUppercase == true }.count
        return capitalised * 2 > words.count
    }
}
