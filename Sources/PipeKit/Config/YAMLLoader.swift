internal import CLibYAML

/// Reads the text of a pipeline file into a `YAMLNode` tree, with the place of every node.
///
/// libyaml's event parser does the reading; the tree is built here, on an explicit stack, so that aliases,
/// merge keys, duplicate keys and the limits against hostile input (alias bombs, deep nesting) are checked
/// with locations, and no input can make the loader recurse without bound.
public enum YAMLLoader {
    /// Parses one YAML document; `nil` when the text holds none (empty, or only comments).
    public static func load(_ text: String, file: String) throws(ConfigError) -> YAMLNode? {
        let source = Source(text: text, file: file)
        // libyaml reads the bytes lazily and keeps a pointer to the parser, so both need stable addresses.
        let input = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, text.utf8.count))
        defer { input.deallocate() }
        _ = input.initialize(from: text.utf8)
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) != 0 else {
            throw ConfigError("out of memory while reading YAML", file: file)
        }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_input_string(parser, input.baseAddress, text.utf8.count)

        var builder = TreeBuilder(source: source)
        var event = yaml_event_t()
        while true {
            guard yaml_parser_parse(parser, &event) != 0 else { throw source.libyamlError(parser.pointee) }
            defer { yaml_event_delete(&event) }
            if event.type == YAML_STREAM_END_EVENT { return builder.root }
            try builder.handle(event)
        }
    }
}

/// The text being read, to turn libyaml's marks into locations and to quote lines in errors.
private struct Source {
    let text: String
    let file: String

    func location(_ mark: yaml_mark_t) -> SourceLocation {
        SourceLocation(file: file, line: mark.line + 1, column: mark.column + 1)
    }

