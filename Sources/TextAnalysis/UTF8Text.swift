/// Byte-level views of UTF-8 text that the algorithms share: what a byte is, and how to decode
/// the scalar that starts at an offset, without going through `Character`.
enum UTF8Text {
    /// The scalar starting at `offset` and its length in bytes; `offset` must start a scalar.
    @inline(__always)
    static func scalar(in bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> (Unicode.Scalar, Int) {
        let lead = bytes[offset]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        var value: UInt32
        let length: Int
        if lead < 0xE0 {
            value = UInt32(lead & 0x1F)
            length = 2
        } else if lead < 0xF0 {
            value = UInt32(lead & 0x0F)
            length = 3
        } else {
            value = UInt32(lead & 0x07)
            length = 4
        }
        let end = min(offset + length, bytes.count)
        var index = offset + 1
        while index < end {
            value = value << 6 | UInt32(bytes[index] & 0x3F)
            index += 1
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    /// The scalar that ends just before `offset`, and its length.
    @inline(__always)
    static func scalar(in bytes: UnsafeBufferPointer<UInt8>, before offset: Int) -> (Unicode.Scalar, Int) {
        var start = offset - 1
        while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return scalar(in: bytes, at: start)
    }

    @inline(__always) static func isASCIILetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
    }
    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    @inline(__always) static func isUpper(_ byte: UInt8) -> Bool { byte >= 0x41 && byte <= 0x5A }
    @inline(__always) static func isLower(_ byte: UInt8) -> Bool { byte >= 0x61 && byte <= 0x7A }

    /// Space, tab, line breaks, and the non-ASCII spaces news text carries (no-break, thin, ideographic).
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F,
            0x3000:
            return true
        default:
            return false
        }
    }

    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return isASCIILetter(UInt8(scalar.value)) }
        switch scalar.value {
        case 0xC0...0x24F: return scalar.value != 0xD7 && scalar.value != 0xF7  // Latin-1 and Latin Extended
        case 0x80...0xBF, 0x2000...0x206F: return scalar.value == 0xAA || scalar.value == 0xB5 || scalar.value == 0xBA
        default: return UnicodeProperties.isAlphabetic(scalar)
        }
    }

    static func isUppercase(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return isUpper(UInt8(scalar.value)) }
        return UnicodeProperties.isUppercase(scalar)
    }

    static func isLowercase(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII { return isLower(UInt8(scalar.value)) }
        return UnicodeProperties.isLowercase(scalar)
    }
}

/// Unicode property lookups, kept out of line on purpose: `Unicode.Scalar.Properties` and
/// `Unicode.GeneralCategory` are resilient standard-library types, and a function that touches
/// them inline pays metadata look-ups and stack set-up on every call, even when its fast ASCII
/// path never reaches them. Here they cost only when a non-ASCII scalar needs them.
enum UnicodeProperties {
    @inline(never) static func isAlphabetic(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isAlphabetic }
    @inline(never) static func isUppercase(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isUppercase }
    @inline(never) static func isLowercase(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isLowercase }

    /// Combining marks and the digits of other scripts, which continue a word.
    @inline(never) static func continuesWord(_ scalar: Unicode.Scalar) -> Bool {
        let category = scalar.properties.generalCategory
        return category == .nonspacingMark || category == .spacingMark || category == .decimalNumber
    }

    @inline(never) static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
            .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    @inline(never) static func isEmoji(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        return properties.isEmojiPresentation || (properties.isEmoji && scalar.value > 0x2000)
    }
}

/// Scans over UTF-8 bytes eight at a time, packed little-endian in a `UInt64`: the plain runs
/// between the bytes an algorithm must look at are skipped without a branch per byte.
enum ByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Flags (sets the high bit of) the bytes equal to `byte`. A borrow can also flag a byte
    /// above a real match, so only the lowest flagged byte is exact; enough to find the first.
    @inline(__always)
    static func equal(_ byte: UInt8, in word: UInt64) -> UInt64 {
        let x = word ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & highBits
    }

    /// Flags the bytes 0x80 and above.
    @inline(__always)
    static func nonASCII(in word: UInt64) -> UInt64 { word & highBits }

    /// The word of eight bytes at `index` (which must have eight bytes after it).
    @inline(__always)
    static func word(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self))
    }

    /// The first line feed at or after `index`, or `bytes.count`.
    @inline(__always)
    static func lineFeed(in bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        var index = index
        let count = bytes.count
        while index &+ 8 <= count {
            let flags = equal(0x0A, in: word(bytes, at: index))
            if flags != 0 { return index &+ flags.trailingZeroBitCount &>> 3 }
            index &+= 8
        }
        while index < count && bytes[index] != 0x0A { index &+= 1 }
        return index
    }
}
