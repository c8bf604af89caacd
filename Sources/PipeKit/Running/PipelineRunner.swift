internal import Dispatch
internal import Synchronization

/// How to run a loaded pipeline: what the command line adds to the file's settings.
public struct RunOptions: Sendable {
    /// Transformer workers (at least one).
    public var concurrency: Int
    /// Keeps only one shard of the documents (`--shard I/N`); `nil` keeps all.
    public var shard: Shard?
    /// Receives warnings (a skipped document) as they happen; `pipe` prints them on stderr.
    public var warn: @Sendable (String) -> Void
    /// Makes the run resumable: every sink must be a `ResumableSink`. Documents the journal lists
    /// are skipped; the sinks continue from its states, and checkpoints are appended to it.
    public var journal: RunJournal?
    /// A checkpoint after this many finished documents, or `checkpointSeconds`, whichever comes first.
    public var checkpointEvery = 10_000
    /// A checkpoint after this many seconds with finished documents not yet recorded.
    public var checkpointSeconds = 2.0
    /// The bytes of the documents in flight together, at most (a larger document is in flight
    /// alone): with the in-flight count, what bounds a run's memory. On 40 documents of 5 MB,
    /// news-digest's stages peaked at 409–458 MB with 16 MiB, 864 MB without a bound, and 283 MB
    /// with one document at a time, which left one of two workers idle and took twice as long.
    public var bytesInFlight = 16 << 20

    /// Options for `concurrency` workers (at least one).
    public init(
        concurrency: Int, shard: Shard? = nil, journal: RunJournal? = nil,
        warn: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.concurrency = max(1, concurrency)
        self.shard = shard
        self.journal = journal
        self.warn = warn
    }
}

/// Runs a pipeline with Dispatch: the reader on its own queue feeds a bounded number of
/// in-flight documents to `concurrency` workers, each on its own queue, pulling the next document
/// from a shared queue and running it through the whole transformer chain; each sink drains on its
/// own serial queue, behind a reorder buffer when the pipeline is `ordered`.
///
/// The reader reads ahead while the workers are busy, up to the in-flight limit, so a worker that
/// finishes a document finds the next one waiting rather than waking the reader to read it.
///
/// A document holds one in-flight slot and its bytes from the moment it is read until every sink has
/// written it, so memory depends on the slot count and the bytes in flight, never on the corpus. Output order depends only on
/// input order, so the same input gives the same bytes at any concurrency.
public final class PipelineRunner: Sendable {
    private let pipeline: Pipeline
    private let options: RunOptions
    private let inFlight: InFlightSlots
    private let work = DispatchGroup()
    private let wake = DispatchSemaphore(value: 0)
    /// Documents read and waiting for a worker.
    private let jobs = WorkQueue<Job>()
    /// One serial queue per worker: each runs a loop that blocks on `jobs`, so each needs a thread of its own,
    /// which a serial queue gets (a concurrent queue's pool may not grow past the cores while they wait).
    private let workers: [DispatchQueue]
    /// Entered by each worker loop until `jobs` is closed.
    private let loops = DispatchGroup()
    private let sinkSlots: [SinkSlot]
    /// An output's `prepared` before any sink has prepared it.
    private let noRecords: [Result<any Sendable, any Error>?]
    private let deadLetter: DeadLetterFile?
    private let state = Mutex(State())
    private let statistics: Mutex<[StageStatistics]>

    private struct State {
        var nextSequence = 0
        var reorder = ReorderBuffer<Finished>()
        var stop: Stop?
        var failure: RunError?
        var report = RunReport(outcome: .completed)
        var totals: (documents: Int?, bytes: Int?) = (nil, nil)
        var warnings = 0
        /// Ids of documents finished since the last checkpoint (journaled runs only).
        var uncheckpointed: [String] = []
        var lastCheckpoint: UInt64 = 0
        var journalFailed = false
    }

    private enum Stop { case interrupted, failed }

    private enum Outcome: Sendable {
        case kept([Output])
        case dropped
        case failed(FailedDocument)
    }

    /// A document that came through every transformer, with what the preparing sinks made of it.
    private struct Output: Sendable {
        var document: Document
        /// Indexed like `sinkSlots`: a preparing sink's record, or why `prepare` failed; `nil`
        /// for a sink that prepares nothing.
        var prepared: [Result<any Sendable, any Error>?]
    }

