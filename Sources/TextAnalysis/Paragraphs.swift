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
            var index = 0
            var lineHasText = false
            var previousLineBlank = false
            while index < bytes.count {
                let byte = bytes[index]
                if byte == 0x0A {
                    if !lineHasText, let begin = start, !previousLineBlank {
                        paragraphs.append(begin..<lastText)
                        start = nil
                    }
                    previousLineBlank = !lineHasText
                    lineHasText = false
                } else if byte != 0x20 && byte != 0x09 && byte != 0x0D {
                    if start == nil { start = index }
                    lineHasText = true
                    lastText = index + 1
                }
                index += 1
            }
            if let begin = start { paragraphs.append(begin..<lastText) }
            return paragraphs
        }
    }
}
