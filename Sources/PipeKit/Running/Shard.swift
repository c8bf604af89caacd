/// One of N shards of a corpus, chosen by a stable hash of each document id, so that N `pipe`
/// processes on N machines split a corpus without talking to each other.
public struct Shard: Sendable, Equatable {
    /// 0-based, below `count`.
    public var index: Int
    /// How many shards there are (N).
    public var count: Int

    /// Shard `index` of `count`; `nil` unless 0 ≤ index < count.
    public init?(index: Int, count: Int) {
        guard count >= 1, index >= 0, index < count else { return nil }
        self.index = index
        self.count = count
    }

    /// Parses `I/N` as given to `--shard`.
    public init?(_ text: String) {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
        self.init(index: index, count: count)
    }

    /// Whether the document with this id belongs to the shard.
    public func contains(_ id: String) -> Bool {
        Int(Self.hash(id) % UInt64(count)) == index
    }

    /// FNV-1a over the id's UTF-8 bytes: the same on every machine and every run, unlike `Hasher`.
    public static func hash(_ id: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }
}
