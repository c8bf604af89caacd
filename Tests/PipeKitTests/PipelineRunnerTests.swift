import Foundation
import Synchronization
import Testing

@testable import PipeKit

struct PipelineRunnerTests {
    func pipeline(
        _ texts: [String], _ transformers: [any Transformer], sinks: [MemorySink],
        settings: RunSettings = RunSettings()
    ) -> Pipeline {
        Pipeline(
            name: "test", file: "test.yaml", settings: settings,
            readers: [Stage(id: "memory", type: "memory", instance: MemoryReader(texts: texts))],
            transformers: transformers.enumerated().map { Stage(id: "t\($0.offset)", type: "t", instance: $0.element) },
            sinks: sinks.enumerated().map { Stage(id: "s\($0.offset)", type: "memory", instance: SinkBox($0.element)) })
    }

    func run(_ pipeline: Pipeline, concurrency: Int = 2) -> RunReport {
        PipelineRunner(pipeline: pipeline, options: RunOptions(concurrency: concurrency)).run()
    }

    @Test(arguments: [1, 2, 8])
    func sinksSeeDocumentsInInputOrderAtAnyConcurrency(concurrency: Int) {
        let texts = (0..<2000).map { "document \($0) " + String(repeating: "x", count: $0 % 13) }
        let first = MemorySink()
        let second = MemorySink()
        let report = run(
            pipeline(texts, [TestStages.Busy(), TestStages.Upper()], sinks: [first, second]),
            concurrency: concurrency)
        #expect(report.exitCode == 0)
        #expect(report.documentsRead == 2000)
        #expect(first.documents.map(\.text) == texts.map { $0.uppercased() })
        #expect(second.documents.map(\.id) == first.documents.map(\.id))
        #expect(first.isFinished && !first.isAborted)
    }

    @Test func unorderedRunsDeliverTheSameSet() {
        let texts = (0..<1000).map { "doc \($0) " + String(repeating: "y", count: $0 % 11) }
        let sink = MemorySink()
        let report = run(
            pipeline(texts, [TestStages.Busy()], sinks: [sink], settings: RunSettings(ordered: false)),
            concurrency: 4)
        #expect(report.exitCode == 0)
        #expect(Set(sink.documents.map(\.id)) == Set((1...1000).map { "doc-\($0)" }))
        #expect(sink.documents.count == 1000)
    }

    @Test func droppedAndSplitDocumentsKeepTheirPlace() {
        let sink = MemorySink()
        let report = run(
            pipeline(
                ["a", "drop me", "b|c|d", "e"], [TestStages.DropOrSplit(), TestStages.Upper()],
                sinks: [sink]))
        #expect(sink.documents.map(\.text) == ["A", "B", "C", "D", "E"])
        #expect(sink.documents.map(\.id) == ["doc-1", "doc-3.0", "doc-3.1", "doc-3.2", "doc-4"])
        #expect(report.documentsDropped == 1)
        #expect(report.documentsWritten == 5)
    }

    @Test func onErrorFailStopsTheRunNamingDocumentAndStageAndDiscardsOutputs() {
        let sink = MemorySink()
        let texts = (0..<500).map { $0 == 250 ? "please fail" : "fine \($0)" }
        let report = run(pipeline(texts, [TestStages.Upper()], sinks: [sink]))
        guard case .failed(let error) = report.outcome else {
            Issue.record("expected a failure, got \(report.outcome)")
            return
        }
        #expect(report.exitCode == 1)
        #expect(error.documentID == "doc-251")
        #expect(error.stage == "t0")
        #expect(error.description == "stage 't0', document 'doc-251': refused 'please fail'")
        #expect(sink.isAborted && !sink.isFinished)
    }

