/// Lends out vocabularies (word → stem id, see `Vocabulary`), one per thread at work, so that the
/// words learnt on one document serve the next without a lock per word: a caller takes a vocabulary
/// from the idle ones (or a new one) for a whole document and gives it back after. With n workers
/// there are at most n vocabularies, each learning the corpus' words once and staying with its thread.
final class TermCache: Sendable {
    private let idle = ThreadAffinePool<Vocabulary>()
    private let stopWords: StopWords
    private let stemmer: PorterStemmer

    init(stopWords: StopWords, stemmer: PorterStemmer) {
        self.stopWords = stopWords
        self.stemmer = stemmer
    }

    /// Runs `body` with a vocabulary of its own to read `text`: the idle one that read `text`
    /// last, if any, so that a second stage on a document takes the first one's reading; else this
    /// thread's.
    func withVocabulary<Result>(for text: String, _ body: (inout Vocabulary) -> Result) -> Result {
        var vocabulary =
            idle.take { $0.hasRecent(text) } ?? Vocabulary(stopWords: stopWords, stemmer: stemmer)
        let result = body(&vocabulary)
        idle.giveBack(vocabulary)
        return result
    }

    /// The cache for sumy's English stop words and NLTK's Porter variant, the defaults.
    static let english = TermCache(stopWords: .english, stemmer: PorterStemmer())

    /// The shared cache when `stopWords` and `stemmer` are the defaults, else a fresh one.
    static func `for`(_ stopWords: StopWords, _ stemmer: PorterStemmer) -> TermCache {
        stopWords.isEnglish && stemmer.mode == .nltk ? english : TermCache(stopWords: stopWords, stemmer: stemmer)
    }
}
