import Foundation
import TestSupport
import Testing

/// Bad inputs and hostile places to write, each run through the built `pipe`: every one ends with
/// its exit code (DESIGN.md: 1 a document or the run failed, 2 the pipeline file is wrong) and a
/// message that names the file and the reason, quickly, and leaves every finished output whole.
///
/// We run as root in CI, where `chmod 000` stops nothing; unreadable and unwritable places are
/// made another way: `/proc/self/mem` (reading it at offset 0 fails with EIO), a path through a
/// regular file (ENOTDIR), a folder under `/proc` (the kernel refuses it even to root), a folder
/// where a file should be, and `/dev/full` (every write fails with ENOSPC).
struct FaultMatrixTests {
    /// Runs `pipeline` (written as p.yaml) in `folder` and returns the result and its time.
    func run(
        _ pipeline: String, in folder: ScratchFolder, arguments: [String] = []
    ) throws -> (result: PipeProcess.Result, seconds: Double) {
        try folder.write("p.yaml", pipeline)
        let started = Date()
        let result = try PipeProcess.run(["run", "p.yaml", "--progress", "never"] + arguments, in: folder.url)
        return (result, Date().timeIntervalSince(started))
    }

    /// Runs `pipeline` (written as p.yaml) in `folder` and returns the result and the processor time
    /// `pipe` used: a bound on it holds on a machine busy with other work, where the clock's does not.
    func runMeasuringTime(
        _ pipeline: String, in folder: ScratchFolder
    ) throws -> (result: PipeProcess.Result, seconds: Double) {
        try folder.write("p.yaml", pipeline)
        return try PipeProcess.runMeasuringTime(["run", "p.yaml", "--progress", "never"], in: folder.url)
    }

