import PipeKit
internal import Synchronization

/// Encodes a document as its JSON Lines record, on any thread: the `prepare` half of the JSON Lines
/// and JSON sinks.
///
/// Workers encode at once, each with a writer from a small pool: a writer keeps the digits of the
/// numbers it wrote lately (an entity's confidence is one of a few values), which a writer made
/// afresh for every document would work out again each time.
final class JSONRecordEncoder: DocumentPreparer {
    let encoding: DocumentEncoding
    /// Ends the record with a line feed, as JSON Lines does.
    let lineEnd: Bool
    /// Writers not in use; at most one per worker that encoded at the same time.
    private let writers = Mutex<[JSONWriter]>([])

    init(encoding: DocumentEncoding, lineEnd: Bool) {
        self.encoding = encoding
        self.lineEnd = lineEnd
    }

    func prepare(_ document: Document) -> JSONWriter {
        var writer = writers.withLock { $0.popLast() } ?? JSONWriter()
        document.writeJSON(to: &writer, encoding: encoding)
        if lineEnd { writer.raw("\n") }
        let record = writer.takeRecord()
        writers.withLock { $0.append(writer) }
        return record
    }
}
