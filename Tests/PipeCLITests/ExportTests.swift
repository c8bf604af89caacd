import Foundation
import TestSupport
import Testing

/// `pipelines/news-digest.yaml` end to end: every sink's output read back by a reader that shares
/// no code with it (Foundation's JSON parser, Python's `csv` and `sqlite3`), and the Markdown and
/// HTML reports compared with golden files in `Fixtures/golden/`.
///
/// The reports change when a stage adds annotations to the pipeline; after an intended change, rerun
/// with `PIPE_UPDATE_GOLDEN=1 swift test --filter ExportTests` and review `git diff`.
struct ExportTests {
    static let golden = PipeProcess.packageRoot.appendingPathComponent("Tests/PipeCLITests/Fixtures/golden")

    /// Runs news-digest with its outputs in `folder/out`.
    func runNewsDigest(into folder: ScratchFolder) throws -> PipeProcess.Result {
        try PipeProcess.run([
            "run", "pipelines/news-digest.yaml", "--progress", "never", "--var", "out=\(folder.path("out"))",
        ])
    }

    @Test func newsDigestWritesEveryExportReadably() throws {
        let folder = try ScratchFolder()
        let result = try runNewsDigest(into: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let out = folder.path("out")

        let records = try folder.read("out/news-digest.jsonl").split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let ids = records.compactMap { $0["id"] as? String }
        #expect(
            ids == ["seed.txt"]
                + ["2019-001", "2019-056", "2019-111", "2020-011", "2020-066"].map { "wikinews-\($0).txt" })
        let texts = records.compactMap { $0["text"] as? String }
        #expect(texts.count == 6)
        let seedText = try String(
            contentsOf: PipeProcess.packageRoot.appendingPathComponent("Examples/data/seed.txt"), encoding: .utf8)
        #expect(texts.first == seedText)

        let array = try #require(try IndependentReaders.json("\(out)/news-digest.json") as? [[String: Any]])
        #expect(array.compactMap { $0["id"] as? String } == ids)
        #expect(array.allSatisfy { $0["text"] == nil }, "include_text: false")

        let rows = try IndependentReaders.csvRows("\(out)/news-digest.csv")
        #expect(
            rows.first == ["id", "source", "title", "date", "characters", "entities", "summary", "keywords", "text"])
        #expect(rows.dropFirst().map { $0[0] } == ids)
        #expect(rows.dropFirst().map { $0[8] } == texts, "quotes and line breaks inside fields come back whole")
        #expect(rows.dropFirst().map { Int($0[4]) } == texts.map { $0.unicodeScalars.count })

