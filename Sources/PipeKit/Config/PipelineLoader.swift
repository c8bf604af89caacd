internal import Foundation

/// Reads a pipeline file and checks everything that can be checked before a document moves:
/// syntax, variables, top-level keys, stage types, options, needs and provides, and each stage's
/// own construction. Every mistake becomes a `ConfigError` with its line and column.
public struct PipelineLoader: Sendable {
    /// The stage types the file may use.
    public var registry: StageRegistry
    /// `--var` values and the environment; the file's `vars:` are added as defaults.
    public var interpolation: Interpolation
    /// Paths from `--input`, already resolved against the working directory; they replace the
    /// `paths` option of every reader that has one.
    public var inputPaths: [String]?

    /// A loader for `registry`'s stages, with `${NAME}` values and, optionally, `--input` paths.
    public init(registry: StageRegistry, interpolation: Interpolation = Interpolation(), inputPaths: [String]? = nil) {
        self.registry = registry
        self.interpolation = interpolation
        self.inputPaths = inputPaths
    }

    /// Loads the pipeline file at `path` (as the user typed it; messages show it that way).
    public func load(file path: String) throws(ConfigErrors) -> Pipeline {
        let source = try ConfigFile(path: path, kind: "pipeline file")
        return try load(text: source.text, file: path, baseDirectory: source.baseDirectory)
    }

    /// Loads a pipeline from text; `file` names it in messages, `baseDirectory` anchors its paths.
    public func load(text: String, file: String, baseDirectory: String) throws(ConfigErrors) -> Pipeline {
        var validation = Validation(loader: self, file: file, baseDirectory: baseDirectory)
        let pipeline = validation.run(text: text)
        return try finish(pipeline, errors: validation.errors, text: text, file: file)
    }

    /// Loads a pipeline from a mapping already parsed out of a larger file (a pipeline written
    /// inline in a `pipe test` file); `text` is that file's text, for the lines quoted in messages.
    public func load(node: YAMLNode, text: String, file: String, baseDirectory: String) throws(ConfigErrors)
        -> Pipeline
    {
        var validation = Validation(loader: self, file: file, baseDirectory: baseDirectory)
        let pipeline = validation.run(root: node)
        return try finish(pipeline, errors: validation.errors, text: text, file: file)
    }

    /// The pipeline, or every error with the line it points into.
    private func finish(_ pipeline: Pipeline?, errors: [ConfigError], text: String, file: String)
        throws(ConfigErrors) -> Pipeline
    {
        let errors = Self.quoting(errors, text: text, file: file)
        guard errors.isEmpty, let pipeline else { throw ConfigErrors(errors) }
        return pipeline
    }

    /// The errors, each with the line of `text` it points into, to show under the message.
    static func quoting(_ errors: [ConfigError], text: String, file: String) -> [ConfigError] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return errors.map { error in
            var error = error
            if error.sourceLine == nil, let location = error.location, location.file == file,
                location.line >= 1, location.line <= lines.count
            {
                error.sourceLine = String(lines[location.line - 1]).replacingOccurrences(of: "\r", with: "")
            }
            return error
        }
    }
}

/// One pass over one pipeline file, collecting every mistake rather than stopping at the first.
private struct Validation {
    static let topLevelKeys = [
        "name", "description", "concurrency", "ordered", "on_error", "dead_letter", "vars",
        "reader", "readers", "stages", "sinks",
    ]

    let loader: PipelineLoader
    let file: String
    let baseDirectory: String
    var errors: [ConfigError] = []
    var usedIDs: [String: SourceLocation] = [:]
    var typeCounts: [String: Int] = [:]

    init(loader: PipelineLoader, file: String, baseDirectory: String) {
        self.loader = loader
        self.file = file
        self.baseDirectory = baseDirectory
    }

    mutating func run(text: String) -> Pipeline? {
        let parsed: YAMLNode?
        do {
            parsed = try YAMLLoader.load(text, file: file)
        } catch {
            errors.append(error)
            return nil
        }
        return run(root: parsed)
    }

