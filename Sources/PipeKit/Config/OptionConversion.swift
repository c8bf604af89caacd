/// Turns the YAML node an option was given into the value its declaration asks for.
enum OptionConversion {
    /// The value, or a message saying what was expected. `stage` names the stage in messages.
    static func convert(_ node: YAMLNode, to spec: OptionSpec, stage: String, baseDirectory: String)
        -> Result<JSONValue, ConfigError>
    {
        func mismatch(_ expected: String, help: String? = nil) -> Result<JSONValue, ConfigError> {
            .failure(
                ConfigError(
                    "option '\(spec.name)' of stage '\(stage)' expects \(expected), not \(node.summary)",
                    at: node.location, length: node.summaryLength, help: help))
        }
        switch spec.type {
        case .string:
            guard let text = node.scalarText else { return mismatch("a string") }
            return .success(.string(text))
        case .integer(let minimum):
            guard case .int(let number) = node.scalarValue else { return mismatch("an integer") }
            if let minimum, number < minimum {
                return .failure(
                    ConfigError(
                        "option '\(spec.name)' of stage '\(stage)' must be at least \(minimum)",
                        at: node.location, length: node.summaryLength))
            }
            return .success(.int(number))
        case .number:
            switch node.scalarValue {
            case .int(let number): return .success(.double(Double(number)))
            case .double(let number): return .success(.double(number))
            default: return mismatch("a number")
            }
        case .boolean:
            guard case .bool(let flag) = node.scalarValue else {
                let word = node.scalarText?.lowercased() ?? ""
                let meant =
                    ["yes", "on", "y"].contains(word) ? "true" : ["no", "off", "n"].contains(word) ? "false" : nil
                return mismatch("true or false", help: meant.map { "did you mean '\($0)'?" })
            }
            return .success(.bool(flag))
        case .path:
            guard let text = node.scalarText, !text.isEmpty else { return mismatch("a path") }
            return .success(.string(Paths.resolve(text, against: baseDirectory)))
        case .choice(let words):
            guard let text = node.scalarText else { return mismatch("one of \(words.joined(separator: ", "))") }
            guard words.contains(text) else {
                return mismatch(
                    "one of \(words.map { "'\($0)'" }.joined(separator: ", "))",
                    help: Suggestion.hint(for: text, in: words))
            }
            return .success(.string(text))
        case .strings, .paths:
            let items: [YAMLNode]
            if case .sequence(let list) = node.content { items = list } else { items = [node] }
            var values: [JSONValue] = []
            for item in items {
                guard let text = item.scalarText else {
                    return .failure(
                        ConfigError(
                            "option '\(spec.name)' of stage '\(stage)' expects a list of strings, not \(item.summary) in it",
                            at: item.location, length: item.summaryLength))
                }
                values.append(.string(spec.type == .paths ? Paths.resolve(text, against: baseDirectory) : text))
            }
            return .success(.array(values))
        case .mappings:
            let items: [YAMLNode]
            if case .sequence(let list) = node.content { items = list } else { items = [node] }
            for item in items {
                guard case .mapping = item.content else {
                    return .failure(
                        ConfigError(
                            "option '\(spec.name)' of stage '\(stage)' expects a list of mappings, not \(item.summary) in it",
                            at: item.location, length: item.summaryLength))
                }
            }
            return .success(.array(items.map(\.jsonValue)))
        case .any:
            return .success(node.jsonValue)
        }
    }
}

extension YAMLNode {
    /// The text of a scalar that is not null; `nil` for lists, mappings and nulls.
    var scalarText: String? {
        guard case .scalar(let scalar) = content, scalar.value != .null else { return nil }
        return scalar.text
    }

    var scalarValue: YAMLValue? {
        guard case .scalar(let scalar) = content else { return nil }
        return scalar.value
    }

    var isNull: Bool { scalarValue == .null }

    var sequenceIsEmpty: Bool {
        if case .sequence(let items) = content { return items.isEmpty }
        return false
    }

    /// How the node reads in a message: `'three'`, `a list`, `a mapping`, `nothing`.
    var summary: String {
        switch content {
        case .scalar(let scalar): scalar.value == .null && scalar.text.isEmpty ? "nothing" : "'\(scalar.text)'"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }

    /// How many characters an error caret should underline.
    var summaryLength: Int {
        if case .scalar(let scalar) = content, !scalar.text.contains("\n") {
            return scalar.text.count + (scalar.style == .plain ? 0 : 2)
        }
        return 1
    }

    /// The node as JSON-like data, scalars typed by the core schema.
    var jsonValue: JSONValue {
        switch content {
        case .scalar(let scalar):
            switch scalar.value {
            case .null: return .null
            case .bool(let flag): return .bool(flag)
            case .int(let number): return .int(number)
            case .double(let number): return .double(number)
            case .string(let text): return .string(text)
            }
        case .sequence(let items):
            return .array(items.map(\.jsonValue))
        case .mapping(let pairs):
            var object: [String: JSONValue] = [:]
            for pair in pairs { object[pair.key.scalarText ?? ""] = pair.value.jsonValue }
            return .object(object)
        }
    }

    /// The value under `key` in a mapping.
    func value(for key: String) -> YAMLNode? {
        guard case .mapping(let pairs) = content else { return nil }
        return pairs.first { $0.key.scalarText == key }?.value
    }
}
