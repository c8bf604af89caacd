internal import Foundation
import PipeKit

/// Any program, in any language, as a transformer: documents go to its stdin as JSON Lines, and
/// it answers each with one line.
///
/// The program starts once per worker, not once per document, and serves documents one at a time
/// until the run ends and its stdin closes. A crash, a hang past `timeout`, or output that is not
/// one JSON answer per document fails that document with the program's last lines on stderr, and
/// `restart` decides whether a fresh copy serves the next one.
struct CommandTransformer: Transformer, Finishable {
    static let declaration = StageDeclaration.transformer(
        "command",
        summary: "Runs a program (any language) on each document: JSON Lines to its stdin, one answer a line back.",
        options: [
            OptionSpec(
                "run", .strings, required: true,
                help:
                    "The program and its arguments; it runs in the pipeline file's folder, where a relative program path resolves."
            ),
            OptionSpec("env", .any, help: "Environment variables to add for the program, as a mapping."),
            OptionSpec("timeout", .number, default: 30.0, help: "Seconds the program may take to answer one document."),
            OptionSpec(
                "restart", .choice(["on-failure", "never"]), default: "on-failure",
                help:
                    "Start a fresh copy after the program fails ('on-failure'), or fail every later document ('never')."
            ),
        ],
        example: """
            - type: command
              run: [python3, ../Examples/commands/sentiment.py]
              timeout: 10
            """,
        make: { options, context in
            let arguments = options.strings("run")
            guard let program = arguments.first, !program.isEmpty else {
                throw options.error("'run' names no program", option: "run", help: "run: [python3, script.py]")
            }
            var environment = ProcessInfo.processInfo.environment
            if let extra = options.value("env") {
                guard let members = extra.objectValue else {
                    throw options.error("'env' expects a mapping of names to values", option: "env")
                }
                for (name, value) in members {
                    switch value {
                    case .string(let text): environment[name] = text
                    case .int, .double, .bool: environment[name] = "\(value)"
                    default:
                        throw options.error("'env' value '\(name)' must be a plain value", option: "env")
                    }
                }
            }
            let timeout = options.double("timeout")
            guard timeout > 0 else { throw options.error("'timeout' must be more than 0 seconds", option: "timeout") }
            let executable = try resolve(
                program, base: context.baseDirectory, path: environment["PATH"], options: options)
            let command = CommandLine(
                executable: executable, arguments: arguments,
                environment: environment.map { "\($0.key)=\($0.value)" }.sorted(), directory: context.baseDirectory)
            return CommandTransformer(
                pool: ProcessPool(
                    command: command,
                    restart: ProcessPool.RestartPolicy(rawValue: options.string("restart")) ?? .onFailure),
                timeout: .milliseconds(Int((timeout * 1000).rounded())))
        })

    let pool: ProcessPool
    let timeout: Duration

    func transform(_ document: inout Document, context: StageContext) throws -> Disposition {
        var request = JSONWriter()
        document.writeJSON(to: &request)
        request.raw("\n")
        let process = try pool.checkout()
        let answer: JSONValue
        do throws(CommandFailure) {
            let line = try process.exchange(request.bytes, timeout: timeout)
            do {
                answer = try JSONParser.parse(line)
            } catch {
                throw CommandFailure(
                    message: "program '\(pool.command.display)' answered with invalid JSON (\(error)): "
                        + ChildProcess.preview(line))
            }
            if let mismatch = CommandAnswer.mismatch(answer, id: document.id) {
                throw CommandFailure(message: "program '\(pool.command.display)' \(mismatch)")
            }
        } catch {
            throw pool.discard(process, error)
        }
        pool.checkin(process)
        return try CommandAnswer.apply(answer, to: &document, program: pool.command.display)
    }

    func finish() { pool.finish() }

    /// The program's absolute path: a path with a slash resolves against the pipeline file's
    /// folder, a bare name is looked up on `PATH`. Checked when the pipeline loads, so a typo is a
    /// configuration error with its line, not a failure on every document.
    private static func resolve(_ program: String, base: String, path: String?, options: StageOptions)
        throws(ConfigError)
        -> String
    {
        if program.contains("/") {
            let resolved = Paths.resolve(program, against: base)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), !isDirectory.boolValue
            else {
                throw options.error(
                    "program '\(program)' does not exist (looked for \(Paths.display(resolved)))", option: "run")
            }
            guard access(resolved, X_OK) == 0 else {
                throw options.error(
                    "program '\(program)' is not executable", option: "run",
                    help: "make it executable (chmod +x), or name its interpreter first: run: [python3, \(program)]")
            }
            return resolved
        }
        for folder in (path ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/\(program)"
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
                access(candidate, X_OK) == 0
            {
                return candidate
            }
        }
        throw options.error(
            "program '\(program)' is not on PATH", option: "run",
            help: "give its path, relative to the pipeline file: run: [./\(program)]")
    }
}