    /// An outcome with the id of the document the reader produced, which a journal records, and
    /// the bytes it took in flight.
    private struct Finished: Sendable {
        var outcome: Outcome
        var id: String
        var bytes: Int
    }

    /// A read document waiting for a worker, with its place in the input order.
    private struct Job: Sendable {
        var input: Input
        var id: String
        var sequence: Int
        /// The bytes it took in flight.
        var bytes: Int
    }

    /// What a reader handed over: a document, or one a worker makes (`ReaderOutput.emit(id:bytes:making:)`).
    private enum Input: Sendable {
        case document(Document)
        case pending(PendingDocument, reader: Int)
    }

    /// A runner for `pipeline`; nothing starts until `run`.
    public init(pipeline: Pipeline, options: RunOptions) {
        self.pipeline = pipeline
        self.options = options
        let slots = max(64, options.concurrency * 16)
        inFlight = InFlightSlots(count: slots, bytes: options.bytesInFlight)
        workers = (0..<options.concurrency).map { DispatchQueue(label: "pipe.worker.\($0)", qos: .userInitiated) }
        sinkSlots = pipeline.sinks.map { SinkSlot(id: $0.id, sink: $0.instance.sink) }
        noRecords = Array(repeating: nil, count: sinkSlots.count)
        deadLetter = pipeline.settings.deadLetter.map(DeadLetterFile.init)
        statistics = Mutex(
            pipeline.readers.map { StageStatistics(id: $0.id, type: $0.type, kind: .reader) }
                + pipeline.transformers.map { StageStatistics(id: $0.id, type: $0.type, kind: .transformer) }
                + pipeline.sinks.map { StageStatistics(id: $0.id, type: $0.type, kind: .sink) })
    }

    /// Runs to the end, an interrupt, or the first failure, and returns what happened.
    /// Blocks the calling thread.
    public func run() -> RunReport {
        let started = DispatchTime.now().uptimeNanoseconds
        state.withLock { $0.lastCheckpoint = started }
        defer { finishTransformers() }
        do {
            for slot in sinkSlots {
                do {
                    if let journal = options.journal, let sink = slot.sink as? any ResumableSink {
                        try sink.open(resuming: journal.outputs[slot.id])
                    } else {
                        try slot.sink.open()
                    }
                } catch {
                    throw RunError(stage: slot.id, message: "\(error)")
                }
            }
            do {
                if let journal = options.journal {
                    try deadLetter?.file.openPartial(
                        resumingAt: journal.outputs[Self.deadLetterKey].flatMap { Int($0) })
                } else {
                    try deadLetter?.file.open()
                }
            } catch {
                throw RunError(stage: "dead_letter", message: "\(error)")
            }
        } catch {
            let keepPartials = (options.journal?.checkpoints ?? 0) > 0
            for slot in sinkSlots { keepPartials ? suspend(slot) : slot.sink.abort() }
            keepPartials ? deadLetter?.file.suspend() : deadLetter?.file.discard()
            if !keepPartials { options.journal?.remove() }
            var report = RunReport(outcome: .failed(error as? RunError ?? RunError(message: "\(error)")))
            report.stages = statistics.withLock { $0 }
            return report
        }
        startWorkers()
        DispatchQueue(label: "pipe.reader", qos: .userInitiated).async { [self] in
            readAll()
            wake.signal()
        }
        wake.wait()
        work.wait()
        if options.journal != nil {
            state.withLock { checkpoint(state: &$0) }
            work.wait()
        }
        // Every admitted document is done, and the reader admits no more: stopped, or at its end.
        jobs.close(workers: workers.count)
        loops.wait()
        let stop = state.withLock { $0.stop }
        // A run that failed before its first checkpoint has nothing to resume: clean up as without a journal.
        let keepPartials = (options.journal?.checkpoints ?? 0) > 0
        finishSinks(commit: stop != .failed, keepPartials: keepPartials)
        if let journal = options.journal, !keepPartials || (stop == nil && state.withLock({ $0.failure == nil })) {
            journal.remove()
        }
        var report = state.withLock { state in
            var report = state.report
            if let failure = state.failure {
                report.outcome = .failed(failure)
            } else if state.stop == .interrupted {
                report.outcome = .interrupted
            }
            return report
        }
        report.stages = statistics.withLock { $0 }
        report.seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        return report
    }

