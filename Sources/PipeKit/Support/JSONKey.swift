/// An object member's name as the bytes a writer puts down, `"start":`, worked out once.
///
/// Writing one is three word stores, where `JSONWriter.key(_:)` looks at every byte of the name each time: for the
/// names a record writes over and over (a document's spans, entities and scores).
struct JSONKey: Sendable {
    /// The longest name a key holds: with its quotes and colon, it fills the three words.
    static let longestName = 21

    /// `"name":`, little-endian, zero past `count`.
    private let words: (UInt64, UInt64, UInt64)
    private let count: Int

    /// The key `name`: at most `longestName` bytes, none of which needs escaping.
    init(_ name: StaticString) {
        precondition(name.utf8CodeUnitCount <= Self.longestName, "JSONKey: '\(name)' is too long")
        var bytes = [UInt8](repeating: 0, count: 24)
        bytes[0] = UInt8(ascii: "\"")
        name.withUTF8Buffer { name in
            for (index, byte) in name.enumerated() {
                precondition(byte >= 0x20 && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\"))
                bytes[1 + index] = byte
            }
        }
        bytes[1 + name.utf8CodeUnitCount] = UInt8(ascii: "\"")
        bytes[2 + name.utf8CodeUnitCount] = UInt8(ascii: ":")
        count = name.utf8CodeUnitCount + 3
        words = bytes.withUnsafeBytes { raw in
            (
                UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)),
                UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
                UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
            )
        }
    }

    /// Stores the key at `target`, which must have room for 24 bytes; returns the byte after it.
    @inline(__always)
    func put(at target: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        let raw = UnsafeMutableRawPointer(target)
        raw.storeBytes(of: words.0.littleEndian, as: UInt64.self)
        raw.storeBytes(of: words.1.littleEndian, toByteOffset: 8, as: UInt64.self)
        raw.storeBytes(of: words.2.littleEndian, toByteOffset: 16, as: UInt64.self)
        return target + count
    }
}

extension JSONWriter {
    /// Writes an object member's name and the colon; the member's value comes next.
    @inline(__always)
    mutating func key(_ key: JSONKey) {
        used = key.put(at: reserveAfterComma(24)) - storage.base
        needsComma = false
    }

    /// Writes two integer members at once, `"start":12,"end":40`: the offsets of every span, stored with one
    /// check for room rather than four.
    @inline(__always)
    mutating func intMembers(_ firstKey: JSONKey, _ first: Int, _ secondKey: JSONKey, _ second: Int) {
        // A comma, two keys stored as 24 bytes, two numbers and the comma between them.
        var target = reserveAfterComma(49 + 2 * Self.numberRoom)
        target = Self.put(first, at: firstKey.put(at: target))
        target.initialize(to: UInt8(ascii: ","))
        used = Self.put(second, at: secondKey.put(at: target + 1)) - storage.base
        finishValue()
    }
}
