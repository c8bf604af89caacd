/// What a run did: counts, per-stage time, and how it ended.
public struct RunReport: Sendable {
    /// How a run ended.
    public enum Outcome: Sendable {
        case completed
        /// Stopped by SIGINT: sinks hold every document that reached them, complete.
        case interrupted
        case failed(RunError)
    }

    /// How the run ended.
    public var outcome: Outcome
    /// Documents the readers produced (failed inputs included).
    public var documentsRead = 0
    /// Text bytes the readers produced.
    public var bytesRead = 0
    /// Documents that reached the sinks (a split document counts each part).
    public var documentsWritten = 0
    /// Documents a transformer dropped.
    public var documentsDropped = 0
    /// Documents that failed in a reader or a transformer.
    public var documentsFailed = 0
    /// Documents left out by `--shard`.
    public var documentsOutsideShard = 0
    /// Documents skipped because the resumed run's journal lists them as done.
    public var documentsResumed = 0
    /// Per-stage counts and time, in pipeline order.
    public var stages: [StageStatistics] = []
    /// Wall time of the whole run.
    public var seconds: Double = 0

    /// A report with nothing counted yet.
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
    /// The stage's id in the pipeline.
    public var id: String
    /// The stage's type.
    public var type: String
    /// Reader, transformer or sink.
    public var kind: StageKind
    /// Documents the stage handled.
    public var documents = 0
    /// Text bytes the stage handled.
    public var bytes = 0
    /// CPU time the stage's threads spent in it, summed over workers (so it can exceed the wall time).
    ///
    /// Time spent waiting is left out: for a free in-flight slot, for the disk, for a core on a busy
    /// machine, and for another process (a `command` stage's program runs outside this count).
    public var seconds: Double = 0

    /// Empty statistics for one stage.
    public init(id: String, type: String, kind: StageKind) {
        self.id = id
        self.type = type
        self.kind = kind
    }

    /// Text megabytes per second of time spent in the stage.
    public var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) / 1_000_000 / seconds : 0 }
}

/// Why a run failed: which document, which stage, and the reason. `pipe` exits 1.
public struct RunError: Error, Sendable, CustomStringConvertible {
    /// The document that failed, when one did.
    public var documentID: String?
    /// Where that document came from.
    public var source: String?
    /// The id of the stage that failed.
    public var stage: String?
    /// Why, in the stage's words.
    public var message: String

    /// A failure of `stage` on `documentID` (from `source`) for `message`.
    public init(documentID: String? = nil, source: String? = nil, stage: String? = nil, message: String) {
        self.documentID = documentID
        self.source = source
        self.stage = stage
        self.message = message
    }

    /// "stage 'x', document 'y' (path): message".
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
