import Testing

@testable import PipeKit

/// Loads `text` as the file `test.yaml`.
private func load(_ text: String) throws(ConfigError) -> YAMLNode? {
    try YAMLLoader.load(text, file: "test.yaml")
}

/// The error loading `text` throws, or `nil` when it loads.
private func loadError(_ text: String) -> ConfigError? {
    do {
        _ = try load(text)
        return nil
    } catch {
        return error
    }
}

/// One line per node, indented by depth: its location, then the scalar text and style or the collection kind.
///
/// A mapping lists each key, then its value one level deeper, so locations can be compared as one string.
private func outline(_ node: YAMLNode?, depth: Int = 0) -> String {
    guard let node else { return "nil\n" }
    let indent = String(repeating: "  ", count: depth)
    let place = "\(node.location.line):\(node.location.column)"
    switch node.content {
    case .scalar(let scalar):
        return "\(indent)\(place) \(scalar.text.debugDescription) \(scalar.style)\n"
    case .sequence(let items):
        return "\(indent)\(place) sequence\n" + items.map { outline($0, depth: depth + 1) }.joined()
    case .mapping(let pairs):
        return "\(indent)\(place) mapping\n"
            + pairs.map { outline($0.key, depth: depth + 1) + outline($0.value, depth: depth + 2) }.joined()
    }
}

/// The value under `key` in a mapping node, for tests that look at one entry.
private func value(_ key: String, in node: YAMLNode?) -> YAMLNode? {
    guard case .mapping(let pairs)? = node?.content else { return nil }
    return pairs.first { pair in
        if case .scalar(let scalar) = pair.key.content { scalar.text == key } else { false }
    }?.value
}

/// The scalar of a scalar node, else `nil`.
private func scalar(_ node: YAMLNode?) -> YAMLScalar? {
    guard case .scalar(let scalar)? = node?.content else { return nil }
    return scalar
}

// MARK: - Structure and locations

@Test func blockMappingsAndSequencesKeepTheLineAndColumnOfEveryNode() throws {
    let text = """
        name: news
        stages:
          - fetch
          - summarize:
              sentences: 3
        tags: [a, 'b']

        """
    #expect(
        try outline(load(text)) == """
            1:1 mapping
              1:1 "name" plain
                1:7 "news" plain
              2:1 "stages" plain
                3:3 sequence
                  3:5 "fetch" plain
                  4:5 mapping
                    4:5 "summarize" plain
                      5:7 mapping
                        5:7 "sentences" plain
                          5:18 "3" plain
              6:1 "tags" plain
                6:7 sequence
                  6:8 "a" plain
                  6:11 "b" singleQuoted

            """)
}

@Test func flowCollectionsKeepTheLineAndColumnOfEveryNode() throws {
    let text = """
        {a: [1, {b: "c"}],
         d: []}
        """
    #expect(
        try outline(load(text)) == """
            1:1 mapping
              1:2 "a" plain
                1:5 sequence
                  1:6 "1" plain
                  1:9 mapping
                    1:10 "b" plain
                      1:13 "c" doubleQuoted
              2:2 "d" plain
                2:5 sequence

            """)
}

@Test func aTopLevelScalarOrSequenceIsADocumentToo() throws {
    #expect(try outline(load("hello")) == "1:1 \"hello\" plain\n")
    #expect(try outline(load("- 1\n- 2\n")) == "1:1 sequence\n  1:3 \"1\" plain\n  2:3 \"2\" plain\n")
}

