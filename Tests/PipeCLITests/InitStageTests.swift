import Foundation
import TestSupport
import Testing

/// `pipe init --stage`: the package it writes (CI builds and tests one; see .ci/run) and its mistakes.
struct InitStageTests {
    @Test func writesAPackageThatDependsOnTheNamedCheckout() throws {
        let folder = try ScratchFolder()
        let root = PipeProcess.packageRoot.path
        let result = try PipeProcess.run(["init", "--stage", "word-count", "--pipe-path", root], in: folder.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout == """
                wrote word-count/, a package with the stage 'word-count', depending on the pipe checkout at \(root)
                try: cd word-count && swift test && swift run word-count-pipe run pipelines/word-count.yaml

                """)
        let files = try FileManager.default.subpathsOfDirectory(atPath: folder.path("word-count")).filter { path in
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(
                atPath: folder.path("word-count/\(path)"), isDirectory: &isDirectory)
            return exists && !isDirectory.boolValue
        }
        #expect(
            files.sorted() == [
                ".gitignore", "Package.swift", "README.md", "Sources/WordCountStage/WordCount.swift",
                "Sources/word-count-pipe/main.swift", "Tests/WordCountStageTests/WordCountTests.swift",
                "pipelines/tests/word-count.test.yaml", "pipelines/word-count.yaml",
            ])
        let manifest = try folder.read("word-count/Package.swift")
        #expect(manifest.contains(".package(name: \"pipe\", path: \"\(root)\")"))
        #expect(manifest.contains(".product(name: \"PipeCLI\", package: \"pipe\")"))
        let stage = try folder.read("word-count/Sources/WordCountStage/WordCount.swift")
        #expect(stage.contains("public struct WordCount: Transformer {"))
        #expect(
            stage.contains("\"word-count\",\n        summary: \"Counts each document's words into fields.word-count.\"")
        )
        #expect(
            try folder.read("word-count/Sources/word-count-pipe/main.swift").contains(
                "registry.register(WordCount.declaration)"))
    }

    @Test func withoutAPathItDependsOnTheCheckoutPipeWasBuiltFrom() throws {
        let folder = try ScratchFolder()
        let result = try PipeProcess.run(["init", "--stage", "tagger"], in: folder.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            try folder.read("tagger/Package.swift").contains(
                ".package(name: \"pipe\", path: \"\(PipeProcess.packageRoot.path)\")"))
    }

    @Test func aURLDependsOnTheRepositoryFromThisVersion() throws {
        let folder = try ScratchFolder()
        let result = try PipeProcess.run(
            ["init", "--stage", "tagger", "--pipe-url", "https://example.org/text/pipe-kit.git"], in: folder.url)
        #expect(result.status == 0, "\(result.stderr)")
        let manifest = try folder.read("tagger/Package.swift")
        #expect(manifest.contains(".package(url: \"https://example.org/text/pipe-kit.git\", from: \"0.1.0\")"))
        #expect(manifest.contains(".product(name: \"PipeKit\", package: \"pipe-kit\")"))
    }

    @Test(arguments: [
        (
            ["init", "--stage", "Word Count"],
            "Error: --stage expects a stage name of lower-case letters, digits, '-' and '_', starting with a letter, "
                + "such as 'word-count', not 'Word Count'.\n"
        ),
        (["init", "--pipe-path", "."], "Error: --pipe-path and --pipe-url go with --stage NAME.\n"),
        (["init", "news", "--stage", "news"], "Error: Give NAME or --stage NAME, not both.\n"),
        (
            ["init", "--stage", "x", "--pipe-path", ".", "--pipe-url", "https://example.org/pipe"],
            "Error: Give --pipe-path or --pipe-url, not both.\n"
        ),
        (
            ["init", "--stage", "x", "--pipe-path", "nowhere"],
            "error: --pipe-path: 'nowhere' is not a checkout of pipe (it has no Package.swift)\n"
        ),
    ])
    func mistakesAreArgumentErrors(arguments: [String], message: String) throws {
        let folder = try ScratchFolder()
        let result = try PipeProcess.run(arguments, in: folder.url)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix(message), "\(result.stderr)")
        #expect(try folder.contents().isEmpty)
    }

    @Test func anExistingFolderIsKeptUnlessForced() throws {
        let folder = try ScratchFolder()
        try folder.write("tagger/notes.txt", "mine")
        let refused = try PipeProcess.run(["init", "--stage", "tagger"], in: folder.url)
        #expect(refused.status == 2)
        #expect(refused.stderr == "error: 'tagger' already exists; pass --force to write into it\n")
        let forced = try PipeProcess.run(["init", "--stage", "tagger", "--force"], in: folder.url)
        #expect(forced.status == 0)
        #expect(try folder.read("tagger/notes.txt") == "mine")
        #expect(FileManager.default.fileExists(atPath: folder.path("tagger/Package.swift")))
    }
}
