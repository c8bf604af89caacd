import Testing

@testable import PipeKit

struct PipelineLoaderTests {
    let loader = PipelineLoader(
        registry: TestStages.registry, interpolation: Interpolation(environment: ["LEVEL": "7"]))

    func load(_ text: String) throws -> Pipeline {
        try loader.load(text: text, file: "p.yaml", baseDirectory: "/srv/pipelines")
    }

    /// Every error message the file produces, rendered as `pipe validate` prints them.
    func errors(_ text: String) -> String {
        do {
            _ = try load(text)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test func loadsAValidPipelineWithDefaultsAndResolvedPaths() throws {
        let pipeline = try load(
            """
            name: demo
            concurrency: 3
            ordered: false
            on_error: skip
            dead_letter: out/failed.jsonl
            reader:
              type: memory
              texts: [a, b]
            stages:
              - type: tag
                id: first
                label: x
                file: ../data/names.txt
              - type: tag
                label: y
            sinks:
              - type: memory
            """)
        #expect(pipeline.name == "demo")
        #expect(
            pipeline.settings
                == RunSettings(
                    concurrency: 3, ordered: false, onError: .skip,
                    deadLetter: "/srv/pipelines/out/failed.jsonl"))
        #expect(pipeline.readers.map(\.id) == ["memory"])
        #expect(pipeline.transformers.map(\.id) == ["first", "tag"])
        #expect(pipeline.sinks.map(\.type) == ["memory"])
    }

    @Test func readersRunInTheOrderListedAndMergeKeysShareSettings() throws {
        let pipeline = try load(
            """
            readers:
              - {type: memory, texts: [a]}
              - {type: memory, id: second, texts: [b]}
            stages:
              - &tagged {type: tag, id: first, label: x, count: 5}
              - <<: *tagged
                id: again
            sinks: [{type: memory}]
            """)
        #expect(pipeline.readers.map(\.id) == ["memory", "second"])
        #expect(pipeline.transformers.map(\.id) == ["first", "again"])
    }

    @Test func nameDefaultsToTheFileName() throws {
        let pipeline = try load("reader: {type: memory, texts: [a]}\nsinks: [{type: memory}]")
        #expect(pipeline.name == "p")
        #expect(pipeline.settings == RunSettings())
    }

    @Test func repeatedTypesGetNumberedIDs() throws {
        let pipeline = try load(
            """
            reader: {type: memory, texts: [a]}
            stages: [{type: tag, label: a}, {type: tag, label: b}, {type: tag, label: c}]
            sinks: [{type: memory}]
            """)
        #expect(pipeline.transformers.map(\.id) == ["tag", "tag-2", "tag-3"])
    }

    @Test func unknownOptionSuggestsNearestName() {
        #expect(
            errors(
                """
                reader: {type: memory, texts: [a]}
                stages:
                  - type: tag
                    lable: x
                    label: y
                sinks: [{type: memory}]
                """) == """
                    p.yaml:4:5: error: unknown option 'lable' for stage 'tag'
                      lable: x
                      ^~~~~
                    did you mean 'label'?
                    """)
    }

