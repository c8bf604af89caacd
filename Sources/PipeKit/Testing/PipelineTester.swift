internal import Foundation

/// Runs the cases of a `pipe test` file: the pipeline loads once, then each case replaces its
/// reader with the case's documents and its sinks with `MemorySink`s (keeping their ids), runs,
/// and compares what every sink received, as JSON Lines records, with what the case expects.
///
/// Runs are `ordered` and write no dead-letter file, whatever the pipeline says, so a case sees
/// the same documents in the same order every time.
public struct PipelineTester: Sendable {
    /// The stages a test file may use: the executable's registry.
    public var registry: StageRegistry
    /// `--var` values; they win over the test file's `vars:`.
    public var variables: [String: String]
    /// The environment, for `${NAME}` after the variables.
    public var environment: [String: String]

    /// The id of the one sink that inline `stages:` write to.
    public static let inlineSink = "output"

    /// A tester for the stages of `registry`; `variables` and `environment` fill the pipeline's `${NAME}`.
    public init(registry: StageRegistry, variables: [String: String] = [:], environment: [String: String] = [:]) {
        self.registry = registry
        self.variables = variables
        self.environment = environment
    }

    /// Loads the suite's pipeline and checks that every sink a case names exists; the mistakes are
    /// configuration errors, like the test file's own.
    public func load(_ suite: PipelineTestSuite) throws(ConfigErrors) -> Pipeline {
        let loader = PipelineLoader(
            registry: registry.adding(Self.standIns),
            interpolation: Interpolation(
                arguments: suite.variables.merging(variables) { _, new in new }, environment: environment))
        var pipeline: Pipeline
        switch suite.subject {
        case .file(let path, let location):
            guard FileManager.default.fileExists(atPath: path) else {
                throw ConfigErrors(
                    PipelineLoader.quoting(
                        [ConfigError("no pipeline file at \(Paths.display(path))", at: location)], text: suite.text,
                        file: suite.file))
            }
            pipeline = try loader.load(file: Paths.display(path))
        case .stages(let stages):
            pipeline = try loader.load(
                node: Self.inlinePipeline(stages, name: suite.file), text: suite.text, file: suite.file,
                baseDirectory: Paths.directory(of: Paths.resolve(suite.file, against: Paths.current)))
        }
        let ids = pipeline.sinks.map(\.id)
        var errors: [ConfigError] = []
        for testCase in suite.cases {
            for sink in testCase.sinks where !ids.contains(sink.id) {
                errors.append(
                    ConfigError(
                        "the pipeline has no sink '\(sink.id)'", at: sink.location, length: sink.id.count,
                        help: Suggestion.hint(for: sink.id, in: ids) ?? "its sinks are: \(ids.joined(separator: ", "))"
                    ))
            }
        }
        guard errors.isEmpty else {
            throw ConfigErrors(PipelineLoader.quoting(errors, text: suite.text, file: suite.file))
        }
        if let concurrency = suite.concurrency { pipeline.settings.concurrency = concurrency }
        if let onError = suite.onError { pipeline.settings.onError = onError }
        pipeline.settings.ordered = true
        pipeline.settings.deadLetter = nil
        return pipeline
    }

    /// Runs one case on a pipeline from `load`.
    public func run(_ testCase: PipelineTestCase, on pipeline: Pipeline) -> PipelineTestResult {
        var pipeline = pipeline
        pipeline.readers = [
            Stage(
                id: pipeline.readers.first?.id ?? "input", type: "memory", instance: MemoryReader(testCase.documents))
        ]
        let sinks = pipeline.sinks.map { _ in MemorySink() }
        pipeline.sinks = zip(pipeline.sinks, sinks).map { stage, sink in
            Stage(id: stage.id, type: stage.type, instance: SinkBox(sink), location: stage.location)
        }
        let workers = pipeline.settings.concurrency ?? ProcessInfo.processInfo.activeProcessorCount
        let report = PipelineRunner(pipeline: pipeline, options: RunOptions(concurrency: workers)).run()

        var problems: [PipelineTestResult.Problem] = []
        switch (report.outcome, testCase.error) {
        case (.failed(let error), let expected?) where error.description.contains(expected):
            break
        case (.failed(let error), let expected):
            problems.append(
                .init(
                    subject: "run", path: "",
                    expected: expected.map { "fails with \($0.debugDescription)" } ?? "completes",
                    actual: "fails: \(error)"))
        case (_, let expected?):
            problems.append(
                .init(
                    subject: "run", path: "", expected: "fails with \(expected.debugDescription)", actual: "completes"))
        case (_, nil):
            break
        }
        if let dropped = testCase.dropped, dropped != report.documentsDropped {
            problems.append(
                .init(subject: "run", path: "dropped", expected: "\(dropped)", actual: "\(report.documentsDropped)"))
        }
        if let failed = testCase.failed, failed != report.documentsFailed {
            problems.append(
                .init(subject: "run", path: "failed", expected: "\(failed)", actual: "\(report.documentsFailed)"))
        }
        for expectation in testCase.sinks {
            guard let index = pipeline.sinks.firstIndex(where: { $0.id == expectation.id }) else { continue }
            problems += Self.compare(sinks[index].documents, with: expectation)
        }
        return PipelineTestResult(name: testCase.name, location: testCase.location, problems: problems)
    }

