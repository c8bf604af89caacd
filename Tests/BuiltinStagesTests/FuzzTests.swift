import Foundation
import PipeKit
import Synchronization
import Testing

@testable import BuiltinStages

#if canImport(Glibc)
    import Glibc
#endif

/// Random inputs for the pipeline loader (libyaml, the tree builder, interpolation, validation)
/// and for every reader format: none may crash or hang, and every rejection is a clear message.
///
/// Inputs are mutations of real seeds (the broken-pipeline fixtures, the shipped pipelines, the
/// reader fixtures) by a deterministic generator, so a failure is reproduced by its seed and index.
/// CI runs a modest count; a long run sets the count and optionally the seed:
///
///     PIPE_FUZZ_COUNT=1000000 PIPE_FUZZ_SEED=7 swift test -c release --filter FuzzTests
///
/// `PIPE_FUZZ_COUNT` is the number of pipeline files; each reader format gets a tenth of it.
@Suite(.serialized)
struct FuzzTests {
    static let count = ProcessInfo.processInfo.environment["PIPE_FUZZ_COUNT"].flatMap { Int($0) } ?? 20_000
    static let seed = ProcessInfo.processInfo.environment["PIPE_FUZZ_SEED"].flatMap { UInt64($0) } ?? 1
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func thePipelineLoaderNeverCrashesAndExplainsEveryRejection() throws {
        var seeds = try Self.files(in: "Tests/PipeCLITests/Fixtures/broken", ending: ".yaml")
        seeds += try Self.files(in: "pipelines", ending: ".yaml")
        seeds += try Self.files(in: "pipelines/tests", ending: ".yaml")
        let loader = PipelineLoader(registry: StageRegistry.builtin, interpolation: Interpolation())
        var generator = Mutator(seed: Self.seed, dictionary: Self.yamlTokens)
        var loaded = 0
        var rejected = 0
        let watchdog = Watchdog(limit: 30)
        let started = Date()
        for index in 0..<Self.count {
            let bytes = generator.input(from: seeds, maxLength: 8192)
            let text = String(decoding: bytes, as: UTF8.self)
            watchdog.begin(bytes, label: "pipeline file #\(index)")
            do {
                _ = try loader.load(text: text, file: "fuzz.yaml", baseDirectory: "/nonexistent")
                loaded += 1
            } catch {
                rejected += 1
                let message = "\(error)"
                if !message.hasPrefix("fuzz.yaml:") || !message.contains(": error: ") {
                    Issue.record("input #\(index) (\(Self.save(bytes))): an unclear message: \(message)")
                }
            }
            watchdog.end()
        }
        let seconds = Date().timeIntervalSince(started)
        if watchdog.slowest > 0.5 { print("fuzz: the slowest pipeline file is in \(Self.save(watchdog.slowestInput))") }
        print(
            "fuzz: pipeline loader, \(Self.count) inputs (seed \(Self.seed)) in \(String(format: "%.1f", seconds)) s: "
                + "\(loaded) loaded, \(rejected) rejected with file:line:col messages; "
                + "slowest \(String(format: "%.1f", watchdog.slowest * 1000)) ms of CPU")
        #expect(rejected > 0 && loaded > 0, "the mutations reach both outcomes")
        #expect(watchdog.slowest < 2, "no input takes seconds")
    }

    @Test(arguments: InputFormat.allCases)
    func everyReaderFormatNeverCrashesAndExplainsEveryBadInput(format: InputFormat) throws {
        let fixtures = "Tests/BuiltinStagesTests/Fixtures/inputs"
        // The fixtures of the format (every fixture for text), and small seeds of its structures.
        let endings: [InputFormat: [String]] = [
            .markdown: [".md"], .html: [".html"], .jsonl: [".jsonl"], .json: [".json"], .csv: [".csv"],
        ]
        var seeds: [[UInt8]] = []
        for ending in endings[format] ?? [""] { seeds += try Self.files(in: fixtures, ending: ending) }
        seeds = seeds.filter { $0.count < 16_384 } + (Self.readerSeeds[format] ?? [])
        var generator = Mutator(
            seed: Self.seed &+ UInt64(InputFormat.allCases.firstIndex(of: format)!), dictionary: Self.readerTokens)
        let count = max(1000, Self.count / 10)
        let watchdog = Watchdog(limit: 30)
        var documents = 0
        var failures = 0
        let started = Date()
        for index in 0..<count {
            let bytes = generator.input(from: seeds, maxLength: 16_384)
            let options = FormatOptions(
                fields: RecordFields(text: "text", id: "id"), columns: RecordFields(text: "text", id: "id"),
                delimiter: index % 5 == 0 ? UInt8(ascii: ";") : nil, invalidUTF8: index % 2 == 0 ? .error : .replace)
            let collected = Collected()
            let output = ReaderOutput(
                emit: { collected.add(document: $0) }, fail: { collected.add(failure: $0) })
            watchdog.begin(bytes, label: "\(format) input #\(index)")
            do {
                let input = InputSource(
                    stream: try Self.stream(bytes), name: "fuzz.\(format)", source: "fuzz.\(format)",
                    id: "fuzz.\(format)", numbersRecordsAlone: false, sizeHint: bytes.count)
                try format.read(input, options: options, into: output)
            } catch {
                Issue.record("\(format) input #\(index) (\(Self.save(bytes))): read threw \(error)")
            }
            watchdog.end()
            let (emitted, failed) = collected.counts
            documents += emitted
            failures += failed.count
            for message in failed where message.isEmpty || message.contains("Error Domain") {
                Issue.record("\(format) input #\(index) (\(Self.save(bytes))): an unclear message '\(message)'")
            }
        }
        let seconds = Date().timeIntervalSince(started)
        if watchdog.slowest > 0.5 {
            print("fuzz: the slowest \(format) input is in \(Self.save(watchdog.slowestInput))")
        }
        print(
            "fuzz: \(format) reader, \(count) inputs (seed \(Self.seed)) in \(String(format: "%.1f", seconds)) s: "
                + "\(documents) documents, \(failures) inputs or records rejected with a message; "
                + "slowest \(String(format: "%.1f", watchdog.slowest * 1000)) ms of CPU")
        #expect(documents > 0)
        #expect(watchdog.slowest < 2)
    }

