/// A stage that receives documents, one at a time, and keeps them somewhere.
///
/// The runner confines each sink to one serial queue: `open`, every `write`, and then exactly one
/// of `finish` or `abort` are called in that order and never at once, so a sink may keep mutable
/// state without locks. Documents arrive in input order unless the pipeline says `ordered: false`.
///
/// A sink that writes a file must never leave a half-written file that looks whole: write to a
/// temporary file and rename it in `finish` (`OutputFile` does exactly that).
public protocol Sink: AnyObject {
    /// Acquires what the sink writes to. Called once, before the first document; building a stage
    /// must not touch the file system, because `pipe validate` builds stages too.
    func open() throws
    func write(_ document: Document) throws
    /// Flushes and commits the output: the run succeeded, or was interrupted and every document
    /// that reached this sink is complete.
    func finish() throws
    /// Discards the output: the run failed. Must not throw; best effort.
    func abort()
}

extension Sink {
    /// Does nothing: a sink that writes nowhere until `finish` needs no `open`.
    public func open() throws {}
    /// Does nothing: a sink that kept nothing has nothing to discard.
    public func abort() {}
}
