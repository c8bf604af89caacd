import PipeKit
internal import Synchronization

/// The running copies of one `command` stage's program: at most one per worker, started on first
/// use, reused for every later document, closed when the run ends.
///
/// A worker checks a process out for one document and back in after, so each process serves one
/// document at a time and the pool never holds more processes than the run has workers.
final class ProcessPool: Sendable {
    /// Whether a program that failed is started again for the next document.
    enum RestartPolicy: String, Sendable {
        case onFailure = "on-failure"
        case never
    }

    let command: CommandLine
    let restart: RestartPolicy
    private let state = Mutex(State())

    private struct State {
        var idle: [ChildProcess] = []
        /// With `restart: never`, why the stage serves no more documents.
        var stopped: String?
    }

    init(command: CommandLine, restart: RestartPolicy) {
        self.command = command
        self.restart = restart
    }

    /// An idle process, or a new one when all are busy.
    func checkout() throws(StageError) -> ChildProcess {
        let (process, stopped) = state.withLock { state in
            state.stopped == nil ? (state.idle.popLast(), nil) : (nil, state.stopped)
        }
        if let stopped { throw StageError(stopped) }
        if let process { return process }
        do {
            return try ChildProcess.start(command)
        } catch {
            throw broken(error.message, tail: [])
        }
    }

    /// Returns a process that answered well, for the next document.
    func checkin(_ process: ChildProcess) {
        state.withLock { $0.idle.append(process) }
    }

    /// Kills a process that failed and returns the error for its document, with the program's
    /// last lines on stderr.
    func discard(_ process: ChildProcess, _ failure: CommandFailure) -> StageError {
        broken(failure.message, tail: process.kill())
    }

    /// Closes every process: stdin first, for all at once, then up to two seconds for each to exit
    /// before it is stopped. Leaves the pool ready to start processes for another run.
    func finish() {
        let processes = state.withLock { state in
            state.stopped = nil
            defer { state.idle = [] }
            return state.idle
        }
        for process in processes { process.endInput() }
        let deadline = ContinuousClock.now.advanced(by: .seconds(2))
        for process in processes { process.finish(until: deadline) }
    }

    private func broken(_ message: String, tail: [String]) -> StageError {
        var text = message
        if !tail.isEmpty {
            text += "; its last lines on stderr:\n" + tail.map { "    " + $0 }.joined(separator: "\n")
        }
        if restart == .never {
            state.withLock { state in
                state.stopped =
                    state.stopped
                    ?? "program '\(command.display)' failed on an earlier document, and 'restart: never' "
                    + "keeps it stopped"
            }
        }
        return StageError(text)
    }
}
