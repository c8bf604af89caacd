internal import ArgumentParser
internal import PipeKit

struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Lists every registered stage, by kind, with its summary.")

    func run() throws {
        let registry = CLIEnvironment.currentRegistry
        let width = registry.all.map(\.name.count).max() ?? 0
        var out = ""
        for kind in StageKind.allCases {
            let declarations = registry.all.filter { $0.kind == kind }
            guard !declarations.isEmpty else { continue }
            out += (out.isEmpty ? "" : "\n") + kind.plural + "\n"
            for declaration in declarations {
                out += "  " + declaration.name.padding(to: width) + "  " + declaration.summary + "\n"
            }
        }
        Terminal.output(out)
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
