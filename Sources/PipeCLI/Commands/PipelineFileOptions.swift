internal import ArgumentParser
internal import Foundation
internal import PipeKit

/// The pipeline file and `--var`s, shared by the commands that load a pipeline.
struct PipelineFileOptions: ParsableArguments {
    @Argument(help: "The pipeline file (YAML).")
    var file: String

    @Option(name: .customLong("var"), help: ArgumentHelp("Sets ${NAME} in the pipeline file.", valueName: "NAME=VALUE"))
    var variables: [String] = []

    func validate() throws {
        for assignment in variables where !assignment.contains("=") || assignment.hasPrefix("=") {
            throw ValidationError("--var expects NAME=VALUE, not '\(assignment)'.")
        }
    }

    var variableValues: [String: String] {
        var values: [String: String] = [:]
        for assignment in variables {
            let parts = assignment.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            values[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return values
    }

    /// Loads and validates the pipeline; prints every mistake and exits 2 when there are any.
    func load(inputPaths: [String]? = nil) throws -> Pipeline {
        let loader = PipelineLoader(
            registry: CLIEnvironment.currentRegistry,
            interpolation: Interpolation(arguments: variableValues, environment: ProcessInfo.processInfo.environment),
            inputPaths: inputPaths)
        do {
            return try loader.load(file: file)
        } catch {
            Terminal.error(error.description)
            throw ExitCode(2)
        }
    }
}
