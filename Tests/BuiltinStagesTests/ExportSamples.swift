import Foundation
import PipeKit
import TestSupport

@testable import BuiltinStages

/// Documents built in memory with every annotation, and a way to run them through a sink declared
/// in YAML, since no analysis stage fills the annotations yet.
enum ExportSamples {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = packageRoot.appendingPathComponent("Tests/BuiltinStagesTests/Fixtures")

    /// The byte span of the `occurrence`-th `phrase` in `text`.
    static func span(_ phrase: String, in text: String, occurrence: Int = 0) -> TextSpan {
        var from = text.startIndex
        var found: Range<String.Index>?
        for _ in 0...occurrence {
            found = text.range(of: phrase, range: from..<text.endIndex)
            from = found!.upperBound
        }
        let start = text.utf8.distance(from: text.startIndex, to: found!.lowerBound)
        return TextSpan(start: start, end: start + phrase.utf8.count)
    }

    /// A document whose every field tries to break an export: markup, a formula, quotes, commas,
    /// line breaks, emoji, and a label that tries to close its attribute.
    static var hostile: Document {
        let text = """
            =cmd|' /C calc'!A0
            <script>alert(1)</script> said "Zoë, the 🙂 fan", on a line
            with a comma, a "quote" and a newline; @SUM(1+1) and -2+3.
            """
        var document = Document(
            id: "hostile, \"one\"", source: "in/<b>.txt", text: text,
            metadata: Metadata(
                title: #"=HYPERLINK("http://x","<i>click</i>")"#, date: "2025-02-13",
                extra: ["note": "a,b\n\"c\"", "rank": 3]))
        document.sentences = [
            span("=cmd|' /C calc'!A0", in: text),
            TextSpan(
                start: span("<script>", in: text).start, end: span("a newline;", in: text).end),
            span("@SUM(1+1) and -2+3.", in: text),
        ]
        document.entities = [
            Entity(span: span("=cmd|' /C calc'!A0", in: text), label: "ORG", canonical: "", confidence: 0.5),
            Entity(
                span: span("<script>alert(1)</script>", in: text), label: "ORG", canonical: "<b>Script</b> & Co",
                confidence: 0.75),
            Entity(span: span("Zoë", in: text), label: "PERSON", canonical: "Zoë \"Z\" Smith", confidence: 0.9),
            Entity(
                span: span("🙂", in: text), label: #"X"><img src=x onerror=alert(2)>"#, canonical: "🙂",
                confidence: 1),
        ]
        document.summary = Summary(
            text: "\"<script>alert(3)</script>\" = summary,\nwith \"quotes\" 🙂",
            sentences: [.init(index: 1, span: document.sentences![1], score: 0.5)])
        document.keywords = [
            Keyword(text: "=1+1", score: 0.9), Keyword(text: "a \"quoted, phrase\"", score: 0.5),
            Keyword(text: "line\nbreak", score: 0.25),
        ]
        document.fields = ["flag": true]
        return document
    }

    /// The seed article with the annotations the analysis stages will give it: hand-placed entities,
    /// sentences split at full stops and line breaks, a three-sentence summary and key phrases.
    static var seed: Document {
        let text =
            (try? String(contentsOf: packageRoot.appendingPathComponent("Examples/data/seed.txt"), encoding: .utf8))
            ?? ""
        var document = Document(
            id: "seed.txt", source: "Examples/data/seed.txt", text: text,
            metadata: Metadata(title: "Trump Initiates Peace Talks With Putin For Ukraine War", date: "2025-02-13"))
        document.sentences = sentences(in: text)
        document.entities = entities(in: text, names: seedNames)
        let chosen = [5, 9, 27]
        let summarySpans = chosen.map { document.sentences![$0] }
        document.summary = Summary(
            text: summarySpans.map { String(document[$0]) }.joined(separator: " "),
            sentences: zip(chosen, summarySpans).enumerated().map {
                Summary.Sentence(index: $0.element.0, span: $0.element.1, score: 0.3 - Double($0.offset) * 0.05)
            })
        document.keywords = [
            Keyword(text: "peace talks", score: 0.82), Keyword(text: "Ukraine war", score: 0.74),
            Keyword(text: "negotiations", score: 0.61), Keyword(text: "NATO membership", score: 0.44),
            Keyword(text: "security guarantees", score: 0.38),
        ]
        return document
    }

