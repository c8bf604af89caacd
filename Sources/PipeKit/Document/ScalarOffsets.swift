/// Converts UTF-8 byte offsets into Unicode scalar offsets, the offsets `pipe` exports.
///
/// Python's `text[start:end]` and code-point slicing elsewhere count scalars, while stages work on
/// bytes. Plain ASCII text needs no table; otherwise a checkpoint every 64 bytes bounds a lookup
/// to a short scan.
///
/// - Complexity: O(n) to build, O(1) per lookup for ASCII text and at most 64 steps otherwise.
public struct ScalarOffsets: Sendable {
    fileprivate static let stride = 64
    private let utf8: [UInt8]
    /// `checkpoints[k]` is the scalar offset of byte `k * stride`; empty for ASCII text.
    private let checkpoints: [Int]

    /// The table for `text`; empty when the text is ASCII. One pass, eight bytes at a time.
    public init(_ text: String) {
        var text = text
        let marks = text.withUTF8 { Self.checkpoints($0) }
        checkpoints = marks
        utf8 = marks.isEmpty ? [] : Array(text.utf8)
    }

    /// The scalar offset of every `stride`-th byte of `bytes`, or none when `bytes` is ASCII (valid
    /// UTF-8 without continuation bytes: every byte offset is its scalar offset).
    fileprivate static func checkpoints(_ bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        guard let base = bytes.baseAddress else { return [] }
        var marks: [Int] = []
        marks.reserveCapacity(bytes.count / stride + 1)
        var continuations = 0
        var block = 0
        while block < bytes.count {
            marks.append(block &- continuations)
            continuations &+= Self.continuations(base, from: block, to: Swift.min(block &+ stride, bytes.count))
            block &+= stride
        }
        return continuations == 0 ? [] : marks
    }

    /// The scalar offset of a byte offset (which must fall on a scalar boundary or at the end).
    public func scalarOffset(_ byteOffset: Int) -> Int {
        if checkpoints.isEmpty { return byteOffset }
        let offset = Swift.min(Swift.max(0, byteOffset), utf8.count)
        let mark = Swift.min(offset / Self.stride, checkpoints.count - 1)
        let blockStart = mark * Self.stride
        return utf8.withUnsafeBufferPointer { bytes in
            checkpoints[mark] &+ (offset &- blockStart)
                &- Self.continuations(bytes.baseAddress!, from: blockStart, to: offset)
        }
    }

    /// Continuation bytes (10xxxxxx) in `base[start..<end]`, counted eight at a time.
    @inline(__always)
    fileprivate static func continuations(_ base: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Int {
        var count = 0
        var index = start
        while index &+ 8 <= end {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            count &+= Self.flaggedBytes(word & ~(word << 1) & 0x8080_8080_8080_8080)
            index &+= 8
        }
        while index < end {
            if base[index] & 0xC0 == 0x80 { count &+= 1 }
            index &+= 1
        }
        return count
    }

    /// How many bytes of `flags` (only high bits set) are flagged: the bits summed by one multiplication, since
    /// `nonzeroBitCount` is a long sequence of shifts on x86-64 without the POPCNT instruction.
    @inline(__always)
    private static func flaggedBytes(_ flags: UInt64) -> Int {
        Int(truncatingIfNeeded: ((flags &>> 7) &* 0x0101_0101_0101_0101) &>> 56)
    }

    /// How many Unicode scalars `text` holds: its length as exported (Python's `len`), counted eight
    /// bytes at a time, much faster than `unicodeScalars.count`.
    public static func scalarCount(of text: String) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return 0 }
            return bytes.count &- continuations(base, from: 0, to: bytes.count)
        }
    }
}

/// Scalar offsets of byte offsets in UTF-8 lent for one export: the text is not copied, as `ScalarOffsets` copies it.
///
/// A lookup counts from the last one when that is nearer than the checkpoint below, so the spans of a list
/// sorted by position (sentences, entities, paragraphs) cost a few bytes each rather than up to 64.
///
/// - Complexity: O(n) to build; at most 64 bytes scanned per lookup.
struct ScalarCursor {
    private static let stride = ScalarOffsets.stride
    private let base: UnsafePointer<UInt8>?
    private let count: Int
    /// `checkpoints[k]` is the scalar offset of byte `k * stride`; empty for ASCII text.
    private let checkpoints: [Int]
    /// The last lookup: a byte offset and its scalar offset.
    private var byte = 0
    private var scalar = 0

    /// A cursor over `bytes`, which must outlive it.
    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        base = bytes.baseAddress
        count = bytes.count
        checkpoints = ScalarOffsets.checkpoints(bytes)
    }

    /// The scalar offset of a byte offset (which must fall on a scalar boundary or at the end).
    mutating func scalarOffset(_ byteOffset: Int) -> Int {
        guard !checkpoints.isEmpty, let base else { return byteOffset }
        let offset = Swift.min(Swift.max(0, byteOffset), count)
        let mark = Swift.min(offset / Self.stride, checkpoints.count - 1)
        if byte > offset || byte < mark &* Self.stride {
            byte = mark &* Self.stride
            scalar = checkpoints[mark]
        }
        scalar &+= (offset &- byte) &- ScalarOffsets.continuations(base, from: byte, to: offset)
        byte = offset
        return scalar
    }
}
