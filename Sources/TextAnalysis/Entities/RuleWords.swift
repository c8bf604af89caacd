/// The words the recognizer's rules name, hashed once, and the flags that can start a pattern.
///
/// A pass keeps a copy: a `static let` read in a hot loop costs a call (`swift_once`) every time.
struct RuleWords {
    static let shared = RuleWords()

    let patternFlags: WordFlags = [
        .month, .weekday, .dateDay, .dateRelative, .dateModifier, .numberWord, .timeWord, .currency,
    ]
    /// The flags of a word that can start a date.
    let dateFlags: WordFlags = [.weekday, .month, .numberWord, .dateDay, .dateModifier, .dateRelative]
    /// What a word after "the" must be for a date to start there, unless it is a number.
    let afterThe: WordFlags = [.dateModifier, .dateRelative]
    let the = Self.folded("the"), ago = Self.folded("ago"), of = Self.folded("of"), this = Self.folded("this"),
        that = Self.folded("that")
    let morning = Self.folded("morning"), evening = Self.folded("evening"), at = Self.folded("at"),
        per = Self.folded("per")
    let square = Self.folded("square"), cubic = Self.folded("cubic")
    let may = WordHash.hashes("May").exact, us = WordHash.hashes("US").exact, usDots = WordHash.hashes("U.S.").exact
    let degrees = Self.folded(["degrees", "degree"])
    let scales = Self.folded(["celsius", "fahrenheit", "c", "f"])
    let currencyCodes = Set(
        [
            "USD", "EUR", "GBP", "JPY", "CNY", "RMB", "AUD", "CAD", "CHF", "SEK", "NOK", "DKK", "INR", "RUB", "BRL",
            "ZAR", "HKD", "NZD", "SGD", "KRW", "MXN", "TRY", "PLN", "UAH", "ILS",
        ].map { WordHash.hashes($0).exact })
    /// Words after a year that make it part of an event's name ("2019 Nobel Prize").
    let eventHeads = Self.folded([
        "prize", "prizes", "award", "awards", "cup", "games", "olympics", "marathon", "festival", "championship",
        "championships", "open", "prix", "summit", "expo", "tour", "series", "bowl", "derby", "contest", "census",
        "convention", "conference", "league", "season",
    ])
    /// Connectors that join two names only inside an organization's name ("Securities and Exchange
    /// Commission"); elsewhere they join two names ("Trump and Putin").
    let orgConnectors = Self.folded(["and", "&", "for", "on"])

    private static func folded(_ word: String) -> UInt64 { WordHash.hashes(word).folded }
    private static func folded(_ words: [String]) -> Set<UInt64> { Set(words.map { WordHash.hashes($0).folded }) }
}
