/// A stage that produces documents: from files, standard input, or the pipeline file itself.
///
/// The runner calls `read` once, on a queue of its own, so it may block on I/O. It hands each
/// document to `output.emit`, which blocks while the pipeline is full (that is how memory stays
/// bounded) and throws `RunStopped` once the run is stopping: let that error propagate.
public protocol Reader: Sendable {
    func read(into output: ReaderOutput) throws
}

/// Where a reader puts what it reads.
public struct ReaderOutput: Sendable {
    let emitDocument: @Sendable (Document) throws -> Void
    let reportFailure: @Sendable (DocumentFailure) throws -> Void
    let announceTotals: @Sendable (_ documents: Int?, _ bytes: Int?) -> Void
    let emitPending: (@Sendable (PendingDocument) throws -> Void)?

    /// An output that hands documents to `emit`, failures to `fail`, and totals to `expect`.
    /// `emitPending`, when given, takes documents whose text is still to be made (the runner's,
    /// which makes them on a worker); without it they are made at once and go to `emit` or `fail`.
    public init(
        emit: @escaping @Sendable (Document) throws -> Void,
        fail: @escaping @Sendable (DocumentFailure) throws -> Void,
        expect: @escaping @Sendable (_ documents: Int?, _ bytes: Int?) -> Void = { _, _ in },
        emitPending: (@Sendable (PendingDocument) throws -> Void)? = nil
    ) {
        emitDocument = emit
        reportFailure = fail
        announceTotals = expect
        self.emitPending = emitPending
    }

    /// Sends one document down the pipeline; blocks while the pipeline is full.
    public func emit(_ document: Document) throws { try emitDocument(document) }

    /// Sends a document that `make` will build (reading a file, validating and decoding its bytes,
    /// converting Markdown): the runner calls `make` on a worker, so that work is spread over the
    /// cores instead of bounding the run on the reader's one thread, and never calls it for a
    /// document that `--shard` or `--resume` leaves out. A failure
    /// `make` throws is reported as if passed to `fail`, in the document's place in the input order.
    /// Blocks while the pipeline is full, like `emit`.
    ///
    /// - Parameters:
    ///   - id: The document's id (and its failure's), needed before it is made: `--resume` and
    ///     `--shard` decide by it.
    ///   - bytes: The input's size, for the progress display and statistics.
    public func emit(
        id: String, bytes: Int, making make: @escaping @Sendable () throws(DocumentFailure) -> Document
    ) throws {
        let pending = PendingDocument(id: id, bytes: bytes, make: make)
        if let emitPending { return try emitPending(pending) }
        switch pending.result() {
        case .success(let document): try emitDocument(document)
        case .failure(let failure): try reportFailure(failure)
        }
    }

    /// Reports an input that could not become a document (unreadable file, invalid UTF-8, a
    /// broken record). The pipeline's `on_error` decides: `fail` stops the run, `skip` counts it,
    /// and `dead_letter` keeps it. Reading goes on after this call returns.
    public func fail(_ failure: DocumentFailure) throws { try reportFailure(failure) }

    /// Tells the progress display how much is coming, when the reader knows in advance.
    public func expect(documents: Int?, bytes: Int?) { announceTotals(documents, bytes) }
}

/// A document a reader has read but not yet made: its id, its input's size, and how to make it.
public struct PendingDocument: Sendable {
    /// The id the document will have.
    public var id: String
    /// The input's size in bytes.
    public var bytes: Int
    let make: @Sendable () throws(DocumentFailure) -> Document

    /// The document, or why the input could not become one.
    public func result() -> Result<Document, DocumentFailure> {
        do throws(DocumentFailure) {
            return .success(try make())
        } catch {
            return .failure(error)
        }
    }
}

/// Thrown by `ReaderOutput.emit` when the run is stopping (a failure elsewhere, or an interrupt).
public struct RunStopped: Error, Sendable {
    /// The error `emit` throws once the run stops.
    public init() {}
}

/// An input that a reader could not turn into a document.
public struct DocumentFailure: Error, Sendable {
    /// The id the document would have had (a path, a line number).
    public var id: String
    /// Where the input came from: a path, or `-`.
    public var source: String
    /// Why it could not be read, for the person who runs the pipeline.
    public var message: String
    /// The raw input, when it is text worth keeping in the dead-letter file.
    public var text: String?

    /// An input `id` from `source` that failed for `message`; `text` is kept in the dead-letter file.
    public init(id: String, source: String, message: String, text: String? = nil) {
        self.id = id
        self.source = source
        self.message = message
        self.text = text
    }
}
