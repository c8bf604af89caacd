import PipeKit

/// Which fields of a JSON record hold the text and the id.
struct JSONRecordFields: Sendable {
    var text: String
    var id: String
}

/// Turns one JSON Lines record into a document, reading back what `pipe`'s own JSON Lines
/// export writes, so that `pipe … | pipe …` chains.
///
/// `source`, `title`, `date`, `author`, `language` and the `metadata` object are restored;
/// annotations (`sentences`, `entities`, …) are left out, since stages recompute them; every
/// other field goes to metadata.
enum JSONRecord {
    static let annotationKeys: Set<String> = ["sentences", "tokens", "entities", "summary", "keywords", "fields"]

    static func document(from line: [UInt8], fields: JSONRecordFields, line number: Int, source: String)
        -> Result<Document, DocumentFailure>
    {
        let fallbackID = String(number)
        func failure(_ message: String) -> Result<Document, DocumentFailure> {
            .failure(
                DocumentFailure(
                    id: fallbackID, source: source, message: "line \(number): \(message)",
                    text: String(decoding: line, as: UTF8.self)))
        }
        if let bad = UTF8Check.firstInvalidByte(in: line) { return failure("invalid UTF-8 at byte \(bad) of the line") }
        let value: JSONValue
        do {
            value = try JSONParser.parse(line)
        } catch {
            return failure("invalid JSON at byte \(error.offset) of the line: \(error.message)")
        }
        guard case .object(var record) = value else { return failure("expected a JSON object") }
        guard let text = record.removeValue(forKey: fields.text)?.stringValue else {
            return failure("no '\(fields.text)' field holding a string")
        }
        let id: String
        switch record.removeValue(forKey: fields.id) {
        case .string(let text)?: id = text
        case .int(let number)?: id = String(number)
        default: id = fallbackID
        }
        var document = Document(id: id, source: record.removeValue(forKey: "source")?.stringValue ?? source, text: text)
        document.metadata.title = record.removeValue(forKey: "title")?.stringValue
        document.metadata.date = record.removeValue(forKey: "date")?.stringValue
        document.metadata.author = record.removeValue(forKey: "author")?.stringValue
        document.metadata.language = record.removeValue(forKey: "language")?.stringValue
        if case .object(let metadata)? = record.removeValue(forKey: "metadata") {
            document.metadata.extra.merge(metadata) { _, new in new }
            if let author = document.metadata.extra.removeValue(forKey: "author")?.stringValue {
                document.metadata.author = document.metadata.author ?? author
            }
            if let language = document.metadata.extra.removeValue(forKey: "language")?.stringValue {
                document.metadata.language = document.metadata.language ?? language
            }
        }
        for (key, value) in record where !annotationKeys.contains(key) { document.metadata.extra[key] = value }
        return .success(document)
    }
}
