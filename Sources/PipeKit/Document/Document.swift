/// One unit of text moving through a pipeline, with everything the stages learned about it.
///
/// Spans (`TextSpan`) are UTF-8 byte offsets into `text`, which is what the algorithms find
/// fastest; exporters convert them once to Unicode scalar offsets (see `ScalarOffsets`).
/// An annotation a pipeline did not compute stays `nil` and is absent from the output.
public struct Document: Sendable {
    public var id: String
    /// The path the text came from, or `-` for standard input.
    public var source: String
    public var text: String
    public var metadata: Metadata
    /// Runs of text separated by blank lines.
    public var paragraphs: [TextSpan]?
    public var sentences: [TextSpan]?
    /// Kept in memory for later stages; sinks export them only when asked.
    public var tokens: [Token]?
    public var entities: [Entity]?
    public var summary: Summary?
    public var keywords: [Keyword]?
    /// Free JSON-like values for custom stages.
    public var fields: [String: JSONValue]

    public init(
        id: String, source: String = "-", text: String, metadata: Metadata = Metadata(),
        fields: [String: JSONValue] = [:]
    ) {
        self.id = id
        self.source = source
        self.text = text
        self.metadata = metadata
        self.fields = fields
    }
}

/// What is known about a document besides its text. `title` and `date` are exported at the top
/// level of a JSON record; everything else goes under `metadata`.
public struct Metadata: Sendable, Equatable {
    public var title: String?
    /// ISO 8601 (`2025-02-13`).
    public var date: String?
    public var author: String?
    public var language: String?
    /// Any other key a reader or stage sets.
    public var extra: [String: JSONValue]

    public init(
        title: String? = nil, date: String? = nil, author: String? = nil, language: String? = nil,
        extra: [String: JSONValue] = [:]
    ) {
        self.title = title
        self.date = date
        self.author = author
        self.language = language
        self.extra = extra
    }
}

/// A half-open range of UTF-8 byte offsets into a document's text.
public struct TextSpan: Sendable, Hashable {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }
}

public struct Token: Sendable, Hashable {
    public enum Kind: String, Sendable {
        case word, number, punctuation, symbol, url, email, hashtag, mention, emoji
    }

    public var span: TextSpan
    public var kind: Kind

    public init(span: TextSpan, kind: Kind) {
        self.span = span
        self.kind = kind
    }
}

public struct Entity: Sendable, Hashable {
    public var span: TextSpan
    /// `PERSON`, `ORG`, `LOC`, `NORP`, `DATE`, `TIME`, `MONEY`, `PERCENT`, `QUANTITY`, `EMAIL`, `URL`.
    public var label: String
    /// The full name this mention refers to within the document ("Trump" → "Donald Trump").
    public var canonical: String
    public var confidence: Double

    public init(span: TextSpan, label: String, canonical: String, confidence: Double) {
        self.span = span
        self.label = label
        self.canonical = canonical
        self.confidence = confidence
    }
}

public struct Summary: Sendable, Hashable {
    public struct Sentence: Sendable, Hashable {
        /// The sentence's position in `Document.sentences`.
        public var index: Int
        public var span: TextSpan
        public var score: Double

        public init(index: Int, span: TextSpan, score: Double) {
            self.index = index
            self.span = span
            self.score = score
        }
    }

    public var text: String
    public var sentences: [Sentence]

    public init(text: String, sentences: [Sentence]) {
        self.text = text
        self.sentences = sentences
    }
}

public struct Keyword: Sendable, Hashable {
    public var text: String
    public var score: Double

    public init(text: String, score: Double) {
        self.text = text
        self.score = score
    }
}
