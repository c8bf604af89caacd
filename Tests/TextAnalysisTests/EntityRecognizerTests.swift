import Foundation
import Testing

@testable import TextAnalysis

/// The recognizer's parts: the gazetteer trie, the patterns, the evidence for names, the user's
/// knowledge.
struct EntityRecognizerTests {
    static let recognizer = EntityRecognizer()

    /// "LABEL text" for each entity of `text`.
    static func entities(_ text: String, _ recognizer: EntityRecognizer = recognizer) -> [String] {
        let bytes = Array(text.utf8)
        return recognizer.recognize(text).map { "\($0.label.name) \(String(decoding: bytes[$0.range], as: UTF8.self))" }
    }

    @Test func wordHashesFoldASCIICaseAndTypographicApostrophes() {
        #expect(WordHash.hashes("O'Brien").exact == WordHash.hashes("O’Brien").exact)
        #expect(WordHash.hashes("NATO").folded == WordHash.hashes("nato").folded)
        #expect(WordHash.hashes("NATO").exact != WordHash.hashes("nato").exact)
        #expect(
            WordHash.hashes("International-Organizations").folded
                == WordHash.hashes("international-organizations").folded)
        #expect(WordHash.hashes("Zürich").folded == WordHash.hashes("zürich").folded)
        #expect(WordHash.hashes("Élysée").folded != WordHash.hashes("élysée").folded)  // only ASCII letters fold
        #expect(WordHash.lowercased(0x5B40_605A_417A_6100) == 0x5B40_607A_617A_6100)
    }

    @Test func theGazetteerFindsTheLongestNameAndRespectsCase() {
        var gazetteer = Gazetteer()
        let entry = Gazetteer.Entry(label: .org, canonical: "", confidence: 1)
        gazetteer.insert(EntityTokens.hashes(of: "Bank"), caseSensitive: true, entry: entry)
        gazetteer.insert(EntityTokens.hashes(of: "Bank of England"), caseSensitive: true, entry: entry)
        gazetteer.insert(
            EntityTokens.hashes(of: "acme corp"), caseSensitive: false,
            entry: Gazetteer.Entry(label: .org, canonical: "Acme", confidence: 1))
        func match(_ text: String) -> Int? {
            var text = text
            return text.withUTF8 { bytes in
                let ids = EntityTokens.split(bytes, Tokenizer().tokenize(String(decoding: bytes, as: UTF8.self))).map {
                    let hashes = WordHash.hashes(bytes, $0.0)
                    return gazetteer.wordIDs(exact: hashes.exact, folded: hashes.folded)
                }
                return ids.withUnsafeBufferPointer { gazetteer.longestMatch($0, from: 0, limit: $0.count)?.end }
            }
        }
        #expect(match("Bank of England rates") == 3)
        #expect(match("Bank of Canada") == 1)
        #expect(match("bank of England") == nil)
        #expect(match("ACME Corp said") == 2)
        #expect(gazetteer.count == 3)
    }

    @Test func aGazetteerOf150000NamesLoadsQuicklyAndMatchesInOnePass() throws {
        var knowledge = UserKnowledge()
        let start = ContinuousClock.now
        for first in 0..<500 {
            for last in 0..<300 {
                knowledge.add(phrase: "Name\(first) Surname\(last)", label: .person, caseSensitive: true)
            }
        }
        let elapsed = ContinuousClock.now - start
        #expect(knowledge.count == 150_000)
        // Generous for a debug build on a shared machine; a release build takes about a tenth.
        #expect(elapsed < .seconds(20))
        let text = String(
            repeating: "Yesterday Name12 Surname7 met Name499 Surname299 and Name3 Surname300. ", count: 200)
        let found = EntityRecognizer(user: knowledge).recognize(text).filter { $0.confidence == 1 }
        #expect(found.count == 400)
    }

    @Test(arguments: [
        ("It happened on 13 February 2025 and on Feb 13, 2025.", ["DATE 13 February 2025", "DATE Feb 13, 2025"]),
        ("Monday, August 5, 2019", ["DATE Monday, August 5, 2019"]),
        ("He left last year, and returns next week.", ["DATE last year", "DATE next week"]),
        ("She was born in 1941 and sang in the 1970s.", ["DATE 1941", "DATE the 1970s"]),
        ("They met yesterday, 20 years ago.", ["DATE yesterday", "DATE 20 years ago"]),
        ("The range was July 27–28 this year.", ["DATE July 27–28", "DATE this year"]),
        ("It starts at 10:30 a.m. and ends at midnight.", ["TIME 10:30 a.m.", "TIME midnight"]),
        (
            "Shares rose 4% to $12.75, or 20 percent, on a $5 million deal.",
            [
                "PERCENT 4%", "MONEY $12.75", "PERCENT 20 percent", "MONEY $5 million",
            ]
        ),
        (
            "The prize is SEK9 million or 500 euros, US$6.16 million.",
            [
                "MONEY SEK9 million", "MONEY 500 euros", "MONEY US$6.16 million",
            ]
        ),
        (
            "The fire covered 3,000 square miles; it was 40 degrees Celsius and 5km away.",
            [
                "QUANTITY 3,000 square miles", "QUANTITY 40 degrees Celsius", "QUANTITY 5km",
            ]
        ),
        (
            "Write to news@example.org or see https://example.org/a.",
            [
                "EMAIL news@example.org", "URL https://example.org/a",
            ]
        ),
        ("Twenty people were hurt.", []),
    ])
    func patternsFindDatesTimesAndAmounts(text: String, expected: [String]) {
        #expect(Self.entities(text) == expected)
    }

    @Test(arguments: [
        // A title before a name, a first name, a role word.
        ("Russian President Vladimir Putin spoke.", ["NORP Russian", "PERSON Vladimir Putin"]),
        ("The call with Kremlin spokesperson Dmitry Peskov ended.", ["ORG Kremlin", "PERSON Dmitry Peskov"]),
        (
            "Secretary of State Marco Rubio and CIA Director John Ratcliffe met.",
            [
                "PERSON Marco Rubio", "ORG CIA", "PERSON John Ratcliffe",
            ]
        ),
        // Organization and place heads.
        (
            "He joined the Hong Kong Police Force and the Ministry of Defence.",
            [
                "ORG Hong Kong Police Force", "ORG Ministry of Defence",
            ]
        ),
        (
            "They flew from Heathrow Airport over the Zambezi River.",
            [
                "LOC Heathrow Airport", "LOC Zambezi River",
            ]
        ),
        // A place by its country, a place after "in".
        ("A fire in Koszalin, Poland killed five.", ["LOC Koszalin", "LOC Poland"]),
        // A common word opening a sentence is not a name; "Trump and Putin" are two.
        ("Following the talks, Zelensky and Putin met.", ["PERSON Zelensky", "PERSON Putin"]),
        // "trump" is a word: alone it needs a full name elsewhere.
        ("Trump met Putin. Donald Trump left.", ["PERSON Trump", "PERSON Putin", "PERSON Donald Trump"]),
        ("Meanwhile the University of California, San Diego said so.", ["ORG University of California, San Diego"]),
        (
            "First names that are places: John Bolton, Robert F. Kennedy.",
            [
                "PERSON John Bolton", "PERSON Robert F. Kennedy",
            ]
        ),
    ])
    func namesAreLabelledByTheirEvidence(text: String, expected: [String]) {
        #expect(Self.entities(text) == expected)
    }

    @Test func laterMentionsLinkToTheFullNameAndAcronymsToTheirLongForm() {
        let text = """
            President Donald Trump spoke to the World Meteorological Organization (WMO). Trump said the WMO \
            agreed. Later, Trump left.
            """
        let found = Self.recognizer.recognize(text)
        let bytes = Array(text.utf8)
        let trumps = found.filter { String(decoding: bytes[$0.range], as: UTF8.self) == "Trump" }
        #expect(trumps.count == 2)
        #expect(trumps.allSatisfy { $0.label == .person && $0.canonical == "Donald Trump" })
        let wmo = found.filter { String(decoding: bytes[$0.range], as: UTF8.self) == "WMO" }
        #expect(wmo.count == 2)
        #expect(wmo.allSatisfy { $0.label == .org && $0.canonical == "World Meteorological Organization" })
        #expect(found.allSatisfy { (0...1).contains($0.confidence) })
    }

    /// "Trump" on its own, a common word, is found only through another mention: it links to the
    /// full name that mention links to, not to the other mention's bare text.
    @Test func aBareSurnameLinksToTheFullNameThroughAnyMention() {
        let text = "US President Donald Trump spoke. President Trump left. Biden led Trump in the polls."
        let bytes = Array(text.utf8)
        let trumps = Self.recognizer.recognize(text).filter {
            String(decoding: bytes[$0.range], as: UTF8.self) == "Trump"
        }
        #expect(trumps.count == 2)
        #expect(trumps.allSatisfy { $0.label == .person && $0.canonical == "Donald Trump" })
    }

    @Test(arguments: [
        // A role word that opens a sentence stays outside the name, as a title does.
        ("Podcaster Spike Cohen received the nomination.", ["PERSON Spike Cohen"]),
        ("Activist Howie Hawkins spoke.", ["PERSON Howie Hawkins"]),
        // A title's place after "of" is not part of the name that follows.
        (
            "Mayor of Koszalin Piotr Jedlinski has declared a day of mourning.",
            ["LOC Koszalin", "PERSON Piotr Jedlinski"]
        ),
        ("The Governor of Texas Greg Abbott spoke.", ["LOC Texas", "PERSON Greg Abbott"]),
    ])
    func titlesAndTheirPlacesStayOutsideNames(text: String, expected: [String]) {
        #expect(Self.entities(text) == expected)
    }

    @Test func aTitlesPlaceKeepsItsLabelElsewhereInTheText() {
        let text = "A fire in Koszalin killed five. Mayor of Koszalin Piotr Jedlinski declared mourning."
        let found = Self.recognizer.recognize(text)
        let bytes = Array(text.utf8)
        let places = found.filter { String(decoding: bytes[$0.range], as: UTF8.self) == "Koszalin" }
        #expect(places.count == 2)
        #expect(places.allSatisfy { $0.label == .loc })
    }

    @Test func userPatternsWinIgnoredPhrasesVanishAndLabelsFilter() {
        var knowledge = UserKnowledge()
        knowledge.add(phrase: "Truth Social", label: .loc, caseSensitive: true)
        knowledge.add(phrase: "acme widgets", label: .org, caseSensitive: false, canonical: "Acme")
        knowledge.add(tokens: [.word("Case"), .number], label: .org, caseSensitive: true)
        knowledge.ignore("white house")
        let recognizer = EntityRecognizer(user: knowledge)
        let text = "Zelensky posted on Truth Social from the White House about ACME Widgets and Case 12 in Paris."
        #expect(
            Self.entities(text, recognizer) == [
                "PERSON Zelensky", "LOC Truth Social", "ORG ACME Widgets", "ORG Case 12", "LOC Paris",
            ])
        #expect(recognizer.recognize(text).first { $0.label == .org }?.canonical == "Acme")
        let places = EntityRecognizer(user: knowledge, labels: [.loc])
        #expect(Self.entities(text, places) == ["LOC Truth Social", "LOC Paris"])
        let sure = EntityRecognizer(minimumConfidence: 0.95)
        #expect(Self.entities("Write to a@b.org today.", sure) == ["EMAIL a@b.org"])
    }

    @Test func theBuiltInLexiconLoadsItsHundredsOfThousandsOfEntriesFromTheBundle() throws {
        let start = ContinuousClock.now
        let lexicon = try EntityLexicon(folder: EntityLexicon.resourceFolder)
        let elapsed = ContinuousClock.now - start
        print("entity lexicon: \(lexicon.count) entries loaded in \(elapsed)")
        #expect(lexicon.count > 150_000)
        #expect(elapsed < .seconds(20))
    }

    @Test(arguments: [
        "", " ", "2019", "2019 was", "$", "$5", "5", "5 percent", "Mr.", "Mr. Smith", "the", "the 1970s", "on February",
        "February", "at 10:30", "US$", "SEK9", "—", "-2019-", "July 27–", "Monday,", "Bank of", "Bank of the",
        "Ministry of the", "Smith (", "Long Name (LN", "A", "I", "🇺🇸 Trump", "\u{202E}Zelensky", "Ümit Özdağ said",
        "Rolls-", "-Royce", "the last", "last", "20 years", "20 years ago", "Café", "\n\n\nX\n", "40°", "40°C",
    ])
    func edgesOfTheTextNeverCrashAndSpansStayInside(text: String) {
        for mention in Self.recognizer.recognize(text) {
            #expect(mention.range.lowerBound >= 0 && mention.range.upperBound <= text.utf8.count)
            #expect(!mention.range.isEmpty)
        }
    }
}