@Test func everyNodeCarriesTheFileName() throws {
    let root = try YAMLLoader.load("a: &x [1, {b: c}]\nd: *x\n", file: "dir/p.yaml")
    var pending = try [#require(root)]
    var seen = 0
    while let node = pending.popLast() {
        #expect(node.location.file == "dir/p.yaml")
        seen += 1
        switch node.content {
        case .scalar: break
        case .sequence(let items): pending += items
        case .mapping(let pairs): pending += pairs.flatMap { [$0.key, $0.value] }
        }
    }
    #expect(seen == 13)
}

@Test(arguments: ["", "\n\n", "# only a comment\n", "  # indented comment\n# another"])
func textWithoutADocumentLoadsAsNil(text: String) throws {
    #expect(try load(text) == nil)
}

@Test func anExplicitEmptyDocumentIsANullScalar() throws {
    let node = try load("---\n")
    #expect(scalar(node) == YAMLScalar(text: ""))
    #expect(scalar(node)?.value == .null)
}

// MARK: - Scalars

@Test(arguments: [
    ("v: plain", YAMLScalar(text: "plain")),
    ("v: 'single ''quoted'''", YAMLScalar(text: "single 'quoted'", style: .singleQuoted)),
    ("v: \"double\\tquoted\"", YAMLScalar(text: "double\tquoted", style: .doubleQuoted)),
    ("v: |\n  line 1\n  line 2\n", YAMLScalar(text: "line 1\nline 2\n", style: .literal)),
    ("v: >\n  folded\n  text\n", YAMLScalar(text: "folded text\n", style: .folded)),
    ("v: !!str 3", YAMLScalar(text: "3", tag: "tag:yaml.org,2002:str")),
    ("v: !!int \"3\"", YAMLScalar(text: "3", style: .doubleQuoted, tag: "tag:yaml.org,2002:int")),
    ("v: ! 3", YAMLScalar(text: "3", tag: "!")),
    ("v: !local 3", YAMLScalar(text: "3", tag: "!local")),
    ("v:", YAMLScalar(text: "")),
])
func scalarsKeepTheirTextStyleAndTag(text: String, expected: YAMLScalar) throws {
    #expect(try scalar(value("v", in: load(text))) == expected)
}

@Test(arguments: [
    // null
    ("~", YAMLValue.null), ("null", .null), ("Null", .null), ("NULL", .null), ("", .null), ("nULL", .string("nULL")),
    // bool
    ("true", .bool(true)), ("True", .bool(true)), ("TRUE", .bool(true)),
    ("false", .bool(false)), ("False", .bool(false)), ("FALSE", .bool(false)), ("tRUE", .string("tRUE")),
    // YAML 1.1 booleans are strings in 1.2
    ("yes", .string("yes")), ("no", .string("no")), ("on", .string("on")), ("off", .string("off")),
    ("y", .string("y")), ("n", .string("n")),
    // int
    ("0", .int(0)), ("42", .int(42)), ("-12", .int(-12)), ("+12", .int(12)), ("007", .int(7)),
    ("0o17", .int(15)), ("0o8", .string("0o8")), ("0o", .string("0o")), ("0x1F", .int(31)), ("0xff", .int(255)),
    ("0xG", .string("0xG")), ("0X1F", .string("0X1F")), ("-0x1F", .string("-0x1F")), ("1_000", .string("1_000")),
    ("9223372036854775807", .int(Int.max)), ("-9223372036854775808", .int(Int.min)),
    ("9223372036854775808", .double(9_223_372_036_854_775_808)),
    ("0x8000000000000000", .string("0x8000000000000000")),
    ("0o1777777777777777777777", .string("0o1777777777777777777777")),
    // float
    ("1.5", .double(1.5)), ("-1.5", .double(-1.5)), (".5", .double(0.5)), ("+.5", .double(0.5)), ("1.", .double(1)),
    ("1e3", .double(1000)), ("1E-3", .double(0.001)), ("-1.5e+3", .double(-1500)), ("1.e2", .double(100)),
    (".inf", .double(.infinity)), ("+.Inf", .double(.infinity)), ("-.INF", .double(-.infinity)),
    ("1e", .string("1e")), ("e3", .string("e3")), (".e3", .string(".e3")), ("1e3.5", .string("1e3.5")),
    (".", .string(".")), ("+", .string("+")), ("-", .string("-")), ("1.2.3", .string("1.2.3")),
    ("inf", .string("inf")), ("nan", .string("nan")), (".Nan", .string(".Nan")),
    // anything else
    ("hello", .string("hello")), ("1 2", .string("1 2")), ("0x", .string("0x")),
])
func plainScalarsResolveByTheCoreSchema(text: String, expected: YAMLValue) {
    #expect(YAMLScalar(text: text).value == expected)
}

@Test(arguments: [".nan", ".NaN", ".NAN"])
func notANumberResolvesToNaN(text: String) {
    guard case .double(let value) = YAMLScalar(text: text).value else {
        Issue.record("\(text) did not resolve to a double")
        return
    }
    #expect(value.isNaN)
}

@Test(arguments: [
    (YAMLScalar(text: "3", style: .doubleQuoted), YAMLValue.string("3")),
    (YAMLScalar(text: "true", style: .singleQuoted), .string("true")),
    (YAMLScalar(text: "null", style: .literal), .string("null")),
    (YAMLScalar(text: "1.5", style: .folded), .string("1.5")),
    (YAMLScalar(text: "", style: .doubleQuoted), .string("")),
])
func quotedAndBlockScalarsStayStrings(scalar: YAMLScalar, expected: YAMLValue) {
    #expect(scalar.value == expected)
}

@Test(arguments: [
    ("str", "3", YAMLValue.string("3")), ("str", "null", .string("null")),
    ("int", "3", .int(3)), ("int", "0x10", .int(16)), ("int", "3.5", .string("3.5")),
    ("float", "3", .double(3)), ("float", "2.5", .double(2.5)), ("float", "abc", .string("abc")),
    ("bool", "true", .bool(true)), ("bool", "yes", .string("yes")),
    ("null", "", .null), ("null", "~", .null), ("null", "x", .string("x")),
    ("timestamp", "2001-12-14", .string("2001-12-14")),
])
func explicitCoreTagsApplyTheirTypeWhenTheTextReadsAsIt(tag: String, text: String, expected: YAMLValue) {
    #expect(YAMLScalar(text: text, style: .doubleQuoted, tag: "tag:yaml.org,2002:" + tag).value == expected)
}

@Test func theNonSpecificAndLocalTagsMakeStrings() throws {
    let node = try load("a: ! 3\nb: !local true\nc: !!float 1\n")
    #expect(scalar(value("a", in: node))?.value == .string("3"))
    #expect(scalar(value("b", in: node))?.value == .string("true"))
    #expect(scalar(value("c", in: node))?.value == .double(1))
}

// MARK: - Anchors, aliases and merge keys

@Test func anAliasIsACopyOfTheAnchoredNodeWithItsLocation() throws {
    let node = try load("base: &b {x: 1}\ncopy: *b\nname: &n hi\nsame: *n\n")
    #expect(outline(value("copy", in: node)) == "1:7 mapping\n  1:11 \"x\" plain\n    1:14 \"1\" plain\n")
    #expect(scalar(value("same", in: node)) == YAMLScalar(text: "hi"))
    #expect(value("same", in: node)?.location.line == 3)
}

@Test func aRedefinedAnchorRefersToTheLaterNode() throws {
    let node = try load("a: &x 1\nb: *x\nc: &x 2\nd: *x\ne: &y [&y 3, *y]\nf: *y\n")
    #expect(scalar(value("b", in: node))?.text == "1")
    #expect(scalar(value("d", in: node))?.text == "2")
    #expect(outline(value("e", in: node)) == "5:4 sequence\n  5:8 \"3\" plain\n  5:8 \"3\" plain\n")
    #expect(scalar(value("f", in: node))?.text == "3")
}

@Test func aMergeKeyAddsThePairsOfAMappingAndExplicitKeysWinInAnyOrder() throws {
    let text = """
        base: &base {x: 1, y: 2, z: 3}
        job:
          x: 10
          <<: *base
          z: 30

        """
    #expect(
        try outline(value("job", in: load(text))) == """
            3:3 mapping
              3:3 "x" plain
                3:6 "10" plain
              1:20 "y" plain
                1:23 "2" plain
              5:3 "z" plain
                5:6 "30" plain

            """)
}

