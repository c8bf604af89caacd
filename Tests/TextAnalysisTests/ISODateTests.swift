import Testing

@testable import TextAnalysis

struct ISODateTests {
    @Test(arguments: [
        ("2024-03-07", "2024-03-07"), ("2024-03-07T18:42:00+01:00", "2024-03-07"), ("2024-3-7", "2024-03-07"),
        ("2024/03/07", "2024-03-07"), ("2024.03.07", "2024-03-07"), ("20240307", "2024-03-07"),
        ("20240307T120000Z", "2024-03-07"), ("2024-02-29", "2024-02-29"),
        ("Thu, 07 Mar 2024 10:00:00 GMT", "2024-03-07"), ("7 March 2024", "2024-03-07"),
        ("March 7, 2024", "2024-03-07"), ("Sept. 30, 2023", "2023-09-30"), ("  2024-03-07", "2024-03-07"),
    ])
    func readsCommonDateForms(text: String, date: String) {
        #expect(ISODate.normalize(text) == date)
    }

    @Test(arguments: [
        "", "yesterday", "2024-13-01", "2023-02-29", "2024-04-31", "2024-03", "202403071",
        "2024-03/07", "Thursday", "March 2024", "12345",
        // A run of digits too long for an Int (found by the fuzzer: it used to overflow and crash).
        "99999999999999999999 May", "7 May 123456789012345678901234567890",
    ])
    func refusesWhatIsNotADate(text: String) {
        #expect(ISODate.normalize(text) == nil)
    }
}