    /// Stops reading; documents already read finish, and the sinks commit what reached them.
    /// Safe to call from any thread, such as a signal handler's queue.
    public func interrupt() {
        let woke = state.withLock { state -> Bool in
            guard state.stop == nil else { return false }
            state.stop = .interrupted
            return true
        }
        if woke { wake.signal() }
    }

    /// Counts for a progress display: documents and bytes done, and the totals the reader announced.
    public var progress: Progress {
        state.withLock { state in
            Progress(
                documents: state.report.documentsRead, bytes: state.report.bytesRead,
                expectedDocuments: state.totals.documents, expectedBytes: state.totals.bytes)
        }
    }

    /// How far a run has got, for a progress bar.
    public struct Progress: Sendable {
        /// Documents read so far.
        public var documents: Int
        /// Text bytes read so far.
        public var bytes: Int
        /// Documents the reader announced, when it knows.
        public var expectedDocuments: Int?
        /// Bytes the reader announced, when it knows.
        public var expectedBytes: Int?
    }

    // MARK: Reading

    private func readAll() {
        let output = ReaderOutput(
            emit: { [self] document in try admit(.document(document), bytes: document.text.utf8.count, id: document.id)
            },
            fail: { [self] failure in
                try admit(failed: readerFailure(failure, reader: currentReader.withLock { $0 }), id: failure.id)
            },
            expect: { [self] documents, bytes in state.withLock { $0.totals = (documents, bytes) } },
            emitPending: { [self] pending in
                try admit(
                    .pending(pending, reader: currentReader.withLock { $0 }), bytes: pending.bytes, id: pending.id)
            })
        for (index, reader) in pipeline.readers.enumerated() {
            currentReader.withLock { $0 = index }
            // The reader thread's CPU time: waiting for a free slot, or for the disk, does not count.
            let started = ThreadClock.now()
            defer {
                let elapsed = ThreadClock.now() - started
                statistics.withLock { $0[index].seconds += Double(elapsed) / 1e9 }
            }
            do {
                try reader.instance.read(into: output)
            } catch is RunStopped {
                return
            } catch {
                fail(RunError(stage: reader.id, message: "\(error)"))
                return
            }
        }
    }

    /// The index of the reader now running, for failures and statistics.
    private let currentReader = Mutex(0)

    /// A reader's failure as the failure of the document it would have made.
    private func readerFailure(_ failure: DocumentFailure, reader: Int) -> FailedDocument {
        FailedDocument(
            id: failure.id, source: failure.source, stage: pipeline.readers[reader].id, message: failure.message,
            rawText: failure.text)
    }

    /// Takes an in-flight slot for a read document and queues it for the workers.
    private func admit(_ input: Input, bytes: Int, id: String) throws {
        guard let sequence = try admission(bytes: bytes, id: id) else { return }
        jobs.push(Job(input: input, id: id, sequence: sequence, bytes: bytes))
    }

    /// Takes an in-flight slot for a reader's failure and passes it on in its place in the input order.
    private func admit(failed: FailedDocument, id: String) throws {
        guard let sequence = try admission(bytes: 0, id: id) else { return }
        complete(Finished(outcome: .failed(failed), id: id, bytes: 0), sequence: sequence)
        work.leave()
    }

    /// Counts a read input and gives it its sequence number once an in-flight slot and its bytes are free; `nil`
    /// when the journal or the shard leaves it out. Throws `RunStopped` once the run is stopping.
    private func admission(bytes: Int, id: String) throws -> Int? {
        if let journal = options.journal, journal.completed.contains(id) {
            state.withLock { $0.report.documentsResumed += 1 }
            return nil
        }
        if let shard = options.shard, !shard.contains(id) {
            state.withLock { $0.report.documentsOutsideShard += 1 }
            return nil
        }
        inFlight.take(bytes: bytes)
        let readerIndex = currentReader.withLock { $0 }
        let sequence = state.withLock { state -> Int? in
            guard state.stop == nil else { return nil }
            state.report.documentsRead += 1
            state.report.bytesRead += bytes
            work.enter()
            defer { state.nextSequence += 1 }
            return state.nextSequence
        }
        guard let sequence else {
            inFlight.give(bytes: bytes)
            throw RunStopped()
        }
        statistics.withLock {
            $0[readerIndex].documents += 1
            $0[readerIndex].bytes += bytes
        }
        return sequence
    }

