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
        // The letters and vowel signs of the scripts news quotes most (Cyrillic, Hebrew, Arabic and
        // Persian, Devanagari, CJK, Hangul) skip the property look-up, which costs a few hundred
        // instructions a scalar; a test holds this function to Unicode's Alphabetic property.
        case 0x0410...0x044F, 0x05D0...0x05EA, 0x0620...0x064A, 0x0671...0x06D3, 0x0900...0x093B, 0x093D...0x094C,
            0x0958...0x0961, 0x4E00...0x9FFF, 0xAC00...0xD7A3:
            return true
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

/// Scans over UTF-8 bytes sixteen at a time with the vector unit: the plain runs between the
/// bytes an algorithm must look at are skipped without a branch per byte.
///
/// `SIMD16<UInt8>` comparisons compile to one vector instruction each only when every operand is
/// spelled `SIMD16<UInt8>`; a vector whose type is left to inference from a literal falls back to
/// a loop over the lanes. Hence `Vector` and its explicit `splat`.
enum ByteScan {
    typealias Vector = SIMD16<UInt8>
    typealias Mask = SIMDMask<SIMD16<Int8>>

    /// The sixteen bytes at `index` (which must have sixteen bytes from it, so the buffer has an
    /// address: no check for `nil` on every step).
    @inline(__always)
    static func vector(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Vector {
        UnsafeRawPointer(bytes.baseAddress.unsafelyUnwrapped + index).loadUnaligned(as: Vector.self)
    }

    @inline(__always)
    static func splat(_ byte: UInt8) -> Vector { Vector(repeating: byte) }

    /// The lane of the first set flag, if any: a mask lane is all ones or all zeros, so each
    /// 64-bit half's lowest set bit names its byte.
    @inline(__always)
    static func first(_ mask: Mask) -> Int? {
        let halves = unsafeBitCast(mask, to: SIMD2<UInt64>.self)
        if halves[0] != 0 { return halves[0].trailingZeroBitCount &>> 3 }
        if halves[1] != 0 { return 8 &+ halves[1].trailingZeroBitCount &>> 3 }
        return nil
    }

    /// The first line feed at or after `index`, or `bytes.count`. Lines run long in prose, so it
    /// reads thirty-two bytes a step, and sixteen near the end.
    @inline(__always)
    static func lineFeed(in bytes: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        var index = index
        let count = bytes.count
        while index &+ 32 <= count {
            let low = vector(bytes, at: index) .== splat(0x0A)
            let high = vector(bytes, at: index &+ 16) .== splat(0x0A)
            if let lane = first(low .| high) { return index &+ (first(low) ?? 16 &+ lane) }
            index &+= 32
        }
        while index &+ 16 <= count {
            if let lane = first(vector(bytes, at: index) .== splat(0x0A)) { return index &+ lane }
            index &+= 16
        }
        while index < count && bytes[index] != 0x0A { index &+= 1 }
        return index
    }
}
