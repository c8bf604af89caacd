/// Splits HTML into text, start tags and end tags, forgivingly, over UTF-8 bytes.
///
/// HTML in the wild is malformed, so nothing here fails: an unclosed tag ends at the end of the
/// input, a `<` that starts no tag is text, comments, doctypes and processing instructions are
/// skipped. The contents of raw-text elements (`script`, `style`, `title`, …) are not scanned for
/// tags, as browsers do not scan them: `if (a < b)` in a script is no tag.
struct HTMLScanner {
    enum Token {
        case text(Range<Int>)
        case start(HTMLTag)
        case end(name: String)
    }

    /// Elements whose content is text up to their end tag, never markup.
    static let rawTextElements: Set<String> = [
        "script", "style", "title", "textarea", "xmp", "iframe", "noembed", "noframes", "noscript",
    ]

    let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func next() -> Token? {
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<") else { return .text(textRun()) }
            let next = peek(1)
            if next == UInt8(ascii: "!") {
                if peek(2) == UInt8(ascii: "-"), peek(3) == UInt8(ascii: "-") {
                    skipComment()
                } else {
                    skip(past: UInt8(ascii: ">"), from: index + 2)
                }
            } else if next == UInt8(ascii: "?") {
                skip(past: UInt8(ascii: ">"), from: index + 2)
            } else if next == UInt8(ascii: "/") {
                if isLetter(peek(2)) {
                    var cursor = index + 2
                    let name = tagName(&cursor)
                    skip(past: UInt8(ascii: ">"), from: cursor)
                    return .end(name: name)
                }
                skip(past: UInt8(ascii: ">"), from: index + 2)
            } else if isLetter(next) {
                return .start(startTag())
            } else {
                return .text(textRun())
            }
        }
        return nil
    }

    /// Text up to the next `<` after the current position.
    private mutating func textRun() -> Range<Int> {
        let start = index
        index += 1
        while index < bytes.count, bytes[index] != UInt8(ascii: "<") { index += 1 }
        return start..<index
    }

    private mutating func startTag() -> HTMLTag {
        var cursor = index + 1
        var tag = HTMLTag(name: tagName(&cursor))
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == UInt8(ascii: ">") {
                tag.selfClosing = cursor > index + 1 && bytes[cursor - 1] == UInt8(ascii: "/")
                cursor += 1
                break
            }
            if isSpace(byte) || byte == UInt8(ascii: "/") {
                cursor += 1
                continue
            }
            let nameStart = cursor
            while cursor < bytes.count, !isSpace(bytes[cursor]), bytes[cursor] != UInt8(ascii: "="),
                bytes[cursor] != UInt8(ascii: ">"), bytes[cursor] != UInt8(ascii: "/")
            {
                cursor += 1
            }
            let name = lowercased(nameStart..<cursor)
            while cursor < bytes.count, isSpace(bytes[cursor]) { cursor += 1 }
            var value = ""
            if cursor < bytes.count, bytes[cursor] == UInt8(ascii: "=") {
                cursor += 1
                while cursor < bytes.count, isSpace(bytes[cursor]) { cursor += 1 }
                value = attributeValue(&cursor)
            }
            if tag.attributes[name] == nil { tag.attributes[name] = value }
        }
        index = cursor
        if Self.rawTextElements.contains(tag.name), !tag.selfClosing, let close = closingTag(of: tag.name) {
            tag.rawText = index..<close.start
            index = close.end
        }
        return tag
    }

    /// A quoted or unquoted attribute value, entities decoded. A quote that never closes ends at
    /// the next `>`, so one typo does not swallow the page.
    private func attributeValue(_ cursor: inout Int) -> String {
        guard cursor < bytes.count else { return "" }
        let quote = bytes[cursor]
        let start: Int
        var end: Int
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            start = cursor + 1
            end = start
            while end < bytes.count, bytes[end] != quote { end += 1 }
            if end == bytes.count {
                end = start
                while end < bytes.count, bytes[end] != UInt8(ascii: ">") { end += 1 }
                cursor = end
            } else {
                cursor = end + 1
            }
        } else {
            start = cursor
            end = start
            while end < bytes.count, !isSpace(bytes[end]), bytes[end] != UInt8(ascii: ">") { end += 1 }
            cursor = end
        }
        var decoded: [UInt8] = []
        HTMLEntities.decode(UnsafeBufferPointer(rebasing: bytes[start..<end]), into: &decoded)
        return String(decoding: decoded, as: UTF8.self)
    }

    /// Where `</name` (any case) followed by a space, `/` or `>` starts, and the index after its `>`.
    private func closingTag(of name: String) -> (start: Int, end: Int)? {
        let wanted = Array(name.utf8)
        var cursor = index
        while cursor + 2 + wanted.count <= bytes.count {
            if bytes[cursor] == UInt8(ascii: "<"), bytes[cursor + 1] == UInt8(ascii: "/") {
                var matches = true
                for (offset, letter) in wanted.enumerated() where bytes[cursor + 2 + offset] | 0x20 != letter {
                    matches = false
                    break
                }
                let after = cursor + 2 + wanted.count
                if matches,
                    after == bytes.count || isSpace(bytes[after]) || bytes[after] == UInt8(ascii: "/")
                        || bytes[after] == UInt8(ascii: ">")
                {
                    var end = after
                    while end < bytes.count, bytes[end] != UInt8(ascii: ">") { end += 1 }
                    return (cursor, min(end + 1, bytes.count))
                }
            }
            cursor += 1
        }
        return nil
    }

    /// A tag name from `cursor` on, lowercased; leaves `cursor` after it.
    private func tagName(_ cursor: inout Int) -> String {
        let start = cursor
        while cursor < bytes.count, !isSpace(bytes[cursor]), bytes[cursor] != UInt8(ascii: "/"),
            bytes[cursor] != UInt8(ascii: ">")
        {
            cursor += 1
        }
        return lowercased(start..<cursor)
    }

    private mutating func skipComment() {
        var cursor = index + 4
        // `<!-->` and `<!--->` are complete (empty) comments.
        if peek(4) == UInt8(ascii: ">") {
            index += 5
            return
        }
        if peek(4) == UInt8(ascii: "-"), peek(5) == UInt8(ascii: ">") {
            index += 6
            return
        }
        while cursor + 2 < bytes.count {
            if bytes[cursor] == UInt8(ascii: "-"), bytes[cursor + 1] == UInt8(ascii: "-"),
                bytes[cursor + 2] == UInt8(ascii: ">")
            {
                index = cursor + 3
                return
            }
            cursor += 1
        }
        index = bytes.count
    }

    private mutating func skip(past byte: UInt8, from start: Int) {
        var cursor = start
        while cursor < bytes.count, bytes[cursor] != byte { cursor += 1 }
        index = min(cursor + 1, bytes.count)
    }

    private func peek(_ offset: Int) -> UInt8 {
        index + offset < bytes.count ? bytes[index + offset] : 0
    }

    private func lowercased(_ range: Range<Int>) -> String {
        var letters = Array(UnsafeBufferPointer(rebasing: bytes[range]))
        for position in letters.indices where letters[position] >= 0x41 && letters[position] <= 0x5A {
            letters[position] |= 0x20
        }
        return String(decoding: letters, as: UTF8.self)
    }
}

/// A start tag: its lowercased name, its attributes (names lowercased, values decoded, the first
/// of a repeated name kept), and for raw-text elements the range of their content.
struct HTMLTag {
    var name: String
    var attributes: [String: String] = [:]
    var selfClosing = false
    var rawText: Range<Int>?

    init(name: String) {
        self.name = name
    }
}

private func isLetter(_ byte: UInt8) -> Bool {
    (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
}

private func isSpace(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
}
