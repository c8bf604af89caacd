import PipeKit
import TextAnalysis

/// Which fields of a record (a JSON object, a CSV row) hold the text, the id and the metadata.
struct RecordFields: Sendable {
    var text: String
    var id: String
    /// The fields kept as metadata; `nil` keeps every other scalar field.
    var metadata: [String]?
}

/// Turns one record (a JSON object, or a CSV row as strings) into a document, reading back what
/// `pipe`'s own JSON Lines export writes, so that `pipe … | pipe …` chains.
///
/// `title`, `date`, `author` and `language` go to the `Metadata` fields (a date in a form
/// `ISODate` reads becomes `YYYY-MM-DD`); a `source` string restores where the text came from; a
/// `metadata` object (the export's) is merged in. Every other scalar field goes to
/// `metadata.extra`; arrays, objects and nulls are left out unless `metadata_fields` names them,
/// which also leaves out every field it does not name. Annotations (`sentences`, `entities`, …)
/// are never read back: stages recompute them.
enum JSONRecord {
    /// The document, or why the record cannot be one.
    static func document(
        from record: [String: JSONValue], fields: RecordFields, fallbackID: String, source: String
    ) -> Result<Document, RecordProblem> {
        var record = record
        guard let text = record.removeValue(forKey: fields.text)?.stringValue else {
            return .failure(RecordProblem("no '\(fields.text)' field holding a string"))
        }
        let id: String
        switch record.removeValue(forKey: fields.id) {
        case .string(let given)? where !given.isEmpty: id = given
        case .int(let number)?: id = String(number)
        default: id = fallbackID
        }
        var document = Document(id: id, source: source, text: text)
        if case .string(let origin)? = record.removeValue(forKey: "source"), !origin.isEmpty {
            document.source = origin
        }
        var nested: [String: JSONValue] = [:]
        if case .object(let members)? = record["metadata"] {
            nested = members
            record.removeValue(forKey: "metadata")
        }
        var kept: [(String, JSONValue)]
        if let names = fields.metadata {
            kept = names.compactMap { name in (record[name] ?? nested[name]).map { (name, $0) } }
        } else {
            kept = nested.sorted { $0.key < $1.key }
            kept += record.filter { $0.value.isScalar }.sorted { $0.key < $1.key }
        }
        for (key, value) in kept where value != .null {
            document.metadata.set(key, value)
        }
        return .success(document)
    }
}

/// Why a record could not become a document; the format adds where it is.
struct RecordProblem: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) { self.description = description }
}

extension Metadata {
    /// Sets one metadata key: the four known keys to their fields when the value is a string
    /// (an empty one sets nothing), anything else to `extra`.
    mutating func set(_ key: String, _ value: JSONValue) {
        guard case .string(let text) = value else {
            extra[key] = value
            return
        }
        if text.isEmpty, ["title", "date", "author", "language"].contains(key) { return }
        switch key {
        case "title": title = text
        case "date": date = ISODate.normalize(text) ?? text
        case "author": author = text
        case "language": language = text
        default: extra[key] = value
        }
    }
}

extension JSONValue {
    /// A string, number or boolean: what a record's fields go to metadata as by default.
    var isScalar: Bool {
        switch self {
        case .string, .int, .double, .bool: true
        case .null, .array, .object: false
        }
    }
}
