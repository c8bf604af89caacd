import Foundation
import TestSupport
import Testing

/// `pipe run --resume`: a run that failed, was interrupted or was killed continues where every
/// output last committed, and ends with the outputs an uninterrupted run writes.
@Suite(.serialized)
struct ResumeTests {
    /// A command stage that logs each id it is given (to count the work done) and fails the
    /// document whose id is `FAIL_AT` in its environment, sleeping 2 ms a document when `SLOW` is set.
    /// Both come from the environment, not the pipeline file: a resumed run needs the same file and
    /// arguments, and the "fix" between the runs happens outside them.
    static let program = """
        import json, os, sys, time
        log = open(os.environ["COUNT_LOG"], "a")
        for line in sys.stdin:
            document = json.loads(line)
            log.write(document["id"] + "\\n")
            log.flush()
            if os.environ.get("SLOW"):
                time.sleep(0.002)
            if document["id"] == os.environ.get("FAIL_AT"):
                print(json.dumps({"error": "told to fail here"}), flush=True)
            else:
                print(json.dumps({"fields": {"length": len(document["text"])}}), flush=True)
        """

    static let pipeline = """
        name: resumable
        reader: {type: stdin, format: jsonl}
        stages:
          - type: command
            run: [python3, count.py]
            env: {COUNT_LOG: "${LOG}"}
        sinks:
          - {type: jsonl, path: out/docs.jsonl}
          - {type: csv, path: out/docs.csv}
          - {type: sqlite, path: out/docs.sqlite}
        """

    /// The SQLite database's rows, as Python's sqlite3 reads them: every table but SQLite's own.
    func database(_ path: String) throws -> String {
        try IndependentReaders.python(
            """
            import sqlite3, sys
            db = sqlite3.connect(sys.argv[1])
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
                print(name, sorted(db.execute(f"SELECT * FROM {name}").fetchall()))
            """, path)
    }

    /// A folder with the program, the pipeline, 1,500 documents, and the outputs of a run that
    /// was not interrupted in `expected/`.
    func prepare() throws -> (folder: ScratchFolder, corpus: URL) {
        let folder = try ScratchFolder()
        try folder.write("count.py", Self.program)
        try folder.write("p.yaml", Self.pipeline)
        var lines = ""
        for number in 0..<1500 {
            lines += "{\"id\":\"doc-\(number)\",\"text\":\"Document \(number) says \(number % 7) things.\"}\n"
        }
        try folder.write("corpus.jsonl", lines)
        let corpus = folder.url.appendingPathComponent("corpus.jsonl")
        let whole = try PipeProcess.run(
            ["run", "p.yaml", "--var", "LOG=whole.log"], in: folder.url, stdin: corpus, removing: ["FAIL_AT", "SLOW"])
        #expect(whole.status == 0, "\(whole.stderr)")
        try FileManager.default.moveItem(atPath: folder.path("out"), toPath: folder.path("expected"))
        return (folder, corpus)
    }

