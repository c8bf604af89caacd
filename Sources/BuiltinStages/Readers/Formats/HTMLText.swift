import PipeKit
import TextAnalysis

/// HTML to plain text: what a reader of the page sees as its content, in paragraphs.
///
/// Scripts, styles, comments and the page's furniture are left out: `nav`, `footer`, `aside`,
/// `form`, a `header` outside `article` and `main` (inside, it holds the headline), elements with
/// a navigation-like ARIA role, hidden ones, and widgets (`button`, `select`, `svg`, `iframe`, …).
/// Block elements become paragraph breaks (one blank line), `<br>`, list items and table rows
/// line breaks, table cells tabs; other whitespace collapses to one space, as a browser shows it,
/// except inside `<pre>`. Non-breaking spaces count as spaces.
///
/// Metadata: the title from `<title>`, else `og:title` or `twitter:title`, else the first `<h1>`;
/// the date (as `YYYY-MM-DD`) from the publication-date `<meta>` tags (`article:published_time`
/// first), else `itemprop="datePublished"`, else the first `<time datetime>`; the author from
/// `<meta name="author">` and its kin; the language from `<html lang>`. A declared `charset` is
/// not read: the input is UTF-8 or UTF-16 (see `TextDecoding`).
enum HTMLText {
    static func convert(_ html: String) -> (text: String, metadata: Metadata) {
        var html = html
        return html.withUTF8 { bytes in
            var converter = HTMLConverter(bytes)
            converter.run()
            return (String(decoding: converter.output, as: UTF8.self), converter.metadata())
        }
    }
}

/// The state of one conversion: the text so far, the open elements, and the metadata found.
private struct HTMLConverter {
    /// What separates the text already written from the next text; the strongest one wins.
    enum Break: Int, Comparable {
        case none, space, tab, line, paragraph

        static func < (lhs: Break, rhs: Break) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    struct Element {
        var name: String
        /// Opened the skipped region (its content is left out).
        var skips = false
        var countsPre = false
        var countsArticle = false
        var capturesHeading = false
        /// What the element puts before and after its content.
        var separator = Break.none
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var output: [UInt8] = []
    var pending = Break.none
    var stack: [Element] = []
    /// How many elements of each name are open, so that an end tag for one that is not (common in
    /// broken pages) costs nothing instead of a search of the whole stack.
    var openCounts: [String: Int] = [:]
    /// Open elements that skip their content.
    var skipping = 0
    var preDepth = 0
    var articleDepth = 0
    var cellsInRow = 0
    /// Inside `<pre>`: line breaks and spaces held until the next text shows whether they end it.
    var preNewlines = 0
    var preSpaces: [UInt8] = []
    var scratch: [UInt8] = []

    var title: String?
    var metaTitle: (rank: Int, text: String)?
    var heading: String?
    var headingStart: Int?
    var date: (rank: Int, text: String)?
    var author: (rank: Int, text: String)?
    var language: String?

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        output.reserveCapacity(bytes.count / 2)
    }

    mutating func run() {
        var scanner = HTMLScanner(bytes)
        while let token = scanner.next() {
            switch token {
            case .text(let range): text(range)
            case .start(let tag): start(tag)
            case .end(let name): end(name)
            }
        }
    }

    func metadata() -> Metadata {
        Metadata(
            title: title ?? metaTitle?.text ?? heading, date: date?.text, author: author?.text, language: language)
    }

    // MARK: Text

    mutating func text(_ range: Range<Int>) {
        guard skipping == 0 else { return }
        let run = UnsafeBufferPointer(rebasing: bytes[range])
        if run.contains(UInt8(ascii: "&")) {
            scratch.removeAll(keepingCapacity: true)
            HTMLEntities.decode(run, into: &scratch)
            scratch.withUnsafeBufferPointer { write($0) }
        } else {
            write(run)
        }
    }

    /// Writes decoded text, collapsing whitespace (or, in `<pre>`, keeping it).
    mutating func write(_ text: UnsafeBufferPointer<UInt8>) {
        var index = 0
        while index < text.count {
            let byte = text[index]
            let isNoBreakSpace = byte == 0xC2 && index + 1 < text.count && text[index + 1] == 0xA0
            if isNoBreakSpace { index += 1 }
            if preDepth > 0 {
                if byte == 0x0A {
                    preNewlines += 1
                    preSpaces.removeAll()
                } else if byte == 0x20 || byte == 0x09 || isNoBreakSpace {
                    preSpaces.append(isNoBreakSpace ? 0x20 : byte)
                } else if byte != 0x0D {
                    if preNewlines > 0 { pending = max(pending, preNewlines > 1 ? .paragraph : .line) }
                    preNewlines = 0
                    flushPending()
                    output.append(contentsOf: preSpaces)
                    preSpaces.removeAll()
                    output.append(byte)
                }
            } else if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C || isNoBreakSpace {
                pending = max(pending, .space)
            } else {
                if pending != .none { flushPending() }
                output.append(byte)
            }
            index += 1
        }
    }

