internal import Foundation

/// A `pipe test` file: a pipeline, or stages written inline, and cases that feed it documents and
/// say what each sink must receive.
///
///     pipeline: ../news-digest.yaml
///     cases:
///       - name: stubs are left out
///         documents:
///           - {id: stub, text: Too short.}
///           - file: ../../Examples/data/seed.txt
///         expect:
///           jsonl:
///             documents:
///               - {id: seed.txt, source: Examples/data/seed.txt}
///         dropped: 1
///
/// Loading checks the file's shape (unknown keys, wrong types, unreadable input files) and
/// reports every mistake with its line and column, as the pipeline loader does.
public struct PipelineTestSuite: Sendable {
    /// Where the stages under test come from.
    public enum Subject: Sendable {
        /// A pipeline file, resolved against the test file's folder.
        case file(path: String, location: SourceLocation)
        /// Transformers written in the test file under `stages:`, between the case's documents and
        /// one sink named `output`.
        case stages(YAMLNode)
    }

    /// The test file, as the user named it.
    public var file: String
    /// The test file's text, for the lines quoted in messages.
    public var text: String
    /// The pipeline file, or the inline stages, under test.
    public var subject: Subject
    /// `vars:`: values for the pipeline's `${NAME}`, as `--var` gives them.
    public var variables: [String: String]
    /// Replaces the pipeline's `concurrency` when set.
    public var concurrency: Int?
    /// Replaces the pipeline's `on_error` when set.
    public var onError: RunSettings.ErrorPolicy?
    /// The cases, in file order.
    public var cases: [PipelineTestCase]

    /// Reads and checks the test file at `path`.
    public static func load(file path: String) throws(ConfigErrors) -> PipelineTestSuite {
        let source = try ConfigFile(path: path, kind: "test file")
        let text = source.text
        var parser = TestFileParser(file: path, baseDirectory: source.baseDirectory)
        let suite = parser.suite(text: text)
        let sorted = parser.errors.sorted {
            ($0.location?.line ?? 0, $0.location?.column ?? 0) < ($1.location?.line ?? 0, $1.location?.column ?? 0)
        }
        let errors = PipelineLoader.quoting(sorted, text: text, file: path)
        guard errors.isEmpty, let suite else { throw ConfigErrors(errors) }
        return suite
    }
}

/// One case: the documents that go in, and what must come out.
public struct PipelineTestCase: Sendable {
    /// The case's `name`, printed beside PASS or FAIL.
    public var name: String
    /// Where the case starts in the test file, for the FAIL line.
    public var location: SourceLocation
    /// The documents the pipeline's reader is replaced with, in order.
    public var documents: [Document]
    /// What named sinks must receive; sinks not named are not checked.
    public var sinks: [SinkExpectation]
    /// How many documents the stages must drop, when set.
    public var dropped: Int?
    /// How many documents must fail (with `on_error: skip`), when set.
    public var failed: Int?
    /// A part of the message the run must fail with; `nil` means the run must complete.
    public var error: String?
}

/// What one sink must receive.
public struct SinkExpectation: Sendable {
    /// The sink's id, as `pipe run --stats` and messages show it.
    public var id: String
    /// Where the id stands in the test file.
    public var location: SourceLocation
    /// How many documents, when set.
    public var count: Int?
    /// Every document the sink receives, in order, each given as the part of its JSON Lines record
    /// that must match (see `JSONExpectation`); `nil` when not checked.
    public var documents: [JSONValue]?
}

/// One pass over a test file, collecting every mistake rather than stopping at the first.
private struct TestFileParser {
    static let topLevelKeys = ["pipeline", "stages", "vars", "concurrency", "on_error", "cases"]
    static let caseKeys = ["name", "documents", "expect", "dropped", "failed", "error"]
    static let inputKeys = ["id", "text", "file", "source", "title", "date", "metadata", "fields"]
    static let sinkKeys = ["count", "documents"]
    static let recordKeys = [
        "id", "source", "title", "date", "text", "metadata", "paragraphs", "sentences", "tokens", "entities", "summary",
        "keywords", "fields",
    ]

