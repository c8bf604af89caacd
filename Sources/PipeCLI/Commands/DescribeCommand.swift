internal import ArgumentParser
internal import PipeKit

struct DescribeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "describe", abstract: "Shows a stage's options: type, default, help, and an example.")

    @Argument(help: "The stage's name, as 'pipe list' shows it.")
    var stage: String?

    @Flag(help: "Describe every registered stage (the README's stage catalogue).")
    var all = false

    func validate() throws {
        if (stage == nil) == !all { throw ValidationError("Please name one stage, or pass --all.") }
    }

    func run() throws {
        let registry = CLIEnvironment.currentRegistry
        guard let stage else {
            Terminal.output(registry.all.map(StageDescription.render).joined(separator: "\n"))
            return
        }
        let found = registry.declarations(named: stage)
        guard !found.isEmpty else {
            let hint = Suggestion.hint(for: stage, in: registry.all.map(\.name)) ?? "see 'pipe list'"
            Terminal.error("error: no stage named '\(stage)'\n\(hint)")
            throw ExitCode(2)
        }
        Terminal.output(found.map(StageDescription.render).joined(separator: "\n"))
    }
}

/// The text of `pipe describe`, also the README's stage catalogue.
enum StageDescription {
    static func render(_ declaration: StageDeclaration) -> String {
        var out = "\(declaration.name) (\(declaration.kind.rawValue))\n  \(declaration.summary)\n"
        if !declaration.needs.isEmpty { out += "  needs: \(declaration.needs.joined(separator: ", "))\n" }
        if !declaration.provides.isEmpty { out += "  provides: \(declaration.provides.joined(separator: ", "))\n" }
        if declaration.options.isEmpty {
            out += "\noptions: none\n"
        } else {
            out += "\noptions:\n"
            let nameWidth = declaration.options.map(\.name.count).max() ?? 0
            let typeWidth = declaration.options.map(\.type.name.count).max() ?? 0
            for option in declaration.options {
                let fallback =
                    option.isRequired
                    ? "required"
                    : option.defaultValue.map {
                        "default: " + YAMLText.inline($0)
                    } ?? "optional"
                out +=
                    "  \(option.name.padding(to: nameWidth))  \(option.type.name.padding(to: typeWidth))  "
                    + "\(option.help) (\(fallback))\n"
            }
        }
        out += "\nexample:\n" + declaration.exampleYAML.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n")
        return out + "\n"
    }
}