@Test func aMergeListLetsEarlierMappingsWinOverLaterOnes() throws {
    let text = """
        one: &one {a: 1, b: 1}
        two: &two {b: 2, c: 2}
        job:
          <<: [*one, *two, {c: 3, d: 3}]
          d: 4

        """
    #expect(
        try outline(value("job", in: load(text))) == """
            4:3 mapping
              1:12 "a" plain
                1:15 "1" plain
              1:18 "b" plain
                1:21 "1" plain
              2:18 "c" plain
                2:21 "2" plain
              5:3 "d" plain
                5:6 "4" plain

            """)
}

@Test func mergedKeysAreNotDuplicatesAndAQuotedMergeKeyIsAnOrdinaryKey() throws {
    let node = try load("a: &a {k: 1}\nb: {<<: *a, <<: {k: 2, m: 2}, \"<<\": x}\n")
    #expect(
        outline(value("b", in: node)) == """
            2:4 mapping
              1:8 "k" plain
                1:11 "1" plain
              2:24 "m" plain
                2:27 "2" plain
              2:31 "<<" doubleQuoted
                2:37 "x" plain

            """)
}

@Test(arguments: [
    ("<<: 3\n", 1, 5, 1),
    ("a: &a 3\nb:\n  <<: *a\n", 3, 7, 2),
    ("<<: [{a: 1}, 2]\n", 1, 5, 1),
    ("<<: [[{a: 1}]]\n", 1, 5, 1),
])
func aMergeKeyRejectsAnythingButMappings(text: String, line: Int, column: Int, length: Int) throws {
    let error = try #require(loadError(text))
    #expect(error.message == "'<<' merges a mapping or a list of mappings")
    #expect(error.location == SourceLocation(file: "test.yaml", line: line, column: column))
    #expect(error.length == length)
}