    mutating func run(root parsed: YAMLNode?) -> Pipeline? {
        let start = SourceLocation(file: file, line: 1, column: 1)
        guard let root = parsed else {
            errors.append(
                ConfigError(
                    "the pipeline file is empty; it needs a 'reader' and 'sinks'", at: start,
                    help: "run 'pipe init' to write a starter pipeline"))
            return nil
        }
        guard case .mapping(let pairs) = root.content else {
            errors.append(
                ConfigError(
                    "a pipeline file is a mapping with 'reader', 'stages' and 'sinks', not \(root.summary)",
                    at: root.location, length: root.summaryLength))
            return nil
        }

        var interpolation = loader.interpolation
        if let vars = root.value(for: "vars") { interpolation.defaults = variables(vars) }
        var top: [String: YAMLNode] = [:]
        var keyLocations: [String: SourceLocation] = [:]
        // Keys whose value had an error already: not reported again as missing.
        var failedKeys: Set<String> = []
        for pair in pairs {
            guard let key = pair.key.scalarText else {
                errors.append(ConfigError("a top-level key must be a plain name", at: pair.key.location))
                continue
            }
            guard Self.topLevelKeys.contains(key) else {
                errors.append(
                    ConfigError(
                        "unknown top-level key '\(key)'", at: pair.key.location, length: key.count,
                        help: Suggestion.hint(for: key, in: Self.topLevelKeys)))
                continue
            }
            if key == "vars" { continue }
            keyLocations[key] = pair.key.location
            do {
                top[key] = try interpolate(pair.value, with: interpolation)
            } catch {
                errors.append(error)
                failedKeys.insert(key)
            }
        }

        let name =
            top["name"].flatMap { string($0, key: "name") }
            ?? URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let description = top["description"].flatMap { string($0, key: "description") }
        let settings = runSettings(top)

        let readerNodes =
            failedKeys.isDisjoint(with: ["reader", "readers"])
            ? readerList(top, root: root, keyLocations: keyLocations) : []
        let stageNodes = list(top["stages"], key: "stages")
        let sinkNodes = list(top["sinks"], key: "sinks")
        if failedKeys.contains("sinks") {
            // Its own error says what is wrong.
        } else if top["sinks"] == nil {
            errors.append(
                ConfigError(
                    "the pipeline has no sinks", at: root.location,
                    help: "add 'sinks:' with at least one sink, for example '- type: stdout'"))
        } else if let node = top["sinks"], sinkNodes.isEmpty, node.isNull || node.sequenceIsEmpty {
            errors.append(ConfigError("'sinks' is empty; a pipeline needs at least one sink", at: node.location))
        }

        let readers = readerNodes.compactMap { component($0, kind: .reader) }
        if loader.inputPaths != nil, !readers.isEmpty,
            !readers.contains(where: { $0.declaration.option(named: "paths") != nil })
        {
            errors.append(
                ConfigError(
                    "--input replaces a reader's 'paths', and reader '\(readers[0].id)' has none",
                    file: file))
        }
        let stages = stageNodes.compactMap { component($0, kind: .transformer) }
        let sinks = sinkNodes.compactMap { component($0, kind: .sink) }
        checkNeeds(readers: readers, stages: stages, sinks: sinks)
        guard errors.isEmpty else { return nil }

        let context = BuildContext(pipelineName: name, baseDirectory: baseDirectory)
        var builtReaders: [Stage<any Reader>] = []
        var builtTransformers: [Stage<any Transformer>] = []
        var builtSinks: [Stage<SinkBox>] = []
        for item in readers + stages + sinks {
            do {
                switch item.declaration.factory {
                case .reader(let make):
                    builtReaders.append(item.stage(try make(item.options, context)))
                case .transformer(let make):
                    builtTransformers.append(item.stage(try make(item.options, context)))
                case .sink(let make):
                    builtSinks.append(item.stage(SinkBox(try make(item.options, context))))
                }
            } catch let error as ConfigError {
                errors.append(error)
            } catch {
                errors.append(ConfigError("stage '\(item.id)' could not be built: \(error)", at: item.location))
            }
        }
        guard errors.isEmpty else { return nil }
        return Pipeline(
            name: name, description: description, file: file, settings: settings,
            readers: builtReaders, transformers: builtTransformers, sinks: builtSinks)
    }

