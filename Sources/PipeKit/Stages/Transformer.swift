/// A stage that changes or drops one document at a time.
///
/// The runner calls `transform` from several threads at once, so an implementation must not
/// mutate shared state; load read-only resources once when the stage is built (see
/// `BuildContext.resources`).
public protocol Transformer: Sendable {
    /// Changes `document` in place and says what becomes of it. Throwing fails this document
    /// only; the pipeline's `on_error` decides whether the run goes on.
    func transform(_ document: inout Document, context: StageContext) throws -> Disposition
}

/// What a transformer decided for one document.
public enum Disposition: Sendable {
    /// The document, as changed, goes on to the next stage.
    case keep
    /// The document leaves the pipeline; no sink sees it.
    case drop
    /// The document is replaced by these, in this order; each goes through the rest of the chain.
    case split([Document])
}

/// What a stage knows about where it runs.
public struct StageContext: Sendable {
    /// The stage's `id` in the pipeline file (its type when no id was given).
    public let stageID: String
    /// The pipeline's `name`.
    public let pipelineName: String

    /// A context for stage `stageID` of pipeline `pipelineName`.
    public init(stageID: String, pipelineName: String) {
        self.stageID = stageID
        self.pipelineName = pipelineName
    }
}
