import PipeKit

/// Markdown to plain text: the markup removed, the words and their structure kept.
///
/// Each heading, paragraph, code block, list and table becomes one paragraph, separated by a
/// blank line; a paragraph's wrapped lines join into one line (a hard break stays a line break),
/// each list item takes a line of its own, a table row a line with its cells separated by tabs.
/// Block quotes keep their text; thematic breaks, HTML comments and link reference definitions go.
/// Inline markup is reduced to its text by `MarkdownInline`.
///
/// Metadata: YAML front matter (see `FrontMatter`), and when it gives no title, the first level-1
/// heading. The parser follows CommonMark's block rules closely enough for real documents; it
/// does not aim at every corner of the specification.
enum MarkdownText {
    static func convert(_ markdown: String) -> (text: String, metadata: Metadata) {
        let bytes = Array(markdown.utf8)
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            line.last == 0x0D ? line.dropLast() : line
        }
        var metadata = Metadata()
        var bodyStart = 0
        if let front = FrontMatter.read(lines) { (metadata, bodyStart) = front }
        var parser = MarkdownBlocks()
        for line in lines[bodyStart...] { parser.add(line) }
        parser.finish()

        let inline = MarkdownInline(references: parser.references)
        var paragraphs: [String] = []
        for block in parser.blocks {
            let text: String
            switch block {
            case .paragraph(let raw):
                text = inline.render(raw)
            case .heading(let level, let raw):
                text = inline.render(raw)
                if level == 1, metadata.title == nil, !text.isEmpty { metadata.title = text }
            case .code(let lines):
                text = lines.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
            case .list(let items):
                text = items.map { inline.render($0) }.filter { !$0.isEmpty }.joined(separator: "\n")
            case .table(let rows):
                text = rows.map { $0.map { inline.render(Array($0)) }.joined(separator: "\t") }.joined(separator: "\n")
            }
            if !text.allSatisfy(\.isWhitespace) { paragraphs.append(text) }
        }
        return (paragraphs.joined(separator: "\n\n"), metadata)
    }
}

/// Markdown's block structure, built a line at a time.
struct MarkdownBlocks {
    enum Block {
        /// Raw inline text: soft-wrapped lines joined with spaces, hard breaks kept as `\n`.
        case paragraph([UInt8])
        case heading(level: Int, [UInt8])
        case code([ArraySlice<UInt8>])
        /// Each item's raw inline text.
        case list([[UInt8]])
        /// Rows of raw cells.
        case table([[ArraySlice<UInt8>]])
    }

    private(set) var blocks: [Block] = []
    /// The labels of link reference definitions, normalized, for `[text][label]` and `[label]`.
    private(set) var references: Set<String> = []

    private var paragraph: [UInt8] = []
    private var paragraphLines = 0
    private var lastParagraphLine: ArraySlice<UInt8> = []
    private var hardBreak = false
    private var items: [[UInt8]] = []
    /// The column where the last item's content starts: lines indented that far continue it.
    private var itemIndent = 0
    /// The marker of the list's first item (`-`, `+`, `*`, or `.` and `)` for numbers): another
    /// kind at the same level starts a new list.
    private var listMarker: UInt8 = 0
    private var listIndent = 0
    private var blankInList = false
    private var fence: (marker: UInt8, length: Int, indent: Int)?
    private var code: [ArraySlice<UInt8>] = []
    private var indentedCode = false
    private var tableRows: [[ArraySlice<UInt8>]] = []
    private var inTable = false
    private var inComment = false
    private var quoteDepth = 0

