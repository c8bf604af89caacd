import Foundation
import PipeKit
import Synchronization

@testable import BuiltinStages

/// The reader fixtures in `Fixtures/inputs` (see the README there), and a way to read them.
enum ReaderFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/inputs")

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// The path as documents and messages show it.
    static func shown(_ name: String) -> String { Paths.display(path(name)) }

    /// The golden text for a fixture: the file without its final newline.
    static func golden(_ name: String) throws -> String {
        String(try String(contentsOfFile: path(name), encoding: .utf8).dropLast())
    }

    /// What the `files` reader makes of fixtures (or of any paths).
    static func read(
        _ names: [String], format: InputFormat? = nil, options: FormatOptions = .standard
    ) throws -> Collector {
        let collector = Collector()
        let reader = FilesReader(
            patterns: names.map { $0.hasPrefix("/") ? $0 : path($0) }, format: format, options: options)
        try reader.read(into: collector.output)
        return collector
    }

    static func read(_ name: String, format: InputFormat? = nil, options: FormatOptions = .standard) throws
        -> Collector
    {
        try read([name], format: format, options: options)
    }
}

/// Keeps what a reader emits and reports, in order.
final class Collector: Sendable {
    private let state = Mutex<(documents: [Document], failures: [DocumentFailure])>(([], []))

    var output: ReaderOutput {
        ReaderOutput(
            emit: { document in self.state.withLock { $0.documents.append(document) } },
            fail: { failure in self.state.withLock { $0.failures.append(failure) } })
    }

    var documents: [Document] { state.withLock { $0.documents } }
    var failures: [DocumentFailure] { state.withLock { $0.failures } }
    var messages: [String] { failures.map(\.message) }
}

extension FormatOptions {
    /// The defaults a pipeline file gets.
    static let standard = FormatOptions(
        fields: RecordFields(text: "text", id: "id"), columns: RecordFields(text: "text", id: "id"),
        delimiter: nil, invalidUTF8: .error)

    func with(_ change: (inout FormatOptions) -> Void) -> FormatOptions {
        var copy = self
        change(&copy)
        return copy
    }
}

/// A temporary file holding `bytes`, removed when the value goes away.
final class TemporaryFile {
    let path: String

    init(_ bytes: [UInt8], name: String = "input") throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("readers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    convenience init(_ text: String, name: String = "input") throws {
        try self.init(Array(text.utf8), name: name)
    }

    deinit { try? FileManager.default.removeItem(atPath: Paths.directory(of: path)) }

    /// A stream over the file, read `chunk` bytes at a time.
    func stream(chunk: Int = 1 << 16, invalid: TextDecoding.InvalidPolicy = .error) -> BuiltinStages.InputStream {
        InputStream(descriptor: open(path, O_RDONLY), name: path, owns: true, invalid: invalid, chunk: chunk)
    }
}