    /// The text of a 1-based line, without its line break; empty past the end.
    func line(_ number: Int) -> String {
        var current = 1
        for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if current == number {
                let content = line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...]
                return String(decoding: content, as: UTF8.self)
            }
            current += 1
        }
        return ""
    }

    func error(_ message: String, at location: SourceLocation, length: Int = 1, help: String? = nil) -> ConfigError {
        ConfigError(message, at: location, length: length, help: help, sourceLine: line(location.line))
    }

    /// libyaml's own error: its problem, then the context it was in.
    func libyamlError(_ parser: yaml_parser_t) -> ConfigError {
        guard parser.error != YAML_MEMORY_ERROR else {
            return ConfigError("out of memory while reading YAML", file: file)
        }
        var message = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
        let location: SourceLocation
        if parser.error == YAML_READER_ERROR {
            // The reader reports a byte offset rather than a mark; the character is invisible, so name it.
            location = locationOfByte(parser.problem_offset)
            if parser.problem_value >= 0 {
                message += " (U+" + hex(parser.problem_value) + ")"
            }
        } else {
            location = self.location(parser.problem_mark)
            let context = parser.context.map { String(cString: $0) }
            let contextLocation = self.location(parser.context_mark)
            if let plain = plainError(problem: message, context: context, at: location, contextAt: contextLocation) {
                return plain
            }
            if let context {
                if (contextLocation.line, contextLocation.column) == (location.line, location.column) {
                    message += " (\(context))"
                } else {
                    message += " (\(context) at \(contextLocation.line):\(contextLocation.column))"
                }
            }
        }
        let sourceLine = line(location.line)
        let character = sourceLine.unicodeScalars.dropFirst(location.column - 1).first
        let indentedWithTab = sourceLine.unicodeScalars.prefix { $0 == " " || $0 == "\t" }.contains("\t")
        let help = indentedWithTab || character == "\t" ? "YAML indents with spaces, not tabs" : nil
        return ConfigError(message, at: location, help: help, sourceLine: sourceLine)
    }

    /// libyaml's commonest problems said in plain words, at the place a person must fix: the
    /// bracket or quote that was opened, not the line where libyaml gave up.
    private func plainError(
        problem: String, context: String?, at location: SourceLocation,
        contextAt opened: SourceLocation
    ) -> ConfigError? {
        switch problem {
        case "did not find expected ',' or ']'":
            return error(
                "this '[' is never closed", at: opened,
                help: "add ']' after the list's last item (the list runs on to line \(location.line))")
        case "did not find expected ',' or '}'":
            return error(
                "this '{' is never closed", at: opened,
                help: "add '}' after the mapping's last entry (it runs on to line \(location.line))")
        case "found unexpected end of stream" where context == "while scanning a quoted scalar":
            return error("this quoted string is never closed", at: opened, help: "add the closing quote")
        case "found a tab character that violates indentation":
            return tabError(at: location)
        case "found character that cannot start any token"
        where line(location.line).unicodeScalars.dropFirst(location.column - 1).first == "\t":
            return tabError(at: location)
        case "mapping values are not allowed in this context":
            return error(
                "a ':' here would start a mapping inside a value", at: location,
                help: "check this line's indentation against the line above, or quote a value that contains ': '")
        case "did not find expected key", "could not find expected ':'":
            guard let quote = unclosedQuote(before: location.line) else { return nil }
            return error(
                "this quoted string is not closed on its line", at: quote,
                help: "add the closing '\"' (the string runs on to line \(location.line))")
        default:
            return nil
        }
    }

    private func tabError(at location: SourceLocation) -> ConfigError {
        error(
            "a tab is used for indentation", at: location,
            help: "YAML indents with spaces, not tabs; replace the tab with spaces")
    }

    /// The opening `"` of the first line before `limit` whose double quotes do not pair up.
    private func unclosedQuote(before limit: Int) -> SourceLocation? {
        for number in 1..<max(1, limit) {
            var open: Int?
            var escaped = false
            for (column, character) in line(number).unicodeScalars.enumerated() {
                if character == "#" && open == nil { break }
                if escaped {
                    escaped = false
                } else if character == "\\" && open != nil {
                    escaped = true
                } else if character == "\"" {
                    open = open == nil ? column : nil
                }
            }
            if let open { return SourceLocation(file: file, line: number, column: open + 1) }
        }
        return nil
    }

    /// The line and column (counted in characters, as libyaml does) of a byte offset into the text.
    private func locationOfByte(_ offset: Int) -> SourceLocation {
        var line = 1
        var column = 1
        for byte in text.utf8.prefix(offset) {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    private func hex(_ value: Int32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// A finished node, with where it was written: for an alias that is the `*name`, not the anchored node.
private struct Placed {
    var node: YAMLNode
    /// How many nodes the subtree holds, counting every alias expansion.
    var size: Int
    var reference: SourceLocation
    var length: Int
}

/// Builds the tree from libyaml's events, one collection per stack frame.
private struct TreeBuilder {
    static let maxNodes = 100_000
    static let maxDepth = 256

    let source: Source
    private(set) var root: YAMLNode?
    private var documents = 0
    private var stack: [Frame] = []
    private var anchors: [String: Anchor] = [:]
    private var nodeCount = 0
    private var nextAnchorID = 0

    init(source: Source) { self.source = source }

    private enum Anchor {
        /// The anchored collection is still open: an alias to it would be a cycle. The id tells a redefinition apart.
        case building(id: Int)
        case done(YAMLNode, size: Int)
    }

    /// A sequence or mapping whose end has not been read yet.
    private struct Frame {
        var isMapping: Bool
        var location: SourceLocation
        var anchor: (name: String, id: Int)?
        var size = 1
        var items: [YAMLNode] = []
        var entries: [Entry] = []
        var pendingKey: Placed?
        /// The line of each scalar key set explicitly, to report duplicates and to let explicit keys beat merged ones.
        var keyLines: [String: Int] = [:]
    }

    private enum Entry {
        case pair(YAMLPair)
        /// The pair lists a `<<` merges, earlier lists winning.
        case merge([[YAMLPair]])
    }

    mutating func handle(_ event: yaml_event_t) throws(ConfigError) {
        let location = source.location(event.start_mark)
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                throw source.error("expected one YAML document, found a second one", at: location, length: span(event))
            }
        case YAML_SCALAR_EVENT:
            let data = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: data.value, count: data.length), as: UTF8.self)
            let scalar = YAMLScalar(text: text, style: style(data.style), tag: data.tag.map { String(cString: $0) })
            let node = YAMLNode(.scalar(scalar), at: location)
            if let name = data.anchor.map({ String(cString: $0) }) { anchors[name] = .done(node, size: 1) }
            nodeCount += 1
            try add(Placed(node: node, size: 1, reference: location, length: span(event)))
        case YAML_ALIAS_EVENT:
            let name = String(cString: event.data.alias.anchor)
            switch anchors[name] {
            case nil:
                throw source.error("unknown alias '*\(name)'", at: location, length: span(event))
            case .building:
                throw source.error(
                    "alias '*\(name)' refers to a node that contains it (an alias cycle)", at: location,
                    length: span(event))
            case .done(let node, let size):
                nodeCount += size
                if nodeCount > Self.maxNodes {
                    throw source.error(
                        "the document expands to more than \(Self.maxNodes) nodes through aliases", at: location,
                        length: span(event))
                }
                try add(Placed(node: node, size: size, reference: location, length: span(event)))
            }
        case YAML_SEQUENCE_START_EVENT:
            try open(isMapping: false, anchor: event.data.sequence_start.anchor, at: location)
        case YAML_MAPPING_START_EVENT:
            try open(isMapping: true, anchor: event.data.mapping_start.anchor, at: location)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            try close()
        default:
            break
        }
    }

    private mutating func open(isMapping: Bool, anchor: UnsafeMutablePointer<yaml_char_t>?, at location: SourceLocation)
        throws(ConfigError)
    {
        guard stack.count < Self.maxDepth else {
            throw source.error("nesting is deeper than \(Self.maxDepth) levels", at: location)
        }
        var frame = Frame(isMapping: isMapping, location: location)
        if let name = anchor.map({ String(cString: $0) }) {
            nextAnchorID += 1
            frame.anchor = (name, nextAnchorID)
            anchors[name] = .building(id: nextAnchorID)
        }
        nodeCount += 1
        stack.append(frame)
    }

    private mutating func close() throws(ConfigError) {
        let frame = stack.removeLast()
        let node = YAMLNode(frame.isMapping ? .mapping(merged(frame)) : .sequence(frame.items), at: frame.location)
        if let anchor = frame.anchor, case .building(anchor.id) = anchors[anchor.name] {
            anchors[anchor.name] = .done(node, size: frame.size)
        }
        try add(Placed(node: node, size: frame.size, reference: frame.location, length: 1))
    }

    /// Puts a finished node into the open collection, or makes it the document.
    private mutating func add(_ placed: Placed) throws(ConfigError) {
        guard !stack.isEmpty else {
            root = placed.node
            return
        }
        let top = stack.count - 1
        stack[top].size += placed.size
        guard stack[top].isMapping else {
            stack[top].items.append(placed.node)
            return
        }
        guard let key = stack[top].pendingKey else {
            if !isMergeKey(placed.node), case .scalar(let scalar) = placed.node.content {
                if let firstLine = stack[top].keyLines[scalar.text] {
                    throw source.error(
                        "duplicate key '\(scalar.text)' (first set at line \(firstLine))", at: placed.reference,
                        length: placed.length)
                }
                stack[top].keyLines[scalar.text] = placed.reference.line
            }
            stack[top].pendingKey = placed
            return
        }
        stack[top].pendingKey = nil
        if isMergeKey(key.node) {
            stack[top].entries.append(.merge(try mergedPairs(placed)))
        } else {
            stack[top].entries.append(.pair(YAMLPair(key: key.node, value: placed.node)))
        }
    }

    private func isMergeKey(_ node: YAMLNode) -> Bool {
        guard case .scalar(let scalar) = node.content else { return false }
        return scalar == YAMLScalar(text: "<<", style: .plain, tag: nil)
    }

    /// The pair lists a `<<` value brings: its own pairs for a mapping, each mapping's pairs for a list of them.
    private func mergedPairs(_ value: Placed) throws(ConfigError) -> [[YAMLPair]] {
        let notMergeable = source.error(
            "'<<' merges a mapping or a list of mappings", at: value.reference, length: value.length)
        switch value.node.content {
        case .mapping(let pairs):
            return [pairs]
        case .sequence(let items):
            var lists: [[YAMLPair]] = []
            for item in items {
                guard case .mapping(let pairs) = item.content else { throw notMergeable }
                lists.append(pairs)
            }
            return lists
        case .scalar:
            throw notMergeable
        }
    }

    /// The pairs of a finished mapping, merges spliced in where their `<<` stood; a key already set wins.
    private func merged(_ frame: Frame) -> [YAMLPair] {
        var pairs: [YAMLPair] = []
        var mergedKeys: Set<String> = []
        for entry in frame.entries {
            switch entry {
            case .pair(let pair):
                pairs.append(pair)
            case .merge(let lists):
                for pair in lists.joined() {
                    if case .scalar(let key) = pair.key.content {
                        guard frame.keyLines[key.text] == nil, mergedKeys.insert(key.text).inserted else { continue }
                    }
                    pairs.append(pair)
                }
            }
        }
        return pairs
    }

    private func style(_ style: yaml_scalar_style_t) -> YAMLScalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: .literal
        case YAML_FOLDED_SCALAR_STYLE: .folded
        default: .plain
        }
    }

    /// How many characters an event covers when it stays on one line, else 1.
    private func span(_ event: yaml_event_t) -> Int {
        guard event.end_mark.line == event.start_mark.line else { return 1 }
        return max(1, event.end_mark.column - event.start_mark.column)
    }
}
