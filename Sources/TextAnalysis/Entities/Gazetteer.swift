/// The labels an entity can carry (the names of DESIGN.md), and two that only steer the recognizer.
public enum EntityLabel: UInt8, Sendable, CaseIterable, Comparable {
    case person, org, loc, norp, date, time, money, percent, quantity, email, url
    /// A title or role ("President", "Secretary of State"): never output, it marks a name after it.
    case title
    /// A phrase the user said never to tag.
    case ignore

    /// The label as written in output and pipeline files: `PERSON`, `ORG`, ….
    public var name: String {
        switch self {
        case .person: "PERSON"
        case .org: "ORG"
        case .loc: "LOC"
        case .norp: "NORP"
        case .date: "DATE"
        case .time: "TIME"
        case .money: "MONEY"
        case .percent: "PERCENT"
        case .quantity: "QUANTITY"
        case .email: "EMAIL"
        case .url: "URL"
        case .title: "TITLE"
        case .ignore: "IGNORE"
        }
    }

    /// The labels an entity can be output with.
    public static let outputLabels: [EntityLabel] = [
        .person, .org, .loc, .norp, .date, .time, .money, .percent, .quantity, .email, .url,
    ]

    /// The label named `name` (`PERSON`, case-insensitive), output labels only.
    public init?(name: String) {
        let name = name.uppercased()
        guard let found = Self.outputLabels.first(where: { $0.name == name }) else { return nil }
        self = found
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A dictionary of multi-word names, each with a label, matched token by token: a trie whose edges
/// are (node, word) pairs in a hash table, so a name of k words costs k lookups, and finding every
/// longest match in a text costs one walk per token, bounded by the longest name (linear in the text,
/// whatever the number of names).
///
/// A name is case-sensitive (its words must appear as written) or not (ASCII case folded).
public struct Gazetteer: Sendable {
    /// What a name stands for.
    public struct Entry: Sendable, Hashable {
        public var label: EntityLabel
        /// The name mentions of it link to; empty for the name itself.
        public var canonical: String
        /// How sure a match of it is.
        public var confidence: Double
    }

    private var vocabulary = HashTable64(capacity: 1024)
    /// The edges from the root, by word id (0 for none): an array, not the big edge table, because
    /// every walk starts there, for every word in the vocabulary a text holds.
    private var rootChildren: [UInt32] = [0]
    /// The other edges, under (node, word id).
    private var edges = HashTable64(capacity: 1024)
    /// Per node: the index in `entries` of the name ending there, plus one; 0 for none.
    private var terminals: [UInt32] = [0]
    private(set) var entries: [Entry] = []
    private var wordCount: UInt32 = 0
    /// Some name ignores case: only then can a token's folded form be in the vocabulary.
    private var hasFoldedWords = false
    /// How many names it holds.
    public private(set) var count = 0

    public init() {}

    /// Adds a name, given as its tokens' hashes. A later entry for the same words replaces the
    /// earlier one when `replace` is set.
    mutating func insert(
        _ words: [(exact: UInt64, folded: UInt64)], caseSensitive: Bool, entry: Entry, replace: Bool = true
    ) {
        guard !words.isEmpty else { return }
        if !caseSensitive { hasFoldedWords = true }
        var node: UInt32 = 0
        for word in words {
            let key = caseSensitive ? word.exact : word.folded
            let id = vocabulary.value(key) {
                wordCount += 1
                rootChildren.append(0)
                return wordCount
            }
            if node == 0 {
                if rootChildren[Int(id)] == 0 {
                    terminals.append(0)
                    rootChildren[Int(id)] = UInt32(terminals.count - 1)
                }
                node = rootChildren[Int(id)]
            } else {
                node = edges.value(UInt64(node) << 32 | UInt64(id)) {
                    terminals.append(0)
                    return UInt32(terminals.count - 1)
                }
            }
        }
        if terminals[Int(node)] == 0 {
            entries.append(entry)
            terminals[Int(node)] = UInt32(entries.count)
            count += 1
        } else if replace {
            entries[Int(terminals[Int(node)]) - 1] = entry
        }
    }

    /// The ids of a token's exact and folded forms in this gazetteer's vocabulary (0 when absent).
    @inline(__always)
    func wordIDs(exact: UInt64, folded: UInt64) -> (UInt32, UInt32) {
        (vocabulary.value(exact) ?? 0, hasFoldedWords ? vocabulary.value(folded) ?? 0 : 0)
    }

    /// The ids of a token's exact form (the folded id is 0): for a gazetteer of case-sensitive names.
    @inline(__always)
    func wordIDs(exact: UInt64) -> (UInt32, UInt32) { (vocabulary.value(exact) ?? 0, 0) }

    /// Whether a name starts with the word whose id is `id`.
    func startsName(_ id: UInt32) -> Bool { id != 0 && rootChildren[Int(id)] != 0 }

    /// The longest name starting at token `start` (before `limit`), as its end token (exclusive) and
    /// entry; `ids` holds every token's word ids.
    func longestMatch(_ ids: UnsafeBufferPointer<(UInt32, UInt32)>, from start: Int, limit: Int) -> (
        end: Int, entry: Entry
    )? {
        longestMatchIndex(ids, from: start, limit: limit).map { ($0.end, entries[$0.index]) }
    }

    /// The longest name starting at token `start`, as `longestMatch` finds it, with the index of its
    /// entry in `entries`: what a hot loop keeps, without copying the entry's strings.
    func longestMatchIndex(_ ids: UnsafeBufferPointer<(UInt32, UInt32)>, from start: Int, limit: Int) -> (
        end: Int, index: Int
    )? {
        var best: (end: Int, entry: UInt32) = (0, 0)
        if hasFoldedWords {
            walk(ids, node: 0, at: start, limit: limit, best: &best)
        } else {
            // No name ignores case, so no token has a folded id: one path down the trie, in a loop.
            var node: UInt32 = 0
            var index = start
            while index < limit, ids[index].0 != 0, let next = child(of: node, ids[index].0) {
                node = next
                index += 1
                if terminals[Int(node)] != 0 { best = (index, terminals[Int(node)]) }
            }
        }
        guard best.entry != 0 else { return nil }
        return (best.end, Int(best.entry) - 1)
    }

    private func walk(
        _ ids: UnsafeBufferPointer<(UInt32, UInt32)>, node: UInt32, at index: Int, limit: Int,
        best: inout (end: Int, entry: UInt32)
    ) {
        guard index < limit else { return }
        let (exact, folded) = ids[index]
        if exact != 0, let next = child(of: node, exact) {
            if terminals[Int(next)] != 0, index + 1 > best.end { best = (index + 1, terminals[Int(next)]) }
            walk(ids, node: next, at: index + 1, limit: limit, best: &best)
        }
        if folded != 0, folded != exact, let next = child(of: node, folded) {
            if terminals[Int(next)] != 0, index + 1 > best.end { best = (index + 1, terminals[Int(next)]) }
            walk(ids, node: next, at: index + 1, limit: limit, best: &best)
        }
    }

    /// The node the edge from `node` for word `id` leads to.
    @inline(__always)
    private func child(of node: UInt32, _ id: UInt32) -> UInt32? {
        guard node == 0 else { return edges.value(UInt64(node) << 32 | UInt64(id)) }
        let child = rootChildren[Int(id)]
        return child == 0 ? nil : child
    }
}
