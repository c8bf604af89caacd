import Foundation
import Testing

@testable import PipeKit

// MARK: - Helpers

/// What `JSONWriter` produced, as text.
private func written(_ body: (inout JSONWriter) -> Void) -> String {
    var writer = JSONWriter()
    body(&writer)
    return String(decoding: writer.bytes, as: UTF8.self)
}

private func written(_ value: JSONValue) -> String {
    written { $0.value(value) }
}

/// Parses through the buffer entry point, which the `[UInt8]` and `String` ones wrap.
private func parsed(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
    try bytes.withUnsafeBufferPointer { buffer in
        Result { () throws(JSONParseError) in try JSONParser.parse(buffer) }
    }.get()
}

/// A slow, obviously right escaper to check the writer's word-at-a-time scan against.
private func referenceQuoted(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        case "\u{2028}": out += "\\u2028"
        case "\u{2029}": out += "\\u2029"
        case ..<" ":
            let hex = String(scalar.value, radix: 16)
            out += "\\u00" + (hex.count == 1 ? "0" + hex : hex)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}

/// SplitMix64: a tiny seeded generator, so the random round trips are the same on every run.
private struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Scalars chosen to hit every escaping rule and every UTF-8 length, with plain letters in between.
private let interestingScalars: [Unicode.Scalar] = [
    "a", "b", "z", " ", "/", "\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "é", "\u{301}", "’",
    "\u{2027}", "\u{2028}", "\u{2029}", "\u{202A}", "日", "\u{FFFF}", "😀", "\u{10FFFF}",
]

private func randomString(using generator: inout SeededGenerator) -> String {
    var s = String.UnicodeScalarView()
    for _ in 0..<Int.random(in: 0...24, using: &generator) {
        if Bool.random(using: &generator) {
            s.append(Unicode.Scalar(UInt8.random(in: 0x61...0x7A, using: &generator)))
        } else {
            s.append(interestingScalars.randomElement(using: &generator)!)
        }
    }
    return String(s)
}

private func randomValue(depth: Int, using generator: inout SeededGenerator) -> JSONValue {
    switch Int.random(in: 0..<(depth < 4 ? 8 : 6), using: &generator) {
    case 0: return .null
    case 1: return .bool(Bool.random(using: &generator))
    case 2:
        let extremes = [0, -1, 1, Int.max, Int.min, Int(Int32.max) + 1]
        return .int(
            Bool.random(using: &generator)
                ? extremes.randomElement(using: &generator)! : Int.random(in: -1_000_000...1_000_000, using: &generator)
        )
    case 3:
        // Any finite bit pattern: subnormals, -0.0, huge exponents, and integral values like 3.0.
        var number: Double
        repeat {
            number = Double(bitPattern: generator.next())
        } while !number.isFinite
        return .double(Bool.random(using: &generator) ? number : Double(Int.random(in: -99...99, using: &generator)))
    case 4, 5: return .string(randomString(using: &generator))
    case 6:
        return .array(
            (0..<Int.random(in: 0...5, using: &generator)).map { _ in
                randomValue(depth: depth + 1, using: &generator)
            })
    default:
        var members: [String: JSONValue] = [:]
        for _ in 0..<Int.random(in: 0...5, using: &generator) {
            members[randomString(using: &generator)] = randomValue(depth: depth + 1, using: &generator)
        }
        return .object(members)
    }
}

/// One malformed input, with where and why the parser must reject it.
struct MalformedInput: Sendable, CustomTestStringConvertible {
    var bytes: [UInt8]
    var offset: Int
    var message: String

    init(_ text: String, _ offset: Int, _ message: String) {
        self.init(bytes: Array(text.utf8), offset, message)
    }

    init(bytes: [UInt8], _ offset: Int, _ message: String) {
        self.bytes = bytes
        self.offset = offset
        self.message = message
    }

    var testDescription: String {
        bytes.count > 40 ? "\(bytes.count) bytes" : String(decoding: bytes, as: UTF8.self).debugDescription
    }
}