    mutating func add(_ rawLine: ArraySlice<UInt8>) {
        let (depth, line) = Self.strippingQuotes(rawLine)
        if let fence {
            let (indent, start) = Self.indentation(line)
            if indent < 4, Self.closesFence(line[start...], fence) {
                flushCode()
                self.fence = nil
            } else {
                code.append(Self.removingIndent(line, columns: fence.indent))
            }
            return
        }
        if inComment {
            if Self.containsCommentEnd(line) { inComment = false }
            return
        }
        if depth != quoteDepth {
            let lazy = depth < quoteDepth && paragraphLines > 0 && !Self.isBlank(line) && !Self.startsBlock(line)
            if !lazy {
                flushAll()
                quoteDepth = depth
            }
        }
        if Self.isBlank(line) {
            flushParagraph()
            flushTable()
            if indentedCode { code.append([]) }
            if !items.isEmpty { blankInList = true }
            return
        }
        let (indent, start) = Self.indentation(line)
        let text = line[start...]
        if indentedCode {
            if indent >= 4 {
                code.append(Self.removingIndent(line, columns: 4))
                return
            }
            flushCode()
        }
        if !items.isEmpty {
            if !Self.isThematicBreak(text), let item = Self.listItem(text, interrupting: false),
                item.marker == listMarker || indent > listIndent
            {
                blankInList = false
                items.append(item.content)
                itemIndent = indent + item.markerWidth
                return
            }
            let continues = indent >= itemIndent || (!blankInList && !Self.startsBlock(text))
            if continues, Self.fenceOpening(text) == nil {
                if !items[items.count - 1].isEmpty { items[items.count - 1].append(0x20) }
                items[items.count - 1].append(contentsOf: Self.trimmingTrailingSpace(text))
                return
            }
            flushList()
        }
        if indent < 4, let opening = Self.fenceOpening(text) {
            flushAll()
            fence = (opening.marker, opening.length, indent)
            return
        }
        if indent >= 4, paragraphLines == 0, !inTable {
            indentedCode = true
            code = [Self.removingIndent(line, columns: 4)]
            return
        }
        if inTable {
            if text.contains(UInt8(ascii: "|")) {
                tableRows.append(Self.cells(text))
                return
            }
            flushTable()
        }
        var paragraphText = text
        if indent < 4 {
            if let heading = Self.atxHeading(text) {
                flushAll()
                blocks.append(.heading(level: heading.level, Array(heading.content)))
                return
            }
            if paragraphLines > 0, let level = Self.setextLevel(text) {
                blocks.append(.heading(level: level, paragraph))
                paragraph = []
                paragraphLines = 0
                return
            }
            if Self.isThematicBreak(text) {
                flushAll()
                return
            }
            if paragraphLines == 1, lastParagraphLine.contains(UInt8(ascii: "|")), Self.isDelimiterRow(text) {
                tableRows = [Self.cells(lastParagraphLine)]
                inTable = true
                paragraph = []
                paragraphLines = 0
                return
            }
            if let item = Self.listItem(text, interrupting: paragraphLines > 0) {
                flushParagraph()
                items = [item.content]
                itemIndent = indent + item.markerWidth
                listMarker = item.marker
                listIndent = indent
                blankInList = false
                return
            }
            if paragraphLines == 0, text.starts(with: "<!--".utf8) {
                if !Self.containsCommentEnd(text.dropFirst(4)) { inComment = true }
                return
            }
            if paragraphLines == 0, let label = Self.referenceDefinition(text) {
                references.insert(label)
                return
            }
            if paragraphLines == 0, let body = Self.footnoteDefinition(text) { paragraphText = body }
        }
        addParagraphLine(paragraphText)
    }

    mutating func finish() {
        flushCode()
        fence = nil
        flushAll()
    }

    private mutating func addParagraphLine(_ text: ArraySlice<UInt8>) {
        var content = Self.trimmingTrailingSpace(text)
        let trailingSpaces = text.count - content.count
        let breaks = trailingSpaces >= 2 || content.last == UInt8(ascii: "\\")
        if trailingSpaces < 2, content.last == UInt8(ascii: "\\") { content = content.dropLast() }
        if paragraphLines > 0 { paragraph.append(hardBreak ? 0x0A : 0x20) }
        paragraph.append(contentsOf: content)
        hardBreak = breaks
        lastParagraphLine = text
        paragraphLines += 1
    }

    private mutating func flushParagraph() {
        if paragraphLines > 0 { blocks.append(.paragraph(paragraph)) }
        paragraph = []
        paragraphLines = 0
        hardBreak = false
    }

    private mutating func flushList() {
        if !items.isEmpty { blocks.append(.list(items)) }
        items = []
        blankInList = false
    }

    private mutating func flushCode() {
        while let last = code.last, Self.isBlank(last) { code.removeLast() }
        if !code.isEmpty { blocks.append(.code(code)) }
        code = []
        indentedCode = false
    }

    private mutating func flushTable() {
        if inTable { blocks.append(.table(tableRows)) }
        tableRows = []
        inTable = false
    }

    private mutating func flushAll() {
        flushParagraph()
        flushList()
        flushTable()
        if indentedCode { flushCode() }
    }

    // MARK: Recognizing lines

