/// Reads a news text's head — its first lines — for a title and a publication date.
///
/// News copy often opens with section labels and datelines before the headline ("Today : Feb
/// 13, 2025", "World News", "13 February 2025", then the title). The title is the first short
/// line in the head that is neither a date nor a label of one or two words, and does not end
/// like a sentence; the date is the first date in the head.
public struct HeaderReader: Sendable {
    public struct Header: Sendable, Equatable {
        public var title: Range<Int>?
        public var date: String?
    }

    /// How many lines at the start of a text count as its head.
    public var headLines = 8

    public init() {}

    public func read(_ text: String) -> Header {
        var text = text
        return text.withUTF8 { read($0) }
    }

    /// Reads the head line by line on the bytes.
    private func read(_ bytes: UnsafeBufferPointer<UInt8>) -> Header {
        let dates = DateParser()
        var header = Header()
        var partialDate: String?
        var candidates: [Range<Int>] = []
        var start = 0
        var lines = 0
        while start < bytes.count && lines < headLines {
            let end = ByteScan.lineFeed(in: bytes, from: start)
            defer { start = end + 1 }
            guard let range = trimmedLine(bytes, start..<end) else { continue }
            lines += 1
            let line = UnsafeBufferPointer(rebasing: bytes[range])
            // Prose ends the head; only a dateline opening it counts ("WASHINGTON, Feb 13, 2025 — …").
            if isProse(line) {
                let opening = UnsafeBufferPointer(rebasing: line.prefix(60))
                if header.date == nil, hasDigit(opening),
                    let date = dates.firstDate(in: opening), date.hasYear
                {
                    header.date = date.iso
                }
                break
            }
            // Datelines and title lines are short; a long line is read for its title-likeness only.
            // Every date has a digit (a day, a year): a line without one is not parsed for dates.
            if line.count <= 120, hasDigit(line), let date = dates.firstDate(in: line) {
                if date.hasYear {
                    header.date = header.date ?? date.iso
                } else {
                    partialDate = partialDate ?? date.iso
                }
                // A line that is mostly a date is a dateline, not a title.
                if date.range.count * 2 >= line.count - 10 { continue }
            }
            if isTitleLike(line) { candidates.append(range) }
        }
        header.title =
            candidates.first { !isLabel(UnsafeBufferPointer(rebasing: bytes[$0])) } ?? candidates.first
        header.date = header.date ?? partialDate
        return header
    }

    /// A line of the head without the blanks around it, cut at 300 bytes (on a scalar boundary):
    /// only the head is read, so a long document costs no more than a short one. `nil` when blank.
    private func trimmedLine(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Range<Int>? {
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
        var first = line.lowerBound
        while first < line.upperBound && isBlank(bytes[first]) { first += 1 }
        var last = Swift.min(line.upperBound, first + 300)
        while last < line.upperBound && bytes[last] & 0xC0 == 0x80 { last += 1 }
        while last > first && isBlank(bytes[last - 1]) { last -= 1 }
        return last > first ? first..<last : nil
    }

    /// A line of running text: long, or a sentence of more than a few words.
    private func isProse(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        if line.count > 200 { return true }
        guard line.last == UInt8(ascii: ".") else { return false }
        return wordCount(line) > 6
    }

    /// Short, not ending like a sentence, with a few words. (The marks are ASCII, so the last
    /// byte is the last scalar whenever it is one of them.)
    private func isTitleLike(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard line.count <= 200, let last = line.last else { return false }
        if last == UInt8(ascii: ".") || last == UInt8(ascii: ":") || last == UInt8(ascii: ",")
            || last == UInt8(ascii: ";")
        {
            return false
        }
        let words = wordCount(line)
        return words >= 1 && words <= 25
    }

    /// Words separated by spaces or tabs, counted on bytes (a head line has no line breaks).
    private func wordCount(_ line: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        var inWord = false
        for byte in line {
            let space = byte == 0x20 || byte == 0x09
            if !space && !inWord { count += 1 }
            inWord = !space
        }
        return count
    }

    private func hasDigit(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.contains { UTF8Text.isDigit($0) }
    }

    /// One or two words: "World News", "Politics".
    private func isLabel(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        wordCount(line) <= 2
    }
}

extension String {
    /// The text a byte range covers.
    func utf8Slice(_ range: Range<Int>) -> Substring {
        let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        let end = utf8.index(start, offsetBy: range.count)
        return self[start..<end]
    }
}
