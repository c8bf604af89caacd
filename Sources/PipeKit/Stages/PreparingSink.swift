/// A sink that encodes each document on the worker that finished it, so that its own serial queue
/// only appends the encoded bytes.
///
/// Whatever a sink does for every document on its one queue bounds the run once the transformers
/// are spread over the cores: two workers are twice as fast only while the serial part is small.
/// Encoding (a JSON Lines record, CSV rows) is most of a sink's work and needs nothing but the
/// document, so the runner asks `preparer` for it on the worker, right after the transformers,
/// and calls `write(_:prepared:)` with the result.
///
/// The `Sink` contract holds unchanged: `write(_:prepared:)` is called on the sink's queue, one
/// document at a time, in input order, between `open` and `finish`; a checkpoint or `finish` sees
/// every document written before it. A record that `prepare` threw for fails the document when the
/// sink reaches it in that order, as if `write` had thrown. `write(_:)` (for a caller that drives
/// the sink by hand) prepares and writes in one go.
public protocol PreparingSink: Sink {
    associatedtype Preparer: DocumentPreparer
    /// Read once, before the run starts; called from several workers at once from then on.
    var preparer: Preparer { get }
    /// Writes `document`, whose record `preparer` made, on the sink's queue.
    func write(_ document: Document, prepared: Preparer.Record) throws
}

/// Turns a document into a sink's record; called from several threads at once, so it may read
/// only what it was made with.
public protocol DocumentPreparer: Sendable {
    associatedtype Record: Sendable
    /// The record of `document`, as the sink will write it.
    func prepare(_ document: Document) throws -> Record
}

extension PreparingSink {
    /// Prepares and writes in one go, on the caller's thread.
    public func write(_ document: Document) throws {
        try write(document, prepared: try preparer.prepare(document))
    }
}
