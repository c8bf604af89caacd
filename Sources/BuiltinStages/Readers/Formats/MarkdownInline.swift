/// Markdown's inline markup reduced to its text: emphasis, strikethrough and code spans lose
/// their delimiters, links and images become their text (an image its alt text), autolinks their
/// address, inline HTML tags and footnote references go, backslash escapes and character
/// references are decoded.
///
/// Emphasis follows CommonMark's flanking rules, so `snake_case`, `2 * 3` and an unmatched `*`
/// stay as written; a delimiter is removed only when it has a partner.
struct MarkdownInline {
    /// Normalized labels of the document's link reference definitions.
    let references: Set<String>

    /// The text of one paragraph, heading, list item or table cell, with runs of spaces collapsed
    /// and the ends trimmed.
    func render(_ raw: [UInt8]) -> String {
        var output: [UInt8] = []
        raw.withUnsafeBufferPointer { render($0, into: &output) }
        var clean: [UInt8] = []
        clean.reserveCapacity(output.count)
        for byte in output {
            if byte == 0x20, clean.last == 0x20 || clean.last == 0x0A || clean.isEmpty { continue }
            if byte == 0x0A, clean.last == 0x20 { clean.removeLast() }
            clean.append(byte)
        }
        while let last = clean.last, last == 0x20 || last == 0x0A { clean.removeLast() }
        return String(decoding: clean, as: UTF8.self)
    }

    /// A run of `*`, `_` or `~` that may open or close emphasis.
    private struct Delimiter {
        var byte: UInt8
        /// Where its characters stand in the output.
        var range: Range<Int>
        var canOpen: Bool
        var canClose: Bool
        var matched = false
    }

