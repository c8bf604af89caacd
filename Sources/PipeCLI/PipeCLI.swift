internal import ArgumentParser
public import BuiltinStages
internal import Foundation
public import PipeKit
internal import Synchronization

/// The `pipe` command line, reusable by any executable that brings more stages:
///
///     var registry = StageRegistry.builtin
///     registry.register(Redact.declaration)
///     PipeCLI.main(registry: registry)
public enum PipeCLI {
    /// Parses the process's arguments, runs the command, and exits with DESIGN.md's codes:
    /// 0 success, 1 the run failed, 2 the pipeline file or the arguments are wrong, 130 interrupted.
    public static func main(registry: StageRegistry = .builtin, arguments: [String]? = nil) -> Never {
        HeapSettings.fixMapThreshold()
        CLIEnvironment.registry.withLock { $0 = registry }
        do {
            var command = try PipeCommand.parseAsRoot(arguments)
            try command.run()
            exit(0)
        } catch {
            if PipeCommand.exitCode(for: error) == .validationFailure {
                Terminal.error(PipeCommand.fullMessage(for: error))
                exit(2)
            }
            PipeCommand.exit(withError: error)
        }
    }
}

/// State the commands share: the registry handed to `PipeCLI.main`.
enum CLIEnvironment {
    static let registry = Mutex(StageRegistry.builtin)

    static var currentRegistry: StageRegistry { registry.withLock { $0 } }
}

struct PipeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipe",
        abstract: "Runs text pipelines described in YAML: read, parse, extract, summarize, export.",
        version: PipeVersion.current,
        subcommands: [
            RunCommand.self, ValidateCommand.self, ListCommand.self, DescribeCommand.self, GraphCommand.self,
            InitCommand.self, TestCommand.self,
        ])
}

enum PipeVersion {
    static let current = "0.1.0"
}
