/// A hash table from words (byte strings, compared byte for byte) to values, for the term
/// vocabulary: open addressing over one byte buffer, so a known word costs a hash of its bytes,
/// read eight at a time, one probe and one comparison, with no allocation. A word of eight bytes
/// or fewer (most English words) is hashed and compared in one step.
struct WordTable<Value: Sendable>: Sendable {
    /// One word: its first eight bytes (zero-padded), where all its bytes are in `bytes`, and its
    /// value.
    private struct Entry {
        var head: UInt64
        var start: Int32
        var count: Int32
        var value: Value
    }

    private var slots: [Int32]
    private var mask: Int
    private var entries: [Entry] = []
    private var bytes: [UInt8] = []

    init() {
        slots = Array(repeating: -1, count: 1 << 12)
        mask = slots.count - 1
    }

    /// How many words the table holds.
    var count: Int { entries.count }

    /// The value of the word at `range` of `text`, or nil if the table does not hold it.
    func value(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Value? {
        withUnsafeTemporaryAllocation(of: Range<Int>.self, capacity: 1) { ranges in
            withUnsafeTemporaryAllocation(of: Value.self, capacity: 1) { found in
                ranges.initializeElement(at: 0, to: range)
                let known = values(UnsafeBufferPointer(ranges), from: 0, in: text, into: found.baseAddress!) == 1
                return known ? found.moveElement(from: 0) : nil
            }
        }
    }

    /// The values of the words at `ranges[start...]` of `text`, into `values` at the same
    /// indices, up to the first word the table does not hold: returns its index, or
    /// `ranges.count` when it holds them all.
    @inline(never)
    func values(
        _ ranges: UnsafeBufferPointer<Range<Int>>, from start: Int, in text: UnsafeBufferPointer<UInt8>,
        into values: UnsafeMutablePointer<Value>
    ) -> Int {
        slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                let mask = mask
                for index in start..<ranges.count {
                    let range = ranges[index]
                    let count = range.upperBound &- range.lowerBound
                    let head = Self.chunk(text, range.lowerBound, range.upperBound)
                    var hash = Self.mix(head, UInt64(truncatingIfNeeded: count))
                    if count > 8 { hash = Self.hashTail(text, range, hash) }
                    // The hash picks the slot; the head and length (and the tail of a longer word) decide.
                    var slot = Int(truncatingIfNeeded: hash &>> 40) & mask
                    var found = slots[slot]
                    while found >= 0 {
                        let entry = entries[Int(truncatingIfNeeded: found)]
                        if entry.head == head && Int(entry.count) == count
                            && (count <= 8 || matchesTail(entry, text, range))
                        {
                            break
                        }
                        slot = (slot &+ 1) & mask
                        found = slots[slot]
                    }
                    guard found >= 0 else { return index }
                    values[index] = entries[Int(truncatingIfNeeded: found)].value
                }
                return ranges.count
            }
        }
    }

    /// Adds `word`, which the table does not hold.
    mutating func insert(_ word: UnsafeBufferPointer<UInt8>, _ value: Value) {
        entries.append(
            Entry(
                head: Self.chunk(word, 0, word.count), start: Int32(bytes.count), count: Int32(word.count), value: value
            ))
        bytes.append(contentsOf: word)
        if entries.count * 2 > slots.count {
            slots = Array(repeating: -1, count: slots.count * 2)
            mask = slots.count - 1
            for index in entries.indices { place(index) }
        } else {
            place(entries.count - 1)
        }
    }

    /// Puts entry `index` in the first free slot from its hash.
    private mutating func place(_ index: Int) {
        let entry = entries[index]
        let hash = bytes.withUnsafeBufferPointer { bytes in
            let range = Int(entry.start)..<Int(entry.start + entry.count)
            let hash = Self.mix(entry.head, UInt64(truncatingIfNeeded: range.count))
            return range.count > 8 ? Self.hashTail(bytes, range, hash) : hash
        }
        var slot = Int(truncatingIfNeeded: hash &>> 40) & mask
        while slots[slot] >= 0 { slot = (slot &+ 1) & mask }
        slots[slot] = Int32(index)
    }

    /// `hash` with the bytes of a word of more than eight bytes after its first eight.
    @inline(never)
    private static func hashTail(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ hash: UInt64) -> UInt64 {
        var hash = hash
        var offset = range.lowerBound &+ 8
        while offset < range.upperBound {
            hash = mix(hash, chunk(text, offset, range.upperBound))
            offset &+= 8
        }
        return hash
    }

    /// The (up to) eight bytes of `text` from `offset` before `end`, as a little-endian integer
    /// padded with zeros.
    @inline(__always)
    private static func chunk(_ text: UnsafeBufferPointer<UInt8>, _ offset: Int, _ end: Int) -> UInt64 {
        let count = min(end &- offset, 8)
        guard offset &+ 8 <= text.count else {
            var value: UInt64 = 0
            for index in 0..<count {
                value |= UInt64(text[offset &+ index]) &<< UInt64(truncatingIfNeeded: index &* 8)
            }
            return value
        }
        let value = UInt64(littleEndian: UnsafeRawPointer(text.baseAddress! + offset).loadUnaligned(as: UInt64.self))
        return count < 8 ? value & ((1 &<< UInt64(truncatingIfNeeded: count &* 8)) &- 1) : value
    }

    @inline(__always)
    private static func mix(_ hash: UInt64, _ value: UInt64) -> UInt64 {
        let mixed = (hash ^ value) &* 0x9E37_79B9_7F4A_7C15
        return mixed ^ (mixed &>> 29)
    }

    /// Whether the bytes of `range` after the first eight are the entry's.
    @inline(never)
    private func matchesTail(_ entry: Entry, _ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var known = Int(entry.start) &+ 8
        for index in (range.lowerBound &+ 8)..<range.upperBound {
            if bytes[known] != text[index] { return false }
            known &+= 1
        }
        return true
    }
}
