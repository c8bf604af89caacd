/// Finds dates written the ways news writes them and turns them into ISO 8601.
///
/// "2025-02-13", "Feb 13, 2025", "Feb. 13, 2025", "February 13, 2025", "13 February 2025",
/// "Wednesday, February 12, 2025", "Today : Feb 13, 2025"; without a year ("Wednesday, Feb. 12")
/// the year comes from `defaultYear`, else the date is written `--02-12` (ISO 8601's form for a
/// month and day).
public struct DateParser: Sendable {
    public struct Found: Sendable, Equatable {
        /// `YYYY-MM-DD`, or `--MM-DD` when no year is known.
        public var iso: String
        public var range: Range<Int>
        public var hasYear: Bool
    }

    public init() {}

    /// Every date in `text`, in order.
    public func dates(in text: String, defaultYear: Int? = nil) -> [Found] {
        var text = text
        return text.withUTF8 { dates(in: $0, defaultYear: defaultYear) }
    }

    /// The first date in `text` that has a year; otherwise the first without one, dated with the
    /// year of any other date in the text.
    public func firstDate(in text: String) -> Found? {
        var text = text
        return text.withUTF8 { firstDate(in: $0) }
    }

    /// `firstDate(in:)` on UTF-8 bytes, as the header reader has them. A multi-byte scalar cut
    /// at the end only makes a word that no date pattern takes, as its repaired `String` would.
    ///
    /// Dates are matched in order and a default year changes no match, only a partial date's
    /// ISO form: so the scan stops at the first full date, and a partial date before it is
    /// matched again with its year.
    func firstDate(in bytes: UnsafeBufferPointer<UInt8>) -> Found? {
        let words = Self.words(bytes)
        var first: (date: Found, index: Int)?
        var index = 0
        while index < words.count {
            guard let (date, used) = match(words, at: index, in: bytes, defaultYear: nil) else {
                index += 1
                continue
            }
            if date.hasYear {
                guard let first else { return date }
                return match(words, at: first.index, in: bytes, defaultYear: Int(date.iso.prefix(4)))?.0
            }
            first = first ?? (date, index)
            index += used
        }
        return first?.date
    }

    private func dates(in bytes: UnsafeBufferPointer<UInt8>, defaultYear: Int?) -> [Found] {
        let words = Self.words(bytes)
        var found: [Found] = []
        var index = 0
        while index < words.count {
            if let (date, used) = match(words, at: index, in: bytes, defaultYear: defaultYear) {
                found.append(date)
                index += used
            } else {
                index += 1
            }
        }
        return found
    }

    private struct Word {
        var range: Range<Int>
        /// The word lowercased, when it is three to nine ASCII letters: only month and weekday
        /// names are looked up by name.
        var name: WordKey?
    }

    /// Words and numbers with their byte ranges (letters, digits and `-`; any non-ASCII byte
    /// counts as a letter).
    private static func words(_ bytes: UnsafeBufferPointer<UInt8>) -> [Word] {
        var words: [Word] = []
        words.reserveCapacity(bytes.count / 4 + 1)
        var start: Int?
        for offset in 0...bytes.count {
            let byte: UInt8 = offset < bytes.count ? bytes[offset] : 0x20
            let isPart = UTF8Text.isASCIILetter(byte) || UTF8Text.isDigit(byte) || byte == 0x2D || byte >= 0x80
            if isPart {
                if start == nil { start = offset }
            } else if let begin = start {
                let piece = UnsafeBufferPointer(rebasing: bytes[begin..<offset])
                let isName = (3...9).contains(piece.count) && piece.allSatisfy(UTF8Text.isASCIILetter)
                words.append(Word(range: begin..<offset, name: isName ? WordKey(piece) : nil))
                start = nil
            }
        }
        return words
    }

