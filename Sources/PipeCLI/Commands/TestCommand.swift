internal import ArgumentParser
internal import Foundation
internal import PipeKit

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Runs pipeline test cases: input documents, and what each sink must receive.",
        discussion: """
            Prints PASS or FAIL for each case, with what differs. Exit codes: 0 every case passed; 1 a \
            case failed; 2 a test file or the pipeline it names is wrong.
            """)

    @Argument(help: "Test files (YAML): a pipeline, or inline stages, and its cases.")
    var files: [String]

    @Option(
        name: .customLong("var"),
        help: ArgumentHelp("Sets ${NAME} in the pipeline file, over the test file's vars.", valueName: "NAME=VALUE"))
    var variables: [String] = []

    func validate() throws {
        if files.isEmpty { throw ValidationError("Please name at least one test file.") }
        for assignment in variables where !assignment.contains("=") || assignment.hasPrefix("=") {
            throw ValidationError("--var expects NAME=VALUE, not '\(assignment)'.")
        }
    }

    func run() throws {
        var values: [String: String] = [:]
        for assignment in variables {
            let parts = assignment.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            values[String(parts[0])] = String(parts[1])
        }
        let tester = PipelineTester(
            registry: CLIEnvironment.currentRegistry, variables: values,
            environment: ProcessInfo.processInfo.environment)
        var passed = 0
        var failed = 0
        var malformed = false
        for file in files {
            let suite: PipelineTestSuite
            let pipeline: Pipeline
            do {
                suite = try PipelineTestSuite.load(file: file)
                pipeline = try tester.load(suite)
            } catch {
                Terminal.error(error.description)
                malformed = true
                continue
            }
            Terminal.output(file + "\n")
            for testCase in suite.cases {
                let result = tester.run(testCase, on: pipeline)
                if result.passed {
                    passed += 1
                    Terminal.output("  PASS  \(result.name)\n")
                } else {
                    failed += 1
                    Terminal.output("  FAIL  \(result.name)  (\(result.location))\n" + Self.render(result.problems))
                }
            }
        }
        Terminal.output("\(passed) passed, \(failed) failed\n")
        if malformed { throw ExitCode(2) }
        if failed > 0 { throw ExitCode(1) }
    }

    /// Each problem as a small diff: what was checked, then `-` expected and `+` actual.
    static func render(_ problems: [PipelineTestResult.Problem]) -> String {
        problems.map { problem in
            "        \(problem.subject)\(problem.path.isEmpty ? "" : ": " + problem.path)\n"
                + "          - \(problem.expected)\n          + \(problem.actual)\n"
        }.joined()
    }
}
