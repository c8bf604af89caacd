#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The files a `files` reader's `paths:` matched, in reading order, in a few bytes each.
///
/// Every file is listed before the first is read (sorted, and summed for the progress bar), so a corpus of a
/// million files is a million names held for the whole run, and the list must not grow the run's memory. Sorted
/// names share most of their bytes with the name before (`doc-000123.txt`, `doc-000124.txt`), so each name is
/// kept as what differs: how many leading and trailing bytes it shares with the previous one, and the bytes in
/// between (front and back coding), about 4 bytes a file for numbered names where a table of names took 30.
/// Only the total size is kept: a file's own size is read again when it is opened.
///
/// - Complexity: iterating decodes each name once; `subscript` decodes up to `restartInterval` names, since
///   every `restartInterval`-th name is kept whole.
struct FileList: RandomAccessCollection, Sendable {
    /// Consecutive files that share a root and a folder.
    private struct Run: Sendable {
        /// The index of the run's first file in the list.
        var first: Int
        var root: String
        var rootIsPath: Bool
        /// The folder the names are in, relative to the root ("" for the root itself).
        var folder: String
    }

    private static let restartInterval = 64

    private var runs: [Run] = []
    /// Every name, coded against the one before: three variable-length integers (the bytes shared at the start,
    /// the bytes shared at the end, the count of new bytes), then the new bytes.
    private var coded: [UInt8] = []
    /// Where every `restartInterval`-th name starts in `coded`: names coded whole, where decoding can begin.
    private var restarts: [Int] = []
    /// The name added last, which the next one is coded against.
    private var lastName: [UInt8] = []
    /// The bytes of every file together: `append(_:size:)` counts its file, the other appends leave the count to
    /// their caller.
    var totalSize = 0

    var startIndex: Int { 0 }
    private(set) var endIndex = 0

    subscript(position: Int) -> MatchedFile {
        precondition(indices.contains(position), "FileList index out of range")
        let restart = position / Self.restartInterval
        var cursor = Cursor(offset: restarts[restart])
        for _ in restart * Self.restartInterval..<position { cursor.skip(coded) }
        return file(cursor.decode(coded), run: runs[runIndex(of: position)])
    }

    func makeIterator() -> Iterator { Iterator(list: self) }

    /// Decodes the names in order, each from the one before.
    struct Iterator: IteratorProtocol {
        fileprivate let list: FileList
        private var index = 0
        private var run = 0
        private var cursor = Cursor(offset: 0)

        fileprivate init(list: FileList) { self.list = list }

        mutating func next() -> MatchedFile? {
            guard index < list.endIndex else { return nil }
            while run + 1 < list.runs.count, list.runs[run + 1].first <= index { run += 1 }
            index += 1
            return list.file(cursor.decode(list.coded), run: list.runs[run])
        }
    }

    /// Adds `file`, of `size` bytes, at the end.
    mutating func append(_ file: MatchedFile, size: Int) {
        startRun(root: file.root, rootIsPath: file.rootIsPath, folder: "")
        var id = file.id
        id.withUTF8 { appendName($0) }
        totalSize += size
    }

    /// Adds the names `sorted` of a sorted table, files in `folder` below `root`.
    mutating func append(root: String, folder: String, names: NameTable, sorted: Range<Int>) {
        guard !sorted.isEmpty else { return }
        startRun(root: root, rootIsPath: false, folder: folder)
        for index in sorted { names.withName(index) { appendName($0) } }
    }

    /// Starts a run for the files that come next, unless the last run is theirs.
    private mutating func startRun(root: String, rootIsPath: Bool, folder: String) {
        if let last = runs.last, last.root == root, last.rootIsPath == rootIsPath, last.folder == folder { return }
        runs.append(Run(first: endIndex, root: root, rootIsPath: rootIsPath, folder: folder))
    }

