import PipeKit

/// Turns raw input bytes into text, or says precisely why they are not text.
enum TextDecoding {
    enum Problem: Error, CustomStringConvertible {
        case invalidUTF8(offset: Int)
        case binary(offset: Int)

        var description: String {
            switch self {
            case .invalidUTF8(let offset): "invalid UTF-8 at byte \(offset)"
            case .binary(let offset): "looks like a binary file (a NUL byte at offset \(offset)), not text"
            }
        }
    }

    /// UTF-8 text with a byte-order mark removed. A NUL byte marks a binary file.
    static func decode(_ bytes: [UInt8]) -> Result<String, Problem> {
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        return bytes.withUnsafeBufferPointer { buffer in
            let body = UnsafeBufferPointer(rebasing: buffer[start...])
            if let nul = body.firstIndex(of: 0) { return .failure(.binary(offset: start + nul)) }
            if let bad = UTF8Check.firstInvalidByte(buffer: body) { return .failure(.invalidUTF8(offset: start + bad)) }
            return .success(String(decoding: body, as: UTF8.self))
        }
    }
}
