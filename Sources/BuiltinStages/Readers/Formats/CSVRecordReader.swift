/// Splits CSV (RFC 4180) into records as the bytes stream in, so that a file of any size needs
/// the memory of one record.
///
/// A field may be quoted, and a quoted field may hold delimiters, line breaks and doubled quotes
/// (`""`); records end with `\n` or `\r\n`. A quote inside an unquoted field is kept as written,
/// as most tools do. A quoted field that never closes, or a quote followed by something other
/// than a delimiter, a line break or another quote, makes the record malformed: the reader then
/// starts over on the line after the one where that record began, so one stray quote costs one
/// line, not the rest of the file.
final class CSVRecordReader {
    enum Outcome {
        case record
        /// The record that starts on `startLine` is broken; `message` says how.
        case malformed(String)
    }

    /// A record larger than this is taken for an unclosed quote rather than read on.
    static let maximumRecordBytes = 16 << 20

    let stream: InputStream
    let delimiter: UInt8
    /// The current record's fields, unquoted, back to back; field `i` ends at `fieldEnds[i]`.
    private(set) var fieldBytes: [UInt8] = []
    private(set) var fieldEnds: [Int] = []
    /// The current record as it stands in the input, without its line break: for messages and
    /// dead-letter files.
    private(set) var raw: [UInt8] = []
    /// The 1-based line the current record starts on.
    private(set) var startLine = 1
    /// The line at the read position.
    private var line = 1

    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted }
    private enum Step { case needMore, recordEnd, strayQuote, tooLarge }

    init(stream: InputStream, delimiter: UInt8) {
        self.stream = stream
        self.delimiter = delimiter
    }

    var fieldCount: Int { fieldEnds.count }

    func field(_ index: Int) -> ArraySlice<UInt8> {
        fieldBytes[(index == 0 ? 0 : fieldEnds[index - 1])..<fieldEnds[index]]
    }

    /// Reads the next record, skipping blank lines; `nil` at the end of the input.
    func next() throws(ReadError) -> Outcome? {
        while true {
            fieldBytes.removeAll(keepingCapacity: true)
            fieldEnds.removeAll(keepingCapacity: true)
            raw.removeAll(keepingCapacity: true)
            startLine = line
            var state = State.fieldStart
            var step = Step.needMore
            while step == .needMore {
                guard let taken = try stream.consume({ scan($0, state: &state) }) else {
                    // The end of the input ends the record, unless a quoted field is still open.
                    switch state {
                    case .quoted: step = .strayQuote
                    case .fieldStart where raw.isEmpty: return nil
                    case .fieldStart, .unquoted, .quoteInQuoted:
                        if state == .unquoted { dropCarriageReturn() }
                        fieldEnds.append(fieldBytes.count)
                        step = .recordEnd
                    }
                    break
                }
                step = taken
            }
            switch step {
            case .recordEnd:
                if raw.allSatisfy({ $0 == 0x0A || $0 == 0x0D }) { continue }
                if raw.last == 0x0A { raw.removeLast() }
                if raw.last == 0x0D { raw.removeLast() }
                return .record
            case .strayQuote, .tooLarge:
                try startOverAfterFirstLine()
                let limit = step == .tooLarge ? " (no closing quote within \(Self.maximumRecordBytes >> 20) MB)" : ""
                return .malformed("unbalanced quote in the record that starts on line \(startLine)\(limit)")
            case .needMore:
                preconditionFailure("the loop above runs until the record ends")
            }
        }
    }

    /// Scans buffered bytes, in `state`, until the record ends or the bytes run out; says how
    /// many bytes it used and where that left the record.
    private func scan(_ bytes: ArraySlice<UInt8>, state: inout State) -> (used: Int, result: Step) {
        let quote = UInt8(ascii: "\"")
        let newline: UInt8 = 0x0A
        let delimiter = delimiter
        let (used, step) = bytes.withUnsafeBufferPointer { buffer -> (Int, Step) in
            let count = buffer.count
            var index = 0
            while index < count {
                switch state {
                case .fieldStart:
                    if buffer[index] == quote {
                        state = .quoted
                        index += 1
                    } else {
                        state = .unquoted
                    }
                case .unquoted:
                    var end = index
                    while end < count, buffer[end] != delimiter, buffer[end] != newline { end += 1 }
                    fieldBytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[index..<end]))
                    index = end
                    guard end < count else { break }
                    index += 1
                    if buffer[end] == delimiter {
                        fieldEnds.append(fieldBytes.count)
                        state = .fieldStart
                    } else {
                        dropCarriageReturn()
                        fieldEnds.append(fieldBytes.count)
                        line += 1
                        return (index, .recordEnd)
                    }
                case .quoted:
                    var end = index
                    while end < count, buffer[end] != quote {
                        if buffer[end] == newline { line += 1 }
                        end += 1
                    }
                    fieldBytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[index..<end]))
                    index = end
                    guard end < count else { break }
                    index += 1
                    state = .quoteInQuoted
                case .quoteInQuoted:
                    let byte = buffer[index]
                    index += 1
                    if byte == quote {
                        fieldBytes.append(quote)
                        state = .quoted
                    } else if byte == delimiter {
                        fieldEnds.append(fieldBytes.count)
                        state = .fieldStart
                    } else if byte == newline {
                        fieldEnds.append(fieldBytes.count)
                        line += 1
                        return (index, .recordEnd)
                    } else if byte != 0x0D {
                        return (index, .strayQuote)
                    }
                }
            }
            return (index, .needMore)
        }
        raw.append(contentsOf: bytes.prefix(used))
        if step == .needMore, raw.count > Self.maximumRecordBytes { return (used, .tooLarge) }
        return (used, step)
    }

    /// Removes a `\r` that ended the last field, when it was part of a `\r\n` line break.
    private func dropCarriageReturn() {
        if fieldBytes.count > (fieldEnds.last ?? 0), fieldBytes.last == 0x0D { fieldBytes.removeLast() }
    }

    /// After a malformed record: puts back everything read after the line it started on, keeps
    /// that line in `raw`, and goes on from the next line.
    private func startOverAfterFirstLine() throws(ReadError) {
        if let newline = raw.firstIndex(of: 0x0A) {
            stream.unread(raw[(newline + 1)...])
            raw.removeSubrange(newline...)
        } else {
            while let found = try stream.consume({ bytes -> (used: Int, result: Bool) in
                if let newline = bytes.firstIndex(of: 0x0A) {
                    raw.append(contentsOf: bytes[..<newline])
                    return (newline + 1 - bytes.startIndex, true)
                }
                raw.append(contentsOf: bytes)
                return (bytes.count, false)
            }), !found {}
        }
        if raw.last == 0x0D { raw.removeLast() }
        line = startLine + 1
    }
}
