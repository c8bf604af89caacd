/// English words that end in a period without ending a sentence, by how they behave.
enum Abbreviations {
    /// The sets below as `WordKey`s, for look-ups without building a `String`.
    static let titleKeys = keys(titles)
    static let beforeNumberKeys = keys(beforeNumbers)
    static let generalKeys = keys(general)
    static let endingBeforeCapitalKeys = keys(endingBeforeCapitals)
    static let afterTimeKeys = WordKeyTable(keys(afterTimes))
    static let sentenceOpenerKeys = WordKeyTable(keys(sentenceOpeners))

    private static func keys(_ words: Set<String>) -> Set<WordKey> { Set(words.compactMap { WordKey($0.utf8) }) }

    /// Which of the lists a word is on, for the splitter's question at every period.
    struct Lists: OptionSet, Sendable {
        let rawValue: UInt8
        static let title = Lists(rawValue: 1)
        static let beforeNumber = Lists(rawValue: 2)
        static let general = Lists(rawValue: 4)
        static let endingBeforeCapital = Lists(rawValue: 8)
    }

    /// Every word of `titles`, `beforeNumbers`, `general` and `endingBeforeCapitals` with the lists
    /// it is on: one look-up where four sets took four.
    static let lists: WordKeyTable<Lists> = {
        var lists: [WordKey: Lists] = [:]
        for (keys, list) in [
            (titleKeys, Lists.title), (beforeNumberKeys, .beforeNumber), (generalKeys, .general),
            (endingBeforeCapitalKeys, .endingBeforeCapital),
        ] {
            for key in keys { lists[key, default: []].insert(list) }
        }
        return WordKeyTable(lists)
    }()

    /// Titles and honorifics, always followed by a name and never sentence-final; and the legal
    /// "v." of "Roe v. Wade".
    static let titles: Set<String> = [
        "v",
        "mr", "mrs", "ms", "mx", "messrs", "mmes", "dr", "drs", "prof", "profs", "rev", "hon", "fr", "sr", "jr", "st",
        "gen", "col", "lt", "maj", "capt", "cpt", "cmdr", "adm", "brig", "sgt", "cpl", "pvt", "gov", "sen", "rep",
        "reps",
        "pres", "amb", "atty", "supt", "insp", "det", "mme", "mlle", "sra", "srta", "esq", "lieut", "comdr", "gens",
    ]

    /// Words that stand before a number: "No. 5", "Vol. 2", "Feb. 13".
    static let beforeNumbers: Set<String> = [
        "no", "nos", "vol", "vols", "pp", "p", "fig", "figs", "art", "sec", "ch", "chap", "op", "ca", "para", "nr",
        "tel",
        "ext", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "est",
    ]

    /// Abbreviations that may also end a sentence ("… Apple Inc. The company …"): a boundary only
    /// when a common sentence opener follows.
    static let general: Set<String> = [
        "inc", "ltd", "co", "corp", "llc", "plc", "bros", "assn", "dept", "univ", "govt", "intl", "natl", "vs",
        "al", "cf", "ave", "blvd", "rd", "mt", "ft", "hwy", "pl", "sq", "apt", "bldg", "jan", "feb", "mar", "apr",
        "jun",
        "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri",
        "sat", "sun", "approx", "est", "min", "max", "misc", "dept", "div", "mgr", "ed", "eds", "rev", "repr", "viz",
        "ibid", "ie", "eg", "am", "pm", "bc", "ad", "ph", "no", "vol", "fig", "dist", "mass", "calif", "fla", "penn",
        "wash", "conn", "ariz", "colo", "ill", "ind", "kan", "ky", "la", "md", "mich", "minn", "miss", "mo", "mont",
        "neb", "nev", "okla", "ore", "pa", "tenn", "tex", "va", "vt", "wis", "wyo", "ala", "ark", "del", "ga",
    ]

    /// Abbreviations that end the sentence when a capitalised word follows ("… at 8 p.m. Counting
    /// began …"), unless that word is one of `afterTimes`.
    static let endingBeforeCapitals: Set<String> = ["a.m", "p.m", "etc"]

