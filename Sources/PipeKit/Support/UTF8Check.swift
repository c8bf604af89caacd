/// Finds where bytes stop being valid UTF-8, so an error can name the byte.
public enum UTF8Check {
    /// The offset of the first byte that does not belong to a well-formed UTF-8 sequence, or
    /// `nil` when every byte does. Rejects overlong forms, surrogates and values past U+10FFFF.
    ///
    /// - Complexity: O(n), with a fast skip over ASCII.
    public static func firstInvalidByte(in bytes: some Collection<UInt8>) -> Int? {
        if let contiguous = bytes.withContiguousStorageIfAvailable({ firstInvalidByte(buffer: $0) }) {
            return contiguous
        }
        return Array(bytes).withUnsafeBufferPointer { firstInvalidByte(buffer: $0) }
    }

    /// The offset of the first byte that breaks UTF-8 in a buffer, or `nil` when it is valid.
    public static func firstInvalidByte(buffer bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return index
            }
            guard index + length <= count else { return index }
            let second = bytes[index + 1]
            guard second >= low && second <= high else { return index }
            for offset in 2..<max(2, length) where bytes[index + offset] & 0xC0 != 0x80 {
                return index
            }
            index += length
        }
        return nil
    }

    /// The 1-based line and column (in characters) of a byte offset, for messages.
    public static func location(ofByte offset: Int, in bytes: [UInt8], file: String) -> SourceLocation {
        var line = 1
        var column = 1
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return SourceLocation(file: file, line: line, column: column)
    }
}