    /// Writes the pending break before new text; none at the very start.
    mutating func flushPending() {
        if !output.isEmpty {
            switch pending {
            case .none: break
            case .space: output.append(0x20)
            case .tab: output.append(0x09)
            case .line: output.append(0x0A)
            case .paragraph: output.append(contentsOf: [0x0A, 0x0A])
            }
        }
        pending = .none
    }

    mutating func breakText(_ kind: Break) {
        if skipping == 0 { pending = max(pending, kind) }
    }

    // MARK: Tags

    mutating func start(_ tag: HTMLTag) {
        let name = tag.name
        readMetadata(tag)
        closeImplicitly(before: name)
        if let raw = tag.rawText {
            if name == "title", title == nil, skipping == 0 { title = collapsed(raw) }
            return
        }
        if Self.voidElements.contains(name) || tag.selfClosing {
            switch name {
            case "br": breakText(pending >= .line ? .paragraph : .line)
            case "hr": breakText(.paragraph)
            default: break
            }
            return
        }
        var element = Element(name: name)
        if skipping > 0 || isBoilerplate(tag) {
            element.skips = true
            skipping += 1
        } else {
            opened(&element)
        }
        stack.append(element)
        openCounts[name, default: 0] += 1
    }

    /// The effects of an element that opens outside any skipped region.
    mutating func opened(_ element: inout Element) {
        let name = element.name
        if Self.blockElements.contains(name) {
            let nestedList = (name == "ul" || name == "ol") && isOpen("li")
            element.separator = nestedList ? .line : .paragraph
        } else if Self.lineElements.contains(name) {
            element.separator = .line
        }
        breakText(element.separator)
        switch name {
        case "tr":
            cellsInRow = 0
        case "td", "th":
            if cellsInRow > 0 { breakText(.tab) }
            cellsInRow += 1
        case "pre":
            element.countsPre = true
            preDepth += 1
        case "article", "main":
            element.countsArticle = true
            articleDepth += 1
        case "h1" where heading == nil && headingStart == nil:
            element.capturesHeading = true
            headingStart = output.count
        default: break
        }
    }

    mutating func end(_ name: String) {
        guard isOpen(name), let index = stack.lastIndex(where: { $0.name == name }) else {
            switch name {
            case "br": breakText(pending >= .line ? .paragraph : .line)
            case "p": breakText(.paragraph)
            default: break
            }
            return
        }
        pop(through: index)
    }

    /// Closes the open elements from the top of the stack down to `index`, as an end tag does.
    mutating func pop(through index: Int) {
        while stack.count > index {
            let element = stack.removeLast()
            openCounts[element.name, default: 1] -= 1
            if element.skips {
                skipping -= 1
                continue
            }
            if element.countsPre {
                preDepth -= 1
                preNewlines = 0
                preSpaces.removeAll()
            }
            if element.countsArticle { articleDepth -= 1 }
            if element.capturesHeading, let start = headingStart {
                let captured = String(decoding: output[start...], as: UTF8.self)
                heading = captured.split(whereSeparator: { $0 == "\n" || $0 == " " || $0 == "\t" })
                    .joined(separator: " ")
                if heading?.isEmpty == true { heading = nil }
                headingStart = nil
            }
            breakText(element.separator)
        }
    }

    /// Closes what a new start tag closes without an end tag: a `<p>` before a block, the
    /// previous item of a list, cell of a row, row of a table.
    mutating func closeImplicitly(before name: String) {
        let scope: (closes: Set<String>, stopsAt: Set<String>)
        switch name {
        case "li": scope = (["li"], ["ul", "ol", "menu"])
        case "dt", "dd": scope = (["dt", "dd"], ["dl"])
        case "tr": scope = (["tr", "td", "th"], ["table", "thead", "tbody", "tfoot"])
        case "td", "th": scope = (["td", "th"], ["tr", "table"])
        case "option": scope = (["option"], ["select", "datalist"])
        case _ where Self.blockElements.contains(name): scope = (["p"], [])
        default: return
        }
        guard scope.closes.contains(where: isOpen) else { return }
        if scope.stopsAt.isEmpty {
            if stack.last?.name == "p" { pop(through: stack.count - 1) }
            return
        }
        for index in stack.indices.reversed() {
            if scope.stopsAt.contains(stack[index].name) { return }
            if scope.closes.contains(stack[index].name) {
                pop(through: index)
                return
            }
        }
    }

