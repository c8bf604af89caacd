/// Compares what a test expects with what a stage produced, as JSON: the expectation names only
/// what matters, and everything it names must match.
///
/// - An object matches when each of its members matches the actual member of that name; other
///   actual members are ignored. An expected `null` matches a missing member.
/// - A list matches a list of the same length whose items match in order.
/// - Numbers match by value (`1` matches `1.0`); other scalars must be equal.
public enum JSONExpectation {
    /// One place where the actual value differs from the expected one.
    public struct Difference: Sendable, Equatable {
        /// Where, from the compared value's root: `entities[0].label`; empty for the root.
        public var path: String
        /// The expected value, as JSON.
        public var expected: String
        /// The actual value, as JSON, or `absent`.
        public var actual: String

        /// A difference at `path`: the expected value and the actual one, as JSON.
        public init(path: String, expected: String, actual: String) {
            self.path = path
            self.expected = expected
            self.actual = actual
        }
    }

    /// Every difference, in the expectation's order (object members sorted by name).
    public static func differences(expected: JSONValue, actual: JSONValue?, path: String = "") -> [Difference] {
        switch (expected, actual) {
        case (.null, nil), (.null, .null?):
            return []
        case (.object(let members), .object(let actualMembers)?):
            return members.keys.sorted().flatMap { key in
                differences(expected: members[key]!, actual: actualMembers[key], path: join(path, key))
            }
        case (.array(let items), .array(let actualItems)?) where items.count == actualItems.count:
            return items.indices.flatMap { index in
                differences(expected: items[index], actual: actualItems[index], path: "\(path)[\(index)]")
            }
        case (_, let actual?) where matches(expected, actual):
            return []
        default:
            return [Difference(path: path, expected: expected.description, actual: actual?.description ?? "absent")]
        }
    }

    private static func matches(_ expected: JSONValue, _ actual: JSONValue) -> Bool {
        if let left = expected.doubleValue, let right = actual.doubleValue { return left == right }
        return expected == actual
    }

    private static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }
}
