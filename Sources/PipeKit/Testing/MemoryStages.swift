internal import Synchronization

/// A reader that emits documents held in memory: the test kit's input, as swift-log ships an
/// in-memory handler for tests.
public struct MemoryReader: Reader {
    public let documents: [Document]

    public init(_ documents: [Document]) { self.documents = documents }

    /// Documents `doc-1`… with the given texts.
    public init(texts: [String]) {
        documents = texts.enumerated().map { Document(id: "doc-\($0.offset + 1)", text: $0.element) }
    }

    public func read(into output: ReaderOutput) throws {
        output.expect(documents: documents.count, bytes: documents.reduce(0) { $0 + $1.text.utf8.count })
        for document in documents { try output.emit(document) }
    }
}

/// A sink that keeps every document it receives, for tests to inspect after the run.
public final class MemorySink: Sink, Sendable {
    private let state = Mutex(State())

    private struct State {
        var documents: [Document] = []
        var finished = false
        var aborted = false
    }

    public init() {}

    public func write(_ document: Document) throws { state.withLock { $0.documents.append(document) } }
    public func finish() throws { state.withLock { $0.finished = true } }
    public func abort() { state.withLock { $0.aborted = true } }

    public var documents: [Document] { state.withLock { $0.documents } }
    public var isFinished: Bool { state.withLock { $0.finished } }
    public var isAborted: Bool { state.withLock { $0.aborted } }
}