    /// Words that follow a time without starting a sentence: zones, days, months.
    static let afterTimes: Set<String> = [
        "eastern", "pacific", "central", "mountain", "atlantic", "gmt", "utc", "et", "pt", "ct", "est", "edt", "pst",
        "pdt", "cst", "cdt", "cet", "cest", "bst", "ist", "jst", "aest", "monday", "tuesday", "wednesday", "thursday",
        "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june", "july", "august",
        "september", "october", "november", "december", "local",
    ]

    /// Words that commonly open a sentence, used to tell "U.S. He said" (a boundary) from
    /// "U.S. Senate" (none) after an abbreviation.
    static let sentenceOpeners: Set<String> = [
        "the", "a", "an", "he", "she", "it", "its", "they", "we", "i", "you", "this", "that", "these", "those", "there",
        "but", "and", "or", "so", "yet", "in", "on", "at", "for", "from", "by", "with", "however", "his", "her",
        "their", "our", "my", "your", "as", "after", "before", "when", "while", "if", "then", "meanwhile", "also",
        "some", "many", "most", "several", "one", "two", "three", "according", "although", "though", "since", "what",
        "who", "why", "how", "where", "officials", "police", "authorities", "during", "earlier", "later", "last",
        "next", "both", "all", "each", "other", "another", "such", "not", "now", "today", "yesterday", "tomorrow",
        "here", "there's", "it's", "he's", "she's", "we're", "they're", "i'm", "still", "despite", "under", "over",
        "until", "about", "because", "instead", "indeed", "moreover", "furthermore", "thus", "therefore", "overall",
    ]
}

/// A word of at most 16 ASCII bytes, lowercased and packed into two integers, so that the
/// splitter's look-ups at every period allocate nothing and hash two words.
struct WordKey: Hashable {
    fileprivate var low: UInt64 = 0
    fileprivate var high: UInt64 = 0

    /// One word into the hasher, not two: most keys fit in `low`.
    func hash(into hasher: inout Hasher) {
        hasher.combine(low ^ (high &* 0x9E37_79B9_7F4A_7C15))
    }

    /// The empty word, which no list holds: what a `WordKeyTable`'s free slots keep.
    fileprivate init() {}

    /// `nil` for a longer word or one with non-ASCII bytes, which no list holds.
    init?(_ bytes: some Collection<UInt8>) {
        guard bytes.count <= 16 else { return nil }
        var shift: UInt64 = 0
        for byte in bytes {
            guard byte < 0x80 else { return nil }
            let lowered = UInt64(UTF8Text.isUpper(byte) ? byte | 0x20 : byte)
            if shift < 64 {
                low |= lowered &<< shift
            } else {
                high |= lowered &<< (shift &- 64)
            }
            shift &+= 8
        }
    }
}

/// A fixed table from `WordKey`s to values, for the look-ups at every period: a multiply picks
/// the slot and a probe or two finds the key, where `Dictionary` runs a seeded hash of the whole
/// key first.
struct WordKeyTable<Value: Sendable>: Sendable {
    private let keys: [WordKey]
    private let values: [Value?]
    private let shift: UInt64

    init(_ entries: [WordKey: Value]) {
        // At most a quarter full, so that a probe rarely goes past its first slot.
        var bits: UInt64 = 4
        while 1 << bits < entries.count * 4 { bits += 1 }
        var keys = [WordKey](repeating: WordKey(), count: 1 << bits)
        var values = [Value?](repeating: nil, count: 1 << bits)
        for (key, value) in entries {
            var slot = Self.slot(key, shift: 64 - bits)
            while values[slot] != nil { slot = (slot + 1) & (keys.count - 1) }
            keys[slot] = key
            values[slot] = value
        }
        (self.keys, self.values, shift) = (keys, values, 64 - bits)
    }

    subscript(key: WordKey) -> Value? {
        var slot = Self.slot(key, shift: shift)
        while let value = values[slot] {
            if keys[slot] == key { return value }
            slot = (slot + 1) & (keys.count - 1)
        }
        return nil
    }

    /// The top bits of the key's two words mixed by multiplying: the first slot to probe.
    private static func slot(_ key: WordKey, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: ((key.low ^ key.high &* 0xC2B2_AE3D_27D4_EB4F) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }
}

extension WordKeyTable where Value == Void {
    init(_ keys: Set<WordKey>) { self.init(Dictionary(uniqueKeysWithValues: keys.map { ($0, ()) })) }

    func contains(_ key: WordKey) -> Bool { self[key] != nil }
}
