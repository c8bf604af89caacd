/// What a JSON export of a document contains beyond the fields a pipeline computed.
public struct DocumentEncoding: Sendable {
    /// The top-level keys of the JSON Lines contract, in the order they are written.
    public static let fieldNames = [
        "id", "source", "title", "date", "text", "metadata", "paragraphs", "sentences", "tokens", "entities",
        "summary", "keywords", "fields",
    ]

    /// Whether the record carries the text (`include_text`).
    public var includeText: Bool
    /// Whether the record carries tokens, which are large (`tokens`).
    public var includeTokens: Bool
    /// The top-level keys to keep (names from `fieldNames`); `nil` keeps them all. A kept key is
    /// still absent when the pipeline did not compute it, and `text` and `tokens` also need their flags.
    public var fields: Set<String>?

    /// The default export: text included, tokens left out, every key kept.
    public init(includeText: Bool = true, includeTokens: Bool = false, fields: Set<String>? = nil) {
        self.includeText = includeText
        self.includeTokens = includeTokens
        self.fields = fields
    }

    /// Whether the key `name` may be written.
    @inline(__always)
    func keeps(_ name: String) -> Bool {
        fields?.contains(name) ?? true
    }
}

extension Document {
    /// Writes the JSON Lines contract of DESIGN.md: fixed key order, absent annotations left out,
    /// spans as Unicode scalar offsets, metadata keys sorted, so equal documents give equal bytes.
    ///
    /// `encoding.fields` keeps a subset of the keys, in the same order; JSON Lines and JSON arrays
    /// both write through here, so the two never differ.
    public func writeJSON(to writer: inout JSONWriter, encoding: DocumentEncoding = DocumentEncoding()) {
        // The text's bytes are borrowed once for the whole record: the text itself, span texts and scalar offsets
        // all read them, with no copy and no `Substring` per span.
        var text = self.text
        text.withUTF8 { writeJSON(to: &writer, encoding: encoding, utf8: $0) }
    }

    private func writeJSON(to writer: inout JSONWriter, encoding: DocumentEncoding, utf8: UnsafeBufferPointer<UInt8>) {
        let keys = ExportKeys.shared
        let sentences = encoding.keeps("sentences") ? self.sentences : nil
        let tokens = encoding.includeTokens && encoding.keeps("tokens") ? self.tokens : nil
        let entities = encoding.keeps("entities") ? self.entities : nil
        let summary = encoding.keeps("summary") ? self.summary : nil
        let paragraphs = encoding.keeps("paragraphs") ? self.paragraphs : nil
        // Only spans need the offset table; most of a plain export is the text itself.
        let hasSpans = paragraphs != nil || sentences != nil || entities != nil || summary != nil || tokens != nil
        var spans = SpanWriter(document: self, utf8: hasSpans ? utf8 : UnsafeBufferPointer(start: nil, count: 0))
        writer.beginObject()
        if encoding.keeps("id") {
            writer.key(keys.id)
            writer.string(id)
        }
        if encoding.keeps("source") {
            writer.key(keys.source)
            writer.string(source)
        }
        if let title = metadata.title, encoding.keeps("title") {
            writer.key(keys.title)
            writer.string(title)
        }
        if let date = metadata.date, encoding.keeps("date") {
            writer.key(keys.date)
            writer.string(date)
        }
        if encoding.includeText && encoding.keeps("text") {
            writer.key(keys.text)
            // Span texts are copied from the escaped text once it is written; scanned again otherwise.
            writer.string(utf8: utf8, escapes: &spans.escapes)
        }
        if encoding.keeps("metadata") {
            writer.key(keys.metadata)
            if metadata.extra.isEmpty, metadata.author == nil, metadata.language == nil {
                writer.beginObject()
                writer.endObject()
            } else {
                writer.value(.object(metadata.exportedObject))
            }
        }
        if let paragraphs {
            writer.key(keys.paragraphs)
            spans.write(paragraphs, withText: false, to: &writer)
        }
        if let sentences {
            writer.key(keys.sentences)
            spans.write(sentences, withText: true, to: &writer)
        }
        if let tokens {
            writer.key(keys.tokens)
            spans.write(tokens, to: &writer)
        }
        if let entities {
            writer.key(keys.entities)
            spans.write(entities, to: &writer)
        }
        if let summary {
            writer.key(keys.summary)
            writer.beginObject()
            writer.key(keys.text)
            writer.string(summary.text)
            writer.key(keys.sentences)
            spans.write(summary.sentences, to: &writer)
            writer.endObject()
        }
        if let keywords, encoding.keeps("keywords") {
            writer.key(keys.keywords)
            writer.beginArray()
            for keyword in keywords {
                writer.withRoom(128 + 6 * keyword.text.utf8.count) { writer in
                    writer.beginObject()
                    writer.key(keys.text)
                    writer.string(keyword.text)
                    writer.key(keys.score)
                    writer.double(keyword.score)
                    writer.endObject()
                }
            }
            writer.endArray()
        }
        if !fields.isEmpty, encoding.keeps("fields") {
            writer.key(keys.fields)
            writer.value(.object(fields))
        }
        writer.endObject()
    }

    /// The text a span covers.
    public subscript(span: TextSpan) -> Substring {
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: span.start)
        let end = utf8.index(start, offsetBy: span.end - span.start)
        return text[start..<end]
    }
}

