import PipeKit

/// The formats the `files` and `stdin` readers understand, and how each turns an input into
/// documents.
///
/// Text, Markdown and HTML make one document of a whole input; JSON Lines, JSON and CSV make one
/// document per record. JSON Lines and CSV stream record by record; a JSON file is read whole.
enum InputFormat: String, CaseIterable, Sendable {
    case text, markdown, html, jsonl, json, csv

    /// The format a file's extension names (case aside); `text` for any other.
    init(path: String) {
        // Every listed file is looked at before the first is read: an ASCII extension, the usual case, is
        // read off the bytes, without splitting the path or lowercasing a String.
        if let format = Self.asciiExtension(of: path) {
            self = format
            return
        }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else {
            self = .text
            return
        }
        let lowered = name[name.index(after: dot)...].lowercased()
        self = Self.extensions.first { $0.name == lowered }?.format ?? .text
    }

    /// The format of a path whose extension is ASCII; `nil` for any other path.
    private static func asciiExtension(of path: String) -> InputFormat? {
        var path = path
        return path.withUTF8 { bytes -> InputFormat? in
            var end = bytes.count
            while end > 0, bytes[end - 1] == UInt8(ascii: "/") { end -= 1 }
            var start = end
            while start > 0, bytes[start - 1] != UInt8(ascii: "/") { start -= 1 }
            guard end > start else { return nil }
            var dot = end - 1
            while dot > start, bytes[dot] != UInt8(ascii: ".") { dot -= 1 }
            // No dot, or only a leading one (a hidden file such as `.md`): text.
            guard dot > start else { return .text }
            let suffix = bytes[(dot + 1)..<end]
            guard suffix.allSatisfy({ $0 < 0x80 }) else { return nil }
            guard suffix.count <= 8 else { return .text }
            // The extension lowercased in one word, to compare with each known one without making a String.
            var word: UInt64 = 0
            for (index, byte) in suffix.enumerated() {
                let lowered = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
                word |= UInt64(lowered) << (8 * index)
            }
            return Self.extensions.first { $0.word == word }?.format ?? .text
        }
    }

    /// The extensions that name a format other than text, each also as the word `asciiExtension` makes of it.
    private static let extensions: [(name: String, word: UInt64, format: InputFormat)] = [
        ("md", markdown), ("markdown", markdown), ("html", html), ("htm", html), ("xhtml", html), ("jsonl", jsonl),
        ("ndjson", jsonl), ("json", json), ("csv", csv), ("tsv", csv),
    ].map { name, format in
        (name, name.utf8.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * $1.offset) }, format)
    }

    /// Whether the format makes exactly one document of an input.
    var isWholeDocument: Bool { self == .text || self == .markdown || self == .html }

    /// Reads `input`, emitting each document and reporting each bad record, after which reading
    /// goes on. When the input as a whole cannot be read on (it is binary, a read fails, a JSON
    /// file does not parse), that is reported as one failure named after the input.
    func read(_ input: InputSource, options: FormatOptions, into output: ReaderOutput) throws {
        do {
            switch self {
            case .text, .markdown, .html:
                let bytes = try input.stream.readAll(sizeHint: input.sizeHint)
                let markLength = input.stream.markLength
                try emitWhole(id: input.id, source: input.source, bytes: bytes.count, options: options, into: output) {
                    (bytes, markLength)
                }
            case .jsonl:
                try JSONLinesFormat.read(input, fields: options.fields, invalid: options.invalidUTF8, into: output)
            case .json:
                try JSONFormat.read(input, fields: options.fields, invalid: options.invalidUTF8, into: output)
            case .csv:
                try CSVFormat.read(
                    input, columns: options.columns, delimiter: options.delimiter(for: input.name),
                    invalid: options.invalidUTF8, into: output)
            }
        } catch let error as ReadError {
            try output.fail(DocumentFailure(id: input.id, source: input.source, message: error.description))
        }
    }
}

extension InputFormat {
    /// Emits the one document of a whole-document input of about `bytes` bytes, made on a worker:
    /// `load` gives the input's UTF-8 bytes and the length of the byte-order mark it had, then they
    /// are checked and decoded. `load` runs on the worker too, so a file the run skips (`--shard`,
    /// `--resume`) is never opened, and files are read on every core, not only the reader's.
    func emitWhole(
        id: String, source: String, bytes: Int, options: FormatOptions, into output: ReaderOutput,
        load: @escaping @Sendable () throws(DocumentFailure) -> (bytes: [UInt8], markLength: Int)
    ) throws {
        let invalid = options.invalidUTF8
        try output.emit(id: id, bytes: bytes) { () throws(DocumentFailure) in
            let (bytes, markLength) = try load()
            let text: String
            switch TextDecoding.text(fromUTF8: bytes, invalid: invalid, offsetBase: markLength) {
            case .success(let decoded): text = decoded
            case .failure(let problem):
                throw DocumentFailure(id: id, source: source, message: problem.description)
            }
            var document = Document(id: id, source: source, text: text)
            if self == .markdown { (document.text, document.metadata) = MarkdownText.convert(text) }
            if self == .html { (document.text, document.metadata) = HTMLText.convert(text) }
            return document
        }
    }
}

/// One input to read, a file or standard input, and the names it goes by.
struct InputSource {
    let stream: InputStream
    /// Names the input in messages (`data/news.jsonl:3: …`): the path as shown, or `stdin`.
    let name: String
    /// Every document's `source`: the path as shown, or `-`.
    let source: String
    /// The id of a whole-input document, and of the input's own failures.
    let id: String
    /// Whether record ids without an id field are the bare number (standard input) or
    /// `<id>:<number>` (a file).
    let numbersRecordsAlone: Bool
    /// The file's size, to read a whole file in one allocation; 0 when unknown.
    let sizeHint: Int

    /// The id of the record on line (or at position) `number` that names none itself.
    func recordID(_ number: Int) -> String { numbersRecordsAlone ? String(number) : "\(id):\(number)" }

    /// `name:line: message`, the form of every record-level message.
    func message(line: Int, _ text: String) -> String { "\(name):\(line): \(text)" }
}

/// Finds the line of a byte offset, for messages about whole-file formats.
enum LinePosition {
    /// The 1-based line (counting from `firstLine`) and the 0-based byte within that line of
    /// `offset` in `bytes`.
    static func of(_ offset: Int, in bytes: [UInt8], firstLine: Int = 1) -> (line: Int, byte: Int) {
        var line = firstLine
        var lineStart = 0
        for index in 0..<min(offset, bytes.count) where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        return (line, offset - lineStart)
    }
}