    /// The line without its block-quote markers (`>`), and how many there were.
    static func strippingQuotes(_ line: ArraySlice<UInt8>) -> (depth: Int, line: ArraySlice<UInt8>) {
        var rest = line
        var depth = 0
        while true {
            let (indent, start) = indentation(rest)
            guard indent < 4, start < rest.endIndex, rest[start] == UInt8(ascii: ">") else { break }
            depth += 1
            rest = rest[(start + 1)...]
            if rest.first == 0x20 { rest = rest.dropFirst() }
        }
        return (depth, rest)
    }

    /// The columns of leading whitespace (a tab reaches the next multiple of 4) and where the
    /// text starts.
    static func indentation(_ line: ArraySlice<UInt8>) -> (columns: Int, start: Int) {
        var columns = 0
        var index = line.startIndex
        while index < line.endIndex {
            if line[index] == 0x20 {
                columns += 1
            } else if line[index] == 0x09 {
                columns += 4 - columns % 4
            } else {
                break
            }
            index += 1
        }
        return (columns, index)
    }

    static func removingIndent(_ line: ArraySlice<UInt8>, columns limit: Int) -> ArraySlice<UInt8> {
        var columns = 0
        var index = line.startIndex
        while index < line.endIndex, columns < limit, line[index] == 0x20 || line[index] == 0x09 {
            columns += line[index] == 0x09 ? 4 - columns % 4 : 1
            index += 1
        }
        return line[index...]
    }

    static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    static func trimmingTrailingSpace(_ text: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var text = text
        while let last = text.last, last == 0x20 || last == 0x09 { text.removeLast() }
        return text
    }

    /// Whether a line starts a block that ends a lazy continuation.
    static func startsBlock(_ line: ArraySlice<UInt8>) -> Bool {
        let (indent, start) = indentation(line)
        guard indent < 4 else { return false }
        let text = line[start...]
        return atxHeading(text) != nil || fenceOpening(text) != nil || isThematicBreak(text)
            || text.first == UInt8(ascii: ">") || listItem(text, interrupting: true) != nil
    }

    static func atxHeading(_ text: ArraySlice<UInt8>) -> (level: Int, content: ArraySlice<UInt8>)? {
        let level = text.prefix { $0 == UInt8(ascii: "#") }.count
        guard (1...6).contains(level) else { return nil }
        var content = text.dropFirst(level)
        guard content.isEmpty || content.first == 0x20 || content.first == 0x09 else { return nil }
        content = trimmingTrailingSpace(content.drop { $0 == 0x20 || $0 == 0x09 })
        let closing = content.reversed().prefix { $0 == UInt8(ascii: "#") }.count
        if closing == content.count {
            content = content.prefix(0)
        } else if closing > 0, content[content.endIndex - closing - 1] == 0x20 {
            content = trimmingTrailingSpace(content.dropLast(closing))
        }
        return (level, content)
    }

    static func setextLevel(_ text: ArraySlice<UInt8>) -> Int? {
        let line = trimmingTrailingSpace(text)
        guard let first = line.first, first == UInt8(ascii: "=") || first == UInt8(ascii: "-"),
            line.allSatisfy({ $0 == first })
        else { return nil }
        return first == UInt8(ascii: "=") ? 1 : 2
    }

    static func isThematicBreak(_ text: ArraySlice<UInt8>) -> Bool {
        guard let first = text.first,
            first == UInt8(ascii: "*") || first == UInt8(ascii: "-") || first == UInt8(ascii: "_")
        else { return false }
        var count = 0
        for byte in text {
            if byte == first {
                count += 1
            } else if byte != 0x20 && byte != 0x09 {
                return false
            }
        }
        return count >= 3
    }

    static func fenceOpening(_ text: ArraySlice<UInt8>) -> (marker: UInt8, length: Int)? {
        guard let marker = text.first, marker == UInt8(ascii: "`") || marker == UInt8(ascii: "~") else { return nil }
        let length = text.prefix { $0 == marker }.count
        guard length >= 3 else { return nil }
        if marker == UInt8(ascii: "`"), text.dropFirst(length).contains(marker) { return nil }
        return (marker, length)
    }

    static func closesFence(_ text: ArraySlice<UInt8>, _ fence: (marker: UInt8, length: Int, indent: Int)) -> Bool {
        let length = text.prefix { $0 == fence.marker }.count
        return length >= fence.length && isBlank(text.dropFirst(length))
    }

