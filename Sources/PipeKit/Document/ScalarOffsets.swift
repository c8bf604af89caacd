/// Converts UTF-8 byte offsets into Unicode scalar offsets, the offsets `pipe` exports.
///
/// Python's `text[start:end]` and code-point slicing elsewhere count scalars, while stages work on
/// bytes. Plain ASCII text needs no table; otherwise the table keeps, for every 64 bytes, the scalar
/// offset where they start and which of them continue a scalar, so a lookup never reads the text.
///
/// - Complexity: O(n) to build, O(1) per lookup.
public struct ScalarOffsets: Sendable {
    /// 64 bytes of text: the scalars before them, and a bit for each that continues a scalar (10xxxxxx).
    private struct Block {
        var scalarsBefore: Int
        var continuations: UInt64
    }

    private static let blockSize = 64
    /// The blocks of the text, in order; empty for ASCII text.
    private let blocks: [Block]
    private let count: Int

    /// The table for `text`; empty when the text is ASCII. One pass, eight bytes at a time.
    public init(_ text: String) {
        var text = text
        self = text.withUTF8 { ScalarOffsets(utf8: $0) }
    }

    /// The table for UTF-8 lent for the call: it keeps no reference to the bytes.
    init(utf8 bytes: UnsafeBufferPointer<UInt8>) {
        count = bytes.count
        blocks = Self.blocks(bytes)
    }

    /// The scalar offset of a byte offset (which must fall on a scalar boundary or at the end).
    @inline(__always)
    public func scalarOffset(_ byteOffset: Int) -> Int {
        if blocks.isEmpty { return byteOffset }
        let offset = Swift.min(Swift.max(0, byteOffset), count)
        let index = Swift.min(offset / Self.blockSize, blocks.count - 1)
        let block = blocks[index]
        let within = offset &- index &* Self.blockSize
        let before = within == Self.blockSize ? block.continuations : block.continuations & (1 &<< within &- 1)
        return block.scalarsBefore &+ within &- Self.flaggedBits(before)
    }

    /// The blocks of `bytes`, or none when `bytes` is ASCII (valid UTF-8 without continuation bytes: every byte
    /// offset is its scalar offset).
    private static func blocks(_ bytes: UnsafeBufferPointer<UInt8>) -> [Block] {
        guard let base = bytes.baseAddress else { return [] }
        var blocks: [Block] = []
        blocks.reserveCapacity(bytes.count / blockSize + 1)
        var continuations = 0
        var start = 0
        while start < bytes.count {
            var mask: UInt64 = 0
            if start &+ blockSize <= bytes.count {
                // A whole block: eight words, each word's flags gathered into its byte of the mask.
                for word in 0..<8 {
                    let bits = UnsafeRawPointer(base + (start &+ word &* 8)).loadUnaligned(as: UInt64.self)
                    mask |= gathered(continuationFlags(bits)) &<< (word &* 8)
                }
            } else {
                for index in start..<bytes.count where base[index] & 0xC0 == 0x80 { mask |= 1 &<< (index &- start) }
            }
            blocks.append(Block(scalarsBefore: start &- continuations, continuations: mask))
            continuations &+= flaggedBits(mask)
            start &+= blockSize
        }
        return continuations == 0 ? [] : blocks
    }

    /// The high bit of each byte of `word` that continues a scalar (10xxxxxx): set bit 7, clear bit 6.
    @inline(__always)
    private static func continuationFlags(_ word: UInt64) -> UInt64 {
        word & ~(word &<< 1) & 0x8080_8080_8080_8080
    }

    /// The high bits of the eight bytes of `flags` as the low eight bits, byte 0 lowest: each flag lands on its
    /// own bit of the product's top byte, with no carries between them.
    @inline(__always)
    private static func gathered(_ flags: UInt64) -> UInt64 {
        ((flags &>> 7) &* 0x0102_0408_1020_4080) &>> 56
    }

    /// How many bytes of `flags` (only high bits set) are flagged: one multiplication sums them into the top byte.
    @inline(__always)
    private static func flaggedBytes(_ flags: UInt64) -> Int {
        Int(truncatingIfNeeded: ((flags &>> 7) &* 0x0101_0101_0101_0101) &>> 56)
    }

    /// How many bits of `bits` are set, in a few multiplications and shifts: `nonzeroBitCount` is a long sequence
    /// of shifts on x86-64 without the POPCNT instruction.
    @inline(__always)
    private static func flaggedBits(_ bits: UInt64) -> Int {
        var x = bits &- ((bits &>> 1) & 0x5555_5555_5555_5555)
        x = (x & 0x3333_3333_3333_3333) &+ ((x &>> 2) & 0x3333_3333_3333_3333)
        x = (x &+ (x &>> 4)) & 0x0F0F_0F0F_0F0F_0F0F
        return Int(truncatingIfNeeded: (x &* 0x0101_0101_0101_0101) &>> 56)
    }

    /// How many Unicode scalars `text` holds: its length as exported (Python's `len`), counted eight
    /// bytes at a time, much faster than `unicodeScalars.count`.
    public static func scalarCount(of text: String) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return 0 }
            var continuations = 0
            var index = 0
            while index &+ 8 <= bytes.count {
                let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
                continuations &+= flaggedBytes(continuationFlags(word))
                index &+= 8
            }
            while index < bytes.count {
                if base[index] & 0xC0 == 0x80 { continuations &+= 1 }
                index &+= 1
            }
            return bytes.count &- continuations
        }
    }
}