// MARK: - Writer: strings

@Suite("JSONWriter")
struct JSONWriterTests {
    @Test("Every control character is escaped, with the short form where JSON has one", arguments: UInt8(0)..<0x20)
    func controlCharacterIsEscaped(byte: UInt8) {
        let short: [UInt8: String] = [0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r"]
        let hex = String(byte, radix: 16)
        let expected = short[byte] ?? "\\u00" + (hex.count == 1 ? "0" + hex : hex)
        #expect(written { $0.string(String(UnicodeScalar(byte))) } == "\"\(expected)\"")
    }

    @Test(
        "Quotes, backslashes and the JavaScript line separators are escaped",
        arguments: [
            ("\"", #""\"""#),
            ("\\", #""\\""#),
            ("\u{2028}", #""\u2028""#),
            ("\u{2029}", #""\u2029""#),
            ("say \"hi\"\\n", #""say \"hi\"\\n""#),
            ("a\u{2028}b\u{2029}c", #""a\u2028b\u2029c""#),
            ("", #""""#),
            ("/", #""/""#),
            ("\u{7F}", "\"\u{7F}\""),
        ])
    func specialCharacterIsEscaped(input: String, expected: String) {
        #expect(written { $0.string(input) } == expected)
    }

    @Test(
        "Emoji, combining characters and other non-ASCII text pass through untouched",
        arguments: [
            "👩‍👩‍👧", "e\u{301}", "日本語", "café", "it’s “quoted” … —", "\u{2027}\u{202A}", "\u{10FFFF}", "🇫🇷",
        ])
    func nonASCIITextIsUntouched(input: String) {
        #expect(written { $0.string(input) } == "\"\(input)\"")
    }

    @Test(
        "Escapes land right wherever they fall in an eight-byte word",
        arguments: [
            "\"", "\\", "\n", "\u{1F}", "\u{2028}", "\u{2029}", "’", "é", "😀",
        ])
    func escapesAtEveryPosition(special: String) {
        for position in 0..<20 {
            for length in [position + 1, 24, 40] {
                var text = String(repeating: "x", count: position) + special
                text += String(repeating: "y", count: max(0, length - position - 1))
                #expect(written { $0.string(text) } == referenceQuoted(text), "at \(position) in \(length)")
            }
        }
        let crowded = String(repeating: special + "ab" + special, count: 9)
        #expect(written { $0.string(crowded) } == referenceQuoted(crowded))
    }

    @Test("Substrings and UTF-8 buffers are written like strings")
    func substringsAndBuffers() {
        let line = "id: \"7\"\n"
        #expect(written { $0.string(line.dropFirst(4)) } == #""\"7\"\n""#)
        let bytes = Array("tab\there".utf8)
        #expect(bytes.withUnsafeBufferPointer { buffer in written { $0.string(utf8: buffer) } } == #""tab\there""#)
    }

    // MARK: Writer: numbers and literals

    @Test(
        "Integers are written in decimal, extremes included",
        arguments: [
            (0, "0"), (7, "7"), (-7, "-7"), (10, "10"), (1_234_567_890, "1234567890"),
            (Int.max, "9223372036854775807"), (Int.min, "-9223372036854775808"),
        ])
    func integers(value: Int, expected: String) {
        #expect(written { $0.int(value) } == expected)
    }

    @Test(
        "Two integer members written at once read as key, int, key, int would",
        arguments: [0, 7, -7, 10, 99, 100, 1_234_567_890, Int.max, Int.min])
    func integerMembers(value: Int) {
        let together = written {
            $0.beginObject()
            $0.key("id")
            $0.int(1)
            $0.intMembers(JSONKey("start"), value, JSONKey("end"), value / 3)
            $0.endObject()
        }
        #expect(together == "{\"id\":1,\"start\":\(value),\"end\":\(value / 3)}")
    }

    @Test(
        "Doubles are written as Swift's description writes them, and non-finite ones as null",
        arguments: [
            (3.0, "3.0"), (-0.0, "-0.0"), (0.1, "0.1"), (1e20, "1e+20"), (1.5e-7, "1.5e-07"),
            (Double.leastNonzeroMagnitude, "5e-324"), (1.7976931348623157e308, "1.7976931348623157e+308"),
            (Double.infinity, "null"), (-Double.infinity, "null"), (Double.nan, "null"),
        ])
    func doubles(value: Double, expected: String) {
        #expect(written { $0.double(value) } == expected)
    }

    @Test("Booleans and null are written as JSON literals")
    func literals() {
        #expect(written { $0.bool(true) } == "true")
        #expect(written { $0.bool(false) } == "false")
        #expect(written { $0.null() } == "null")
    }

    // MARK: Writer: structure

    @Test("Commas go between members and elements, at every depth, and nowhere else")
    func nestedStructures() {
        let text = written { w in
            w.beginObject()
            w.key("a")
            w.int(1)
            w.key("list")
            w.beginArray()
            w.beginArray()
            w.endArray()
            w.beginObject()
            w.endObject()
            w.string("x")
            w.beginArray()
            w.null()
            w.bool(false)
            w.endArray()
            w.double(2.5)
            w.endArray()
            w.key(String("b\"c"))
            w.beginObject()
            w.key("inner")
            w.bool(true)
            w.endObject()
            w.endObject()
        }
        #expect(text == #"{"a":1,"list":[[],{},"x",[null,false],2.5],"b\"c":{"inner":true}}"#)
    }

    @Test("Writes in reserved room come out as without it, also when they outgrow the room", arguments: [0, 16, 4096])
    func writesInReservedRoom(bound: Int) {
        let long = String(repeating: "a\"é", count: 500)
        let body: (inout JSONWriter) -> Void = { w in
            w.beginObject()
            w.key(JSONKey("text"))
            w.string(long)
            w.intMembers(JSONKey("start"), 12, JSONKey("end"), 4_000_000)
            w.key(JSONKey("score"))
            w.double(0.25)
            w.endObject()
        }
        let plain = written { w in
            w.beginArray()
            body(&w)
            body(&w)
            w.endArray()
        }
        let reserved = written { w in
            w.beginArray()
            w.withRoom(bound, body)
            w.withRoom(bound, body)
            w.endArray()
        }
        #expect(reserved == plain)
        #expect(plain.hasPrefix(#"[{"text":"a\"éa"#) && plain.hasSuffix(#""start":12,"end":4000000,"score":0.25}]"#))
    }

    @Test("Top-level values are not separated by commas, so JSON Lines records need only a newline")
    func topLevelValues() {
        let text = written { w in
            w.beginObject()
            w.key("n")
            w.int(1)
            w.endObject()
            w.raw("\n")
            w.string("two")
            w.raw(Array("\n".utf8))
            w.beginArray()
            w.int(3)
            w.endArray()
        }
        #expect(text == "{\"n\":1}\n\"two\"\n[3]")
    }

    @Test("Object keys are sorted by their UTF-8 bytes")
    func sortedKeys() {
        let value: JSONValue = ["b": 1, "a": 2, "B": 3, "aa": 4, "é": 5, "z": 6, "": 7, "😀": 8, "日": 9]
        #expect(written(value) == #"{"":7,"B":3,"a":2,"aa":4,"b":1,"z":6,"é":5,"日":9,"😀":8}"#)
        #expect(written(["outer": ["y": true, "x": nil]]) == #"{"outer":{"x":null,"y":true}}"#)
    }

    @Test("Every kind of value is written by value(_:)")
    func everyKindOfValue() {
        let value: JSONValue = [1, -2.5, "s", true, nil, [], [:], ["k": [1]]]
        #expect(written(value) == #"[1,-2.5,"s",true,null,[],{},{"k":[1]}]"#)
        #expect(value.description == written(value))
    }

    // MARK: Writer against Foundation

    @Test(
        "Foundation's JSONSerialization reads back the writer's strings unchanged",
        arguments: [
            "plain", "\"quoted\" and \\backslashed\\", "separators \u{2028} \u{2029}", "emoji 👩‍👩‍👧 🇫🇷 and e\u{301}",
            "日本語 ’ … —", "", "all controls: " + (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }.joined(),
        ])
    func foundationReadsStrings(text: String) throws {
        let bytes = written { $0.string(text) }.utf8
        let object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        #expect(object as? String == text)
    }

    @Test("Foundation's JSONSerialization reads back a written document with the same members")
    func foundationReadsDocuments() throws {
        let value: JSONValue = [
            "text": "line one\nline \"two\"", "count": 42, "ratio": 0.1, "tags": ["a", "b\u{2028}"], "ok": true,
            "none": nil,
        ]
        let object = try JSONSerialization.jsonObject(with: Data(written(value).utf8))
        let members = try #require(object as? [String: Any])
        #expect(members["text"] as? String == "line one\nline \"two\"")
        #expect((members["count"] as? NSNumber)?.intValue == 42)
        #expect((members["ratio"] as? NSNumber)?.doubleValue == 0.1)
        #expect(members["tags"] as? [String] == ["a", "b\u{2028}"])
        #expect((members["ok"] as? NSNumber)?.boolValue == true)
        #expect(members["none"] is NSNull)
    }
}

// MARK: - Parser

@Suite("JSONParser")
struct JSONParserTests {
    @Test(
        "Valid documents parse to the expected values",
        arguments: [
            (" \t\r\n 1 \n", 1),
            ("-0", .int(0)),
            ("1.0", .double(1)),
            ("-0.0", .double(-0.0)),
            ("1e2", .double(100)),
            ("1E-2", .double(0.01)),
            ("2.5e+3", .double(2500)),
            ("9223372036854775807", .int(.max)),
            ("-9223372036854775808", .int(.min)),
            ("9223372036854775808", .double(0x1p63)),
            ("-9223372036854775809", .double(-0x1p63)),
            ("123456789012345678901234567890", .double(1.2345678901234568e29)),
            ("1e-400", .double(0)),
            ("true", true),
            ("false", false),
            ("null", nil),
            (#""""#, ""),
            (#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{08}\u{0C}\n\r\t"),
            (#""\u00e9\u00E9 \u2028 \u0000""#, "éé \u{2028} \u{0}"),
            (#""\ud83d\ude00 = 😀""#, "😀 = 😀"),
            (#""caf\u00e9 ’ e\u0301""#, "café ’ e\u{301}"),
            ("[]", []),
            ("{}", [:]),
            (#"[1, "two", [3, {"four": 4}], null]"#, [1, "two", [3, ["four": 4]], nil]),
            (#"{"a": 1, "b": {"c": [true]}, "a": 2}"#, ["a": 2, "b": ["c": [true]]]),
            (#"{"": 0}"#, ["": 0]),
        ] as [(String, JSONValue)])
    func validDocuments(text: String, expected: JSONValue) throws {
        #expect(try JSONParser.parse(text) == expected)
        #expect(try JSONParser.parse(Array(text.utf8)) == expected)
        #expect(try parsed(Array(text.utf8)) == expected)
    }

    @Test(
        "Malformed input is rejected with the offending byte's offset and a short message",
        arguments: [
            MalformedInput("", 0, "unexpected end of input"),
            MalformedInput("   ", 3, "unexpected end of input"),
            MalformedInput("[1, 2", 5, "unexpected end of input"),
            MalformedInput(#"{"a": 1"#, 7, "unexpected end of input"),
            MalformedInput("[", 1, "unexpected end of input"),
            MalformedInput("tru", 3, "unexpected end of input"),
            MalformedInput("-", 1, "unexpected end of input"),
            MalformedInput("1.", 2, "unexpected end of input"),
            MalformedInput("1e+", 3, "unexpected end of input"),
            MalformedInput(#""abc"#, 0, "unterminated string"),
            MalformedInput(#"["a", "b\"#, 6, "unterminated string"),
            MalformedInput(#""\u12"#, 0, "unterminated string"),
            MalformedInput("[1,]", 2, "trailing comma in an array"),
            MalformedInput(#"{"a":1, }"#, 6, "trailing comma in an object"),
            MalformedInput(#""\q""#, 1, #"invalid escape '\q'"#),
            MalformedInput("\"\\\u{1}\"", 1, #"invalid escape: '\' followed by U+0001"#),
            MalformedInput(#""\u12G4""#, 1, #"expected four hex digits after '\u'"#),
            MalformedInput(#""\ud800""#, 1, #"lone surrogate '\ud800' in a string"#),
            MalformedInput(#""ab\uDC00\ud800""#, 3, #"lone surrogate '\uDC00' in a string"#),
            MalformedInput(#""\ud800\u0041""#, 1, #"lone surrogate '\ud800' in a string"#),
            MalformedInput(#""\ud800\n""#, 1, #"lone surrogate '\ud800' in a string"#),
            MalformedInput(#""\ud800\u12""#, 7, #"expected four hex digits after '\u'"#),
            MalformedInput("\"a\nb\"", 2, "unescaped control character U+000A in a string"),
            MalformedInput("\"tab\there\"", 4, "unescaped control character U+0009 in a string"),
            MalformedInput(bytes: [0x22, 0x61, 0xFF, 0x22], 2, "invalid UTF-8 in a string"),
            MalformedInput(bytes: [0x22, 0xC0, 0x80, 0x22], 1, "invalid UTF-8 in a string"),
            MalformedInput(bytes: [0x22, 0xED, 0xA0, 0x80, 0x22], 1, "invalid UTF-8 in a string"),
            MalformedInput(bytes: [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22], 1, "invalid UTF-8 in a string"),
            MalformedInput(bytes: [0x22, 0x61, 0xE2, 0x82, 0x22], 2, "invalid UTF-8 in a string"),
            MalformedInput(bytes: [0x22] + Array("0123456789".utf8) + [0x80, 0x22], 11, "invalid UTF-8 in a string"),
            MalformedInput(bytes: [0x22, 0xE2, 0x82], 1, "invalid UTF-8 in a string"),
            MalformedInput("01", 0, "leading zeros are not allowed"),
            MalformedInput("[-00]", 2, "leading zeros are not allowed"),
            MalformedInput("-x", 1, "expected a digit after '-'"),
            MalformedInput("1.e3", 2, "expected a digit after '.'"),
            MalformedInput("1ex", 2, "expected a digit after the exponent's 'e'"),
            MalformedInput("1e400", 0, "number is too large"),
            MalformedInput("[-1e999]", 1, "number is too large"),
            MalformedInput("NaN", 0, "expected a value, found 'N'"),
            MalformedInput("+1", 0, "expected a value, found '+'"),
            MalformedInput(".5", 0, "expected a value, found '.'"),
            MalformedInput("\u{0C}1", 0, "expected a value, found U+000C"),
            MalformedInput(bytes: [0xFF], 0, "expected a value, found byte 0xFF"),
            MalformedInput(#"{"a":}"#, 5, "expected a value, found '}'"),
            MalformedInput("trux", 0, "expected 'true'"),
            MalformedInput("nul1", 0, "expected 'null'"),
            MalformedInput("[1] x", 4, "unexpected 'x' after the JSON value"),
            MalformedInput("truex", 4, "unexpected 'x' after the JSON value"),
            MalformedInput("1 é", 2, "unexpected 'é' after the JSON value"),
            MalformedInput("{} {}", 3, "unexpected '{' after the JSON value"),
            MalformedInput(#"{"a" 1}"#, 5, "expected ':' after an object key"),
            MalformedInput(#"{"a":1 "b":2}"#, 7, "expected ',' or '}' after an object member"),
            MalformedInput("[1 2]", 3, "expected ',' or ']' after an array element"),
            MalformedInput("[1}", 2, "expected ',' or ']' after an array element"),
            MalformedInput("{a:1}", 1, "expected a string key, found 'a'"),
            MalformedInput("{1:1}", 1, "expected a string key, found '1'"),
            MalformedInput(String(repeating: "[", count: 513), 512, "nesting is deeper than 512 levels"),
            MalformedInput(String(repeating: #"{"k":"#, count: 513), 2560, "nesting is deeper than 512 levels"),
        ])
    func malformedInput(input: MalformedInput) {
        let expected = JSONParseError(offset: input.offset, message: input.message)
        #expect(throws: expected) { try parsed(input.bytes) }
        #expect(throws: expected) { try JSONParser.parse(input.bytes) }
    }

    @Test("Nesting exactly 512 levels deep is accepted")
    func deepestAllowedNesting() throws {
        let text = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        var value = try JSONParser.parse(text)
        var depth = 0
        while case .array(let elements) = value {
            depth += 1
            value = elements.first ?? nil
        }
        #expect(depth == 512)
    }

    @Test("Errors describe themselves with the message and the offset")
    func errorDescription() {
        let error = JSONParseError(offset: 4, message: "unterminated string")
        #expect(error.description == "unterminated string at byte 4")
    }

    @Test("Parsing what the writer wrote gives back the same value, for 500 random values")
    func roundTrip() throws {
        var generator = SeededGenerator(state: 2024)
        for _ in 0..<500 {
            let value = randomValue(depth: 0, using: &generator)
            let text = written(value)
            #expect(try JSONParser.parse(text) == value, "\(text)")
        }
    }

    @Test("Strings at every position across eight-byte words survive a round trip")
    func stringRoundTripAtEveryPosition() throws {
        for special in ["\"", "\\", "\n", "é", "’", "\u{2028}", "😀", "\u{10FFFF}"] {
            for position in 0..<20 {
                let text = String(repeating: "x", count: position) + special + String(repeating: "y", count: 17)
                #expect(try JSONParser.parse(written { $0.string(text) }) == .string(text))
            }
        }
    }
}

// MARK: - JSONValue

@Suite("JSONValue")
struct JSONValueTests {
    @Test("Accessors return the payload of the matching case and nil otherwise")
    func accessors() {
        let value: JSONValue = ["name": "pipe", "n": 3, "x": 2.5, "on": true, "list": [1], "map": ["k": nil]]
        #expect(value["name"]?.stringValue == "pipe")
        #expect(value["n"]?.intValue == 3)
        #expect(value["x"]?.doubleValue == 2.5)
        #expect(value["on"]?.boolValue == true)
        #expect(value["list"]?.arrayValue == [1])
        #expect(value["map"]?.objectValue == ["k": .null])
        #expect(value["missing"] == nil)
        #expect(value["n"]?.stringValue == nil)
        #expect(value["name"]?.intValue == nil)
        #expect(value["n"]?.boolValue == nil)
        #expect(JSONValue.string("s")["key"] == nil)
    }

    @Test(
        "An integral double counts as an integer, other doubles do not",
        arguments: [
            (3.0, 3), (-0.0, 0), (-0x1p63, Int.min), (3.5, nil), (0x1p63, nil), (1e300, nil), (Double.nan, nil),
            (Double.infinity, nil),
        ] as [(Double, Int?)])
    func intValueOfDouble(number: Double, expected: Int?) {
        #expect(JSONValue.double(number).intValue == expected)
    }

    @Test("An integer reads as a double")
    func doubleValueOfInt() {
        #expect(JSONValue.int(-4).doubleValue == -4.0)
        #expect(JSONValue.string("4").doubleValue == nil)
    }

    @Test("Literals build the matching cases, and a repeated dictionary key keeps its last value")
    func literals() {
        let value: JSONValue = ["a": [nil, true, 1, 1.5, "s"], "b": 1, "b": 2]
        #expect(
            value
                == .object([
                    "a": .array([.null, .bool(true), .int(1), .double(1.5), .string("s")]), "b": .int(2),
                ]))
        #expect(JSONValue.int(1) != JSONValue.double(1))
    }
}
