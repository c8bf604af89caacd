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

    /// A table whose slots first hold `words` words, twice as many as that before it grows.
    init(words: Int) {
        slots = Array(repeating: -1, count: Self.slotCount(words))
        mask = slots.count - 1
    }

    /// The slots for `words` words: a power of two, at least twice as many.
    private static func slotCount(_ words: Int) -> Int {
        var count = 16
        while count < 2 * words { count <<= 1 }
        return count
    }

    /// How many words the table holds.
    var count: Int { entries.count }

    /// The value of the word at `range` of `text`, or nil if the table does not hold it.
    func value(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Value? {
        slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                let key = Self.key(text, range)
                var slot = Int(truncatingIfNeeded: key.hash &>> 40) & mask
                while slots[slot] >= 0 {
                    let entry = entries[Int(slots[slot])]
                    if entry.head == key.head && Int(entry.count) == range.count
                        && (range.count <= 8 || matchesTail(entry, text, range))
                    {
                        return entry.value
                    }
                    slot = (slot &+ 1) & mask
                }
                return nil
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
        var index = start
        while index < ranges.count {
            index = shortWords(ranges, from: index, in: text, into: values)
            guard index < ranges.count else { break }
            guard let value = value(text, ranges[index]) else { return index }
            values[index] = value
            index += 1
        }
        return index
    }

    /// Like `values(_:from:in:into:)` for a run of words of eight bytes or fewer that start eight
    /// bytes or more before the end of the text, each read in one load and compared in one step:
    /// returns the index of the first other word, or of the first word the table does not hold.
    ///
    /// The loop calls nothing, so everything it needs stays in registers.
    @inline(__always)
    private func shortWords(
        _ ranges: UnsafeBufferPointer<Range<Int>>, from start: Int, in text: UnsafeBufferPointer<UInt8>,
        into values: UnsafeMutablePointer<Value>
    ) -> Int {
        slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                let mask = mask
                let lastLoad = text.count &- 8
                var index = start
                next: while index < ranges.count {
                    let range = ranges[index]
                    let count = range.upperBound &- range.lowerBound
                    guard count <= 8 && range.lowerBound <= lastLoad else { return index }
                    let bytes = UnsafeRawPointer(text.baseAddress.unsafelyUnwrapped + range.lowerBound)
                        .loadUnaligned(as: UInt64.self)
                    let head = count == 8 ? bytes : bytes & ((1 &<< UInt64(truncatingIfNeeded: count &* 8)) &- 1)
                    var slot = Int(truncatingIfNeeded: Self.hash(head, count) &>> 40) & mask
                    while true {
                        let found = slots[slot]
                        if found < 0 { return index }
                        let entry = entries[Int(truncatingIfNeeded: found)]
                        if entry.head == head && Int(entry.count) == count {
                            values[index] = entry.value
                            index &+= 1
                            continue next
                        }
                        slot = (slot &+ 1) & mask
                    }
                }
                return index
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

    /// Forgets every word and keeps the storage, with room for `words` words of up to eight
    /// bytes: a table emptied and filled again takes the same memory each time rather than growing
    /// by doubling.
    mutating func removeAll(keepingRoomFor words: Int) {
        entries.removeAll(keepingCapacity: true)
        entries.reserveCapacity(words)
        bytes.removeAll(keepingCapacity: true)
        bytes.reserveCapacity(words * 8)
        if slots.count < Self.slotCount(words) {
            slots = Array(repeating: -1, count: Self.slotCount(words))
            mask = slots.count - 1
        } else {
            slots.withUnsafeMutableBufferPointer { $0.update(repeating: -1) }
        }
    }

    /// Lends the bytes of the `index`-th word inserted.
    func withWord<Result>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let entry = entries[index]
        return bytes.withUnsafeBufferPointer {
            body(UnsafeBufferPointer(rebasing: $0[Int(entry.start)..<Int(entry.start + entry.count)]))
        }
    }

    /// Puts entry `index` in the first free slot from its hash.
    private mutating func place(_ index: Int) {
        let entry = entries[index]
        let hash = bytes.withUnsafeBufferPointer {
            Self.key($0, Int(entry.start)..<Int(entry.start + entry.count)).hash
        }
        var slot = Int(truncatingIfNeeded: hash &>> 40) & mask
        while slots[slot] >= 0 { slot = (slot &+ 1) & mask }
        slots[slot] = Int32(index)
    }

    /// The hash of the word at `range` of `text`, and its first eight bytes (zero-padded).
    private static func key(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (hash: UInt64, head: UInt64) {
        let head = chunk(text, range.lowerBound, range.upperBound)
        var hash = hash(head, range.count)
        var offset = range.lowerBound &+ 8
        while offset < range.upperBound {
            hash = (hash ^ chunk(text, offset, range.upperBound)) &* 0x9E37_79B9_7F4A_7C15
            offset &+= 8
        }
        return (hash, head)
    }

    /// The hash of a word's first eight bytes and its length; its top bits pick a slot.
    @inline(__always)
    private static func hash(_ head: UInt64, _ count: Int) -> UInt64 {
        (head ^ UInt64(truncatingIfNeeded: count)) &* 0x9E37_79B9_7F4A_7C15
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
