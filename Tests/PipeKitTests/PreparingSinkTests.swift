import Foundation
import Synchronization
import Testing

@testable import PipeKit

/// Work the runner moves onto the workers: a `PreparingSink`'s records and a reader's pending documents.
/// Each keeps the guarantees of the plain path: input order, `on_error`, and where a failure is reported.
struct PreparingSinkTests {
    /// Keeps the records it was handed, and notes whether any was prepared on the sink's own queue.
    final class RecordingSink: PreparingSink, Sendable {
        struct Preparer: DocumentPreparer {
            func prepare(_ document: Document) throws -> String {
                if document.text.contains("unencodable") { throw RefusedError(text: document.text) }
                return "<\(document.id):\(document.text.uppercased())>"
            }
        }

        struct RefusedError: Error, CustomStringConvertible {
            var text: String
            var description: String { "cannot encode '\(text)'" }
        }

        let preparer = Preparer()
        private let state = Mutex<(records: [String], finished: Bool, aborted: Bool)>(([], false, false))

        var records: [String] { state.withLock { $0.records } }
        var isFinished: Bool { state.withLock { $0.finished } }
        var isAborted: Bool { state.withLock { $0.aborted } }

        func write(_ document: Document, prepared record: String) throws {
            #expect(record.hasPrefix("<\(document.id):"), "the record of this very document")
            state.withLock { $0.records.append(record) }
        }

        func finish() throws { state.withLock { $0.finished = true } }
        func abort() { state.withLock { $0.aborted = true } }
    }

    /// Emits documents whose text is made later: `broken` ones fail as a reader's input does.
    struct PendingReader: Reader {
        let texts: [String]

        func read(into output: ReaderOutput) throws {
            for (index, text) in texts.enumerated() {
                let id = "doc-\(index + 1)"
                try output.emit(id: id, bytes: text.utf8.count) { () throws(DocumentFailure) in
                    if text.hasPrefix("broken") {
                        throw DocumentFailure(id: id, source: "\(id).txt", message: "invalid UTF-8 at byte 2")
                    }
                    return Document(id: id, source: "\(id).txt", text: text)
                }
            }
        }
    }

    func pipeline(reader: any Reader, sinks: [any Sink], settings: RunSettings = RunSettings()) -> Pipeline {
        Pipeline(
            name: "p", file: "p.yaml", settings: settings,
            readers: [Stage(id: "files", type: "files", instance: reader)],
            transformers: [Stage(id: "busy", type: "busy", instance: TestStages.Busy())],
            sinks: sinks.enumerated().map { Stage(id: "s\($0.offset)", type: "sink", instance: SinkBox($0.element)) })
    }

    @Test(arguments: [1, 2, 8])
    func preparedRecordsReachTheSinkInInputOrder(concurrency: Int) {
        let texts = (0..<1500).map { "text \($0) " + String(repeating: "z", count: $0 % 17) }
        let preparing = RecordingSink()
        let plain = MemorySink()
        let report = PipelineRunner(
            pipeline: pipeline(reader: MemoryReader(texts: texts), sinks: [preparing, plain]),
            options: RunOptions(concurrency: concurrency)
        ).run()
        #expect(report.exitCode == 0)
        #expect(preparing.records == texts.enumerated().map { "<doc-\($0.offset + 1):\($0.element.uppercased())>" })
        #expect(plain.documents.map(\.text) == texts, "a sink without the capability works as before")
        #expect(preparing.isFinished && !preparing.isAborted)
        #expect(report.stages.last?.documents == 1500)
    }

    @Test func aRecordThatCannotBePreparedFailsTheRunAtItsDocument() {
        let texts = (0..<400).map { $0 == 300 ? "unencodable \($0)" : "fine \($0)" }
        let sink = RecordingSink()
        let report = PipelineRunner(
            pipeline: pipeline(
                reader: MemoryReader(texts: texts), sinks: [sink], settings: RunSettings(onError: .skip)),
            options: RunOptions(concurrency: 2)
        ).run()
        guard case .failed(let error) = report.outcome else {
            Issue.record("expected a failure, got \(report.outcome)")
            return
        }
        #expect(error.description == "stage 's0', document 'doc-301': cannot encode 'unencodable 300'")
        #expect(sink.records.count == 300, "every document before it, in order")
        #expect(sink.records.last == "<doc-300:FINE 299>")
        #expect(sink.isAborted && !sink.isFinished)
    }

    @Test func pendingDocumentsAreMadeInTheirPlaceAndTheirFailuresFollowOnError() {
        let texts = (0..<600).map { $0 % 100 == 42 ? "broken \($0)" : "ok \($0)" }
        let kept = texts.enumerated().filter { !$0.element.hasPrefix("broken") }
        let sink = MemorySink()
        let skipped = PipelineRunner(
            pipeline: pipeline(
                reader: PendingReader(texts: texts), sinks: [sink], settings: RunSettings(onError: .skip)),
            options: RunOptions(concurrency: 3)
        ).run()
        #expect(skipped.exitCode == 0)
        #expect(skipped.documentsFailed == 6)
        #expect(sink.documents.map(\.id) == kept.map { "doc-\($0.offset + 1)" })
        #expect(skipped.stages.first?.documents == 600)
        #expect(skipped.bytesRead == texts.reduce(0) { $0 + $1.utf8.count })

        let failed = PipelineRunner(
            pipeline: pipeline(reader: PendingReader(texts: texts), sinks: [MemorySink()]),
            options: RunOptions(concurrency: 3)
        ).run()
        guard case .failed(let error) = failed.outcome else {
            Issue.record("expected a failure, got \(failed.outcome)")
            return
        }
        #expect(error.description == "stage 'files', document 'doc-43' (doc-43.txt): invalid UTF-8 at byte 2")
    }

    @Test func withoutTheRunnerAPendingDocumentIsMadeAtOnce() throws {
        let emitted = Mutex<[String]>([])
        let output = ReaderOutput(
            emit: { document in emitted.withLock { $0.append(document.text) } },
            fail: { failure in emitted.withLock { $0.append("failed: \(failure.message)") } })
        try PendingReader(texts: ["one", "broken two"]).read(into: output)
        #expect(emitted.withLock { $0 } == ["one", "failed: invalid UTF-8 at byte 2"])
    }
}