    func ids(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    /// Starts a slow run (checkpoints every 50 documents) and returns once its program has logged
    /// `lines` documents, or after 20 seconds.
    func startSlowRun(in folder: ScratchFolder, corpus: URL, untilLogged lines: Int) throws -> Process {
        let process = Process()
        process.executableURL = PipeProcess.executable
        process.arguments = ["run", "p.yaml", "--var", "LOG=run.log", "--checkpoint-every", "50"]
        process.currentDirectoryURL = folder.url
        var environment = ProcessInfo.processInfo.environment
        environment["SLOW"] = "1"
        environment.removeValue(forKey: "FAIL_AT")
        process.environment = environment
        process.standardInput = try FileHandle(forReadingFrom: corpus)
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline, ids((try? folder.read("run.log")) ?? "").count < lines {
            Thread.sleep(forTimeInterval: 0.02)
        }
        return process
    }

    /// Every output equals the uninterrupted run's.
    func expectTheUninterruptedOutputs(in folder: ScratchFolder) throws {
        #expect(try folder.read("out/docs.jsonl") == (try folder.read("expected/docs.jsonl")))
        #expect(try folder.read("out/docs.csv") == (try folder.read("expected/docs.csv")))
        #expect(try database(folder.path("out/docs.sqlite")) == (try database(folder.path("expected/docs.sqlite"))))
    }

    @Test func aRunThatFailedAtDocumentKResumesToTheUninterruptedOutputs() throws {
        let (folder, corpus) = try prepare()
        let failed = try PipeProcess.run(
            ["run", "p.yaml", "--var", "LOG=run.log", "--checkpoint-every", "100"],
            in: folder.url, stdin: corpus, environment: ["FAIL_AT": "doc-1000"])
        #expect(failed.status == 1)
        #expect(failed.stderr.contains("error: stage 'command', document 'doc-1000': "))
        #expect(failed.stderr.contains("note: the run journal '.pipe/p."))
        #expect(failed.stderr.contains("add --resume to the same command to continue from there"))
        #expect(!FileManager.default.fileExists(atPath: folder.path("out/docs.jsonl")), "no half output in place")
        #expect(FileManager.default.fileExists(atPath: folder.path("out/.docs.jsonl.pipe-partial")))
        let first = ids(try folder.read("run.log"))
        try FileManager.default.removeItem(atPath: folder.path("run.log"))

        let resumed = try PipeProcess.run(
            ["run", "p.yaml", "--var", "LOG=run.log", "--checkpoint-every", "100", "--resume"],
            in: folder.url, stdin: corpus, removing: ["FAIL_AT"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stderr.contains("resuming: 1000 document(s) already committed by every output will be skipped"))
        let second = ids(try folder.read("run.log"))
        // Documents 0 to 999 were committed before doc-1000 failed; the resumed run does only the rest, once each.
        #expect(first.contains("doc-999") && first.contains("doc-1000"))
        #expect(second.sorted() == (1000..<1500).map { "doc-\($0)" }.sorted())
        try expectTheUninterruptedOutputs(in: folder)
        #expect(!(try folder.contents().contains(".pipe")), "the journal is removed once the run is whole")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path("out")).sorted()
                == ["docs.csv", "docs.jsonl", "docs.sqlite"])
    }

    @Test func aKilledRunResumesFromItsLastCheckpoint() throws {
        let (folder, corpus) = try prepare()
        // Killed outright once a few checkpoints are in the journal: no chance to clean up.
        let process = try startSlowRun(in: folder, corpus: corpus, untilLogged: 400)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(!FileManager.default.fileExists(atPath: folder.path("out/docs.jsonl")))
        let before = ids(try folder.read("run.log")).count

        let resumed = try PipeProcess.run(
            ["run", "p.yaml", "--var", "LOG=run.log", "--checkpoint-every", "50", "--resume"],
            in: folder.url, stdin: corpus, removing: ["FAIL_AT", "SLOW"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let skipped = resumed.stderr.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        #expect(resumed.stderr.hasPrefix("resuming: "))
        #expect(skipped >= 50 && skipped < 1500, "skipped \(skipped)")
        let after = ids(try folder.read("run.log")).dropFirst(before)
        #expect(after.count == 1500 - skipped, "only uncommitted documents run again")
        #expect(Set(after).count == after.count)
        try expectTheUninterruptedOutputs(in: folder)
    }

    @Test func anInterruptedRunKeepsItsOutputsInPlaceAndResumes() throws {
        let (folder, corpus) = try prepare()
        let process = try startSlowRun(in: folder, corpus: corpus, untilLogged: 300)
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let partial = try folder.read("out/docs.jsonl")
        let expected = try folder.read("expected/docs.jsonl")
        #expect(partial.hasSuffix("\n") && expected.hasPrefix(partial) && partial.count < expected.count)

        let resumed = try PipeProcess.run(
            ["run", "p.yaml", "--var", "LOG=run.log", "--checkpoint-every", "50", "--resume"],
            in: folder.url, stdin: corpus, removing: ["SLOW"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(
            resumed.stderr.hasPrefix(
                "resuming: \(partial.split(separator: "\n").count) document(s) already committed by every output"))
        try expectTheUninterruptedOutputs(in: folder)
    }

    @Test func resumeIsRefusedWhenASinkWritesItsWholeFileAtTheEnd() throws {
        let folder = try ScratchFolder()
        try folder.write(
            "p.yaml",
            "reader: {type: text, text: hi}\nsinks: [{type: jsonl, path: a.jsonl}, {type: markdown, id: report, path: r.md}]\n"
        )
        let result = try PipeProcess.run(["run", "p.yaml", "--resume"], in: folder.url)
        #expect(result.status == 2)
        #expect(
            result.stderr == """
                error: --resume needs every sink to continue its output, and sink 'report' (markdown) cannot: \
                it writes its whole output when the run ends
                note: jsonl and csv sinks writing to a file, sqlite, and dead_letter can resume; run without --resume to start over

                """)
        #expect(try folder.contents() == ["p.yaml"], "nothing ran")
    }

    @Test func resumeIsRefusedWhenThePipelineFileChanged() throws {
        let (folder, corpus) = try prepare()
        let failed = try PipeProcess.run(
            ["run", "p.yaml", "--var", "LOG=run.log"], in: folder.url, stdin: corpus,
            environment: ["FAIL_AT": "doc-10"])
        #expect(failed.status == 1)
        try folder.write("p.yaml", Self.pipeline + "\n# a comment is a change too\n")
        let resumed = try PipeProcess.run(
            ["run", "p.yaml", "--var", "LOG=run.log", "--resume"], in: folder.url, stdin: corpus, removing: ["FAIL_AT"])
        #expect(resumed.status == 2)
        #expect(resumed.stderr.hasPrefix("error: cannot resume: run journal '.pipe/p."))
        #expect(
            resumed.stderr.hasSuffix(
                "the pipeline file changed since the run it records; "
                    + "put the file back as it was, or run without --resume to start over\n"))
    }

    @Test func resumeWithoutAJournalStartsFromTheBeginning() throws {
        let folder = try ScratchFolder()
        try folder.write("p.yaml", "reader: {type: text, text: hi}\nsinks: [{type: jsonl, path: a.jsonl}]\n")
        let result = try PipeProcess.run(["run", "p.yaml", "--resume"], in: folder.url)
        #expect(result.status == 0)
        #expect(
            result.stderr
                == "note: no unfinished run to resume (no journal at '.pipe/p.journal'); starting from the beginning\n")
        #expect(try folder.read("a.jsonl").contains("\"text\":\"hi\""))
    }
}
