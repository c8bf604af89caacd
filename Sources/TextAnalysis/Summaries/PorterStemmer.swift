/// The Porter stemmer (M. F. Porter, "An algorithm for suffix stripping", Program 14(3), 1980),
/// on lowercase ASCII bytes: "negotiations" → "negoti", "talks" → "talk".
///
/// `.original` is the algorithm as the paper gives it. `.nltk` adds the small departures of NLTK's
/// default `PorterStemmer()` — the one `rouge-score` stems with — so that ROUGE computed here
/// matches it token for token: a few irregular forms ("dying" → "die", "news" stays), words of one
/// or two letters left alone, "-ies"/"-ied" on four-letter words ("dies" → "die"), "y" → "i" only
/// after a consonant that is not the first letter, "-bli" → "-ble", "-fulli" → "-ful" and "-logi" →
/// "-log" in step 2, and a two-letter vowel-consonant word counted as *cvc*.
///
/// Words with bytes other than `a`–`z` and `0`–`9` are returned unchanged.
///
/// - Complexity: O(k²) in the word's length k (each step measures its stem), with no allocation
///   beyond the result.
public struct PorterStemmer: Sendable {
    /// Which variant of the algorithm to follow.
    public enum Mode: Sendable {
        /// The 1980 paper.
        case original
        /// NLTK's `PorterStemmer()` default (`NLTK_EXTENSIONS`), which `rouge-score` uses.
        case nltk
    }

    /// The variant this stemmer follows.
    public var mode: Mode

    /// A stemmer that follows `mode`.
    public init(mode: Mode = .nltk) { self.mode = mode }

    /// The stem of `word`, which is lowercased first (ASCII letters only).
    public func stem(_ word: String) -> String {
        String(decoding: stem(bytes: Array(word.utf8)), as: UTF8.self)
    }

    /// The stem of a word given as bytes; ASCII letters are lowercased first.
    public func stem(bytes word: [UInt8]) -> [UInt8] {
        var w = word
        for index in w.indices {
            let byte = w[index]
            if byte >= 0x41 && byte <= 0x5A {
                w[index] = byte | 0x20
            } else if !(byte >= 0x61 && byte <= 0x7A) && !(byte >= 0x30 && byte <= 0x39) {
                return word
            }
        }
        if mode == .nltk {
            if w.count <= 8 {
                let word = Self.packed(w)
                if let irregular = Self.irregular.first(where: { $0.word == word }) { return irregular.stem }
            }
            if w.count <= 2 { return w }
        }
        if w.isEmpty { return w }
        var stemmer = Steps(w: w, nltk: mode == .nltk)
        stemmer.step1a()
        stemmer.step1b()
        stemmer.step1c()
        stemmer.step2()
        stemmer.step3()
        stemmer.step4()
        stemmer.step5a()
        stemmer.step5b()
        return stemmer.w
    }

    /// NLTK's pool of irregular forms, each word packed in an integer (none is longer than eight
    /// letters): sixteen comparisons cost less than hashing the word.
    private static let irregular: [(word: UInt64, stem: [UInt8])] = {
        let forms: [String: [String]] = [
            "sky": ["sky", "skies"], "die": ["dying"], "lie": ["lying"], "tie": ["tying"], "news": ["news"],
            "inning": ["innings", "inning"], "outing": ["outings", "outing"], "canning": ["cannings", "canning"],
            "howe": ["howe"], "proceed": ["proceed"], "exceed": ["exceed"], "succeed": ["succeed"],
        ]
        return forms.flatMap { stem, words in words.map { (packed(Array($0.utf8)), Array(stem.utf8)) } }
    }()

    /// The bytes of a word of at most eight bytes, none of them 0, in one integer.
    private static func packed(_ word: [UInt8]) -> UInt64 {
        var value: UInt64 = 0
        for byte in word.reversed() { value = value << 8 | UInt64(byte) }
        return value
    }
}

/// One word going through the steps; `w` is lowercase ASCII.
private struct Steps {
    var w: [UInt8]
    let nltk: Bool

    /// Whether `word[i]` is a consonant: not a vowel, and `y` only at the start or after a vowel.
    static func isConsonant(_ word: ArraySlice<UInt8>, _ i: Int) -> Bool {
        switch word[i] {
        case UInt8(ascii: "a"), UInt8(ascii: "e"), UInt8(ascii: "i"), UInt8(ascii: "o"), UInt8(ascii: "u"):
            return false
        case UInt8(ascii: "y"):
            return i == word.startIndex ? true : !isConsonant(word, i - 1)
        default:
            return true
        }
    }

