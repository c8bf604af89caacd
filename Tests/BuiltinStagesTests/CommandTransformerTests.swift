import Foundation
import PipeKit
import Synchronization
import Testing

@testable import BuiltinStages

/// The `command` stage with real programs: echo, uppercase, crash, hang, garbage, and a pool of two.
@Suite(.serialized)
struct CommandTransformerTests {
    /// Python programs the tests run, by file name.
    static let programs = [
        "upper.py": """
        import json, os, sys
        for line in sys.stdin:
            document = json.loads(line)
            print(json.dumps({"text": document["text"].upper(), "fields": {"pid": os.getpid()}}), flush=True)
        """,
        "crash.py": """
        import json, sys
        for line in sys.stdin:
            document = json.loads(line)
            if document["id"] == "doc-3":
                print("starting", file=sys.stderr)
                print("cannot handle " + document["id"], file=sys.stderr, flush=True)
                sys.exit(3)
            print(json.dumps({"fields": {"seen": document["id"]}}), flush=True)
        """,
        "hang.py": """
        import os, sys, time
        print("pid %d" % os.getpid(), file=sys.stderr, flush=True)
        for line in sys.stdin:
            time.sleep(600)
        """,
        "garbage.py": """
        import sys
        for line in sys.stdin:
            print("hello, world", flush=True)
        """,
        "twice.py": """
        import json, sys, time
        for line in sys.stdin:
            answer = json.dumps({"id": json.loads(line)["id"]})
            print(answer, flush=True)
            time.sleep(0.2)
            print(answer, flush=True)
        """,
        "doubled.py": """
        import sys
        for line in sys.stdin:
            sys.stdout.write("{}\\n{}\\n")
            sys.stdout.flush()
        """,
        "verdicts.py": """
        import json, os, sys
        for line in sys.stdin:
            text = json.loads(line)["text"]
            if text == "null":
                print("null", flush=True)
            elif text == "drop":
                print(json.dumps({"drop": True}), flush=True)
            elif text == "error":
                print(json.dumps({"error": "'error' is not a word I like"}), flush=True)
            else:
                print(json.dumps({"fields": {"pid": os.getpid()}}), flush=True)
        """,
        "slow.py": """
        import json, os, sys, time
        for line in sys.stdin:
            start = time.time()
            time.sleep(0.3)
            print(json.dumps({"fields": {"pid": os.getpid(), "start": start, "end": time.time()}}), flush=True)
        """,
        "annotate.py": """
        import json, os, sys
        for line in sys.stdin:
            text = json.loads(line)["text"]
            start = text.index("Zoë")
            print(json.dumps({
                "title": "Café news", "date": "2025-02-13",
                "metadata": {"author": "Ann", "desk": "culture"},
                "fields": {"cwd": os.getcwd(), "greeting": os.environ["GREETING"]},
                "entities": [{"start": start, "end": start + 3, "label": "PERSON"}],
            }), flush=True)
        """,
        "rewrite.py": """
        import json, sys
        for line in sys.stdin:
            print(json.dumps({"text": "Rewritten."}), flush=True)
        """,
    ]

    struct Outcome {
        var documents: [Document]
        var warnings: [String]
        var report: RunReport
        /// The sink was told to discard its output: the run failed.
        var aborted: Bool
    }

    /// Runs `documents` through one stage, written as YAML lines under `stages:`, in a folder that
    /// holds the programs; failed documents are skipped (`on_error: skip`) unless `onError` says.
    func run(
        _ stage: String, _ documents: [Document], concurrency: Int = 1, onError: String = "skip",
        in folder: TemporaryFolder? = nil
    ) throws -> Outcome {
        let folder = try folder ?? TemporaryFolder()
        for (name, text) in Self.programs { try folder.write(name, text) }
        let yaml = """
            on_error: \(onError)
            reader: {type: text, text: unused}
            stages:
            \(stage)
            sinks: [{type: jsonl}]
            """
        var pipeline = try PipelineLoader(registry: .builtin).load(
            text: yaml, file: "test.yaml", baseDirectory: folder.path)
        let sink = MemorySink()
        pipeline.readers = [Stage(id: "memory", type: "memory", instance: MemoryReader(documents))]
        pipeline.sinks = [Stage(id: "memory", type: "memory", instance: SinkBox(sink))]
        let warnings = Mutex<[String]>([])
        let report = PipelineRunner(
            pipeline: pipeline,
            options: RunOptions(concurrency: concurrency, warn: { message in warnings.withLock { $0.append(message) } })
        ).run()
        return Outcome(
            documents: sink.documents, warnings: warnings.withLock { $0 }, report: report, aborted: sink.isAborted)
    }

    func documents(_ count: Int) -> [Document] {
        (1...count).map { Document(id: "doc-\($0)", text: "text \($0)") }
    }

