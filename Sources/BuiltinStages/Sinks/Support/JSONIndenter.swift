/// Re-indents compact JSON (as `JSONWriter` writes it) with two spaces a level, one member a line.
///
/// Working on the compact bytes keeps one encoder for every JSON export: `pretty` is a layout, not a
/// second way of writing documents. Empty objects and arrays stay `{}` and `[]`.
///
/// - Complexity: O(n), one pass over the bytes.
enum JSONIndenter {
    /// Appends the indented form of `json` to `out`, as if it stood `depth` levels deep.
    static func indent(_ json: [UInt8], depth: Int, into out: inout [UInt8]) {
        out.reserveCapacity(out.count + json.count + json.count / 4)
        out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
        var level = depth
        func newline(_ level: Int) {
            out.append(UInt8(ascii: "\n"))
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
        }
        json.withUnsafeBufferPointer { json in
            var index = 0
            while index < json.count {
                let byte = json[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    // Copy the whole string at once: it ends at the first quote not escaped by a backslash.
                    let start = index - 1
                    while index < json.count, json[index] != UInt8(ascii: "\"") {
                        index += json[index] == UInt8(ascii: "\\") ? 2 : 1
                    }
                    index = min(index + 1, json.count)
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: json[start..<index]))
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    out.append(byte)
                    let closing = byte == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                    if index < json.count, json[index] == closing {
                        out.append(closing)
                        index += 1
                    } else {
                        level += 1
                        newline(level)
                    }
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    level -= 1
                    newline(level)
                    out.append(byte)
                case UInt8(ascii: ","):
                    out.append(byte)
                    newline(level)
                case UInt8(ascii: ":"):
                    out.append(byte)
                    out.append(UInt8(ascii: " "))
                default:
                    out.append(byte)
                }
            }
        }
    }
}
