import Foundation
import TestSupport
import Testing

/// `pipe run` end to end: the built binary on real files, checked with an independent reader.
struct RunTests {
    /// A pipeline that reads JSON Lines from standard input and writes them to `out.jsonl`.
    static let jsonlPipeline = """
        name: copy
        ordered: ${ORDERED:-true}
        reader:
          type: stdin
          format: jsonl
        stages:
          - type: filter
            min_chars: 1
        sinks:
          - type: jsonl
            path: ${OUT:-out.jsonl}
        """

    /// 10,000 small documents of uneven length, so that workers finish out of order.
    func writeCorpus(in folder: ScratchFolder, count: Int = 10_000) throws -> URL {
        var lines = ""
        for number in 0..<count {
            let words = String(repeating: "word\(number % 97) ", count: number % 50)
            lines += "{\"id\":\"doc-\(number)\",\"text\":\"Document \(number). \(words)é🙂\",\"url\":\"u\(number)\"}\n"
        }
        try folder.write("corpus.jsonl", lines)
        return folder.url.appendingPathComponent("corpus.jsonl")
    }

    @Test func outputIsByteIdenticalAtConcurrencyOneTwoAndEight() throws {
        let folder = try ScratchFolder()
        try folder.write("copy.yaml", Self.jsonlPipeline)
        let corpus = try writeCorpus(in: folder)
        var outputs: [String] = []
        for concurrency in [1, 2, 8] {
            let result = try PipeProcess.run(
                ["run", "copy.yaml", "--concurrency", String(concurrency), "--var", "OUT=out-\(concurrency).jsonl"],
                in: folder.url, stdin: corpus)
            #expect(result.status == 0, "\(result.stderr)")
            outputs.append(try folder.read("out-\(concurrency).jsonl"))
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0] == outputs[2])
        let lines = outputs[0].split(separator: "\n")
        #expect(lines.count == 10_000)
        let ids = try lines.map { line in
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        }.map { $0["id"] as! String }
        #expect(ids == (0..<10_000).map { "doc-\($0)" })

