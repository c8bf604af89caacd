/// Appending text to the byte buffers that the CSV, Markdown and HTML sinks fill: plain, escaped for
/// HTML, escaped for Markdown, and numbers with thousands separators.
///
/// Each escaper walks the UTF-8 once and copies the runs that need nothing in bulk, as `JSONWriter`
/// does, because a report holds every document's text.
extension Array where Element == UInt8 {
    /// Appends `text` as it is.
    mutating func append(_ text: String) {
        append(contentsOf: text.utf8)
    }

    /// Appends `text` as it is.
    mutating func append(_ text: Substring) {
        append(contentsOf: text.utf8)
    }

    /// Appends `text` escaped for HTML text and attribute values: `& < > " '` become references, so no
    /// document can open a tag, close an attribute or start a script.
    mutating func appendHTML<Text: StringProtocol>(_ text: Text) {
        var text = String(text)
        text.withUTF8 { appendHTML(utf8: $0) }
    }

    /// Appends UTF-8 bytes escaped for HTML (see `appendHTML(_:)`).
    mutating func appendHTML(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        for index in 0..<bytes.count {
            let replacement: StaticString
            switch bytes[index] {
            case UInt8(ascii: "&"): replacement = "&amp;"
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">"): replacement = "&gt;"
            case UInt8(ascii: "\""): replacement = "&quot;"
            case UInt8(ascii: "'"): replacement = "&#39;"
            default: continue
            }
            append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            replacement.withUTF8Buffer { append(contentsOf: $0) }
            runStart = index + 1
        }
        append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
    }

    /// Appends `text` as one line of Markdown that shows exactly those characters: line breaks become
    /// spaces, and whatever Markdown or inline HTML would act on is escaped with a backslash.
    ///
    /// Escaped: `\ ` * _ [ ] < > |` and `~` anywhere; `&` when it would start a character reference;
    /// and a first character that would start a heading, quote, list or rule.
    mutating func appendMarkdown<Text: StringProtocol>(_ text: Text) {
        var text = String(text)
        text.withUTF8 { bytes in
            var index = 0
            if let first = bytes.first, Self.startsBlock(bytes) {
                append(UInt8(ascii: "\\"))
                append(first)
                index = 1
            }
            var runStart = index
            while index < bytes.count {
                let byte = bytes[index]
                let escape: Bool
                var replacement: UInt8?
                switch byte {
                case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["),
                    UInt8(ascii: "]"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "|"), UInt8(ascii: "~"):
                    escape = true
                case UInt8(ascii: "&"):
                    escape = Self.startsReference(bytes, at: index)
                case 0x0A, 0x0D, 0x09:
                    escape = false
                    replacement = UInt8(ascii: " ")
                default:
                    escape = false
                }
                if escape || replacement != nil {
                    append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                    if escape {
                        append(UInt8(ascii: "\\"))
                        append(byte)
                    } else if let replacement, !(byte == 0x0A && index > 0 && bytes[index - 1] == 0x0D) {
                        append(replacement)
                    }
                    runStart = index + 1
                }
                index += 1
            }
            append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
    }

    /// A count with a comma between thousands: `12,345`.
    static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var out = number < 0 ? "-" : ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }

    /// Whether a line starting with these bytes would be read as a block marker: `#`, `-`, `+` or `=`
    /// (headings, lists, rules), or digits then `.` or `)` (an ordered list). `>` and `*` are escaped
    /// wherever they stand.
    private static func startsBlock(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first else { return false }
        if "#-+=".utf8.contains(first) { return true }
        var index = 0
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        return index > 0 && index < bytes.count
            && (bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ")"))
    }

    /// Whether the `&` at `index` begins a character reference (`&amp;`, `&#39;`), which Markdown
    /// would turn into another character.
    private static func startsReference(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        var next = index + 1
        if next < bytes.count, bytes[next] == UInt8(ascii: "#") { next += 1 }
        let nameStart = next
        while next < bytes.count, next - nameStart < 32 {
            let byte = bytes[next]
            let isAlphanumeric =
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            guard isAlphanumeric else { break }
            next += 1
        }
        return next > nameStart && next < bytes.count && bytes[next] == UInt8(ascii: ";")
    }
}
