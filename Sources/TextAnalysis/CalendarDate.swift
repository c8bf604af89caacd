/// What the two date readers share: English month names and valid Gregorian dates written as
/// ISO 8601. `DateParser` finds dates in running text; `ISODate` reads a metadata value.
enum CalendarDate {
    /// Month names and their usual abbreviations, lowercased.
    static let months: [String: Int] = [
        "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4, "may": 5,
        "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9,
        "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
    ]

    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1, year >= 1 else { return false }
        let lengths = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        return day <= (month == 2 && !leap ? 28 : lengths[month - 1])
    }

    /// `YYYY-MM-DD`, or `nil` for a date that does not exist.
    static func iso(year: Int, month: Int, day: Int) -> String? {
        guard isValid(year: year, month: month, day: day) else { return nil }
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    /// `--MM-DD`, ISO 8601's form for a month and day without a year.
    static func iso(month: Int, day: Int) -> String { "--" + pad(month, 2) + "-" + pad(day, 2) }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
