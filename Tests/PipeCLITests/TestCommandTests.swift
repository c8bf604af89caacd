import Foundation
import TestSupport
import Testing

/// `pipe test` through the binary: the shipped pipelines' tests, a failing case's diff, a broken test file.
struct TestCommandTests {
    static let pipelines = PipeProcess.packageRoot.appendingPathComponent("pipelines")

    static var pipelineNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: pipelines.path)) ?? [])
            .filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(".yaml".count)) }.sorted()
    }

    @Test(arguments: pipelineNames)
    func everyShippedPipelineHasATestFileThatPasses(name: String) throws {
        let test = "pipelines/tests/\(name).test.yaml"
        #expect(FileManager.default.fileExists(atPath: PipeProcess.packageRoot.appendingPathComponent(test).path))
        let result = try PipeProcess.run(["test", test])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(!result.stdout.contains("FAIL"))
        #expect(result.stdout.hasSuffix(" passed, 0 failed\n"))
        #expect(!result.stdout.hasSuffix("\n0 passed, 0 failed\n"))
    }

    static let pipeline = """
        name: shout
        reader: {type: text, text: unused}
        stages:
          - type: filter
            min_chars: 4
          - type: command
            run: [python3, upper.py]
        sinks:
          - type: jsonl
            path: out.jsonl
          - {type: stdout, id: screen}
        """

    static let upper = """
        import json, sys
        for line in sys.stdin:
            document = json.loads(line)
            print(json.dumps({"text": document["text"].upper(), "fields": {"length": len(document["text"])}}), flush=True)
        """

    @Test func passingAndFailingCasesArePrintedWithADiffAndExitOne() throws {
        let folder = try ScratchFolder()
        try folder.write("shout.yaml", Self.pipeline)
        try folder.write("upper.py", Self.upper)
        try folder.write("tests/words.txt", "Words from a file.")
        try folder.write(
            "tests/shout.test.yaml",
            """
            pipeline: ../shout.yaml
            cases:
              - name: short texts are dropped and the rest shouted
                documents:
                  - {text: hi}
                  - {id: greeting, text: Hello there, title: Hi}
                  - file: words.txt
                expect:
                  jsonl:
                    documents:
                      - {id: greeting, title: Hi, text: HELLO THERE, fields: {length: 11}}
                      - {id: words.txt, source: words.txt, text: WORDS FROM A FILE., fields: {length: 18}}
                  screen: {count: 2}
                dropped: 1
              - name: a wrong expectation
                documents:
                  - {id: one, text: first one}
                  - {id: two, text: second}
                expect:
                  jsonl:
                    documents:
                      - {id: one, text: first one, fields: {length: 9.0}}
                      - {id: two, title: Second}
                  screen: {count: 3}
            """)
        let result = try PipeProcess.run(["test", "tests/shout.test.yaml"], in: folder.url)
        #expect(result.status == 1)
        #expect(
            result.stdout == """
                tests/shout.test.yaml
                  PASS  short texts are dropped and the rest shouted
                  FAIL  a wrong expectation  (tests/shout.test.yaml:15:5)
                        sink 'jsonl', document 1 ('one'): text
                          - "first one"
                          + "FIRST ONE"
                        sink 'jsonl', document 2 ('two'): title
                          - "Second"
                          + absent
                        sink 'screen': count
                          - 3
                          + 2 documents: 'one', 'two'
                1 passed, 1 failed

                """)
        #expect(result.stderr.isEmpty)
    }

    @Test func inlineStagesWriteToASinkNamedOutput() throws {
        let folder = try ScratchFolder()
        try folder.write("upper.py", Self.upper)
        try folder.write(
            "inline.test.yaml",
            """
            stages:
              - type: command
                run: [python3, upper.py]
            on_error: skip
            cases:
              - name: shouted
                documents: [{text: abc}]
                expect:
                  output:
                    documents: [{id: doc-1, text: ABC, fields: {length: 3}}]
              - name: a run that must fail
                documents: [{text: abc}]
                error: no such failure
            """)
        let result = try PipeProcess.run(["test", "inline.test.yaml"], in: folder.url)
        #expect(result.status == 1)
        #expect(
            result.stdout == """
                inline.test.yaml
                  PASS  shouted
                  FAIL  a run that must fail  (inline.test.yaml:11:5)
                        run
                          - fails with "no such failure"
                          + completes
                1 passed, 1 failed

                """)
    }

    @Test func aMalformedTestFileIsReportedWithItsLineAndExitsTwo() throws {
        let folder = try ScratchFolder()
        try folder.write("shout.yaml", Self.pipeline)
        try folder.write("upper.py", Self.upper)
        try folder.write(
            "broken.test.yaml",
            """
            pipeline: shout.yaml
            cases:
              - name: typos
                documnets: [{text: a}]
                expect:
                  jsonl: {count: 1, documents: [{feilds: {}}]}
              - name: a sink that is not there
                documents: [plain]
                dropped: -1
            """)
        let result = try PipeProcess.run(["test", "broken.test.yaml"], in: folder.url)
        #expect(result.status == 2)
        #expect(
            result.stderr == """
                broken.test.yaml:3:5: error: case 'typos' has no 'documents'
                  - name: typos
                    ^
                documents: [{text: "Some text."}]
                broken.test.yaml:4:5: error: unknown key 'documnets' in a case
                  documnets: [{text: a}]
                  ^~~~~~~~~
                did you mean 'documents'?
                broken.test.yaml:6:38: error: unknown field 'feilds' in an expected document
                  jsonl: {count: 1, documents: [{feilds: {}}]}
                                                 ^~~~~~
                did you mean 'fields'?
                broken.test.yaml:8:17: error: a document is a mapping with 'text' or 'file', not 'plain'
                  documents: [plain]
                              ^
                write '- text: plain'
                broken.test.yaml:9:14: error: 'dropped' expects a whole number of at least 0, not '-1'
                  dropped: -1
                           ^~

                """)
        #expect(result.stdout == "0 passed, 0 failed\n")

        try folder.write(
            "unknown-sink.test.yaml",
            """
            pipeline: shout.yaml
            cases:
              - name: a sink that is not there
                documents: [{text: abcd}]
                expect:
                  jsonll: {count: 1}
            """)
        let unknown = try PipeProcess.run(["test", "unknown-sink.test.yaml"], in: folder.url)
        #expect(unknown.status == 2)
        #expect(
            unknown.stderr == """
                unknown-sink.test.yaml:6:7: error: the pipeline has no sink 'jsonll'
                  jsonll: {count: 1}
                  ^~~~~~
                did you mean 'jsonl'?

                """)
    }
}
