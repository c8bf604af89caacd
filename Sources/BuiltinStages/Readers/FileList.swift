#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The files a `files` reader's `paths:` matched, in reading order, kept compactly.
///
/// Every file is listed before the first is read (sorted, and summed for the progress bar), so a corpus
/// of a million files is a million entries held for the whole run. The list keeps the tables the walk
/// sorted each folder's entries in (`NameTable`: names in one byte buffer, 16 bytes of integers a name)
/// and refers to runs of them, without copying a name: about 30 bytes a file, where an array of
/// `MatchedFile` took 48 and a `String` for each id longer than 15 bytes. A `MatchedFile` is made when
/// one is read.
struct FileList: RandomAccessCollection, Sendable {
    /// Consecutive files that share a root and a folder and sit side by side in one table.
    private struct Run: Sendable {
        /// The index of the run's first file in the list.
        var first: Int
        var root: String
        var rootIsPath: Bool
        /// The folder the names are in, relative to the root ("" for the root itself).
        var folder: String
        var names: NameTable
        var entries: Range<Int>
    }

    private var runs: [Run] = []
    /// The bytes of every file together.
    private(set) var totalSize = 0

    var startIndex: Int { 0 }
    private(set) var endIndex = 0

    subscript(position: Int) -> MatchedFile {
        let run = runs[runIndex(of: position)]
        let entry = run.names.entries[run.entries.lowerBound + position - run.first]
        let name = run.names.name(entry)
        let id = run.folder.isEmpty ? name : run.folder + "/" + name
        return MatchedFile(root: run.root, rootIsPath: run.rootIsPath, id: id, size: entry.value)
    }

    /// Adds `file` at the end.
    mutating func append(_ file: MatchedFile) {
        if var last = runs.popLast() {
            // A run of single files owns the end of its table, and grows it.
            if last.root == file.root, last.rootIsPath == file.rootIsPath, last.folder.isEmpty,
                last.entries.upperBound == last.names.entries.count
            {
                last.names.append(file.id, value: file.size)
                last.entries = last.entries.lowerBound..<last.names.entries.count
                runs.append(last)
                count(file.size)
                return
            }
            runs.append(last)
        }
        var names = NameTable()
        names.append(file.id, value: file.size)
        runs.append(
            Run(first: endIndex, root: file.root, rootIsPath: file.rootIsPath, folder: "", names: names, entries: 0..<1)
        )
        count(file.size)
    }

    /// Adds the files `entries` of `names` (their values are sizes), in `folder` below `root`.
    mutating func append(root: String, folder: String, names: NameTable, entries: Range<Int>) {
        guard !entries.isEmpty else { return }
        runs.append(
            Run(first: endIndex, root: root, rootIsPath: false, folder: folder, names: names, entries: entries))
        endIndex += entries.count - 1
        count(0)
        for index in entries { totalSize += names.entries[index].value }
    }

    private mutating func count(_ size: Int) {
        endIndex += 1
        totalSize += size
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

/// Names in one byte buffer, each with an integer: the entries of a folder as the walk lists and sorts them.
///
/// A folder can hold hundreds of thousands of files, so an entry is two 32-bit integers into the buffer and a
/// value (a file's size); a `String` and a record each would be three to four times the size.
struct NameTable: Sendable {
    struct Entry: Sendable {
        var start: UInt32
        var count: UInt32
        var value: Int
    }

    private(set) var bytes: [UInt8] = []
    private(set) var entries: [Entry] = []

    /// Adds `name` (its UTF-8, then `suffix` when given) with `value`.
    mutating func append(_ name: String, suffix: UInt8? = nil, value: Int) {
        let start = bytes.count
        bytes.append(contentsOf: name.utf8)
        if let suffix { bytes.append(suffix) }
        // A folder's names past 4 GB would need 16 million names of 255 bytes: past any file system's folder.
        entries.append(Entry(start: UInt32(start), count: UInt32(bytes.count - start), value: value))
    }

    /// An entry's name, without its last `dropping` bytes.
    func name(_ entry: Entry, dropping: Int = 0) -> String {
        let start = Int(entry.start)
        return String(decoding: bytes[start..<start + Int(entry.count) - dropping], as: UTF8.self)
    }

    /// An entry's last byte.
    func lastByte(_ entry: Entry) -> UInt8 { bytes[Int(entry.start) + Int(entry.count) - 1] }

    /// Sorts the entries by their names' bytes. The names stay where they are and the sort moves integers:
    /// sorting Strings by their UTF-8 views took longer than reading and stat'ing a folder of 100,000 files.
    mutating func sortByName() {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            entries.sort { first, second in
                let order = memcmp(
                    base + Int(first.start), base + Int(second.start), Int(Swift.min(first.count, second.count)))
                return order == 0 ? first.count < second.count : order < 0
            }
        }
    }
}
