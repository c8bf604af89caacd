internal import Synchronization

/// A reader that emits documents held in memory: the test kit's input, as swift-log ships an
/// in-memory handler for tests.
public struct MemoryReader: Reader {
    /// The documents `read` emits, in order.
    public let documents: [Document]

    /// A reader of these documents, ids and all.
    public init(_ documents: [Document]) { self.documents = documents }

    /// Documents `doc-1`… with the given texts.
    public init(texts: [String]) {
        documents = texts.enumerated().map { Document(id: "doc-\($0.offset + 1)", text: $0.element) }
    }

    /// Announces the count and size, then emits every document; stops when the run stops.
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

    /// An empty sink.
    public init() {}

    /// Keeps the document.
    public func write(_ document: Document) throws { state.withLock { $0.documents.append(document) } }
    /// Marks the sink finished: the run committed its outputs.
    public func finish() throws { state.withLock { $0.finished = true } }
    /// Marks the sink aborted: the run failed. The documents stay, for a test to inspect.
    public func abort() { state.withLock { $0.aborted = true } }

    /// Every document received, in the order received.
    public var documents: [Document] { state.withLock { $0.documents } }
    /// Whether the runner called `finish`.
    public var isFinished: Bool { state.withLock { $0.finished } }
    /// Whether the runner called `abort`.
    public var isAborted: Bool { state.withLock { $0.aborted } }
}
