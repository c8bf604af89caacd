import PipeKit
import Testing

/// The subset match `pipe test` compares records with.
struct JSONExpectationTests {
    static let record: JSONValue = [
        "id": "a", "title": "T", "metadata": ["desk": "world"],
        "entities": [["start": 0, "end": 3, "label": "PERSON", "confidence": 0.5]],
    ]

    static let cases: [(expected: JSONValue, differences: [String])] = [
        (["id": "a"], []),
        (["metadata": [:]], []),
        (["date": nil], []),
        (["entities": [["label": "PERSON", "end": 3.0]]], []),
        (["id": "b"], [#"id: "b" / "a""#]),
        (["date": "2025"], [#"date: "2025" / absent"#]),
        (["title": nil], [#"title: null / "T""#]),
        (["entities": [["label": "ORG", "confidence": 0.5]]], [#"entities[0].label: "ORG" / "PERSON""#]),
        (["entities": []], [#"entities: [] / [{"confidence":0.5,"end":3,"label":"PERSON","start":0}]"#]),
        (["metadata": ["desk": "world", "author": "Ann"]], [#"metadata.author: "Ann" / absent"#]),
        (["id": 1], [#"id: 1 / "a""#]),
    ]

    @Test(arguments: cases)
    func comparesOnlyWhatIsExpected(expected: JSONValue, differences: [String]) {
        let found = JSONExpectation.differences(expected: expected, actual: Self.record)
        #expect(found.map { "\($0.path): \($0.expected) / \($0.actual)" } == differences)
    }
}
