/// One distinct entity of a document: all the mentions that share a canonical name and a label.
public struct DistinctEntity: Sendable, Hashable {
    /// The canonical name, or the mention's own text when a stage left `canonical` empty.
    public var name: String
    public var label: String
    /// How many mentions it has in the document.
    public var mentions: Int
    /// The position in `Document.entities` of its first mention.
    public var firstMention: Int

    public init(name: String, label: String, mentions: Int, firstMention: Int) {
        self.name = name
        self.label = label
        self.mentions = mentions
        self.firstMention = firstMention
    }
}

extension Document {
    /// The document's entities grouped by canonical name and label, most mentioned first and, among
    /// equals, the one mentioned first first: what a report lists, so every sink lists it alike.
    ///
    /// "Washington" as a `PERSON` and as a `LOC` stay two entities. Empty when the document has no
    /// `entities`.
    ///
    /// - Complexity: O(n log n) for n mentions.
    public func distinctEntities() -> [DistinctEntity] {
        guard let entities, !entities.isEmpty else { return [] }
        var positions: [Key: Int] = [:]
        var found: [DistinctEntity] = []
        for (index, entity) in entities.enumerated() {
            let name = entity.canonical.isEmpty ? String(self[entity.span]) : entity.canonical
            let key = Key(name: name, label: entity.label)
            if let position = positions[key] {
                found[position].mentions += 1
            } else {
                positions[key] = found.count
                found.append(DistinctEntity(name: name, label: entity.label, mentions: 1, firstMention: index))
            }
        }
        // `found` is in order of first mention, so a stable sort by count keeps that order among equals.
        return found.enumerated()
            .sorted { ($1.element.mentions, $0.offset) < ($0.element.mentions, $1.offset) }
            .map(\.element)
    }

    private struct Key: Hashable {
        var name: String
        var label: String
    }
}
