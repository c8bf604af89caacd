/// A JSON-like value: what custom stages put in `fields`, and what JSON Lines input holds.
///
/// Integers and floating-point numbers stay apart (`.int(3)` is not `.double(3)`), so a count read from JSON
/// Lines is written back as `3`, not `3.0`. Objects are unordered; `JSONWriter` sorts their keys when it writes
/// them, so the same value always gives the same bytes.
public enum JSONValue: Sendable, Hashable {
    case null, bool(Bool), int(Int), double(Double), string(String), array([JSONValue]), object([String: JSONValue])
}

extension JSONValue {
    /// The text of a `.string`; `nil` for any other case.
    public var stringValue: String? {
        guard case .string(let value) = self else { return nil }
        return value
    }

    /// The number of an `.int`, or of a `.double` that holds a whole number in `Int` range.
    ///
    /// JSON does not tell `3` from `3.0`, and other tools write either, so both count as an integer here.
    public var intValue: Int? {
        switch self {
        case .int(let value): value
        case .double(let value):
            // -2^63 ≤ value < 2^63 keeps the conversion from trapping; checked by hand because `Int(exactly:)`
            // rounds with libm, which executables that do not import Foundation or Glibc do not link on Linux.
            if value >= -0x1p63, value < 0x1p63, Double(Int(value)) == value { Int(value) } else { nil }
        default: nil
        }
    }

    /// The number of a `.double`, or of an `.int` converted (rounding beyond 2^53).
    public var doubleValue: Double? {
        switch self {
        case .int(let value): Double(value)
        case .double(let value): value
        default: nil
        }
    }

    /// The flag of a `.bool`; `nil` for any other case, so `0` and `""` are not false.
    public var boolValue: Bool? {
        guard case .bool(let value) = self else { return nil }
        return value
    }

    /// The elements of an `.array`; `nil` for any other case.
    public var arrayValue: [JSONValue]? {
        guard case .array(let value) = self else { return nil }
        return value
    }

    /// The members of an `.object`; `nil` for any other case.
    public var objectValue: [String: JSONValue]? {
        guard case .object(let value) = self else { return nil }
        return value
    }

    /// The member named `key` of an `.object`; `nil` when there is none or this is not an object.
    public subscript(key: String) -> JSONValue? {
        objectValue?[key]
    }
}

/// Compact JSON text with sorted keys, as `JSONWriter` writes it: readable in test failures and logs.
extension JSONValue: CustomStringConvertible {
    /// The value as compact JSON.
    public var description: String {
        var writer = JSONWriter(capacity: 64)
        writer.value(self)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}

/// `nil` is JSON's `null`, so expected values in code read like the JSON they stand for.
extension JSONValue: ExpressibleByNilLiteral {
    /// `nil` is `.null`.
    public init(nilLiteral: ()) {
        self = .null
    }
}

extension JSONValue: ExpressibleByBooleanLiteral {
    /// `true` is `.bool(true)`.
    public init(booleanLiteral value: Bool) {
        self = .bool(value)
    }
}

extension JSONValue: ExpressibleByIntegerLiteral {
    /// `3` is `.int(3)`.
    public init(integerLiteral value: Int) {
        self = .int(value)
    }
}

extension JSONValue: ExpressibleByFloatLiteral {
    /// `0.5` is `.double(0.5)`.
    public init(floatLiteral value: Double) {
        self = .double(value)
    }
}

extension JSONValue: ExpressibleByStringLiteral {
    /// `"a"` is `.string("a")`.
    public init(stringLiteral value: String) {
        self = .string(value)
    }
}

extension JSONValue: ExpressibleByArrayLiteral {
    /// `[1, "a"]` is an `.array`.
    public init(arrayLiteral elements: JSONValue...) {
        self = .array(elements)
    }
}

/// A repeated key keeps its last value, as the parser does with duplicate members.
extension JSONValue: ExpressibleByDictionaryLiteral {
    /// `["a": 1]` is an `.object`.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