    @Test func onErrorSkipGoesOnAndDeadLetterHoldsExactlyTheFailedDocuments() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pipe-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sink = MemorySink()
        let texts = (0..<300).map { $0 % 100 == 7 ? "fail \($0)" : "ok \($0)" }
        let warnings = WarningLog()
        let settings = RunSettings(onError: .skip, deadLetter: folder + "/failed/dead.jsonl")
        let report = PipelineRunner(
            pipeline: pipeline(texts, [TestStages.Upper()], sinks: [sink], settings: settings),
            options: RunOptions(concurrency: 2, warn: warnings.append)
        ).run()
        #expect(report.exitCode == 0)
        #expect(report.documentsFailed == 3)
        #expect(sink.documents.count == 297)
        #expect(warnings.lines.count == 3)
        #expect(warnings.lines.first == "skipped stage 't0', document 'doc-8': refused 'fail 7'")
        let lines = try String(contentsOfFile: folder + "/failed/dead.jsonl", encoding: .utf8)
            .split(separator: "\n").map { try JSONParser.parse(String($0)) }
        #expect(lines.map { $0["id"]?.stringValue } == ["doc-8", "doc-108", "doc-208"])
        #expect(
            lines.allSatisfy { $0["stage"] == "t0" && $0["document"]?["text"]?.stringValue?.hasPrefix("fail") == true })
        #expect(lines[0]["error"] == "refused 'fail 7'")
    }

    @Test func aFailingSinkFailsTheRunAndEverySinkIsDiscarded() {
        final class BrokenSink: Sink {
            var count = 0
            struct Full: Error, CustomStringConvertible { var description: String { "no space left on device" } }
            func write(_ document: Document) throws {
                count += 1
                if count == 10 { throw Full() }
            }
            func finish() throws {}
        }
        let healthy = MemorySink()
        let texts = (0..<100).map { "text \($0)" }
        let pipeline = Pipeline(
            name: "test", file: "test.yaml",
            readers: [Stage(id: "memory", type: "memory", instance: MemoryReader(texts: texts))],
            transformers: [],
            sinks: [
                Stage(id: "broken", type: "x", instance: SinkBox(BrokenSink())),
                Stage(id: "healthy", type: "memory", instance: SinkBox(healthy)),
            ])
        let report = run(pipeline)
        guard case .failed(let error) = report.outcome else {
            Issue.record("expected a failure")
            return
        }
        #expect(error.description == "stage 'broken', document 'doc-10': no space left on device")
        #expect(healthy.isAborted && !healthy.isFinished)
    }

    @Test func anInterruptStopsReadingAndCommitsWhatReachedTheSinks() {
        struct Endless: Reader {
            func read(into output: ReaderOutput) throws {
                var number = 0
                while true {
                    number += 1
                    try output.emit(Document(id: "n\(number)", text: "text \(number)"))
                }
            }
        }
        let sink = MemorySink()
        let pipeline = Pipeline(
            name: "endless", file: "endless.yaml",
            readers: [Stage(id: "endless", type: "endless", instance: Endless())], transformers: [],
            sinks: [Stage(id: "memory", type: "memory", instance: SinkBox(sink))])
        let runner = PipelineRunner(pipeline: pipeline, options: RunOptions(concurrency: 2))
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(200)) { runner.interrupt() }
        let report = runner.run()
        #expect(report.exitCode == 130)
        #expect(sink.isFinished)
        #expect(!sink.documents.isEmpty)
        #expect(sink.documents.map(\.id) == (1...sink.documents.count).map { "n\($0)" })
        #expect(report.documentsWritten == sink.documents.count)
    }

    @Test func aReaderFailureFollowsOnError() {
        struct HalfBroken: Reader {
            func read(into output: ReaderOutput) throws {
                try output.emit(Document(id: "a", text: "fine"))
                try output.fail(DocumentFailure(id: "b", source: "b.txt", message: "invalid UTF-8 at byte 3"))
                try output.emit(Document(id: "c", text: "fine too"))
            }
        }
        for policy in RunSettings.ErrorPolicy.allCases {
            let sink = MemorySink()
            let pipeline = Pipeline(
                name: "r", file: "r.yaml", settings: RunSettings(onError: policy),
                readers: [Stage(id: "files", type: "files", instance: HalfBroken())], transformers: [],
                sinks: [Stage(id: "memory", type: "memory", instance: SinkBox(sink))])
            let report = run(pipeline)
            #expect(report.documentsFailed == 1)
            if policy == .skip {
                #expect(report.exitCode == 0)
                #expect(sink.documents.map(\.id) == ["a", "c"])
            } else {
                #expect(report.exitCode == 1)
                guard case .failed(let error) = report.outcome else { continue }
                #expect(error.description == "stage 'files', document 'b' (b.txt): invalid UTF-8 at byte 3")
            }
        }
    }

    @Test func shardsSplitTheCorpusWithoutOverlap() {
        let texts = (0..<400).map { "t\($0)" }
        var seen: [String] = []
        for index in 0..<3 {
            let sink = MemorySink()
            let runner = PipelineRunner(
                pipeline: pipeline(texts, [], sinks: [sink]),
                options: RunOptions(concurrency: 2, shard: Shard(index: index, count: 3)))
            let report = runner.run()
            #expect(report.documentsRead + report.documentsOutsideShard == 400)
            seen += sink.documents.map(\.id)
        }
        #expect(seen.sorted() == (1...400).map { "doc-\($0)" }.sorted())
    }

    @Test func aCheckpointSyncsOutputsWhileTheSinksWriteOn() throws {
        /// Counts its writes; its first `makeDurable` waits up to five seconds for a write after it began.
        final class SlowSyncSink: ResumableSink, Sendable {
            let writes = Mutex(0)
            let syncs = Mutex(0)
            let wroteDuringFirstSync = Mutex(false)
            var canResume: Bool { true }
            func open(resuming state: String?) throws {}
            func write(_ document: Document) throws { writes.withLock { $0 += 1 } }
            func checkpoint() throws -> String { String(writes.withLock { $0 }) }
            func makeDurable() throws {
                guard
                    syncs.withLock({
                        $0 += 1; return $0 == 1
                    })
                else { return }
                let before = writes.withLock { $0 }
                let deadline = ContinuousClock.now + .seconds(5)
                while ContinuousClock.now < deadline {
                    if writes.withLock({ $0 }) > before { return wroteDuringFirstSync.withLock { $0 = true } }
                    usleep(1000)
                }
            }
            func suspend() {}
            func finish() throws {}
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pipe-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let sink = SlowSyncSink()
        let pipeline = Pipeline(
            name: "sync", file: "sync.yaml",
            readers: [Stage(id: "memory", type: "memory", instance: MemoryReader(texts: (0..<2000).map { "t\($0)" }))],
            transformers: [Stage(id: "busy", type: "busy", instance: TestStages.Busy())],
            sinks: [Stage(id: "slow", type: "slow", instance: SinkBox(sink))])
        var options = RunOptions(
            concurrency: 2, journal: try RunJournal.start(at: folder + "/run.journal", identity: "x"))
        options.checkpointEvery = 10
        let report = PipelineRunner(pipeline: pipeline, options: options).run()
        #expect(report.exitCode == 0)
        #expect(sink.writes.withLock { $0 } == 2000)
        #expect(sink.syncs.withLock { $0 } > 1)
        #expect(sink.wroteDuringFirstSync.withLock { $0 })
    }

    @Test func theBytesInFlightAreBoundedAndALargerDocumentGoesAlone() {
        let sink = MemorySink()
        let sizes = Array(repeating: 100_000, count: 20) + [1_000_000] + Array(repeating: 100_000, count: 20)
        let reader = SizedDocuments(sizes: sizes, sink: sink)
        let pipeline = Pipeline(
            name: "test", file: "test.yaml", settings: RunSettings(),
            readers: [Stage(id: "sized", type: "sized", instance: reader)],
            transformers: [Stage(id: "slow", type: "slow", instance: TestStages.Slow())],
            sinks: [Stage(id: "s0", type: "memory", instance: SinkBox(sink))])
        var options = RunOptions(concurrency: 2)
        options.bytesInFlight = 300_000
        let report = PipelineRunner(pipeline: pipeline, options: options).run()
        #expect(report.exitCode == 0)
        #expect(sink.documents.map(\.text.utf8.count) == sizes)
        // Read and not yet written, when each document was let in: at most three of 100 kB (64
        // without the bound), and the large one with nothing else.
        var unwritten = reader.unwritten.values
        #expect(unwritten.remove(at: 20) == 1_000_000)
        #expect(unwritten.max() ?? 0 <= 300_000)
    }

    @Test func statisticsCountEveryStage() {
        let sink = MemorySink()
        let report = run(
            pipeline(["aa", "bbb", "drop"], [TestStages.DropOrSplit(), TestStages.Upper()], sinks: [sink]))
        #expect(report.stages.map(\.id) == ["memory", "t0", "t1", "s0"])
        #expect(report.stages.map(\.documents) == [3, 3, 2, 2])
        #expect(report.stages[1].bytes == 9)
        #expect(report.bytesRead == 9)
    }
}

