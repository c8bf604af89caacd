import Foundation
import Synchronization
import Testing

@testable import PipeKit

struct DocumentJSONTests {
    /// A document with every annotation, over text whose scalars take one to four bytes.
    static var annotated: Document {
        let text = "Zoë met Putin in Rīga 🙂. Talks went on."
        func span(_ phrase: String) -> TextSpan {
            let range = text.range(of: phrase)!
            let start = text.utf8.distance(from: text.startIndex, to: range.lowerBound)
            return TextSpan(start: start, end: start + phrase.utf8.count)
        }
        var document = Document(
            id: "d1", source: "a.txt", text: text,
            metadata: Metadata(title: "Talks", date: "2025-02-13", language: "en", extra: ["section": "World"]))
        document.sentences = [span("Zoë met Putin in Rīga 🙂."), span("Talks went on.")]
        document.tokens = [Token(span: span("Zoë"), kind: .word)]
        document.entities = [
            Entity(span: span("Putin"), label: "PERSON", canonical: "Vladimir Putin", confidence: 0.9),
            Entity(span: span("Rīga"), label: "LOC", canonical: "Rīga", confidence: 0.75),
        ]
        document.summary = Summary(
            text: "Talks went on.", sentences: [.init(index: 1, span: span("Talks went on."), score: 0.5)])
        document.keywords = [Keyword(text: "talks", score: 1)]
        document.fields = ["custom": ["a": 1]]
        return document
    }

    func json(_ document: Document, _ encoding: DocumentEncoding = DocumentEncoding()) -> String {
        var writer = JSONWriter()
        document.writeJSON(to: &writer, encoding: encoding)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    @Test func writesTheContractInItsKeyOrderWithScalarOffsets() {
        #expect(
            json(Self.annotated) == """
                {"id":"d1","source":"a.txt","title":"Talks","date":"2025-02-13",\
                "text":"Zoë met Putin in Rīga 🙂. Talks went on.","metadata":{"language":"en","section":"World"},\
                "sentences":[{"start":0,"end":24,"text":"Zoë met Putin in Rīga 🙂."},\
                {"start":25,"end":39,"text":"Talks went on."}],\
                "entities":[{"start":8,"end":13,"text":"Putin","label":"PERSON","canonical":"Vladimir Putin",\
                "confidence":0.9},{"start":17,"end":21,"text":"Rīga","label":"LOC","canonical":"Rīga","confidence":0.75}],\
                "summary":{"text":"Talks went on.","sentences":[{"index":1,"start":25,"end":39,"score":0.5}]},\
                "keywords":[{"text":"talks","score":1.0}],"fields":{"custom":{"a":1}}}
                """)
    }

    @Test func scalarOffsetsSliceTheTextBackAsPythonWould() throws {
        let object = try JSONParser.parse(json(Self.annotated))
        let scalars = Array(Self.annotated.text.unicodeScalars)
        for entity in object["entities"]?.arrayValue ?? [] {
            let start = try #require(entity["start"]?.intValue)
            let end = try #require(entity["end"]?.intValue)
            #expect(String(String.UnicodeScalarView(scalars[start..<end])) == entity["text"]?.stringValue)
        }
    }

    @Test func spanTextsAndOffsetsHoldInAnyOrderAcrossALongEscapedText() throws {
        // Quotes, line breaks, a separator JavaScript forbids and scalars of every length, over many 64-byte blocks.
        let piece = "Zoë said \"hi\"\n\tto 🙂 Rīga\u{2028}ok. "
        let text = String(repeating: piece, count: 40)
        let bytes = Array(text.utf8)
        // Every span that starts and ends on a scalar, walked forwards, backwards and jumping about.
        let boundaries = (0...bytes.count).filter { $0 == bytes.count || bytes[$0] & 0xC0 != 0x80 }
        let forwards = stride(from: 0, to: boundaries.count - 7, by: 5).map {
            TextSpan(start: boundaries[$0], end: boundaries[$0 + 7])
        }
        var document = Document(id: "long", text: text)
        document.sentences = forwards
        document.paragraphs = forwards.reversed()
        document.tokens = forwards.enumerated().sorted { ($0.offset * 7919) % 97 < ($1.offset * 7919) % 97 }.map {
            Token(span: $0.element, kind: .word)
        }
        for includeText in [true, false] {
            let encoding = DocumentEncoding(includeText: includeText, includeTokens: true)
            let object = try JSONParser.parse(json(document, encoding))
            let scalars = Array(text.unicodeScalars)
            for key in ["sentences", "paragraphs", "tokens"] {
                let spans = try #require(object[key]?.arrayValue)
                #expect(spans.count == forwards.count)
                for span in spans {
                    let start = try #require(span["start"]?.intValue)
                    let end = try #require(span["end"]?.intValue)
                    if let written = span["text"]?.stringValue {
                        #expect(String(String.UnicodeScalarView(scalars[start..<end])) == written)
                    }
                }
            }
        }
    }

