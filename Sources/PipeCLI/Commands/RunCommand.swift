internal import ArgumentParser
internal import Dispatch
internal import Foundation
internal import PipeKit
internal import Synchronization

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Runs a pipeline.",
        discussion: """
            Exit codes: 0 success; 1 the run failed (the message names the document, the stage and \
            why); 2 the pipeline file or the arguments are wrong; 130 interrupted (every output holds \
            complete records for the documents that reached it).
            """)

    @OptionGroup var pipelineFile: PipelineFileOptions

    @Option(help: "Transformer workers (default: the file's 'concurrency', else one per processor).")
    var concurrency: Int?

    @Option(
        name: .customLong("input"),
        help: ArgumentHelp(
            "Replaces the reader's paths (relative to the working directory; '-' is stdin).",
            valueName: "PATH"))
    var inputs: [String] = []

    @Option(help: "Show a progress bar on stderr: auto (on a terminal), always, never.")
    var progress: ProgressMode = .auto

    @Flag(help: "Print per-stage documents, time, share of time and MB/s when the run ends.")
    var stats = false

    @Option(
        help: ArgumentHelp(
            "Keep only shard I of N (0 ≤ I < N), by a stable hash of each document id.",
            valueName: "I/N"))
    var shard: String?

    func validate() throws {
        if let concurrency, concurrency < 1 {
            throw ValidationError("Please specify a '--concurrency' of at least 1.")
        }
        if let shard, Shard(shard) == nil {
            throw ValidationError("--shard expects I/N with 0 ≤ I < N, such as 0/4, not '\(shard)'.")
        }
    }

    func run() throws {
        let inputPaths = inputs.isEmpty ? nil : inputs.map { Paths.resolve($0, against: Paths.current) }
        let pipeline = try pipelineFile.load(inputPaths: inputPaths)
        let workers = concurrency ?? pipeline.settings.concurrency ?? ProcessInfo.processInfo.activeProcessorCount
        let runner = PipelineRunner(
            pipeline: pipeline,
            options: RunOptions(
                concurrency: workers, shard: shard.flatMap(Shard.init),
                warn: { Terminal.error("warning: \($0)") }))

        let interrupts = InterruptHandler { runner.interrupt() }
        let bar = progress.isEnabled ? ProgressBar(runner: runner) : nil
        bar?.start()
        let report = runner.run()
        bar?.stop()
        interrupts.cancel()

        if stats { Terminal.standardError(StatsTable(report: report).rendered) }
        if report.documentsFailed > 0, pipeline.settings.onError == .skip {
            Terminal.error(
                "warning: \(report.documentsFailed) document(s) failed and were skipped"
                    + (pipeline.settings.deadLetter.map { "; see \(Paths.display($0))" } ?? ""))
        }
        switch report.outcome {
        case .completed:
            break
        case .interrupted:
            Terminal.error(
                "interrupted: \(report.documentsWritten) document(s) written; "
                    + "every output holds complete records for the documents that reached it")
        case .failed(let error):
            Terminal.error("error: \(error)")
            if pipeline.settings.onError == .fail, error.documentID != nil, report.documentsFailed > 0 {
                Terminal.error("note: set 'on_error: skip' to leave failed documents out and go on")
            }
        }
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
}

enum ProgressMode: String, ExpressibleByArgument, CaseIterable {
    case auto, always, never

    var isEnabled: Bool {
        switch self {
        case .auto: Terminal.standardErrorIsTerminal
        case .always: true
        case .never: false
        }
    }
}

/// Turns SIGINT and SIGTERM into a graceful stop; a second signal exits at once.
///
/// `@unchecked Sendable`: the only state is the dispatch sources, which Dispatch documents as
/// safe to use from any thread but does not mark `Sendable`.
final class InterruptHandler: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]

    init(onInterrupt: @escaping @Sendable () -> Void) {
        let count = Counter()
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if count.increment() == 1 {
                    Terminal.error("\nstopping: finishing the documents in flight (press Ctrl-C again to quit now)")
                    onInterrupt()
                } else {
                    _exit(130)
                }
            }
            source.resume()
            return source
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
    }

    private final class Counter: Sendable {
        private let value = Mutex(0)

        func increment() -> Int {
            value.withLock {
                $0 += 1
                return $0
            }
        }
    }
}
