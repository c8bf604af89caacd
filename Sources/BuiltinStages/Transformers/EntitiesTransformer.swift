internal import Foundation
import PipeKit
internal import Synchronization
import TextAnalysis

/// Finds named entities (people, organizations, places, nationalities), dates, times, amounts,
/// e-mail addresses and URLs with `EntityRecognizer`, and adds them to the document with their
/// canonical names and confidences. The built-in lists load once per process; the user's
/// patterns, gazetteers and ignore list load once per stage, on its first document.
final class EntitiesTransformer: Transformer {
    static let declaration = StageDeclaration.transformer(
        "entities",
        summary: "Finds people, organizations, places, nationalities, dates, times, amounts, e-mails and URLs.",
        options: [
            OptionSpec(
                "labels", .strings,
                help:
                    "Keep only these labels (PERSON, ORG, LOC, NORP, DATE, TIME, MONEY, PERCENT, QUANTITY, EMAIL, URL); all when unset."
            ),
            OptionSpec(
                "patterns", .mappings,
                help:
                    "Phrases or token patterns to tag, each {label, phrase | tokens, case: sensitive|insensitive}; tokens is a list of words, '*' (any token), '[Cap]', '[num]' or '[lower]'. They win over built-in guesses."
            ),
            OptionSpec(
                "gazetteers", .mappings,
                help:
                    "Files of names to tag, each {path, label, case: sensitive|insensitive}: one name a line, optionally a tab and its canonical name; paths relative to the pipeline file."
            ),
            OptionSpec("ignore", .strings, help: "Phrases never to tag (letter case ignored)."),
            OptionSpec(
                "min_confidence", .number, default: 0,
                help: "Leave out entities less sure than this (0 to 1; guesses without evidence score 0.4 to 0.6)."),
        ],
        needs: ["sentences"],
        provides: ["entities"],
        example: """
            - type: entities
              labels: [PERSON, ORG, LOC, DATE]
              patterns:
                - {label: ORG, phrase: "Acme Widgets"}
                - {label: MONEY, tokens: ["[num]", "ACME", "credits"]}
              gazetteers:
                - {path: names/clients.txt, label: ORG}
              ignore: ["Breaking News"]
            """,
        make: { options, context in
            let settings = try Settings(options, baseDirectory: context.baseDirectory)
            return EntitiesTransformer(settings: settings, resources: context.resources)
        })

    /// The options, checked; files are only checked for being readable until the first document.
    struct Settings: Sendable {
        struct Pattern: Sendable {
            var label: EntityLabel
            var phrase: String?
            var tokens: [UserKnowledge.TokenTest]
            var caseSensitive: Bool
        }

        struct GazetteerFile: Sendable {
            var path: String
            var label: EntityLabel
            var caseSensitive: Bool
        }

        var labels: Set<EntityLabel>?
        var patterns: [Pattern] = []
        var gazetteers: [GazetteerFile] = []
        var ignore: [String]
        var minimumConfidence: Double
        var stageID: String

