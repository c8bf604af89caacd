import Foundation
import PipeKit

/// Stages that exist only to exercise the loader and the runner.
enum TestStages {
    static let registry = StageRegistry([
        .reader(
            "memory", summary: "Texts from the file.",
            options: [
                OptionSpec("texts", .strings, required: true, help: "The texts.")
            ]
        ) { options, _ in MemoryReader(texts: options.strings("texts")) },
        .transformer(
            "tag", summary: "Sets a field.",
            options: [
                OptionSpec("label", .string, required: true, help: "The value."),
                OptionSpec("count", .integer(minimum: 1), default: 3, help: "A count."),
                OptionSpec("mode", .choice(["fast", "slow"]), default: "fast", help: "A mode."),
                OptionSpec("enabled", .boolean, default: true, help: "A switch."),
                OptionSpec("ratio", .number, help: "A ratio."),
                OptionSpec("file", .path, help: "A file."),
            ]
        ) { options, _ in Tag(label: options.string("label")) },
        .transformer("split-sentences", summary: "Provides sentences.", provides: ["sentences"]) { _, _ in
            Tag(label: "s")
        },
        .transformer("summarize", summary: "Needs sentences.", needs: ["sentences"], provides: ["summary"]) { _, _ in
            Tag(label: "x")
        },
        .sink("memory", summary: "Keeps documents.") { _, _ in MemorySink() },
        .sink("report", summary: "Needs a summary.", needs: ["summary"]) { _, _ in MemorySink() },
    ])

    struct Tag: Transformer {
        let label: String

        func transform(_ document: inout Document, context: StageContext) throws -> Disposition {
            document.fields["tag"] = .string(label)
            return .keep
        }
    }

    /// Uppercases; throws on documents whose text contains "FAIL".
    struct Upper: Transformer {
        struct Failure: Error, CustomStringConvertible { var description: String }

        func transform(_ document: inout Document, context: StageContext) throws -> Disposition {
            if document.text.contains("fail") { throw Failure(description: "refused '\(document.text)'") }
            document.text = document.text.uppercased()
            return .keep
        }
    }

    /// Drops documents whose text contains "drop"; splits those that contain "|".
    struct DropOrSplit: Transformer {
        func transform(_ document: inout Document, context: StageContext) throws -> Disposition {
            if document.text.contains("drop") { return .drop }
            let parts = document.text.split(separator: "|")
            guard parts.count > 1 else { return .keep }
            return .split(
                parts.enumerated().map { Document(id: "\(document.id).\($0.offset)", text: String($0.element)) })
        }
    }

    /// Takes a millisecond a document, so that the reader gets ahead of the workers.
    struct Slow: Transformer {
        func transform(_ document: inout Document, context: StageContext) throws -> Disposition {
            Thread.sleep(forTimeInterval: 0.001)
            return .keep
        }
    }

    /// Burns a little CPU, unevenly, so that workers finish out of order.
    struct Busy: Transformer {
        func transform(_ document: inout Document, context: StageContext) throws -> Disposition {
            var hash = 0
            for _ in 0..<(document.text.count % 7) * 2000 { hash = hash &* 31 &+ document.text.utf8.count }
            document.fields["hash"] = .int(hash & 0xFF)
            return .keep
        }
    }
}
