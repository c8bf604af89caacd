/// One node of a parsed YAML document, with the place it came from.
///
/// Scalars keep their raw text and style: `${NAME}` interpolation rewrites the text first, and the
/// core schema then decides what the text means (`3` an integer, `"3"` a string).
public struct YAMLNode: Sendable {
    public enum Content: Sendable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    public var content: Content
    public var location: SourceLocation

    public init(_ content: Content, at location: SourceLocation) {
        self.content = content
        self.location = location
    }
}

public struct YAMLPair: Sendable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

public struct YAMLScalar: Sendable, Equatable {
    public enum Style: Sendable, Equatable { case plain, singleQuoted, doubleQuoted, literal, folded }

    public var text: String
    public var style: Style
    /// An explicit tag such as `!!str`, in its full form (`tag:yaml.org,2002:str`); `nil` when untagged.
    public var tag: String?

    public init(text: String, style: Style = .plain, tag: String? = nil) {
        self.text = text
        self.style = style
        self.tag = tag
    }
}

/// What a scalar means under the YAML 1.2 core schema.
public enum YAMLValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
}
