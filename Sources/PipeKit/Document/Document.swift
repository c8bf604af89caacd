/// One unit of text moving through a pipeline, with everything the stages learned about it.
///
/// Spans (`TextSpan`) are UTF-8 byte offsets into `text`, which is what the algorithms find
/// fastest; exporters convert them once to Unicode scalar offsets (see `ScalarOffsets`).
/// An annotation a pipeline did not compute stays `nil` and is absent from the output.
public struct Document: Sendable {
    /// Unique within a run: a file's path below its glob root, a line number, `text-3`.
    public var id: String
    /// The path the text came from, or `-` for standard input.
    public var source: String
    /// The text itself; spans index its UTF-8 bytes.
    public var text: String
    /// Title, date, author, language and any other key.
    public var metadata: Metadata
    /// Runs of text separated by blank lines.
    public var paragraphs: [TextSpan]?
    /// Sentence spans, from a stage that provides `sentences`.
    public var sentences: [TextSpan]?
    /// Kept in memory for later stages; sinks export them only when asked.
    public var tokens: [Token]?
    /// Named entities, from a stage that provides `entities`.
    public var entities: [Entity]?
    /// The summary, from a stage that provides `summary`.
    public var summary: Summary?
    /// Key phrases, from a stage that provides `keywords`.
    public var keywords: [Keyword]?
    /// Free JSON-like values for custom stages.
    public var fields: [String: JSONValue]

    /// A document with no annotations yet.
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
    /// Exported at the top level of a record.
    public var title: String?
    /// ISO 8601 (`2025-02-13`).
    public var date: String?
    /// Exported under `metadata`.
    public var author: String?
    /// A language code (`en`), exported under `metadata`.
    public var language: String?
    /// Any other key a reader or stage sets.
    public var extra: [String: JSONValue]

    /// Metadata with the given values.
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
    /// The first byte of the span.
    public var start: Int
    /// The byte after the span's last.
    public var end: Int

    /// The bytes `start..<end`.
    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }
}

/// One token of the text and what kind of token it is.
public struct Token: Sendable, Hashable {
    /// What a token is made of.
    public enum Kind: String, Sendable {
        case word, number, punctuation, symbol, url, email, hashtag, mention, emoji
    }

    /// Where the token is.
    public var span: TextSpan
    /// What kind of token it is.
    public var kind: Kind

    /// A token of `kind` at `span`.
    public init(span: TextSpan, kind: Kind) {
        self.span = span
        self.kind = kind
    }
}

/// A named entity: a span of the text, its label, the name it refers to, and how sure the stage is.
public struct Entity: Sendable, Hashable {
    /// Where the mention is.
    public var span: TextSpan
    /// `PERSON`, `ORG`, `LOC`, `NORP`, `DATE`, `TIME`, `MONEY`, `PERCENT`, `QUANTITY`, `EMAIL`, `URL`.
    public var label: String
    /// The full name this mention refers to within the document ("Trump" → "Donald Trump").
    public var canonical: String
    /// From 0 to 1.
    public var confidence: Double

    /// An entity of `label` at `span`.
    public init(span: TextSpan, label: String, canonical: String, confidence: Double) {
        self.span = span
        self.label = label
        self.canonical = canonical
        self.confidence = confidence
    }
}

/// An extractive summary: the chosen sentences, joined, and where each came from.
public struct Summary: Sendable, Hashable {
    /// One chosen sentence.
    public struct Sentence: Sendable, Hashable {
        /// The sentence's position in `Document.sentences`.
        public var index: Int
        /// Where the sentence is.
        public var span: TextSpan
        /// How central the sentence is; higher ranks first.
        public var score: Double

        /// Sentence `index` of the document, at `span`, scored `score`.
        public init(index: Int, span: TextSpan, score: Double) {
            self.index = index
            self.span = span
            self.score = score
        }
    }

    /// The summary as it reads: the chosen sentences, joined.
    public var text: String
    /// The chosen sentences, in document order.
    public var sentences: [Sentence]

    /// A summary of `text`, made of `sentences`.
    public init(text: String, sentences: [Sentence]) {
        self.text = text
        self.sentences = sentences
    }
}

/// A key phrase and how important it is in the document.
public struct Keyword: Sendable, Hashable {
    /// The phrase.
    public var text: String
    /// Its weight; higher is more important.
    public var score: Double

    /// A key phrase `text` of weight `score`.
    public init(text: String, score: Double) {
        self.text = text
        self.score = score
    }
}
