import PipeKit

/// A JSON file: a top-level array of objects, one document each, or a single object.
///
/// Read whole, since a JSON array cannot be split without parsing it: such a file needs memory
/// for its bytes and its parsed values at once. Large collections belong in JSON Lines, which
/// streams.
enum JSONFormat {
    static func read(
        _ input: InputSource, fields: RecordFields, invalid: TextDecoding.InvalidPolicy, into output: ReaderOutput
    ) throws {
        let raw = try input.stream.readAll(sizeHint: input.sizeHint)
        let offsetBase = input.stream.markLength
        if let nul = raw.firstIndex(of: 0) {
            throw ReadError(TextDecoding.Problem.binary(offset: offsetBase + nul).description)
        }
        let bytes: [UInt8]
        switch TextDecoding.validUTF8(raw, invalid: invalid) {
        case .success(let valid): bytes = valid
        case .failure(.invalidUTF8(let offset)):
            throw ReadError(TextDecoding.Problem.invalidUTF8(offset: offsetBase + offset).description)
        case .failure(let problem): throw ReadError(problem.description)
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            let (line, byte) = LinePosition.of(error.offset, in: bytes)
            var message = "invalid JSON at byte \(byte): \(error.message)"
            if error.message.hasSuffix("after the JSON value") {
                message += "; for one JSON object a line, name the file .jsonl or set 'format: jsonl'"
            }
            throw ReadError(input.message(line: line, message))
        }
        switch value {
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                let number = index + 1
                let fallbackID = input.recordID(number)
                let result: Result<Document, RecordProblem>
                if case .object(let record) = element {
                    result = JSONRecord.document(
                        from: record, fields: fields, fallbackID: fallbackID, source: input.source)
                } else {
                    result = .failure(RecordProblem("expected a JSON object"))
                }
                switch result {
                case .success(let document): try output.emit(document)
                case .failure(let problem):
                    try output.fail(
                        DocumentFailure(
                            id: fallbackID, source: input.source,
                            message: "\(input.name): record \(number): \(problem)", text: element.description))
                }
            }
        case .object(let record):
            switch JSONRecord.document(from: record, fields: fields, fallbackID: input.id, source: input.source) {
            case .success(let document): try output.emit(document)
            case .failure(let problem): throw ReadError(problem.description)
            }
        default:
            throw ReadError("expected an array of JSON objects, or one object")
        }
    }
}
