/// One option a stage accepts, declared once: it validates pipeline files, documents the stage in
/// `pipe describe` and the README, and supplies the default when the file leaves it out.
public struct OptionSpec: Sendable {
    /// What kind of value an option takes; the loader converts and checks it before a stage sees it.
    public enum ValueType: Sendable, Equatable {
        case string
        case integer(minimum: Int? = nil)
        case number
        case boolean
        /// A file path, resolved against the pipeline file's folder; `-` stays `-`.
        case path
        /// One of the listed words.
        case choice([String])
        /// A list of strings; a single string is taken as a list of one.
        case strings
        /// A list of paths or globs; a single string is taken as a list of one.
        case paths
        /// A list of mappings (`[{label: ORG, phrase: Acme}]`); a single mapping is taken as a list of one.
        case mappings
        /// Any YAML value, taken as JSON-like data.
        case any

        /// How the type reads in messages and in `pipe describe`.
        public var name: String {
            switch self {
            case .string: "string"
            case .integer: "integer"
            case .number: "number"
            case .boolean: "boolean"
            case .path: "path"
            case .choice(let words): words.joined(separator: "|")
            case .strings: "list of strings"
            case .paths: "list of paths"
            case .mappings: "list of mappings"
            case .any: "any value"
            }
        }
    }

    /// The option's key in a pipeline file: `min_chars`.
    public let name: String
    /// What the option takes.
    public let type: ValueType
    /// The value a pipeline gets when it does not set the option; `nil` for none.
    public let defaultValue: JSONValue?
    /// Whether a pipeline file must set it.
    public let isRequired: Bool
    /// One sentence, ending with a period, for `pipe describe` and the README.
    public let help: String

    /// An option `name` of `type`; a stage reads it from `StageOptions` by the same name.
    public init(
        _ name: String, _ type: ValueType, default defaultValue: JSONValue? = nil, required: Bool = false,
        help: String
    ) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.isRequired = required
        self.help = help
    }
}