    private static func compare(_ received: [Document], with expectation: SinkExpectation)
        -> [PipelineTestResult.Problem]
    {
        let subject = "sink '\(expectation.id)'"
        var problems: [PipelineTestResult.Problem] = []
        let ids = received.map { "'\($0.id)'" }.joined(separator: ", ")
        let countLine = "\(received.count) document\(received.count == 1 ? "" : "s")" + (ids.isEmpty ? "" : ": \(ids)")
        if let count = expectation.count, count != received.count {
            problems.append(.init(subject: subject, path: "count", expected: "\(count)", actual: countLine))
        }
        guard let expected = expectation.documents else { return problems }
        if expected.count != received.count, expectation.count == nil || expectation.count == expected.count {
            problems.append(.init(subject: subject, path: "count", expected: "\(expected.count)", actual: countLine))
        }
        for (index, (want, document)) in zip(expected, received).enumerated() {
            var writer = JSONWriter()
            document.writeJSON(to: &writer)
            let record = try? JSONParser.parse(writer.bytes)
            for difference in JSONExpectation.differences(expected: want, actual: record) {
                problems.append(
                    .init(
                        subject: "\(subject), document \(index + 1) ('\(document.id)')", path: difference.path,
                        expected: difference.expected, actual: difference.actual))
            }
        }
        return problems
    }

    /// The mapping a pipeline file would hold for inline `stages:`: a stand-in reader, the stages,
    /// and one stand-in sink named `output`; `run` replaces both stand-ins.
    private static func inlinePipeline(_ stages: YAMLNode, name: String) -> YAMLNode {
        let at = stages.location
        func scalar(_ text: String) -> YAMLNode { YAMLNode(.scalar(YAMLScalar(text: text)), at: at) }
        func mapping(_ pairs: KeyValuePairs<String, YAMLNode>) -> YAMLNode {
            YAMLNode(.mapping(pairs.map { YAMLPair(key: scalar($0.key), value: $0.value) }), at: at)
        }
        let stem = name.split(separator: "/").last.map { String($0.split(separator: ".").first ?? $0) } ?? name
        return mapping([
            "name": YAMLNode(.scalar(YAMLScalar(text: stem, style: .doubleQuoted)), at: at),
            "reader": mapping(["type": scalar(standInReader)]),
            "stages": stages,
            "sinks": YAMLNode(.sequence([mapping(["type": scalar(standInSink), "id": scalar(inlineSink)])]), at: at),
        ])
    }

    private static let standInReader = "pipe-test-input"
    private static let standInSink = "pipe-test-output"

    /// The stand-ins inline stages are loaded between.
    private static let standIns = [
        StageDeclaration.reader(standInReader, summary: "The documents of a test case.") { _, _ in MemoryReader([]) },
        StageDeclaration.sink(standInSink, summary: "What a test case receives.") { _, _ in MemorySink() },
    ]
}

/// How one case went: passed, or every way it did not.
public struct PipelineTestResult: Sendable {
    /// One expectation not met.
    public struct Problem: Sendable, Equatable {
        /// What was checked: `run`, `sink 'jsonl'`, `sink 'jsonl', document 2 ('seed.txt')`.
        public var subject: String
        /// Where in it: `count`, `entities[0].label`; empty for the subject itself.
        public var path: String
        /// The expected value, as JSON or in words.
        public var expected: String
        /// What the run gave, as JSON or in words; `absent` for a missing member.
        public var actual: String
    }

    /// The case's name.
    public var name: String
    /// Where the case starts in the test file.
    public var location: SourceLocation
    /// Every expectation not met; empty when the case passed.
    public var problems: [Problem]

    /// Whether every expectation was met.
    public var passed: Bool { problems.isEmpty }
}

extension StageRegistry {
    /// This registry with more declarations; an existing name of the same kind is kept.
    fileprivate func adding(_ more: [StageDeclaration]) -> StageRegistry {
        var registry = self
        for declaration in more where self.declaration(declaration.name, kind: declaration.kind) == nil {
            registry.register(declaration)
        }
        return registry
    }
}