    // MARK: Inputs

    static let yamlTokens: [String] = [
        "&a ", "*a", "<<: *a", "&b [*a, *a, *a]", "[", "]", "{", "}", ": ", "- ", "\n", "\n  ", "\n    - ", "\t",
        "\"", "'", "\\", "|", ">-", "!!str ", "!!map ", "!custom ", "%YAML 1.2\n", "---\n", "...\n", "${X}",
        "${X:-d}", "${X:?needed}", "$${", "${", "#", "? ", ",", "\u{0}", "\u{FEFF}", "\u{85}", "reader:",
        "sinks:", "stages:", "readers:", "type: ", "files", "stdin", "text", "jsonl", "csv", "sqlite", "parse",
        "filter", "command", "paths: [a]", "- type: parse", "concurrency: ", "ordered: ", "on_error: ",
        "dead_letter: ", "vars:", "id: ", "path: -", "~", "null", "yes", "true", "0x1F", ".inf", "1e999", "-1",
        "99999999999999999999999", "é", "🙂",
    ]

    static let readerTokens: [String] = [
        "\"", "\"\"", ",", ";", "\r\n", "\n", "\r", "{", "}", "[", "]", ":", "\\u", "\\ud83d", "\\u0000", "\\",
        "{\"id\":\"x\",\"text\":\"y\"}\n", "\"text\"", "null", "1e999", "-0", "<", ">", "</", "<script>", "<!--",
        "-->", "<![CDATA[", "&amp;", "&#x1F600;", "&#99999999;", "&", "<p>", "</p>", "<br/>", "<title>",
        "# ", "## ", "---\n", "```", "*", "_", "[a](b)", "![i](x)", "|", "\u{0}", "\u{FEFF}", "é", "🙂",
    ]