    private func match(
        _ words: [Word], at index: Int, in bytes: UnsafeBufferPointer<UInt8>, defaultYear: Int?
    ) -> (Found, Int)? {
        let word = words[index]
        // 2025-02-13
        if word.range.count == 10, UTF8Text.isDigit(bytes[word.range.lowerBound]) {
            let parts = bytes[word.range].split(separator: 0x2D)
            if parts.count == 3, parts[0].count == 4, let year = Self.number(parts[0]),
                let month = Self.number(parts[1]), let day = Self.number(parts[2]),
                CalendarDate.isValid(year: year, month: month, day: day)
            {
                return (
                    Found(iso: CalendarDate.iso(year: year, month: month, day: day)!, range: word.range, hasYear: true),
                    1
                )
            }
        }
        // Feb 13, 2025 / February 13 2025 / Feb 13
        if let name = word.name, let month = Self.months[name], index + 1 < words.count,
            let day = dayNumber(words[index + 1], in: bytes)
        {
            if index + 2 < words.count, let year = yearNumber(words[index + 2], in: bytes) {
                guard CalendarDate.isValid(year: year, month: month, day: day) else { return nil }
                return (
                    Found(
                        iso: CalendarDate.iso(year: year, month: month, day: day)!,
                        range: word.range.lowerBound..<words[index + 2].range.upperBound,
                        hasYear: true), 3
                )
            }
            guard name != Self.may || index > 0 && isWeekday(words[index - 1]) else { return nil }
            guard CalendarDate.isValid(year: 2000, month: month, day: day) else { return nil }
            return (partial(month, day, defaultYear, word.range.lowerBound..<words[index + 1].range.upperBound), 2)
        }
        // 13 February 2025 / 13 Feb
        if let day = dayNumber(word, in: bytes), index + 1 < words.count, let name = words[index + 1].name,
            let month = Self.months[name]
        {
            if index + 2 < words.count, let year = yearNumber(words[index + 2], in: bytes) {
                guard CalendarDate.isValid(year: year, month: month, day: day) else { return nil }
                return (
                    Found(
                        iso: CalendarDate.iso(year: year, month: month, day: day)!,
                        range: word.range.lowerBound..<words[index + 2].range.upperBound,
                        hasYear: true), 3
                )
            }
            guard name != Self.may, CalendarDate.isValid(year: 2000, month: month, day: day) else {
                return nil
            }
            return (partial(month, day, defaultYear, word.range.lowerBound..<words[index + 1].range.upperBound), 2)
        }
        return nil
    }

    private func partial(_ month: Int, _ day: Int, _ year: Int?, _ range: Range<Int>) -> Found {
        if let year, CalendarDate.isValid(year: year, month: month, day: day) {
            return Found(iso: CalendarDate.iso(year: year, month: month, day: day)!, range: range, hasYear: false)
        }
        return Found(iso: CalendarDate.iso(month: month, day: day), range: range, hasYear: false)
    }

    /// `CalendarDate.months` by `WordKey`, so a word is looked up without becoming a `String`.
    private static let months = WordKeyTable(
        Dictionary(uniqueKeysWithValues: CalendarDate.months.map { (WordKey($0.key.utf8)!, $0.value) }))

    private static let may = WordKey("may".utf8)!

    private static let weekdayNames = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "wed", "thu", "fri",
        "sat", "sun",
    ]

    private static let weekdays = WordKeyTable(Set(weekdayNames.map { WordKey($0.utf8)! }))

    private func isWeekday(_ word: Word) -> Bool { word.name.map(Self.weekdays.contains) ?? false }

    /// A run of ASCII digits as a number (at most ten of them, as in a word of ten bytes), else `nil`.
    private static func number(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        guard !digits.isEmpty, digits.count <= 10, digits.allSatisfy(UTF8Text.isDigit) else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    /// 1 to 31, with an optional ordinal suffix ("1st", "22nd").
    private func dayNumber(_ word: Word, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard word.range.count <= 4 else { return nil }
        var day = 0
        var digits = 0
        // What follows the digits, lowercased, its bytes packed first to last.
        var suffix: UInt32 = 0
        var suffixLength = 0
        for byte in bytes[word.range] {
            if UTF8Text.isDigit(byte) && suffixLength == 0 {
                day = day * 10 + Int(byte - 0x30)
                digits += 1
            } else {
                suffix = suffix << 8 | UInt32(byte | 0x20)
                suffixLength += 1
            }
        }
        guard (1...2).contains(digits), (1...31).contains(day) else { return nil }
        return suffixLength == 0 || suffixLength == 2 && Self.isOrdinalSuffix(suffix) ? day : nil
    }

    /// "st", "nd", "rd" or "th", packed as `dayNumber` packs them.
    private static func isOrdinalSuffix(_ suffix: UInt32) -> Bool {
        switch suffix {
        case 0x7374, 0x6E64, 0x7264, 0x7468: return true
        default: return false
        }
    }

    /// Four ASCII digits from 1000 to 2999.
    private func yearNumber(_ word: Word, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard word.range.count == 4, let year = Self.number(bytes[word.range]), (1000...2999).contains(year) else {
            return nil
        }
        return year
    }
}
