import PipeKit

/// Masks e-mail addresses and phone numbers, so that a corpus can be shared or indexed without the
/// contact details in it.
///
/// Matching works on the text's UTF-8 bytes: both patterns are ASCII, so a match never splits a
/// character. Put `redact` before the analysis stages: when it changes a text, the spans computed
/// earlier (sentences, entities, a summary) point into the old text, and it drops them.
public struct Redact: Transformer {
    /// The stage's name, options and factory: register it to use `redact` in pipeline files.
    public static let declaration = StageDeclaration.transformer(
        "redact",
        summary: "Masks e-mail addresses and phone numbers in each document's text.",
        options: [
            OptionSpec("emails", .boolean, default: true, help: "Mask e-mail addresses (name@example.org)."),
            OptionSpec(
                "phones", .boolean, default: true,
                help: "Mask phone numbers: +44 20 7946 0958, (555) 123-4567, 555-123-4567, 555.0199."),
            OptionSpec("email_mask", .string, default: "[EMAIL]", help: "What replaces an e-mail address."),
            OptionSpec("phone_mask", .string, default: "[PHONE]", help: "What replaces a phone number."),
            OptionSpec(
                "min_digits", .integer(minimum: 4), default: 7,
                help: "The fewest digits a phone number has, so that short numbers are left alone."),
            OptionSpec(
                "count_field", .string, default: "redactions",
                help: "The field that counts what was masked ({emails, phones}); empty for none."),
        ],
        example: """
            - type: redact
              phone_mask: "[phone number]"
            """,
        make: { options, _ in
            // A mistake in the options is a ConfigError: `pipe validate` reports it with its line.
            guard options.bool("emails") || options.bool("phones") else {
                throw options.error(
                    "'redact' with emails and phones both false masks nothing", option: "emails",
                    help: "remove the stage, or set one of them to true")
            }
            return Redact(
                emailMask: options.bool("emails") ? options.string("email_mask") : nil,
                phoneMask: options.bool("phones") ? options.string("phone_mask") : nil,
                minimumDigits: options.int("min_digits"), countField: options.string("count_field"))
        })

    /// What replaces an e-mail address; `nil` leaves them.
    public let emailMask: String?
    /// What replaces a phone number; `nil` leaves them.
    public let phoneMask: String?
    /// The fewest digits a phone number has.
    public let minimumDigits: Int
    /// Where the counts go in `fields`; empty for nowhere.
    public let countField: String

    /// A stage with these settings; `nil` for a mask leaves that kind of detail alone.
    public init(emailMask: String?, phoneMask: String?, minimumDigits: Int = 7, countField: String = "redactions") {
        self.emailMask = emailMask
        self.phoneMask = phoneMask
        self.minimumDigits = minimumDigits
        self.countField = countField
    }

    /// Masks the document's contact details and counts them; called from several workers at once.
    public func transform(_ document: inout Document, context: StageContext) throws -> Disposition {
        let bytes = Array(document.text.utf8)
        var matches: [Match] = []
        if emailMask != nil { matches += Self.emails(in: bytes) }
        if phoneMask != nil {
            matches += Self.phones(in: bytes, minimumDigits: minimumDigits).filter { phone in
                !matches.contains { $0.range.overlaps(phone.range) }
            }
        }
        if !countField.isEmpty {
            document.fields[countField] = [
                "emails": .int(matches.count { $0.kind == .email }),
                "phones": .int(matches.count { $0.kind == .phone }),
            ]
        }
        guard !matches.isEmpty else { return .keep }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var position = 0
        for match in matches.sorted(by: { $0.range.lowerBound < $1.range.lowerBound }) {
            output += bytes[position..<match.range.lowerBound]
            output += ((match.kind == .email ? emailMask : phoneMask) ?? "").utf8
            position = match.range.upperBound
        }
        output += bytes[position...]
        document.text = String(decoding: output, as: UTF8.self)
        document.sentences = nil
        document.tokens = nil
        document.entities = nil
        document.summary = nil
        return .keep
    }

    struct Match: Equatable {
        enum Kind { case email, phone }
        var kind: Kind
        var range: Range<Int>
    }

    // MARK: E-mail addresses