/// Emits documents of the given sizes and notes, as each is let in, how many bytes have been read
/// and not yet written by `sink`: no more than the bytes in flight.
struct SizedDocuments: Reader {
    final class Log: Sendable {
        private let storage = Mutex<[Int]>([])
        var values: [Int] { storage.withLock { $0 } }
        func append(_ value: Int) { storage.withLock { $0.append(value) } }
    }

    /// Made beforehand, so that the reader is faster than the workers.
    let texts: [String]
    let sink: MemorySink
    let unwritten = Log()

    init(sizes: [Int], sink: MemorySink) {
        texts = sizes.map { String(repeating: "x", count: $0) }
        self.sink = sink
    }

    func read(into output: ReaderOutput) throws {
        var read = 0
        for (index, text) in texts.enumerated() {
            try output.emit(Document(id: "doc-\(index + 1)", text: text))
            read += text.utf8.count
            unwritten.append(read - sink.documents.reduce(0) { $0 + $1.text.utf8.count })
        }
    }
}

/// Collects warnings from the runner's callback, which may come from any thread.
final class WarningLog: Sendable {
    private let storage = Mutex<[String]>([])

    var lines: [String] { storage.withLock { $0 } }

    @Sendable func append(_ line: String) { storage.withLock { $0.append(line) } }
}