    func records(_ text: String) -> [String] {
        text.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String
        }
    }

    // MARK: Inputs

    @Test func emptyFilesOfEveryFormatGiveEmptyDocumentsOrNoRecords() throws {
        let folder = try ScratchFolder()
        for format in ["txt", "md", "html", "jsonl", "csv", "json"] { try folder.write("in/empty.\(format)", "") }
        let (result, _) = try run(
            "reader: {type: files, paths: [\"in/*\"]}\non_error: skip\nsinks: [{type: jsonl, path: out.jsonl}]\n",
            in: folder)
        #expect(result.status == 0)
        // A whole-file format makes one empty document; JSON Lines and CSV hold no record; an empty
        // file is not a JSON document, which is said.
        #expect(records(try folder.read("out.jsonl")) == ["empty.html", "empty.md", "empty.txt"])
        #expect(
            result.stderr == """
                warning: skipped stage 'files', document 'empty.json' (in/empty.json): in/empty.json:1: \
                invalid JSON at byte 0: unexpected end of input
                warning: 1 document(s) failed and were skipped

                """)
    }

    @Test func anEmptyPipelineFileIsAConfigurationError() throws {
        let folder = try ScratchFolder()
        let (result, _) = try run("", in: folder)
        #expect(result.status == 2)
        #expect(
            result.stderr.hasPrefix("p.yaml:1:1: error: the pipeline file is empty; it needs a 'reader' and 'sinks'"))
    }

    @Test func aHundredMegabyteSingleLineIsReadAndFilteredWithoutFailing() throws {
        let folder = try ScratchFolder()
        try folder.write("in/.keep", "")
        let path = folder.path("in/big.jsonl")
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.write(Data(#"{"id":"big","text":""#.utf8))
        let chunk = Data(repeating: UInt8(ascii: "a"), count: 1 << 20)
        for _ in 0..<100 { handle.write(chunk) }
        handle.write(Data("\"}\n{\"id\":\"small\",\"text\":\"A short one.\"}\n".utf8))
        try handle.close()
        let (result, seconds) = try run(
            """
            reader: {type: files, paths: ["in/*.jsonl"]}
            stages: [{type: filter, max_chars: 1000}]
            sinks: [{type: jsonl, path: out.jsonl}]
            """, in: folder, arguments: ["--stats"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("2 read, 1 written, 1 dropped, 0 failed"))
        #expect(records(try folder.read("out.jsonl")) == ["small"])
        print("fault matrix: a 100 MB line read and dropped in \(String(format: "%.1f", seconds)) s")
    }

    @Test func nulBytesMarkABinaryFileAndTheOtherFilesGoOn() throws {
        let folder = try ScratchFolder()
        try folder.write("in/a.txt", "Fine text.")
        try Data("{\"id\":\"x\",\"text\":\"a\u{0}b\"}\n".utf8).write(
            to: folder.url.appendingPathComponent("in/n.jsonl"))
        try Data([0x48, 0x69, 0x00, 0x21]).write(to: folder.url.appendingPathComponent("in/n.txt"))
        try folder.write("out.jsonl", "previous run\n")
        let pipeline =
            "reader: {type: files, paths: [\"in/*\"]}\non_error: ${ON_ERROR}\nsinks: [{type: jsonl, path: out.jsonl}]\n"
        let (failed, _) = try run(pipeline, in: folder, arguments: ["--var", "ON_ERROR=fail"])
        #expect(failed.status == 1)
        #expect(
            failed.stderr.hasPrefix(
                "error: stage 'files', document 'n.jsonl' (in/n.jsonl): looks like a binary file (a NUL byte at offset 19), not text\n"
            ))
        #expect(try folder.read("out.jsonl") == "previous run\n", "a failed run leaves the finished output as it was")

        let (skipped, _) = try run(pipeline, in: folder, arguments: ["--var", "ON_ERROR=skip"])
        #expect(skipped.status == 0)
        #expect(
            skipped.stderr.contains("document 'n.txt' (in/n.txt): looks like a binary file (a NUL byte at offset 2)"))
        #expect(records(try folder.read("out.jsonl")) == ["a.txt"])
    }

    @Test func invalidUTF8IsReportedWithFileLineAndByteInEveryRecordFormat() throws {
        let folder = try ScratchFolder()
        try folder.write("in/.hidden", "")
        try Data(
            "{\"id\":\"a\",\"text\":\"ok\"}\n{\"id\":\"b\",\"text\":\"bad \u{0}\"}\n".utf8.map { $0 == 0 ? 0xC3 : $0 }
        )
        .write(to: folder.url.appendingPathComponent("in/u.jsonl"))
        try Data("id,text\nc,bad \u{0}\nd,fine\n".utf8.map { $0 == 0 ? 0xC3 : $0 })
            .write(to: folder.url.appendingPathComponent("in/u.csv"))
        let (result, _) = try run(
            "reader: {type: files, paths: [\"in/*\"]}\non_error: skip\nsinks: [{type: jsonl, path: out.jsonl}]\n",
            in: folder)
        #expect(result.status == 0)
        #expect(result.stderr.contains("document 'u.csv:2' (in/u.csv): in/u.csv:2: invalid UTF-8 at byte 6\n"))
        #expect(result.stderr.contains("document 'u.jsonl:2' (in/u.jsonl): in/u.jsonl:2: invalid UTF-8 at byte"))
        #expect(records(try folder.read("out.jsonl")) == ["d", "a"])
    }

    @Test func aGlobMatchingAHundredThousandFilesReadsThemAll() throws {
        // tmpfs when there is one: creating 100,000 files on a disk costs more than reading them.
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let root = URL(fileURLWithPath: base).appendingPathComponent("pipe-glob-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("in/many")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for number in 0..<100_000 {
            let name = folder.appendingPathComponent("doc-\(String(format: "%06d", number)).txt").path
            _ = FileManager.default.createFile(atPath: name, contents: Data("Document \(number).".utf8))
        }
        try "reader: {type: files, paths: [\"in/**/*.txt\"]}\nsinks: [{type: jsonl, path: out.jsonl}]\n"
            .write(to: root.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let started = Date()
        let result = try PipeProcess.run(["run", "p.yaml", "--progress", "never"], in: root)
        let seconds = Date().timeIntervalSince(started)
        #expect(result.status == 0, "\(result.stderr)")
        let output = try String(contentsOf: root.appendingPathComponent("out.jsonl"), encoding: .utf8)
        let lines = output.split(separator: "\n")
        #expect(lines.count == 100_000)
        #expect(lines.last?.contains(#""source":"in/many/doc-099999.txt""#) == true, "\(lines.last ?? "")")
        print("fault matrix: 100,000 files read in \(String(format: "%.1f", seconds)) s")
    }

    @Test func anUnreadableFileIsReportedWithItsPathAndReason() throws {
        let folder = try ScratchFolder()
        let (result, _) = try run(
            "reader: {type: files, paths: [unused]}\nsinks: [{type: jsonl, path: out.jsonl}]\n", in: folder,
            arguments: ["--input", "/proc/self/mem"])
        #expect(result.status == 1)
        #expect(
            result.stderr.hasPrefix(
                "error: stage 'files', document 'mem' (/proc/self/mem): cannot read /proc/self/mem: Input/output error\n"
            ))
        #expect(try folder.contents() == ["p.yaml"], "nothing half-written")
    }

    // MARK: Pipeline files

    @Test func deepNestingIsRefusedQuicklyWithAShortMessage() throws {
        let folder = try ScratchFolder()
        let flow = "reader: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n"
        let (result, seconds) = try runMeasuringTime(flow, in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("p.yaml:1:264: error: nesting is deeper than 256 levels\n"))
        #expect(
            result.stderr.split(separator: "\n").allSatisfy { $0.count < 120 }, "the source line is cut to a window")
        #expect(seconds < 5)

        var block = "reader:\n"
        for depth in 1..<3000 { block += String(repeating: "  ", count: depth) + "a:\n" }
        let (blockResult, _) = try run(block, in: folder)
        #expect(blockResult.status == 2)
        #expect(blockResult.stderr.hasPrefix("p.yaml:257:513: error: nesting is deeper than 256 levels\n"))
    }

    @Test func aBillionLaughsAliasBombIsRefusedQuickly() throws {
        let folder = try ScratchFolder()
        var yaml = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        let names = Array("abcdefghij")
        for level in 1..<names.count {
            let previous = names[level - 1]
            yaml +=
                "\(names[level]): &\(names[level]) ["
                + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        yaml += "reader: {type: text, text: *j}\nsinks: [{type: jsonl}]\n"
        let (result, seconds) = try runMeasuringTime(yaml, in: folder)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("p.yaml:5:36: error: "), "at the first alias past the limit")
        #expect(result.stderr.contains(": error: the document expands to more than 100000 nodes through aliases\n"))
        #expect(seconds < 5)
    }

    @Test func nulBytesAndInvalidUTF8InAPipelineFileAreConfigurationErrors() throws {
        let folder = try ScratchFolder()
        let (nul, _) = try run("name: x\u{0}y\nreader: {type: text, text: hi}\nsinks: [{type: jsonl}]\n", in: folder)
        #expect(nul.status == 2)
        #expect(nul.stderr.hasPrefix("p.yaml:1:8: error: control characters are not allowed (U+0000)\n"))

        try Data(
            "name: x\u{0}y\nreader: {type: text, text: hi}\nsinks: [{type: jsonl}]\n".utf8.map { $0 == 0 ? 0xC3 : $0 }
        )
        .write(to: folder.url.appendingPathComponent("p.yaml"))
        let invalid = try PipeProcess.run(["run", "p.yaml"], in: folder.url)
        #expect(invalid.status == 2)
        #expect(invalid.stderr == "p.yaml:1:8: error: the pipeline file is not valid UTF-8 (byte 7)\n")
    }

    // MARK: Outputs

    /// A pipeline whose first sink rewrites `keep.jsonl` (there from an earlier run) and whose
    /// second writes to `path`.
    func twoSinks(_ path: String) -> String {
        """
        reader: {type: text, text: some text, repeat: 2000}
        sinks:
          - {type: jsonl, id: keep, path: keep.jsonl}
          - {type: jsonl, id: bad, path: "\(path)"}
        """
    }

    @Test(arguments: [
        ("blocker/out.jsonl", "cannot write 'blocker/out.jsonl': cannot create its folder 'blocker': it is a file"),
        (
            "/proc/pipe-fault-test/out.jsonl",
            "cannot create its folder '/proc/pipe-fault-test': No such file or directory"
        ),
        ("folder", "cannot write 'folder': it is a folder"),
        ("/dev/full", "cannot write '/dev/full': write failed: No space left on device"),
    ])
    func anUnwritableOutputFailsTheRunAndKeepsTheFinishedOutput(path: String, message: String) throws {
        let folder = try ScratchFolder()
        try folder.write("blocker", "a file, not a folder\n")
        try folder.write("folder/inside", "")
        try folder.write("keep.jsonl", "finished by an earlier run\n")
        let (result, _) = try run(twoSinks(path), in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("error: stage 'bad'"))
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try folder.read("keep.jsonl") == "finished by an earlier run\n")
        #expect(try folder.read("blocker") == "a file, not a folder\n")
    }

    @Test func anOutputInAMissingFolderCreatesTheFolder() throws {
        let folder = try ScratchFolder()
        let (result, _) = try run(twoSinks("new/deeper/out.jsonl"), in: folder)
        #expect(result.status == 0)
        #expect(records(try folder.read("new/deeper/out.jsonl")).count == 2000)
    }
}
