internal import Foundation

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// A file that appears whole or not at all: bytes go to a temporary file beside the target,
/// which `commit` renames into place, so a failed or interrupted run never leaves a truncated
/// output that looks finished.
///
/// `-` writes to standard output, and an existing device or pipe (`/dev/null`, `/dev/full`, a
/// FIFO) is written directly, since neither can be replaced by a rename. Writes are buffered.
/// Confined like a sink: one thread at a time.
public final class OutputFile {
    /// The resolved path, or `-`.
    public let path: String
    /// Whether an existing file may be replaced; `false` makes `open` refuse.
    public let overwrite: Bool
    private var descriptor: Int32 = -1
    private var temporaryPath: String?
    private var buffer: [UInt8] = []
    /// Bytes in the file so far: flushed, plus what it held when a resumed run opened it.
    private var length = 0
    private static let flushThreshold = 1 << 18
    /// A lent record this long skips the buffer.
    private static let directThreshold = 4096

    /// A file to write at `path` (resolved, or `-`); nothing is touched until `open`.
    public init(path: String, overwrite: Bool = true) {
        self.path = path
        self.overwrite = overwrite
    }

    /// Creates the parent folders and the temporary file.
    public func open() throws(OutputError) {
        buffer.reserveCapacity(Self.flushThreshold + 4096)
        if path == "-" {
            descriptor = STDOUT_FILENO
            return
        }
        var info = stat()
        if stat(path, &info) == 0 {
            let type = info.st_mode & S_IFMT
            if type == S_IFDIR { throw error("it is a folder") }
            if type != S_IFREG {
                descriptor = systemOpen(path, O_WRONLY | O_CLOEXEC)
                if descriptor < 0 { throw error("cannot open it: \(Self.reason())") }
                return
            }
            if !overwrite {
                throw OutputError(
                    path: path, message: "it already exists",
                    help: "remove it, or set 'overwrite: true' on the sink")
            }
        }
        let folder = Paths.directory(of: path)
        try createFolder(folder)
        let name = path.split(separator: "/").last.map(String.init) ?? "output"
        let temporary = "\(folder)/.\(name).pipe-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        descriptor = systemOpen(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if descriptor < 0 { throw error("cannot write in '\(Paths.display(folder))': \(Self.reason())") }
        temporaryPath = temporary
    }

    /// Where a journaled run keeps the output until it is whole: `.name.pipe-partial` beside the
    /// target, a stable name that `pipe run --resume` finds again.
    public var partialPath: String {
        let name = path.split(separator: "/").last.map(String.init) ?? "output"
        return "\(Paths.directory(of: path))/.\(name).pipe-partial"
    }

