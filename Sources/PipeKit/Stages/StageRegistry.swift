/// The stage types a `pipe` executable knows: the built-ins, plus whatever a custom executable
/// registers before handing the registry to `PipeCLI`.
public struct StageRegistry: Sendable {
    private var declarations: [String: StageDeclaration] = [:]

    /// A registry with no stages.
    public init() {}

    /// A registry of these stages; a later one replaces an earlier one of the same name and kind.
    public init(_ declarations: [StageDeclaration]) {
        for declaration in declarations { register(declaration) }
    }

    /// Adds a stage type; a later registration of the same name and kind replaces the earlier
    /// one, so an executable can override a built-in.
    public mutating func register(_ declaration: StageDeclaration) {
        declarations[Self.key(declaration.name, declaration.kind)] = declaration
    }

    /// Adds several stage types, in order.
    public mutating func register(_ more: [StageDeclaration]) {
        for declaration in more { register(declaration) }
    }

    /// The stage type of this name and kind, if registered.
    public func declaration(_ name: String, kind: StageKind) -> StageDeclaration? {
        declarations[Self.key(name, kind)]
    }

    /// Every declaration, by kind and then by name.
    public var all: [StageDeclaration] {
        declarations.values.sorted { ($0.kind, $0.name) < ($1.kind, $1.name) }
    }

    /// The names of every registered stage of `kind`, sorted.
    public func names(of kind: StageKind) -> [String] {
        all.filter { $0.kind == kind }.map(\.name)
    }

    /// Every declaration with this name, whatever its kind (for "'jsonl' is a sink, not a reader").
    public func declarations(named name: String) -> [StageDeclaration] {
        StageKind.allCases.compactMap { declaration(name, kind: $0) }
    }

    private static func key(_ name: String, _ kind: StageKind) -> String { "\(kind.rawValue)/\(name)" }
}
