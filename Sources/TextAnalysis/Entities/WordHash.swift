/// 64-bit hashes of words, the keys of the entity lexicons: `exact` hashes the bytes as they
/// are, `folded` lower-cases ASCII letters first. Both read a typographic apostrophe (’) as `'`.
///
/// The two are seeded differently so that a folded key never equals an exact one. Two different
/// words sharing a 64-bit hash is the one way a lookup can be wrong; with a few hundred thousand
/// words the chance is about one in 10¹⁰, which the tables accept rather than store every word.
enum WordHash {
    static let exactSeed: UInt64 = 0xCBF2_9CE4_8422_2325
    static let foldedSeed: UInt64 = 0x84_2223_25CB_F29C

    /// The exact and folded hashes of `bytes[range]`, eight bytes at a time; ASCII letters are folded
    /// eight at once (SWAR), and a word holding a typographic apostrophe is hashed as if it held `'`.
    @inline(__always)
    static func hashes(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (exact: UInt64, folded: UInt64) {
        if let chunk = shortASCII(bytes, range) { return hashes(ofShort: chunk, count: range.count) }
        guard let scan = scan(bytes, range) else { return slowHashes(bytes, range) }
        return (scan.exact, scan.folded)
    }

    /// What one pass over an ASCII word's bytes tells: its hashes, as `hashes` gives them, and whether
    /// it holds a hyphen (a word the recognizer may cut).
    struct Scan {
        var exact: UInt64
        var folded: UInt64
        var hasHyphen: Bool
    }

    /// The `Scan` of `bytes[range]`, or `nil` when it holds a non-ASCII byte: a token's hashes and
    /// hyphens in one loop of a few operations per eight bytes. Out of line: the words that need more
    /// than `shortASCII` are few, and inlined it made the token builder's loop too big for the
    /// optimizer to inline the rest of a token's work there.
    @inline(never)
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Scan? {
        if let chunk = shortASCII(bytes, range) {
            let (exact, folded) = hashes(ofShort: chunk, count: range.count)
            return Scan(exact: exact, folded: folded, hasHyphen: hasHyphen(chunk))
        }
        var exact = exactSeed ^ UInt64(truncatingIfNeeded: range.count)
        var folded = foldedSeed ^ UInt64(truncatingIfNeeded: range.count)
        var hyphens = false
        let ascii = forEachChunk(bytes, range) { chunk in
            if chunk & 0x8080_8080_8080_8080 != 0 { return false }
            hyphens = hyphens || hasHyphen(chunk)
            exact = mix(exact ^ chunk)
            folded = mix(folded ^ lowercased(chunk))
            return true
        }
        guard ascii else { return nil }
        return Scan(exact: exact | 1, folded: folded | 1, hasHyphen: hyphens)
    }

    /// The bytes of a word of one to eight ASCII bytes, as a little-endian word with zeros after it,
    /// in one load (`nil` for other words, and at the buffer's last bytes): most words, which it
    /// identifies without hashing.
    @inline(__always)
    static func shortASCII(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64? {
        let count = range.upperBound &- range.lowerBound
        guard let base = bytes.baseAddress, UInt(bitPattern: count &- 1) < 8, range.lowerBound &+ 8 <= bytes.count
        else { return nil }
        let chunk =
            UnsafeRawPointer(base + range.lowerBound).loadUnaligned(as: UInt64.self)
            & (UInt64.max &>> (64 &- 8 &* UInt64(truncatingIfNeeded: count)))
        return chunk & 0x8080_8080_8080_8080 == 0 ? chunk : nil
    }

    /// The hashes of the `count`-byte word `shortASCII` read as `chunk`.
    @inline(__always)
    static func hashes(ofShort chunk: UInt64, count: Int) -> (exact: UInt64, folded: UInt64) {
        (
            mix(exactSeed ^ UInt64(truncatingIfNeeded: count) ^ chunk) | 1,
            mix(foldedSeed ^ UInt64(truncatingIfNeeded: count) ^ lowercased(chunk)) | 1
        )
    }

    /// Whether the ASCII bytes `chunk` hold a hyphen. With every byte below 0x80, adding 0x7F sets a
    /// byte's high bit unless it is 0: no sum carries into the next byte.
    @inline(__always)
    static func hasHyphen(_ chunk: UInt64) -> Bool {
        let xored = chunk ^ 0x2D2D_2D2D_2D2D_2D2D
        return ~((xored &+ 0x7F7F_7F7F_7F7F_7F7F) | xored) & 0x8080_8080_8080_8080 != 0
    }

    /// Whether the ASCII bytes `bytes[range]` hold no lower-case letter and at least two upper-case
    /// ones ("NATO", "U.S.").
    static func isAllCaps(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var lower: UInt64 = 0
        var uppers = 0
        _ = forEachChunk(bytes, range) { chunk in
            // Adding 0x1F sets a byte's high bit when it is at least 0x61 ('a'), adding 0x05 when it is
            // past 0x7A ('z'), and so on for 'A' and 'Z'.
            lower |= (chunk &+ 0x1F1F_1F1F_1F1F_1F1F) & ~(chunk &+ 0x0505_0505_0505_0505)
            let upper = (chunk &+ 0x3F3F_3F3F_3F3F_3F3F) & ~(chunk &+ 0x2525_2525_2525_2525)
            uppers += (upper & 0x8080_8080_8080_8080).nonzeroBitCount
            return true
        }
        return lower & 0x8080_8080_8080_8080 == 0 && uppers >= 2
    }

    /// Calls `body` with the bytes of `bytes[range]` eight at a time, as little-endian words (a last,
    /// shorter chunk padded with zeros), while it returns true; returns whether it always did.
    @inline(__always)
    private static func forEachChunk(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ body: (UInt64) -> Bool
    ) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var index = range.lowerBound
        let end = range.upperBound
        while index < end {
            let count = min(8, end - index)
            var chunk: UInt64 = 0
            if count == 8 {
                chunk = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            } else if index + 8 <= bytes.count {
                // A word's tail, with the buffer going on past it: one load, the bytes after it masked off.
                chunk = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) & (1 &<< (8 * count) &- 1)
            } else {
                for offset in 0..<count { chunk |= UInt64(base[index + offset]) << (8 * offset) }
            }
            guard body(chunk) else { return false }
            index += count
        }
        return true
    }