    /// The names placed in the seed: mention, label, canonical name.
    static let seedNames: [(String, String, String)] = [
        ("Donald Trump", "PERSON", "Donald Trump"), ("Trump", "PERSON", "Donald Trump"),
        ("Vladimir Putin", "PERSON", "Vladimir Putin"), ("Putin", "PERSON", "Vladimir Putin"),
        ("Volodymyr Zelensky", "PERSON", "Volodymyr Zelensky"), ("Zelensky", "PERSON", "Volodymyr Zelensky"),
        ("Pete Hegseth", "PERSON", "Pete Hegseth"), ("Marc Fogel", "PERSON", "Marc Fogel"),
        ("Marco Rubio", "PERSON", "Marco Rubio"), ("John Ratcliffe", "PERSON", "John Ratcliffe"),
        ("Michael Waltz", "PERSON", "Michael Waltz"), ("Mohammed bin Salman", "PERSON", "Mohammed bin Salman"),
        ("Dmitry Peskov", "PERSON", "Dmitry Peskov"), ("Peskov", "PERSON", "Dmitry Peskov"),
        ("Ukraine", "LOC", "Ukraine"), ("Russia", "LOC", "Russia"), ("U.S.", "LOC", "United States"),
        ("Saudi Arabia", "LOC", "Saudi Arabia"), ("Brussels", "LOC", "Brussels"), ("Kyiv", "LOC", "Kyiv"),
        ("Crimea", "LOC", "Crimea"), ("Middle East", "LOC", "Middle East"), ("UK", "LOC", "United Kingdom"),
        ("White House", "ORG", "White House"), ("NATO", "ORG", "NATO"), ("CIA", "ORG", "CIA"),
        ("Kremlin", "ORG", "Kremlin"), ("Truth Social", "ORG", "Truth Social"),
        ("Ukrainian", "NORP", "Ukrainian"), ("Russian", "NORP", "Russian"), ("American", "NORP", "American"),
        ("European", "NORP", "European"), ("Saudi", "NORP", "Saudi"),
        ("Feb 13, 2025", "DATE", "Feb 13, 2025"), ("13 February 2025", "DATE", "13 February 2025"),
        ("Wednesday", "DATE", "Wednesday"), ("fourth year", "DATE", "fourth year"),
    ]

    /// Every whole-word occurrence of the names, longest first where two would overlap.
    static func entities(in text: String, names: [(String, String, String)]) -> [Entity] {
        let bytes = Array(text.utf8)
        var taken = [Bool](repeating: false, count: bytes.count)
        var found: [Entity] = []
        func isWordByte(_ offset: Int) -> Bool {
            guard offset >= 0, offset < bytes.count else { return false }
            let byte = bytes[offset]
            return byte >= 0x80 || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
        }
        for (name, label, canonical) in names.sorted(by: { $0.0.utf8.count > $1.0.utf8.count }) {
            let pattern = Array(name.utf8)
            var start = 0
            while start + pattern.count <= bytes.count {
                let end = start + pattern.count
                if bytes[start..<end].elementsEqual(pattern), !isWordByte(start - 1),
                    !isWordByte(end) || !isWordByte(end - 1), !taken[start..<end].contains(true)
                {
                    for offset in start..<end { taken[offset] = true }
                    found.append(
                        Entity(
                            span: TextSpan(start: start, end: end), label: label, canonical: canonical,
                            confidence: 0.9))
                    start = end
                } else {
                    start += 1
                }
            }
        }
        return found.sorted { $0.span.start < $1.span.start }
    }

    /// Sentences ending at `.`, `?` or `!` before a space, or at a line break; blank lines skipped.
    static func sentences(in text: String) -> [TextSpan] {
        let bytes = Array(text.utf8)
        var spans: [TextSpan] = []
        var start = 0
        func close(_ end: Int) {
            var first = start
            while first < end, bytes[first] == 0x20 || bytes[first] == 0x0A { first += 1 }
            if first < end { spans.append(TextSpan(start: first, end: end)) }
            start = end
        }
        for offset in bytes.indices {
            if bytes[offset] == 0x0A {
                close(offset)
            } else if [0x2E, 0x3F, 0x21].contains(bytes[offset]), offset + 1 < bytes.count, bytes[offset + 1] == 0x20,
                offset < 2 || bytes[offset - 2] != 0x2E
            {
                close(offset + 1)
            }
        }
        close(bytes.count)
        return spans
    }

    /// Runs `documents` through the sink that `sinkYAML` (one flow mapping) declares, built by the real
    /// pipeline loader, as `pipe run` would; relative paths resolve in `folder`.
    @discardableResult
    static func export(_ documents: [Document], sink sinkYAML: String, in folder: ScratchFolder) throws -> RunReport {
        var pipeline = try PipelineLoader(registry: .builtin).load(
            text: "name: report\nreader: {type: text, text: unused}\nsinks:\n  - \(sinkYAML)\n", file: "report.yaml",
            baseDirectory: folder.url.path)
        pipeline.readers = [Stage(id: "memory", type: "memory", instance: MemoryReader(documents))]
        return PipelineRunner(pipeline: pipeline, options: RunOptions(concurrency: 2)).run()
    }
}