/// Writes the arrays of a record whose objects point into the text: offsets converted to scalars, texts copied
/// from the escaped text. One function an array, each small enough for the writer's calls to be inlined.
private struct SpanWriter {
    let document: Document
    /// The text's bytes, lent for the record.
    let utf8: UnsafeBufferPointer<UInt8>
    let offsets: ScalarOffsets
    let keys = ExportKeys.shared
    /// Where the text went in the record, once it is written.
    var escapes: EscapeMap?

    init(document: Document, utf8: UnsafeBufferPointer<UInt8>) {
        self.document = document
        self.utf8 = utf8
        offsets = ScalarOffsets(utf8: utf8)
    }

    /// Paragraphs or sentences: offsets, and the text when `withText`.
    mutating func write(_ spans: [TextSpan], withText: Bool, to writer: inout JSONWriter) {
        writer.beginArray()
        for span in spans {
            writer.withRoom(Self.room(128, span)) { writer in
                writer.beginObject()
                write(span, to: &writer)
                if withText {
                    writer.key(keys.text)
                    writeText(of: span, to: &writer)
                }
                writer.endObject()
            }
        }
        writer.endArray()
    }

    mutating func write(_ tokens: [Token], to writer: inout JSONWriter) {
        writer.beginArray()
        for token in tokens {
            writer.withRoom(Self.room(256, token.span)) { writer in
                writer.beginObject()
                write(token.span, to: &writer)
                writer.key(keys.text)
                writeText(of: token.span, to: &writer)
                writer.key(keys.kind)
                writer.string(token.kind.rawValue)
                writer.endObject()
            }
        }
        writer.endArray()
    }

    mutating func write(_ entities: [Entity], to writer: inout JSONWriter) {
        writer.beginArray()
        for entity in entities {
            let strings = entity.label.utf8.count &+ entity.canonical.utf8.count
            writer.withRoom(Self.room(256 &+ 6 &* strings, entity.span)) { writer in
                writer.beginObject()
                write(entity.span, to: &writer)
                writer.key(keys.text)
                writeText(of: entity.span, to: &writer)
                writer.key(keys.label)
                writer.string(entity.label)
                writer.key(keys.canonical)
                writer.string(entity.canonical)
                writer.key(keys.confidence)
                writer.double(entity.confidence)
                writer.endObject()
            }
        }
        writer.endArray()
    }

    func write(_ sentences: [Summary.Sentence], to writer: inout JSONWriter) {
        writer.beginArray()
        for sentence in sentences {
            writer.withRoom(256) { writer in
                writer.beginObject()
                writer.key(keys.index)
                writer.int(sentence.index)
                write(sentence.span, to: &writer)
                writer.key(keys.score)
                writer.double(sentence.score)
                writer.endObject()
            }
        }
        writer.endArray()
    }

    /// The room an object of `fixed` bytes that also carries `span`'s text may take: every byte escaped.
    private static func room(_ fixed: Int, _ span: TextSpan) -> Int {
        fixed &+ 6 &* Swift.max(0, span.end &- span.start)
    }

    /// `"start":…,"end":…` in scalars.
    @inline(__always)
    private func write(_ span: TextSpan, to writer: inout JSONWriter) {
        writer.intMembers(keys.start, offsets.scalarOffset(span.start), keys.end, offsets.scalarOffset(span.end))
    }

    /// Writes the text a span covers, from the escaped text already written or straight from the text's bytes
    /// when the span starts and ends on scalars, as spans do; through `Document[span]` otherwise, which rounds
    /// as `String` does.
    private mutating func writeText(of span: TextSpan, to writer: inout JSONWriter) {
        if 0 <= span.start, span.start <= span.end, span.end <= utf8.count,
            span.start == utf8.count || utf8[span.start] & 0xC0 != 0x80,
            span.end == utf8.count || utf8[span.end] & 0xC0 != 0x80
        {
            if escapes != nil {
                writer.copyString(from: &escapes!, span.start, span.end)
            } else {
                writer.string(utf8: UnsafeBufferPointer(rebasing: utf8[span.start..<span.end]))
            }
        } else {
            writer.string(document[span])
        }
    }
}

/// The member names of a document's record, as bytes worked out once.
private struct ExportKeys: Sendable {
    static let shared = ExportKeys()

    let id = JSONKey("id")
    let source = JSONKey("source")
    let title = JSONKey("title")
    let date = JSONKey("date")
    let text = JSONKey("text")
    let metadata = JSONKey("metadata")
    let paragraphs = JSONKey("paragraphs")
    let sentences = JSONKey("sentences")
    let tokens = JSONKey("tokens")
    let kind = JSONKey("kind")
    let entities = JSONKey("entities")
    let label = JSONKey("label")
    let canonical = JSONKey("canonical")
    let confidence = JSONKey("confidence")
    let summary = JSONKey("summary")
    let index = JSONKey("index")
    let score = JSONKey("score")
    let keywords = JSONKey("keywords")
    let fields = JSONKey("fields")
    let start = JSONKey("start")
    let end = JSONKey("end")
}

extension Metadata {
    /// The keys exported under `metadata`: everything except `title` and `date`.
    public var exportedObject: [String: JSONValue] {
        var object = extra
        if let author { object["author"] = .string(author) }
        if let language { object["language"] = .string(language) }
        return object
    }
}