@Test func anUnknownAliasIsAnError() throws {
    let error = try #require(loadError("a: &x 1\nb: *y\n"))
    #expect(error.message == "unknown alias '*y'")
    #expect(error.location == SourceLocation(file: "test.yaml", line: 2, column: 4))
    #expect(error.sourceLine == "b: *y")
    #expect(error.length == 2)
}

@Test(arguments: ["a: &x [1, *x]\n", "a: &x\n  b:\n    c: *x\n", "a: &x {k: &y [*x]}\n"])
func anAliasInsideItsOwnAnchorIsACycle(text: String) throws {
    let error = try #require(loadError(text))
    #expect(error.message == "alias '*x' refers to a node that contains it (an alias cycle)")
}

@Test func theBillionLaughsAreRejectedQuickly() throws {
    var text = "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n"
    let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
    for (previous, name) in zip(names, names.dropFirst()) {
        text += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 9).joined(separator: ", ") + "]\n"
    }
    let clock = ContinuousClock()
    var error: ConfigError?
    let elapsed = clock.measure { error = loadError(text) }
    #expect(error?.message == "the document expands to more than 100000 nodes through aliases")
    #expect(error?.location?.line == 6)
    #expect(elapsed < .seconds(5))
}

@Test func aliasesBelowTheNodeLimitLoad() throws {
    let text = "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n"
    guard case .sequence(let items)? = try value("c", in: load(text))?.content else {
        Issue.record("c is not a sequence")
        return
    }
    #expect(items.count == 4)
}

// MARK: - Limits

@Test func tenThousandOpenBracketsAreRejectedWithoutCrashing() throws {
    let error = try #require(loadError(String(repeating: "[", count: 10_000)))
    #expect(error.message == "nesting is deeper than 256 levels")
    #expect(error.location == SourceLocation(file: "test.yaml", line: 1, column: 257))
}

@Test func deeplyNestedBlockMappingsAreRejected() throws {
    let text = (0..<300).map { String(repeating: " ", count: $0) + "k:" }.joined(separator: "\n") + " 1\n"
    let error = try #require(loadError(text))
    #expect(error.message == "nesting is deeper than 256 levels")
    #expect(error.location?.line == 257)
}

@Test func twoHundredFiftySixLevelsOfNestingLoad() throws {
    let text = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
    #expect(try load(text) != nil)
}

// MARK: - Duplicate keys and documents

@Test(arguments: [
    ("a: 1\nb: 2\na: 3\n", "a", 3, 1, 1, 1),
    ("a: 1\n\"a\": 2\n", "a", 2, 1, 3, 1),
    ("job:\n  name: x\n  'name': y\n", "name", 3, 3, 6, 2),
    ("{x: 1, x: 2}", "x", 1, 8, 1, 1),
    ("k: &k x\nm: {x: 1, *k : 2}\n", "x", 2, 11, 2, 2),
])
func aDuplicateKeyIsReportedAtItsSecondOccurrence(
    text: String, key: String, line: Int, column: Int, length: Int, firstLine: Int
) throws {
    let error = try #require(loadError(text))
    #expect(error.message == "duplicate key '\(key)' (first set at line \(firstLine))")
    #expect(error.location == SourceLocation(file: "test.yaml", line: line, column: column))
    #expect(error.length == length)
}

@Test func equalKeysInDifferentMappingsAndCollectionKeysAreNotDuplicates() throws {
    #expect(try load("a: {x: 1}\nb: {x: 1}\n? [k]\n: 1\n? [k]\n: 2\n") != nil)
}

@Test(arguments: [("a: 1\n---\nb: 2\n", 2, 1, 3), ("--- 1\n--- 2\n", 2, 1, 3)])
func aSecondDocumentIsAnError(text: String, line: Int, column: Int, length: Int) throws {
    let error = try #require(loadError(text))
    #expect(error.message == "expected one YAML document, found a second one")
    #expect(error.location == SourceLocation(file: "test.yaml", line: line, column: column))
    #expect(error.length == length)
}

// MARK: - libyaml's errors

