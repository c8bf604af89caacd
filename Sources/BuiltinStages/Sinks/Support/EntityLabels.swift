/// The order and colours in which reports show entity labels.
///
/// The labels of DESIGN.md come first, in its order, each with a colour of its own; any other label a
/// custom stage invents follows alphabetically, with a colour derived from its name, so the same
/// label is the same colour in every report.
enum EntityLabels {
    /// The standard labels, in report order, with a strong colour (chips, bars) and a tint (highlights).
    static let standard: [(label: String, solid: String, tint: String)] = [
        ("PERSON", "#d97706", "#fde7b0"),
        ("ORG", "#2563eb", "#d6e4ff"),
        ("LOC", "#059669", "#c9f2e1"),
        ("NORP", "#7c3aed", "#e8dcff"),
        ("DATE", "#db2777", "#fdd9ea"),
        ("TIME", "#e11d48", "#ffdde3"),
        ("MONEY", "#65a30d", "#e2f5c4"),
        ("PERCENT", "#0891b2", "#cdf1f8"),
        ("QUANTITY", "#ea580c", "#ffe1cc"),
        ("EMAIL", "#475569", "#e2e8f0"),
        ("URL", "#0284c7", "#d4ecfb"),
    ]

    /// `labels` without repeats, standard labels first in their order, then the rest sorted.
    static func ordered(_ labels: some Sequence<String>) -> [String] {
        let present = Set(labels)
        let known = standard.map(\.label).filter(present.contains)
        return known + present.subtracting(known).sorted()
    }

    /// The label's strong colour and tint, as CSS colours.
    static func colours(_ label: String) -> (solid: String, tint: String) {
        if let known = standard.first(where: { $0.label == label }) { return (known.solid, known.tint) }
        // FNV-1a of the name picks a hue, so an unknown label keeps its colour from run to run.
        var hash: UInt32 = 2_166_136_261
        for byte in label.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let hue = hash % 360
        return ("hsl(\(hue) 65% 40%)", "hsl(\(hue) 80% 90%)")
    }

    /// A CSS class for the label: `l-` and the label with anything but ASCII letters, digits, `-` and
    /// `_` replaced by `_`, so a label can never break out of the attribute or the style sheet.
    static func cssClass(_ label: String) -> String {
        var name: [UInt8] = Array("l-".utf8)
        name.reserveCapacity(label.utf8.count + 2)
        // Continuation bytes are skipped, so a scalar outside ASCII becomes one `_`.
        for byte in label.utf8 where byte & 0xC0 != 0x80 {
            let safe =
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-")
            name.append(safe ? byte : UInt8(ascii: "_"))
        }
        return String(decoding: name, as: UTF8.self)
    }
}