    let file: String
    let baseDirectory: String
    var errors: [ConfigError] = []

    init(file: String, baseDirectory: String) {
        self.file = file
        self.baseDirectory = baseDirectory
    }

    mutating func suite(text: String) -> PipelineTestSuite? {
        let parsed: YAMLNode?
        do {
            parsed = try YAMLLoader.load(text, file: file)
        } catch {
            errors.append(error)
            return nil
        }
        guard let root = parsed, case .mapping = root.content else {
            errors.append(
                ConfigError(
                    "a test file is a mapping with 'pipeline' (or 'stages') and 'cases'",
                    at: parsed?.location ?? SourceLocation(file: file, line: 1, column: 1)))
            return nil
        }
        let top = mapping(root, keys: Self.topLevelKeys, place: "at the top level")

        var subject: PipelineTestSuite.Subject?
        switch (top["pipeline"], top["stages"]) {
        case (let path?, nil):
            if let text = string(path, key: "pipeline") {
                subject = .file(path: Paths.resolve(text, against: baseDirectory), location: path.location)
            }
        case (nil, let stages?):
            subject = .stages(stages)
        case (_?, let stages?):
            errors.append(
                ConfigError(
                    "'pipeline' and 'stages' are both set", at: stages.location,
                    help: "name a pipeline file, or write the stages under test inline, not both"))
        case (nil, nil):
            errors.append(
                ConfigError(
                    "the test file names no pipeline", at: root.location,
                    help: "add 'pipeline: path/to/pipeline.yaml', or the stages under test as 'stages:'"))
        }

        var variables: [String: String] = [:]
        if let vars = top["vars"] {
            for (key, value) in mapping(vars, keys: nil, place: "in vars") {
                if let text = value.scalarText ?? (value.isNull ? "" : nil) {
                    variables[key] = text
                } else {
                    errors.append(ConfigError("variable '\(key)' needs a plain value", at: value.location))
                }
            }
        }
        let concurrency = top["concurrency"].flatMap { count($0, key: "concurrency", minimum: 1) }
        var onError: RunSettings.ErrorPolicy?
        if let node = top["on_error"] {
            onError = node.scalarText.flatMap(RunSettings.ErrorPolicy.init(rawValue:))
            if onError == nil {
                errors.append(
                    ConfigError(
                        "'on_error' expects 'fail' or 'skip', not \(node.summary)", at: node.location,
                        length: node.summaryLength))
            }
        }

        var cases: [PipelineTestCase] = []
        if let node = top["cases"] {
            let items = list(node, key: "cases")
            if items.isEmpty, errors.isEmpty {
                errors.append(ConfigError("'cases' is empty; a test file needs at least one case", at: node.location))
            }
            cases = items.compactMap { testCase($0) }
        } else {
            errors.append(ConfigError("the test file has no 'cases'", at: root.location))
        }
        guard errors.isEmpty, let subject else { return nil }
        return PipelineTestSuite(
            file: file, text: text, subject: subject, variables: variables, concurrency: concurrency,
            onError: onError, cases: cases)
    }

    // MARK: Cases