    // MARK: Top level

    private mutating func variables(_ node: YAMLNode) -> [String: String] {
        guard case .mapping(let pairs) = node.content else {
            if !node.isNull {
                errors.append(
                    ConfigError(
                        "'vars' expects a mapping of names to values, not \(node.summary)",
                        at: node.location, length: node.summaryLength))
            }
            return [:]
        }
        var values: [String: String] = [:]
        for pair in pairs {
            guard let name = pair.key.scalarText, let value = pair.value.scalarText ?? (pair.value.isNull ? "" : nil)
            else {
                errors.append(ConfigError("each entry of 'vars' is a name and a plain value", at: pair.value.location))
                continue
            }
            values[name] = value
        }
        return values
    }

    private func interpolate(_ node: YAMLNode, with interpolation: Interpolation) throws(ConfigError) -> YAMLNode {
        var node = node
        switch node.content {
        case .scalar(var scalar):
            var start = node.location
            if scalar.style == .singleQuoted || scalar.style == .doubleQuoted { start.column += 1 }
            scalar.text = try interpolation.apply(to: scalar.text, at: start)
            node.content = .scalar(scalar)
        case .sequence(let items):
            var out: [YAMLNode] = []
            for item in items { out.append(try interpolate(item, with: interpolation)) }
            node.content = .sequence(out)
        case .mapping(let pairs):
            var out: [YAMLPair] = []
            for pair in pairs {
                out.append(YAMLPair(key: pair.key, value: try interpolate(pair.value, with: interpolation)))
            }
            node.content = .mapping(out)
        }
        return node
    }

    private mutating func string(_ node: YAMLNode, key: String) -> String? {
        if node.isNull { return nil }
        guard let text = node.scalarText else {
            errors.append(ConfigError("'\(key)' expects a string, not \(node.summary)", at: node.location))
            return nil
        }
        return text
    }

    private mutating func runSettings(_ top: [String: YAMLNode]) -> RunSettings {
        var settings = RunSettings()
        if let node = top["concurrency"], !node.isNull {
            switch node.scalarValue {
            case .int(let count) where count >= 1: settings.concurrency = count
            case .string("auto"): settings.concurrency = nil
            default:
                errors.append(
                    ConfigError(
                        "'concurrency' expects 'auto' or a whole number of at least 1, not \(node.summary)",
                        at: node.location, length: node.summaryLength))
            }
        }
        if let node = top["ordered"], !node.isNull {
            if case .bool(let flag) = node.scalarValue {
                settings.ordered = flag
            } else {
                errors.append(
                    ConfigError(
                        "'ordered' expects true or false, not \(node.summary)", at: node.location,
                        length: node.summaryLength))
            }
        }
        if let node = top["on_error"], !node.isNull {
            let words = RunSettings.ErrorPolicy.allCases.map(\.rawValue)
            if let text = node.scalarText, let policy = RunSettings.ErrorPolicy(rawValue: text) {
                settings.onError = policy
            } else {
                errors.append(
                    ConfigError(
                        "'on_error' expects 'fail' or 'skip', not \(node.summary)", at: node.location,
                        length: node.summaryLength,
                        help: node.scalarText.flatMap { Suggestion.hint(for: $0, in: words) }))
            }
        }
        if let node = top["dead_letter"], !node.isNull {
            if let text = node.scalarText, !text.isEmpty {
                settings.deadLetter = Paths.resolve(text, against: baseDirectory)
            } else {
                errors.append(ConfigError("'dead_letter' expects a file path, not \(node.summary)", at: node.location))
            }
        }
        return settings
    }

