import Testing

@testable import PipeKit

struct InterpolationTests {
    let interpolation = Interpolation(
        arguments: ["out": "from-argument"],
        environment: ["out": "from-environment", "HOME_DIR": "/home/ada", "EMPTY": ""],
        defaults: ["out": "from-vars", "level": "3"])
    let start = SourceLocation(file: "p.yaml", line: 4, column: 9)

    @Test(arguments: [
        ("plain text", "plain text"),
        ("${out}/a.jsonl", "from-argument/a.jsonl"),
        ("${HOME_DIR}/x", "/home/ada/x"),
        ("level ${level}", "level 3"),
        ("${missing:-fallback}", "fallback"),
        ("${EMPTY:-fallback}", "fallback"),
        ("${HOME_DIR:-fallback}", "/home/ada"),
        ("${HOME_DIR:?must be set}", "/home/ada"),
        ("$${out}", "${out}"),
        ("cost: $5", "cost: $5"),
        ("$", "$"),
        ("${out}${level}", "from-argument3"),
    ])
    func replacesReferences(input: String, expected: String) throws {
        #expect(try interpolation.apply(to: input, at: start) == expected)
    }

    @Test func argumentsWinOverEnvironmentWhichWinsOverVars() throws {
        let withoutArgument = Interpolation(environment: ["x": "env"], defaults: ["x": "vars"])
        #expect(try withoutArgument.apply(to: "${x}", at: start) == "env")
        let onlyVars = Interpolation(defaults: ["x": "vars"])
        #expect(try onlyVars.apply(to: "${x}", at: start) == "vars")
    }

    @Test func unsetVariableIsAnErrorPointingIntoTheScalar() {
        #expect {
            try interpolation.apply(to: "dir/${nope}/x", at: start)
        } throws: { error in
            let error = error as! ConfigError
            return error.message == "variable 'nope' is not set"
                && error.location == SourceLocation(file: "p.yaml", line: 4, column: 13)
                && error.length == 7
                && error.help == "pass --var nope=VALUE, set it in the environment, or give it a default in 'vars:'"
        }
    }

    @Test func requiredVariableFailsWithItsOwnMessage() {
        #expect {
            try interpolation.apply(to: "${TOKEN:?set TOKEN to your API key}", at: start)
        } throws: { ($0 as! ConfigError).message == "variable 'TOKEN' is not set: set TOKEN to your API key" }
    }

    @Test(arguments: ["${out", "${}", "${1abc}", "${a-b}"])
    func malformedReferencesAreErrors(input: String) {
        #expect(throws: ConfigError.self) { try interpolation.apply(to: input, at: start) }
    }
}