        // Entities: whatever stages the pipeline has, every export agrees with the JSON Lines record.
        let entities = records.flatMap { record in
            (record["entities"] as? [[String: Any]] ?? []).map { (record["id"] as! String, $0["label"] as! String) }
        }
        let entityRows = try IndependentReaders.csvRows("\(out)/news-digest-entities.csv")
        #expect(
            entityRows.first == ["document_id", "index", "start", "end", "text", "label", "canonical", "confidence"])
        #expect(entityRows.dropFirst().map { [$0[0], $0[5]] } == entities.map { [$0.0, $0.1] })
        let database = "\(out)/news-digest.sqlite"
        let labels = try IndependentReaders.sqlite(
            database, "SELECT label, count(*) FROM entities GROUP BY label ORDER BY label")
        let expectedLabels = Dictionary(grouping: entities, by: \.1).mapValues(\.count).sorted { $0.key < $1.key }
        #expect(labels.map { "\($0[0])=\($0[1])" } == expectedLabels.map { "\($0.key)=\($0.value)" })
        let documents = try IndependentReaders.sqlite(
            database, "SELECT id, characters, length(text) FROM documents ORDER BY rowid")
        #expect(documents.map { $0[0] as? String } == ids)
        #expect(documents.map { $0[1] as? Int } == texts.map { $0.unicodeScalars.count })

        for format in ["md", "html"] {
            let actual = try folder.read("out/news-digest.\(format)")
            let golden = Self.golden.appendingPathComponent("news-digest.\(format)").path
            #expect(actual == (try GoldenFile.expected(golden, actual: actual)), "news-digest.\(format)")
        }
    }

    @Test func rerunningTheUpsertPipelineKeepsTheRowCounts() throws {
        let folder = try ScratchFolder()
        let query =
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM sentences), "
            + "(SELECT count(*) FROM entities), (SELECT count(*) FROM keywords)"
        #expect(try runNewsDigest(into: folder).status == 0)
        let first = "\(try IndependentReaders.sqlite(folder.path("out/news-digest.sqlite"), query))"
        #expect(try runNewsDigest(into: folder).status == 0)
        let second = "\(try IndependentReaders.sqlite(folder.path("out/news-digest.sqlite"), query))"
        #expect(first.hasPrefix("[[6, "))
        #expect(second == first)
    }

    /// A pipeline that reads JSON Lines from standard input into every file sink under `out/`.
    static let everySink = """
        name: every-sink
        reader: {type: stdin, format: jsonl}
        sinks:
          - {type: jsonl, path: out/all.jsonl}
          - {type: json, path: out/all.json}
          - {type: csv, path: out/all.csv, columns: [id, title, text]}
          - {type: markdown, path: out/all.md}
          - {type: html, path: out/all.html}
          - {type: sqlite, path: out/all.sqlite, mode: upsert}
        """

    @Test func aHostileDocumentComesThroughEverySinkIntactAndHarmless() throws {
        let folder = try ScratchFolder()
        try folder.write("p.yaml", Self.everySink)
        let text = "=cmd|' /C calc'!A0\n<script>alert(1)</script>, \"quoted\", 🙂\nlast line"
        let title = "<b>Title</b>, \"with\" quotes"
        var line = try JSONSerialization.data(withJSONObject: ["id": "x,\"1\"", "title": title, "text": text])
        line.append(0x0A)
        try line.write(to: folder.url.appendingPathComponent("in.jsonl"))
        let result = try PipeProcess.run(
            ["run", "p.yaml"], in: folder.url, stdin: folder.url.appendingPathComponent("in.jsonl"))
        #expect(result.status == 0, "\(result.stderr)")

        let record = try #require(try IndependentReaders.json(folder.path("out/all.jsonl")) as? [String: Any])
        #expect(record["text"] as? String == text)
        let array = try #require(try IndependentReaders.json(folder.path("out/all.json")) as? [[String: Any]])
        #expect(array.first?["title"] as? String == title)
        #expect(
            try IndependentReaders.csvRows(folder.path("out/all.csv")) == [
                ["id", "title", "text"], ["x,\"1\"", title, "'" + text],
            ])
        let stored = try IndependentReaders.sqlite(
            folder.path("out/all.sqlite"), "SELECT id, title, text FROM documents")
        #expect(stored as? [[String]] == [["x,\"1\"", title, text]])
        let markdown = try folder.read("out/all.md")
        #expect(markdown.contains(#"### \<b\>Title\</b\>, "with" quotes"#))
        #expect(!markdown.contains("<script>") && !markdown.contains("<b>"))
        let html = try folder.read("out/all.html")
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;, &quot;quoted&quot;, 🙂\nlast line"))
        #expect(html.components(separatedBy: "<script").count == 2, "only the report's own script")
        #expect(!html.contains("<b>Title"))
    }

    /// Every file sink, as it is declared in a pipeline whose input is `in/*.txt`.
    static let fileSinks = [
        "{type: json, path: OUT}", "{type: csv, path: OUT}", "{type: markdown, path: OUT}",
        "{type: html, path: OUT}", "{type: sqlite, path: OUT}", "{type: jsonl, path: OUT}",
    ]

    @Test(arguments: fileSinks)
    func aFailedRunLeavesThePreviousOutputAndNoTemporaryFile(sink: String) throws {
        let folder = try ScratchFolder()
        try folder.write("in/a.txt", "Fine text.")
        try Data([0x48, 0x69, 0xC3, 0x28]).write(to: folder.url.appendingPathComponent("in/b.txt"))
        try folder.write("out/result", "previous run\n")
        let declared = sink.replacingOccurrences(of: "OUT", with: "out/result")
        try folder.write("p.yaml", "reader: {type: files, paths: [\"in/*.txt\"]}\nsinks: [\(declared)]\n")
        let result = try PipeProcess.run(["run", "p.yaml"], in: folder.url)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: stage 'files', document 'b.txt' (in/b.txt): invalid UTF-8 at byte 2\n"))
        #expect(try folder.read("out/result") == "previous run\n")
        // jsonl, csv and sqlite had committed a.txt when b.txt failed: their partial output stays, hidden,
        // for --resume; the sinks that write their whole file at the end leave nothing.
        let resumable = ["{type: csv", "{type: jsonl", "{type: sqlite"].contains { sink.hasPrefix($0) }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path("out")).sorted()
                == (resumable ? [".result.pipe-partial", "result"] : ["result"]))
    }

    @Test(arguments: fileSinks)
    func overwriteFalseRefusesAnExistingFile(sink: String) throws {
        let folder = try ScratchFolder()
        try folder.write("out/result", "keep me\n")
        let declared = sink.replacingOccurrences(of: "OUT", with: "out/result").dropLast() + ", overwrite: false}"
        try folder.write("p.yaml", "reader: {type: text, text: hi}\nsinks: [\(declared)]\n")
        let result = try PipeProcess.run(["run", "p.yaml"], in: folder.url)
        #expect(result.status == 1)
        let type = sink.dropFirst("{type: ".count).prefix { $0 != "," }
        #expect(
            result.stderr == "error: stage '\(type)': cannot write 'out/result': it already exists; "
                + "remove it, or set 'overwrite: true' on the sink\n")
        #expect(try folder.read("out/result") == "keep me\n")
    }

    @Test(arguments: fileSinks.filter { !$0.contains("sqlite") })
    func aFullDiskFailsTheRunWithExitOne(sink: String) throws {
        let folder = try ScratchFolder()
        let declared = sink.replacingOccurrences(of: "OUT", with: "/dev/full")
        try folder.write("p.yaml", "reader: {type: text, text: hello, repeat: 50000}\nsinks: [\(declared)]\n")
        let result = try PipeProcess.run(["run", "p.yaml"], in: folder.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("cannot write '/dev/full': write failed: No space left on device"))
    }

    @Test func sqliteRefusesADeviceAndCreatesMissingFolders() throws {
        let folder = try ScratchFolder()
        try folder.write(
            "p.yaml",
            """
            reader: {type: text, text: hello}
            sinks: [{type: sqlite, path: /dev/full}, {type: sqlite, path: deep/er/db.sqlite}]
            """)
        let refused = try PipeProcess.run(["run", "p.yaml"], in: folder.url)
        #expect(refused.status == 1)
        #expect(refused.stderr == "error: stage 'sqlite': cannot write '/dev/full': it is not a regular file\n")
        #expect(!FileManager.default.fileExists(atPath: folder.path("deep/er/db.sqlite")))
        try folder.write(
            "p.yaml", "reader: {type: text, text: hello}\nsinks: [{type: sqlite, path: deep/er/db.sqlite}]\n")
        #expect(try PipeProcess.run(["run", "p.yaml"], in: folder.url).status == 0)
        #expect(
            try IndependentReaders.sqlite(folder.path("deep/er/db.sqlite"), "SELECT id FROM documents") as? [[String]]
                == [["text-1"]])
    }

    @Test func aKilledRunLeavesTheDatabaseAsItWas() throws {
        let folder = try ScratchFolder()
        try folder.write(
            "p.yaml",
            "reader: {type: stdin, format: jsonl}\nsinks: [{type: sqlite, path: db.sqlite, mode: upsert, batch: 10}]\n")
        try folder.write("first.jsonl", "{\"id\":\"a\",\"text\":\"First.\"}\n")
        let first = try PipeProcess.run(
            ["run", "p.yaml"], in: folder.url, stdin: folder.url.appendingPathComponent("first.jsonl"))
        #expect(first.status == 0)
        let original = try Data(contentsOf: URL(fileURLWithPath: folder.path("db.sqlite")))

        let process = Process()
        process.executableURL = PipeProcess.executable
        process.arguments = ["run", "p.yaml"]
        process.currentDirectoryURL = folder.url
        let input = Pipe()
        process.standardInput = input
        process.standardError = FileHandle.nullDevice
        try process.run()
        let line = Data("{\"id\":\"a\",\"text\":\"\(String(repeating: "changed words ", count: 40))\"}\n".utf8)
        for _ in 0..<500 { input.fileHandleForWriting.write(line) }
        Thread.sleep(forTimeInterval: 0.5)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder.path("db.sqlite"))) == original)
        let stored = try IndependentReaders.sqlite(folder.path("db.sqlite"), "SELECT id, text FROM documents")
        #expect(stored as? [[String]] == [["a", "First."]])
        try? input.fileHandleForWriting.close()
    }
}
