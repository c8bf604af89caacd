internal import Foundation

/// Reads the lists the recognizer loads (one entry a line, columns separated by tabs) on bytes:
/// a 100,000-line file takes milliseconds, not the second `String` splitting would.
enum ListFile {
    /// Calls `line` with the columns (byte ranges, spaces trimmed) of every non-empty line of the
    /// file that does not start with `#`.
    static func read(_ path: String, _ line: (UnsafeBufferPointer<UInt8>, [Range<Int>]) throws -> Void) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            var columns: [Range<Int>] = []
            while start < bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                columns.removeAll(keepingCapacity: true)
                if end > start, bytes[start] != 0x23 {
                    var column = start
                    for index in start...end where index == end || bytes[index] == 0x09 {
                        var from = column
                        var to = index
                        while from < to, isSpace(bytes[from]) { from += 1 }
                        while to > from, isSpace(bytes[to - 1]) { to -= 1 }
                        columns.append(from..<to)
                        column = index + 1
                    }
                    if !columns[0].isEmpty { try line(bytes, columns) }
                }
                start = end + 1
            }
        }
    }

    @inline(__always) private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0D || byte == 0x09
    }

    static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }
}

extension EntityTokens {
    /// The hashes of the name in `bytes[range]`, as `hashes(of:)` gives them, in `words` (emptied
    /// first, its storage kept: reading a list of 100,000 names allocates once, not once a name).
    /// Names of plain ASCII letters and single spaces (most of any list) skip the tokenizer.
    static func hashes(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into words: inout [(exact: UInt64, folded: UInt64)]
    ) {
        words.removeAll(keepingCapacity: true)
        var start = range.lowerBound
        for index in range {
            let byte = bytes[index]
            if byte == 0x20 {
                guard index > start else { return words = hashes(of: ListFile.string(bytes, range)) }
                words.append(WordHash.hashes(bytes, start..<index))
                start = index + 1
            } else if !UTF8Text.isASCIILetter(byte) {
                return words = hashes(of: ListFile.string(bytes, range))
            }
        }
        guard start < range.upperBound else { return words = hashes(of: ListFile.string(bytes, range)) }
        words.append(WordHash.hashes(bytes, start..<range.upperBound))
    }
}