    @Test func tokensOnlyWhenAskedAndTextCanBeLeftOut() {
        #expect(!json(Self.annotated).contains("\"tokens\""))
        let withTokens = json(Self.annotated, DocumentEncoding(includeText: false, includeTokens: true))
        #expect(withTokens.contains(#""tokens":[{"start":0,"end":3,"text":"Zoë","kind":"word"}]"#))
        #expect(!withTokens.contains(#""text":"Zoë met Putin in Rīga 🙂. Talks went on.""#))
    }

    @Test func fieldsKeepASubsetInContractOrder() {
        let encoding = DocumentEncoding(fields: ["keywords", "id", "entities", "date"])
        #expect(
            json(Self.annotated, encoding) == """
                {"id":"d1","date":"2025-02-13",\
                "entities":[{"start":8,"end":13,"text":"Putin","label":"PERSON","canonical":"Vladimir Putin",\
                "confidence":0.9},{"start":17,"end":21,"text":"Rīga","label":"LOC","canonical":"Rīga","confidence":0.75}],\
                "keywords":[{"text":"talks","score":1.0}]}
                """)
        #expect(json(Self.annotated, DocumentEncoding(fields: [])) == "{}")
        #expect(json(Self.annotated, DocumentEncoding(fields: ["tokens"])) == "{}", "tokens still need their flag")
    }

    @Test func absentAnnotationsAreLeftOut() {
        #expect(json(Document(id: "x", text: "t")) == #"{"id":"x","source":"-","text":"t","metadata":{}}"#)
    }
}

struct ScalarCountTests {
    @Test(arguments: [
        "", "a", "abcdefgh", "abcdefghi", "Zoë", "é🙂 Rīga, 東京", String(repeating: "aé🙂東", count: 37),
        String(repeating: "x", count: 63) + "🙂",
    ])
    func countsScalarsAsUnicodeScalarsDoes(text: String) {
        #expect(ScalarOffsets.scalarCount(of: text) == text.unicodeScalars.count)
    }
}

struct DistinctEntitiesTests {
    func document(_ mentions: [(String, String, String)]) -> Document {
        var text = ""
        var entities: [Entity] = []
        for (mention, label, canonical) in mentions {
            let start = text.utf8.count
            text += mention + " "
            entities.append(
                Entity(
                    span: TextSpan(start: start, end: start + mention.utf8.count), label: label, canonical: canonical,
                    confidence: 1))
        }
        var document = Document(id: "d", text: text)
        document.entities = entities
        return document
    }

    @Test func groupsByCanonicalNameAndLabelMostMentionedFirstThenFirstMentioned() {
        let found = document([
            ("NATO", "ORG", "NATO"), ("Trump", "PERSON", "Donald Trump"), ("Washington", "LOC", "Washington"),
            ("Donald Trump", "PERSON", "Donald Trump"), ("Washington", "PERSON", "George Washington"),
            ("Kyiv", "LOC", ""), ("Washington", "LOC", "Washington"), ("Kyiv", "LOC", ""),
        ]).distinctEntities()
        #expect(
            found == [
                DistinctEntity(name: "Donald Trump", label: "PERSON", mentions: 2, firstMention: 1),
                DistinctEntity(name: "Washington", label: "LOC", mentions: 2, firstMention: 2),
                DistinctEntity(name: "Kyiv", label: "LOC", mentions: 2, firstMention: 5),
                DistinctEntity(name: "NATO", label: "ORG", mentions: 1, firstMention: 0),
                DistinctEntity(name: "George Washington", label: "PERSON", mentions: 1, firstMention: 4),
            ])
    }

    @Test func noEntitiesGiveNone() {
        #expect(Document(id: "d", text: "t").distinctEntities().isEmpty)
        #expect(document([]).distinctEntities().isEmpty)
    }
}

struct SharedResourcesTests {
    @Test func aResourceLoadsOnceHoweverManyAskAtOnce() {
        let resources = SharedResources()
        let loads = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 64) { _ in
            let names = resources.resource("names") {
                loads.withLock { $0 += 1 }
                return ["Ada", "Grace"]
            }
            #expect(names == ["Ada", "Grace"])
        }
        #expect(loads.withLock { $0 } == 1)
    }
}
