import PipeKit

/// What the Markdown and HTML reports say about the corpus as a whole, counted as documents pass.
///
/// Memory grows with the number of distinct entities, never with the text.
struct CorpusTally {
    /// One entity across the corpus: a canonical name under one label.
    struct Entity {
        var name: String
        var label: String
        var mentions: Int
        var documents: Int
        /// When it was first seen, to order equal counts by first appearance.
        var order: Int
    }

    /// One label across the corpus.
    struct Label {
        var label: String
        /// Distinct entities under it.
        var entities = 0
        var mentions = 0
        var documents = 0
    }

    private(set) var documents = 0
    private(set) var characters = 0
    /// Sentences in the documents that have them; `nil` when none has.
    private(set) var sentences: Int?
    /// Whether any document had `entities` at all (so a report can say "no entities" only when asked).
    private(set) var hasEntities = false
    private(set) var firstDate: String?
    private(set) var lastDate: String?
    private var entities: [EntityKey: Entity] = [:]
    private var labels: [String: Label] = [:]

    private struct EntityKey: Hashable {
        var name: String
        var label: String
    }

    /// Counts one document; `characters` (its scalar count) and `distinct` (its `distinctEntities()`)
    /// are passed in because the caller needs them too.
    mutating func add(_ document: Document, characters: Int, distinct: [DistinctEntity]) {
        documents += 1
        self.characters += characters
        if let found = document.sentences { sentences = (sentences ?? 0) + found.count }
        if let date = document.metadata.date {
            if firstDate.map({ date < $0 }) ?? true { firstDate = date }
            if lastDate.map({ date > $0 }) ?? true { lastDate = date }
        }
        guard document.entities != nil else { return }
        hasEntities = true
        var labelsHere = Set<String>()
        for entity in distinct {
            let key = EntityKey(name: entity.name, label: entity.label)
            if entities[key] == nil {
                entities[key] = Entity(
                    name: entity.name, label: entity.label, mentions: 0, documents: 0, order: entities.count)
                labels[entity.label, default: Label(label: entity.label)].entities += 1
            }
            entities[key]!.mentions += entity.mentions
            entities[key]!.documents += 1
            labels[entity.label, default: Label(label: entity.label)].mentions += entity.mentions
            labelsHere.insert(entity.label)
        }
        for label in labelsHere { labels[label]!.documents += 1 }
    }

    /// Entity mentions in all documents.
    var mentions: Int { labels.values.reduce(0) { $0 + $1.mentions } }

    /// Distinct entities in all documents.
    var distinctEntities: Int { entities.count }

    /// Every label seen, in report order (see `EntityLabels`).
    var labelsInOrder: [Label] {
        EntityLabels.ordered(labels.keys).map { labels[$0]! }
    }

    /// The `count` most mentioned entities; ties go to the one in more documents, then the one seen first.
    func topEntities(_ count: Int) -> [Entity] {
        Array(
            entities.values.sorted {
                ($1.mentions, $1.documents, $0.order) < ($0.mentions, $0.documents, $1.order)
            }
            .prefix(count))
    }
}
