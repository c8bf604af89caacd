/// The YAML 1.2 core schema: what the text of a scalar means.
///
/// Resolution is deliberately YAML 1.2, not 1.1: `yes`, `no`, `on` and `off` stay strings, so a stage option
/// named `no` is never silently turned into `false`. See https://yaml.org/spec/1.2.2/#1023-core-schema.
extension YAMLScalar {
    /// What the scalar means: plain scalars by the YAML 1.2 core schema; quoted, block and `!!str` scalars are strings.
    ///
    /// An explicit `!!null`, `!!bool`, `!!int` or `!!float` tag applies that type whatever the style, when the text
    /// reads as it; text that does not stays a string. Any other tag (`!!str`, `!`, a local tag) means a string.
    public var value: YAMLValue {
        let core = "tag:yaml.org,2002:"
        switch tag {
        case nil:
            return style == .plain ? CoreSchema.resolve(text) : .string(text)
        case core + "null":
            return CoreSchema.null(text) ?? .string(text)
        case core + "bool":
            return CoreSchema.bool(text) ?? .string(text)
        case core + "int":
            return CoreSchema.int(text) ?? .string(text)
        case core + "float":
            return CoreSchema.float(text) ?? .string(text)
        default:
            return .string(text)
        }
    }
}

/// The core schema's regular expressions, written as scans over the UTF-8 bytes.
private enum CoreSchema {
    /// Resolves an untagged plain scalar: null, then bool, int and float, else a string.
    static func resolve(_ text: String) -> YAMLValue {
        null(text) ?? bool(text) ?? int(text) ?? float(text) ?? .string(text)
    }

    static func null(_ text: String) -> YAMLValue? {
        switch text {
        case "", "~", "null", "Null", "NULL": .null
        default: nil
        }
    }

    static func bool(_ text: String) -> YAMLValue? {
        switch text {
        case "true", "True", "TRUE": .bool(true)
        case "false", "False", "FALSE": .bool(false)
        default: nil
        }
    }

    /// `[-+]?[0-9]+` (a decimal too large for `Int` becomes a double), `0o[0-7]+` and `0x[0-9a-fA-F]+`.
    static func int(_ text: String) -> YAMLValue? {
        let bytes = Array(text.utf8)
        if bytes.count > 2, bytes[0] == UInt8(ascii: "0") {
            let digits = String(decoding: bytes[2...], as: UTF8.self)
            if bytes[1] == UInt8(ascii: "o"), bytes[2...].allSatisfy(isOctalDigit) {
                return Int(digits, radix: 8).map(YAMLValue.int) ?? .string(text)
            }
            if bytes[1] == UInt8(ascii: "x"), bytes[2...].allSatisfy(isHexDigit) {
                return Int(digits, radix: 16).map(YAMLValue.int) ?? .string(text)
            }
        }
        let unsigned = bytes.first.map(isSign) == true ? bytes.dropFirst() : bytes[...]
        guard !unsigned.isEmpty, unsigned.allSatisfy(isDecimalDigit) else { return nil }
        if let value = Int(text) { return .int(value) }
        return Double(text).map(YAMLValue.double) ?? .string(text)
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?(\.inf|\.Inf|\.INF)` and `\.nan|\.NaN|\.NAN`.
    static func float(_ text: String) -> YAMLValue? {
        switch text {
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        default: break
        }
        let bytes = Array(text.utf8)
        var index = bytes.first.map(isSign) == true ? 1 : 0
        /// Skips decimal digits from `index` and says how many there were.
        func digits() -> Int {
            let start = index
            while index < bytes.count, isDecimalDigit(bytes[index]) { index += 1 }
            return index - start
        }
        let integerDigits = digits()
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digits() > 0 || integerDigits > 0 else { return nil }
        } else if integerDigits == 0 {
            return nil
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, isSign(bytes[index]) { index += 1 }
            guard digits() > 0 else { return nil }
        }
        guard index == bytes.count else { return nil }
        return Double(text).map(YAMLValue.double)
    }

    private static func isSign(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") }
    private static func isDecimalDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
    private static func isOctalDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(byte) }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDecimalDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20)
    }
}
