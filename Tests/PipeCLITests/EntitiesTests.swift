import Foundation
import TestSupport
import Testing

/// The `entities` stage end to end: the built binary, a pipeline file, JSON Lines out, offsets in
/// Unicode scalars.
struct EntitiesTests {
    @Test func entitiesReachTheJSONLinesExportWithScalarOffsetsAndCanonicalNames() throws {
        let folder = try ScratchFolder()
        _ = try folder.write(
            "in.txt",
            """
            Café talks in Kyiv — Ukrainian President Volodymyr Zelensky met Donald Trump on Friday.
            Zelensky said the 🇺🇸 talks with Trump cost $5 million.
            """)
        _ = try folder.write("clients.txt", "Café talks\n")
        _ = try folder.write(
            "p.yaml",
            """
            reader: {type: files, paths: [in.txt]}
            stages:
              - type: parse
              - type: entities
                gazetteers: [{path: clients.txt, label: ORG}]
            sinks: [{type: jsonl, path: out.jsonl}]
            """)
        let result = try PipeProcess.run(["run", "p.yaml"], in: folder.url)
        #expect(result.status == 0, "\(result.stderr)")
        let line = try folder.read("out.jsonl").split(separator: "\n").first ?? ""
        let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
        let text = Array((record["text"] as! String).unicodeScalars)
        let entities = record["entities"] as! [[String: Any]]
        var found: [String] = []
        for entity in entities {
            let start = entity["start"] as! Int
            let end = entity["end"] as! Int
            let slice = String(String.UnicodeScalarView(text[start..<end]))
            #expect(slice == entity["text"] as? String)
            found.append("\(entity["label"]!) \(slice) → \(entity["canonical"]!)")
            let confidence = entity["confidence"] as! Double
            #expect(confidence > 0 && confidence <= 1)
        }
        #expect(
            found == [
                "ORG Café talks → Café talks", "LOC Kyiv → Kyiv", "NORP Ukrainian → Ukrainian",
                "PERSON Volodymyr Zelensky → Volodymyr Zelensky", "PERSON Donald Trump → Donald Trump",
                "DATE Friday → Friday", "PERSON Zelensky → Volodymyr Zelensky", "PERSON Trump → Donald Trump",
                "MONEY $5 million → $5 million",
            ])
    }

    @Test func aMissingGazetteerIsALoadErrorWithItsLine() throws {
        let folder = try ScratchFolder()
        _ = try folder.write(
            "p.yaml",
            """
            reader: {type: text, text: x}
            stages:
              - type: parse
              - type: entities
                gazetteers:
                  - {path: lists/none.txt, label: ORG}
            sinks: [{type: jsonl}]
            """)
        let result = try PipeProcess.run(["validate", "p.yaml"], in: folder.url)
        #expect(result.status == 2)
        #expect(
            result.stderr.hasPrefix("p.yaml:6:7: error: gazetteer file 'lists/none.txt' does not exist"),
            "\(result.stderr)")
    }
}
