/// Everything `pipe` knows about a stage type before it is used: its name, role, summary,
/// options, what it needs and provides, and how to build it.
///
/// One declaration drives YAML validation, `pipe list`, `pipe describe`, the README catalogue
/// and construction, so no option is listed twice by hand.
public struct StageDeclaration: Sendable {
    /// Builds a stage from validated options. Must not touch the file system or start work:
    /// `pipe validate` builds every stage to check its options.
    public enum Factory: Sendable {
        case reader(@Sendable (StageOptions, BuildContext) throws -> any Reader)
        case transformer(@Sendable (StageOptions, BuildContext) throws -> any Transformer)
        case sink(@Sendable (StageOptions, BuildContext) throws -> any Sink)
    }

    /// The stage's type, as pipeline files name it: lower case, words joined by hyphens.
    public let name: String
    /// One line, ending with a period, for `pipe list`.
    public let summary: String
    /// Every option the stage takes; any other key in its pipeline-file entry is an error.
    public let options: [OptionSpec]
    /// Annotations that an earlier stage must provide (`sentences`).
    public let needs: [String]
    /// Annotations this stage adds (`sentences`, `tokens`, `entities`, `summary`, `keywords`).
    public let provides: [String]
    /// A pipeline-file snippet for `pipe describe`; generated from the options when `nil`.
    public let example: String?
    /// How to build the stage, which also fixes its kind.
    public let factory: Factory

    /// Reader, transformer or sink, from the factory.
    public var kind: StageKind {
        switch factory {
        case .reader: .reader
        case .transformer: .transformer
        case .sink: .sink
        }
    }

    /// A declaration with every part given; `reader`, `transformer` and `sink` read better.
    public init(
        name: String, summary: String, options: [OptionSpec] = [], needs: [String] = [],
        provides: [String] = [], example: String? = nil, factory: Factory
    ) {
        self.name = name
        self.summary = summary
        self.options = options
        self.needs = needs
        self.provides = provides
        self.example = example
        self.factory = factory
    }

    /// Declares a reader: `make` builds it from validated options.
    public static func reader(
        _ name: String, summary: String, options: [OptionSpec] = [], provides: [String] = [],
        example: String? = nil, make: @escaping @Sendable (StageOptions, BuildContext) throws -> any Reader
    ) -> StageDeclaration {
        StageDeclaration(
            name: name, summary: summary, options: options, provides: provides, example: example,
            factory: .reader(make))
    }

    /// Declares a transformer: `make` builds it from validated options, once per pipeline, and every worker shares it.
    public static func transformer(
        _ name: String, summary: String, options: [OptionSpec] = [], needs: [String] = [],
        provides: [String] = [], example: String? = nil,
        make: @escaping @Sendable (StageOptions, BuildContext) throws -> any Transformer
    ) -> StageDeclaration {
        StageDeclaration(
            name: name, summary: summary, options: options, needs: needs, provides: provides,
            example: example, factory: .transformer(make))
    }

    /// Declares a sink: `make` builds it from validated options; the runner confines it to one queue.
    public static func sink(
        _ name: String, summary: String, options: [OptionSpec] = [], needs: [String] = [],
        example: String? = nil, make: @escaping @Sendable (StageOptions, BuildContext) throws -> any Sink
    ) -> StageDeclaration {
        StageDeclaration(
            name: name, summary: summary, options: options, needs: needs, example: example,
            factory: .sink(make))
    }

    /// The option called `name`, if the stage declares one.
    public func option(named name: String) -> OptionSpec? {
        options.first { $0.name == name }
    }

    /// The snippet `pipe describe` shows: the given example, or one made of the required options
    /// and the defaults.
    public var exampleYAML: String {
        if let example { return example }
        var lines = kind == .reader ? ["reader:", "  type: \(name)"] : ["- type: \(name)"]
        for option in options where option.isRequired || option.defaultValue != nil {
            let value = option.defaultValue.map(YAMLText.inline) ?? "<\(option.type.name)>"
            lines.append("  \(option.name): \(value)")
        }
        return lines.joined(separator: "\n")
    }
}
