import Foundation
import Testing

@testable import BuiltinStages

struct CSVRecordReaderTests {
    /// Every record as its fields, or `!` and the message for a malformed one, with its start line.
    func records(_ text: String, chunk: Int = 1 << 16, delimiter: Character = ",") throws -> [String] {
        let file = try TemporaryFile(text)
        let reader = CSVRecordReader(stream: file.stream(chunk: chunk), delimiter: delimiter.asciiValue!)
        var found: [String] = []
        while let outcome = try reader.next() {
            switch outcome {
            case .record:
                let fields = (0..<reader.fieldCount).map { String(decoding: reader.field($0), as: UTF8.self) }
                found.append("\(reader.startLine): " + fields.joined(separator: "|"))
            case .malformed(let message):
                found.append("\(reader.startLine)! \(message) [\(String(decoding: reader.raw, as: UTF8.self))]")
            }
        }
        return found
    }

    @Test(arguments: [
        ("a,b,c\n1,2,3\n", ["1: a|b|c", "2: 1|2|3"]),
        ("a,b\r\n1,2\r\n", ["1: a|b", "2: 1|2"]),
        ("no newline at end", ["1: no newline at end"]),
        ("a,,c,\n,\n", ["1: a||c|", "2: |"]),
        ("\"quoted, with comma\",\"say \"\"hi\"\"\"\n", [#"1: quoted, with comma|say "hi""#]),
        ("\"two\nlines\",x\nnext\n", ["1: two\nlines|x", "3: next"]),
        ("\"crlf\r\ninside\"\r\nz\r\n", ["1: crlf\r\ninside", "3: z"]),
        ("\"\",\"\"\"\"\n", [#"1: |""#]),
        ("a\n\n\r\nb\n\n", ["1: a", "4: b"]),
        ("in\"side,x\n", [#"1: in"side|x"#]),
        ("\"ends at eof\"", ["1: ends at eof"]),
        ("", []),
    ])
    func splitsRecordsAsRFC4180Says(text: String, expected: [String]) throws {
        for chunk in [4, 5, 6, 7, 64] {
            #expect(try records(text, chunk: chunk) == expected, "chunks of \(chunk)")
        }
    }

    @Test func aQuoteThatNeverClosesCostsOnlyItsLine() throws {
        let text = "h1,h2\n1,\"open\n2,\"closed\"\n3,plain\n"
        for chunk in [4, 5, 9, 64] {
            #expect(
                try records(text, chunk: chunk) == [
                    "1: h1|h2",
                    "2! unbalanced quote in the record that starts on line 2 [1,\"open]",
                    "3: 2|closed",
                    "4: 3|plain",
                ], "chunks of \(chunk)")
        }
    }

    @Test func aStrayQuoteAfterAQuotedFieldIsMalformed() throws {
        #expect(
            try records("\"He said \"hi\"\",x\nnext\n") == [
                #"1! unbalanced quote in the record that starts on line 1 ["He said "hi"",x]"#,
                "2: next",
            ])
    }

    @Test func anUnclosedQuoteAtTheEndIsMalformed() throws {
        #expect(
            try records("a\n\"never closed") == [
                "1: a", "2! unbalanced quote in the record that starts on line 2 [\"never closed]",
            ])
    }

    @Test func otherDelimitersWork() throws {
        #expect(try records("a;\"b;c\"\n", delimiter: ";") == ["1: a|b;c"])
        #expect(try records("a\tb, c\n", delimiter: "\t") == ["1: a|b, c"])
    }

    @Test func aRecordPastTheSizeLimitIsTakenForAnOpenQuote() throws {
        let huge = "x,\"" + String(repeating: "y", count: CSVRecordReader.maximumRecordBytes + 10) + "\nz\n"
        let found = try records(huge)
        #expect(found.count == 2)
        #expect(
            found.first?.hasPrefix(
                "1! unbalanced quote in the record that starts on line 1 (no closing quote within 16 MB)") == true)
        #expect(found.last == "2: z")
    }
}
