/// 64-bit FNV-1a hashes of words, the keys of the entity lexicons: `exact` hashes the bytes as they
/// are, `folded` lower-cases ASCII letters first. Both read a typographic apostrophe (’) as `'`.
///
/// The two are seeded differently so that a folded key never equals an exact one. Two different
/// words sharing a 64-bit hash is the one way a lookup can be wrong; with a few hundred thousand
/// words the chance is about one in 10¹⁰, which the tables accept rather than store every word.
enum WordHash {
    static let exactSeed: UInt64 = 0xCBF2_9CE4_8422_2325
    static let foldedSeed: UInt64 = 0x84_2223_25CB_F29C

    /// The exact and folded hashes of `bytes[range]`.
    @inline(__always)
    static func hashes(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (exact: UInt64, folded: UInt64) {
        var exact = exactSeed
        var folded = foldedSeed
        var index = range.lowerBound
        let end = range.upperBound
        while index < end {
            var byte = bytes[index]
            if byte == 0xE2, index + 2 < end, bytes[index + 1] == 0x80, bytes[index + 2] == 0x99 {
                byte = 0x27
                index += 2
            }
            exact = (exact ^ UInt64(byte)) &* 0x100_0000_01B3
            let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
            folded = (folded ^ UInt64(lower)) &* 0x100_0000_01B3
            index += 1
        }
        return (exact | 1, folded | 1)
    }

    /// The hashes of a whole string's bytes.
    static func hashes(_ text: String) -> (exact: UInt64, folded: UInt64) {
        var text = text
        return text.withUTF8 { hashes($0, 0..<$0.count) }
    }
}

/// An open-addressing hash table from a 64-bit key (never 0) to a 32-bit value: the lexicons'
/// vocabularies and trie edges, a few hundred thousand entries, looked up for every token. Key and
/// value share a slot, so a lookup that misses the cache misses it once.
struct HashTable64: Sendable {
    private struct Slot {
        var key: UInt64
        var value: UInt32
    }

    private var slots: [Slot]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: Slot(key: 0, value: 0), count: size)
        mask = size - 1
    }

    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// The value under `key`, or `nil`.
    @inline(__always)
    func value(_ key: UInt64) -> UInt32? {
        slots.withUnsafeBufferPointer { slots in
            var index = Self.slot(key, mask)
            while true {
                let slot = slots[index]
                if slot.key == key { return slot.value }
                if slot.key == 0 { return nil }
                index = (index + 1) & mask
            }
        }
    }

    /// Sets `key` to `value`.
    mutating func set(_ key: UInt64, _ value: UInt32) {
        if (count + 1) * 2 > slots.count { grow() }
        var index = Self.slot(key, mask)
        while slots[index].key != 0 && slots[index].key != key { index = (index + 1) & mask }
        if slots[index].key == 0 { count += 1 }
        slots[index] = Slot(key: key, value: value)
    }

    /// The value under `key`, or `make()` stored under it.
    mutating func value(_ key: UInt64, orInsert make: () -> UInt32) -> UInt32 {
        if let found = value(key) { return found }
        let made = make()
        set(key, made)
        return made
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(key: 0, value: 0), count: old.count * 2)
        mask = slots.count - 1
        count = 0
        for slot in old where slot.key != 0 { set(slot.key, slot.value) }
    }
}