    // MARK: Transforming

    /// Starts one loop per worker: take the next document, run it through the transformers, pass it on.
    private func startWorkers() {
        for queue in workers {
            loops.enter()
            queue.async { [self] in
                while let job = jobs.pop() {
                    let result: Outcome
                    switch job.input {
                    case .document(let document):
                        var timer = LapTimer()
                        result = process(document, timer: &timer)
                    case .pending(let pending, let reader): result = make(pending, reader: reader)
                    }
                    complete(Finished(outcome: result, id: job.id, bytes: job.bytes), sequence: job.sequence)
                    work.leave()
                }
                loops.leave()
            }
        }
    }

    /// Makes a pending document on this worker, counting the time under its reader, and processes it.
    private func make(_ pending: PendingDocument, reader: Int) -> Outcome {
        var timer = LapTimer()
        let made = pending.result()
        let elapsed = timer.lap()
        statistics.withLock { $0[reader].seconds += Double(elapsed) / 1e9 }
        switch made {
        case .success(let document): return process(document, timer: &timer)
        case .failure(let failure): return .failed(readerFailure(failure, reader: reader))
        }
    }

    /// Runs a document through the transformers, then the preparing sinks' `prepare`, timing each
    /// from the `timer`'s last lap.
    private func process(_ document: Document, timer: inout LapTimer) -> Outcome {
        var timings = [UInt64](repeating: 0, count: pipeline.transformers.count)
        var bytes = [Int](repeating: 0, count: pipeline.transformers.count)
        var counts = [Int](repeating: 0, count: pipeline.transformers.count)
        var outcome = process(
            [document], from: 0, timer: &timer, timings: &timings, bytes: &bytes, counts: &counts)
        var preparing = [UInt64](repeating: 0, count: sinkSlots.count)
        if case .kept(let outputs) = outcome, sinkSlots.contains(where: { $0.prepare != nil }) {
            outcome = .kept(outputs.map { prepared($0, timer: &timer, timings: &preparing) })
        }
        if !timings.isEmpty || preparing.contains(where: { $0 > 0 }) {
            let offset = pipeline.readers.count
            let sinkOffset = offset + pipeline.transformers.count
            statistics.withLock { statistics in
                for index in timings.indices {
                    statistics[offset + index].seconds += Double(timings[index]) / 1e9
                    statistics[offset + index].bytes += bytes[index]
                    statistics[offset + index].documents += counts[index]
                }
                // Preparing is the sink's work done early: it counts in the sink's row.
                for index in preparing.indices {
                    statistics[sinkOffset + index].seconds += Double(preparing[index]) / 1e9
                }
            }
        }
        return outcome
    }

    /// `output` with each preparing sink's record of its document, timed per sink.
    private func prepared(_ output: Output, timer: inout LapTimer, timings: inout [UInt64]) -> Output {
        var output = output
        for (index, slot) in sinkSlots.enumerated() {
            guard let prepare = slot.prepare else { continue }
            do {
                output.prepared[index] = .success(try prepare(output.document))
            } catch {
                output.prepared[index] = .failure(error)
            }
            timings[index] += timer.lap()
        }
        return output
    }

    private func process(
        _ documents: [Document], from first: Int, timer: inout LapTimer, timings: inout [UInt64],
        bytes: inout [Int], counts: inout [Int]
    ) -> Outcome {
        var finished: [Output] = []
        for var document in documents {
            var index = first
            var alive = true
            while alive, index < pipeline.transformers.count {
                let stage = pipeline.transformers[index]
                let context = StageContext(stageID: stage.id, pipelineName: pipeline.name)
                let before = document
                let disposition: Disposition
                do {
                    disposition = try stage.instance.transform(&document, context: context)
                } catch {
                    return .failed(
                        FailedDocument(
                            id: before.id, source: before.source, stage: stage.id,
                            message: "\(error)", document: before))
                }
                timings[index] += timer.lap()
                bytes[index] += before.text.utf8.count
                counts[index] += 1
                switch disposition {
                case .keep:
                    index += 1
                case .drop:
                    alive = false
                case .split(let parts):
                    switch process(
                        parts, from: index + 1, timer: &timer, timings: &timings, bytes: &bytes, counts: &counts)
                    {
                    case .kept(let done): finished += done
                    case .dropped: break
                    case .failed(let failure): return .failed(failure)
                    }
                    alive = false
                }
            }
            if alive { finished.append(Output(document: document, prepared: noRecords)) }
        }
        return documents.count == 1 && finished.isEmpty ? .dropped : .kept(finished)
    }

