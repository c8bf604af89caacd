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
        let words = Self.words(text)
        var found: [Found] = []
        var index = 0
        while index < words.count {
            if let (date, used) = match(words, at: index, defaultYear: defaultYear) {
                found.append(date)
                index += used
            } else {
                index += 1
            }
        }
        return found
    }

    /// The first date in `text` that has a year; otherwise the first without one, dated with the
    /// year of any other date in the text.
    public func firstDate(in text: String) -> Found? {
        let all = dates(in: text)
        if let full = all.first(where: \.hasYear) {
            guard let partial = all.first, !partial.hasYear, partial.range.lowerBound < full.range.lowerBound else {
                return full
            }
            return dates(in: text, defaultYear: Int(full.iso.prefix(4))).first
        }
        return all.first
    }

    private struct Word {
        var text: Substring
        var range: Range<Int>
        var lowered: String
    }

    /// Words and numbers with their byte ranges (letters, digits and `-`; any non-ASCII byte
    /// counts as a letter), lowercased in ASCII.
    private static func words(_ text: String) -> [Word] {
        var words: [Word] = []
        let utf8 = text.utf8
        var start: String.Index?
        var startOffset = 0
        var offset = 0
        var index = utf8.startIndex
        while index <= utf8.endIndex {
            let byte: UInt8 = index < utf8.endIndex ? utf8[index] : 0x20
            let isPart = UTF8Text.isASCIILetter(byte) || UTF8Text.isDigit(byte) || byte == 0x2D || byte >= 0x80
            if isPart {
                if start == nil {
                    start = index
                    startOffset = offset
                }
            } else if let begin = start {
                let piece = text[begin..<index]
                // Only month and weekday names are looked up by name: three to nine ASCII letters.
                var lowered = ""
                if (3...9).contains(offset - startOffset), piece.utf8.allSatisfy(UTF8Text.isASCIILetter) {
                    lowered = String(decoding: piece.utf8.map { $0 | 0x20 }, as: UTF8.self)
                }
                words.append(Word(text: piece, range: startOffset..<offset, lowered: lowered))
                start = nil
            }
            if index == utf8.endIndex { break }
            index = utf8.index(after: index)
            offset += 1
        }
        return words
    }

    private func match(_ words: [Word], at index: Int, defaultYear: Int?) -> (Found, Int)? {
        let word = words[index]
        // 2025-02-13
        if word.range.count == 10, word.text.utf8.first.map(UTF8Text.isDigit) == true {
            let parts = word.text.split(separator: "-")
            if parts.count == 3, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]),
                let day = Int(parts[2]), CalendarDate.isValid(year: year, month: month, day: day)
            {
                return (
                    Found(iso: CalendarDate.iso(year: year, month: month, day: day)!, range: word.range, hasYear: true),
                    1
                )
            }
        }
        // Feb 13, 2025 / February 13 2025 / Feb 13
        if (3...9).contains(word.range.count), let month = CalendarDate.months[word.lowered], index + 1 < words.count,
            let day = dayNumber(words[index + 1])
        {
            if index + 2 < words.count, let year = yearNumber(words[index + 2]) {
                guard CalendarDate.isValid(year: year, month: month, day: day) else { return nil }
                return (
                    Found(
                        iso: CalendarDate.iso(year: year, month: month, day: day)!,
                        range: word.range.lowerBound..<words[index + 2].range.upperBound,
                        hasYear: true), 3
                )
            }
            guard word.lowered != "may" || index > 0 && isWeekday(words[index - 1]) else { return nil }
            guard CalendarDate.isValid(year: 2000, month: month, day: day) else { return nil }
            return (partial(month, day, defaultYear, word.range.lowerBound..<words[index + 1].range.upperBound), 2)
        }
        // 13 February 2025 / 13 Feb
        if let day = dayNumber(word), index + 1 < words.count, let month = CalendarDate.months[words[index + 1].lowered]
        {
            if index + 2 < words.count, let year = yearNumber(words[index + 2]) {
                guard CalendarDate.isValid(year: year, month: month, day: day) else { return nil }
                return (
                    Found(
                        iso: CalendarDate.iso(year: year, month: month, day: day)!,
                        range: word.range.lowerBound..<words[index + 2].range.upperBound,
                        hasYear: true), 3
                )
            }
            guard words[index + 1].lowered != "may", CalendarDate.isValid(year: 2000, month: month, day: day) else {
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

    private static let weekdays: Set<String> = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "wed", "thu", "fri",
        "sat", "sun",
    ]

    private func isWeekday(_ word: Word) -> Bool { Self.weekdays.contains(word.lowered) }

    /// 1 to 31, with an optional ordinal suffix ("1st", "22nd").
    private func dayNumber(_ word: Word) -> Int? {
        guard word.range.count <= 4 else { return nil }
        var day = 0
        var digits = 0
        var suffix: [UInt8] = []
        for byte in word.text.utf8 {
            if UTF8Text.isDigit(byte) && suffix.isEmpty {
                day = day * 10 + Int(byte - 0x30)
                digits += 1
            } else {
                suffix.append(byte | 0x20)
            }
        }
        guard (1...2).contains(digits), (1...31).contains(day) else { return nil }
        return suffix.isEmpty || Self.ordinalSuffixes.contains(suffix) ? day : nil
    }

    private static let ordinalSuffixes: [[UInt8]] = ["st", "nd", "rd", "th"].map { Array($0.utf8) }

    private func yearNumber(_ word: Word) -> Int? {
        guard word.text.count == 4, let year = Int(word.text), (1000...2999).contains(year) else { return nil }
        return year
    }
}
