import PipeKit

/// Keeps or drops whole documents by length and content.
struct FilterTransformer: Transformer {
    static let declaration = StageDeclaration.transformer(
        "filter",
        summary: "Drops documents by length or content: min_chars, max_chars, contains, excludes.",
        options: [
            OptionSpec("min_chars", .integer(minimum: 0), default: 0, help: "Drop documents with fewer characters."),
            OptionSpec("max_chars", .integer(minimum: 0), help: "Drop documents with more characters."),
            OptionSpec("contains", .strings, help: "Keep only documents containing at least one of these phrases."),
            OptionSpec("excludes", .strings, help: "Drop documents containing any of these phrases."),
            OptionSpec(
                "ignore_case", .boolean, default: false,
                help: "Match 'contains' and 'excludes' regardless of letter case."),
        ],
        make: { options, _ in
            FilterTransformer(
                minimum: options.int("min_chars"), maximum: options.optionalInt("max_chars"),
                required: options.strings("contains"), excluded: options.strings("excludes"),
                ignoreCase: options.bool("ignore_case"))
        })

    let minimum: Int
    let maximum: Int?
    let required: [String]
    let excluded: [String]
    let ignoreCase: Bool

    init(minimum: Int, maximum: Int?, required: [String], excluded: [String], ignoreCase: Bool) {
        self.minimum = minimum
        self.maximum = maximum
        self.ignoreCase = ignoreCase
        self.required = ignoreCase ? required.map { $0.lowercased() } : required
        self.excluded = ignoreCase ? excluded.map { $0.lowercased() } : excluded
    }

    func transform(_ document: inout Document, context: StageContext) throws -> Disposition {
        // Characters are counted as Unicode scalars, the unit every exported offset uses.
        let length = ScalarOffsets.scalarCount(of: document.text)
        if length < minimum { return .drop }
        if let maximum, length > maximum { return .drop }
        if required.isEmpty && excluded.isEmpty { return .keep }
        let text = ignoreCase ? document.text.lowercased() : document.text
        if !required.isEmpty && !required.contains(where: { text.contains($0) }) { return .drop }
        if excluded.contains(where: { text.contains($0) }) { return .drop }
        return .keep
    }
}
