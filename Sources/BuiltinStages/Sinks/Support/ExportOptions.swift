import PipeKit

/// The options every file sink shares, declared once so that `path` and `overwrite` read the same
/// in each sink's `pipe describe`.
enum ExportOptions {
    /// `path`, defaulting to standard output.
    static let path = OptionSpec("path", .path, default: "-", help: "The output file; '-' writes to standard output.")
    static let overwrite = OptionSpec(
        "overwrite", .boolean, default: true, help: "Replace an existing file; false refuses to.")

    /// The output file the `path` and `overwrite` options name.
    static func file(_ options: StageOptions) -> OutputFile {
        OutputFile(path: options.string("path"), overwrite: options.bool("overwrite"))
    }

    /// The options of the JSON sinks beyond the file: what each record holds.
    static let encoding = [
        OptionSpec("include_text", .boolean, default: true, help: "Export each document's text."),
        OptionSpec("tokens", .boolean, default: false, help: "Export tokens (large; off by default)."),
        OptionSpec(
            "fields", .strings,
            help: "Keep only these top-level keys, in contract order: "
                + DocumentEncoding.fieldNames.joined(separator: ", ") + "."),
    ]

    /// The record shape the `include_text`, `tokens` and `fields` options ask for.
    ///
    /// A field name that is not in the contract, or `text`/`tokens` listed while their own flag turns
    /// them off, is a configuration error: the user would otherwise get a silently smaller file.
    static func encoding(_ options: StageOptions) throws -> DocumentEncoding {
        var encoding = DocumentEncoding(
            includeText: options.bool("include_text"), includeTokens: options.bool("tokens"))
        guard options.isSet("fields") else { return encoding }
        let names = options.strings("fields")
        for name in names where !DocumentEncoding.fieldNames.contains(name) {
            throw options.error(
                "unknown field '\(name)' in 'fields' of stage '\(options.stageType)'", option: "fields",
                help: Suggestion.hint(for: name, in: DocumentEncoding.fieldNames)
                    ?? "the fields are \(DocumentEncoding.fieldNames.joined(separator: ", "))")
        }
        if names.contains("text") && !encoding.includeText {
            throw options.error(
                "'fields' lists 'text' but 'include_text' is false", option: "fields",
                help: "remove 'text' from 'fields', or 'include_text: false'")
        }
        if names.contains("tokens") && !encoding.includeTokens {
            throw options.error(
                "'fields' lists 'tokens' but 'tokens' is false", option: "fields", help: "set 'tokens: true'")
        }
        encoding.fields = Set(names)
        return encoding
    }
}
