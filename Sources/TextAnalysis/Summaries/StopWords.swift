internal import Foundation

/// A list of stop words — "the", "of", "would" — that carry no topic of their own.
///
/// `english` is sumy's English list (Apache-2.0; see `Resources/Summaries/NOTICE.md`), loaded
/// from the package's resources the first time it is used and shared by every thread after.
public struct StopWords: Sendable {
    /// The words, lowercased.
    let words: Set<[UInt8]>
    /// Whether this is `english`, whose terms `TermCache.english` shares.
    let isEnglish: Bool

    /// A list of `words`, compared in lowercase ASCII.
    public init(_ words: some Sequence<String>) {
        self.init(words, isEnglish: false)
    }

    private init(_ words: some Sequence<String>, isEnglish: Bool) {
        self.words = Set(words.map { Array($0.lowercased().utf8) })
        self.isEnglish = isEnglish
    }

    /// How many words the list holds.
    public var count: Int { words.count }

    /// Whether `word` (any case) is on the list.
    public func contains(_ word: some StringProtocol) -> Bool {
        words.contains(Array(word.lowercased().utf8))
    }

    /// sumy's English stop words (579 words), from `Resources/Summaries/stopwords-en.txt`.
    public static let english: StopWords = {
        let name = "stopwords-en"
        guard
            let url = Bundle.module.url(forResource: name, withExtension: "txt", subdirectory: "Resources/Summaries"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else {
            preconditionFailure("TextAnalysis resource Resources/Summaries/\(name).txt is missing from the bundle")
        }
        return StopWords(
            text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.isEmpty }, isEnglish: true)
    }()
}
