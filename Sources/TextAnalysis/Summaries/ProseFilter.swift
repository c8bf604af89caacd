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

    /// A filter that takes sentences of `minWords` words or more.
    public init(minWords: Int = 6) { self.minWords = minWords }

    private static let creditOpenings: [String] = [
        "by ", "reporting by", "written by", "editing by", "photo", "image:", "images:", "source:", "sources:",
        "related:", "related news", "see also", "copyright", "©", "all rights reserved", "click here", "read more",
        "subscribe", "follow us", "share this", "advertisement", "updated:", "posted:", "published:", "today :",
        "today:",
    ]

    /// Why `sentence` (with `wordCount` words) is not prose, or nil when it is. `title` is the
    /// document's title, if known.
    public func reason(_ sentence: Substring, wordCount: Int, title: String?) -> Reason? {
        if let title, !title.isEmpty, sentence.utf8.count <= title.utf8.count * 2 + 8,
            Self.sameWords(sentence.lowercased(), title.lowercased())
        {
            return .title
        }
        let lowered = sentence.prefix(24).lowercased()
        for opening in Self.creditOpenings where lowered.hasPrefix(opening) {
            // "By the end of the day, …" is prose; a byline is a few capitalised names.
            if opening == "by " && !Self.looksLikeByline(sentence) { continue }
            if opening == "photo" && wordCount > 12 { continue }
            return opening == "today :" || opening == "today:" ? .dateline : .byline
        }
        // Only a short sentence can be mostly a date.
        if sentence.utf8.count <= 100, let date = DateParser().firstDate(in: String(sentence)),
            date.range.count * 2 >= sentence.utf8.count - 8
        {
            return .dateline
        }
        if !Self.endsLikeSentence(sentence) { return .heading }
        if wordCount < minWords { return .fragment }
        return nil
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

    /// The same words, ignoring punctuation and spacing.
    static func sameWords(_ a: String, _ b: String) -> Bool {
        func words(_ text: String) -> [Substring] {
            text.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        }
        let left = words(a)
        return !left.isEmpty && left == words(b)
    }
}