    private mutating func testCase(_ node: YAMLNode) -> PipelineTestCase? {
        guard case .mapping = node.content else {
            errors.append(
                ConfigError(
                    "a case is a mapping with 'name', 'documents' and 'expect', not \(node.summary)",
                    at: node.location))
            return nil
        }
        let keys = mapping(node, keys: Self.caseKeys, place: "in a case")
        guard let nameNode = keys["name"] else {
            errors.append(ConfigError("this case has no 'name'", at: node.location))
            return nil
        }
        let name = string(nameNode, key: "name") ?? ""
        var documents: [Document] = []
        if let input = keys["documents"] {
            for (index, item) in list(input, key: "documents").enumerated() {
                if let document = inputDocument(item, number: index + 1) { documents.append(document) }
            }
        } else {
            errors.append(
                ConfigError(
                    "case '\(name)' has no 'documents'", at: node.location,
                    help: "documents: [{text: \"Some text.\"}]"))
        }
        var sinks: [SinkExpectation] = []
        if let expect = keys["expect"] {
            if case .mapping(let pairs) = expect.content {
                for pair in pairs {
                    guard let id = string(pair.key, key: "expect") else { continue }
                    sinks.append(sinkExpectation(id: id, pair.value, at: pair.key.location))
                }
            } else {
                errors.append(
                    ConfigError(
                        "'expect' is a mapping of sink ids to what each must receive, not \(expect.summary)",
                        at: expect.location))
            }
        }
        let error = keys["error"].flatMap { string($0, key: "error") }
        if sinks.isEmpty, keys["dropped"] == nil, keys["failed"] == nil, error == nil {
            errors.append(
                ConfigError(
                    "case '\(name)' expects nothing", at: node.location,
                    help: "add 'expect:' with what a sink must receive, or 'dropped', 'failed' or 'error'"))
        }
        return PipelineTestCase(
            name: name, location: node.location, documents: documents, sinks: sinks,
            dropped: keys["dropped"].flatMap { count($0, key: "dropped", minimum: 0) },
            failed: keys["failed"].flatMap { count($0, key: "failed", minimum: 0) }, error: error)
    }

    /// A document given inline (`text:`) or read from a file (`file:`, relative to the test file;
    /// the document's id is the file's name and its source the path as written, so a case gives the
    /// same records from any working directory).
    private mutating func inputDocument(_ node: YAMLNode, number: Int) -> Document? {
        guard case .mapping = node.content else {
            errors.append(
                ConfigError(
                    "a document is a mapping with 'text' or 'file', not \(node.summary)", at: node.location,
                    help: node.scalarText.map { "write '- text: \($0)'" }))
            return nil
        }
        let keys = mapping(node, keys: Self.inputKeys, place: "in a document")
        var document: Document
        switch (keys["text"], keys["file"]) {
        case (let text?, nil):
            document = Document(id: "doc-\(number)", text: string(text, key: "text") ?? "")
        case (nil, let path?):
            guard let name = string(path, key: "file") else { return nil }
            let resolved = Paths.resolve(name, against: baseDirectory)
            guard let data = FileManager.default.contents(atPath: resolved) else {
                errors.append(
                    ConfigError(
                        "cannot read '\(name)' (looked for \(Paths.display(resolved)))", at: path.location,
                        length: path.summaryLength))
                return nil
            }
            guard UTF8Check.firstInvalidByte(in: data) == nil else {
                errors.append(ConfigError("'\(name)' is not valid UTF-8", at: path.location))
                return nil
            }
            document = Document(
                id: String(resolved.split(separator: "/").last ?? ""), source: name,
                text: String(decoding: data, as: UTF8.self))
        case (_?, let path?):
            errors.append(ConfigError("a document has 'text' or 'file', not both", at: path.location))
            return nil
        case (nil, nil):
            errors.append(ConfigError("this document has no 'text' and no 'file'", at: node.location))
            return nil
        }
        if let id = keys["id"] { document.id = string(id, key: "id") ?? document.id }
        if let source = keys["source"] { document.source = string(source, key: "source") ?? document.source }
        if let title = keys["title"] { document.metadata.title = string(title, key: "title") }
        if let date = keys["date"] { document.metadata.date = string(date, key: "date") }
        if let metadata = keys["metadata"] {
            var extra = object(metadata, key: "metadata")
            document.metadata.author = extra.removeValue(forKey: "author")?.stringValue
            document.metadata.language = extra.removeValue(forKey: "language")?.stringValue
            document.metadata.extra = extra
        }
        if let fields = keys["fields"] { document.fields = object(fields, key: "fields") }
        return document
    }