    private mutating func appendName(_ name: UnsafeBufferPointer<UInt8>) {
        var prefix = 0
        var suffix = 0
        if endIndex % Self.restartInterval == 0 {
            restarts.append(coded.count)
        } else {
            let shortest = Swift.min(lastName.count, name.count)
            while prefix < shortest, lastName[prefix] == name[prefix] { prefix += 1 }
            while suffix < shortest - prefix, lastName[lastName.count - 1 - suffix] == name[name.count - 1 - suffix] {
                suffix += 1
            }
        }
        let middle = UnsafeBufferPointer(rebasing: name[prefix..<(name.count - suffix)])
        Self.putNumber(prefix, into: &coded)
        Self.putNumber(suffix, into: &coded)
        Self.putNumber(middle.count, into: &coded)
        coded.append(contentsOf: middle)
        lastName.removeAll(keepingCapacity: true)
        lastName.append(contentsOf: name)
        endIndex += 1
    }

    /// Appends `number` seven bits a byte, low bits first, the high bit set on every byte but the last.
    private static func putNumber(_ number: Int, into bytes: inout [UInt8]) {
        var rest = UInt(number)
        while rest >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// A position in `coded` and the name decoded last.
    private struct Cursor {
        var offset: Int
        var name: [UInt8] = []

        /// The next name.
        mutating func decode(_ coded: [UInt8]) -> [UInt8] {
            skip(coded)
            return name
        }

        /// Decodes the next name without returning it.
        mutating func skip(_ coded: [UInt8]) {
            let prefix = number(coded)
            let suffix = number(coded)
            let middle = number(coded)
            name.replaceSubrange(prefix..<(name.count - suffix), with: coded[offset..<(offset + middle)])
            offset += middle
        }

        private mutating func number(_ coded: [UInt8]) -> Int {
            var value = 0
            var shift = 0
            while true {
                let byte = coded[offset]
                offset += 1
                value |= Int(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
        }
    }

    private func file(_ name: [UInt8], run: Run) -> MatchedFile {
        let name = String(decoding: name, as: UTF8.self)
        return MatchedFile(
            root: run.root, rootIsPath: run.rootIsPath, id: run.folder.isEmpty ? name : run.folder + "/" + name)
    }

    /// The run the file at `position` belongs to: the last that starts at or before it.
    private func runIndex(of position: Int) -> Int {
        var low = 0
        var high = runs.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if runs[middle].first <= position { low = middle } else { high = middle - 1 }
        }
        return low
    }
}

/// The names of one folder's files in one byte buffer, to sort them: the walk's scratch, dropped once the
/// folder's files are in the `FileList`.
///
/// A folder can hold hundreds of thousands of files, so a name is its bytes and a 0 byte, found by a 32-bit
/// offset: 5 bytes besides the name, where a `String` each took 16 and more.
struct NameTable {
    private var bytes: [UInt8] = []
    /// Where each name starts in `bytes`, in the order added until `sort()`.
    private var starts: [UInt32] = []

    var count: Int { starts.count }

    /// Adds `name`, which holds no 0 byte (no file name does).
    mutating func append(_ name: String) {
        // A folder's names past 4 GB would need 16 million names of 255 bytes: past any file system's folder.
        starts.append(UInt32(bytes.count))
        bytes.append(contentsOf: name.utf8)
        bytes.append(0)
    }

    /// Lends the bytes of name `index`, without its 0.
    func withName<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        bytes.withUnsafeBufferPointer { buffer in
            let start = buffer.baseAddress! + Int(starts[index])
            return body(UnsafeBufferPointer(start: start, count: strlen(start)))
        }
    }

    /// Whether name `index` sorts before `prefix`, a folder's name and `/`: before the paths of the files in it.
    func precedes(_ index: Int, folder prefix: [UInt8]) -> Bool {
        withName(index) { name in
            let order = memcmp(name.baseAddress!, prefix, min(name.count, prefix.count))
            return order == 0 ? name.count < prefix.count : order < 0
        }
    }

    /// Sorts the names by their bytes. The names stay where they are and the sort moves offsets: sorting
    /// Strings by their UTF-8 views took longer than reading and stat'ing a folder of 100,000 files.
    mutating func sort() {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            // strcmp compares bytes as unsigned, which is the byte order of the paths.
            starts.sort { strcmp(base + Int($0), base + Int($1)) < 0 }
        }
    }
}