    /// `local@domain.tld`: a local part of letters, digits and `._%+-`, and a domain of dotted
    /// labels whose last has at least two letters.
    static func emails(in bytes: [UInt8]) -> [Match] {
        var matches: [Match] = []
        var floor = 0
        for at in bytes.indices where bytes[at] == UInt8(ascii: "@") && at >= floor {
            var start = at
            while start > floor, isLocal(bytes[start - 1]) { start -= 1 }
            while start < at, bytes[start] == UInt8(ascii: ".") { start += 1 }
            var end = at + 1
            while end < bytes.count, isDomain(bytes[end]) { end += 1 }
            while end > at + 1, bytes[end - 1] == UInt8(ascii: ".") || bytes[end - 1] == UInt8(ascii: "-") { end -= 1 }
            guard start < at, let lastDot = bytes[(at + 1)..<end].lastIndex(of: UInt8(ascii: ".")),
                lastDot > at + 1, end - lastDot > 2, bytes[(lastDot + 1)..<end].allSatisfy(isLetter)
            else { continue }
            matches.append(Match(kind: .email, range: start..<end))
            floor = end
        }
        return matches
    }

    // MARK: Phone numbers

    /// Digit groups joined by single spaces, hyphens or dots, ending on a digit.
    ///
    /// With a leading `+` country code or an area code in parentheses, any grouping of
    /// `minimumDigits` to 15 digits is a phone number. Without, only the North American shapes
    /// (`555-0199`, `555-123-4567`, `1-800-555-0199`, with hyphens or dots) are, so that dates
    /// (`2019-01-05`), years, versions and addresses (`192.168.1.20`) are left alone.
    static func phones(in bytes: [UInt8], minimumDigits: Int) -> [Match] {
        var matches: [Match] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let startsNumber = isDigit(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "(")
            guard startsNumber, index == 0 || !isWordByte(bytes[index - 1]) else {
                index += 1
                continue
            }
            if let end = phoneEnd(in: bytes, from: index, minimumDigits: minimumDigits) {
                matches.append(Match(kind: .phone, range: index..<end))
                index = end
            } else {
                index += 1
                while index < bytes.count, isWordByte(bytes[index]) { index += 1 }
            }
        }
        return matches
    }

    /// Where a phone number starting at `start` ends, or `nil` when none starts there.
    private static func phoneEnd(in bytes: [UInt8], from start: Int, minimumDigits: Int) -> Int? {
        var index = start
        var prefixed = false
        var groups: [Int] = []
        var separators: Set<UInt8> = []
        if bytes[index] == UInt8(ascii: "+") {
            prefixed = true
            index += 1
        }
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "("), groups.isEmpty || prefixed && groups.count == 1 {
                var close = index + 1
                while close < bytes.count, isDigit(bytes[close]) { close += 1 }
                guard close < bytes.count, bytes[close] == UInt8(ascii: ")"), close - index - 1 >= 1 else { return nil }
                groups.append(close - index - 1)
                prefixed = true
                index = close + 1
                if index + 1 < bytes.count, bytes[index] == UInt8(ascii: " "), isDigit(bytes[index + 1]) { index += 1 }
                continue
            }
            var digits = 0
            while index < bytes.count, isDigit(bytes[index]) {
                digits += 1
                index += 1
            }
            guard digits > 0 else { break }
            groups.append(digits)
            let separator = index < bytes.count ? bytes[index] : 0
            guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") || separator == UInt8(ascii: "."),
                index + 1 < bytes.count, isDigit(bytes[index + 1])
            else { break }
            separators.insert(separator)
            index += 1
        }
        let total = groups.reduce(0, +)
        guard !groups.isEmpty, (minimumDigits...15).contains(total), index == bytes.count || !isWordByte(bytes[index])
        else { return nil }
        if prefixed { return index }
        let northAmerican = [[3, 4], [3, 3, 4], [1, 3, 3, 4]].contains(groups)
        return northAmerican && separators.count == 1 && !separators.contains(UInt8(ascii: " ")) ? index : nil
    }

    // MARK: Bytes

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    private static func isLetter(_ byte: UInt8) -> Bool { byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A }
    /// Letters, digits, `_`, and every byte of a non-ASCII character: what a number must not touch.
    private static func isWordByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || isLetter(byte) || byte == UInt8(ascii: "_") || byte >= 0x80
    }
    private static func isLocal(_ byte: UInt8) -> Bool {
        isDigit(byte) || isLetter(byte) || "._%+-".utf8.contains(byte)
    }
    private static func isDomain(_ byte: UInt8) -> Bool {
        isDigit(byte) || isLetter(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
    }
}