    /// A word with non-ASCII bytes: "’" (E2 80 99) becomes "'", then the same hashing.
    private static func slowHashes(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (
        exact: UInt64, folded: UInt64
    ) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: range.count) { buffer in
            var count = 0
            var index = range.lowerBound
            while index < range.upperBound {
                if bytes[index] == 0xE2, index + 2 < range.upperBound, bytes[index + 1] == 0x80,
                    bytes[index + 2] == 0x99
                {
                    buffer[count] = 0x27
                    index += 3
                } else {
                    buffer[count] = bytes[index]
                    index += 1
                }
                count += 1
            }
            let normalized = UnsafeBufferPointer(rebasing: buffer[..<count])
            var exact = exactSeed ^ UInt64(count)
            var folded = foldedSeed ^ UInt64(count)
            _ = forEachChunk(normalized, 0..<count) { chunk in
                exact = mix(exact ^ chunk)
                folded = mix(folded ^ lowercased(chunk))
                return true
            }
            return (exact | 1, folded | 1)
        }
    }

    /// The eight bytes with ASCII A–Z turned to a–z, other bytes unchanged.
    @inline(__always)
    static func lowercased(_ chunk: UInt64) -> UInt64 {
        let low = chunk & 0x7F7F_7F7F_7F7F_7F7F
        let atLeastA = low &+ 0x3F3F_3F3F_3F3F_3F3F  // high bit set where byte >= 0x41
        let aboveZ = low &+ 0x2525_2525_2525_2525  // high bit set where byte >= 0x5B
        let upper = atLeastA & ~aboveZ & ~chunk & 0x8080_8080_8080_8080
        return chunk | (upper >> 2)
    }

    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        let product = value.multipliedFullWidth(by: 0x9E37_79B9_7F4A_7C15)
        return product.high ^ product.low
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
        update(key) { $0 = Slot(key: key, value: value) }
    }

    /// Sets the bits `bits` in the value under `key` (0 when absent).
    @inline(__always)
    mutating func formUnion(_ key: UInt64, _ bits: UInt32) {
        update(key) { $0 = Slot(key: key, value: $0.key == 0 ? bits : $0.value | bits) }
    }

    /// Calls `change` with the slot that holds `key`, or with the empty one it goes in (room made
    /// first), which `change` must fill with `key`.
    @inline(__always)
    private mutating func update(_ key: UInt64, _ change: (inout Slot) -> Void) {
        if (count + 1) * 2 > slots.count { grow() }
        let mask = mask
        let added = slots.withUnsafeMutableBufferPointer { slots in
            var index = Self.slot(key, mask)
            while slots[index].key != 0 && slots[index].key != key { index = (index + 1) & mask }
            let isNew = slots[index].key == 0
            change(&slots[index])
            return isNew
        }
        if added { count += 1 }
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

/// A set of word hashes that answers "maybe" for a few words not in it, never "no" for one in it: a
/// bitset indexed by a hash's top bits, which spares a table lookup for most words that are absent.
struct WordFilter: Sendable {
    private var bits: [UInt64]
    private let shift: UInt64

    /// An empty filter of 2^`log2Bits` bits (at least 64); one holding n words answers "maybe" for
    /// about n in 2^`log2Bits` of the others.
    init(log2Bits: Int) {
        let log2Bits = max(6, log2Bits)
        bits = Array(repeating: 0, count: 1 << (log2Bits - 6))
        shift = UInt64(64 - log2Bits)
    }

    mutating func insert(_ hash: UInt64) {
        let bit = Int(truncatingIfNeeded: hash >> shift)
        bits[bit >> 6] |= 1 &<< (bit & 63)
    }

    @inline(__always)
    func contains(_ hash: UInt64) -> Bool {
        let bit = Int(truncatingIfNeeded: hash >> shift)
        return bits[bit >> 6] & (1 &<< (bit & 63)) != 0
    }
}
