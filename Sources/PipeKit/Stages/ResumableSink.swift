/// A sink whose output `pipe run --resume` can continue after an interrupted or failed run.
///
/// During a journaled run the runner calls `open(resuming:)` instead of `open()`, and from time to
/// time `checkpoint()`, on the sink's queue like every other call. The sink writes to a partial
/// output at a stable place (a JSON Lines file's `.name.pipe-partial` beside the target) that a later
/// run can find again. `checkpoint` hands everything written so far on (a flush, or a committed
/// transaction) and returns a short state string; then `makeDurable()` makes that state durable (an
/// fsync) off the sink's queue, so that the writes go on meanwhile, and the run journal records the
/// state together with the ids of the documents that the checkpoint covers. A resumed run hands the last recorded
/// state back to `open(resuming:)`: the sink must cut its output back to exactly that state, dropping
/// whatever was written after it, and go on appending from there.
///
/// When the run fails, the runner calls `suspend()` instead of `abort()`: close, and keep the partial
/// output for `--resume`. `finish()` still moves the whole output into place.
public protocol ResumableSink: Sink {
    /// Whether this sink, as configured, can be continued; `false` for standard output.
    var canResume: Bool { get }
    /// Opens the partial output: empty for `nil`, else cut back to the state a checkpoint returned.
    func open(resuming state: String?) throws
    /// Hands everything written so far on and returns the state to continue from.
    func checkpoint() throws -> String
    /// Makes the state the last `checkpoint()` returned durable. Called on another thread than the
    /// sink's other calls, possibly while `write` goes on; never at the same time as `open`,
    /// `finish`, `abort` or `suspend`.
    func makeDurable() throws
    /// Closes the output and keeps the partial for a later `--resume`. Must not throw.
    func suspend()
}

extension ResumableSink {
    /// Nothing to do when `checkpoint()` itself makes its state durable, like a committed transaction.
    public func makeDurable() throws {}
}
