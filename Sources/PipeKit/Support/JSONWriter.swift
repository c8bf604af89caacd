/// Writes compact JSON as UTF-8 straight into a byte buffer.
///
/// Foundation's `JSONEncoder` manages about 30 MB/s a core on text-heavy documents; this writer walks each
/// string's UTF-8 once, eight bytes at a time, and copies the runs that need no escaping in bulk.
///
/// Commas are managed for you: call `beginObject()`, then `key(_:)` and a value for each member, then
/// `endObject()`. Values at the top level are not separated; write `raw("\n")` between JSON Lines records.
///
///     var writer = JSONWriter()
///     writer.beginObject()
///     writer.key("text")
///     writer.string(text)
///     writer.endObject()
///     writer.raw("\n")
public struct JSONWriter: Sendable {
    /// The JSON written so far. Take it when done, or `removeAll(keepingCapacity: true)` between records.
    public var bytes: [UInt8]
    /// How many objects and arrays are open: values at depth 0 get no comma after them.
    @usableFromInline var depth = 0
    /// Whether the next value, key or container must be preceded by a comma.
    @usableFromInline var needsComma = false

    /// Creates an empty writer whose buffer can hold `capacity` bytes before it grows.
    public init(capacity: Int = 4096) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Opens an object; follow with `key(_:)` and a value for each member, then `endObject()`.
    @inlinable
    public mutating func beginObject() {
        beginContainer(UInt8(ascii: "{"))
    }

    /// Closes the object opened last.
    @inlinable
    public mutating func endObject() {
        endContainer(UInt8(ascii: "}"))
    }

    /// Opens an array; follow with its values, then `endArray()`.
    @inlinable
    public mutating func beginArray() {
        beginContainer(UInt8(ascii: "["))
    }

    /// Closes the array opened last.
    @inlinable
    public mutating func endArray() {
        endContainer(UInt8(ascii: "]"))
    }