    private mutating func sinkExpectation(id: String, _ node: YAMLNode, at location: SourceLocation)
        -> SinkExpectation
    {
        var expectation = SinkExpectation(id: id, location: location)
        let keys = mapping(node, keys: Self.sinkKeys, place: "for sink '\(id)'")
        if keys.isEmpty, case .mapping = node.content {
            errors.append(
                ConfigError("sink '\(id)' expects nothing", at: node.location, help: "add 'count' or 'documents'"))
        }
        expectation.count = keys["count"].flatMap { count($0, key: "count", minimum: 0) }
        if let documents = keys["documents"] {
            expectation.documents = list(documents, key: "documents").map { item in
                guard case .mapping(let pairs) = item.content else {
                    errors.append(
                        ConfigError(
                            "an expected document is a mapping of JSON Lines fields, not \(item.summary)",
                            at: item.location))
                    return .null
                }
                for pair in pairs {
                    guard let key = pair.key.scalarText, !Self.recordKeys.contains(key) else { continue }
                    errors.append(
                        ConfigError(
                            "unknown field '\(key)' in an expected document", at: pair.key.location, length: key.count,
                            help: Suggestion.hint(for: key, in: Self.recordKeys)
                                ?? "a record has \(Self.recordKeys.joined(separator: ", "))"))
                }
                return item.jsonValue
            }
        }
        return expectation
    }

    // MARK: Values

    /// The pairs of a mapping, checking keys against `keys` (any key when `nil`).
    private mutating func mapping(_ node: YAMLNode, keys allowed: [String]?, place: String) -> [String: YAMLNode] {
        guard case .mapping(let pairs) = node.content else {
            if !node.isNull {
                errors.append(
                    ConfigError(
                        "expected a mapping, not \(node.summary)", at: node.location, length: node.summaryLength))
            }
            return [:]
        }
        var values: [String: YAMLNode] = [:]
        for pair in pairs {
            guard let key = pair.key.scalarText else {
                errors.append(ConfigError("a key must be a plain name", at: pair.key.location))
                continue
            }
            if let allowed, !allowed.contains(key) {
                errors.append(
                    ConfigError(
                        "unknown key '\(key)' \(place)", at: pair.key.location, length: key.count,
                        help: Suggestion.hint(for: key, in: allowed) ?? "expected \(allowed.joined(separator: ", "))"))
                continue
            }
            values[key] = pair.value
        }
        return values
    }

    private mutating func list(_ node: YAMLNode, key: String) -> [YAMLNode] {
        if node.isNull { return [] }
        guard case .sequence(let items) = node.content else {
            errors.append(
                ConfigError(
                    "'\(key)' expects a list (lines starting with '- '), not \(node.summary)", at: node.location,
                    length: node.summaryLength))
            return []
        }
        return items
    }

    private mutating func string(_ node: YAMLNode, key: String) -> String? {
        guard let text = node.scalarText else {
            errors.append(
                ConfigError(
                    "'\(key)' expects a string, not \(node.summary)", at: node.location, length: node.summaryLength))
            return nil
        }
        return text
    }

    private mutating func count(_ node: YAMLNode, key: String, minimum: Int) -> Int? {
        guard case .int(let number) = node.scalarValue, number >= minimum else {
            errors.append(
                ConfigError(
                    "'\(key)' expects a whole number of at least \(minimum), not \(node.summary)", at: node.location,
                    length: node.summaryLength))
            return nil
        }
        return number
    }

    private mutating func object(_ node: YAMLNode, key: String) -> [String: JSONValue] {
        guard case .object(let members) = node.jsonValue else {
            errors.append(ConfigError("'\(key)' expects a mapping, not \(node.summary)", at: node.location))
            return [:]
        }
        return members
    }
}
