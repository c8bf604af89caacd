import Foundation
import PipeKit
import Synchronization
import Testing

@testable import BuiltinStages

/// The `entities` stage: its options (labels, patterns, gazetteers, ignore, min_confidence) as a
/// pipeline file gives them, and the mistakes it reports with their place in the file.
struct EntitiesTransformerTests {
    /// Runs `text` through parse and an entities stage configured by `options` (YAML lines under it),
    /// in `folder`; returns "LABEL text" for each entity.
    func entities(_ text: String, options: String = "", in folder: TemporaryFolder? = nil) throws -> [String] {
        let folder = try folder ?? TemporaryFolder()
        let yaml = """
            reader: {type: text, text: unused}
            stages:
              - type: parse
              - type: entities
            \(options)
            sinks: [{type: jsonl}]
            """
        var pipeline = try PipelineLoader(registry: .builtin).load(
            text: yaml, file: "test.yaml", baseDirectory: folder.path)
        let sink = MemorySink()
        pipeline.readers = [
            Stage(id: "memory", type: "memory", instance: MemoryReader([Document(id: "d", text: text)]))
        ]
        pipeline.sinks = [Stage(id: "memory", type: "memory", instance: SinkBox(sink))]
        let report = PipelineRunner(pipeline: pipeline, options: RunOptions(concurrency: 1)).run()
        #expect(report.documentsFailed == 0)
        let document = try #require(sink.documents.first)
        return (document.entities ?? []).map { "\($0.label) \(document[$0.span])" }
    }

    func loadError(_ options: String, in folder: TemporaryFolder? = nil) throws -> String {
        let folder = try folder ?? TemporaryFolder()
        let yaml = """
            reader: {type: text, text: unused}
            stages:
              - type: parse
              - type: entities
            \(options)
            sinks: [{type: jsonl}]
            """
        do {
            _ = try PipelineLoader(registry: .builtin).load(text: yaml, file: "test.yaml", baseDirectory: folder.path)
        } catch {
            return error.description
        }
        Issue.record("expected a configuration error")
        return ""
    }

    static let text = "Zelensky met Acme Widgets staff in Paris on Monday, then Breaking News aired at 3 p.m."

    @Test func withoutOptionsEveryLabelIsFound() throws {
        #expect(
            try entities(Self.text) == [
                "PERSON Zelensky", "LOC Paris", "DATE Monday", "ORG Breaking News", "TIME 3 p.m.",
            ])
        // "Acme Widgets" is two common words: nothing says it is a name until a pattern does.
    }

    @Test func patternsWinIgnoredPhrasesVanishAndLabelsKeepASubset() throws {
        let options = """
                labels: [ORG, LOC, PERSON]
                patterns:
                  - {label: ORG, phrase: "acme widgets", case: insensitive}
                  - {label: LOC, tokens: ["Zelensky"]}
                ignore: ["breaking news"]
            """
        #expect(try entities(Self.text, options: options) == ["LOC Zelensky", "ORG Acme Widgets", "LOC Paris"])
    }

    @Test func gazetteerFilesResolveAgainstThePipelineFileAndGiveCanonicalNames() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path + "/lists", withIntermediateDirectories: true)
        try folder.write("lists/companies.txt", "# clients\nAcme Widgets\tAcme Widgets Inc.\n\nBreaking News\n")
        let options = """
                gazetteers:
                  - {path: lists/companies.txt, label: ORG}
                min_confidence: 0.5
            """
        #expect(
            try entities(Self.text, options: options, in: folder) == [
                "ORG Acme Widgets", "LOC Paris", "DATE Monday", "ORG Breaking News", "TIME 3 p.m.",
            ])
    }

    @Test(arguments: [
        (
            "    gazetteers: [{path: missing.txt, label: ORG}]",
            "test.yaml:5:17: error: gazetteer file 'missing.txt' does not exist"
        ),
        ("    labels: [PERSON, PLACE]", "test.yaml:5:13: error: unknown label 'PLACE' in 'labels'"),
        (
            "    patterns: [{label: ORG}]",
            "test.yaml:5:15: error: each entry of 'patterns' needs either 'phrase' or 'tokens'"
        ),
        ("    patterns: [{label: ORG, phrase: x, casing: sensitive}]", "test.yaml:5:15: error: unknown key 'casing'"),
        ("    patterns: [{label: ORG, phrase: x, case: upper}]", "test.yaml:5:15: error: 'case' in 'patterns' is"),
        (
            "    gazetteers: lists.txt",
            "test.yaml:5:17: error: option 'gazetteers' of stage 'entities' expects a list of mappings, not 'lists.txt' in it"
        ),
        (
            "    patterns: [{label: ORG, phrase: x}, Acme]",
            "test.yaml:5:41: error: option 'patterns' of stage 'entities' expects a list of mappings, not 'Acme' in it"
        ),
    ])
    func mistakesInTheOptionsAreReportedWhereTheyStand(options: String, message: String) throws {
        let error = try loadError(options)
        #expect(error.hasPrefix(message), "\(error)")
    }

    @Test func aGazetteerThatIsAFolderIsRefused() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path + "/names", withIntermediateDirectories: true)
        let error = try loadError("    gazetteers: [{path: names, label: PERSON}]", in: folder)
        #expect(error.contains("gazetteer file 'names' does not exist"), "\(error)")
    }
}