    func isOpen(_ name: String) -> Bool { openCounts[name, default: 0] > 0 }

    func isBoilerplate(_ tag: HTMLTag) -> Bool {
        if Self.boilerplateElements.contains(tag.name) { return true }
        if tag.name == "header", articleDepth == 0 { return true }
        if let role = tag.attributes["role"], Self.boilerplateRoles.contains(role.lowercased()) { return true }
        if tag.attributes["hidden"] != nil { return true }
        if let style = tag.attributes["style"] {
            let compact = style.lowercased().filter { $0 != " " }
            if compact.contains("display:none") || compact.contains("visibility:hidden") { return true }
        }
        return false
    }

    // MARK: Metadata

    mutating func readMetadata(_ tag: HTMLTag) {
        let attributes = tag.attributes
        switch tag.name {
        case "html":
            if let lang = attributes["lang"] ?? attributes["xml:lang"], !lang.isEmpty { language = lang }
        case "meta":
            guard let content = attributes["content"]?.trimmingASCIISpaces(), !content.isEmpty else { return }
            let key = (attributes["property"] ?? attributes["name"] ?? attributes["itemprop"] ?? "").lowercased()
            if let rank = Self.titleKeys.firstIndex(of: key) {
                keep(&metaTitle, rank: rank, collapse(content))
            } else if let rank = Self.dateKeys.firstIndex(of: key) {
                if let normalized = ISODate.normalize(content) { keep(&date, rank: rank, normalized) }
            } else if let rank = Self.authorKeys.firstIndex(of: key), !content.hasPrefix("http") {
                keep(&author, rank: rank, collapse(content))
            }
        default:
            break
        }
        let stamp = attributes["datetime"] ?? attributes["content"]
        if attributes["itemprop"]?.lowercased() == "datepublished", tag.name != "meta",
            let normalized = stamp.flatMap(ISODate.normalize)
        {
            keep(&date, rank: Self.dateKeys.firstIndex(of: "datepublished")!, normalized)
        }
        if tag.name == "time", skipping == 0, let normalized = attributes["datetime"].flatMap(ISODate.normalize) {
            keep(&date, rank: attributes["pubdate"] != nil ? Self.dateKeys.count : Self.dateKeys.count + 1, normalized)
        }
    }

    /// Keeps `text` when nothing better (a lower rank) was found before.
    func keep(_ slot: inout (rank: Int, text: String)?, rank: Int, _ text: String) {
        if text.isEmpty { return }
        if let current = slot, current.rank <= rank { return }
        slot = (rank, text)
    }

    /// The text of a raw-text range, entities decoded and whitespace collapsed.
    func collapsed(_ range: Range<Int>) -> String? {
        var decoded: [UInt8] = []
        HTMLEntities.decode(UnsafeBufferPointer(rebasing: bytes[range]), into: &decoded)
        let text = collapse(String(decoding: decoded, as: UTF8.self))
        return text.isEmpty ? nil : text
    }

    func collapse(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    // MARK: Tables

    static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source",
        "track", "wbr",
    ]

    static let blockElements: Set<String> = [
        "address", "article", "aside", "blockquote", "body", "caption", "center", "details", "dialog", "dir", "div",
        "dl", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hgroup", "hr", "legend", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "ul",
    ]

    /// Elements that take a line of their own.
    static let lineElements: Set<String> = ["li", "dt", "dd", "tr", "option"]

    /// Elements left out with everything inside them: page furniture and widgets.
    static let boilerplateElements: Set<String> = [
        "nav", "footer", "aside", "form", "template", "svg", "math", "select", "button", "dialog", "object", "canvas",
        "audio", "video", "map",
    ]

    static let boilerplateRoles: Set<String> = [
        "navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "dialog", "alert",
    ]

    /// `<meta>` names and properties that hold the title, best first.
    static let titleKeys = ["og:title", "twitter:title"]

    /// `<meta>` names and properties that hold the publication date, best first.
    static let dateKeys = [
        "article:published_time", "og:article:published_time", "og:published_time", "datepublished",
        "publishdate", "publish-date", "publication_date", "pubdate", "date", "dc.date.issued", "dc.date",
        "dcterms.issued", "dcterms.created", "dcterms.date", "sailthru.date", "parsely-pub-date", "og:pubdate",
    ]

    /// `<meta>` names and properties that hold the author, best first.
    static let authorKeys = ["author", "article:author", "og:article:author", "dc.creator", "parsely-author"]
}