    /// Opens the output for a run that `--resume` can continue: writes go to `partialPath`, which
    /// `nil` starts empty and a length continues, cut back to that many bytes (what the last
    /// checkpoint recorded; anything written after it is dropped). When the partial file is gone
    /// because the interrupted run moved it into place, the target's first `length` bytes start it.
    /// Standard output and devices are written directly, as by `open()`.
    public func openPartial(resumingAt resumed: Int?) throws(OutputError) {
        buffer.reserveCapacity(Self.flushThreshold + 4096)
        var info = stat()
        if path == "-" || (stat(path, &info) == 0 && info.st_mode & S_IFMT != S_IFREG) {
            try open()
            return
        }
        if stat(path, &info) == 0, !overwrite, resumed == nil {
            throw OutputError(
                path: path, message: "it already exists", help: "remove it, or set 'overwrite: true' on the sink")
        }
        let folder = Paths.directory(of: path)
        try createFolder(folder)
        let partial = partialPath
        guard let resumed else {
            descriptor = systemOpen(partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            if descriptor < 0 { throw error("cannot write in '\(Paths.display(folder))': \(Self.reason())") }
            temporaryPath = partial
            length = 0
            return
        }
        if stat(partial, &info) != 0 || Int(info.st_size) < resumed {
            try restorePartial(partial, from: path, length: resumed)
        }
        descriptor = systemOpen(partial, O_WRONLY | O_CLOEXEC)
        if descriptor < 0 { throw error("cannot reopen '\(Paths.display(partial))': \(Self.reason())") }
        temporaryPath = partial
        if ftruncate(descriptor, off_t(resumed)) != 0 || lseek(descriptor, 0, SEEK_END) < 0 {
            throw error("cannot cut '\(Paths.display(partial))' back to its last checkpoint: \(Self.reason())")
        }
        length = resumed
    }

    /// Starts a partial file from the first `length` bytes of the target, which an interrupted run
    /// moved into place.
    private func restorePartial(_ partial: String, from target: String, length: Int) throws(OutputError) {
        let missing = OutputError(
            path: path,
            message: "cannot resume: its partial file '\(Paths.display(partial))' is gone, and the output does not "
                + "hold the \(length) bytes the run journal recorded",
            help: "run without --resume to start over")
        guard let input = FileHandle(forReadingAtPath: target) else { throw missing }
        defer { try? input.close() }
        let source = input.fileDescriptor
        let output = systemOpen(partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if output < 0 { throw error("cannot write '\(Paths.display(partial))': \(Self.reason())") }
        defer { systemClose(output) }
        var chunk = [UInt8](repeating: 0, count: 1 << 18)
        var copied = 0
        while copied < length {
            let count = chunk.withUnsafeMutableBytes { read(source, $0.baseAddress, min($0.count, length - copied)) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { throw missing }
            var offset = 0
            while offset < count {
                let written = chunk.withUnsafeBytes { systemWrite(output, $0.baseAddress! + offset, count - offset) }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw error("cannot write '\(Paths.display(partial))': \(Self.reason())")
                }
                offset += written
            }
            copied += count
        }
        if fsync(output) != 0 { throw error("cannot write '\(Paths.display(partial))': \(Self.reason())") }
    }

    /// Flushes what was written, without moving it into place, and returns the file's length: the
    /// state a resumed run continues from, once `synchronize()` has made it durable.
    public func checkpoint() throws(OutputError) -> Int {
        try flush()
        return length
    }

    /// Makes everything flushed so far durable (fsync). Safe on another thread while writes go on:
    /// it reads only the descriptor, which changes only when the file is opened or closed.
    public func synchronize() throws(OutputError) {
        if temporaryPath != nil, fsync(descriptor) != 0, errno != EINVAL {
            throw error("write failed: \(Self.reason())")
        }
    }

    /// Closes the file and keeps the partial output for `pipe run --resume`; the target is untouched.
    public func suspend() {
        if descriptor > STDERR_FILENO { systemClose(descriptor) }
        descriptor = -1
        buffer.removeAll()
        temporaryPath = nil
    }

    /// Buffers `bytes`, writing them through when the buffer is full.
    public func write(_ bytes: [UInt8]) throws(OutputError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    /// Buffers `bytes`, writing them through when the buffer is full: a sink's record, lent without a copy. A
    /// record of a page or more is written straight from where it is, after what the buffer holds: copying it
    /// into the buffer cost as much as the write.
    public func write(_ bytes: UnsafeBufferPointer<UInt8>) throws(OutputError) {
        guard bytes.count >= Self.directThreshold, let base = bytes.baseAddress else {
            buffer.append(contentsOf: bytes)
            if buffer.count >= Self.flushThreshold { try flush() }
            return
        }
        try flush()
        try writeAll(base, count: bytes.count)
        length += bytes.count
    }

    /// Buffers the text's UTF-8 bytes, writing them through when the buffer is full.
    public func write(_ text: String) throws(OutputError) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.flushThreshold { try flush() }
    }

    /// Writes the buffered bytes through to the file (not yet committed).
    public func flush() throws(OutputError) {
        guard !buffer.isEmpty else { return }
        let failure = buffer.withUnsafeBytes { raw -> OutputError? in
            do throws(OutputError) {
                try writeAll(raw.baseAddress!, count: raw.count)
                return nil
            } catch {
                return error
            }
        }
        if let failure { throw failure }
        length += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes `count` bytes from `bytes` to the file, however many calls that takes.
    private func writeAll(_ bytes: UnsafeRawPointer, count: Int) throws(OutputError) {
        var offset = 0
        while offset < count {
            let written = systemWrite(descriptor, bytes + offset, count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw error("write failed: \(Self.reason())")
            }
            offset += written
        }
    }

    /// Flushes, syncs and renames the file into place.
    public func commit() throws(OutputError) {
        try flush()
        guard let temporaryPath else {
            if descriptor > STDERR_FILENO { systemClose(descriptor) }
            descriptor = -1
            return
        }
        if fsync(descriptor) != 0 && errno != EINVAL { throw error("write failed: \(Self.reason())") }
        if systemClose(descriptor) != 0 { throw error("write failed: \(Self.reason())") }
        descriptor = -1
        if rename(temporaryPath, path) != 0 {
            let reason = Self.reason()
            unlink(temporaryPath)
            throw error("cannot move the finished file into place: \(reason)")
        }
        self.temporaryPath = nil
    }

    /// Removes the temporary file; the target is left as it was before the run.
    public func discard() {
        if descriptor > STDERR_FILENO { systemClose(descriptor) }
        descriptor = -1
        buffer.removeAll()
        if let temporaryPath { unlink(temporaryPath) }
        temporaryPath = nil
    }

    /// Creates `folder` and its parents, saying which one failed and why (`mkdir`'s own reason:
    /// "Permission denied", "Not a directory", "Read-only file system").
    private func createFolder(_ folder: String) throws(OutputError) {
        var info = stat()
        if stat(folder, &info) == 0 {
            if info.st_mode & S_IFMT == S_IFDIR { return }
            throw error("cannot create its folder '\(Paths.display(folder))': it is a file")
        }
        let parent = Paths.directory(of: folder)
        if parent != folder { try createFolder(parent) }
        if mkdir(folder, 0o755) != 0 && errno != EEXIST {
            throw error("cannot create its folder '\(Paths.display(folder))': \(Self.reason())")
        }
    }

    private func error(_ message: String) -> OutputError { OutputError(path: path, message: message) }

    private static func reason() -> String { String(cString: strerror(errno)) }
}

/// A sink's output could not be written.
public struct OutputError: Error, Sendable, CustomStringConvertible {
    /// The output's path, or `-`.
    public var path: String
    /// What went wrong: "it is a folder", "write failed: No space left on device".
    public var message: String
    /// What to do about it, when there is something to do.
    public var help: String?

    /// An error writing `path`.
    public init(path: String, message: String, help: String? = nil) {
        self.path = path
        self.message = message
        self.help = help
    }

    /// "cannot write 'out/x.jsonl': reason; help".
    public var description: String {
        let name = path == "-" ? "standard output" : "'\(Paths.display(path))'"
        return "cannot write \(name): \(message)" + (help.map { "; \($0)" } ?? "")
    }
}

// File-scope wrappers: inside `OutputFile`, `open`, `write` and `close` name its own methods.
private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t = 0) -> Int32 { open(path, flags, mode) }
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }
@discardableResult private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
