/// Renders small values as YAML flow text, for examples and generated pipeline files.
public enum YAMLText {
    /// A value as inline YAML (flow style), for `pipe describe` and starter files.
    public static func inline(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .string(let text): scalar(text)
        case .array(let items): "[" + items.map(inline).joined(separator: ", ") + "]"
        case .object(let members):
            "{" + members.keys.sorted().map { "\(scalar($0)): \(inline(members[$0]!))" }.joined(separator: ", ") + "}"
        }
    }

    /// The text as a plain scalar when that reads back as the same string, double-quoted otherwise.
    public static func scalar(_ text: String) -> String {
        let plainSafe =
            !text.isEmpty
            && YAMLScalar(text: text).value == .string(text)
            && !text.contains(where: { ":#{}[],&*!|>'\"%@`\n\t".contains($0) })
            && text.first != " " && text.first != "-" && text.first != "?" && text.last != " "
        if plainSafe { return text }
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }
}
