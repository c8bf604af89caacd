internal import Foundation

/// Normalizes text for matching — Unicode NFC, `\r\n` to `\n`, runs of spaces and tabs (and
/// no-break or other Unicode spaces) to one space, at most one blank line — and keeps a map back
/// to the original offsets, so that spans found in the normalized text point into the text the
/// user gave.
public struct NormalizedText: Sendable {
    public let text: String
    /// Points where the two texts' offsets are known to meet: (normalized, original), increasing.
    private let anchors: [(normalized: Int, original: Int)]

    fileprivate init(text: String, anchors: [(normalized: Int, original: Int)]) {
        self.text = text
        self.anchors = anchors
    }

    /// The original byte offset of a byte offset into the normalized text.
    ///
    /// - Complexity: O(log n) in the number of edits.
    public func originalOffset(_ offset: Int) -> Int {
        var low = 0
        var high = anchors.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if anchors[middle].normalized <= offset { low = middle } else { high = middle - 1 }
        }
        let anchor = anchors[low]
        let next = low + 1 < anchors.count ? anchors[low + 1] : nil
        let mapped = anchor.original + (offset - anchor.normalized)
        // Inside an edited stretch (a recomposed character), clamp to its original end.
        if let next, mapped > next.original { return next.original }
        return mapped
    }
}

public enum Normalizer {
    /// - Complexity: O(n); each non-ASCII character is composed on its own.
    public static func normalize(_ text: String) -> NormalizedText {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count)
        var anchors: [(normalized: Int, original: Int)] = [(0, 0)]
        var original = 0
        var pendingSpace = false
        var newlines = 0
        for character in text {
            let bytes = Array(String(character).utf8)
            let next = original + bytes.count
            defer { original = next }
            if character.isNewline {
                pendingSpace = false
                newlines += 1
                if newlines <= 2 { output.append(0x0A) }
                anchors.append((output.count, next))
            } else if character.isWhitespace {
                pendingSpace = newlines == 0 && !output.isEmpty
            } else {
                if pendingSpace {
                    output.append(0x20)
                    anchors.append((output.count, original))
                    pendingSpace = false
                }
                newlines = 0
                if bytes.count == 1 {
                    output.append(bytes[0])
                } else {
                    let composed = Array(String(character).precomposedStringWithCanonicalMapping.utf8)
                    output.append(contentsOf: composed)
                    if composed != bytes { anchors.append((output.count, next)) }
                }
            }
        }
        return NormalizedText(text: String(decoding: output, as: UTF8.self), anchors: anchors)
    }
}
