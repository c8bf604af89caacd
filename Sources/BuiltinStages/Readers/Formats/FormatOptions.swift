import PipeKit

/// The options the `files` and `stdin` readers share: how records map to documents, the CSV
/// delimiter, and what to do with invalid UTF-8. Declared once here, so both readers describe
/// them alike.
struct FormatOptions: Sendable {
    /// Which JSON fields hold the text, the id and the metadata.
    var fields: RecordFields
    /// Which CSV columns hold the text, the id and the metadata.
    var columns: RecordFields
    /// The CSV field separator, when the pipeline sets one.
    var delimiter: UInt8?
    var invalidUTF8: TextDecoding.InvalidPolicy

    static let specs: [OptionSpec] = [
        OptionSpec("text_field", .string, default: "text", help: "With jsonl and json: the field that holds the text."),
        OptionSpec(
            "id_field", .string, default: "id",
            help: "With jsonl and json: the field that holds the id; else the line or record number ('<file>:<n>')."),
        OptionSpec(
            "metadata_fields", .strings,
            help: "With jsonl, json and csv: the fields or columns kept as metadata; every other scalar one when unset."
        ),
        OptionSpec("text_column", .string, default: "text", help: "With csv: the column that holds the text."),
        OptionSpec(
            "id_column", .string, default: "id",
            help: "With csv: the column that holds the id; else the line the record starts on ('<file>:<n>')."),
        OptionSpec(
            "delimiter", .string, default: ",",
            help: "With csv: the field separator, one character (.tsv files default to a tab)."),
        OptionSpec(
            "invalid_utf8", .choice(["error", "replace"]), default: "error",
            help: "'error' fails the input (or record) naming the byte; 'replace' puts U+FFFD in its place."),
    ]

    /// The CSV separator for the input `name`: the one set, else a tab for `.tsv`, else a comma.
    func delimiter(for name: String) -> UInt8 {
        if let delimiter { return delimiter }
        return name.lowercased().hasSuffix(".tsv") ? 0x09 : UInt8(ascii: ",")
    }
}

extension FormatOptions {
    /// The options as a pipeline file sets them; a bad `delimiter` is a configuration error.
    init(_ options: StageOptions) throws {
        let metadata = options.value("metadata_fields") == nil ? nil : options.strings("metadata_fields")
        fields = RecordFields(text: options.string("text_field"), id: options.string("id_field"), metadata: metadata)
        columns = RecordFields(text: options.string("text_column"), id: options.string("id_column"), metadata: metadata)
        invalidUTF8 = options.string("invalid_utf8") == "replace" ? .replace : .error
        if options.isSet("delimiter") {
            let given = Array(options.string("delimiter").utf8)
            guard given.count == 1, given[0] < 0x80, given[0] != UInt8(ascii: "\""), given[0] != 0x0A,
                given[0] != 0x0D
            else {
                throw options.error(
                    "'delimiter' must be one ASCII character other than a quote or a line break",
                    option: "delimiter", help: #"delimiter: ";"   (or "\t" for a tab)"#)
            }
            delimiter = given[0]
        } else {
            delimiter = nil
        }
    }
}
