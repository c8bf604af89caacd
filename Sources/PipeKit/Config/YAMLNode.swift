/// One node of a parsed YAML document, with the place it came from.
///
/// Scalars keep their raw text and style: `${NAME}` interpolation rewrites the text first, and the
/// core schema then decides what the text means (`3` an integer, `"3"` a string).
public struct YAMLNode: Sendable {
    /// What the node holds: a scalar, a list or a mapping.
    public enum Content: Sendable {
        case scalar(YAMLScalar)
        case sequence([YAMLNode])
        case mapping([YAMLPair])
    }

    /// The node's value.
    public var content: Content
    /// Where the node starts in the file.
    public var location: SourceLocation

    /// A node holding `content`, found at `location`.
    public init(_ content: Content, at location: SourceLocation) {
        self.content = content
        self.location = location
    }
}

/// One entry of a YAML mapping, key and value both with their places.
public struct YAMLPair: Sendable {
    /// The key, usually a plain scalar.
    public var key: YAMLNode
    /// The value under the key.
    public var value: YAMLNode

    /// An entry of `key` and `value`.
    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// A YAML scalar as written: its text, its quoting style and its tag, before the schema gives it a type.
public struct YAMLScalar: Sendable, Equatable {
    /// How the scalar was written: plain, quoted, or as a literal (`|`) or folded (`>`) block.
    public enum Style: Sendable, Equatable { case plain, singleQuoted, doubleQuoted, literal, folded }

    /// The text, after escapes and folding, before `${NAME}` interpolation.
    public var text: String
    /// How the text was written; only plain scalars can be numbers, booleans or null.
    public var style: Style
    /// An explicit tag such as `!!str`, in its full form (`tag:yaml.org,2002:str`); `nil` when untagged.
    public var tag: String?

    /// A scalar of `text`, plain and untagged unless told otherwise.
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
