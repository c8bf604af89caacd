internal import Foundation

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Reads a file or standard input with plain `read(2)`, in large chunks, and hands out UTF-8.
///
/// A byte-order mark is removed and UTF-16 (announced by its mark) is transcoded as the bytes
/// arrive, so JSON Lines and CSV stream record by record in either encoding and memory holds one
/// chunk, not the file.
final class InputStream {
    let name: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private let chunkSize: Int
    private let invalid: TextDecoding.InvalidPolicy
    /// Decoded bytes; `buffer[start..<end]` are not handed out yet.
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var exhausted = false
    private var encodingKnown = false
    private var transcoder: UTF16Transcoder?
    /// Where `read(2)` puts UTF-16 before it is transcoded into `buffer`.
    private var raw: [UInt8] = []
    /// A decoding problem met while filling: thrown once the bytes before it are handed out.
    private var pendingProblem: TextDecoding.Problem?
    /// The byte-order mark's length, so offsets in messages count from the start of the file.
    private(set) var markLength = 0
    /// A regular file's size when it was opened; 0 for anything else.
    let size: Int

    /// Standard input, which it does not close.
    static func standardInput(invalid: TextDecoding.InvalidPolicy) -> InputStream {
        InputStream(descriptor: STDIN_FILENO, name: "standard input", owns: false, invalid: invalid)
    }

    /// The file at `path`, closed when the stream goes away. Its size sizes the buffer, so that a small file is
    /// read in one call, without a 64 KB buffer to clear for each.
    static func file(_ path: String, invalid: TextDecoding.InvalidPolicy) throws(ReadError) -> InputStream {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 { throw ReadError("cannot open: \(String(cString: strerror(errno)))") }
        var info = stat()
        let size = fstat(descriptor, &info) == 0 && info.st_mode & S_IFMT == S_IFREG ? Int(info.st_size) : 0
        let chunk = size > 0 ? min(1 << 16, max(4096, size + 1)) : 1 << 16
        return InputStream(descriptor: descriptor, name: path, owns: true, invalid: invalid, chunk: chunk, size: size)
    }

    init(
        descriptor: Int32, name: String, owns: Bool, invalid: TextDecoding.InvalidPolicy = .error,
        chunk: Int = 1 << 16, size: Int = 0
    ) {
        self.descriptor = descriptor
        self.size = size
        self.name = name
        self.ownsDescriptor = owns
        self.invalid = invalid
        chunkSize = max(4, chunk)
        // Allocated by the first `fill`; a whole file read by `readWhole` never needs it.
        buffer = []
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// Everything left in the stream.
    func readAll(sizeHint: Int = 0) throws(ReadError) -> [UInt8] {
        if !encodingKnown, start == end, sizeHint > 0 { return try readWhole(sizeHint: sizeHint) }
        var all: [UInt8] = []
        all.reserveCapacity(sizeHint)
        repeat {
            all.append(contentsOf: buffer[start..<end])
            start = end
        } while try fill()
        return all
    }

    /// A whole file of about `sizeHint` bytes, read straight into the array it is returned in,
    /// with no chunk buffer to copy through: how most text files are read.
    private func readWhole(sizeHint: Int) throws(ReadError) -> [UInt8] {
        var failure: ReadError?
        var reachedEnd = false
        var all = [UInt8](unsafeUninitializedCapacity: sizeHint + 1) { buffer, count in
            count = 0
            while count < buffer.count {
                let got = read(descriptor, buffer.baseAddress! + count, buffer.count - count)
                if got > 0 {
                    count += got
                } else if got == 0 {
                    reachedEnd = true
                    return
                } else if errno != EINTR {
                    failure = ReadError("cannot read \(name): \(String(cString: strerror(errno)))")
                    return
                }
            }
        }
        if let failure { throw failure }
        if !reachedEnd {
            // The file grew since it was listed: the rest, chunk by chunk.
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = try readChunk(into: &chunk, at: 0)
                if count == 0 { break }
                all.append(contentsOf: chunk[0..<count])
            }
        }
        encodingKnown = true
        exhausted = true
        let (encoding, markLength) = TextDecoding.encoding(ofPrefix: all[0..<min(4, all.count)])
        self.markLength = markLength
        if encoding == .utf8 {
            if markLength > 0 { all.removeFirst(markLength) }
            return all
        }
        var transcoder = UTF16Transcoder(bigEndian: encoding == .utf16BigEndian, invalid: invalid)
        var decoded: [UInt8] = []
        decoded.reserveCapacity(all.count)
        if let problem = transcoder.transcode(all[markLength...], into: &decoded) ?? transcoder.finish(into: &decoded) {
            throw ReadError(problem.description)
        }
        return decoded
    }

