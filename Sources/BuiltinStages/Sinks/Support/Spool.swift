import PipeKit

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// Bytes set aside while a run goes on and copied into the output when it ends.
///
/// The Markdown and HTML reports open with a corpus overview, which is known only after the last
/// document; each document's section is rendered when it arrives and kept here until then. Up to
/// `memoryLimit` bytes stay in memory; beyond that they go to an anonymous temporary file
/// (`tmpfile`, removed by the system however the process ends), so a large corpus does not grow
/// the process.
final class Spool {
    private let memoryLimit: Int
    /// The output the spool belongs to, for error messages.
    private let owner: String
    private var memory: [UInt8] = []
    private var file: UnsafeMutablePointer<FILE>?

    init(for owner: String, memoryLimit: Int = 8 << 20) {
        self.owner = owner
        self.memoryLimit = memoryLimit
    }

    deinit { discard() }

    func write(_ bytes: [UInt8]) throws(OutputError) {
        if file == nil, memory.count + bytes.count <= memoryLimit {
            memory.append(contentsOf: bytes)
            return
        }
        if file == nil {
            guard let opened = tmpfile() else { throw failure("cannot create a temporary file") }
            file = opened
            try put(memory, into: opened)
            memory = []
        }
        try put(bytes, into: file!)
    }

    /// Appends everything spooled to `output`, then empties the spool.
    func copy(to output: OutputFile) throws(OutputError) {
        if let file {
            rewind(file)
            var chunk = [UInt8](repeating: 0, count: 1 << 18)
            while true {
                let count = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
                if count > 0 { try output.write(Array(chunk[..<count])) }
                if count < chunk.count {
                    if ferror(file) != 0 { throw failure("cannot read the temporary file back") }
                    break
                }
            }
        } else {
            try output.write(memory)
        }
        discard()
    }

    /// Drops what was spooled and closes the temporary file, if there is one.
    func discard() {
        memory = []
        if let file { fclose(file) }
        file = nil
    }

    private func put(_ bytes: [UInt8], into file: UnsafeMutablePointer<FILE>) throws(OutputError) {
        let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
        if written != bytes.count { throw failure("cannot write a temporary file") }
    }

    private func failure(_ what: String) -> OutputError {
        OutputError(path: owner, message: "\(what): \(String(cString: strerror(errno)))")
    }
}
