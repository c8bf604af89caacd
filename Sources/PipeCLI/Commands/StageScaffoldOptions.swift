internal import ArgumentParser
internal import Foundation
internal import PipeKit

/// `pipe init --stage NAME [--pipe-path PATH | --pipe-url URL]`.
///
/// pipe has no published home yet, so the package depends on a checkout of pipe by path: the one
/// this `pipe` was built from when it is still there, else the one `--pipe-path` names. Once pipe
/// is published, `--pipe-url` writes a dependency on its repository instead.
struct StageScaffoldOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Write a Swift package of custom stages, NAME/, instead of a pipeline file.", valueName: "NAME"))
    var stage: String?

    @Option(
        help: ArgumentHelp(
            "With --stage: depend on the pipe checkout at PATH (default: the one this pipe was built from).",
            valueName: "PATH"))
    var pipePath: String?

    @Option(
        name: .customLong("pipe-url"),
        help: ArgumentHelp("With --stage: depend on pipe's repository at URL, from this version on.", valueName: "URL"))
    var pipeURL: String?

    func validate(pipelineName: String?) throws {
        guard let stage else {
            if pipePath != nil || pipeURL != nil {
                throw ValidationError("--pipe-path and --pipe-url go with --stage NAME.")
            }
            return
        }
        if pipelineName != nil { throw ValidationError("Give NAME or --stage NAME, not both.") }
        guard StageScaffold.isValid(stage) else {
            throw ValidationError(
                "--stage expects a stage name of lower-case letters, digits, '-' and '_', starting with a letter, "
                    + "such as 'word-count', not '\(stage)'.")
        }
        if pipePath != nil && pipeURL != nil { throw ValidationError("Give --pipe-path or --pipe-url, not both.") }
    }

    func write(force: Bool) throws {
        guard let stage else { return }
        let dependency: StageScaffold.Dependency
        if let pipeURL {
            dependency = .url(pipeURL)
        } else if let pipePath {
            let resolved = Paths.resolve(pipePath, against: Paths.current)
            guard FileManager.default.fileExists(atPath: resolved + "/Package.swift") else {
                Terminal.error("error: --pipe-path: '\(pipePath)' is not a checkout of pipe (it has no Package.swift)")
                throw ExitCode(2)
            }
            dependency = .path(resolved)
        } else if let checkout = StageScaffold.buildCheckout {
            dependency = .path(checkout)
        } else {
            Terminal.error(
                "error: this pipe was not built from a checkout that is still here; "
                    + "pass --pipe-path PATH (a checkout of pipe) or --pipe-url URL")
            throw ExitCode(2)
        }
        let scaffold = StageScaffold(name: stage, dependency: dependency)
        let folder = Paths.resolve(stage, against: Paths.current)
        if FileManager.default.fileExists(atPath: folder) && !force {
            Terminal.error("error: '\(stage)' already exists; pass --force to write into it")
            throw ExitCode(2)
        }
        do {
            for file in scaffold.files {
                let path = folder + "/" + file.path
                try FileManager.default.createDirectory(
                    atPath: Paths.directory(of: path), withIntermediateDirectories: true)
                try file.text.write(toFile: path, atomically: true, encoding: .utf8)
            }
        } catch {
            Terminal.error("error: cannot write '\(stage)': \(error.localizedDescription)")
            throw ExitCode(1)
        }
        let shown: String
        switch dependency {
        case .path(let path): shown = "the pipe checkout at \(path)"
        case .url(let url): shown = url
        }
        Terminal.output(
            "wrote \(stage)/, a package with the stage '\(stage)', depending on \(shown)\n"
                + "try: cd \(stage) && swift test && swift run \(scaffold.executable) run pipelines/\(stage).yaml\n")
    }
}
