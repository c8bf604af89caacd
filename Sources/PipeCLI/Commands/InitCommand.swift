internal import ArgumentParser
internal import Foundation
internal import PipeKit

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Writes a starter pipeline file, NAME.yaml, that validates as written.",
        discussion: """
            With --stage NAME, writes a Swift package of custom stages instead: NAME/ with a \
            transformer, an executable that adds it to the built-in stages, a test and a pipeline, \
            which build and pass as written.
            """)

    @Argument(help: "The pipeline's name; the file is NAME.yaml in the working directory.")
    var name: String?

    @Flag(help: "Replace an existing file.")
    var force = false

    @OptionGroup var scaffold: StageScaffoldOptions

    func validate() throws {
        if let name, name.isEmpty || name.contains("/") {
            throw ValidationError("NAME is a plain name such as 'news', without a folder.")
        }
        try scaffold.validate(pipelineName: name)
    }

    func run() throws {
        if scaffold.stage != nil { return try scaffold.write(force: force) }
        let name = name ?? "pipeline"
        let file = name.hasSuffix(".yaml") || name.hasSuffix(".yml") ? name : name + ".yaml"
        if FileManager.default.fileExists(atPath: file) && !force {
            Terminal.error("error: '\(file)' already exists; pass --force to replace it")
            throw ExitCode(2)
        }
        let text = StarterPipeline(
            name: (file as NSString).deletingPathExtension,
            registry: CLIEnvironment.currentRegistry
        ).text
        let output = OutputFile(path: Paths.resolve(file, against: Paths.current))
        do {
            try output.open()
            try output.write(text)
            try output.commit()
        } catch {
            output.discard()
            Terminal.error("error: \(error)")
            throw ExitCode(1)
        }
        Terminal.output("wrote \(file); try: pipe run \(file) --input 'some/folder/*.txt'\n")
    }
}

/// The file `pipe init` writes: every top-level setting with its default, and the analysis
/// stages this executable has, in an order whose needs are met.
struct StarterPipeline {
    let name: String
    let registry: StageRegistry

    var text: String {
        let analysis = ["parse", "entities", "summarize", "keywords"]
            .filter { registry.declaration($0, kind: .transformer) != nil }
        var lines = [
            "# \(name): written by 'pipe init'. Check it with 'pipe validate \(name).yaml'.",
            "name: \(YAMLText.scalar(name))",
            "description: What this pipeline does, in a sentence.",
            "concurrency: auto      # transformer workers; auto = one per processor",
            "ordered: true          # sinks see documents in input order",
            "on_error: fail         # fail | skip; failed documents go to dead_letter when set",
            "vars:",
            "  input: data/*.txt    # override with --var input=..., or with --input PATH",
            "  out: out",
            "",
            "reader:",
            "  type: files",
            "  paths: [\"${input}\"]",
            "",
            "stages:",
        ]
        if analysis.isEmpty {
            lines += ["  - type: filter", "    min_chars: 1"]
        } else {
            lines += analysis.map { "  - type: \($0)" }
        }
        lines += [
            "",
            "sinks:",
            "  - type: jsonl",
            "    path: ${out}/\(name).jsonl",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}
