/// Converts UTF-8 byte offsets into Unicode scalar offsets, the offsets `pipe` exports.
///
/// Python's `text[start:end]` and code-point slicing elsewhere count scalars, while stages work on
/// bytes. Plain ASCII text needs no table; otherwise a checkpoint every 64 bytes bounds a lookup
/// to a short scan.
///
/// - Complexity: O(n) to build, O(1) per lookup for ASCII text and at most 64 steps otherwise.
public struct ScalarOffsets: Sendable {
    private static let stride = 64
    private let utf8: [UInt8]
    /// `checkpoints[k]` is the scalar offset of byte `k * stride`; empty for ASCII text.
    private let checkpoints: [Int]

    /// The table for `text`; empty when the text is ASCII.
    public init(_ text: String) {
        var bytes = Array(text.utf8)
        if bytes.allSatisfy({ $0 < 0x80 }) {
            bytes = []
            checkpoints = []
        } else {
            var marks: [Int] = []
            marks.reserveCapacity(bytes.count / Self.stride + 1)
            var scalars = 0
            for (offset, byte) in bytes.enumerated() {
                if offset % Self.stride == 0 { marks.append(scalars) }
                if byte & 0xC0 != 0x80 { scalars += 1 }
            }
            checkpoints = marks
        }
        utf8 = bytes
    }

    /// The scalar offset of a byte offset (which must fall on a scalar boundary or at the end).
    public func scalarOffset(_ byteOffset: Int) -> Int {
        if checkpoints.isEmpty { return byteOffset }
        let mark = min(byteOffset / Self.stride, checkpoints.count - 1)
        var scalars = checkpoints[mark]
        var offset = mark * Self.stride
        while offset < byteOffset && offset < utf8.count {
            if utf8[offset] & 0xC0 != 0x80 { scalars += 1 }
            offset += 1
        }
        return scalars
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
                // A continuation byte is 10xxxxxx: its top bit set and the next one clear.
                continuations &+= (word & ~(word << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
                index &+= 8
            }
            while index < bytes.count {
                if bytes[index] & 0xC0 == 0x80 { continuations &+= 1 }
                index &+= 1
            }
            return bytes.count &- continuations
        }
    }
}