@Test func aTabIndentedFileGetsHelpAboutSpaces() throws {
    let error = try #require(loadError("stages:\n\t- fetch\n"))
    #expect(error.message == "a tab is used for indentation")
    #expect(error.location == SourceLocation(file: "test.yaml", line: 2, column: 1))
    #expect(error.help == "YAML indents with spaces, not tabs; replace the tab with spaces")
}

@Test func anUnclosedQuoteIsReportedWhereItOpens() throws {
    let error = try #require(loadError("a: 1\nb: \"open\nc: 2\n"))
    #expect(error.message == "this quoted string is never closed")
    #expect(error.location == SourceLocation(file: "test.yaml", line: 2, column: 4))
    #expect(error.help == "add the closing quote")
}

@Test func aQuoteClosedLinesLaterIsReportedOnTheLineThatOpensIt() throws {
    let error = try #require(loadError("a: \"open\nb: 1\nc: [\"x\"]\n"))
    #expect(error.message == "this quoted string is not closed on its line")
    #expect(error.location == SourceLocation(file: "test.yaml", line: 1, column: 4))
}

@Test func anUnclosedBracketIsReportedWhereItOpens() throws {
    let error = try #require(loadError("a: [1, 2\nb: 3\n"))
    #expect(error.message == "this '[' is never closed")
    #expect(error.location == SourceLocation(file: "test.yaml", line: 1, column: 4))
    #expect(error.help == "add ']' after the list's last item (the list runs on to line 2)")
}

@Test func badIndentationIsReportedWithOneBasedLocations() throws {
    let error = try #require(loadError("a:\n  b: 1\n c: 2\n"))
    #expect(error.message == "did not find expected key (while parsing a block mapping at 1:1)")
    #expect(error.location == SourceLocation(file: "test.yaml", line: 3, column: 2))
    #expect(error.sourceLine == " c: 2")
}

@Test func aMissingColonNamesTheSimpleKey() throws {
    let error = try #require(loadError("a: 1\nb\nc: 2\n"))
    #expect(error.message == "could not find expected ':' (while scanning a simple key at 2:1)")
    #expect(error.location?.line == 3)
}

@Test(arguments: [("a: x\u{0}y\n", "0000", 5), ("k: \u{7}\n", "0007", 4), ("k: \u{FFFE}\n", "FFFE", 4)])
func controlCharactersAreRejectedAndNamed(text: String, code: String, column: Int) throws {
    let error = try #require(loadError(text))
    #expect(error.message == "control characters are not allowed (U+\(code))")
    #expect(error.location == SourceLocation(file: "test.yaml", line: 1, column: column))
}

@Test func invalidUTF8IsReplacedBeforeLibyamlSeesIt() throws {
    let text = String(decoding: [UInt8(ascii: "a"), UInt8(ascii: ":"), UInt8(ascii: " "), 0xFF], as: UTF8.self)
    #expect(try scalar(value("a", in: load(text)))?.text == "\u{FFFD}")
}

@Test func carriageReturnsAreLeftOutOfTheQuotedLine() throws {
    let error = try #require(loadError("a: 1\r\na: 2\r\n"))
    #expect(error.sourceLine == "a: 2")
}

// MARK: - Rendering

@Test func aDuplicateKeyRendersWithItsLineAndCaret() throws {
    let error = try #require(loadError("job:\n  name: x\n  name: y\n"))
    #expect(
        error.description == """
            test.yaml:3:3: error: duplicate key 'name' (first set at line 2)
              name: y
              ^~~~
            """)
}

@Test func aTabRendersWithItsHelp() throws {
    let error = try #require(loadError("a:\n\tb: 1\n"))
    #expect(
        error.description == """
            test.yaml:2:1: error: a tab is used for indentation
              \tb: 1
              ^
            YAML indents with spaces, not tabs; replace the tab with spaces
            """)
}

@Test func anUnknownAliasRendersUnderTheAlias() throws {
    let error = try #require(loadError("a: &x 1\nb: [1, *y]\n"))
    #expect(
        error.description == """
            test.yaml:2:8: error: unknown alias '*y'
              b: [1, *y]
                     ^~
            """)
}

@Test func aBadMergeRendersUnderTheValue() throws {
    let error = try #require(loadError("job:\n  <<: [{a: 1}, oops]\n"))
    #expect(
        error.description == """
            test.yaml:2:7: error: '<<' merges a mapping or a list of mappings
              <<: [{a: 1}, oops]
                  ^
            """)
}
