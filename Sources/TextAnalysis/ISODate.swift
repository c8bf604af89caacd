/// Reads the date in a metadata value (a `<meta>` tag, front matter, a record field) as ISO 8601
/// `YYYY-MM-DD`, the form `Metadata.date` holds.
///
/// The calendar date is kept as written, never shifted to another time zone: an article dated
/// `2025-02-13T23:30:00-05:00` was published on the 13th where it was written.
public enum ISODate {
    /// `YYYY-MM-DD`, or `nil` when `text` holds no date this reads: ISO 8601 and its relatives
    /// (`2025-02-13T10:00:00Z`, `2025/02/13`, `20250213`), and English dates with a month name
    /// (`Thu, 13 Feb 2025 10:00:00 GMT`, `13 February 2025`, `February 13, 2025`).
    public static func normalize(_ text: String) -> String? {
        let bytes = Array(text.utf8.drop { $0 == 0x20 || $0 == 0x09 })
        return numeric(bytes) ?? named(bytes)
    }

    /// `YYYY-MM-DD` (or `/` or `.` between the parts, one- or two-digit month and day), or eight
    /// digits, followed by nothing or by something that is not a digit.
    private static func numeric(_ bytes: [UInt8]) -> String? {
        var index = 0
        func number(maximumDigits: Int) -> Int? {
            var value = 0
            let start = index
            while index < bytes.count, index - start < maximumDigits, let digit = digit(bytes[index]) {
                value = value * 10 + digit
                index += 1
            }
            return index > start ? value : nil
        }
        guard let first = number(maximumDigits: 8) else { return nil }
        if index == 8 {
            guard index == bytes.count || digit(bytes[index]) == nil else { return nil }
            return CalendarDate.iso(year: first / 10000, month: first / 100 % 100, day: first % 100)
        }
        guard index == 4, index < bytes.count else { return nil }
        let separator = bytes[index]
        guard separator == UInt8(ascii: "-") || separator == UInt8(ascii: "/") || separator == UInt8(ascii: ".") else {
            return nil
        }
        index += 1
        guard let month = number(maximumDigits: 2), index < bytes.count, bytes[index] == separator else { return nil }
        index += 1
        guard let day = number(maximumDigits: 2) else { return nil }
        guard index == bytes.count || digit(bytes[index]) == nil else { return nil }
        return CalendarDate.iso(year: first, month: month, day: day)
    }

    /// A month name with a day and a four-digit year around it, in either order.
    private static func named(_ bytes: [UInt8]) -> String? {
        var month: Int?
        var day: Int?
        var year: Int?
        var index = 0
        while index < bytes.count, year == nil || month == nil {
            let start = index
            if digit(bytes[index]) != nil {
                var value = 0
                while index < bytes.count, let digit = digit(bytes[index]) {
                    // Only runs of up to four digits count; a longer one must not overflow.
                    if index - start < 5 { value = value * 10 + digit }
                    index += 1
                }
                switch index - start {
                case 4: year = value
                case 1...2 where day == nil && year == nil: day = value
                default: break
                }
            } else if UTF8Text.isASCIILetter(bytes[index]) {
                while index < bytes.count, UTF8Text.isASCIILetter(bytes[index]) { index += 1 }
                if month == nil, index - start >= 3 {
                    month = CalendarDate.months[String(decoding: bytes[start..<index], as: UTF8.self).lowercased()]
                }
            } else {
                index += 1
            }
        }
        guard let year, let month, let day else { return nil }
        return CalendarDate.iso(year: year, month: month, day: day)
    }

    private static func digit(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }
}
