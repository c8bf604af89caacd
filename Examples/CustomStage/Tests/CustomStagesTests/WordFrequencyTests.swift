import CustomStages
import Foundation
import PipeKit
import Testing

/// `wordfreq` in a pipeline run in memory, writing a real file.
struct WordFrequencyTests {
    @Test func writesTheMostFrequentWordsAsCSV() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wordfreq-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("words.csv").path
        let sink = WordFrequency(file: OutputFile(path: path), top: 3, minimumLength: 2, stopWords: ["the"])
        let pipeline = Pipeline(
            name: "words", file: "-",
            readers: [
                Stage(
                    id: "memory", type: "memory",
                    instance: MemoryReader(texts: ["The cat and the Dog.", "A dog, a DOG; a café cat", "café"]))
            ],
            transformers: [], sinks: [Stage(id: "wordfreq", type: "wordfreq", instance: SinkBox(sink))])
        let report = PipelineRunner(pipeline: pipeline, options: RunOptions(concurrency: 2)).run()
        guard case .completed = report.outcome else {
            Issue.record("the run did not complete: \(report.outcome)")
            return
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "word,count\ndog,3\ncafé,2\ncat,2\n")
    }

    @Test func aFailedRunLeavesNoFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("wordfreq-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("words.csv").path
        let sink = WordFrequency(file: OutputFile(path: path))
        try sink.open()
        try sink.write(Document(id: "d", text: "some words"))
        sink.abort()
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }
}
