internal import ArgumentParser
internal import PipeKit

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Checks a pipeline file without running it; exits 2 with file:line:col messages.")

    @OptionGroup var pipelineFile: PipelineFileOptions

    func run() throws {
        let pipeline = try pipelineFile.load()
        func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
        Terminal.output(
            "\(pipelineFile.file): ok: '\(pipeline.name)', \(count(pipeline.readers.count, "reader")), "
                + "\(count(pipeline.transformers.count, "stage")), \(count(pipeline.sinks.count, "sink"))\n")
    }
}
