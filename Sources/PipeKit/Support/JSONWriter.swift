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
    /// The bytes, in a buffer of its own rather than an `[UInt8]`: each write checks for room once and then stores
    /// through a pointer, where `Array.append` checked uniqueness and capacity for every piece of every value.
    @usableFromInline var storage: ByteStorage
    /// Bytes written: kept here, not in the storage object, so that no write pays for a class's dynamic
    /// exclusivity check.
    @usableFromInline var used = 0
    /// How many objects and arrays are open: values at depth 0 get no comma after them.
    @usableFromInline var depth = 0
    /// Whether the next value, key or container must be preceded by a comma.
    @usableFromInline var needsComma = false
    /// Where the room `withRoom(_:_:)` reserved ends: writes up to here need no check; 0 outside it.
    @usableFromInline var reservedEnd = 0
    /// The digits of numbers written lately: an entity's confidence is one of a few values.
    var numbers = NumberCache()

    /// Creates an empty writer whose buffer can hold `capacity` bytes before it grows.
    public init(capacity: Int = 4096) {
        storage = ByteStorage(capacity: capacity)
    }

    /// The JSON written so far, as an array (a copy). A sink that writes record after record should use
    /// `withBytes` and `removeAll()` instead, which copy nothing.
    public var bytes: [UInt8] {
        get { withBytes { Array($0) } }
        set {
            removeAll()
            newValue.withUnsafeBufferPointer { append($0) }
        }
    }

    /// How many bytes have been written.
    public var count: Int { used }

    /// Lends the JSON written so far.
    public func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(start: storage.base, count: used))
    }

    /// Forgets what was written, keeping the buffer, to write the next record.
    public mutating func removeAll() {
        if !isKnownUniquelyReferenced(&storage) { storage = ByteStorage(capacity: storage.capacity) }
        used = 0
    }

    /// Hands over what was written as a writer of its own, and starts this one afresh with a new buffer about
    /// the size of that record and the number cache it has built: for a writer that encodes record after record
    /// when each record must outlive the next (records encoded on workers, written later by a sink).
    public mutating func takeRecord() -> JSONWriter {
        var record = self
        record.numbers = NumberCache()
        storage = ByteStorage(capacity: used + used / 8)
        used = 0
        depth = 0
        needsComma = false
        return record
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
    ///
    /// Inlined, so that a literal name's bytes and its check are known where it is written.
    @inline(__always)
    public mutating func key(_ name: StaticString) {
        // Literal keys ("start", "text") need no escaping: copied with the comma before them, and checked as
        // they are copied.
        let count = name.utf8CodeUnitCount
        if name.hasPointerRepresentation {
            let start = reserve(count &+ 4)
            var target = start
            if needsComma {
                target.initialize(to: UInt8(ascii: ","))
                target += 1
            }
            if let end = Self.putPlain(name, at: target) {
                used = end - storage.base
                needsComma = false
                return
            }
        }
        name.withUTF8Buffer { writeQuoted($0) }
        append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes an object member's name and the colon; the member's value comes next.
    ///
    /// Disfavored, so that a literal key (`key("start")`) takes the `StaticString` overload and
    /// skips bridging a `String` for every span of every document.
    @_disfavoredOverload
    public mutating func key(_ name: String) {
        var name = name
        name.withUTF8 { writeQuoted($0) }
        append(UInt8(ascii: ":"))
        needsComma = false
    }

    /// Writes a quoted string, escaping what JSON requires and U+2028/U+2029, which JavaScript does not allow.
    public mutating func string(_ s: String) {
        // Lent where it is, without the copy `withUTF8` makes to be able to make the string contiguous.
        if s.utf8.withContiguousStorageIfAvailable({ string(utf8: $0) }) == nil {
            var s = s
            s.withUTF8 { string(utf8: $0) }
        }
    }

    /// Writes a quoted string, escaping what JSON requires and U+2028/U+2029, which JavaScript does not allow.
    public mutating func string(_ s: Substring) {
        var s = s
        s.withUTF8 { string(utf8: $0) }
    }

    /// Writes a quoted string from bytes that must be valid UTF-8, such as a field cut from a JSON Lines record.
    public mutating func string(utf8 text: UnsafeBufferPointer<UInt8>) {
        writeQuoted(text)
        finishValue()
    }

    /// Writes an integer in decimal, without making a `String` first.
    public mutating func int(_ v: Int) {
        let target = reserveAfterComma(Self.numberRoom)
        used = Self.put(v, at: target) - storage.base
        finishValue()
    }

    /// Writes the shortest text that reads back as the same number, as `description` gives (`3.0`, `1e+20`).
    ///
    /// JSON has no infinities or NaN, so those are written as `null`. The digits come through
    /// `TextOutputStreamable`, which hands them over as bytes: `description` made a `String`, on the heap
    /// when longer than 15 bytes, as most scores are.
    public mutating func double(_ v: Double) {
        guard v.isFinite else { return null() }
        let target = reserveAfterComma(DigitStream.room)
        used = target - storage.base
        if let length = numbers.lookUp(v, into: target) {
            used &+= length
        } else {
            var stream = DigitStream(target: target)
            v.write(to: &stream)
            if stream.count <= DigitStream.room {
                numbers.remember(v, target, count: stream.count)
                used &+= stream.count
            } else {
                raw(v.description.utf8)
            }
        }
        finishValue()
    }

    /// Writes `"name":` at `target`, byte by byte (a `memcpy` call costs more than a short name); returns the
    /// byte after it, or `nil` when the name needs escaping, which a literal key never does.
    @inline(__always)
    private static func putPlain(_ name: StaticString, at target: UnsafeMutablePointer<UInt8>)
        -> UnsafeMutablePointer<UInt8>?
    {
        target.initialize(to: UInt8(ascii: "\""))
        let source = name.utf8Start
        let count = name.utf8CodeUnitCount
        var index = 0
        while index < count {
            let byte = source[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return nil }
            (target + 1 + index).initialize(to: byte)
            index &+= 1
        }
        (target + 1 + count).initialize(to: UInt8(ascii: "\""))
        (target + 2 + count).initialize(to: UInt8(ascii: ":"))
        return target + 3 + count
    }

    /// Writes `value` in decimal at `target`; returns the byte after it. Needs room for `numberRoom` bytes: the
    /// digits are made from the end of a 20-byte field, two at a time from a table of the hundred pairs (half the
    /// divisions of one at a time, and no count of the digits first), then moved to the field's start as three
    /// words.
    @inline(__always)
    static func put(_ value: Int, at target: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var target = target
        if value < 0 {
            target.initialize(to: UInt8(ascii: "-"))
            target += 1
        }
        var rest = value.magnitude
        let pairs = Self.digitPairs.utf8Start
        let end = target + 20
        var position = end
        while rest >= 10 {
            let pair = Int(truncatingIfNeeded: rest % 100) &* 2
            rest /= 100
            position -= 2
            position.initialize(to: pairs[pair])
            (position + 1).initialize(to: pairs[pair &+ 1])
        }
        if rest > 0 || position == end {
            position -= 1
            position.initialize(to: UInt8(truncatingIfNeeded: rest) &+ UInt8(ascii: "0"))
        }
        let digits = UnsafeRawPointer(position)
        let words = (
            digits.loadUnaligned(as: UInt64.self), digits.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
            digits.loadUnaligned(fromByteOffset: 16, as: UInt64.self)
        )
        let moved = UnsafeMutableRawPointer(target)
        moved.storeBytes(of: words.0, as: UInt64.self)
        moved.storeBytes(of: words.1, toByteOffset: 8, as: UInt64.self)
        moved.storeBytes(of: words.2, toByteOffset: 16, as: UInt64.self)
        return target + (end - position)
    }

    /// The room `put(_:at:)` needs: a sign, a field of 20 digits, and the three words read from the field.
    static let numberRoom = 45

    /// "00", "01", … "99", one after the other.
    private static let digitPairs: StaticString = """
        0001020304050607080910111213141516171819\
        2021222324252627282930313233343536373839\
        4041424344454647484950515253545556575859\
        6061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """

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
        s.withUTF8Buffer { append($0) }
    }

    /// Appends bytes as they are, such as JSON already written elsewhere; commas are not affected.
    @inlinable
    public mutating func raw(_ more: some Sequence<UInt8>) {
        let done: Void? = more.withContiguousStorageIfAvailable { append($0) }
        if done == nil {
            for byte in more { append(byte) }
        }
    }

    /// Room for `count` more bytes, unshared: where they go. Set `used` past what was stored.
    @usableFromInline @inline(__always)
    mutating func reserve(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        if used &+ count > reservedEnd, !isKnownUniquelyReferenced(&storage) || storage.capacity &- used < count {
            storage = storage.copy(count: used, capacity: max(used &+ count, storage.capacity &* 2))
        }
        return storage.base + used
    }

    /// Runs `body`, whose writes skip their checks for room and sharing while they stay within `bound` bytes:
    /// checked once here, where each check is a call into the runtime. For the small objects a record holds
    /// many of (a span, an entity); writes past the bound are checked as usual. `body` must not copy the writer.
    @inline(__always)
    mutating func withRoom(_ bound: Int, _ body: (inout JSONWriter) -> Void) {
        _ = reserve(bound)
        reservedEnd = used &+ bound
        body(&self)
        reservedEnd = 0
    }

    /// Appends one byte.
    @usableFromInline @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1).initialize(to: byte)
        used &+= 1
    }

    /// Appends bytes as they are.
    @usableFromInline
    mutating func append(_ more: UnsafeBufferPointer<UInt8>) {
        guard let source = more.baseAddress, !more.isEmpty else { return }
        reserve(more.count).initialize(from: source, count: more.count)
        used &+= more.count
    }

    /// Writes the comma that goes before a value, key or container, if one does.
    @inlinable
    mutating func separate() {
        if needsComma {
            append(UInt8(ascii: ","))
        }
    }

    /// Records that a value was written: a comma goes before the next one, unless at the top level.
    @inlinable
    mutating func finishValue() {
        needsComma = depth != 0
    }

    @inlinable
    mutating func beginContainer(_ bracket: UInt8) {
        let target = reserveAfterComma(1)
        target.initialize(to: bracket)
        used = target + 1 - storage.base
        depth += 1
        needsComma = false
    }

    @inlinable
    mutating func endContainer(_ bracket: UInt8) {
        assert(depth > 0, "JSONWriter: closing a container that was never opened")
        append(bracket)
        depth -= 1
        finishValue()
    }

    /// Writes `text` between quotes, with the comma before it if one is due, copying eight bytes at a time while
    /// none of them needs escaping.
    ///
    /// Room for the longest escaping (six bytes for one, `\u001f`) and for a word stored past the last byte is
    /// reserved once, so the scan stores through a pointer without further checks.
    @usableFromInline
    mutating func writeQuoted(_ text: UnsafeBufferPointer<UInt8>) {
        var none = EscapeMap?.none
        writeQuoted(text, recording: &none)
    }

    /// Writes a quoted string and keeps where it went and where it was escaped, so that `copyString(from:_:_:)`
    /// can write a part of it again without scanning it again: how a record's sentences repeat its text.
    public mutating func string(utf8 text: UnsafeBufferPointer<UInt8>, escapes: inout EscapeMap?) {
        escapes = EscapeMap(count: text.count)
        writeQuoted(text, recording: &escapes)
        finishValue()
    }

    /// Writes bytes `start..<end` of a string written by `string(utf8:escapes:)` as a string of their own,
    /// copied from the escaped text. Both ends must fall on the starts of scalars (or the end). Cheapest when
    /// calls come in the order of `start`.
    public mutating func copyString(from escapes: inout EscapeMap, _ start: Int, _ end: Int) {
        let from = escapes.written &+ start &+ escapes.extraBytes(before: start)
        let to = escapes.written &+ end &+ escapes.extraBytes(before: end)
        var target = reserveAfterComma(to &- from &+ 2)
        target.initialize(to: UInt8(ascii: "\""))
        target += 1
        target.initialize(from: storage.base + from, count: to &- from)
        target += to &- from
        target.initialize(to: UInt8(ascii: "\""))
        used = target + 1 - storage.base
        finishValue()
    }

    /// Room for the comma that goes before a value, key or container, if one does, and `count` more bytes, unshared:
    /// where the bytes after the comma go. The comma is stored either way and kept only when due, with no branch.
    @usableFromInline @inline(__always)
    mutating func reserveAfterComma(_ count: Int) -> UnsafeMutablePointer<UInt8> {
        let target = reserve(count &+ 1)
        target.initialize(to: UInt8(ascii: ","))
        return target + (needsComma ? 1 : 0)
    }

    @inline(__always)
    mutating func writeQuoted(_ text: UnsafeBufferPointer<UInt8>, recording escapes: inout EscapeMap?) {
        let count = text.count
        var target = reserveAfterComma(count &* 6 &+ 9)
        target.initialize(to: UInt8(ascii: "\""))
        target += 1
        escapes?.written = target - storage.base
        if let base = text.baseAddress {
            var i = 0
            while i < count {
                // Copy sixteen bytes at a time while none of them needs a look, then eight; the eight-byte mask's
                // lowest byte is exact. A vector or word is stored whole even when only its first bytes are clean:
                // the bytes after them are written again, and the room reserved covers the store.
                while i &+ 16 <= count {
                    let vector = UnsafeRawPointer(base + i).loadUnaligned(as: ByteVector.self)
                    UnsafeMutableRawPointer(target).storeBytes(of: vector, as: ByteVector.self)
                    if let lane = ByteVector.firstLane(Self.attention(vector)) {
                        target += lane
                        i &+= lane
                        break
                    }
                    target += 16
                    i &+= 16
                }
                while i &+ 16 > count, i &+ 8 <= count {
                    let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                    let attention = Self.attention(word)
                    UnsafeMutableRawPointer(target).storeBytes(of: word, as: UInt64.self)
                    if attention != 0 {
                        let clean = attention.trailingZeroBitCount &>> 3
                        target += clean
                        i &+= clean
                        break
                    }
                    target += 8
                    i &+= 8
                }
                if i < count, i &+ 8 > count, count >= 8 {
                    // Fewer than eight bytes left: the last eight of the text, shifted past those already copied.
                    let shift = (i &+ 8 &- count) &* 8
                    let word = UnsafeRawPointer(base + (count &- 8)).loadUnaligned(as: UInt64.self) &>> shift
                    let attention = Self.attention(word) & (UInt64.max &>> shift)
                    UnsafeMutableRawPointer(target).storeBytes(of: word, as: UInt64.self)
                    let clean = attention == 0 ? count &- i : attention.trailingZeroBitCount &>> 3
                    target += clean
                    i &+= clean
                }
                while i < count, !Self.needsLook(base[i]) {
                    target.initialize(to: base[i])
                    target += 1
                    i &+= 1
                }
                guard i < count else { break }
                let byte = base[i]
                if byte == 0xE2 {
                    // U+2028 and U+2029 are E2 80 A8 and E2 80 A9; other characters starting with E2 (’ “ ” …) pass.
                    guard i &+ 2 < count, base[i &+ 1] == 0x80, base[i &+ 2] & 0xFE == 0xA8 else {
                        target.initialize(to: byte)
                        target += 1
                        i &+= 1
                        continue
                    }
                    target = Self.putRaw(base[i &+ 2] == 0xA8 ? "\\u2028" : "\\u2029", at: target)
                    escapes?.add(source: i, extra: 3)
                    i &+= 3
                } else {
                    let escaped = Self.putEscape(byte, at: target)
                    escapes?.add(source: i, extra: escaped - target - 1)
                    target = escaped
                    i &+= 1
                }
            }
        }
        target.initialize(to: UInt8(ascii: "\""))
        used = target + 1 - storage.base
    }

    /// Flags the bytes of a vector that must be escaped or may start U+2028 or U+2029.
    @inline(__always)
    private static func attention(_ vector: ByteVector) -> ByteVector.Mask {
        (vector .< ByteVector.splat(0x20)) .| (vector .== ByteVector.splat(UInt8(ascii: "\"")))
            .| (vector .== ByteVector.splat(UInt8(ascii: "\\"))) .| (vector .== ByteVector.splat(0xE2))
    }

    /// Flags the bytes of a word that must be escaped or may start U+2028 or U+2029; only the lowest is exact.
    @inline(__always)
    private static func attention(_ word: UInt64) -> UInt64 {
        ByteWord.below(0x20, in: word) | ByteWord.equal(UInt8(ascii: "\""), in: word)
            | ByteWord.equal(UInt8(ascii: "\\"), in: word) | ByteWord.equal(0xE2, in: word)
    }

    /// Whether a byte must be escaped, or may start U+2028 or U+2029.
    private static func needsLook(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0xE2
    }

    /// Stores `text` at `target`; returns the byte after it.
    @inline(__always)
    private static func putRaw(_ text: StaticString, at target: UnsafeMutablePointer<UInt8>)
        -> UnsafeMutablePointer<UInt8>
    {
        target.initialize(from: text.utf8Start, count: text.utf8CodeUnitCount)
        return target + text.utf8CodeUnitCount
    }

    /// Stores the escape for a quote, a backslash or a control character (at most six bytes); returns the byte
    /// after it.
    private static func putEscape(_ byte: UInt8, at target: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8>
    {
        switch byte {
        case UInt8(ascii: "\""): return putRaw("\\\"", at: target)
        case UInt8(ascii: "\\"): return putRaw("\\\\", at: target)
        case 0x0A: return putRaw("\\n", at: target)
        case 0x0D: return putRaw("\\r", at: target)
        case 0x09: return putRaw("\\t", at: target)
        case 0x08: return putRaw("\\b", at: target)
        case 0x0C: return putRaw("\\f", at: target)
        default:
            let end = putRaw("\\u00", at: target)
            end.initialize(to: ByteWord.hexDigit(byte &>> 4))
            (end + 1).initialize(to: ByteWord.hexDigit(byte & 0x0F))
            return end + 2
        }
    }
}

/// Sixteen bytes tested at once with the vector unit, for the writer's string scan.
///
/// Comparisons compile to one vector instruction each only when every operand is spelled as this type: a vector
/// whose type is left to inference from a literal falls back to a loop over the lanes. Hence `splat`.
typealias ByteVector = SIMD16<UInt8>

extension ByteVector {
    typealias Mask = SIMDMask<SIMD16<Int8>>

    @inline(__always)
    static func splat(_ byte: UInt8) -> ByteVector { ByteVector(repeating: byte) }

    /// The first lane set in `mask`, if any: a lane is all ones or all zeros, so each 64-bit half's lowest set bit
    /// names its byte.
    @inline(__always)
    static func firstLane(_ mask: Mask) -> Int? {
        let halves = unsafeBitCast(mask, to: SIMD2<UInt64>.self)
        if halves[0] != 0 { return halves[0].trailingZeroBitCount &>> 3 }
        if halves[1] != 0 { return 8 &+ halves[1].trailingZeroBitCount &>> 3 }
        return nil
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