    /// The next line without its `\n` (or `\r\n`); `nil` at the end. A last line without a
    /// newline is still a line.
    func nextLine() throws(ReadError) -> [UInt8]? {
        var line: [UInt8] = []
        while true {
            if start < end {
                let window = buffer[start..<end]
                if let newline = window.firstIndex(of: 0x0A) {
                    line.append(contentsOf: buffer[start..<newline])
                    start = newline + 1
                    if line.last == 0x0D { line.removeLast() }
                    return line
                }
                line.append(contentsOf: window)
                start = end
            }
            if !(try fill()) {
                if line.isEmpty { return nil }
                if line.last == 0x0D { line.removeLast() }
                return line
            }
        }
    }

    /// Lends the bytes buffered so far (refilling when none are), and drops the first `n` that
    /// `body` says it used; `nil` at the end of the stream.
    func consume<T>(_ body: (ArraySlice<UInt8>) -> (used: Int, result: T)) throws(ReadError) -> T? {
        if start == end, !(try fill()) { return nil }
        let (used, result) = body(buffer[start..<end])
        start += used
        return result
    }

    /// Puts bytes back in front of what is left, to be read again: how a CSV reader starts over
    /// after a malformed record.
    func unread(_ bytes: ArraySlice<UInt8>) {
        guard !bytes.isEmpty else { return }
        buffer = Array(bytes) + buffer[start..<end]
        start = 0
        end = buffer.count
    }

    /// Fails when the first chunk holds a NUL byte, the mark of a binary file (as `git` and `grep`
    /// decide); for the formats that stream and never see the whole file.
    func requireText() throws(ReadError) {
        if start == end, !(try fill()) { return }
        if let nul = buffer[start..<end].firstIndex(of: 0) {
            throw ReadError(TextDecoding.Problem.binary(offset: markLength + nul - start).description)
        }
    }

    /// Refills the buffer with decoded bytes; false at the end of the stream.
    private func fill() throws(ReadError) -> Bool {
        while true {
            if let problem = pendingProblem {
                pendingProblem = nil
                throw ReadError(problem.description)
            }
            if exhausted { return false }
            start = 0
            end = 0
            if !encodingKnown {
                try detectEncoding()
            } else if transcoder != nil {
                if raw.count < chunkSize { raw = [UInt8](repeating: 0, count: chunkSize) }
                let count = try readChunk(into: &raw, at: 0)
                buffer.removeAll(keepingCapacity: true)
                if count == 0 {
                    exhausted = true
                    pendingProblem = transcoder!.finish(into: &buffer)
                } else {
                    pendingProblem = transcoder!.transcode(raw[0..<count], into: &buffer)
                }
                end = buffer.count
            } else {
                if buffer.count < chunkSize { buffer = [UInt8](repeating: 0, count: chunkSize) }
                end = try readChunk(into: &buffer, at: 0)
                if end == 0 { exhausted = true }
            }
            if start < end { return true }
        }
    }

    /// Reads the first bytes, enough to see a byte-order mark, and sets up decoding.
    private func detectEncoding() throws(ReadError) {
        if buffer.count < chunkSize { buffer = [UInt8](repeating: 0, count: chunkSize) }
        var count = 0
        while count < 3 {
            let more = try readChunk(into: &buffer, at: count)
            if more == 0 {
                exhausted = true
                break
            }
            count += more
        }
        encodingKnown = true
        let (encoding, markLength) = TextDecoding.encoding(ofPrefix: buffer[0..<count])
        self.markLength = markLength
        guard encoding != .utf8 else {
            start = markLength
            end = count
            return
        }
        var transcoder = UTF16Transcoder(bigEndian: encoding == .utf16BigEndian, invalid: invalid)
        let undecoded = Array(buffer[markLength..<count])
        buffer.removeAll(keepingCapacity: true)
        pendingProblem = transcoder.transcode(undecoded[...], into: &buffer)
        if exhausted, pendingProblem == nil { pendingProblem = transcoder.finish(into: &buffer) }
        self.transcoder = transcoder
        end = buffer.count
    }

    /// One `read(2)` into `target` from `offset` on; 0 at the end of the input.
    private func readChunk(into target: inout [UInt8], at offset: Int) throws(ReadError) -> Int {
        while true {
            let count = target.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if count >= 0 { return count }
            if errno != EINTR { throw ReadError("cannot read \(name): \(String(cString: strerror(errno)))") }
        }
    }
}
