/// A stage's options after validation: every declared option with a value is here (defaults
/// filled in), typed as declared, paths already resolved.
///
/// The typed getters trap on an option the stage did not declare or that has no value: both are
/// mistakes in the stage's own code, caught by its first test, never by a user's file.
public struct StageOptions: Sendable {
    /// The stage type the options belong to.
    public let stageType: String
    /// The stage's id in the file (its type when no id was given).
    public let stageID: String
    /// Where the stage is declared in the pipeline file.
    public let location: SourceLocation?
    private var values: [String: JSONValue]
    private var locations: [String: SourceLocation]

    /// Options with their values and the places of the values (tests build them by hand).
    public init(
        stageType: String, stageID: String, location: SourceLocation? = nil,
        values: [String: JSONValue], locations: [String: SourceLocation] = [:]
    ) {
        self.stageType = stageType
        self.stageID = stageID
        self.location = location
        self.values = values
        self.locations = locations
    }

    /// The option's value, or `nil` when it has none (not set and no default).
    public func value(_ name: String) -> JSONValue? {
        if case .null? = values[name] { return nil }
        return values[name]
    }

    /// Where the option's value stands in the file; the stage's own place when it was defaulted.
    public func location(of name: String) -> SourceLocation? { locations[name] ?? location }

    /// Whether the pipeline file set the option (rather than its default applying).
    public func isSet(_ name: String) -> Bool { locations[name] != nil }

    /// A `.string`, `.path` or `.choice` option's value.
    public func string(_ name: String) -> String { required(name, value(name)?.stringValue) }
    /// A string option without a default: `nil` when not set.
    public func optionalString(_ name: String) -> String? { value(name)?.stringValue }
    /// An `.integer` option's value.
    public func int(_ name: String) -> Int { required(name, value(name)?.intValue) }
    /// An integer option without a default: `nil` when not set.
    public func optionalInt(_ name: String) -> Int? { value(name)?.intValue }
    /// A `.number` option's value.
    public func double(_ name: String) -> Double { required(name, value(name)?.doubleValue) }
    /// A `.boolean` option's value.
    public func bool(_ name: String) -> Bool { required(name, value(name)?.boolValue) }
    /// A `.strings` or `.paths` option's values; empty when not set.
    public func strings(_ name: String) -> [String] {
        (value(name)?.arrayValue ?? []).compactMap(\.stringValue)
    }

    /// A configuration mistake found while building the stage, pointing at the option.
    public func error(_ message: String, option: String? = nil, help: String? = nil) -> ConfigError {
        ConfigError(message, at: option.flatMap(location(of:)) ?? location, help: help)
    }

    private func required<T>(_ name: String, _ value: T?) -> T {
        guard let value else {
            preconditionFailure("stage '\(stageType)' read option '\(name)', which it did not declare with a default")
        }
        return value
    }
}
