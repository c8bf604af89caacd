import Foundation
import TestSupport
import Testing

/// The `parse` stage end to end: the built binary on the seed article, checked against the
/// annotated copy of it (`Tests/TextAnalysisTests/Fixtures/seed.json`).
struct ParseTests {
    struct Seed: Decodable {
        struct Sentence: Decodable, Equatable { var start: Int, end: Int, text: String }
        var title: String
        var date: String
        var sentences: [Sentence]
    }

    func parse(_ pipeline: String, in folder: ScratchFolder) throws -> [String: Any] {
        try folder.write("p.yaml", pipeline)
        let result = try PipeProcess.run(["run", "p.yaml"], in: folder.url)
        #expect(result.status == 0, "\(result.stderr)")
        let line = try folder.read("out.jsonl").split(separator: "\n").first ?? ""
        return try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
    }

    @Test func theSeedArticleParsesIntoItsTitleDateParagraphsAndSentences() throws {
        let seedURL = PipeProcess.packageRoot.appendingPathComponent("Tests/TextAnalysisTests/Fixtures/seed.json")
        let seed = try JSONDecoder().decode(Seed.self, from: Data(contentsOf: seedURL))
        let folder = try ScratchFolder()
        let record = try parse(
            """
            reader: {type: files, paths: ["\(PipeProcess.packageRoot.path)/Examples/data/seed.txt"]}
            stages: [{type: parse}]
            sinks: [{type: jsonl, path: out.jsonl}]
            """, in: folder)
        #expect(record["title"] as? String == seed.title)
        #expect(record["date"] as? String == seed.date)
        let sentences = (record["sentences"] as? [[String: Any]] ?? []).map {
            Seed.Sentence(start: $0["start"] as! Int, end: $0["end"] as! Int, text: $0["text"] as! String)
        }
        #expect(sentences == seed.sentences)
        let paragraphs = record["paragraphs"] as? [[String: Int]] ?? []
        #expect(paragraphs.count == 14)
        #expect(paragraphs.first == ["start": 0, "end": 48], "the three header lines form the first paragraph")
        #expect(paragraphs[1] == ["start": 50, "end": 104], "the headline is a paragraph of its own")
        #expect(record["tokens"] == nil, "tokens stay in memory unless the sink asks")
    }

    @Test func tokensAreExportedWhenTheSinkAsks() throws {
        let folder = try ScratchFolder()
        let record = try parse(
            """
            reader: {type: text, text: "Zoë's café isn't closed."}
            stages: [{type: parse}]
            sinks: [{type: jsonl, path: out.jsonl, tokens: true}]
            """, in: folder)
        let tokens = (record["tokens"] as? [[String: Any]] ?? []).map { "\($0["text"]!)/\($0["kind"]!)" }
        #expect(tokens == ["Zoë/word", "'s/word", "café/word", "is/word", "n't/word", "closed/word", "./punctuation"])
        let first = try #require((record["tokens"] as? [[String: Any]])?.first)
        #expect(first["start"] as? Int == 0 && first["end"] as? Int == 3, "offsets count characters, not bytes")
    }

    @Test func normalizeExportsTheNormalizedText() throws {
        let folder = try ScratchFolder()
        let record = try parse(
            """
            reader: {type: text, text: "Cafe\\u0301   opens.\\r\\nIt is   busy."}
            stages: [{type: parse, normalize: true, tokens: false}]
            sinks: [{type: jsonl, path: out.jsonl}]
            """, in: folder)
        #expect(record["text"] as? String == "Café opens.\nIt is busy.")
        #expect(
            (record["sentences"] as? [[String: Any]])?.map { $0["text"] as! String } == ["Café opens.", "It is busy."])
    }

    @Test func anUnsupportedLanguageIsRefusedWhenThePipelineLoads() throws {
        let folder = try ScratchFolder()
        try folder.write(
            "p.yaml",
            """
            reader: {type: text, text: x}
            stages:
              - type: parse
                language: de
            sinks: [{type: jsonl}]
            """)
        let result = try PipeProcess.run(["validate", "p.yaml"], in: folder.url)
        #expect(result.status == 2)
        #expect(
            result.stderr == """
                p.yaml:4:15: error: language 'de' is not supported yet; 'parse' knows English ('en') only
                  language: de
                            ^

                """)
    }
}
