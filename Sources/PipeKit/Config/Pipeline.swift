/// A pipeline file after loading: every stage validated and built, ready to run.
public struct Pipeline: Sendable {
    public var name: String
    public var description: String?
    /// The pipeline file, as the user named it.
    public var file: String
    public var settings: RunSettings
    public var readers: [Stage<any Reader>]
    public var transformers: [Stage<any Transformer>]
    public var sinks: [Stage<SinkBox>]

    public init(
        name: String, description: String? = nil, file: String, settings: RunSettings = RunSettings(),
        readers: [Stage<any Reader>], transformers: [Stage<any Transformer>], sinks: [Stage<SinkBox>]
    ) {
        self.name = name
        self.description = description
        self.file = file
        self.settings = settings
        self.readers = readers
        self.transformers = transformers
        self.sinks = sinks
    }
}

/// One built stage and where it came from.
public struct Stage<Instance: Sendable>: Sendable {
    /// The `id` from the file, or the type (numbered when a type repeats: `jsonl`, `jsonl-2`).
    public var id: String
    public var type: String
    public var instance: Instance
    public var location: SourceLocation?

    public init(id: String, type: String, instance: Instance, location: SourceLocation? = nil) {
        self.id = id
        self.type = type
        self.instance = instance
        self.location = location
    }
}

/// Holds a sink for the runner, which confines it to one serial queue.
///
/// `@unchecked Sendable` is safe because the runner calls the sink only from that queue, one
/// call at a time (see `Sink`), and nothing else touches it after the pipeline is handed over.
public final class SinkBox: @unchecked Sendable {
    public let sink: any Sink

    public init(_ sink: any Sink) { self.sink = sink }
}

/// How a pipeline runs: the top-level settings of the file, which the command line may override.
public struct RunSettings: Sendable, Equatable {
    public enum ErrorPolicy: String, Sendable, CaseIterable {
        /// The first failed document stops the run (exit 1).
        case fail
        /// Failed documents are counted, reported and left out; the run goes on.
        case skip
    }

    /// Transformer workers; `nil` means one per active processor.
    public var concurrency: Int?
    public var ordered: Bool
    public var onError: ErrorPolicy
    /// A JSON Lines file that receives every failed document with its stage and error.
    public var deadLetter: String?

    public init(concurrency: Int? = nil, ordered: Bool = true, onError: ErrorPolicy = .fail, deadLetter: String? = nil)
    {
        self.concurrency = concurrency
        self.ordered = ordered
        self.onError = onError
        self.deadLetter = deadLetter
    }
}
