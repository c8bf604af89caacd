internal import Foundation

#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

/// The record that lets `pipe run --resume` continue a run: which documents every sink has durably
/// committed, and the state each sink's output had at that point.
///
/// One JSON object a line. The first line names the pipeline (`identity`: a hash of the pipeline
/// file and the run's arguments); each later line is a checkpoint, appended and fsynced only after
/// every sink has made its output durable up to it:
///
///     {"journal":"pipe run","version":1,"pipeline":"9f2c…"}
///     {"checkpoint":1,"documents":["a.txt","b.txt"],"outputs":{"jsonl":"5120","dead_letter":"0"}}
///
/// A line cut short by a crash is ignored, so the journal never claims more than the outputs hold;
/// the outputs may hold more than the journal, which a resumed run cuts back to the recorded state.
///
/// `@unchecked Sendable`: `completed` and `outputs` never change after loading, and the runner
/// appends checkpoints from one serial queue only.
public final class RunJournal: @unchecked Sendable {
    /// Where the journal lives.
    public let path: String
    /// The ids of the documents that earlier runs finished and every sink committed.
    public let completed: Set<String>
    /// Each output's state at the last checkpoint, by sink id (and `dead_letter`).
    public let outputs: [String: String]
    /// Checkpoints recorded, by this run and the runs it resumes; none means nothing to resume.
    public private(set) var checkpoints: Int
    private var descriptor: Int32

    private init(path: String, completed: Set<String>, outputs: [String: String], checkpoints: Int, descriptor: Int32) {
        self.path = path
        self.completed = completed
        self.outputs = outputs
        self.checkpoints = checkpoints
        self.descriptor = descriptor
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// Whether a journal is at `path`: an earlier run of this pipeline did not finish.
    public static func exists(at path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// Starts a new journal at `path` for the pipeline `identity`, replacing any that is there.
    public static func start(at path: String, identity: String) throws(JournalError) -> RunJournal {
        do {
            try FileManager.default.createDirectory(
                atPath: Paths.directory(of: path), withIntermediateDirectories: true)
        } catch {
            throw JournalError(path: path, message: "cannot create its folder: \(error.localizedDescription)")
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        if descriptor < 0 { throw JournalError(path: path, message: "cannot write it: \(reason())") }
        try lock(descriptor, path: path)
        if ftruncate(descriptor, 0) != 0 { throw JournalError(path: path, message: "cannot write it: \(reason())") }
        let journal = RunJournal(path: path, completed: [], outputs: [:], checkpoints: 0, descriptor: descriptor)
        var writer = JSONWriter(capacity: 128)
        writer.beginObject()
        writer.key("journal")
        writer.string("pipe run")
        writer.key("version")
        writer.int(1)
        writer.key("pipeline")
        writer.string(identity)
        writer.endObject()
        writer.raw("\n")
        try journal.append(writer.bytes)
        return journal
    }

    /// Opens the journal at `path` to continue it; refuses one written for another pipeline.
    public static func resume(at path: String, identity: String) throws(JournalError) -> RunJournal {
        let descriptor = open(path, O_WRONLY | O_CLOEXEC)
        if descriptor < 0 { throw JournalError(path: path, message: "cannot write it: \(reason())") }
        try lock(descriptor, path: path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw JournalError(path: path, message: "cannot read it")
        }
        let bytes = [UInt8](data)
        var completed = Set<String>()
        var outputs: [String: String] = [:]
        var checkpoints = 0
        var validLength = 0
        var lineStart = 0
        var lineNumber = 0
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            lineNumber += 1
            let line = Array(bytes[lineStart..<index])
            lineStart = index + 1
            guard let record = try? JSONParser.parse(line) else { break }
            if lineNumber == 1 {
                guard record["journal"]?.stringValue == "pipe run", record["version"]?.intValue == 1 else {
                    throw JournalError(path: path, message: "it is not a pipe run journal")
                }
                if record["pipeline"]?.stringValue != identity {
                    throw JournalError(
                        path: path,
                        message: "the pipeline file changed since the run it records",
                        help: "put the file back as it was, or run without --resume to start over")
                }
            } else {
                guard let number = record["checkpoint"]?.intValue, let ids = record["documents"]?.arrayValue,
                    let states = record["outputs"]?.objectValue
                else { break }
                checkpoints = number
                for id in ids { if let id = id.stringValue { completed.insert(id) } }
                for (key, value) in states { if let value = value.stringValue { outputs[key] = value } }
            }
            validLength = lineStart
        }
        if lineNumber == 0 { throw JournalError(path: path, message: "it is empty or cut short") }
        if ftruncate(descriptor, off_t(validLength)) != 0 || lseek(descriptor, 0, SEEK_END) < 0 {
            throw JournalError(path: path, message: "cannot write it: \(reason())")
        }
        return RunJournal(
            path: path, completed: completed, outputs: outputs, checkpoints: checkpoints, descriptor: descriptor)
    }

    /// Records that every output is durable at `outputs` and holds the documents `ids`.
    public func record(ids: [String], outputs: [String: String]) throws(JournalError) {
        checkpoints += 1
        var writer = JSONWriter(capacity: 64 + ids.count * 24)
        writer.beginObject()
        writer.key("checkpoint")
        writer.int(checkpoints)
        writer.key("documents")
        writer.beginArray()
        for id in ids { writer.string(id) }
        writer.endArray()
        writer.key("outputs")
        writer.beginObject()
        for (key, value) in outputs.sorted(by: { $0.key < $1.key }) {
            writer.key(key)
            writer.string(value)
        }
        writer.endObject()
        writer.endObject()
        writer.raw("\n")
        try append(writer.bytes)
    }

    /// Deletes the journal, and its folder when nothing else is in it: the run finished and every
    /// output is in place.
    public func remove() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        unlink(path)
        rmdir(Paths.directory(of: path))
    }

    private func append(_ bytes: [UInt8]) throws(JournalError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw JournalError(path: path, message: "cannot write it: \(Self.reason())")
            }
            offset += written
        }
        if fsync(descriptor) != 0 { throw JournalError(path: path, message: "cannot write it: \(Self.reason())") }
    }

    private static func reason() -> String { String(cString: strerror(errno)) }

    /// Holds the journal for this process until it exits: two runs of one pipeline with the same
    /// arguments would write the same partial outputs.
    private static func lock(_ descriptor: Int32, path: String) throws(JournalError) {
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let busy = errno == EWOULDBLOCK
            close(descriptor)
            throw JournalError(
                path: path,
                message: busy
                    ? "another run of this pipeline, with the same arguments, is using it"
                    : "cannot lock it: \(reason())")
        }
    }
}

/// The run journal could not be written or does not fit the run.
public struct JournalError: Error, Sendable, CustomStringConvertible {
    /// The journal's path.
    public var path: String
    /// What went wrong.
    public var message: String
    /// What to do about it.
    public var help: String?

    /// An error about the journal at `path`.
    public init(path: String, message: String, help: String? = nil) {
        self.path = path
        self.message = message
        self.help = help
    }

    /// "run journal '.pipe/x.journal': message; help".
    public var description: String {
        "run journal '\(Paths.display(path))': \(message)" + (help.map { "; \($0)" } ?? "")
    }
}