    private mutating func readerList(
        _ top: [String: YAMLNode], root: YAMLNode,
        keyLocations: [String: SourceLocation]
    ) -> [YAMLNode] {
        switch (top["reader"], top["readers"]) {
        case (let single?, nil):
            return [single]
        case (nil, let many?):
            let items = list(many, key: "readers")
            if items.isEmpty, many.isNull || many.sequenceIsEmpty {
                errors.append(ConfigError("'readers' is empty; a pipeline needs a reader", at: many.location))
            }
            return items
        case (_?, let many?):
            let single = keyLocations["reader"]?.line ?? many.location.line
            errors.append(
                ConfigError(
                    "'reader' (line \(single)) and 'readers' are both set",
                    at: keyLocations["readers"] ?? many.location, length: "readers".count,
                    help: "use 'reader:' for one reader, or 'readers:' for a list"))
            return []
        case (nil, nil):
            errors.append(
                ConfigError(
                    "the pipeline has no reader", at: root.location,
                    help: "add 'reader:' with a 'type', for example 'type: files'"))
            return []
        }
    }

    private mutating func list(_ node: YAMLNode?, key: String) -> [YAMLNode] {
        guard let node, !node.isNull else { return [] }
        guard case .sequence(let items) = node.content else {
            errors.append(
                ConfigError(
                    "'\(key)' expects a list of stages (lines starting with '- type:'), not \(node.summary)",
                    at: node.location, length: node.summaryLength))
            return []
        }
        return items
    }

    // MARK: Components

    struct Component {
        var declaration: StageDeclaration
        var id: String
        var options: StageOptions
        var location: SourceLocation

        func stage<Instance>(_ instance: Instance) -> Stage<Instance> {
            Stage(id: id, type: declaration.name, instance: instance, location: location)
        }
    }

