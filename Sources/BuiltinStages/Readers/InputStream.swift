internal import Foundation

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Reads bytes from a file descriptor with plain `read(2)`, in large chunks, so that JSON Lines
/// stream record by record and whole files load without Foundation's copies.
final class InputStream {
    private let descriptor: Int32
    private let name: String
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var exhausted = false
    /// Bytes handed out so far, for error offsets.
    private(set) var offset = 0

    static var standardInput: InputStream { InputStream(descriptor: STDIN_FILENO, name: "standard input") }

    init(descriptor: Int32, name: String, chunk: Int = 1 << 16) {
        self.descriptor = descriptor
        self.name = name
        buffer = [UInt8](repeating: 0, count: chunk)
    }

    /// The whole file at `path`.
    static func readFile(_ path: String) throws(ReadError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 { throw ReadError("cannot open: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        return try InputStream(descriptor: descriptor, name: path).readAll()
    }

    /// Everything left in the stream.
    func readAll() throws(ReadError) -> [UInt8] {
        var all = Array(buffer[start..<end])
        start = end
        while try fill() {
            all.append(contentsOf: buffer[start..<end])
            start = end
        }
        return all
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
                    offset += newline + 1 - start
                    start = newline + 1
                    if line.last == 0x0D { line.removeLast() }
                    return line
                }
                line.append(contentsOf: window)
                offset += end - start
                start = end
            }
            if !(try fill()) {
                if line.isEmpty { return nil }
                if line.last == 0x0D { line.removeLast() }
                return line
            }
        }
    }

    /// Refills the buffer; false at the end of the stream.
    private func fill() throws(ReadError) -> Bool {
        if exhausted { return false }
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError("cannot read \(name): \(String(cString: strerror(errno)))")
            }
            if count == 0 {
                exhausted = true
                return false
            }
            start = 0
            end = count
            return true
        }
    }
}
