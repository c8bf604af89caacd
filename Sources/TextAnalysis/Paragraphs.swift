/// Finds paragraphs: runs of text separated by one or more blank lines.
public enum Paragraphs {
    /// Byte ranges of the paragraphs of `text`, trimmed of surrounding white space.
    ///
    /// - Complexity: O(n).
    public static func split(_ text: String) -> [Range<Int>] {
        var text = text
        return text.withUTF8 { bytes in
            var paragraphs: [Range<Int>] = []
            var start: Int?
            var lastText = 0
            var lineStart = 0
            let count = bytes.count
            while lineStart < count {
                // Line by line: a line is blank when only spaces, tabs or a carriage return precede its end.
                let lineEnd = ByteScan.lineFeed(in: bytes, from: lineStart)
                var first = lineStart
                while first < lineEnd && (bytes[first] == 0x20 || bytes[first] == 0x09 || bytes[first] == 0x0D) {
                    first += 1
                }
                if first < lineEnd {
                    if start == nil { start = first }
                    var last = lineEnd
                    while last > first
                        && (bytes[last - 1] == 0x20 || bytes[last - 1] == 0x09 || bytes[last - 1] == 0x0D)
                    {
                        last -= 1
                    }
                    lastText = last
                } else if let begin = start {
                    paragraphs.append(begin..<lastText)
                    start = nil
                }
                lineStart = lineEnd + 1
            }
            if let begin = start { paragraphs.append(begin..<lastText) }
            return paragraphs
        }
    }
}