        init(_ options: StageOptions, baseDirectory: String) throws {
            stageID = options.stageID
            let names = EntityLabel.outputLabels.map(\.name)
            func label(_ value: JSONValue?, option: String) throws -> EntityLabel {
                guard let text = value?.stringValue else {
                    throw options.error("each entry of '\(option)' needs a 'label'", option: option)
                }
                guard let found = EntityLabel(name: text) else {
                    throw options.error(
                        "unknown label '\(text)' in '\(option)'; labels are \(names.joined(separator: ", "))",
                        option: option, help: Suggestion.hint(for: text.uppercased(), in: names))
                }
                return found
            }
            func caseSensitive(_ value: JSONValue?, option: String, default fallback: Bool) throws -> Bool {
                guard let value else { return fallback }
                switch value.stringValue {
                case "sensitive": return true
                case "insensitive": return false
                default:
                    throw options.error("'case' in '\(option)' is 'sensitive' or 'insensitive'", option: option)
                }
            }
            func entries(_ option: String, keys: Set<String>) throws -> [[String: JSONValue]] {
                guard let value = options.value(option) else { return [] }
                guard let list = value.arrayValue else {
                    throw options.error(
                        "option '\(option)' of stage 'entities' expects a list of mappings", option: option)
                }
                return try list.map { item in
                    guard case .object(let object) = item else {
                        throw options.error(
                            "each entry of '\(option)' is a mapping such as {label: ORG, …}", option: option)
                    }
                    for key in object.keys where !keys.contains(key) {
                        throw options.error(
                            "unknown key '\(key)' in an entry of '\(option)'", option: option,
                            help: Suggestion.hint(for: key, in: keys.sorted()))
                    }
                    return object
                }
            }
            if options.isSet("labels") {
                labels = Set(try options.strings("labels").map { try label(.string($0), option: "labels") })
            }
            for entry in try entries("patterns", keys: ["label", "phrase", "tokens", "case"]) {
                let phrase = entry["phrase"]?.stringValue
                let tokens = entry["tokens"]?.arrayValue?.compactMap(\.stringValue) ?? []
                guard (phrase == nil) != tokens.isEmpty, phrase?.isEmpty != true else {
                    throw options.error(
                        "each entry of 'patterns' needs either 'phrase' or 'tokens'", option: "patterns")
                }
                patterns.append(
                    Pattern(
                        label: try label(entry["label"], option: "patterns"), phrase: phrase,
                        tokens: tokens.map(UserKnowledge.TokenTest.init),
                        caseSensitive: try caseSensitive(entry["case"], option: "patterns", default: true)))
            }
            for entry in try entries("gazetteers", keys: ["path", "label", "case"]) {
                guard let path = entry["path"]?.stringValue, !path.isEmpty else {
                    throw options.error("each entry of 'gazetteers' needs a 'path'", option: "gazetteers")
                }
                let resolved = Paths.resolve(path, against: baseDirectory)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory),
                    !isDirectory.boolValue
                else {
                    throw options.error(
                        "gazetteer file '\(path)' does not exist (looked for \(resolved))", option: "gazetteers")
                }
                guard FileManager.default.isReadableFile(atPath: resolved) else {
                    throw options.error("gazetteer file '\(path)' cannot be read (\(resolved))", option: "gazetteers")
                }
                gazetteers.append(
                    GazetteerFile(
                        path: resolved, label: try label(entry["label"], option: "gazetteers"),
                        caseSensitive: try caseSensitive(entry["case"], option: "gazetteers", default: true)))
            }
            ignore = options.strings("ignore")
            minimumConfidence = options.double("min_confidence")
        }

        /// The user's knowledge, with the gazetteer files read.
        func knowledge() throws -> UserKnowledge {
            var knowledge = UserKnowledge()
            for pattern in patterns {
                if let phrase = pattern.phrase {
                    knowledge.add(phrase: phrase, label: pattern.label, caseSensitive: pattern.caseSensitive)
                } else {
                    knowledge.add(tokens: pattern.tokens, label: pattern.label, caseSensitive: pattern.caseSensitive)
                }
            }
            for file in gazetteers {
                do {
                    try knowledge.addGazetteer(path: file.path, label: file.label, caseSensitive: file.caseSensitive)
                } catch {
                    throw StageError("cannot read gazetteer file \(file.path): \(error.localizedDescription)")
                }
            }
            for phrase in ignore { knowledge.ignore(phrase) }
            return knowledge
        }
    }

    let settings: Settings
    let resources: SharedResources
    /// The recognizer, once built.
    private let recognizer = Mutex<Result<EntityRecognizer, StageError>?>(nil)
    /// The word caches of the workers between two documents: a worker takes one for each document,
    /// so a cache is only ever used by one thread at a time.
    private let caches = ThreadAffinePool<WordCache>()

    init(settings: Settings, resources: SharedResources) {
        self.settings = settings
        self.resources = resources
    }

    /// The recognizer, built on the first document (the lexicon once per pipeline).
    private func ready() throws -> EntityRecognizer {
        try recognizer.withLock { recognizer -> Result<EntityRecognizer, StageError> in
            if let built = recognizer { return built }
            let made: Result<EntityRecognizer, StageError>
            do {
                let lexicon = resources.resource("entities.lexicon") { EntityLexicon.builtin }
                made = .success(
                    EntityRecognizer(
                        lexicon: lexicon, user: try settings.knowledge(), labels: settings.labels,
                        minimumConfidence: settings.minimumConfidence))
            } catch let error as StageError {
                made = .failure(error)
            } catch {
                made = .failure(StageError("\(error)"))
            }
            recognizer = made
            return made
        }.get()
    }

    func transform(_ document: inout Document, context: StageContext) throws -> Disposition {
        let recognizer = try ready()
        var cache = caches.take() ?? WordCache()
        defer { caches.giveBack(cache) }
        let sentences = document.sentences?.map { $0.start..<$0.end }
        let tokens = document.tokens.map([Tokenizer.Token].init)
        let mentions = recognizer.recognize(document.text, tokens: tokens, sentences: sentences, cache: &cache)
        document.entities = mentions.map {
            Entity(
                span: TextSpan($0.range), label: $0.label.name,
                canonical: $0.canonical, confidence: $0.confidence)
        }
        return .keep
    }
}
