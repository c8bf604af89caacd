/// Why a JSON text was rejected, and where.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The offset in bytes of the offending byte from the start of the input; the input's length when it ended early.
    public var offset: Int
    /// A short sentence for people: "expected ',' or '}' after an object member".
    public var message: String

    /// An error at byte `offset`, described by `message`.
    public init(offset: Int, message: String) {
        self.offset = offset
        self.message = message
    }

    /// "message at byte N".
    public var description: String {
        "\(message) at byte \(offset)"
    }
}

/// A strict RFC 8259 parser working on UTF-8 bytes, for JSON Lines input.
///
/// Strict because a record that another tool would read differently is better rejected with its offset than
/// guessed at: no comments, trailing commas, `NaN`, leading zeros, lone surrogates or invalid UTF-8. Integers
/// that fit `Int` become `.int`; other numbers `.double`. A repeated object key keeps its last value.
public enum JSONParser {
    /// How many objects and arrays may be nested; deeper input is rejected rather than risking the stack.
    public static let maximumDepth = 512

    /// Parses exactly one JSON value (surrounding whitespace allowed) from UTF-8 bytes.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> JSONValue {
        var reader = JSONReader(bytes)
        reader.skipWhitespace()
        let value = try reader.parseValue(depth: 0)
        reader.skipWhitespace()
        guard reader.index == bytes.count else {
            let found = reader.describe(at: reader.index)
            throw reader.failure("unexpected \(found) after the JSON value", at: reader.index)
        }
        return value
    }

    /// Parses exactly one JSON value (surrounding whitespace allowed) from UTF-8 bytes, such as one JSON Lines line.
    ///
    /// Calling the buffer version inside `withUnsafeBufferPointer` would lose the error's type, which that
    /// method rethrows as `any Error`; this one keeps it.
    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        try bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONParseError) in try parse(buffer) }
        }.get()
    }

    /// Parses exactly one JSON value (surrounding whitespace allowed) from a string; offsets count UTF-8 bytes.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue {
        var text = text
        return try text.withUTF8 { bytes in
            Result { () throws(JSONParseError) in try parse(bytes) }
        }.get()
    }
}

