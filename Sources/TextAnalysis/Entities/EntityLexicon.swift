internal import Foundation

/// What the recognizer knows about a word, whatever its case.
struct WordFlags: OptionSet, Sendable {
    let rawValue: UInt32
    static let common = WordFlags(rawValue: 1 << 0)
    static let firstName = WordFlags(rawValue: 1 << 1)
    static let surname = WordFlags(rawValue: 1 << 2)
    static let titleCore = WordFlags(rawValue: 1 << 3)
    static let titleModifier = WordFlags(rawValue: 1 << 4)
    static let role = WordFlags(rawValue: 1 << 5)
    static let orgHead = WordFlags(rawValue: 1 << 6)
    static let orgHeadOf = WordFlags(rawValue: 1 << 7)
    static let locHead = WordFlags(rawValue: 1 << 8)
    static let locHeadFirst = WordFlags(rawValue: 1 << 9)
    static let connector = WordFlags(rawValue: 1 << 10)
    static let nameParticle = WordFlags(rawValue: 1 << 11)
    static let month = WordFlags(rawValue: 1 << 12)
    static let weekday = WordFlags(rawValue: 1 << 13)
    static let magnitude = WordFlags(rawValue: 1 << 14)
    static let currency = WordFlags(rawValue: 1 << 15)
    static let unit = WordFlags(rawValue: 1 << 16)
    static let numberWord = WordFlags(rawValue: 1 << 17)
    static let placePreposition = WordFlags(rawValue: 1 << 18)
    static let datePeriod = WordFlags(rawValue: 1 << 19)
    static let dateRelative = WordFlags(rawValue: 1 << 20)
    static let dateDay = WordFlags(rawValue: 1 << 21)
    static let percentWord = WordFlags(rawValue: 1 << 22)
    static let timeSuffix = WordFlags(rawValue: 1 << 23)
    static let timeZone = WordFlags(rawValue: 1 << 24)
    static let timeWord = WordFlags(rawValue: 1 << 25)
    static let honorific = WordFlags(rawValue: 1 << 26)
    static let personVerb = WordFlags(rawValue: 1 << 27)
    static let dateModifier = WordFlags(rawValue: 1 << 28)
    static let determiner = WordFlags(rawValue: 1 << 29)
    /// A lower-case word or a mark that can stand inside a listed name ("of", "al", "-").
    static let nameWord = WordFlags(rawValue: 1 << 30)
    /// A noun that names a kind of organization before its name ("band", "firm").
    static let orgCue = WordFlags(rawValue: 1 << 31)
}

/// The recognizer's built-in knowledge: names with labels (places, organizations, nationalities,
/// titles) in a `Gazetteer`, and flags for single words (common English words, first names,
/// surnames, month names, units, titles, organization heads…), loaded once from the package's
/// resources (`Resources/Entities`, see SOURCES.md there).
public struct EntityLexicon: Sendable {
    var names = Gazetteer()
    var flags = HashTable64(capacity: 200_000)
    /// The cue words alone: a table small enough to stay in cache, for the lower-case words that are
    /// most of a text (only capitalized words need the big one).
    var cues = HashTable64(capacity: 1024)
    /// The cue words' hashes, which turn away most other words before `cues` is probed: 8 KB.
    var cueFilter = WordFilter(log2Bits: 16)

    /// How many entries (names and flagged words) it holds.
    public var count: Int { names.count + flags.count }

    /// The lexicon of the package's resources, loaded on first use (about 0.1 s in a release build).
    public static let builtin: EntityLexicon = {
        do {
            return try EntityLexicon(folder: resourceFolder)
        } catch {
            preconditionFailure("cannot load the entity lexicon: \(error)")
        }
    }()

    /// The folder of the built-in lists in the package's resource bundle.
    public static var resourceFolder: String {
        guard let folder = Bundle.module.url(forResource: "Resources/Entities", withExtension: nil) else {
            preconditionFailure("TextAnalysis' resource folder Resources/Entities is missing from the bundle")
        }
        return folder.path
    }

    /// An empty lexicon (the cue words only).
    public init() {
        addCues()
    }