    private mutating func component(_ node: YAMLNode, kind: StageKind) -> Component? {
        let what = kind == .transformer ? "stage" : kind.rawValue
        guard case .mapping(let pairs) = node.content else {
            errors.append(
                ConfigError(
                    "a \(what) is a mapping with a 'type', not \(node.summary)", at: node.location,
                    length: node.summaryLength,
                    help: node.scalarText.map { "write '\(kind == .reader ? "" : "- ")type: \($0)'" }))
            return nil
        }
        guard let typeNode = node.value(for: "type") else {
            errors.append(
                ConfigError(
                    "this \(what) has no 'type'", at: node.location,
                    help: "known \(kind.plural): \(loader.registry.names(of: kind).joined(separator: ", "))"))
            return nil
        }
        guard let type = typeNode.scalarText else {
            errors.append(ConfigError("'type' expects a stage name, not \(typeNode.summary)", at: typeNode.location))
            return nil
        }
        guard let declaration = loader.registry.declaration(type, kind: kind) else {
            var help = Suggestion.hint(for: type, in: loader.registry.names(of: kind))
            if let other = loader.registry.declarations(named: type).first {
                help = "'\(type)' is a \(other.kind.rawValue); put it under '\(Self.section(of: other.kind))'"
            }
            errors.append(
                ConfigError(
                    "unknown \(kind.rawValue) type '\(type)'", at: typeNode.location,
                    length: typeNode.summaryLength,
                    help: help ?? "see 'pipe list' for the known \(kind.plural)"))
            return nil
        }

        var id = declaration.name
        if let idNode = node.value(for: "id") {
            if let text = idNode.scalarText, !text.isEmpty {
                id = text
                if let first = usedIDs[text] {
                    errors.append(
                        ConfigError(
                            "duplicate id '\(text)' (first used at line \(first.line))",
                            at: idNode.location, length: idNode.summaryLength))
                }
                usedIDs[text] = usedIDs[text] ?? idNode.location
            } else {
                errors.append(ConfigError("'id' expects a name, not \(idNode.summary)", at: idNode.location))
            }
        } else {
            let count = typeCounts[declaration.name, default: 0] + 1
            typeCounts[declaration.name] = count
            if count > 1 { id = "\(declaration.name)-\(count)" }
        }

        var values: [String: JSONValue] = [:]
        var locations: [String: SourceLocation] = [:]
        for pair in pairs {
            guard let key = pair.key.scalarText else {
                errors.append(ConfigError("an option name must be a plain name", at: pair.key.location))
                continue
            }
            if key == "type" || key == "id" { continue }
            guard let spec = declaration.option(named: key) else {
                let names = declaration.options.map(\.name)
                errors.append(
                    ConfigError(
                        "unknown option '\(key)' for \(kind == .transformer ? "stage" : kind.rawValue) '\(declaration.name)'",
                        at: pair.key.location, length: key.count,
                        help: Suggestion.hint(for: key, in: names)
                            ?? (names.isEmpty
                                ? "'\(declaration.name)' takes no options"
                                : "its options are: \(names.joined(separator: ", "))")))
                continue
            }
            if pair.value.isNull { continue }
            switch OptionConversion.convert(pair.value, to: spec, stage: declaration.name, baseDirectory: baseDirectory)
            {
            case .success(let converted):
                values[key] = converted
                locations[key] = pair.value.location
            case .failure(let error):
                errors.append(error)
            }
        }
        if kind == .reader, let inputs = loader.inputPaths, let spec = declaration.option(named: "paths") {
            values[spec.name] = spec.type == .path ? .string(inputs.first ?? "-") : .array(inputs.map(JSONValue.string))
        }
        for spec in declaration.options where values[spec.name] == nil {
            if let fallback = spec.defaultValue {
                values[spec.name] =
                    spec.type == .path || spec.type == .paths
                    ? resolvedDefault(fallback) : fallback
            } else if spec.isRequired {
                errors.append(
                    ConfigError(
                        "\(what) '\(declaration.name)' needs option '\(spec.name)'", at: node.location,
                        help: "\(spec.name): <\(spec.type.name)>  # \(spec.help)"))
            }
        }
        let options = StageOptions(
            stageType: declaration.name, stageID: id, location: node.location,
            values: values, locations: locations)
        return Component(declaration: declaration, id: id, options: options, location: node.location)
    }

    private func resolvedDefault(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let path): .string(Paths.resolve(path, against: baseDirectory))
        case .array(let items): .array(items.map(resolvedDefault))
        default: value
        }
    }

    private static func section(of kind: StageKind) -> String {
        switch kind {
        case .reader: "reader"
        case .transformer: "stages"
        case .sink: "sinks"
        }
    }

    /// Each stage's needs must be met by an earlier stage; sinks may use anything the chain provides.
    private mutating func checkNeeds(readers: [Component], stages: [Component], sinks: [Component]) {
        var provided = Set(readers.flatMap(\.declaration.provides))
        func suggestion(for need: String) -> String? {
            loader.registry.all.first { $0.kind == .transformer && $0.provides.contains(need) }.map(\.name)
        }
        for stage in stages {
            for need in stage.declaration.needs where !provided.contains(need) {
                errors.append(
                    ConfigError(
                        "stage '\(stage.id)' needs \(need), which no earlier stage provides", at: stage.location,
                        help: suggestion(for: need).map { "add '- type: \($0)' before it" }))
            }
            provided.formUnion(stage.declaration.provides)
        }
        for sink in sinks {
            for need in sink.declaration.needs where !provided.contains(need) {
                errors.append(
                    ConfigError(
                        "sink '\(sink.id)' needs \(need), which no stage provides", at: sink.location,
                        help: suggestion(for: need).map { "add '- type: \($0)' to 'stages'" }))
            }
        }
    }
}
