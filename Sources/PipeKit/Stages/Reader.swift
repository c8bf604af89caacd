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

    /// An output that hands documents to `emit`, failures to `fail`, and totals to `expect`.
    public init(
        emit: @escaping @Sendable (Document) throws -> Void,
        fail: @escaping @Sendable (DocumentFailure) throws -> Void,
        expect: @escaping @Sendable (_ documents: Int?, _ bytes: Int?) -> Void = { _, _ in }
    ) {
        emitDocument = emit
        reportFailure = fail
        announceTotals = expect
    }

    /// Sends one document down the pipeline; blocks while the pipeline is full.
    public func emit(_ document: Document) throws { try emitDocument(document) }

    /// Reports an input that could not become a document (unreadable file, invalid UTF-8, a
    /// broken record). The pipeline's `on_error` decides: `fail` stops the run, `skip` counts it,
    /// and `dead_letter` keeps it. Reading goes on after this call returns.
    public func fail(_ failure: DocumentFailure) throws { try reportFailure(failure) }

    /// Tells the progress display how much is coming, when the reader knows in advance.
    public func expect(documents: Int?, bytes: Int?) { announceTotals(documents, bytes) }
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