    // MARK: Delivering

    /// Records a finished document and passes everything now in order to the sinks.
    private func complete(_ finished: Finished, sequence: Int) {
        state.withLock { state in
            if pipeline.settings.ordered {
                for ready in state.reorder.insert(finished, at: sequence) { deliver(ready, state: &state) }
            } else {
                deliver(finished, state: &state)
            }
        }
    }

    /// Delivers one finished document, and notes it for the journal once the sinks will have it.
    private func deliver(_ finished: Finished, state: inout State) {
        let delivered = deliver(finished.outcome, bytes: finished.bytes, state: &state)
        guard options.journal != nil, delivered else { return }
        state.uncheckpointed.append(finished.id)
        let now = DispatchTime.now().uptimeNanoseconds
        if state.uncheckpointed.count >= options.checkpointEvery
            || Double(now - state.lastCheckpoint) / 1e9 >= options.checkpointSeconds
        {
            checkpoint(state: &state)
        }
    }

    /// Called under the state lock, so documents reach every sink queue in delivery order.
    /// Returns whether the document is done with: written, dropped, or skipped after a failure.
    /// `bytes` are the bytes it took in flight, given back with its slot.
    private func deliver(_ outcome: Outcome, bytes: Int, state: inout State) -> Bool {
        switch outcome {
        case .dropped:
            state.report.documentsDropped += 1
            inFlight.give(bytes: bytes)
            return true
        case .kept(let outputs):
            guard !outputs.isEmpty, state.stop != .failed else {
                if outputs.isEmpty { state.report.documentsDropped += 1 }
                inFlight.give(bytes: bytes)
                return outputs.isEmpty
            }
            state.report.documentsWritten += outputs.count
            let release = Countdown(sinkSlots.count) { [inFlight] in inFlight.give(bytes: bytes) }
            for (index, slot) in sinkSlots.enumerated() {
                work.enter()
                slot.queue.async { [self] in
                    let started = ThreadClock.now()
                    for output in outputs where !slot.failed {
                        let document = output.document
                        do {
                            if let record = output.prepared[index], let write = slot.writePrepared {
                                try write(document, try record.get())
                            } else {
                                try slot.sink.write(document)
                            }
                        } catch {
                            slot.failed = true
                            fail(
                                RunError(
                                    documentID: document.id, source: document.source, stage: slot.id,
                                    message: "\(error)"))
                        }
                    }
                    let elapsed = ThreadClock.now() - started
                    let statisticsIndex = pipeline.readers.count + pipeline.transformers.count + index
                    statistics.withLock {
                        $0[statisticsIndex].seconds += Double(elapsed) / 1e9
                        $0[statisticsIndex].documents += outputs.count
                        $0[statisticsIndex].bytes += outputs.reduce(0) { $0 + $1.document.text.utf8.count }
                    }
                    release.tick()
                    work.leave()
                }
            }
            return true
        case .failed(let failure):
            state.report.documentsFailed += 1
            if pipeline.settings.onError == .fail {
                if state.failure == nil {
                    state.failure = failure.runError
                    state.stop = .failed
                    wake.signal()
                }
            } else {
                state.warnings += 1
                if state.warnings <= 20 {
                    options.warn("skipped \(failure.runError)")
                } else if state.warnings == 21 {
                    options.warn("more documents were skipped; the summary counts them all")
                }
            }
            let done = pipeline.settings.onError == .skip
            guard let deadLetter else {
                inFlight.give(bytes: bytes)
                return done
            }
            work.enter()
            deadLetter.queue.async { [self] in
                if !deadLetter.failed {
                    do {
                        try deadLetter.file.write(failure.jsonLine())
                    } catch {
                        deadLetter.failed = true
                        fail(RunError(stage: "dead_letter", message: "\(error)"))
                    }
                }
                inFlight.give(bytes: bytes)
                work.leave()
            }
            return done
        }
    }

