import PipeKit

/// JSON Lines: one JSON object a line, read as a stream, so a file of any size needs the memory
/// of one line. Blank lines are skipped; a bad line is reported with its number and reading goes
/// on.
enum JSONLinesFormat {
    static func read(
        _ input: InputSource, fields: RecordFields, invalid: TextDecoding.InvalidPolicy, into output: ReaderOutput
    ) throws {
        try input.stream.requireText()
        var number = 0
        while let line = try input.stream.nextLine() {
            number += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            switch document(from: line, number: number, in: input, fields: fields, invalid: invalid) {
            case .success(let document): try output.emit(document)
            case .failure(let failure): try output.fail(failure)
            }
        }
    }

    /// The document on line `number`, or a failure that names the line and the byte within it.
    static func document(
        from line: [UInt8], number: Int, in input: InputSource, fields: RecordFields,
        invalid: TextDecoding.InvalidPolicy
    ) -> Result<Document, DocumentFailure> {
        let fallbackID = input.recordID(number)
        func failure(_ message: String) -> Result<Document, DocumentFailure> {
            .failure(
                DocumentFailure(
                    id: fallbackID, source: input.source, message: input.message(line: number, message),
                    text: String(decoding: line, as: UTF8.self)))
        }
        let valid: [UInt8]
        switch TextDecoding.validUTF8(line, invalid: invalid) {
        case .success(let bytes): valid = bytes
        case .failure(let problem): return failure(problem.description)
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(valid)
        } catch {
            return failure("invalid JSON at byte \(error.offset): \(error.message)")
        }
        guard case .object(let record) = value else { return failure("expected a JSON object") }
        switch JSONRecord.document(from: record, fields: fields, fallbackID: fallbackID, source: input.source) {
        case .success(let document): return .success(document)
        case .failure(let problem): return failure(problem.description)
        }
    }
}
