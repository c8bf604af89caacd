internal import Foundation
import PipeKit

/// Prints each document for a person to read: id, title, counts, summary, entities and the
/// start of the text, coloured on a terminal and plain when piped.
final class StdoutSink: Sink {
    static let declaration = StageDeclaration.sink(
        "stdout",
        summary: "Prints documents for a person to read: coloured on a terminal, plain when piped.",
        options: [
            OptionSpec(
                "color", .choice(["auto", "always", "never"]), default: "auto",
                help: "'auto' colours only a terminal, and honours NO_COLOR."),
            OptionSpec(
                "preview", .integer(minimum: 0), default: 160,
                help: "How many characters of the text to show; 0 shows none."),
        ],
        make: { options, _ in
            let color: Bool
            switch options.string("color") {
            case "always": color = true
            case "never": color = false
            default: color = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            }
            return StdoutSink(color: color, preview: options.int("preview"))
        })

    private let file = OutputFile(path: "-")
    private let style: Style
    private let preview: Int
    private var count = 0

    init(color: Bool, preview: Int) {
        style = Style(enabled: color)
        self.preview = preview
    }

    func open() throws { try file.open() }

    func write(_ document: Document) throws {
        var out = count == 0 ? "" : "\n"
        count += 1
        out += style.bold(document.id)
        if let title = document.metadata.title { out += "  " + title }
        out += "\n"
        var facts = [document.source == "-" ? "stdin" : document.source]
        if let date = document.metadata.date { facts.append(date) }
        facts.append("\(ScalarOffsets.scalarCount(of: document.text)) characters")
        if let sentences = document.sentences { facts.append("\(sentences.count) sentences") }
        if let entities = document.entities { facts.append("\(entities.count) entities") }
        out += "  " + style.dim(facts.joined(separator: " · ")) + "\n"
        if let summary = document.summary {
            out += "  " + style.cyan("summary") + "  " + Self.oneLine(summary.text, limit: .max) + "\n"
        }
        if let entities = document.entities, !entities.isEmpty {
            out += "  " + style.cyan("entities") + " " + Self.entityList(document) + "\n"
        }
        if let keywords = document.keywords, !keywords.isEmpty {
            out += "  " + style.cyan("keywords") + " " + keywords.map(\.text).joined(separator: ", ") + "\n"
        }
        if preview > 0 {
            let shown = Self.oneLine(document.text, limit: preview)
            if !shown.isEmpty { out += "  " + style.dim(shown) + "\n" }
        }
        try file.write(out)
    }

    func finish() throws { try file.commit() }
    func abort() { try? file.commit() }

    /// Distinct entities, most mentioned first: "Donald Trump (PERSON ×12), NATO (ORG ×3)".
    private static func entityList(_ document: Document) -> String {
        document.distinctEntities().prefix(12)
            .map { "\($0.name) (\($0.label) ×\($0.mentions))" }
            .joined(separator: ", ")
    }

    /// The text on one line, runs of white space as one space, cut after `limit` characters with
    /// "…". Reads only as far as the limit, so a long document costs no more than a short one.
    private static func oneLine(_ text: String, limit: Int) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        var count = 0
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = count > 0
                continue
            }
            if count + (pendingSpace ? 1 : 0) >= limit {
                out.append("…")
                break
            }
            if pendingSpace {
                out.append(" ")
                count += 1
                pendingSpace = false
            }
            out.append(scalar)
            count += 1
        }
        return String(out)
    }

    /// ANSI styling that disappears when colour is off.
    private struct Style {
        let enabled: Bool

        func bold(_ text: String) -> String { wrap(text, "1") }
        func dim(_ text: String) -> String { wrap(text, "2") }
        func cyan(_ text: String) -> String { wrap(text, "36") }

        private func wrap(_ text: String, _ code: String) -> String {
            enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
        }
    }
}
