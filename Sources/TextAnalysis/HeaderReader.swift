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
        let dates = DateParser()
        var header = Header()
        var partialDate: String?
        var candidates: [Range<Int>] = []
        for line in headLines(of: text) {
            // Prose ends the head; only a dateline opening it counts ("WASHINGTON, Feb 13, 2025 — …").
            if isProse(line.text) {
                let opening = String(decoding: line.text.utf8.prefix(60), as: UTF8.self)
                if header.date == nil, hasDigit(opening[...]), let date = dates.firstDate(in: opening), date.hasYear {
                    header.date = date.iso
                }
                break
            }
            // Datelines and title lines are short; a long line is read for its title-likeness only.
            // Every date has a digit (a day, a year): a line without one is not parsed for dates.
            if line.text.utf8.count <= 120, hasDigit(line.text), let date = dates.firstDate(in: String(line.text)) {
                if date.hasYear {
                    header.date = header.date ?? date.iso
                } else {
                    partialDate = partialDate ?? date.iso
                }
                // A line that is mostly a date is a dateline, not a title.
                if date.range.count * 2 >= line.text.utf8.count - 10 { continue }
            }
            if isTitleLike(line.text) { candidates.append(line.range) }
        }
        header.title = candidates.first { !isLabel(text.utf8Slice($0)) } ?? candidates.first
        header.date = header.date ?? partialDate
        return header
    }

    /// The first `headLines` non-blank lines, trimmed, each cut at 300 bytes: only the head is
    /// read, so a long document costs no more than a short one.
    private func headLines(of text: String) -> [(range: Range<Int>, text: Substring)] {
        var text = text
        let ranges: [Range<Int>] = text.withUTF8 { bytes in
            func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D }
            var found: [Range<Int>] = []
            var start = 0
            while start < bytes.count && found.count < headLines {
                let end = ByteScan.lineFeed(in: bytes, from: start)
                var first = start
                while first < end && isBlank(bytes[first]) { first += 1 }
                var last = Swift.min(end, first + 300)
                while last < end && bytes[last] & 0xC0 == 0x80 { last += 1 }
                while last > first && isBlank(bytes[last - 1]) { last -= 1 }
                if last > first { found.append(first..<last) }
                start = end + 1
            }
            return found
        }
        return ranges.map { ($0, text.utf8Slice($0)) }
    }

    /// A line of running text: long, or a sentence of more than a few words.
    private func isProse(_ line: Substring) -> Bool {
        if line.utf8.count > 200 { return true }
        guard line.utf8.last == UInt8(ascii: ".") else { return false }
        return wordCount(line) > 6
    }

    /// Short, not ending like a sentence, with a few words.
    private func isTitleLike(_ line: Substring) -> Bool {
        guard line.utf8.count <= 200, let last = line.unicodeScalars.last else { return false }
        if last == "." || last == ":" || last == "," || last == ";" { return false }
        let words = wordCount(line)
        return words >= 1 && words <= 25
    }

    /// Words separated by spaces or tabs, counted on bytes (a head line has no line breaks).
    private func wordCount(_ line: Substring) -> Int {
        var count = 0
        var inWord = false
        for byte in line.utf8 {
            let space = byte == 0x20 || byte == 0x09
            if !space && !inWord { count += 1 }
            inWord = !space
        }
        return count
    }

    private func hasDigit(_ line: Substring) -> Bool {
        line.utf8.contains { UTF8Text.isDigit($0) }
    }

    /// One or two words: "World News", "Politics".
    private func isLabel(_ line: Substring) -> Bool {
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
