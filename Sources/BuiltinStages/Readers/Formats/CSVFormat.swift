import PipeKit

/// CSV with a header row: one document per record, streamed.
///
/// The header names the columns; `text_column` holds the text, `id_column` the id (else
/// `<file>:<line>`), and every other non-empty cell goes to metadata as a string. A record with
/// more cells than the header has columns is reported; one with fewer leaves the rest empty.
enum CSVFormat {
    static func read(
        _ input: InputSource, columns: RecordFields, delimiter: UInt8, invalid: TextDecoding.InvalidPolicy,
        into output: ReaderOutput
    ) throws {
        try input.stream.requireText()
        let reader = CSVRecordReader(stream: input.stream, delimiter: delimiter)
        guard let first = try reader.next() else { return }
        if case .malformed(let message) = first { throw ReadError(input.message(line: reader.startLine, message)) }
        let header = try names(in: reader, input: input, invalid: invalid)
        guard let textIndex = header.firstIndex(of: columns.text) else {
            let hint = Suggestion.hint(for: columns.text, in: header).map { "; \($0)" } ?? ""
            throw ReadError(
                input.message(
                    line: reader.startLine,
                    "no column '\(columns.text)' in the header (\(header.joined(separator: ", ")))\(hint); "
                        + "set 'text_column' to the one that holds the text"))
        }
        let idIndex = header.firstIndex(of: columns.id)
        let kept = Set(columns.metadata ?? header)
        while let outcome = try reader.next() {
            let fallbackID = input.recordID(reader.startLine)
            func failure(line: Int, _ message: String) -> DocumentFailure {
                DocumentFailure(
                    id: fallbackID, source: input.source, message: input.message(line: line, message),
                    text: String(decoding: reader.raw, as: UTF8.self))
            }
            if case .malformed(let message) = outcome {
                try output.fail(failure(line: reader.startLine, message))
                continue
            }
            if reader.fieldCount > header.count {
                try output.fail(
                    failure(
                        line: reader.startLine,
                        "\(reader.fieldCount) fields, but the header has \(header.count) columns"))
                continue
            }
            if invalid == .error, let bad = UTF8Check.firstInvalidByte(in: reader.raw) {
                let (line, byte) = LinePosition.of(bad, in: reader.raw, firstLine: reader.startLine)
                try output.fail(failure(line: line, "invalid UTF-8 at byte \(byte)"))
                continue
            }
            var record: [String: JSONValue] = [:]
            for (index, name) in header.enumerated() where index < reader.fieldCount {
                guard index == textIndex || index == idIndex || kept.contains(name) else { continue }
                let cell = reader.field(index)
                if cell.isEmpty, index != textIndex { continue }
                record[name] = .string(String(decoding: cell, as: UTF8.self))
            }
            if record[columns.text] == nil { record[columns.text] = "" }
            switch JSONRecord.document(from: record, fields: columns, fallbackID: fallbackID, source: input.source) {
            case .success(let document): try output.emit(document)
            case .failure(let problem): try output.fail(failure(line: reader.startLine, problem.description))
            }
        }
    }

    /// The column names in the header record just read: trimmed, valid UTF-8, each once.
    private static func names(
        in reader: CSVRecordReader, input: InputSource, invalid: TextDecoding.InvalidPolicy
    ) throws(ReadError) -> [String] {
        var names: [String] = []
        for index in 0..<reader.fieldCount {
            let cell = Array(reader.field(index))
            let valid: [UInt8]
            switch TextDecoding.validUTF8(cell, invalid: invalid) {
            case .success(let bytes): valid = bytes
            case .failure(let problem): throw ReadError(input.message(line: reader.startLine, "header: \(problem)"))
            }
            let name = String(decoding: valid, as: UTF8.self).trimmingASCIISpaces()
            if names.contains(name) {
                throw ReadError(input.message(line: reader.startLine, "the header names column '\(name)' twice"))
            }
            names.append(name)
        }
        return names
    }
}

extension String {
    /// The string without spaces and tabs at either end.
    func trimmingASCIISpaces() -> String {
        let bytes = Array(utf8)
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