    @Test func aStageWhoseNeedsAreUnmetNamesTheStageThatProvidesThem() {
        #expect(
            errors(
                """
                reader: {type: memory, texts: [a]}
                stages:
                  - type: summarize
                sinks: [{type: memory}]
                """) == """
                    p.yaml:3:5: error: stage 'summarize' needs sentences, which no earlier stage provides
                      - type: summarize
                        ^
                    add '- type: split-sentences' before it
                    """)
    }

    @Test func aSinkMayNeedWhatTheChainProvides() throws {
        #expect(
            errors(
                """
                reader: {type: memory, texts: [a]}
                stages: [{type: split-sentences}, {type: summarize}]
                sinks: [{type: report}]
                """) == "no error")
        #expect(
            errors(
                """
                reader: {type: memory, texts: [a]}
                sinks: [{type: report}]
                """
            ).hasPrefix("p.yaml:2:9: error: sink 'report' needs summary, which no stage provides"))
    }

    @Test func aStageOfAnotherKindIsPointedToItsSection() {
        #expect(
            errors(
                """
                reader: {type: memory, texts: [a]}
                stages:
                  - type: report
                sinks: [{type: memory}]
                """) == """
                    p.yaml:3:11: error: unknown transformer type 'report'
                      - type: report
                              ^~~~~~
                    'report' is a sink; put it under 'sinks'
                    """)
    }

    @Test(arguments: [
        ("count: three", "p.yaml:4:12: error: option 'count' of stage 'tag' expects an integer, not 'three'"),
        ("count: 0", "p.yaml:4:12: error: option 'count' of stage 'tag' must be at least 1"),
        ("count: \"3\"", "p.yaml:4:12: error: option 'count' of stage 'tag' expects an integer, not '3'"),
        ("enabled: yes", "p.yaml:4:14: error: option 'enabled' of stage 'tag' expects true or false, not 'yes'"),
        ("mode: fats", "p.yaml:4:11: error: option 'mode' of stage 'tag' expects one of 'fast', 'slow', not 'fats'"),
        ("ratio: [1]", "p.yaml:4:12: error: option 'ratio' of stage 'tag' expects a number, not a list"),
        ("label: {a: 1}", "p.yaml:4:12: error: option 'label' of stage 'tag' expects a string, not a mapping"),
    ])
    func wrongTypesAreErrorsAtTheValue(line: String, expected: String) {
        let message = errors(
            """
            reader: {type: memory, texts: [a]}
            stages:
              - type: tag
                \(line)
                label: x
            sinks: [{type: memory}]
            """.replacingOccurrences(of: "    label: x\n", with: line.hasPrefix("label") ? "" : "    label: x\n"))
        #expect(message.split(separator: "\n").first.map(String.init) == expected)
    }

    @Test func missingRequiredOptionShowsHowToWriteIt() {
        #expect(
            errors(
                """
                reader: {type: memory, texts: [a]}
                stages:
                  - type: tag
                sinks: [{type: memory}]
                """) == """
                    p.yaml:3:5: error: stage 'tag' needs option 'label'
                      - type: tag
                        ^
                    label: <string>  # The value.
                    """)
    }

    @Test func variablesTypeAfterInterpolation() throws {
        let pipeline = try loader.load(
            text: """
                vars: {n: 2}
                reader: {type: memory, texts: ["${n}"]}
                stages:
                  - type: tag
                    label: "${LEVEL}"
                    count: ${n}
                sinks: [{type: memory}]
                """, file: "p.yaml", baseDirectory: "/")
        #expect(pipeline.transformers.count == 1)
        #expect(
            errors(
                """
                reader: {type: memory, texts: [a]}
                stages: [{type: tag, label: x, count: "${LEVEL}"}]
                sinks: [{type: memory}]
                """
            ).hasPrefix("p.yaml:2:39: error: option 'count' of stage 'tag' expects an integer, not '7'"),
            "a quoted scalar stays a string after interpolation")
    }

    @Test func everyMistakeInAFileIsReported() {
        let message = errors(
            """
            nmae: x
            reader: {type: memory, texts: [a]}
            stages:
              - type: tagg
              - type: tag
                label: x
                cont: 2
            sinks: [{type: memory}]
            """)
        #expect(message.components(separatedBy: ": error: ").count - 1 == 3)
        #expect(message.contains("p.yaml:1:1: error: unknown top-level key 'nmae'"))
        #expect(message.contains("did you mean 'name'?"))
        #expect(message.contains("p.yaml:4:11: error: unknown transformer type 'tagg'"))
        #expect(message.contains("p.yaml:7:5: error: unknown option 'cont' for stage 'tag'"))
    }

    @Test func duplicateIDsAreErrors() {
        #expect(
            errors(
                """
                reader: {type: memory, texts: [a]}
                stages: [{type: tag, label: x, id: same}]
                sinks: [{type: memory, id: same}]
                """
            ).hasPrefix("p.yaml:3:28: error: duplicate id 'same' (first used at line 2)"))
    }

    @Test func inputPathsNeedAReaderWithPaths() {
        let withInputs = PipelineLoader(registry: TestStages.registry, inputPaths: ["/tmp/a.txt"])
        #expect(throws: ConfigErrors.self) {
            try withInputs.load(
                text: "reader: {type: memory, texts: [a]}\nsinks: [{type: memory}]", file: "p.yaml",
                baseDirectory: "/")
        }
    }

    @Test func registryLaterRegistrationReplacesEarlier() {
        var registry = TestStages.registry
        registry.register(.sink("memory", summary: "Replaced.") { _, _ in MemorySink() })
        #expect(registry.declaration("memory", kind: .sink)?.summary == "Replaced.")
        #expect(registry.declaration("memory", kind: .reader)?.summary == "Texts from the file.")
        #expect(registry.names(of: .transformer) == ["split-sentences", "summarize", "tag"])
    }
}