    /// A list item's content, the width of its marker and the spaces after it, and the kind of
    /// marker (the bullet, or the `.` or `)` after a number).
    static func listItem(
        _ text: ArraySlice<UInt8>, interrupting: Bool
    ) -> (content: [UInt8], markerWidth: Int, marker: UInt8)? {
        guard let first = text.first else { return nil }
        var markerLength: Int
        var marker = first
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: "*") {
            markerLength = 1
        } else {
            let digits = text.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            guard (1...9).contains(digits.count), text.count > digits.count else { return nil }
            let delimiter = text[text.startIndex + digits.count]
            guard delimiter == UInt8(ascii: ".") || delimiter == UInt8(ascii: ")") else { return nil }
            if interrupting, !digits.elementsEqual("1".utf8) { return nil }
            markerLength = digits.count + 1
            marker = delimiter
        }
        let afterMarker = text.dropFirst(markerLength)
        guard afterMarker.isEmpty || afterMarker.first == 0x20 || afterMarker.first == 0x09 else { return nil }
        let spaces = afterMarker.prefix { $0 == 0x20 || $0 == 0x09 }.count
        var content = trimmingTrailingSpace(afterMarker.dropFirst(spaces))
        if interrupting, content.isEmpty { return nil }
        for task in ["[ ] ", "[x] ", "[X] "] where content.starts(with: task.utf8) {
            content = content.dropFirst(4)
        }
        return (Array(content), markerLength + (spaces > 4 || spaces == 0 ? 1 : spaces), marker)
    }

    /// `[label]: destination`, the label normalized; not a footnote (`[^1]: …`).
    static func referenceDefinition(_ text: ArraySlice<UInt8>) -> String? {
        guard text.first == UInt8(ascii: "["), text.dropFirst().first != UInt8(ascii: "^"),
            let close = text.firstIndex(of: UInt8(ascii: "]")), close > text.startIndex + 1,
            close + 1 < text.endIndex, text[close + 1] == UInt8(ascii: ":")
        else { return nil }
        return normalizedLabel(text[(text.startIndex + 1)..<close])
    }

    /// The text of a footnote definition, `[^1]: text`.
    static func footnoteDefinition(_ text: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        guard text.starts(with: "[^".utf8), let close = text.firstIndex(of: UInt8(ascii: "]")),
            close + 1 < text.endIndex, text[close + 1] == UInt8(ascii: ":")
        else { return nil }
        return text[(close + 2)...].drop { $0 == 0x20 || $0 == 0x09 }
    }

    static func normalizedLabel(_ label: some Collection<UInt8>) -> String {
        String(decoding: label, as: UTF8.self).lowercased().split(whereSeparator: \.isWhitespace)
            .joined(separator: " ")
    }

    /// `| --- | :---: |`: the row under a table's header.
    static func isDelimiterRow(_ text: ArraySlice<UInt8>) -> Bool {
        guard text.contains(UInt8(ascii: "|")) else { return false }
        let cells = cells(text)
        return !cells.isEmpty
            && cells.allSatisfy { cell in
                let core = cell.drop { $0 == UInt8(ascii: ":") }.reversed().drop { $0 == UInt8(ascii: ":") }
                return !core.isEmpty && core.allSatisfy { $0 == UInt8(ascii: "-") }
            }
    }

    /// A table row's cells, trimmed, without the pipes at either end.
    static func cells(_ text: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var row = trimmingTrailingSpace(text.drop { $0 == 0x20 || $0 == 0x09 })
        if row.first == UInt8(ascii: "|") { row = row.dropFirst() }
        if row.last == UInt8(ascii: "|"), row.dropLast().last != UInt8(ascii: "\\") { row = row.dropLast() }
        var cells: [ArraySlice<UInt8>] = []
        var cellStart = row.startIndex
        var index = row.startIndex
        while index < row.endIndex {
            if row[index] == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if row[index] == UInt8(ascii: "|") {
                cells.append(row[cellStart..<index])
                cellStart = index + 1
            }
            index += 1
        }
        cells.append(row[min(cellStart, row.endIndex)...])
        return cells.map { trimmingTrailingSpace($0.drop { $0 == 0x20 || $0 == 0x09 }) }
    }

    /// Whether `text` holds `-->`, the end of an HTML comment.
    static func containsCommentEnd(_ text: ArraySlice<UInt8>) -> Bool {
        var index = text.startIndex
        while index + 3 <= text.endIndex {
            if text[index] == 0x2D, text[index + 1] == 0x2D, text[index + 2] == 0x3E { return true }
            index += 1
        }
        return false
    }
}