    func json(_ document: Document) -> String {
        var writer = JSONWriter()
        document.writeJSON(to: &writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    func pids(_ documents: [Document]) -> Set<Int> { Set(documents.compactMap { $0.fields["pid"]?.intValue }) }

    /// A reaped process no longer exists; a zombie still would.
    func isGone(_ pid: Int) -> Bool { kill(pid_t(pid), 0) != 0 && errno == ESRCH }

    @Test func anEchoProgramGivesEveryDocumentBackUnchanged() throws {
        var rich = Document(id: "rich", source: "a.txt", text: "Zoë met Ann in Kraków 🙂.")
        rich.metadata = Metadata(title: "T", date: "2025-02-13", author: "Bo", extra: ["desk": "world"])
        rich.fields = ["score": 0.5, "tags": ["a", "b"]]
        rich.entities = [Entity(span: TextSpan(start: 9, end: 12), label: "PERSON", canonical: "Ann", confidence: 0.9)]
        let input = [rich] + documents(3)
        let outcome = try run("  - {type: command, run: [cat]}", input)
        #expect(outcome.report.documentsFailed == 0)
        #expect(outcome.documents.map(json) == input.map(json))
    }

    @Test func oneProcessServesEveryDocumentOfAWorkerAndIsReapedAtTheEnd() throws {
        let outcome = try run("  - {type: command, run: [python3, upper.py]}", documents(5))
        #expect(outcome.documents.map(\.text) == ["TEXT 1", "TEXT 2", "TEXT 3", "TEXT 4", "TEXT 5"])
        let pids = pids(outcome.documents)
        #expect(pids.count == 1)
        #expect(pids.allSatisfy(isGone))
    }

    @Test func aProgramThatCrashesOnTheThirdDocumentFailsItAndIsRestarted() throws {
        let outcome = try run("  - {type: command, run: [python3, crash.py]}", documents(5))
        #expect(outcome.documents.map(\.id) == ["doc-1", "doc-2", "doc-4", "doc-5"])
        #expect(outcome.report.documentsFailed == 1)
        #expect(
            outcome.warnings == [
                """
                skipped stage 'command', document 'doc-3': program 'python3 crash.py' exited with status 3 before \
                answering; its last lines on stderr:
                    starting
                    cannot handle doc-3
                """
            ])
    }

    @Test func restartNeverFailsEveryDocumentAfterTheCrash() throws {
        let outcome = try run("  - {type: command, run: [python3, crash.py], restart: never}", documents(5))
        #expect(outcome.documents.map(\.id) == ["doc-1", "doc-2"])
        #expect(outcome.report.documentsFailed == 3)
        #expect(
            outcome.warnings.last
                == "skipped stage 'command', document 'doc-5': program 'python3 crash.py' failed on an earlier "
                + "document, and 'restart: never' keeps it stopped")
    }

    @Test func withOnErrorFailTheCrashStopsTheRunNamingTheDocument() throws {
        let outcome = try run("  - {type: command, run: [python3, crash.py]}", documents(5), onError: "fail")
        guard case .failed(let error) = outcome.report.outcome else {
            Issue.record("expected the run to fail")
            return
        }
        #expect(error.documentID == "doc-3")
        #expect(error.stage == "command")
        #expect(error.message.hasPrefix("program 'python3 crash.py' exited with status 3 before answering"))
        #expect(outcome.aborted, "a failed run commits no sink")
    }

    @Test func aHangingProgramIsKilledAtTheTimeoutAndReaped() throws {
        let started = ContinuousClock.now
        let outcome = try run("  - {type: command, run: [python3, hang.py], timeout: 0.5}", documents(2))
        let elapsed = ContinuousClock.now - started
        #expect(outcome.documents.isEmpty)
        #expect(outcome.report.documentsFailed == 2)
        #expect(elapsed < .seconds(5), "two timeouts of 0.5 s, not the program's 600 s sleep")
        let first = try #require(outcome.warnings.first)
        let prefix =
            "skipped stage 'command', document 'doc-1': program 'python3 hang.py' did not answer within 0.5 s "
            + "and was stopped (a program must answer every line, and flush its output after each answer: "
            + "print(..., flush=True) in Python); its last lines on stderr:\n    pid "
        #expect(first.hasPrefix(prefix))
        let pid = try #require(Int(first.dropFirst(prefix.count)))
        #expect(isGone(pid))
    }

