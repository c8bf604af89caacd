/// What a run did: counts, per-stage time, and how it ended.
public struct RunReport: Sendable {
    public enum Outcome: Sendable {
        case completed
        /// Stopped by SIGINT: sinks hold every document that reached them, complete.
        case interrupted
        case failed(RunError)
    }

    public var outcome: Outcome
    public var documentsRead = 0
    public var bytesRead = 0
    /// Documents that reached the sinks (a split document counts each part).
    public var documentsWritten = 0
    public var documentsDropped = 0
    public var documentsFailed = 0
    /// Documents left out by `--shard`.
    public var documentsOutsideShard = 0
    public var stages: [StageStatistics] = []
    public var seconds: Double = 0

    public init(outcome: Outcome) { self.outcome = outcome }

    /// 0 success, 1 the run failed, 130 interrupted (DESIGN.md).
    public var exitCode: Int32 {
        switch outcome {
        case .completed: 0
        case .interrupted: 130
        case .failed: 1
        }
    }
}

/// Time and volume for one stage, summed over all workers.
public struct StageStatistics: Sendable {
    public var id: String
    public var type: String
    public var kind: StageKind
    public var documents = 0
    /// Text bytes the stage handled.
    public var bytes = 0
    /// Time spent inside the stage, summed over workers (so it can exceed the wall time).
    public var seconds: Double = 0

    public init(id: String, type: String, kind: StageKind) {
        self.id = id
        self.type = type
        self.kind = kind
    }

    public var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / 1_000_000 / seconds : 0 }
}

/// Why a run failed: which document, which stage, and the reason. `pipe` exits 1.
public struct RunError: Error, Sendable, CustomStringConvertible {
    public var documentID: String?
    public var source: String?
    public var stage: String?
    public var message: String

    public init(documentID: String? = nil, source: String? = nil, stage: String? = nil, message: String) {
        self.documentID = documentID
        self.source = source
        self.stage = stage
        self.message = message
    }

    public var description: String {
        var parts: [String] = []
        if let stage { parts.append("stage '\(stage)'") }
        if let documentID {
            let origin = source.map { $0 == documentID || $0 == "-" ? "" : " (\(Paths.display($0)))" } ?? ""
            parts.append("document '\(documentID)'\(origin)")
        }
        return (parts.isEmpty ? "" : parts.joined(separator: ", ") + ": ") + message
    }
}

/// A document a stage could not process, as the dead-letter file and the warnings report it.
struct FailedDocument: Sendable {
    var id: String
    var source: String
    var stage: String
    var message: String
    /// The document as it entered the failing stage; `nil` when a reader could not make one.
    var document: Document?
    var rawText: String?

    var runError: RunError { RunError(documentID: id, source: source, stage: stage, message: message) }

    func jsonLine() -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("id")
        writer.string(id)
        writer.key("source")
        writer.string(source)
        writer.key("stage")
        writer.string(stage)
        writer.key("error")
        writer.string(message)
        if let document {
            writer.key("document")
            document.writeJSON(to: &writer)
        } else if let rawText {
            writer.key("text")
            writer.string(rawText)
        }
        writer.endObject()
        writer.raw("\n")
        return writer.bytes
    }
}
