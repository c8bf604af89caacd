/// A pipeline file after loading: every stage validated and built, ready to run.
public struct Pipeline: Sendable {
    /// The `name`, or the file name without its extension.
    public var name: String
    /// The `description`, when the file has one.
    public var description: String?
    /// The pipeline file, as the user named it.
    public var file: String
    /// `concurrency`, `ordered`, `on_error` and `dead_letter`.
    public var settings: RunSettings
    /// The readers, run one after the other.
    public var readers: [Stage<any Reader>]
    /// The transformers, in order: every document goes through each.
    public var transformers: [Stage<any Transformer>]
    /// The sinks: every document that leaves the transformers reaches each.
    public var sinks: [Stage<SinkBox>]

    /// A pipeline built in code (tests, or a program that assembles stages itself).
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
    /// The stage type, as the registry names it (`jsonl`).
    public var type: String
    /// The built stage.
    public var instance: Instance
    /// Where the stage is declared in the pipeline file; `nil` for a stage built in code.
    public var location: SourceLocation?

    /// A stage with its id and type.
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
    /// The sink, called only from its serial queue.
    public let sink: any Sink

    /// Hands `sink` to the runner, which must then be the only one to call it.
    public init(_ sink: any Sink) { self.sink = sink }
}

/// How a pipeline runs: the top-level settings of the file, which the command line may override.
public struct RunSettings: Sendable, Equatable {
    /// What a failed document does to the run: the file's `on_error`.
    public enum ErrorPolicy: String, Sendable, CaseIterable {
        /// The first failed document stops the run (exit 1).
        case fail
        /// Failed documents are counted, reported and left out; the run goes on.
        case skip
    }

    /// Transformer workers; `nil` means one per active processor.
    public var concurrency: Int?
    /// Whether sinks see documents in input order (a reorder buffer) or as they finish.
    public var ordered: Bool
    /// What a failed document does to the run.
    public var onError: ErrorPolicy
    /// A JSON Lines file that receives every failed document with its stage and error.
    public var deadLetter: String?

    /// The settings a file gets when it sets none: one worker per processor, ordered, `on_error: fail`.
    public init(concurrency: Int? = nil, ordered: Bool = true, onError: ErrorPolicy = .fail, deadLetter: String? = nil)
    {
        self.concurrency = concurrency
        self.ordered = ordered
        self.onError = onError
        self.deadLetter = deadLetter
    }
}
