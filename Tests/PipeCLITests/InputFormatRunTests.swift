import Foundation
import TestSupport
import Testing

/// The `files` and `stdin` readers' formats end to end: the built binary on the reader fixtures,
/// broken ones included, with `on_error: fail` and `skip`.
struct InputFormatRunTests {
    static let fixtures = PipeProcess.packageRoot.appendingPathComponent("Tests/BuiltinStagesTests/Fixtures/inputs")

    /// A scratch folder holding copies of fixtures, each under the name given.
    func folder(with files: [String: String]) throws -> ScratchFolder {
        let folder = try ScratchFolder()
        for (name, fixture) in files {
            let target = folder.url.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent(fixture), to: target)
        }
        return folder
    }

    func records(_ text: String) throws -> [[String: Any]] {
        try text.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func aTruncatedJSONLineFailsTheRunNamingFileLineAndByte() throws {
        let folder = try folder(with: ["in/news.jsonl": "truncated.jsonl"])
        try folder.write(
            "fail.yaml", "reader: {type: files, paths: [\"in/*.jsonl\"]}\nsinks: [{type: jsonl, path: out.jsonl}]\n")
        let failed = try PipeProcess.run(["run", "fail.yaml"], in: folder.url)
        #expect(failed.status == 1)
        #expect(
            failed.stderr == """
                error: stage 'files', document 'news.jsonl:3' (in/news.jsonl): in/news.jsonl:3: invalid JSON at byte 21: \
                unterminated string
                note: set 'on_error: skip' to leave failed documents out and go on
                note: the run journal '.pipe/fail.journal' keeps what every output committed; \
                add --resume to the same command to continue from there

                """)
        // Lines 1 and 2 were committed before line 3 failed: kept for --resume, hidden.
        #expect(try folder.contents() == [".out.jsonl.pipe-partial", ".pipe", "fail.yaml", "in"])

        try folder.write(
            "skip.yaml",
            """
            on_error: skip
            dead_letter: failed.jsonl
            reader: {type: files, paths: ["in/*.jsonl"]}
            sinks: [{type: jsonl, path: out.jsonl, include_text: false}]
            """)
        let skipped = try PipeProcess.run(["run", "skip.yaml"], in: folder.url)
        #expect(skipped.status == 0, "\(skipped.stderr)")
        #expect(
            try folder.read("out.jsonl") == """
                {"id":"a1","source":"in/news.jsonl","metadata":{}}
                {"id":"a2","source":"in/news.jsonl","metadata":{}}
                {"id":"a4","source":"in/news.jsonl","metadata":{}}

                """)
        #expect(
            try folder.read("failed.jsonl") == """
                {"id":"news.jsonl:3","source":"in/news.jsonl","stage":"files","error":"in/news.jsonl:3: invalid JSON at \
                byte 21: unterminated string","text":"{\\"id\\": \\"a3\\", \\"text\\": \\"Oil prices fell for a third"}

                """)
    }

    @Test func anUnbalancedCSVQuoteIsReportedAndTheOtherRecordsRead() throws {
        let folder = try folder(with: ["data.csv": "unbalanced.csv"])
        try folder.write(
            "p.yaml",
            "on_error: skip\nreader: {type: files, paths: [data.csv]}\nsinks: [{type: jsonl, path: out.jsonl}]\n")
        let result = try PipeProcess.run(["run", "p.yaml"], in: folder.url)
        #expect(result.status == 0)
        #expect(
            result.stderr.hasPrefix(
                "warning: skipped stage 'files', document 'data.csv:4' (data.csv): data.csv:4: unbalanced quote in the record "
                    + "that starts on line 4\n"))
        let records = try records(try folder.read("out.jsonl"))
        #expect(records.map { $0["id"] as? String } == ["1", "2", "4", "5"])
        #expect(records.map { $0["title"] as? String } == ["Markets", "Bonds", "Oil", "Jobs"])
    }

    @Test func brokenFilesAreSkippedAndEveryFormatInAFolderIsRead() throws {
        let folder = try folder(with: [
            "in/news.html": "news.html", "in/article.md": "article.md", "in/logo.png": "logo.png",
            "in/latin1.txt": "latin1.txt", "in/articles.csv": "articles.csv", "in/articles.jsonl": "articles.jsonl",
        ])
        try folder.write(
            "p.yaml",
            """
            on_error: skip
            dead_letter: failed.jsonl
            reader: {type: files, paths: ["in/*"]}
            sinks: [{type: jsonl, path: out.jsonl}]
            """)
        let result = try PipeProcess.run(["run", "p.yaml", "--stats", "--progress", "never"], in: folder.url)
        #expect(result.status == 0, "\(result.stderr)")
        let records = try records(try folder.read("out.jsonl"))
        #expect(
            records.map { $0["id"] as? String } == [
                "article.md", "101", "102", "103", "ledger-0412", "413", "articles.jsonl:4", "ledger-0415", "news.html",
            ])
        #expect(
            records[0]["text"] as? String
                == (try String(contentsOf: Self.fixtures.appendingPathComponent("article.txt"), encoding: .utf8))
                .dropLast().description)
        #expect(
            records[8]["title"] as? String
                == "Council approves ‘Riverside’ tram line after ten-year wait | The Northern Ledger")
        let failures = try self.records(try folder.read("failed.jsonl"))
        #expect(failures.map { $0["id"] as? String } == ["latin1.txt", "logo.png"])
        #expect(
            failures.map { $0["error"] as? String } == [
                "invalid UTF-8 at byte 3", "looks like a binary file (a NUL byte at offset 8), not text",
            ])
        #expect(result.stderr.contains("11 read, 9 written, 0 dropped, 2 failed in "))
    }

    @Test func invalidUTF8CanBeReplacedInsteadOfFailing() throws {
        let folder = try folder(with: ["old.txt": "latin1.txt"])
        try folder.write(
            "p.yaml",
            "reader: {type: files, paths: [old.txt], invalid_utf8: replace}\nsinks: [{type: jsonl, path: out.jsonl}]\n")
        let result = try PipeProcess.run(["run", "p.yaml"], in: folder.url)
        #expect(result.status == 0)
        #expect(
            try folder.read("out.jsonl")
                == "{\"id\":\"old.txt\",\"source\":\"old.txt\",\"text\":\"Caf\u{FFFD} owners in the old town say "
                + "r\u{FFFD}sum\u{FFFD}s are piling up.\\n\",\"metadata\":{}}\n")
    }

    @Test(arguments: [
        ("html", "news.html", "\"id\":\"stdin\",\"source\":\"-\",\"title\":\"Council approves"),
        ("markdown", "article.md", "\"id\":\"stdin\",\"source\":\"-\",\"title\":\"Why the Riverside tram"),
        (
            "csv", "articles.csv",
            "\"id\":\"101\",\"source\":\"-\",\"title\":\"Council approves tram line, after ten years\""
        ),
        ("json", "articles.jsonl", "error: stage 'stdin', document 'stdin': stdin:2: invalid JSON at byte 0"),
    ])
    func standardInputReadsTheSameFormats(format: String, fixture: String, expected: String) throws {
        let folder = try ScratchFolder()
        try folder.write("p.yaml", "reader: {type: stdin, format: \(format)}\nsinks: [{type: jsonl}]\n")
        let result = try PipeProcess.run(
            ["run", "p.yaml"], in: folder.url, stdin: Self.fixtures.appendingPathComponent(fixture))
        #expect((result.stdout + result.stderr).contains(expected), "\(result.stdout)\(result.stderr)")
    }

    @Test func csvRecordsFromStandardInputAreNumberedByLine() throws {
        let folder = try ScratchFolder()
        try folder.write("in.csv", "title,text\nA,\"one\ntwo\"\nB,three\n")
        try folder.write("p.yaml", "reader: {type: stdin, format: csv}\nsinks: [{type: jsonl, include_text: false}]\n")
        let result = try PipeProcess.run(
            ["run", "p.yaml"], in: folder.url, stdin: folder.url.appendingPathComponent("in.csv"))
        #expect(
            result.stdout == """
                {"id":"2","source":"-","title":"A","metadata":{}}
                {"id":"4","source":"-","title":"B","metadata":{}}

                """)
    }

    @Test func aDelimiterOfMoreThanOneCharacterIsAConfigurationError() throws {
        let folder = try ScratchFolder()
        try folder.write("p.yaml", "reader: {type: stdin, format: csv, delimiter: \";;\"}\nsinks: [{type: jsonl}]\n")
        let result = try PipeProcess.run(["validate", "p.yaml"], in: folder.url)
        #expect(result.status == 2)
        #expect(
            result.stderr == """
                p.yaml:1:47: error: 'delimiter' must be one ASCII character other than a quote or a line break
                  reader: {type: stdin, format: csv, delimiter: ";;"}
                                                                ^
                delimiter: ";"   (or "\\t" for a tab)

                """)
    }
}