    // MARK: Checkpoints

    /// The dead-letter file's key among the journal's outputs.
    private static let deadLetterKey = "dead_letter"

    /// Asks every sink, behind the documents already queued for it, to hand its output on; then, on
    /// the journal's queue, makes the outputs durable and records the documents finished since the
    /// last checkpoint in the journal. Called under the state lock. Sink queues are serial and journal lines are appended on one queue in the
    /// order checkpoints complete, so a journal line never claims a document a sink has not committed.
    private func checkpoint(state: inout State) {
        state.lastCheckpoint = DispatchTime.now().uptimeNanoseconds
        guard let journal = options.journal, !state.uncheckpointed.isEmpty, !state.journalFailed else { return }
        let ids = state.uncheckpointed
        state.uncheckpointed = []
        let collected = CheckpointStates(count: sinkSlots.count + (deadLetter == nil ? 0 : 1)) {
            [self] outputs in
            work.enter()
            journalQueue.async { [self] in
                defer { work.leave() }
                // After a failed append, a later line would skip the documents of the lost one.
                guard !self.state.withLock({ $0.journalFailed }) else { return }
                var stage = "journal"
                do {
                    // Syncing here rather than on the sinks' queues lets them write on meanwhile.
                    for slot in sinkSlots {
                        stage = slot.id
                        try (slot.sink as? any ResumableSink)?.makeDurable()
                    }
                    stage = "dead_letter"
                    try deadLetter?.file.synchronize()
                    stage = "journal"
                    try journal.record(ids: ids, outputs: outputs)
                } catch {
                    self.state.withLock { $0.journalFailed = true }
                    fail(RunError(stage: stage, message: "\(error)"))
                }
            }
        }
        for slot in sinkSlots {
            work.enter()
            slot.queue.async { [self] in
                defer { work.leave() }
                guard !slot.failed, let sink = slot.sink as? any ResumableSink else {
                    return collected.add(slot.id, nil)
                }
                do {
                    collected.add(slot.id, try sink.checkpoint())
                } catch {
                    slot.failed = true
                    fail(RunError(stage: slot.id, message: "\(error)"))
                    collected.add(slot.id, nil)
                }
            }
        }
        if let deadLetter {
            work.enter()
            deadLetter.queue.async { [self] in
                defer { work.leave() }
                guard !deadLetter.failed else { return collected.add(Self.deadLetterKey, nil) }
                do {
                    collected.add(Self.deadLetterKey, String(try deadLetter.file.checkpoint()))
                } catch {
                    deadLetter.failed = true
                    fail(RunError(stage: "dead_letter", message: "\(error)"))
                    collected.add(Self.deadLetterKey, nil)
                }
            }
        }
    }

    private let journalQueue = DispatchQueue(label: "pipe.journal", qos: .userInitiated)

    /// Closes a sink of a journaled run and keeps its partial output for `--resume`.
    private func suspend(_ slot: SinkSlot) {
        if let sink = slot.sink as? any ResumableSink { sink.suspend() } else { slot.sink.abort() }
    }

    /// Records the run's first failure and stops reading.
    private func fail(_ error: RunError) {
        let first = state.withLock { state -> Bool in
            guard state.failure == nil else { return false }
            state.failure = error
            state.stop = .failed
            return true
        }
        if first { wake.signal() }
    }

    // MARK: Finishing

    /// Lets transformers that hold resources (`Finishable`) release them; every worker is done.
    private func finishTransformers() {
        for stage in pipeline.transformers { (stage.instance as? any Finishable)?.finish() }
    }