    /// Loads the lists in `folder`: known.tsv, places.tsv, first-names.txt, surnames.txt, common-words.txt.
    public init(folder: String) throws {
        for (file, flag) in [
            ("common-words.txt", WordFlags.common), ("first-names.txt", .firstName), ("surnames.txt", .surname),
        ] {
            try ListFile.readFirstColumns(folder + "/" + file) { bytes, word in
                flags.formUnion(WordHash.hashes(bytes, word).folded, flag.rawValue)
            }
        }
        addCues()
        var words: [(exact: UInt64, folded: UInt64)] = []
        try ListFile.read(folder + "/known.tsv") { bytes, columns in
            let tag = ListFile.string(bytes, columns[0])
            guard columns.count >= 2, let label = tag == "IGNORE" ? .ignore : EntityLabel(name: tag) else { return }
            EntityTokens.hashes(bytes, columns[1], into: &words)
            names.insert(
                words, caseSensitive: true,
                entry: Gazetteer.Entry(
                    label: label, canonical: columns.count > 2 ? ListFile.string(bytes, columns[2]) : "",
                    confidence: 0.9))
        }
        try ListFile.read(folder + "/places.tsv") { bytes, columns in
            EntityTokens.hashes(bytes, columns[0], into: &words)
            names.insert(
                words, caseSensitive: true,
                entry: Gazetteer.Entry(
                    label: .loc, canonical: columns.count > 1 ? ListFile.string(bytes, columns[1]) : "",
                    confidence: 0.85), replace: false)
        }
        for title in Self.titles { addName(title, label: .title, canonical: "", confidence: 1) }
    }

    mutating func addName(
        _ name: String, label: EntityLabel, canonical: String, confidence: Double, replace: Bool = true
    ) {
        let words = EntityTokens.hashes(of: name)
        names.insert(
            words, caseSensitive: true,
            entry: Gazetteer.Entry(label: label, canonical: canonical, confidence: confidence), replace: replace)
    }

    mutating func add(_ word: some StringProtocol, _ flag: WordFlags) {
        let key = WordHash.hashes(String(word)).folded
        flags.formUnion(key, flag.rawValue)
    }

    /// The cue flags of a lower-case word or a mark.
    @inline(__always)
    func cueFlags(_ folded: UInt64) -> WordFlags {
        cueFilter.contains(folded) ? WordFlags(rawValue: cues.value(folded) ?? 0) : []
    }

    /// The flags of the word whose folded hash is `folded`.
    @inline(__always)
    func flags(_ folded: UInt64) -> WordFlags { WordFlags(rawValue: flags.value(folded) ?? 0) }

