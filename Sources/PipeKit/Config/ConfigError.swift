/// A mistake in a pipeline file or in the arguments: the run never starts, and `pipe` exits 2.
///
/// Rendered like compiler output, so an editor can jump to it and a person sees the line:
///
///     pipelines/news.yaml:14:7: error: unknown option 'sentence' for stage 'summarize'
///       sentence: 3
///       ^~~~~~~~
///     did you mean 'sentences'?
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    /// Where the mistake is; `nil` when it concerns the file as a whole (it cannot be read).
    public var location: SourceLocation?
    /// What is wrong, as a sentence without a final period: "unknown option 'sentence' for stage 'summarize'".
    public var message: String
    /// A suggestion on its own line: "did you mean 'sentences'?".
    public var help: String?
    /// The source line the location points into, shown under the message.
    public var sourceLine: String?
    /// How many characters the caret underlines (at least one).
    public var length: Int
    /// Used when there is no location: the file, or `nil` for an argument error.
    public var file: String?

    /// A mistake at `location`; `length` characters are underlined, `help` goes on its own line.
    public init(
        _ message: String, at location: SourceLocation? = nil, length: Int = 1, help: String? = nil,
        sourceLine: String? = nil, file: String? = nil
    ) {
        self.message = message
        self.location = location
        self.length = max(1, length)
        self.help = help
        self.sourceLine = sourceLine
        self.file = file ?? location?.file
    }

    /// The message as compiler output: `file:line:col: error: …`, the source line with a caret, the help.
    public var description: String {
        var out: String
        if let location {
            out = "\(location): error: \(message)"
        } else if let file {
            out = "\(file): error: \(message)"
        } else {
            out = "error: \(message)"
        }
        if let location, let sourceLine {
            var trimmed = sourceLine.drop(while: { $0 == " " })
            let dropped = sourceLine.count - trimmed.count
            var caretColumn = max(0, location.column - 1 - dropped)
            // A very long line (minified YAML, a 10,000-bracket nesting) shows a window around the caret.
            let window = 100
            if trimmed.count > window {
                let start = max(0, min(caretColumn - window / 2, trimmed.count - window))
                let excerpt = trimmed.dropFirst(start).prefix(window)
                trimmed = (start > 0 ? "…" : "") + excerpt + (start + window < trimmed.count ? "…" : "")
                caretColumn += (start > 0 ? 1 : 0) - start
            }
            out +=
                "\n  \(trimmed)\n  " + String(repeating: " ", count: caretColumn) + "^"
                + String(repeating: "~", count: min(length - 1, window))
        }
        if let help { out += "\n\(help)" }
        return out
    }
}

/// Every mistake that validation found in one pipeline file, in file order.
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    /// The mistakes, in file order.
    public var errors: [ConfigError]

    /// The errors of one file.
    public init(_ errors: [ConfigError]) { self.errors = errors }

    /// Every error's description, one after the other.
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
