import PipeKit

/// Counts the words of every document it receives and, when the run ends, writes the most
/// frequent as CSV (`word,count`): a quick look at what a corpus talks about.
///
/// A sink is called from one serial queue, so it keeps its counts without a lock; it writes
/// through `OutputFile`, which renames a finished temporary file into place, so a failed run
/// never leaves a half-written CSV behind.
public final class WordFrequency: Sink {
    /// The stage's name, options and factory: register it to use `wordfreq` in pipeline files.
    public static let declaration = StageDeclaration.sink(
        "wordfreq",
        summary: "Counts words over all documents and writes the most frequent as CSV: word,count.",
        options: [
            OptionSpec("path", .path, required: true, help: "The CSV file to write; '-' writes to standard output."),
            OptionSpec(
                "top", .integer(minimum: 0), default: 50,
                help: "How many words to keep, most frequent first; 0 keeps every word."),
            OptionSpec("min_length", .integer(minimum: 1), default: 3, help: "Leave out words shorter than this."),
            OptionSpec("stop_words", .strings, help: "Words not to count, in any letter case."),
        ],
        example: """
            - type: wordfreq
              path: out/words.csv
              top: 20
            """,
        make: { options, _ in
            WordFrequency(
                file: OutputFile(path: options.string("path")), top: options.int("top"),
                minimumLength: options.int("min_length"),
                stopWords: Set(options.strings("stop_words").map { $0.lowercased() }))
        })

    private let file: OutputFile
    private let top: Int
    private let minimumLength: Int
    private let stopWords: Set<String>
    private var counts: [String: Int] = [:]

    /// A sink writing to `file`, keeping the `top` words (all when 0) of at least `minimumLength` letters.
    public init(file: OutputFile, top: Int = 50, minimumLength: Int = 3, stopWords: Set<String> = []) {
        self.file = file
        self.top = top
        self.minimumLength = minimumLength
        self.stopWords = stopWords
    }

    /// Creates the temporary file the CSV goes to.
    public func open() throws { try file.open() }

    /// Counts the document's words: runs of letters, in lower case.
    public func write(_ document: Document) throws {
        var word = String.UnicodeScalarView()
        for scalar in document.text.unicodeScalars {
            if scalar.properties.isAlphabetic {
                word.append(scalar)
            } else if !word.isEmpty {
                count(String(word))
                word.removeAll(keepingCapacity: true)
            }
        }
        if !word.isEmpty { count(String(word)) }
    }

    /// Writes the counts, most frequent first and alphabetically among equals, and commits the file.
    /// Words are letters only, so no CSV field needs quoting.
    public func finish() throws {
        var ranked = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        if top > 0 { ranked = Array(ranked.prefix(top)) }
        try file.write("word,count\n")
        for (word, count) in ranked { try file.write("\(word),\(count)\n") }
        try file.commit()
    }

    /// Removes the temporary file: the run failed, and an earlier CSV stays as it was.
    public func abort() { file.discard() }

    private func count(_ word: String) {
        let lowered = word.lowercased()
        guard lowered.unicodeScalars.count >= minimumLength, !stopWords.contains(lowered) else { return }
        counts[lowered, default: 0] += 1
    }
}
