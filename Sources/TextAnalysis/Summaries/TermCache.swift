internal import Synchronization

/// What a lowercased word is as a term, remembered across documents: the stop-word test and the
/// Porter stem cost far more than a look-up, and news vocabularies repeat from one article to the
/// next. A word maps to the id of its stem (the same for every word with that stem), or -1 for a
/// stop word. Shared by every thread behind a `Mutex`; it stops learning words at `capacity` and
/// then stems the rest each time.
final class TermCache: Sendable {
    private struct State {
        /// By the word's 64-bit FNV-1a hash (of its lowercased bytes); the word is kept to rule out
        /// a collision.
        var words: [UInt64: (word: [UInt8], id: Int32)] = [:]
        var stems: [[UInt8]: Int32] = [:]
    }

    private let state = Mutex(State())
    private let capacity: Int
    private let stopWords: StopWords
    private let stemmer: PorterStemmer

    init(stopWords: StopWords, stemmer: PorterStemmer, capacity: Int = 200_000) {
        self.stopWords = stopWords
        self.stemmer = stemmer
        self.capacity = capacity
    }

    /// The stem id of the word at `range` of `bytes` (with the FNV-1a `hash` of its lowercased
    /// bytes), or -1 for a stop word or a word that cannot be a term.
    func term(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, hash: UInt64) -> Int32 {
        let known = state.withLock { $0.words[hash] }
        if let known, equalIgnoringCase(known.word, bytes, range) { return known.id }
        let word = loweredASCII(bytes, range)
        let stem: [UInt8]? =
            SentenceTerms.isContent(word) && !stopWords.contains(lowercased: word) ? stemmer.stem(bytes: word) : nil
        return state.withLock { state in
            var id: Int32 = -1
            if let stem {
                if let known = state.stems[stem] {
                    id = known
                } else {
                    id = Int32(state.stems.count)
                    state.stems[stem] = id
                }
            }
            if state.words.count < capacity && known == nil { state.words[hash] = (word, id) }
            return id
        }
    }

    /// The cache for sumy's English stop words and NLTK's Porter variant, the defaults.
    static let english = TermCache(stopWords: .english, stemmer: PorterStemmer())

    /// The shared cache when `stopWords` and `stemmer` are the defaults, else a fresh one.
    static func `for`(_ stopWords: StopWords, _ stemmer: PorterStemmer) -> TermCache {
        stopWords.isEnglish && stemmer.mode == .nltk ? english : TermCache(stopWords: stopWords, stemmer: stemmer)
    }
}
