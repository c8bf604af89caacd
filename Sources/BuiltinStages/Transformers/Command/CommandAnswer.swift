import PipeKit

/// What a `command` program's answer line means for its document.
///
/// `null` or `{"drop": true}` drops the document; `{"error": "…"}` fails it (the program goes on
/// serving); otherwise the members present replace the document's: `text`, `title`, `date`,
/// `metadata`, `fields`, `entities` (spans in Unicode scalar offsets, as exported). `id` and
/// `source` may be echoed back, and `sentences`, `tokens`, `summary` and `keywords` are accepted
/// and ignored, so a program may answer with the whole record it was sent.
enum CommandAnswer {
    static let replaceable: Set<String> = ["text", "title", "date", "metadata", "fields", "entities"]
    static let ignored: Set<String> = ["id", "source", "sentences", "tokens", "summary", "keywords"]
    static let commands: Set<String> = ["drop", "error"]

    /// Why the answer cannot belong to this document, which means the program is out of step with
    /// its input and must be replaced: not an object or `null`, or another document's `id`.
    static func mismatch(_ answer: JSONValue, id: String) -> String? {
        switch answer {
        case .null:
            return nil
        case .object(let members):
            if let answered = members["id"], answered != .string(id) {
                return "answered for document \(answered), not '\(id)'"
            }
            return nil
        default:
            return "answered with \(kind(answer)); expected a JSON object or null"
        }
    }

    /// Applies an answer that passed `mismatch` to the document.
    static func apply(_ answer: JSONValue, to document: inout Document, program: String) throws(StageError)
        -> Disposition
    {
        guard case .object(let members) = answer else { return .drop }
        func invalid(_ key: String, _ expected: String) -> StageError {
            StageError(
                "program '\(program)' answered with '\(key)': \(kind(members[key] ?? .null)); expected \(expected)")
        }
        for key in members.keys where !replaceable.contains(key) && !ignored.contains(key) && !commands.contains(key) {
            let known = (replaceable.union(commands)).sorted()
            throw StageError(
                "program '\(program)' answered with an unknown member '\(key)'"
                    + (Suggestion.hint(for: key, in: known).map { "; \($0)" }
                        ?? "; it may set \(known.joined(separator: ", "))"))
        }
        switch members["drop"] {
        case nil, .bool(false)?: break
        case .bool(true)?: return .drop
        default: throw invalid("drop", "true or false")
        }
        if let error = members["error"] {
            guard let message = error.stringValue else { throw invalid("error", "a string") }
            throw StageError("program '\(program)' reported: \(message)")
        }

        var changed = document
        if let text = members["text"] {
            guard let text = text.stringValue else { throw invalid("text", "a string") }
            if text != changed.text {
                // Spans point into the old text.
                changed.text = text
                changed.sentences = nil
                changed.tokens = nil
                changed.entities = nil
                changed.summary = nil
            }
        }
        for key in ["title", "date"] {
            guard let value = members[key] else { continue }
            guard value == .null || value.stringValue != nil else { throw invalid(key, "a string or null") }
            if key == "title" {
                changed.metadata.title = value.stringValue
            } else {
                changed.metadata.date = value.stringValue
            }
        }
        if let metadata = members["metadata"] {
            guard var extra = metadata.objectValue else { throw invalid("metadata", "an object") }
            changed.metadata.author = extra.removeValue(forKey: "author")?.stringValue
            changed.metadata.language = extra.removeValue(forKey: "language")?.stringValue
            changed.metadata.extra = extra
        }
        if let fields = members["fields"] {
            guard let fields = fields.objectValue else { throw invalid("fields", "an object") }
            changed.fields = fields
        }
        if let entities = members["entities"] {
            guard let list = entities.arrayValue else { throw invalid("entities", "a list") }
            changed.entities = try Self.entities(list, in: changed, program: program)
        }
        document = changed
        return .keep
    }

    /// Entities given with Unicode scalar offsets, turned into the byte spans documents hold.
    private static func entities(_ list: [JSONValue], in document: Document, program: String) throws(StageError)
        -> [Entity]
    {
        var byteOffsets: [Int] = []
        var offset = 0
        for scalar in document.text.unicodeScalars {
            byteOffsets.append(offset)
            offset += UTF8.width(scalar)
        }
        byteOffsets.append(offset)
        var entities: [Entity] = []
        for (index, item) in list.enumerated() {
            guard let start = item["start"]?.intValue, let end = item["end"]?.intValue,
                let label = item["label"]?.stringValue
            else {
                throw StageError(
                    "program '\(program)' answered with entity \(index) without integer 'start' and 'end' "
                        + "and a string 'label': \(item)")
            }
            guard 0 <= start, start <= end, end < byteOffsets.count else {
                throw StageError(
                    "program '\(program)' answered with entity \(index) at \(start)..<\(end), outside the text "
                        + "(\(byteOffsets.count - 1) characters)")
            }
            let span = TextSpan(start: byteOffsets[start], end: byteOffsets[end])
            entities.append(
                Entity(
                    span: span, label: label, canonical: item["canonical"]?.stringValue ?? String(document[span]),
                    confidence: item["confidence"]?.doubleValue ?? 1))
        }
        return entities
    }

    /// "a JSON array", "a string", for messages.
    static func kind(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .array: "a JSON array"
        case .object: "an object"
        }
    }
}