    /// m in [C](VC)^m[V]: the number of vowel-consonant sequences.
    static func measure(_ stem: ArraySlice<UInt8>) -> Int {
        var count = 0
        var previousVowel = false
        var consonant = false
        for i in stem.indices {
            consonant = isConsonant(stem, i)
            if consonant && previousVowel { count += 1 }
            previousVowel = !consonant
        }
        return count
    }

    static func containsVowel(_ stem: ArraySlice<UInt8>) -> Bool {
        stem.indices.contains { !isConsonant(stem, $0) }
    }

    static func endsDoubleConsonant(_ word: ArraySlice<UInt8>) -> Bool {
        word.count >= 2 && word[word.endIndex - 1] == word[word.endIndex - 2]
            && isConsonant(word, word.endIndex - 1)
    }

    /// *o: the stem ends consonant-vowel-consonant, the last not w, x or y.
    func endsCVC(_ word: ArraySlice<UInt8>) -> Bool {
        let end = word.endIndex
        if word.count >= 3 && Self.isConsonant(word, end - 3) && !Self.isConsonant(word, end - 2)
            && Self.isConsonant(word, end - 1)
            && ![UInt8(ascii: "w"), UInt8(ascii: "x"), UInt8(ascii: "y")].contains(word[end - 1])
        {
            return true
        }
        return nltk && word.count == 2 && !Self.isConsonant(word, end - 2) && Self.isConsonant(word, end - 1)
    }

    /// Whether the word ends with `suffix`, compared from the last byte, where most suffixes differ.
    func ends(_ suffix: StaticString) -> Bool {
        let count = suffix.utf8CodeUnitCount
        guard w.count >= count else { return false }
        return suffix.withUTF8Buffer { suffix in
            var index = count
            var offset = w.count
            while index > 0 {
                index &-= 1
                offset &-= 1
                if w[offset] != suffix[index] { return false }
            }
            return true
        }
    }

    /// The word without its last `count` bytes.
    func stem(dropping count: Int) -> ArraySlice<UInt8> { w[0..<(w.count - count)] }

    mutating func replace(_ count: Int, with replacement: StaticString) {
        w.removeLast(count)
        replacement.withUTF8Buffer { w.append(contentsOf: $0) }
    }

    /// What a rule asks of the stem left when its suffix is removed.
    enum Condition {
        /// m > 0
        case positive
        /// m > 1
        case greaterThanOne
        /// m > 1 and the stem ends in s or t
        case ion
    }

    /// A rule: suffix, replacement, and the condition on the stem. The paper applies the rule with the
    /// longest matching suffix; as NLTK does, the first rule whose suffix matches decides, even when its
    /// condition fails (the lists are ordered so that this is the longest match).
    typealias Rule = (suffix: StaticString, replacement: StaticString, condition: Condition)

    /// Rules by the last byte of their suffixes, each list in the order given: a word is tried only
    /// against the rules whose suffixes end in its last letter.
    struct Rules {
        private let byLast: [[Rule]]

        init(_ rules: [Rule]) {
            var byLast = [[Rule]](repeating: [], count: 256)
            for rule in rules {
                let last = rule.suffix.withUTF8Buffer { $0[$0.count - 1] }
                byLast[Int(last)].append(rule)
            }
            self.byLast = byLast
        }

        /// The rules whose suffixes end in `byte`, in order.
        func ending(in byte: UInt8) -> [Rule] { byLast[Int(byte)] }
    }

    /// Applies the first rule whose suffix the word has; false when none has.
    @discardableResult
    mutating func apply(_ rules: Rules) -> Bool {
        guard let last = w.last else { return false }
        for rule in rules.ending(in: last) where ends(rule.suffix) {
            let count = rule.suffix.utf8CodeUnitCount
            let stem = stem(dropping: count)
            let holds: Bool
            switch rule.condition {
            case .positive: holds = Self.measure(stem) > 0
            case .greaterThanOne: holds = Self.measure(stem) > 1
            case .ion:
                holds = Self.measure(stem) > 1 && (stem.last == UInt8(ascii: "s") || stem.last == UInt8(ascii: "t"))
            }
            if holds { replace(count, with: rule.replacement) }
            return true
        }
        return false
    }

    static func positive(_ stem: ArraySlice<UInt8>) -> Bool { measure(stem) > 0 }