    @Test func aProgramThatPrintsGarbageFailsTheDocumentWithWhatItPrinted() throws {
        let outcome = try run("  - {type: command, run: [python3, garbage.py]}", documents(1))
        #expect(
            outcome.warnings == [
                "skipped stage 'command', document 'doc-1': program 'python3 garbage.py' answered with invalid JSON "
                    + "(expected a value, found 'h' at byte 0): 'hello, world'"
            ])
    }

    @Test func twoAnswersForOneDocumentAreCaught() throws {
        // The repeated answer arrives while doc-2 waits for its own: read alone, it names the wrong
        // document; read together with doc-2's answer (a busy machine), it is one line too many.
        let late = try run("  - {type: command, run: [python3, twice.py]}", documents(2))
        #expect(late.documents.map(\.id) == ["doc-1"])
        let prefix = "skipped stage 'command', document 'doc-2': program 'python3 twice.py' "
        #expect(
            late.warnings == [prefix + "answered for document \"doc-1\", not 'doc-2'"]
                || late.warnings == [
                    prefix + "printed a line that answers no document (each document gets exactly one line back): "
                        + "'{\"id\": \"doc-2\"}'"
                ])
        let together = try run("  - {type: command, run: [python3, doubled.py]}", documents(1))
        #expect(
            together.warnings == [
                "skipped stage 'command', document 'doc-1': program 'python3 doubled.py' printed a line that answers "
                    + "no document (each document gets exactly one line back): '{}'"
            ])
    }

    @Test func nullAndDropRemoveADocumentAndAnErrorAnswerFailsOnlyIt() throws {
        let input = ["keep", "null", "drop", "error", "keep too"].enumerated().map {
            Document(id: "doc-\($0.offset + 1)", text: $0.element)
        }
        let outcome = try run("  - {type: command, run: [python3, verdicts.py]}", input)
        #expect(outcome.documents.map(\.id) == ["doc-1", "doc-5"])
        #expect(outcome.report.documentsDropped == 2)
        #expect(
            outcome.warnings == [
                "skipped stage 'command', document 'doc-4': program 'python3 verdicts.py' reported: 'error' is not "
                    + "a word I like"
            ])
        #expect(pids(outcome.documents).count == 1, "an error answer leaves the program serving")
    }

    @Test func atConcurrencyTwoTwoProcessesServeAtTheSameTime() throws {
        let outcome = try run("  - {type: command, run: [python3, slow.py]}", documents(6), concurrency: 2)
        #expect(outcome.documents.map(\.id) == (1...6).map { "doc-\($0)" })
        let pids = pids(outcome.documents)
        #expect(pids.count == 2, "one process per worker, never more")
        let spans = outcome.documents.map { document in
            (
                pid: document.fields["pid"]?.intValue ?? 0, start: document.fields["start"]?.doubleValue ?? 0,
                end: document.fields["end"]?.doubleValue ?? 0
            )
        }
        let overlapping = spans.contains { a in
            spans.contains { b in a.pid != b.pid && a.start < b.end && b.start < a.end }
        }
        #expect(overlapping, "documents of the two processes were worked on at the same time")
        #expect(pids.allSatisfy(isGone))
    }

    @Test func answersSetMetadataFieldsAndEntitiesInScalarOffsets() throws {
        let folder = try TemporaryFolder()
        let outcome = try run(
            "  - {type: command, run: [python3, annotate.py], env: {GREETING: hello}}",
            [Document(id: "d", text: "Café: Zoë said hi 🙂")], in: folder)
        let document = try #require(outcome.documents.first)
        #expect(
            json(document)
                == #"{"id":"d","source":"-","title":"Café news","date":"2025-02-13","text":"Café: Zoë said hi 🙂","#
                + #""metadata":{"author":"Ann","desk":"culture"},"entities":[{"start":6,"end":9,"text":"Zoë","#
                + #""label":"PERSON","canonical":"Zoë","confidence":1.0}],"fields":{"cwd":"\#(folder.path)","#
                + #""greeting":"hello"}}"#)
    }

    @Test func changingTheTextDropsSpansThatPointedIntoTheOldOne() throws {
        var document = Document(id: "d", text: "Old text. Two sentences.")
        document.sentences = [TextSpan(start: 0, end: 9), TextSpan(start: 10, end: 24)]
        let outcome = try run("  - {type: command, run: [python3, rewrite.py]}", [document])
        let changed = try #require(outcome.documents.first)
        #expect(changed.text == "Rewritten.")
        #expect(changed.sentences == nil)
    }

    @Test(arguments: [
        (
            "[no-such-program-here]",
            """
            test.yaml:3:26: error: program 'no-such-program-here' is not on PATH
              - {type: command, run: [no-such-program-here]}
                                     ^
            give its path, relative to the pipeline file: run: [./no-such-program-here]
            """
        ),
        (
            "[./upper.py]",
            """
            test.yaml:3:26: error: program './upper.py' is not executable
              - {type: command, run: [./upper.py]}
                                     ^
            make it executable (chmod +x), or name its interpreter first: run: [python3, ./upper.py]
            """
        ),
    ])
    func aProgramThatCannotRunIsAConfigurationError(run: String, message: String) throws {
        let folder = try TemporaryFolder()
        for (name, text) in Self.programs { try folder.write(name, text) }
        let yaml = """
            reader: {type: text, text: unused}
            stages:
              - {type: command, run: \(run)}
            sinks: [{type: jsonl}]
            """
        do {
            _ = try PipelineLoader(registry: .builtin).load(text: yaml, file: "test.yaml", baseDirectory: folder.path)
            Issue.record("expected a configuration error")
        } catch {
            #expect(error.description == message)
        }
    }
}

/// A fresh folder for one test, removed when the test is done with it.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("pipe-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8)
    }
}