    private func render(_ input: UnsafeBufferPointer<UInt8>, into final: inout [UInt8]) {
        var output: [UInt8] = []
        var delimiters: [Delimiter] = []
        let brackets = matchingBrackets(input)
        var index = 0
        let count = input.count
        while index < count {
            let byte = input[index]
            switch byte {
            case UInt8(ascii: "\\"):
                if index + 1 < count, isPunctuation(input[index + 1]) {
                    output.append(input[index + 1])
                    index += 2
                } else {
                    output.append(byte)
                    index += 1
                }
            case UInt8(ascii: "`"):
                index = codeSpan(input, at: index, into: &output)
            case UInt8(ascii: "!") where index + 1 < count && input[index + 1] == UInt8(ascii: "["):
                if let link = link(input, at: index + 1, brackets: brackets) {
                    render(UnsafeBufferPointer(rebasing: input[link.text]), into: &output)
                    index = link.end
                } else {
                    output.append(byte)
                    index += 1
                }
            case UInt8(ascii: "["):
                if let end = footnoteReference(input, at: index) {
                    index = end
                } else if let link = link(input, at: index, brackets: brackets) {
                    render(UnsafeBufferPointer(rebasing: input[link.text]), into: &output)
                    index = link.end
                } else {
                    output.append(byte)
                    index += 1
                }
            case UInt8(ascii: "<"):
                index = angleBracket(input, at: index, into: &output)
            case UInt8(ascii: "&"):
                if let (scalar, end) = HTMLEntities.reference(in: input, at: index) {
                    HTMLEntities.appendUTF8(scalar, to: &output)
                    index = end
                } else {
                    output.append(byte)
                    index += 1
                }
            case UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "~"):
                var end = index
                while end < count, input[end] == byte { end += 1 }
                let before = index > 0 ? input[index - 1] : 0x20
                let after = end < count ? input[end] : 0x20
                let left = !isSpace(after) && (!isPunctuation(after) || isSpace(before) || isPunctuation(before))
                let right = !isSpace(before) && (!isPunctuation(before) || isSpace(after) || isPunctuation(after))
                let underscore = byte == UInt8(ascii: "_")
                delimiters.append(
                    Delimiter(
                        byte: byte, range: output.count..<(output.count + end - index),
                        canOpen: left && (!underscore || !right || isPunctuation(before)),
                        canClose: right && (!underscore || !left || isPunctuation(after))))
                output.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<end]))
                index = end
            default:
                var end = index + 1
                while end < count, !isSpecial(input[end]) { end += 1 }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: input[index..<end]))
                index = end
            }
        }
        matchEmphasis(&delimiters)
        var removed = delimiters.filter(\.matched).map(\.range).makeIterator()
        var next = removed.next()
        var position = 0
        while position < output.count {
            if let range = next, range.lowerBound == position {
                position = range.upperBound
                next = removed.next()
                continue
            }
            final.append(output[position])
            position += 1
        }
    }

    /// Pairs each closing run with the nearest open run of the same character before it; runs
    /// between a matched pair can no longer open.
    ///
    /// - Complexity: O(n) for n runs, as CommonMark's delimiter stack: openers wait on a stack,
    ///   a match removes the ones above it, and a failed search marks how deep the next search
    ///   for that character needs to go.
    private func matchEmphasis(_ delimiters: inout [Delimiter]) {
        var openers: [Int] = []
        var floors: [UInt8: Int] = [:]
        for index in delimiters.indices {
            let byte = delimiters[index].byte
            if delimiters[index].canClose {
                let floor = floors[byte] ?? 0
                var position = openers.count - 1
                while position >= floor, delimiters[openers[position]].byte != byte { position -= 1 }
                if position >= floor {
                    delimiters[openers[position]].matched = true
                    delimiters[index].matched = true
                    openers.removeSubrange(position...)
                    for key in floors.keys { floors[key] = min(floors[key]!, openers.count) }
                    continue
                }
                floors[byte] = openers.count
            }
            if delimiters[index].canOpen { openers.append(index) }
        }
    }

    /// The matching `]` of every `[`, found in one pass (escaped brackets aside).
    private func matchingBrackets(_ input: UnsafeBufferPointer<UInt8>) -> [Int: Int] {
        var matches: [Int: Int] = [:]
        var open: [Int] = []
        var index = 0
        while index < input.count {
            switch input[index] {
            case UInt8(ascii: "\\"): index += 1
            case UInt8(ascii: "["): open.append(index)
            case UInt8(ascii: "]"): if let start = open.popLast() { matches[start] = index }
            default: break
            }
            index += 1
        }
        return matches
    }

    /// A code span's content, as written; an unmatched run of backticks is text.
    private func codeSpan(_ input: UnsafeBufferPointer<UInt8>, at start: Int, into output: inout [UInt8]) -> Int {
        var index = start
        while index < input.count, input[index] == UInt8(ascii: "`") { index += 1 }
        let length = index - start
        var search = index
        while search < input.count {
            guard input[search] == UInt8(ascii: "`") else {
                search += 1
                continue
            }
            var end = search
            while end < input.count, input[end] == UInt8(ascii: "`") { end += 1 }
            if end - search == length {
                var content = UnsafeBufferPointer(rebasing: input[index..<search])
                if content.count > 2, content.first == 0x20, content.last == 0x20,
                    content.contains(where: { $0 != 0x20 })
                {
                    content = UnsafeBufferPointer(rebasing: content[1..<(content.count - 1)])
                }
                output.append(contentsOf: content)
                return end
            }
            search = end
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: input[start..<index]))
        return index
    }

    /// `[text](destination "title")`, `[text][label]`, `[text][]`, or `[label]` when the label is
    /// defined: the range of the text and the index after the link.
    private func link(
        _ input: UnsafeBufferPointer<UInt8>, at start: Int, brackets: [Int: Int]
    ) -> (text: Range<Int>, end: Int)? {
        guard let close = brackets[start] else { return nil }
        let text = (start + 1)..<close
        let after = close + 1
        if after < input.count, input[after] == UInt8(ascii: "(") {
            // A destination and title hold no brackets or line breaks: stopping there keeps a
            // paragraph full of `[a](` linear.
            var parens = 0
            var cursor = after
            while cursor < input.count {
                switch input[cursor] {
                case UInt8(ascii: "\\"): cursor += 1
                case UInt8(ascii: "("): parens += 1
                case UInt8(ascii: ")"):
                    parens -= 1
                    if parens == 0 { return (text, cursor + 1) }
                case UInt8(ascii: "["), UInt8(ascii: "]"), 0x0A: return nil
                default: break
                }
                cursor += 1
            }
            return nil
        }
        if after < input.count, input[after] == UInt8(ascii: "["),
            let labelEnd = UnsafeBufferPointer(rebasing: input[after...]).firstIndex(of: UInt8(ascii: "]"))
        {
            return (text, after + labelEnd + 1)
        }
        return references.contains(MarkdownBlocks.normalizedLabel(UnsafeBufferPointer(rebasing: input[text])))
            ? (text, after) : nil
    }

    /// `[^note]`: the index after it.
    private func footnoteReference(_ input: UnsafeBufferPointer<UInt8>, at start: Int) -> Int? {
        guard start + 2 < input.count, input[start + 1] == UInt8(ascii: "^") else { return nil }
        var index = start + 2
        while index < input.count, input[index] != UInt8(ascii: "]") {
            if isSpace(input[index]) { return nil }
            index += 1
        }
        return index < input.count && index > start + 2 ? index + 1 : nil
    }

    /// An autolink (`<https://…>`, `<a@b.org>`) becomes its address; an inline HTML tag or
    /// comment goes; any other `<` is text.
    private func angleBracket(_ input: UnsafeBufferPointer<UInt8>, at start: Int, into output: inout [UInt8]) -> Int {
        var end = start + 1
        while end < input.count, input[end] != UInt8(ascii: ">"), input[end] != UInt8(ascii: "<") { end += 1 }
        guard end < input.count, input[end] == UInt8(ascii: ">"), end > start + 1 else {
            output.append(UInt8(ascii: "<"))
            return start + 1
        }
        let inner = UnsafeBufferPointer(rebasing: input[(start + 1)..<end])
        let first = inner[0]
        let isTag =
            isLetter(first) || first == UInt8(ascii: "/") || first == UInt8(ascii: "!") || first == UInt8(ascii: "?")
        let isAutolink =
            !inner.contains(where: isSpace) && (inner.contains(UInt8(ascii: ":")) || inner.contains(UInt8(ascii: "@")))
        if isAutolink {
            output.append(contentsOf: inner)
            return end + 1
        }
        if isTag { return end + 1 }
        output.append(UInt8(ascii: "<"))
        return start + 1
    }

    private func isSpecial(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "!"), UInt8(ascii: "["), UInt8(ascii: "<"),
            UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default: false
        }
    }

    private func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A }

    private func isLetter(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
    }

    /// ASCII punctuation, the characters a backslash escapes and flanking rules look at.
    private func isPunctuation(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x21...0x2F, 0x3A...0x40, 0x5B...0x60, 0x7B...0x7E: true
        default: false
        }
    }
}
