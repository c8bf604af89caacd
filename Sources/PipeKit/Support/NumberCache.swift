/// The digits of recently written numbers, by bit pattern, in 64 slots: finding the shortest digits of a
/// `Double` takes some 500 instructions, a hit here some twenty.
struct NumberCache: Sendable {
    private static let slots = 64
    /// Each slot's number, as bits; a NaN (never cached) marks an empty slot.
    private var keys: [UInt64] = []
    /// Each slot's length and digits: `room` bytes a slot, the first the length.
    private var digits: [UInt8] = []

    private static func slot(_ bits: UInt64) -> Int { Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) &>> 58) }

    /// Stores the digits of `value` at `target` when cached; their length.
    func lookUp(_ value: Double, into target: UnsafeMutablePointer<UInt8>) -> Int? {
        let bits = value.bitPattern
        let slot = Self.slot(bits)
        guard !keys.isEmpty, keys[slot] == bits else { return nil }
        return digits.withUnsafeBufferPointer { digits in
            let start = slot &* DigitStream.room
            let count = Int(digits[start])
            target.initialize(from: digits.baseAddress! + start + 1, count: count)
            return count
        }
    }

    /// Caches the `count` digits of `value` stored at `source`.
    mutating func remember(_ value: Double, _ source: UnsafeMutablePointer<UInt8>, count: Int) {
        guard count < DigitStream.room else { return }
        if keys.isEmpty {
            keys = Array(repeating: Double.nan.bitPattern, count: Self.slots)
            digits = Array(repeating: 0, count: Self.slots * DigitStream.room)
        }
        let slot = Self.slot(value.bitPattern)
        keys[slot] = value.bitPattern
        digits.withUnsafeMutableBufferPointer { digits in
            let start = slot &* DigitStream.room
            digits[start] = UInt8(count)
            (digits.baseAddress! + start + 1).update(from: source, count: count)
        }
    }
}

/// Takes the digits of a number (`Double.write(to:)`) into room a writer reserved.
struct DigitStream: TextOutputStream {
    /// Room for the longest number `Double` writes (`-2.2250738585072014e-308` is 24 bytes).
    static let room = 32
    let target: UnsafeMutablePointer<UInt8>
    /// Bytes written; more than `room` when they did not fit (and were not stored).
    var count = 0

    mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { _writeASCII($0) }
    }

    /// What `Double.write(to:)` calls with its digits, sparing a `String`.
    mutating func _writeASCII(_ buffer: UnsafeBufferPointer<UInt8>) {
        if let source = buffer.baseAddress, count &+ buffer.count <= Self.room {
            (target + count).initialize(from: source, count: buffer.count)
        }
        count &+= buffer.count
    }
}
