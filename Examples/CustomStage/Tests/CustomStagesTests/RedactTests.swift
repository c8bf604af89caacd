import CustomStages
import PipeKit
import Testing

/// `redact` on its own, called the way the runner calls it.
struct RedactTests {
    let redact = Redact(emailMask: "[EMAIL]", phoneMask: "[PHONE]")

    func redacted(_ text: String, with stage: Redact? = nil) throws -> Document {
        var document = Document(id: "d", text: text)
        _ = try (stage ?? redact).transform(&document, context: StageContext(stageID: "redact", pipelineName: "test"))
        return document
    }

    @Test(arguments: [
        ("Write to ann.lee+news@mail.example.org today.", "Write to [EMAIL] today."),
        ("Mail <bob@example.com>, or bob@example.com.", "Mail <[EMAIL]>, or [EMAIL]."),
        ("Call (555) 123-4567 now", "Call [PHONE] now"),
        ("Call 555-123-4567 or 555.0199.", "Call [PHONE] or [PHONE]."),
        ("Toll free: 1-800-555-0134!", "Toll free: [PHONE]!"),
        ("London: +44 20 7946 0958, Paris: +33 1 23 45 67 89", "London: [PHONE], Paris: [PHONE]"),
        ("Zoë écrit à zoe@example.fr.", "Zoë écrit à [EMAIL]."),
    ])
    func masksAddressesAndNumbers(text: String, expected: String) throws {
        #expect(try redacted(text).text == expected)
    }

    @Test(arguments: [
        "Order 2019-01-05-77 shipped on 05.01.2019.",
        "The years 2019 2020 2021 and version 2.4.1 of the list.",
        "Server 192.168.100.200 answered; id 5551234567 is not a phone.",
        "Nothing @ here, nor @handle, nor a@b, nor x@example.c.",
        "Room 12-345 and 123-45678.",
    ])
    func leavesDatesVersionsAndNearMissesAlone(text: String) throws {
        #expect(try redacted(text).text == text)
    }

    @Test func countsWhatItMaskedAndDropsSpansIntoTheOldText() throws {
        var document = Document(id: "d", text: "a@example.com and b@example.com, 555-0199.")
        document.sentences = [TextSpan(start: 0, end: 42)]
        _ = try redact.transform(&document, context: StageContext(stageID: "redact", pipelineName: "test"))
        #expect(document.fields["redactions"] == ["emails": 2, "phones": 1])
        #expect(document.sentences == nil)
    }

    @Test func masksOnlyWhatItIsAskedTo() throws {
        let phonesOnly = Redact(emailMask: nil, phoneMask: "###", countField: "")
        let document = try redacted("ann@example.com, 555-0199", with: phonesOnly)
        #expect(document.text == "ann@example.com, ###")
        #expect(document.fields.isEmpty)
    }

    @Test func aRedactThatMasksNothingIsAConfigurationError() throws {
        var registry = StageRegistry()
        registry.register(Redact.declaration)
        registry.register(.reader("none", summary: "Nothing.") { _, _ in MemoryReader([]) })
        registry.register(.sink("memory", summary: "Keeps documents.") { _, _ in MemorySink() })
        let yaml = """
            reader: {type: none}
            stages:
              - type: redact
                emails: false
                phones: false
            sinks: [{type: memory}]
            """
        #expect {
            try PipelineLoader(registry: registry).load(text: yaml, file: "p.yaml", baseDirectory: "/")
        } throws: { error in
            "\(error)" == """
                p.yaml:4:13: error: 'redact' with emails and phones both false masks nothing
                  emails: false
                          ^
                remove the stage, or set one of them to true
                """
        }
    }
}