/// The parser's position in its input, and a buffer reused for strings that contain escapes.
private struct JSONReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0
    var scratch: [UInt8] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Parses the value starting at `index`, inside `depth` open objects and arrays.
    mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard index < bytes.count else { throw endOfInput() }
        switch bytes[index] {
        case UInt8(ascii: "{"):
            return try parseObject(depth: depth + 1)
        case UInt8(ascii: "["):
            return try parseArray(depth: depth + 1)
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try parseNumber()
        case UInt8(ascii: "t"):
            try parseLiteral("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try parseLiteral("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try parseLiteral("null")
            return .null
        default:
            throw failure("expected a value, found \(describe(at: index))", at: index)
        }
    }

    /// Parses the object whose `{` is at `index`; `depth` counts it.
    mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        try checkDepth(depth)
        index += 1
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            guard index < bytes.count else { throw endOfInput() }
            guard bytes[index] == UInt8(ascii: "\"") else {
                throw failure("expected a string key, found \(describe(at: index))", at: index)
            }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count else { throw endOfInput() }
            guard bytes[index] == UInt8(ascii: ":") else {
                throw failure("expected ':' after an object key", at: index)
            }
            index += 1
            skipWhitespace()
            members[key] = try parseValue(depth: depth)
            skipWhitespace()
            guard index < bytes.count else { throw endOfInput() }
            switch bytes[index] {
            case UInt8(ascii: ","):
                let comma = index
                index += 1
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
                    throw failure("trailing comma in an object", at: comma)
                }
            case UInt8(ascii: "}"):
                index += 1
                return .object(members)
            default:
                throw failure("expected ',' or '}' after an object member", at: index)
            }
        }
    }

    /// Parses the array whose `[` is at `index`; `depth` counts it.
    mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        try checkDepth(depth)
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            guard index < bytes.count else { throw endOfInput() }
            switch bytes[index] {
            case UInt8(ascii: ","):
                let comma = index
                index += 1
                skipWhitespace()
                if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
                    throw failure("trailing comma in an array", at: comma)
                }
            case UInt8(ascii: "]"):
                index += 1
                return .array(elements)
            default:
                throw failure("expected ',' or ']' after an array element", at: index)
            }
        }
    }

    func checkDepth(_ depth: Int) throws(JSONParseError) {
        if depth > JSONParser.maximumDepth {
            throw failure("nesting is deeper than \(JSONParser.maximumDepth) levels", at: index)
        }
    }

    /// Parses the string whose opening quote is at `index`.
    ///
    /// Without escapes, the bytes between the quotes become the string directly; with them, the decoded text is
    /// gathered in `scratch`. Either way the UTF-8 is validated here, so an error can name the offending byte.
    mutating func parseString() throws(JSONParseError) -> String {
        let open = index
        var i = open + 1
        var runStart = i
        var escaped = false
        while true {
            i = skipPlainASCII(from: i)
            guard i < bytes.count else { throw failure("unterminated string", at: open) }
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: "\""):
                let run = UnsafeBufferPointer(rebasing: bytes[runStart..<i])
                index = i + 1
                guard escaped else { return String(decoding: run, as: UTF8.self) }
                scratch.append(contentsOf: run)
                return String(decoding: scratch, as: UTF8.self)
            case UInt8(ascii: "\\"):
                if !escaped {
                    scratch.removeAll(keepingCapacity: true)
                    escaped = true
                }
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                i = try decodeEscape(at: i, stringStart: open)
                runStart = i
            case ..<0x20:
                throw failure("unescaped control character \(Self.codePoint(byte)) in a string", at: i)
            default:
                guard let length = utf8SequenceLength(at: i) else {
                    throw failure("invalid UTF-8 in a string", at: i)
                }
                i += length
            }
        }
    }

    /// The first index from `i` on holding a byte that is not printable ASCII other than a quote or backslash.
    func skipPlainASCII(from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return start }
        let count = bytes.count
        var i = start
        while i &+ 8 <= count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            let attention =
                ByteWord.below(0x20, in: word) | ByteWord.equal(UInt8(ascii: "\""), in: word)
                | ByteWord.equal(UInt8(ascii: "\\"), in: word) | ByteWord.nonASCII(in: word)
            if attention != 0 {
                return i &+ attention.trailingZeroBitCount &>> 3
            }
            i &+= 8
        }
        while i < count {
            let byte = base[i]
            if byte < 0x20 || byte >= 0x80 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                break
            }
            i &+= 1
        }
        return i
    }

    /// Decodes the escape whose backslash is at `start` into `scratch`; returns the index just after it.
    mutating func decodeEscape(at start: Int, stringStart: Int) throws(JSONParseError) -> Int {
        guard start + 1 < bytes.count else { throw failure("unterminated string", at: stringStart) }
        let letter = bytes[start + 1]
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"):
            scratch.append(letter)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "u"):
            let unit = try hexQuad(at: start + 2, escapeStart: start, stringStart: stringStart)
            var scalarValue = UInt32(unit)
            var end = start + 6
            switch unit {
            case 0xD800...0xDBFF:
                // A high surrogate counts only with a low one escaped right after it.
                guard end + 1 < bytes.count, bytes[end] == UInt8(ascii: "\\"), bytes[end + 1] == UInt8(ascii: "u")
                else { throw loneSurrogate(at: start) }
                let low = try hexQuad(at: end + 2, escapeStart: end, stringStart: stringStart)
                guard (0xDC00...0xDFFF).contains(low) else { throw loneSurrogate(at: start) }
                scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                end += 6
            case 0xDC00...0xDFFF:
                throw loneSurrogate(at: start)
            default:
                break
            }
            // Every value outside the surrogate range is a scalar, and surrogate pairs combine into one.
            scratch.append(contentsOf: UTF8.encode(Unicode.Scalar(scalarValue)!)!)
            return end
        default:
            if (0x21...0x7E).contains(letter) {
                throw failure("invalid escape '\\\(Character(Unicode.Scalar(letter)))'", at: start)
            }
            throw failure("invalid escape: '\\' followed by \(describe(at: start + 1))", at: start)
        }
        return start + 2
    }

    /// The value of the four hex digits of a `\u` escape whose backslash is at `escapeStart`.
    func hexQuad(at start: Int, escapeStart: Int, stringStart: Int) throws(JSONParseError) -> UInt16 {
        var value: UInt16 = 0
        for i in start..<start + 4 {
            guard i < bytes.count else { throw failure("unterminated string", at: stringStart) }
            let byte = bytes[i]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("expected four hex digits after '\\u'", at: escapeStart)
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    func loneSurrogate(at start: Int) -> JSONParseError {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<start + 6]), as: UTF8.self)
        return failure("lone surrogate '\(text)' in a string", at: start)
    }

    /// The length of the well-formed UTF-8 sequence starting with a non-ASCII byte at `i`; `nil` if there is none.
    ///
    /// Follows the table of well-formed sequences in the Unicode standard (3.9, table 3-7): no overlong forms,
    /// no surrogates, nothing above U+10FFFF.
    func utf8SequenceLength(at i: Int) -> Int? {
        let lead = bytes[i]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xE1...0xEF: length = 3
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        case 0xF1...0xF3: length = 4
        default: return nil
        }
        guard i + length <= bytes.count, secondRange.contains(bytes[i + 1]) else { return nil }
        for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 {
            return nil
        }
        return length
    }

    /// Parses the number starting at `index`, by the RFC 8259 grammar.
    mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = index
        var i = index
        let negative = bytes[i] == UInt8(ascii: "-")
        if negative {
            i += 1
        }
        // Accumulated as a negative number so that Int.min fits.
        var value = 0
        var overflow = false
        guard i < bytes.count else { throw endOfInput() }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if i < bytes.count, Self.isDigit(bytes[i]) {
                throw failure("leading zeros are not allowed", at: i - 1)
            }
        } else if Self.isDigit(bytes[i]) {
            while i < bytes.count, Self.isDigit(bytes[i]) {
                let (product, productOverflow) = value.multipliedReportingOverflow(by: 10)
                let (difference, differenceOverflow) = product.subtractingReportingOverflow(
                    Int(bytes[i] &- UInt8(ascii: "0")))
                value = difference
                overflow = overflow || productOverflow || differenceOverflow
                i += 1
            }
        } else {
            throw failure("expected a digit after '-'", at: i)
        }
        var integral = true
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            integral = false
            i = try skipDigits(from: i + 1, after: "'.'")
        }
        if i < bytes.count, bytes[i] | 0x20 == UInt8(ascii: "e") {
            integral = false
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                i += 1
            }
            i = try skipDigits(from: i, after: "the exponent's 'e'")
        }
        index = i
        if integral, !overflow {
            if negative {
                return .int(value)
            }
            if value != .min {
                return .int(-value)
            }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        guard let number = Double(text), number.isFinite else {
            throw failure("number is too large", at: start)
        }
        return .double(number)
    }

    /// Skips one or more digits from `start`, which follow `what`; returns the index after them.
    func skipDigits(from start: Int, after what: String) throws(JSONParseError) -> Int {
        guard start < bytes.count else { throw endOfInput() }
        guard Self.isDigit(bytes[start]) else { throw failure("expected a digit after \(what)", at: start) }
        var i = start + 1
        while i < bytes.count, Self.isDigit(bytes[i]) {
            i += 1
        }
        return i
    }

    /// Checks that `word` (true, false or null) starts at `index`, and moves past it.
    mutating func parseLiteral(_ word: StaticString) throws(JSONParseError) {
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for (k, byte) in expected.enumerated() {
            guard index + k < bytes.count else { throw endOfInput() }
            guard bytes[index + k] == byte else { throw failure("expected '\(word)'", at: index) }
        }
        index += word.utf8CodeUnitCount
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): index += 1
            default: return
            }
        }
    }

    /// The byte at `i` as a message shows it: `'x'`, `'é'`, `U+000C` for a control character, or `byte 0xFF`.
    func describe(at i: Int) -> String {
        let byte = bytes[i]
        switch byte {
        case 0x21...0x7E:
            return "'\(Character(Unicode.Scalar(byte)))'"
        case ..<0x21, 0x7F:
            return Self.codePoint(byte)
        default:
            guard let length = utf8SequenceLength(at: i) else { return "byte 0x\(Self.hex(byte))" }
            return "'\(String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<i + length]), as: UTF8.self))'"
        }
    }

    func failure(_ message: String, at offset: Int) -> JSONParseError {
        JSONParseError(offset: offset, message: message)
    }

    func endOfInput() -> JSONParseError {
        failure("unexpected end of input", at: bytes.count)
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    /// `U+000A` for a byte below 0x80.
    static func codePoint(_ byte: UInt8) -> String {
        "U+00\(hex(byte))"
    }

    /// Two uppercase hex digits.
    static func hex(_ byte: UInt8) -> String {
        let digits = String(byte, radix: 16, uppercase: true)
        return byte < 0x10 ? "0" + digits : digits
    }
}