    /// Commits every sink after a success or an interrupt, discards them after a failure; the
    /// dead-letter file is always kept, since it explains the failure.
    private func finishSinks(commit: Bool, keepPartials: Bool) {
        for (index, slot) in sinkSlots.enumerated() {
            slot.queue.sync {
                guard commit, !slot.failed, state.withLock({ $0.failure == nil }) else {
                    keepPartials ? suspend(slot) : slot.sink.abort()
                    return
                }
                let started = ThreadClock.now()
                do {
                    try slot.sink.finish()
                } catch {
                    slot.failed = true
                    keepPartials ? suspend(slot) : slot.sink.abort()
                    fail(RunError(stage: slot.id, message: "\(error)"))
                }
                let elapsed = ThreadClock.now() - started
                let statisticsIndex = pipeline.readers.count + pipeline.transformers.count + index
                statistics.withLock { $0[statisticsIndex].seconds += Double(elapsed) / 1e9 }
            }
        }
        if let deadLetter {
            deadLetter.queue.sync {
                do {
                    try deadLetter.file.commit()
                } catch {
                    deadLetter.file.discard()
                    fail(RunError(stage: "dead_letter", message: "\(error)"))
                }
            }
        }
    }
}

/// A sink with its serial queue and whether it has failed, and for a `PreparingSink`, its two
/// halves with the record's type erased.
///
/// `@unchecked Sendable`: `sink`, `writePrepared` and `failed` are touched only on `queue` (and by
/// `run` before any work starts), which serialises every access, but for `makeDurable`, which
/// `ResumableSink` allows on another thread; `prepare` is `Sendable`.
private final class SinkSlot: @unchecked Sendable {
    let id: String
    let sink: any Sink
    let queue: DispatchQueue
    var failed = false
    /// The preparer's `prepare`, called on the workers.
    let prepare: (@Sendable (Document) throws -> any Sendable)?
    /// `write(_:prepared:)`, called on `queue` with a record `prepare` made.
    let writePrepared: ((Document, any Sendable) throws -> Void)?

    init(id: String, sink: any Sink) {
        self.id = id
        self.sink = sink
        queue = DispatchQueue(label: "pipe.sink.\(id)", qos: .userInitiated)
        if let preparing = sink as? any PreparingSink {
            (prepare, writePrepared) = Self.halves(of: preparing)
        } else {
            (prepare, writePrepared) = (nil, nil)
        }
    }

    private static func halves<Preparing: PreparingSink>(of sink: Preparing) -> (
        @Sendable (Document) throws -> any Sendable, (Document, any Sendable) throws -> Void
    ) {
        let preparer = sink.preparer
        return (
            { document in try preparer.prepare(document) },
            { document, record in
                // Only `prepare` above makes the records passed here.
                try sink.write(document, prepared: record as! Preparing.Preparer.Record)
            }
        )
    }
}

/// Runs an action once `tick` has been called `count` times (immediately when `count` is zero).
private final class Countdown: Sendable {
    private let remaining: Mutex<Int>
    private let action: @Sendable () -> Void

    init(_ count: Int, action: @escaping @Sendable () -> Void) {
        remaining = Mutex(count)
        self.action = action
        if count == 0 { action() }
    }

    func tick() {
        let done = remaining.withLock { remaining -> Bool in
            remaining -= 1
            return remaining == 0
        }
        if done { action() }
    }
}

/// The `dead_letter` file: every failed document, one JSON object a line, with its stage and error.
///
/// `@unchecked Sendable` for the same reason as `SinkSlot`: touched only on `queue`, but for the
/// checkpoints' `file.synchronize()`, which is safe while it writes.
private final class DeadLetterFile: @unchecked Sendable {
    let file: OutputFile
    let queue = DispatchQueue(label: "pipe.dead-letter", qos: .userInitiated)
    var failed = false

    init(path: String) { file = OutputFile(path: path) }
}

/// Collects each output's state for one checkpoint and hands them on once all are in; a `nil`
/// (an output that failed) cancels the checkpoint.
private final class CheckpointStates: Sendable {
    private let collected: Mutex<(remaining: Int, states: [String: String], complete: Bool)>
    private let done: @Sendable ([String: String]) -> Void

    init(count: Int, done: @escaping @Sendable ([String: String]) -> Void) {
        collected = Mutex((count, [:], true))
        self.done = done
        if count == 0 { done([:]) }
    }

    /// Records one output's state; `nil` when it failed.
    func add(_ key: String, _ state: String?) {
        let finished = collected.withLock { collected -> [String: String]? in
            collected.remaining -= 1
            if let state { collected.states[key] = state } else { collected.complete = false }
            return collected.remaining == 0 && collected.complete ? collected.states : nil
        }
        if let finished { done(finished) }
    }
}
