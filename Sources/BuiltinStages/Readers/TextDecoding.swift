import PipeKit

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Turns raw input bytes into UTF-8 text, or says precisely why they are not text.
///
/// Input is UTF-8, with or without a byte-order mark, or UTF-16 with one (the only way to tell
/// UTF-16 from bytes that merely contain NULs). `InputStream` removes the mark and transcodes
/// UTF-16 as it reads, so every format sees UTF-8 bytes; this type then checks them.
enum TextDecoding {
    /// What to do with bytes that are not valid UTF-8: the `invalid_utf8` option.
    enum InvalidPolicy: String, Sendable {
        /// The input (or the record) fails, naming the byte.
        case error
        /// Each ill-formed sequence becomes U+FFFD, as browsers and Python's `errors="replace"` do.
        case replace
    }

    enum Encoding: Sendable, Equatable {
        case utf8, utf16LittleEndian, utf16BigEndian
    }

    enum Problem: Error, Equatable, CustomStringConvertible {
        case invalidUTF8(offset: Int)
        case invalidUTF16(offset: Int)
        case binary(offset: Int)

        var description: String {
            switch self {
            case .invalidUTF8(let offset): "invalid UTF-8 at byte \(offset)"
            case .invalidUTF16(let offset): "invalid UTF-16 at byte \(offset) (a lone surrogate or a cut-off character)"
            case .binary(let offset): "looks like a binary file (a NUL byte at offset \(offset)), not text"
            }
        }
    }

    /// The encoding a byte-order mark at the start of `prefix` announces, and the mark's length;
    /// UTF-8 and no mark when there is none.
    static func encoding(ofPrefix prefix: ArraySlice<UInt8>) -> (encoding: Encoding, markLength: Int) {
        if prefix.starts(with: [0xEF, 0xBB, 0xBF]) { return (.utf8, 3) }
        if prefix.starts(with: [0xFF, 0xFE]) { return (.utf16LittleEndian, 2) }
        if prefix.starts(with: [0xFE, 0xFF]) { return (.utf16BigEndian, 2) }
        return (.utf8, 0)
    }

    /// The text of a whole input, already in UTF-8 as `InputStream` hands it out. A NUL byte marks
    /// a binary file; `offsetBase` (the byte-order mark's length) makes offsets count from the
    /// start of the file.
    static func text(fromUTF8 bytes: [UInt8], invalid: InvalidPolicy, offsetBase: Int = 0) -> Result<String, Problem> {
        bytes.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress, let nul = memchr(base, 0, buffer.count) {
                return .failure(.binary(offset: offsetBase + (UnsafeRawPointer(nul) - UnsafeRawPointer(base))))
            }
            // One validating pass in the common case; the offset is looked for only when it fails.
            if let text = String(validating: buffer, as: UTF8.self) { return .success(text) }
            if invalid == .error, let bad = UTF8Check.firstInvalidByte(buffer: buffer) {
                return .failure(.invalidUTF8(offset: offsetBase + bad))
            }
            return .success(String(decoding: buffer, as: UTF8.self))
        }
    }

    /// One record's bytes (a JSON Lines line, a CSV record) made valid UTF-8: unchanged when they
    /// already are, repaired with U+FFFD under `.replace`, and otherwise the offset of the first
    /// bad byte.
    static func validUTF8(_ bytes: [UInt8], invalid: InvalidPolicy) -> Result<[UInt8], Problem> {
        guard let bad = UTF8Check.firstInvalidByte(in: bytes) else { return .success(bytes) }
        if invalid == .error { return .failure(.invalidUTF8(offset: bad)) }
        return .success(Array(String(decoding: bytes, as: UTF8.self).utf8))
    }
}

/// Converts UTF-16 to UTF-8 chunk by chunk, carrying a split code unit or surrogate pair over
/// from one chunk to the next.
struct UTF16Transcoder {
    let bigEndian: Bool
    let invalid: TextDecoding.InvalidPolicy
    /// The first byte of a code unit whose second byte is in the next chunk.
    private var pendingByte: UInt8?
    /// A high surrogate waiting for its low half.
    private var pendingHigh: UInt16?
    /// Input bytes seen so far, for error offsets.
    private var consumed = 0

    init(bigEndian: Bool, invalid: TextDecoding.InvalidPolicy) {
        self.bigEndian = bigEndian
        self.invalid = invalid
    }

    /// Appends the UTF-8 form of `input` to `output`. On ill-formed input under `.error` it stops
    /// there, having appended everything before the bad unit, and returns the problem; the offset
    /// counts bytes from the start of the UTF-16 text (after the byte-order mark).
    mutating func transcode(_ input: ArraySlice<UInt8>, into output: inout [UInt8]) -> TextDecoding.Problem? {
        var index = input.startIndex
        while index < input.endIndex {
            let unitOffset = consumed - (pendingByte == nil ? 0 : 1)
            let first: UInt8
            if let pending = pendingByte {
                first = pending
                pendingByte = nil
            } else {
                first = input[index]
                index += 1
                consumed += 1
                guard index < input.endIndex else {
                    pendingByte = first
                    break
                }
            }
            let second = input[index]
            index += 1
            consumed += 1
            let unit = bigEndian ? UInt16(first) << 8 | UInt16(second) : UInt16(second) << 8 | UInt16(first)
            if let problem = take(unit, at: unitOffset, into: &output) { return problem }
        }
        return nil
    }

    /// Flushes the end of the input: a cut-off code unit or a high surrogate without its low half
    /// is ill-formed.
    mutating func finish(into output: inout [UInt8]) -> TextDecoding.Problem? {
        if pendingHigh != nil || pendingByte != nil {
            let offset = consumed - (pendingByte == nil ? 2 : 1)
            pendingHigh = nil
            pendingByte = nil
            if invalid == .error { return .invalidUTF16(offset: offset) }
            Self.append(0xFFFD, to: &output)
        }
        return nil
    }

    private mutating func take(_ unit: UInt16, at offset: Int, into output: inout [UInt8]) -> TextDecoding.Problem? {
        if let high = pendingHigh {
            pendingHigh = nil
            if (0xDC00...0xDFFF).contains(unit) {
                let scalar = 0x10000 + (UInt32(high - 0xD800) << 10 | UInt32(unit - 0xDC00))
                Self.append(scalar, to: &output)
                return nil
            }
            if invalid == .error { return .invalidUTF16(offset: offset - 2) }
            Self.append(0xFFFD, to: &output)
        }
        switch unit {
        case 0xD800...0xDBFF:
            pendingHigh = unit
        case 0xDC00...0xDFFF:
            if invalid == .error { return .invalidUTF16(offset: offset) }
            Self.append(0xFFFD, to: &output)
        default:
            Self.append(UInt32(unit), to: &output)
        }
        return nil
    }

    private static func append(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            output.append(UInt8(scalar))
        case 0x80..<0x800:
            output.append(0xC0 | UInt8(scalar >> 6))
            output.append(0x80 | UInt8(scalar & 0x3F))
        case 0x800..<0x10000:
            output.append(0xE0 | UInt8(scalar >> 12))
            output.append(0x80 | UInt8(scalar >> 6 & 0x3F))
            output.append(0x80 | UInt8(scalar & 0x3F))
        default:
            output.append(0xF0 | UInt8(scalar >> 18))
            output.append(0x80 | UInt8(scalar >> 12 & 0x3F))
            output.append(0x80 | UInt8(scalar >> 6 & 0x3F))
            output.append(0x80 | UInt8(scalar & 0x3F))
        }
    }
}
