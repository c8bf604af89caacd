/// A stage that holds something to release when a run ends: child processes, connections,
/// temporary files.
///
/// Stages are built before a run (and by `pipe validate`, which never runs them), so a stage that
/// needs such a resource acquires it lazily, on first use, and releases it here. The runner calls
/// `finish` once per run, after the last document has left every transformer, whatever the
/// outcome (completed, failed or interrupted); no `transform` call is in progress or follows
/// during that run. A stage may be run again afterwards (`pipe test` runs one pipeline once per
/// case), so `finish` must leave it able to acquire the resource anew.
///
/// Only transformers are asked: readers end when `read` returns, and sinks have `finish`/`abort`.
public protocol Finishable: Sendable {
    /// Releases what the stage acquired during the run. Best effort: must not throw or hang.
    func finish()
}