    /// Writes an object member's name and the colon; the member's value comes next.
    @inlinable
    public mutating func key(_ name: StaticString) {
        separate()
        // Literal keys ("start", "text") need no escaping: checked, then copied whole.
        name.withUTF8Buffer { name in
            if name.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                writeQuoted(name)
                bytes.append(UInt8(ascii: ":"))
                return
            }
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: name)
            bytes.append(UInt8(ascii: "\""))
            bytes.append(UInt8(ascii: ":"))
        }
        needsComma = false
    }

    /// Writes an object member's name and the colon; the member's value comes next.
    ///
    /// Disfavored, so that a literal key (`key("start")`) takes the `StaticString` overload and
    /// skips bridging a `String` for every span of every document.
    @_disfavoredOverload
    public mutating func key(_ name: String) {
        separate()
        var name = name
        name.withUTF8 { writeQuoted($0) }
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes a quoted string, escaping what JSON requires and U+2028/U+2029, which JavaScript does not allow.
    public mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { string(utf8: $0) }
    }

    /// Writes a quoted string, escaping what JSON requires and U+2028/U+2029, which JavaScript does not allow.
    public mutating func string(_ s: Substring) {
        var s = s
        s.withUTF8 { string(utf8: $0) }
    }

    /// Writes a quoted string from bytes that must be valid UTF-8, such as a field cut from a JSON Lines record.
    public mutating func string(utf8 text: UnsafeBufferPointer<UInt8>) {
        separate()
        writeQuoted(text)
        finishValue()
    }

    /// Writes an integer in decimal, without making a `String` first.
    public mutating func int(_ v: Int) {
        separate()
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var rest = v.magnitude
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(truncatingIfNeeded: rest % 10) &+ UInt8(ascii: "0")
                rest /= 10
            } while rest != 0
            if v < 0 {
                start -= 1
                digits[start] = UInt8(ascii: "-")
            }
            bytes.append(contentsOf: UnsafeMutableBufferPointer(rebasing: digits[start...]))
        }
        finishValue()
    }

    /// Writes the shortest text that reads back as the same number, as `description` gives (`3.0`, `1e+20`).
    ///
    /// JSON has no infinities or NaN, so those are written as `null`.
    public mutating func double(_ v: Double) {
        guard v.isFinite else { return null() }
        separate()
        bytes.append(contentsOf: v.description.utf8)
        finishValue()
    }

    /// Writes two integer members at once, `"start":12,"end":40`: the offsets of every span, built on
    /// the stack and appended in one piece rather than in eight.
    public mutating func intMembers(_ firstName: StaticString, _ first: Int, _ secondName: StaticString, _ second: Int)
    {
        guard firstName.hasPointerRepresentation, secondName.hasPointerRepresentation,
            firstName.utf8CodeUnitCount + secondName.utf8CodeUnitCount <= 32
        else {
            key(firstName)
            int(first)
            key(secondName)
            int(second)
            return
        }
        separate()
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 96) { buffer in
            let start = buffer.baseAddress!
            var end = Self.put(firstName, at: start)
            end = Self.put(first, at: end)
            end.initialize(to: UInt8(ascii: ","))
            end = Self.put(secondName, at: end + 1)
            end = Self.put(second, at: end)
            bytes.append(contentsOf: UnsafeBufferPointer(start: start, count: end - start))
        }
        finishValue()
    }

    /// Writes `"name":` at `target`; returns the byte after it.
    @inline(__always)
    private static func put(_ name: StaticString, at target: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8>
    {
        target.initialize(to: UInt8(ascii: "\""))
        let count = name.utf8CodeUnitCount
        (target + 1).initialize(from: name.utf8Start, count: count)
        (target + 1 + count).initialize(to: UInt8(ascii: "\""))
        (target + 2 + count).initialize(to: UInt8(ascii: ":"))
        return target + 3 + count
    }

    /// Writes `value` in decimal at `target` (at most 20 bytes); returns the byte after it.
    @inline(__always)
    private static func put(_ value: Int, at target: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var target = target
        if value < 0 {
            target.initialize(to: UInt8(ascii: "-"))
            target += 1
        }
        var rest = value.magnitude
        var digits = 1
        var limit: UInt = 10
        while digits < 19 && rest >= limit {
            digits += 1
            limit &*= 10
        }
        if digits == 19 && rest >= limit { digits = 20 }
        var position = target + digits
        repeat {
            position -= 1
            position.initialize(to: UInt8(truncatingIfNeeded: rest % 10) &+ UInt8(ascii: "0"))
            rest /= 10
        } while rest != 0
        return target + digits
    }

    /// Writes `true` or `false`.
    @inlinable
    public mutating func bool(_ v: Bool) {
        separate()
        if v {
            raw("true")
        } else {
            raw("false")
        }
        finishValue()
    }

    /// Writes `null`.
    @inlinable
    public mutating func null() {
        separate()
        raw("null")
        finishValue()
    }

    /// Writes any value; object keys are sorted by their UTF-8 bytes, so the same value always gives the same text.
    public mutating func value(_ v: JSONValue) {
        switch v {
        case .null:
            null()
        case .bool(let flag):
            bool(flag)
        case .int(let number):
            int(number)
        case .double(let number):
            double(number)
        case .string(let text):
            string(text)
        case .array(let elements):
            beginArray()
            for element in elements {
                value(element)
            }
            endArray()
        case .object(let members):
            beginObject()
            for (name, member) in members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
                key(name)
                value(member)
            }
            endObject()
        }
    }

    /// Appends bytes as they are, such as the newline between records; commas are not affected.
    @inlinable
    public mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends bytes as they are, such as JSON already written elsewhere; commas are not affected.
    @inlinable
    public mutating func raw(_ more: some Sequence<UInt8>) {
        bytes.append(contentsOf: more)
    }

    /// Writes the comma that goes before a value, key or container, if one does.
    @inlinable
    mutating func separate() {
        if needsComma {
            bytes.append(UInt8(ascii: ","))
        }
    }

    /// Records that a value was written: a comma goes before the next one, unless at the top level.
    @inlinable
    mutating func finishValue() {
        needsComma = depth != 0
    }

    @inlinable
    mutating func beginContainer(_ bracket: UInt8) {
        separate()
        bytes.append(bracket)
        depth += 1
        needsComma = false
    }

    @inlinable
    mutating func endContainer(_ bracket: UInt8) {
        assert(depth > 0, "JSONWriter: closing a container that was never opened")
        bytes.append(bracket)
        depth -= 1
        finishValue()
    }

    /// Writes `text` between quotes, copying runs that need no escaping in bulk.
    @usableFromInline
    mutating func writeQuoted(_ text: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        guard let base = text.baseAddress else {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        let count = text.count
        var runStart = 0
        var i = 0
        while true {
            // Skip eight bytes at a time while none of them needs a look; the mask's lowest byte is exact.
            while i &+ 8 <= count {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                let attention =
                    ByteWord.below(0x20, in: word) | ByteWord.equal(UInt8(ascii: "\""), in: word)
                    | ByteWord.equal(UInt8(ascii: "\\"), in: word) | ByteWord.equal(0xE2, in: word)
                if attention != 0 {
                    i &+= attention.trailingZeroBitCount &>> 3
                    break
                }
                i &+= 8
            }
            while i < count, !Self.needsLook(base[i]) {
                i &+= 1
            }
            guard i < count else { break }
            let byte = base[i]
            if byte == 0xE2 {
                // U+2028 and U+2029 are E2 80 A8 and E2 80 A9; other characters starting with E2 (’ “ ” …) pass.
                guard i &+ 2 < count, base[i &+ 1] == 0x80, base[i &+ 2] & 0xFE == 0xA8 else {
                    i &+= 1
                    continue
                }
                bytes.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: i &- runStart))
                raw(base[i &+ 2] == 0xA8 ? "\\u2028" : "\\u2029")
                i &+= 3
            } else {
                bytes.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: i &- runStart))
                writeEscape(byte)
                i &+= 1
            }
            runStart = i
        }
        bytes.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: count &- runStart))
        bytes.append(UInt8(ascii: "\""))
    }

    /// Whether a byte must be escaped, or may start U+2028 or U+2029.
    private static func needsLook(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0xE2
    }

    /// Writes the escape for a quote, a backslash or a control character.
    private mutating func writeEscape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): raw("\\\"")
        case UInt8(ascii: "\\"): raw("\\\\")
        case 0x0A: raw("\\n")
        case 0x0D: raw("\\r")
        case 0x09: raw("\\t")
        case 0x08: raw("\\b")
        case 0x0C: raw("\\f")
        default:
            raw("\\u00")
            bytes.append(ByteWord.hexDigit(byte &>> 4))
            bytes.append(ByteWord.hexDigit(byte & 0x0F))
        }
    }
}

/// Tests on eight bytes at once, packed little-endian in a `UInt64`, for the writer's and the parser's string scans.
///
/// Each test sets the high bit of every byte that matches. A borrow can also flag a byte above a real match, so
/// only the lowest flagged byte is exact, which is all a scan needs: skip to it, then look byte by byte.
enum ByteWord {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Flags the bytes less than `limit`, which must be at most 0x80.
    @inline(__always)
    static func below(_ limit: UInt8, in word: UInt64) -> UInt64 {
        (word &- ones &* UInt64(limit)) & ~word & highBits
    }

    /// Flags the bytes equal to `byte`.
    @inline(__always)
    static func equal(_ byte: UInt8, in word: UInt64) -> UInt64 {
        below(1, in: word ^ (ones &* UInt64(byte)))
    }

    /// Flags the bytes 0x80 and above: those outside ASCII.
    @inline(__always)
    static func nonASCII(in word: UInt64) -> UInt64 {
        word & highBits
    }

    /// The lowercase ASCII hex digit for a value below 16.
    static func hexDigit(_ value: UInt8) -> UInt8 {
        value < 10 ? UInt8(ascii: "0") &+ value : UInt8(ascii: "a") &+ (value &- 10)
    }
}