        let unordered = try PipeProcess.run(
            ["run", "copy.yaml", "--concurrency", "8", "--var", "OUT=unordered.jsonl", "--var", "ORDERED=false"],
            in: folder.url, stdin: corpus)
        #expect(unordered.status == 0)
        #expect(try folder.read("unordered.jsonl").split(separator: "\n").sorted() == lines.sorted())
    }

    @Test func exportedRecordsFollowTheContract() throws {
        let folder = try ScratchFolder()
        try folder.write("copy.yaml", Self.jsonlPipeline)
        try folder.write(
            "in.jsonl",
            """
            {"id": 7, "text": "Zoë said \\"hi\\"\\n<script>", "title": "T", "date": "2025-02-13", "url": "https://x"}

            """)
        let result = try PipeProcess.run(
            ["run", "copy.yaml"], in: folder.url,
            stdin: folder.url.appendingPathComponent("in.jsonl"))
        #expect(result.status == 0)
        #expect(
            try folder.read("out.jsonl") == """
                {"id":"7","source":"-","title":"T","date":"2025-02-13","text":"Zoë said \\"hi\\"\\n<script>",\
                "metadata":{"url":"https://x"}}

                """)
    }

    @Test func filesReaderReadsGlobsAndNamesDocumentsByRelativePath() throws {
        let folder = try ScratchFolder()
        try folder.write("data/a.txt", "Alpha text.")
        try folder.write("data/sub/b.txt", "Beta text.")
        try folder.write("data/sub/c.md", "Not matched.")
        try folder.write(
            "p/read.yaml",
            """
            reader: {type: files, paths: ["../data/**/*.txt"]}
            sinks: [{type: jsonl, path: ../out/docs.jsonl, include_text: false}]
            """)
        let result = try PipeProcess.run(["run", "p/read.yaml"], in: folder.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            try folder.read("out/docs.jsonl") == """
                {"id":"a.txt","source":"data/a.txt","metadata":{}}
                {"id":"sub/b.txt","source":"data/sub/b.txt","metadata":{}}

                """)
    }

    @Test func inputOnTheCommandLineReplacesTheReadersPaths() throws {
        let folder = try ScratchFolder()
        try folder.write("only.txt", String(repeating: "Only this one. ", count: 20))
        try folder.write("short.txt", "Too short for the filter.")
        let result = try PipeProcess.run(
            [
                "run", PipeProcess.packageRoot.appendingPathComponent("pipelines/news-digest.yaml").path,
                "--input", "only.txt", "--input", "short.txt",
                "--var", "out=\(folder.path("o"))",
            ], in: folder.url)
        #expect(result.status == 0, "\(result.stderr)")
        let records = try folder.read("o/news-digest.jsonl").split(separator: "\n")
        #expect(records.count == 1)
        #expect(records.first?.hasPrefix("{\"id\":\"only.txt\",\"source\":\"only.txt\",") == true)
    }

    @Test func anInvalidUTF8FileFailsTheRunNamingDocumentAndStage() throws {
        let folder = try ScratchFolder()
        try folder.write("in/good.txt", "Fine text.")
        try Data([0x48, 0x69, 0x20, 0xC3, 0x28, 0x21]).write(to: folder.url.appendingPathComponent("in/bad.txt"))
        try folder.write("in/zz.txt", "Also fine.")
        try folder.write("out.jsonl", "previous run\n")
        try folder.write(
            "fail.yaml",
            """
            reader: {type: files, paths: ["in/*.txt"]}
            sinks: [{type: jsonl, path: out.jsonl}]
            """)
        let failed = try PipeProcess.run(["run", "fail.yaml"], in: folder.url)
        #expect(failed.status == 1)
        #expect(
            failed.stderr.hasPrefix(
                "error: stage 'files', document 'bad.txt' (in/bad.txt): invalid UTF-8 at byte 3\n"))
        #expect(try folder.read("out.jsonl") == "previous run\n", "a failed run leaves the old output alone")
        // bad.txt, read first, failed before anything was committed: nothing to resume, nothing kept.
        #expect(try folder.contents() == ["fail.yaml", "in", "out.jsonl"], "no temporary file is left behind")

        try folder.write(
            "skip.yaml",
            """
            on_error: skip
            dead_letter: failed.jsonl
            reader: {type: files, paths: ["in/*.txt"]}
            sinks: [{type: jsonl, path: out.jsonl, include_text: false}]
            """)
        let skipped = try PipeProcess.run(["run", "skip.yaml"], in: folder.url)
        #expect(skipped.status == 0)
        #expect(skipped.stderr.contains("warning: 1 document(s) failed and were skipped; see "))
        #expect(try folder.read("out.jsonl").split(separator: "\n").count == 2)
        let dead = try folder.read("failed.jsonl").split(separator: "\n")
        #expect(dead.count == 1)
        #expect(dead.first?.contains("\"id\":\"bad.txt\"") == true)
        #expect(dead.first?.contains("\"error\":\"invalid UTF-8 at byte 3\"") == true)
    }

    @Test func aBinaryFileIsReportedNotRead() throws {
        let folder = try ScratchFolder()
        try Data([0x7F, 0x45, 0x4C, 0x46, 0x00, 0x01]).write(to: folder.url.appendingPathComponent("prog.txt"))
        try folder.write("p.yaml", "reader: {type: files, paths: [prog.txt]}\nsinks: [{type: jsonl}]\n")
        let result = try PipeProcess.run(["run", "p.yaml"], in: folder.url)
        #expect(result.status == 1)
        #expect(result.stderr.contains("looks like a binary file (a NUL byte at offset 4), not text"))
    }

    @Test func aFullDiskFailsTheRunWithExitOne() throws {
        let folder = try ScratchFolder()
        try folder.write(
            "p.yaml", "reader: {type: text, text: hello, repeat: 50000}\nsinks: [{type: jsonl, path: /dev/full}]\n")
        let result = try PipeProcess.run(["run", "p.yaml"], in: folder.url)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: stage 'jsonl', document 'text-"))
        #expect(result.stderr.contains("cannot write '/dev/full': write failed: No space left on device"))
    }

    @Test func anOutputInsideAFileIsAClearError() throws {
        let folder = try ScratchFolder()
        try folder.write("blocker", "a file, not a folder")
        try folder.write("p.yaml", "reader: {type: text, text: hi}\nsinks: [{type: jsonl, path: blocker/out.jsonl}]\n")
        let result = try PipeProcess.run(["run", "p.yaml"], in: folder.url)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: stage 'jsonl': cannot write '"))
        #expect(result.stderr.contains("cannot create its folder"))
    }

    @Test func overwriteFalseRefusesAnExistingFile() throws {
        let folder = try ScratchFolder()
        try folder.write("out.jsonl", "keep me\n")
        try folder.write(
            "p.yaml", "reader: {type: text, text: hi}\nsinks: [{type: jsonl, path: out.jsonl, overwrite: false}]\n")
        let result = try PipeProcess.run(["run", "p.yaml"], in: folder.url)
        #expect(result.status == 1)
        #expect(
            result.stderr == "error: stage 'jsonl': cannot write 'out.jsonl': it already exists; "
                + "remove it, or set 'overwrite: true' on the sink\n")
        #expect(try folder.read("out.jsonl") == "keep me\n")
    }

    @Test func shardsTogetherEqualTheWholeRun() throws {
        let folder = try ScratchFolder()
        try folder.write("copy.yaml", Self.jsonlPipeline)
        let corpus = try writeCorpus(in: folder, count: 1000)
        _ = try PipeProcess.run(["run", "copy.yaml", "--var", "OUT=all.jsonl"], in: folder.url, stdin: corpus)
        var merged: [Substring] = []
        for index in 0..<3 {
            let result = try PipeProcess.run(
                ["run", "copy.yaml", "--shard", "\(index)/3", "--var", "OUT=s\(index).jsonl"],
                in: folder.url, stdin: corpus)
            #expect(result.status == 0)
            let lines = try folder.read("s\(index).jsonl").split(separator: "\n")
            #expect(lines.count > 200 && lines.count < 470, "shard \(index) holds \(lines.count)")
            merged += lines
        }
        #expect(merged.sorted() == (try folder.read("all.jsonl")).split(separator: "\n").sorted())
    }

    @Test func statsReportEveryStage() throws {
        let result = try PipeProcess.run([
            "run", "pipelines/news-digest.yaml", "--stats", "--progress", "never",
            "--var", "out=\(try ScratchFolder().path("out"))",
        ])
        #expect(result.status == 0)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.first?.hasPrefix("stage ") == true)
        #expect(lines.contains { $0.hasPrefix("files ") && $0.contains("reader") })
        #expect(lines.contains { $0.hasPrefix("filter ") && $0.contains("transformer") })
        #expect(lines.last?.hasPrefix("6 read, 6 written, 0 dropped, 0 failed in ") == true)
        #expect(!result.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
        #expect(result.stdout.contains("seed.txt  Trump Initiates Peace Talks With Putin For Ukraine War\n"))
        #expect(
            result.stdout.contains(
                "  Examples/data/seed.txt · 2025-02-13 · 5563 characters · 35 sentences · 90 entities\n"))
    }

    @Test func anInterruptExits130AndLeavesOnlyCompleteRecords() throws {
        let folder = try ScratchFolder()
        try folder.write("copy.yaml", Self.jsonlPipeline)
        let process = Process()
        process.executableURL = PipeProcess.executable
        process.arguments = ["run", "copy.yaml"]
        process.currentDirectoryURL = folder.url
        let input = Pipe()
        process.standardInput = input
        process.standardError = FileHandle.nullDevice
        try process.run()
        let line = Data("{\"id\":\"x\",\"text\":\"\(String(repeating: "some words ", count: 40))\"}\n".utf8)
        for _ in 0..<2000 { input.fileHandleForWriting.write(line) }
        Thread.sleep(forTimeInterval: 0.5)
        process.interrupt()
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        let written = try folder.read("out.jsonl")
        let records = written.split(separator: "\n")
        #expect(records.count == 2000)
        #expect(written.hasSuffix("\n"))
        for record in records {
            #expect((try? JSONSerialization.jsonObject(with: Data(record.utf8))) != nil)
        }
        #expect(try folder.contents() == [".pipe", "copy.yaml", "out.jsonl"], "the run journal stays for --resume")
        try input.fileHandleForWriting.close()
    }
}

