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

    @Flag(
        help: ArgumentHelp(
            "Continue the last unfinished run of this pipeline: skip the documents its journal lists, "
                + "append to its outputs."))
    var resume = false

    @Option(
        help: ArgumentHelp(
            "Make every output durable and record a checkpoint after N documents (and every 2 seconds).",
            valueName: "N"))
    var checkpointEvery = 10_000

    func validate() throws {
        if checkpointEvery < 1 { throw ValidationError("Please specify a '--checkpoint-every' of at least 1.") }
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
        let journal = try RunJournalChoice(command: self, pipeline: pipeline).open()
        var options = RunOptions(
            concurrency: workers, shard: shard.flatMap(Shard.init), journal: journal,
            warn: { Terminal.error("warning: \($0)") })
        options.checkpointEvery = checkpointEvery
        let runner = PipelineRunner(pipeline: pipeline, options: options)

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
        if let journal, report.exitCode != 0, RunJournal.exists(at: journal.path) {
            Terminal.error(
                "note: the run journal '\(Paths.display(journal.path))' keeps what every output committed; "
                    + "add --resume to the same command to continue from there")
        }
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
}

/// Whether this run keeps a journal, and which: a new one, or the unfinished run's for `--resume`.
///
/// The journal lives in `.pipe/` beside the pipeline file, named after the file, and after the
/// command-line arguments that change what the run writes (`--var`, `--input`, `--shard`), so that
/// runs of one file with different arguments, such as shards, keep separate journals.
struct RunJournalChoice {
    let command: RunCommand
    let pipeline: Pipeline

    /// The journal to run with; `nil` when a sink cannot resume (a warning says why when that matters).
    func open() throws -> RunJournal? {
        let blocking = pipeline.sinks.filter { stage in
            !((stage.instance.sink as? any ResumableSink)?.canResume ?? false)
        }
        if let first = blocking.first {
            if command.resume {
                Terminal.error(
                    "error: --resume needs every sink to continue its output, and sink '\(first.id)' "
                        + "(\(first.type)\(first.type == "jsonl" || first.type == "csv" ? " to standard output" : "")) "
                        + "cannot: it writes its whole output when the run ends\n"
                        + "note: jsonl and csv sinks writing to a file, sqlite, and dead_letter can resume; "
                        + "run without --resume to start over")
                throw ExitCode(2)
            }
            return nil
        }
        let path = journalPath
        do {
            if command.resume {
                if RunJournal.exists(at: path) {
                    let journal = try RunJournal.resume(at: path, identity: identity)
                    Terminal.error(
                        "resuming: \(journal.completed.count) document(s) already committed by every output "
                            + "will be skipped")
                    return journal
                }
                Terminal.error(
                    "note: no unfinished run to resume (no journal at '\(Paths.display(path))'); "
                        + "starting from the beginning")
            }
            let unfinished = !command.resume && RunJournal.exists(at: path)
            let journal = try RunJournal.start(at: path, identity: identity)
            if unfinished {
                Terminal.error(
                    "note: starting over: an unfinished run's journal '\(Paths.display(path))' is replaced "
                        + "(add --resume to continue that run instead)")
            }
            return journal
        } catch {
            if command.resume {
                Terminal.error("error: cannot resume: \(error)")
                throw ExitCode(2)
            }
            Terminal.error("warning: this run cannot be resumed: \(error)")
            return nil
        }
    }

    /// The arguments that change what the run writes, in a fixed order.
    private var arguments: [String] {
        command.pipelineFile.variables.sorted() + command.inputs.map { "input=\($0)" }
            + (command.shard.map { ["shard=\($0)"] } ?? [])
    }

    /// `.pipe/NAME.journal` beside the pipeline file; `.pipe/NAME.HASH.journal` with arguments.
    var journalPath: String {
        let file = Paths.resolve(pipeline.file, against: Paths.current)
        var name = file.split(separator: "/").last.map(String.init) ?? "pipeline"
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { name = String(name[..<dot]) }
        let suffix = arguments.isEmpty ? "" : "." + Self.hex(Shard.hash(arguments.joined(separator: "\u{0}")))
        return "\(Paths.directory(of: file))/.pipe/\(name)\(suffix).journal"
    }

    /// A hash of the pipeline file's bytes and the arguments: a resumed run must match it.
    var identity: String {
        let file = Paths.resolve(pipeline.file, against: Paths.current)
        let contents = FileManager.default.contents(atPath: file).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return Self.hex(Shard.hash(contents + "\u{0}" + arguments.joined(separator: "\u{0}")))
    }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
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