    private mutating func addCues() {
        let cueLists: [(WordFlags, String)] = [
            (
                .orgCue,
                "band firm company group troupe team club outlet newspaper magazine broadcaster network airline carrier retailer startup start-up charity militia publisher label studio channel website app platform automaker carmaker manufacturer insurer lender bank broker chain brand agency union"
            ),
            (
                .nameWord,
                "of the and de del della di da dos das du van von der den bin ibn al el la le y on for in upon am sur , - & ' . ’"
            ),
            (
                .titleCore,
                "President Minister Secretary Chancellor Premier Governor Senator Sen. Rep. Representative Congressman Congresswoman Mayor Judge King Queen Prince Princess Pope Sheikh Emir Sultan General Gen. Lieutenant Lt. Colonel Col. Captain Capt. Admiral Commander Sergeant Sgt. Officer Detective Director Commissioner Ambassador Spokesperson Spokesman Spokeswoman Chairman Chairwoman CEO Professor Prof. Sir Dame Lord Lady Rev. Reverend Bishop Archbishop Cardinal Rabbi Imam Ayatollah Coach Leader Speaker Advisor Adviser Attorney-General Secretary-General President-elect Envoy Chief Marshal Councillor Councilman Councilwoman Superintendent Inspector Constable Ombudsman Treasurer Justice Whip Dr. Dr Mr. Mr Mrs. Mrs Ms. Ms Mx. Saint"
            ),
            (
                .honorific,
                "Dr. Dr Mr. Mr Mrs. Mrs Ms. Ms Mx. Sir Dame Lord Lady Prof. Rev. Sen. Rep. Gov. Gen. Sgt. Lt. Col. Capt."
            ),
            (
                .titleModifier,
                "Vice Prime Deputy Acting Former Foreign Defense Defence Interior Finance Health Home Justice Economy Education Environment Energy Transport Trade Labor Labour Agriculture Culture Sports Treasury Press Chief Senior Executive Assistant Associate State National Security Supreme Crown First Grand Head Police Army Navy Military Opposition Party Premier Federal Interim Presidential Minority Majority Ex-"
            ),
            (
                .role,
                "president minister secretary chancellor premier governor senator mayor judge king queen prince princess pope general colonel captain admiral commander officer detective director commissioner ambassador spokesperson spokesman spokeswoman chairman chairwoman chair ceo founder co-founder executive professor leader speaker advisor adviser envoy chief actor actress singer rapper musician artist teacher author writer novelist poet journalist reporter editor correspondent photographer lawyer attorney prosecutor candidate lawmaker legislator congressman congresswoman mp politician diplomat negotiator official analyst economist scientist researcher astronaut pilot doctor physician surgeon nurse coach player striker midfielder defender goalkeeper forward quarterback pitcher manager boxer wrestler golfer cyclist runner athlete champion driver footballer cricketer tennis bishop archbishop cardinal priest pastor rabbi imam cleric activist campaigner protester podcaster blogger commentator columnist businessman businesswoman billionaire entrepreneur investor owner host presenter comedian director producer filmmaker designer architect engineer student pupil victim suspect defendant witness survivor wife husband son daughter brother sister mother father grandfather grandmother uncle aunt nephew niece cousin partner girlfriend boyfriend fiancé fiancée widow friend colleague rival opponent successor predecessor deputy aide assistant inspector sheriff constable sergeant lieutenant soldier mr mrs ms dr"
            ),
            (
                .orgHead,
                "Inc. Inc Corp. Corp Corporation Co. Company Companies Ltd Ltd. LLC PLC plc AG GmbH SA S.A. NV Group Holdings Industries Technologies Systems Labs Laboratories Pharmaceuticals Motors Airlines Airways Bank Ministry Department Agency Administration Authority Commission Committee Council Court Tribunal Parliament Assembly Senate Congress Cabinet Party Union League Federation Association Society Institute Institution Foundation Fund Trust University College School Academy Hospital Clinic Church Police Army Navy Force Forces Guard Corps Brigade Battalion Regiment Service Services Office Bureau Board Organization Organisation Network News Times Post Press Journal Herald Tribune Gazette Telegraph Guardian Observer Chronicle Radio Television TV Broadcasting Media Studios Records Club FC Team Orchestra Band Movement Front Alliance Coalition Caucus Secretariat Directorate Inspectorate Command Observatory Exchange Partners Capital Ventures Energy Petroleum Oil Gas Electric Telecom Communications Railways Railway Rail Transit Mission Conference Unit Division Squad Initiative Zoo"
            ),
            (
                .orgHeadOf,
                "Ministry Department Bank University College School Academy Institute Church Court Council Commission Committee Office Board Federation Union League Association Society Organization Organisation Bureau Agency Party Museum House Chamber Centers Center Centre Institution Order Sisters Brotherhood"
            ),
            (
                .locHead,
                "Street St Avenue Ave. Road Rd. Boulevard Square Bridge Airport Station Prison Jail Penitentiary River Lake Mountain Mountains Mount Island Islands Isles Sea Ocean Bay Gulf Valley Desert Park Province County Region District City Peninsula Canal Strait Coast Beach Hill Hills Forest Stadium Arena Palace Tower Cathedral Temple Mosque Synagogue Building Port Harbour Harbor Highway Motorway Plaza Glacier Volcano Falls Canyon Reservoir Dam Basin Delta Oblast Prefecture Territory Territories Republic Kingdom Emirate Governorate Municipality Township Village Town Borough Heights Springs Creek Pass Plateau Plain Plains Reef Atoll Lagoon Fjord Cape Peak Range Ridge Square Terminal Memorial Monument Cemetery Mall Complex Headquarters Center Centre Facility Penitentiary Compound Market Estate Village"
            ),
            (.locHeadFirst, "Mount Lake Cape Gulf Isle Bay Port Fort Lake Sea Strait Mt. Mt"),
            (
                .connector,
                "of for and & the dela de del della di da dos das du van von der den bin ibn al el la le y on"
            ),
            (.nameParticle, "dela de del della di da dos das du van von der den bin ibn al el la le y"),
            (
                .month,
                "January February March April May June July August September October November December Jan Jan. Feb Feb. Mar Mar. Apr Apr. Jun Jun. Jul Jul. Aug Aug. Sep Sep. Sept Sept. Oct Oct. Nov Nov. Dec Dec."
            ),
            (.weekday, "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"),
            (.magnitude, "million billion trillion thousand hundred m bn mn tn k"),
            (
                .currency,
                "dollar dollars euro euros pound pounds sterling yuan renminbi yen rupee rupees rouble roubles ruble rubles franc francs peso pesos won hryvnia hryvnias real reais rand shekel shekels dinar dinars riyal riyals rial rials dirham dirhams lira liras krona kronor krone kroner zloty zlotys baht ringgit rupiah naira shilling shillings cedi USD EUR GBP JPY CNY AUD CAD CHF bitcoin bitcoins cents cent pence"
            ),
            (
                .unit,
                "km kilometre kilometres kilometer kilometers mile miles mi metre metres meter meters m cm centimetre centimetres centimeters mm millimetres millimeters foot feet ft inch inches yard yards kg kilogram kilograms kilo kilos gram grams g tonne tonnes ton tons lb lbs ounce ounces oz litre litres liter liters gallon gallons barrel barrels acre acres hectare hectares degree degrees °C °F mph km/h kph knots MW GW kW kWh megawatt megawatts gigawatt gigawatts watts volts calories square cubic nautical light-years kilometres-long"
            ),
            (
                .numberWord,
                "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred a an several few dozens hundreds thousands millions billions half"
            ),
            (.placePreposition, "in at from near to across outside inside into throughout toward towards via"),
            (
                .datePeriod,
                "week weeks weekend month months year years decade decades century centuries day days morning evening spring summer autumn fall winter quarter season semester"
            ),
            (.dateRelative, "last next this past coming previous following same that"),
            (.dateDay, "yesterday today tomorrow"),
            (.dateModifier, "early late mid earlier later end beginning start middle"),
            (.percentWord, "percent per cent %"),
            (.timeSuffix, "a.m. p.m. am pm a.m p.m AM PM"),
            (.timeZone, "UTC GMT EST EDT CST CDT MST MDT PST PDT CET CEST BST IST JST AEST AEDT MSK local time"),
            (.timeWord, "noon midnight midday"),
            (
                .personVerb,
                "said says told added asked wrote argued stated explained noted claimed announced tweeted posted replied insisted warned according"
            ),
            (.determiner, "the a an this that these those his her their its our my your"),
        ]
        for (flag, words) in cueLists {
            for word in words.split(separator: " ") {
                add(word, flag)
                let key = WordHash.hashes(String(word)).folded
                cues.formUnion(key, flag.rawValue)
                cueFilter.insert(key)
            }
        }
    }

    /// Multi-word titles and roles, matched as names: the name after one is a person's.
    static let titles = [
        "Secretary of State", "Secretary of Defense", "Secretary-General", "Secretary General", "Prime Minister",
        "Foreign Minister", "Foreign Secretary", "Home Secretary", "Defense Secretary", "Defence Secretary",
        "Attorney General", "National Security Advisor", "National Security Adviser", "Crown Prince",
        "Vice President", "Chief Executive", "Chief Executive Officer", "Supreme Leader", "First Lady",
        "Press Secretary", "Chief of Staff", "Speaker of the House", "Minister of Foreign Affairs",
        "Minister of Defence", "Minister of Defense", "Minister of Health", "Deputy Prime Minister",
        "Chief Justice", "Justice Minister", "Health Minister", "Finance Minister", "Defence Minister",
        "Defense Minister", "Interior Minister", "President-elect", "Governor-General", "Governor General",
        "Lieutenant Governor", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.",
    ]
}
