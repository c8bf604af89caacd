import Foundation
import TestSupport
import Testing

/// `pipe validate`, `list`, `describe`, `graph`, `init` and argument handling, through the binary.
struct CommandTests {
    static let brokenFolder = PipeProcess.packageRoot.appendingPathComponent("Tests/PipeCLITests/Fixtures/broken")

    static var brokenFixtures: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: brokenFolder.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.sorted()
    }

    @Test func thereAreAtLeastTwentyBrokenFixtures() {
        #expect(Self.brokenFixtures.count >= 20)
    }

    @Test(arguments: brokenFixtures)
    func brokenPipelineFailsValidationWithItsExactMessage(fixture: String) throws {
        let expected = try String(
            contentsOf: Self.brokenFolder.appendingPathComponent(
                fixture.replacingOccurrences(of: ".yaml", with: ".expected")), encoding: .utf8)
        let result = try PipeProcess.run(
            ["validate", fixture], in: Self.brokenFolder, removing: ["OUT_DIR", "PIPE_FIXTURE_OUT"])
        #expect(result.status == 2)
        #expect(result.stderr == expected)
        #expect(result.stdout.isEmpty)
    }

    @Test func shippedPipelinesValidate() throws {
        let folder = PipeProcess.packageRoot.appendingPathComponent("pipelines")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }
        #expect(!files.isEmpty)
        for file in files {
            let result = try PipeProcess.run(["validate", "pipelines/\(file)"])
            #expect(result.status == 0, "\(file): \(result.stderr)")
        }
    }

    @Test func validateSaysWhatItChecked() throws {
        let result = try PipeProcess.run(["validate", "pipelines/news-digest.yaml"])
        #expect(result.stdout == "pipelines/news-digest.yaml: ok: 'news-digest', 1 reader, 5 stages, 8 sinks\n")
    }

    @Test func aMissingPipelineFileIsAnArgumentError() throws {
        let result = try PipeProcess.run(["run", "no/such.yaml"])
        #expect(result.status == 2)
        #expect(result.stderr == "no/such.yaml: error: cannot read the pipeline file: no such file\n")
    }

    @Test func listShowsEveryStageByKind() throws {
        let result = try PipeProcess.run(["list"])
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("readers\n  files "))
        for name in [
            "files", "stdin", "text", "filter", "jsonl", "json", "csv", "markdown", "html", "sqlite", "stdout",
        ] {
            #expect(result.stdout.contains("\n  \(name) "), "\(name) missing from pipe list")
        }
        #expect(result.stdout.contains("\ntransformers\n"))
        #expect(result.stdout.contains("\nsinks\n"))
    }

    @Test func describeShowsOptionsAndAnExample() throws {
        let result = try PipeProcess.run(["describe", "filter"])
        #expect(result.status == 0)
        #expect(
            result.stdout == """
                filter (transformer)
                  Drops documents by length or content: min_chars, max_chars, contains, excludes.

                options:
                  min_chars    integer          Drop documents with fewer characters. (default: 0)
                  max_chars    integer          Drop documents with more characters. (optional)
                  contains     list of strings  Keep only documents containing at least one of these phrases. (optional)
                  excludes     list of strings  Drop documents containing any of these phrases. (optional)
                  ignore_case  boolean          Match 'contains' and 'excludes' regardless of letter case. (default: false)

                example:
                  - type: filter
                    min_chars: 0
                    ignore_case: false

                """)
    }

    @Test func describeSuggestsTheNearestStage() throws {
        let result = try PipeProcess.run(["describe", "jsnol"])
        #expect(result.status == 2)
        #expect(result.stderr == "error: no stage named 'jsnol'\ndid you mean 'jsonl'?\n")
    }

    @Test func graphDrawsReadersThroughTheChainToEverySink() throws {
        let dot = try PipeProcess.run(["graph", "pipelines/news-digest.yaml"])
        #expect(dot.status == 0)
        #expect(
            dot.stdout == """
                digraph "news-digest" {
                  rankdir=LR;
                  node [shape=box, style=rounded];
                  "reader:files" [label="files", shape=invhouse];
                  "transformer:filter" [label="filter", shape=box];
                  "transformer:parse" [label="parse", shape=box];
                  "transformer:entities" [label="entities", shape=box];
                  "transformer:summarize" [label="summarize", shape=box];
                  "transformer:keywords" [label="keywords", shape=box];
                  "sink:jsonl" [label="jsonl", shape=cylinder];
                  "sink:json" [label="json", shape=cylinder];
                  "sink:csv" [label="csv", shape=cylinder];
                  "sink:entities-csv" [label="entities-csv (csv)", shape=cylinder];
                  "sink:markdown" [label="markdown", shape=cylinder];
                  "sink:html" [label="html", shape=cylinder];
                  "sink:sqlite" [label="sqlite", shape=cylinder];
                  "sink:stdout" [label="stdout", shape=cylinder];
                  "reader:files" -> "transformer:filter";
                  "transformer:filter" -> "transformer:parse";
                  "transformer:parse" -> "transformer:entities";
                  "transformer:entities" -> "transformer:summarize";
                  "transformer:summarize" -> "transformer:keywords";
                  "transformer:keywords" -> "sink:jsonl";
                  "transformer:keywords" -> "sink:json";
                  "transformer:keywords" -> "sink:csv";
                  "transformer:keywords" -> "sink:entities-csv";
                  "transformer:keywords" -> "sink:markdown";
                  "transformer:keywords" -> "sink:html";
                  "transformer:keywords" -> "sink:sqlite";
                  "transformer:keywords" -> "sink:stdout";
                }

                """)
        let mermaid = try PipeProcess.run(["graph", "pipelines/news-digest.yaml", "--format", "mermaid"])
        #expect(
            mermaid.stdout == """
                flowchart LR
                  n0(["files"])
                  n1["filter"]
                  n2["parse"]
                  n3["entities"]
                  n4["summarize"]
                  n5["keywords"]
                  n6[("jsonl")]
                  n7[("json")]
                  n8[("csv")]
                  n9[("entities-csv (csv)")]
                  n10[("markdown")]
                  n11[("html")]
                  n12[("sqlite")]
                  n13[("stdout")]
                  n0 --> n1
                  n1 --> n2
                  n2 --> n3
                  n3 --> n4
                  n4 --> n5
                  n5 --> n6
                  n5 --> n7
                  n5 --> n8
                  n5 --> n9
                  n5 --> n10
                  n5 --> n11
                  n5 --> n12
                  n5 --> n13

                """)
    }

    @Test func initWritesAStarterThatValidatesAndRefusesToOverwrite() throws {
        let folder = try ScratchFolder()
        let first = try PipeProcess.run(["init", "news"], in: folder.url)
        #expect(first.status == 0)
        #expect(first.stdout.hasPrefix("wrote news.yaml"))
        let validated = try PipeProcess.run(["validate", "news.yaml"], in: folder.url)
        #expect(validated.status == 0, "\(validated.stderr)")
        let second = try PipeProcess.run(["init", "news"], in: folder.url)
        #expect(second.status == 2)
        #expect(second.stderr == "error: 'news.yaml' already exists; pass --force to replace it\n")
        #expect(try PipeProcess.run(["init", "news", "--force"], in: folder.url).status == 0)
    }

    @Test func versionIsPrinted() throws {
        let result = try PipeProcess.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout == "0.1.0\n")
    }

    @Test(arguments: [
        ["run"],
        ["run", "pipelines/news-digest.yaml", "--concurrency", "0"],
        ["run", "pipelines/news-digest.yaml", "--shard", "4/4"],
        ["run", "pipelines/news-digest.yaml", "--var", "novalue"],
        ["run", "pipelines/news-digest.yaml", "--progress", "sometimes"],
        ["frobnicate"],
    ])
    func wrongArgumentsExitTwo(arguments: [String]) throws {
        let result = try PipeProcess.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("Error: ") || result.stderr.hasPrefix("error: "))
    }
}

/// The README's stage catalogue is generated; this keeps it from going stale.
struct ReadmeTests {
    @Test func theStageCatalogueMatchesDescribeAll() throws {
        let readme = try String(
            contentsOf: PipeProcess.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "<!-- catalogue:start -->\n```text\n"))
        let end = try #require(readme.range(of: "```\n<!-- catalogue:end -->"))
        let catalogue = String(readme[start.upperBound..<end.lowerBound])
        let described = try PipeProcess.run(["describe", "--all"])
        #expect(catalogue == described.stdout, "regenerate the README catalogue with 'swift run pipe describe --all'")
    }
}
