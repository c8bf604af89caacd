internal import Foundation

/// What a user tells the recognizer: phrases and token patterns with labels, gazetteer files, and
/// phrases never to tag. A match of any of them wins over the recognizer's own guesses.
public struct UserKnowledge: Sendable {
    /// One element of a token pattern.
    public enum TokenTest: Sendable, Hashable {
        /// The word itself (case as the pattern says).
        case word(String)
        /// Any one token: `*`.
        case any
        /// A capitalized word: `[Cap]`.
        case capitalized
        /// A number: `[num]`.
        case number
        /// A lower-case word: `[lower]`.
        case lower

        /// The test a pattern element stands for: `*`, `[Cap]`, `[num]`, `[lower]` or a word.
        public init(_ element: String) {
            switch element {
            case "*": self = .any
            case "[Cap]", "[cap]": self = .capitalized
            case "[num]", "[number]": self = .number
            case "[lower]": self = .lower
            default: self = .word(element)
            }
        }
    }

    struct TokenPattern: Sendable {
        var tests: [TokenTest]
        var hashes: [UInt64?]
        var caseSensitive: Bool
        var label: EntityLabel
    }

    var phrases = Gazetteer()
    var patterns: [TokenPattern] = []
    /// Some phrase ignores case or holds a lower-case word: every token must be looked up, not only
    /// the capitalized ones and the few lower-case words names hold ("of", "al").
    private(set) var needsEveryWord = false

    /// Nothing known.
    public init() {}

    /// Whether it holds nothing.
    public var isEmpty: Bool { phrases.count == 0 && patterns.isEmpty }

    /// How many phrases and patterns it holds.
    public var count: Int { phrases.count + patterns.count }

    /// Tags every occurrence of `phrase` as `label` (linked to `canonical` when given).
    public mutating func add(phrase: String, label: EntityLabel, caseSensitive: Bool, canonical: String = "") {
        var bytes = phrase
        if !needsEveryWord, !caseSensitive || bytes.withUTF8(Self.hasLowercaseWord) { needsEveryWord = true }
        phrases.insert(
            EntityTokens.hashes(of: phrase), caseSensitive: caseSensitive,
            entry: Gazetteer.Entry(label: label, canonical: canonical, confidence: 1))
    }

    /// Never tags `phrase` (ASCII case ignored).
    public mutating func ignore(_ phrase: String) {
        add(phrase: phrase, label: .ignore, caseSensitive: false)
    }

    /// Tags every run of tokens that passes `tests` as `label`.
    public mutating func add(tokens tests: [TokenTest], label: EntityLabel, caseSensitive: Bool) {
        let hashes: [UInt64?] = tests.map {
            guard case .word(let word) = $0 else { return nil }
            let hash = WordHash.hashes(word)
            return caseSensitive ? hash.exact : hash.folded
        }
        patterns.append(TokenPattern(tests: tests, hashes: hashes, caseSensitive: caseSensitive, label: label))
    }

    /// Reads a gazetteer file: one name a line, optionally a tab and the canonical name; blank lines
    /// and lines starting with `#` are skipped. Returns how many names it added.
    @discardableResult
    public mutating func addGazetteer(path: String, label: EntityLabel, caseSensitive: Bool) throws -> Int {
        var added = 0
        var words: [(exact: UInt64, folded: UInt64)] = []
        try ListFile.read(path) { bytes, columns in
            if !needsEveryWord,
                !caseSensitive || Self.hasLowercaseWord(UnsafeBufferPointer(rebasing: bytes[columns[0]]))
            {
                needsEveryWord = true
            }
            EntityTokens.hashes(bytes, columns[0], into: &words)
            phrases.insert(
                words, caseSensitive: caseSensitive,
                entry: Gazetteer.Entry(
                    label: label, canonical: columns.count > 1 ? ListFile.string(bytes, columns[1]) : "", confidence: 1)
            )
            added += 1
        }
        return added
    }

    /// Whether a word of the phrase (words are cut at spaces) starts with a lower-case letter and is
    /// not a particle of names. It runs for every line of a gazetteer file, so it only looks at bytes:
    /// a word is copied out only when it starts with a lower-case letter.
    static func hasLowercaseWord(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var start = 0
        while start < bytes.count {
            var end = start
            while end < bytes.count, bytes[end] != 0x20 { end += 1 }
            if end > start, UTF8Text.isLower(bytes[start]), !particles.contains(Array(bytes[start..<end])) {
                return true
            }
            start = end + 1
        }
        return false
    }

    private static let particles: Set<[UInt8]> = Set(
        "of the and de del della di da dos das du van von der den bin ibn al el la le y on for in upon am sur".split(
            separator: " "
        ).map { Array($0.utf8) })

    /// The longest token pattern matching at `start`.
    func longestPattern(_ tokens: UnsafeBufferPointer<EntityToken>, from start: Int) -> (end: Int, label: EntityLabel)?
    {
        var best: (end: Int, label: EntityLabel)?
        for pattern in patterns where start + pattern.tests.count <= tokens.count {
            var matched = true
            for (offset, test) in pattern.tests.enumerated() {
                let token = tokens[start + offset]
                switch test {
                case .any: continue
                case .capitalized: matched = token.isName
                case .number: matched = token.kind == .number || token.shape == .number
                case .lower: matched = token.shape == .lower
                case .word: matched = pattern.hashes[offset] == (pattern.caseSensitive ? token.exact : token.folded)
                }
                if !matched { break }
            }
            if matched, start + pattern.tests.count > (best?.end ?? 0) {
                best = (start + pattern.tests.count, pattern.label)
            }
        }
        return best
    }
}