struct ProgressTests {
    @Test func theProgressBarGoesToStderrAndNeverIntoStdout() throws {
        let folder = try ScratchFolder()
        try folder.write("p.yaml", "reader: {type: text, text: some text, repeat: 400000}\nsinks: [{type: jsonl}]\n")
        let result = try PipeProcess.run(["run", "p.yaml", "--progress", "always"], in: folder.url)
        #expect(result.status == 0)
        #expect(result.stderr.contains("/400000 docs"))
        #expect(result.stderr.contains("\r\u{1B}[K"))
        #expect(!result.stdout.contains("\u{1B}"))
        #expect(result.stdout.split(separator: "\n").count == 400_000)
    }

    @Test func aFileListGivesTheBarItsTotalsAndAnETA() throws {
        let folder = try ScratchFolder()
        let paragraph = String(
            repeating: "The council met on Tuesday. Its members voted for the plan, 7 to 2. ", count: 60)
        for number in 0..<400 { try folder.write("corpus/\(number).txt", "Title \(number)\n\n\(paragraph)\n") }
        try folder.write(
            "p.yaml", "reader: {type: files, paths: [corpus/*.txt]}\nstages: [{type: parse}]\nsinks: [{type: jsonl}]\n")
        let result = try PipeProcess.run(["run", "p.yaml", "--progress", "always"], in: folder.url)
        #expect(result.status == 0)
        // Documents and bytes against the totals of the file list, the rates and an ETA, on stderr.
        #expect(result.stderr.contains("/400 docs"))
        #expect(result.stderr.contains("B/s  "))
        #expect(result.stderr.contains(" docs/s"))
        #expect(result.stderr.contains("ETA "))
        #expect(result.stderr.hasSuffix("\r\u{1B}[K"))
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 400)
        #expect(lines.allSatisfy { $0.hasPrefix("{\"id\":") })
        #expect(!result.stdout.contains("\u{1B}") && !result.stdout.contains("\r"))
    }

    @Test(arguments: [["--progress", "never"], []])
    func noBarWhenNeverOrWhenStderrIsNotATerminal(_ flags: [String]) throws {
        let folder = try ScratchFolder()
        try folder.write("p.yaml", "reader: {type: text, text: some text, repeat: 400000}\nsinks: [{type: jsonl}]\n")
        let result = try PipeProcess.run(["run", "p.yaml"] + flags, in: folder.url)
        #expect(result.status == 0)
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.split(separator: "\n").count == 400_000)
    }
}
