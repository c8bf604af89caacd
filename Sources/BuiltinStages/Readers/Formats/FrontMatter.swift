import PipeKit

/// The YAML front matter of a Markdown file: the block between a `---` on the first line and the
/// next `---` (or `...`) line, as Jekyll, Hugo and most static-site tools write it.
enum FrontMatter {
    /// The metadata in the front matter at the top of `lines`, and the index of the first line
    /// after it; `nil` when the text has none.
    ///
    /// `title`, `date`, `author` and `language` go to their fields; other keys go to `extra` with
    /// their YAML types. Front matter that is not valid YAML (`title: Talks: day two`) is still
    /// read, a `key: value` line at a time.
    static func read(_ lines: [ArraySlice<UInt8>]) -> (metadata: Metadata, bodyStart: Int)? {
        guard let first = lines.first, trimmedTrailing(first).elementsEqual("---".utf8) else { return nil }
        guard
            let close = lines.indices.dropFirst().first(where: {
                let line = trimmedTrailing(lines[$0])
                return line.elementsEqual("---".utf8) || line.elementsEqual("...".utf8)
            })
        else { return nil }
        let yaml = lines[1..<close].map { String(decoding: $0, as: UTF8.self) }.joined(separator: "\n")
        var metadata = Metadata()
        for (key, value) in pairs(in: yaml) where value != .null {
            metadata.set(key, value)
        }
        return (metadata, close + 1)
    }

    /// The top-level keys and values, by the YAML loader, or line by line when it refuses the text.
    private static func pairs(in yaml: String) -> [(String, JSONValue)] {
        if let root = try? YAMLLoader.load(yaml, file: "front matter"), case .mapping(let pairs) = root.content {
            return pairs.compactMap { pair in
                guard case .scalar(let key) = pair.key.content else { return nil }
                return (key.text, value(of: pair.value, asText: textKeys.contains(key.text)))
            }
        }
        return yaml.split(separator: "\n").compactMap { line -> (String, JSONValue)? in
            guard let colon = line.firstIndex(of: ":"), line.first?.isLetter == true else { return nil }
            let key = String(line[..<colon])
            guard !key.contains(" ") else { return nil }
            var value = line[line.index(after: colon)...].trimmingCharacters(in: " \t")
            if value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote {
                value = String(value.dropFirst().dropLast())
            }
            return value.isEmpty ? nil : (key, .string(value))
        }
    }

    /// Keys whose scalar is kept as written (`title: 1984` is a title, not a number).
    private static let textKeys: Set<String> = ["title", "date", "author", "language"]

    private static func value(of node: YAMLNode, asText: Bool) -> JSONValue {
        switch node.content {
        case .scalar(let scalar):
            if asText, scalar.value != .null { return .string(scalar.text) }
            switch scalar.value {
            case .null: return .null
            case .bool(let flag): return .bool(flag)
            case .int(let number): return .int(number)
            case .double(let number): return .double(number)
            case .string(let text): return .string(text)
            }
        case .sequence(let items):
            return .array(items.map { value(of: $0, asText: false) })
        case .mapping(let pairs):
            var object: [String: JSONValue] = [:]
            for pair in pairs {
                if case .scalar(let key) = pair.key.content { object[key.text] = value(of: pair.value, asText: false) }
            }
            return .object(object)
        }
    }

    private static func trimmedTrailing(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var line = line
        while let last = line.last, last == 0x20 || last == 0x09 || last == 0x0D { line.removeLast() }
        return line
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        let trimmed = drop { set.contains($0) }
        return String(trimmed.reversed().drop { set.contains($0) }.reversed())
    }
}
