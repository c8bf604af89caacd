/// Replaces `${NAME}` references in pipeline-file scalars, as docker-compose and Vector do.
///
/// `${NAME}` takes `--var NAME=VALUE`, then the environment, then the file's `vars:`; an unset name
/// is an error. `${NAME:-default}` falls back to its default when the name is unset or empty,
/// `${NAME:?message}` fails with the message, and `$${` is a literal `${`.
public struct Interpolation: Sendable {
    /// Values from `--var`, which win over everything.
    public var arguments: [String: String]
    /// The process environment, consulted after `arguments`.
    public var environment: [String: String]
    /// The pipeline file's `vars:`.
    public var defaults: [String: String]

    /// Values by precedence: `--var` arguments, then the environment, then the file's `vars:`.
    public init(
        arguments: [String: String] = [:], environment: [String: String] = [:],
        defaults: [String: String] = [:]
    ) {
        self.arguments = arguments
        self.environment = environment
        self.defaults = defaults
    }

    /// The value of `${name}`: from the arguments, the environment or the defaults, in that order.
    public func lookup(_ name: String) -> String? {
        arguments[name] ?? environment[name] ?? defaults[name]
    }

    /// The text with every reference replaced.
    ///
    /// - Parameter location: where the text starts in the file, so an error can point into it.
    public func apply(to text: String, at location: SourceLocation) throws(ConfigError) -> String {
        guard text.contains("$") else { return text }
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        func fail(_ message: String, at offset: Int, length: Int, help: String? = nil) -> ConfigError {
            var place = location
            place.column += offset
            return ConfigError(message, at: place, length: length, help: help)
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "$", index + 2 < scalars.count, scalars[index + 1] == "$", scalars[index + 2] == "{" {
                result.append(contentsOf: "${".unicodeScalars)
                index += 3
                continue
            }
            guard scalar == "$", index + 1 < scalars.count, scalars[index + 1] == "{" else {
                result.append(scalar)
                index += 1
                continue
            }
            guard let close = scalars[(index + 2)...].firstIndex(of: "}") else {
                throw fail(
                    "unterminated '${' in a variable reference", at: index, length: 2,
                    help: "write '$${' for a literal '${'")
            }
            let body = String(String.UnicodeScalarView(scalars[(index + 2)..<close]))
            let reference = "${" + body + "}"
            let (name, rule) = Self.split(body)
            guard Self.isValidName(name) else {
                throw fail(
                    "'\(reference)' is not a valid variable reference", at: index,
                    length: close - index + 1, help: "names are letters, digits and '_', not starting with a digit")
            }
            let value = lookup(name)
            switch rule {
            case .plain:
                guard let value else {
                    throw fail(
                        "variable '\(name)' is not set", at: index, length: close - index + 1,
                        help: "pass --var \(name)=VALUE, set it in the environment, or give it a default in 'vars:'")
                }
                result.append(contentsOf: value.unicodeScalars)
            case .fallback(let fallback):
                let chosen = (value?.isEmpty ?? true) ? fallback : value!
                result.append(contentsOf: chosen.unicodeScalars)
            case .required(let message):
                guard let value, !value.isEmpty else {
                    throw fail(
                        "variable '\(name)' is not set" + (message.isEmpty ? "" : ": \(message)"), at: index,
                        length: close - index + 1)
                }
                result.append(contentsOf: value.unicodeScalars)
            }
            index = close + 1
        }
        return String(result)
    }

    private enum Rule { case plain, fallback(String), required(String) }

    private static func split(_ body: String) -> (String, Rule) {
        if let range = body.range(of: ":-") {
            return (String(body[..<range.lowerBound]), .fallback(String(body[range.upperBound...])))
        }
        if let range = body.range(of: ":?") {
            return (String(body[..<range.lowerBound]), .required(String(body[range.upperBound...])))
        }
        return (body, .plain)
    }

    private static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy {
            $0 == "_" || $0.properties.isASCIIHexDigit || ("a"..."z").contains($0)
                || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
        }
    }
}