    private static let step2Common: [Rule] = [
        ("alli", "al", .positive), ("entli", "ent", .positive), ("eli", "e", .positive), ("ousli", "ous", .positive),
        ("ization", "ize", .positive), ("ation", "ate", .positive), ("ator", "ate", .positive),
        ("alism", "al", .positive), ("iveness", "ive", .positive), ("fulness", "ful", .positive),
        ("ousness", "ous", .positive), ("aliti", "al", .positive), ("iviti", "ive", .positive),
        ("biliti", "ble", .positive),
    ]
    private static let step2Head: [Rule] = [
        ("ational", "ate", .positive), ("tional", "tion", .positive), ("enci", "ence", .positive),
        ("anci", "ance", .positive), ("izer", "ize", .positive),
    ]
    static let step2Original = Rules(step2Head + [("abli", "able", .positive)] + step2Common)
    static let step2NLTK = Rules(step2Head + [("bli", "ble", .positive)] + step2Common + [("fulli", "ful", .positive)])
    static let step3Rules = Rules([
        ("icate", "ic", .positive), ("ative", "", .positive), ("alize", "al", .positive), ("iciti", "ic", .positive),
        ("ical", "ic", .positive), ("ful", "", .positive), ("ness", "", .positive),
    ])
    static let step4Rules = Rules([
        ("al", "", .greaterThanOne), ("ance", "", .greaterThanOne), ("ence", "", .greaterThanOne),
        ("er", "", .greaterThanOne), ("ic", "", .greaterThanOne), ("able", "", .greaterThanOne),
        ("ible", "", .greaterThanOne), ("ant", "", .greaterThanOne), ("ement", "", .greaterThanOne),
        ("ment", "", .greaterThanOne), ("ent", "", .greaterThanOne), ("ion", "", .ion), ("ou", "", .greaterThanOne),
        ("ism", "", .greaterThanOne), ("ate", "", .greaterThanOne), ("iti", "", .greaterThanOne),
        ("ous", "", .greaterThanOne), ("ive", "", .greaterThanOne), ("ize", "", .greaterThanOne),
    ])

    mutating func step1a() {
        if nltk && w.count == 4 && ends("ies") {
            replace(3, with: "ie")
            return
        }
        if ends("sses") {
            replace(4, with: "ss")
        } else if ends("ies") {
            replace(3, with: "i")
        } else if ends("ss") {
            return
        } else if ends("s") {
            w.removeLast()
        }
    }

    mutating func step1b() {
        if nltk && ends("ied") {
            replace(3, with: w.count == 4 ? "ie" : "i")
            return
        }
        if ends("eed") {
            if Self.measure(stem(dropping: 3)) > 0 { replace(3, with: "ee") }
            return
        }
        if ends("ed") && Self.containsVowel(stem(dropping: 2)) {
            w.removeLast(2)
        } else if ends("ing") && Self.containsVowel(stem(dropping: 3)) {
            w.removeLast(3)
        } else {
            return
        }
        if ends("at") {
            w.append(UInt8(ascii: "e"))
        } else if ends("bl") {
            w.append(UInt8(ascii: "e"))
        } else if ends("iz") {
            w.append(UInt8(ascii: "e"))
        } else if Self.endsDoubleConsonant(w[...]) {
            if ![UInt8(ascii: "l"), UInt8(ascii: "s"), UInt8(ascii: "z")].contains(w[w.count - 1]) { w.removeLast() }
        } else if Self.measure(w[...]) == 1 && endsCVC(w[...]) {
            w.append(UInt8(ascii: "e"))
        }
    }

    mutating func step1c() {
        guard ends("y") else { return }
        let stem = stem(dropping: 1)
        let applies =
            nltk ? stem.count > 1 && Self.isConsonant(stem, stem.endIndex - 1) : Self.containsVowel(stem)
        if applies { w[w.count - 1] = UInt8(ascii: "i") }
    }

    mutating func step2() {
        if nltk && ends("alli") && Self.positive(stem(dropping: 4)) {
            replace(4, with: "al")
            step2()
            return
        }
        if apply(nltk ? Self.step2NLTK : Self.step2Original) { return }
        // NLTK's "-logi" → "-log" measures the word without "ogi", not the stem without "logi".
        if nltk && ends("logi") && Self.positive(stem(dropping: 3)) { replace(4, with: "log") }
    }

    mutating func step3() { apply(Self.step3Rules) }

    mutating func step4() { apply(Self.step4Rules) }

    mutating func step5a() {
        guard ends("e") else { return }
        let stem = stem(dropping: 1)
        let m = Self.measure(stem)
        if m > 1 || (m == 1 && !endsCVC(stem)) { w.removeLast() }
    }

    mutating func step5b() {
        if ends("ll") && Self.measure(stem(dropping: 1)) > 1 { w.removeLast() }
    }
}
