internal import Foundation

/// Reads the lists the recognizer loads (one entry a line, columns separated by tabs) on bytes:
/// a 100,000-line file takes milliseconds, not the second `String` splitting would.
enum ListFile {
    /// Calls `line` with the columns (byte ranges, spaces trimmed) of every non-empty line of the
    /// file that does not start with `#`.
    static func read(_ path: String, _ line: (UnsafeBufferPointer<UInt8>, ArraySlice<Range<Int>>) throws -> Void)
        throws
    {
        // The columns of every line, overwritten from the first: emptying an array for each line cost
        // more than reading the line.
        var columns: [Range<Int>] = []
        try forEachLine(path) { bytes, range, firstEnd in
            var count = 0
            var column = range.lowerBound..<firstEnd
            while true {
                let trimmed = trim(bytes, column)
                if count < columns.count { columns[count] = trimmed } else { columns.append(trimmed) }
                count += 1
                guard column.upperBound < range.upperBound else { break }
                column = column.upperBound + 1..<separator(in: bytes, from: column.upperBound + 1)
            }
            if !columns[0].isEmpty { try line(bytes, columns[..<count]) }
        }
    }

    /// Calls `word` with the first column of every line that `read` passes on: for the lists of one
    /// word a line, a hundred thousand of them, without an array of columns (and inlined, `word` with it).
    @inline(__always)
    static func readFirstColumns(_ path: String, _ word: (UnsafeBufferPointer<UInt8>, Range<Int>) throws -> Void)
        throws
    {
        try forEachLine(path) { bytes, range, firstEnd in
            let first = trim(bytes, range.lowerBound..<firstEnd)
            if !first.isEmpty { try word(bytes, first) }
        }
    }

    /// Calls `line` with the file's bytes, each non-empty line that does not start with `#` (without
    /// its line feed), and where its first column ends.
    @inline(__always)
    private static func forEachLine(
        _ path: String, _ line: (UnsafeBufferPointer<UInt8>, Range<Int>, Int) throws -> Void
    )
        throws
    {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            while start < bytes.count {
                let firstEnd = separator(in: bytes, from: start)
                var end = firstEnd
                while end < bytes.count, bytes[end] == 0x09 { end = separator(in: bytes, from: end + 1) }
                if end > start, bytes[start] != 0x23 { try line(bytes, start..<end, firstEnd) }
                start = end + 1
            }
        }
    }

    /// `range` without the spaces at its ends.
    @inline(__always)
    private static func trim(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Range<Int> {
        var from = range.lowerBound
        var to = range.upperBound
        while from < to, isSpace(bytes[from]) { from += 1 }
        while to > from, isSpace(bytes[to - 1]) { to -= 1 }
        return from..<to
    }

    /// The index of the first line feed or tab in `bytes` from `index` on, or the end: eight bytes at a
    /// time, where a loop over bytes was most of the time the lexicon took to load.
    private static func separator(in bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        guard let base = bytes.baseAddress else { return index }
        var index = index
        while index + 8 <= bytes.count {
            let chunk = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            // A zero byte where the chunk holds a line feed or a tab; the lowest flagged byte is the first.
            let feeds = chunk ^ 0x0A0A_0A0A_0A0A_0A0A
            let tabs = chunk ^ 0x0909_0909_0909_0909
            let found =
                ((feeds &- 0x0101_0101_0101_0101) & ~feeds | (tabs &- 0x0101_0101_0101_0101) & ~tabs)
                & 0x8080_8080_8080_8080
            if found != 0 { return index + found.trailingZeroBitCount / 8 }
            index += 8
        }
        while index < bytes.count, bytes[index] != 0x0A, bytes[index] != 0x09 { index += 1 }
        return index
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