    /// Small seeds per format beside the fixtures: the structures each parser cares about.
    static let readerSeeds: [InputFormat: [[UInt8]]] = [
        .jsonl: [#"{"id":"a","text":"one","title":"T","tags":[1,2],"n":{"x":null}}"#, "\n\n{}\n[]\n"],
        .json: [#"[{"id":"a","text":"x"},{"text":"y","date":"2025-01-01"}]"#, #"{"text":"only one"}"#],
        .csv: ["id,text,title\r\na,\"quoted, \"\"text\"\"\",T\r\nb,plain,\n", "text\n\"open"],
        .html: ["<html><head><title>T</title><style>x{}</style></head><body><p>a &amp; b</p><script>1<2</script>"],
        .markdown: ["---\ntitle: T\ndate: 2025-01-01\n---\n# Head\n\n* a\n* b\n\n```\ncode\n```\n[l](u) **b**"],
        .text: ["Plain text.\n\nTwo paragraphs."],
    ].mapValues { $0.map { Array($0.utf8) } }

    static func files(in folder: String, ending suffix: String) throws -> [[UInt8]] {
        let url = root.appendingPathComponent(folder)
        return try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
            .filter { $0.hasSuffix(suffix) }
            .compactMap { try? Data(contentsOf: url.appendingPathComponent($0)) }
            .map { [UInt8]($0) }
    }

    /// A stream over `bytes` through a pipe, as standard input would give them.
    static func stream(_ bytes: [UInt8]) throws -> BuiltinStages.InputStream {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { throw POSIXError(.EMFILE) }
        _ = bytes.withUnsafeBytes { write(ends[1], $0.baseAddress, $0.count) }
        close(ends[1])
        return InputStream(descriptor: ends[0], name: "fuzz", owns: true)
    }

    /// Keeps a failing input for a person to replay; returns its path.
    static func save(_ bytes: [UInt8]) -> String {
        let path = NSTemporaryDirectory() + "pipe-fuzz-\(UUID().uuidString.prefix(8)).bin"
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }
}

/// What a reader emitted for one input.
private final class Collected: Sendable {
    private let state = Mutex<(documents: Int, failures: [String])>((0, []))

    func add(document: Document) { state.withLock { $0.documents += 1 } }
    func add(failure: DocumentFailure) { state.withLock { $0.failures.append(failure.message) } }
    var counts: (Int, [String]) { state.withLock { ($0.documents, $0.failures) } }
}

/// Aborts the test process, saying which input, when one input runs longer than `limit` seconds
/// of wall time: a hang is reported with the input that caused it instead of stalling CI. Also
/// keeps the slowest input by CPU time, which a busy machine does not inflate.
private final class Watchdog {
    private final class Current: Sendable {
        let state = Mutex<
            (
                started: Date?, cpu: TimeInterval, label: String, bytes: [UInt8], slowest: TimeInterval,
                slowestInput: [UInt8]
            )
        >((nil, 0, "", [], 0, []))
    }

    private let current = Current()
    private let timer: any DispatchSourceTimer

    init(limit: TimeInterval) {
        timer = DispatchSource.makeTimerSource(queue: .global())
        timer.schedule(deadline: .now() + 1, repeating: 1)
        timer.setEventHandler { [current] in
            let (started, label, bytes) = current.state.withLock { ($0.started, $0.label, $0.bytes) }
            if let started, Date().timeIntervalSince(started) > limit {
                let message =
                    "fuzz: \(label) runs for more than \(limit) s (a hang); input in \(FuzzTests.save(bytes))\n"
                FileHandle.standardError.write(Data(message.utf8))
                abort()
            }
        }
        timer.resume()
    }

    deinit { timer.cancel() }

    /// CPU time of the calling thread: what an input costs, whatever else the machine runs.
    private static func threadCPUTime() -> TimeInterval {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return TimeInterval(time.tv_sec) + TimeInterval(time.tv_nsec) / 1e9
    }

    func begin(_ bytes: [UInt8], label: String) {
        let cpu = Self.threadCPUTime()
        current.state.withLock {
            $0.started = Date()
            $0.cpu = cpu
            $0.label = label
            $0.bytes = bytes
        }
    }

    func end() {
        let cpu = Self.threadCPUTime()
        current.state.withLock {
            if $0.started != nil, cpu - $0.cpu > $0.slowest {
                $0.slowest = cpu - $0.cpu
                $0.slowestInput = $0.bytes
            }
            $0.started = nil
        }
    }

    var slowest: TimeInterval { current.state.withLock { $0.slowest } }
    var slowestInput: [UInt8] { current.state.withLock { $0.slowestInput } }
}

/// Mutates seed inputs with a SplitMix64 generator: the same seed gives the same inputs.
struct Mutator {
    private var state: UInt64
    private let dictionary: [[UInt8]]

    init(seed: UInt64, dictionary: [String]) {
        state = seed
        self.dictionary = dictionary.map { Array($0.utf8) }
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { bound <= 1 ? 0 : Int(next() % UInt64(bound)) }

    /// A seed with one to eight mutations: bit flips, odd bytes, deletions, insertions of tokens,
    /// repeats, truncation and splices with another seed.
    mutating func input(from seeds: [[UInt8]], maxLength: Int) -> [UInt8] {
        var bytes = seeds[below(seeds.count)]
        for _ in 0..<(1 + below(8)) {
            let position = below(bytes.count + 1)
            switch below(10) {
            case 0 where !bytes.isEmpty:
                bytes[min(position, bytes.count - 1)] ^= UInt8(1 << below(8))
            case 1 where !bytes.isEmpty:
                let odd: [UInt8] = [0, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xE2, 0xED, 0xF0, 0xF4, 0xF8, 0xFF, 0x0A, 0x0D]
                bytes[min(position, bytes.count - 1)] = odd[below(odd.count)]
            case 2:
                let length = min(bytes.count - position, below(64))
                bytes.removeSubrange(position..<(position + length))
            case 3, 4:
                bytes.insert(contentsOf: dictionary[below(dictionary.count)], at: position)
            case 5:
                let length = min(bytes.count - position, 1 + below(32))
                let piece = Array(bytes[position..<(position + length)])
                for _ in 0..<(1 + below(40)) { bytes.insert(contentsOf: piece, at: position) }
            case 6:
                bytes.removeSubrange(position...)
            case 7:
                let other = seeds[below(seeds.count)]
                let from = below(other.count + 1)
                bytes.insert(contentsOf: other[from..<min(other.count, from + below(256))], at: position)
            case 8:
                bytes.insert(
                    contentsOf: (0..<(1 + below(16))).map { _ in UInt8(truncatingIfNeeded: next()) }, at: position)
            default:
                if !bytes.isEmpty { bytes.swapAt(min(position, bytes.count - 1), below(bytes.count)) }
            }
        }
        return bytes.count > maxLength ? Array(bytes.prefix(maxLength)) : bytes
    }
}
