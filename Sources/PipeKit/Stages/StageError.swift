/// A stage could not process one document: what a transformer or sink throws for a reason a
/// person can act on.
///
/// The runner reports it as `stage 'ID', document 'DOC': MESSAGE` and the pipeline's `on_error`
/// decides whether the run goes on. Any error may be thrown; this one only saves a custom stage
/// from declaring its own type just to carry a sentence.
public struct StageError: Error, Sendable, CustomStringConvertible {
    /// What went wrong and, where it helps, what to do about it.
    public var message: String

    /// An error whose description is `message`.
    public init(_ message: String) { self.message = message }

    /// The message, as the runner prints it after the stage and document.
    public var description: String { message }
}
